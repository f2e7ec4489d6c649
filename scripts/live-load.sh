#!/usr/bin/env bash
# The live final's load script (issue 4): ten rooms of seven judges score on one node
# while CLIENTS scoreboard clients (default 2000) hold Server-Sent Event streams open.
# It prints p50/p90/p99/max of the time from a judge's submit to the scoreboard update
# and fails when p99 is over one second. Takes about a minute.
#
#   scripts/live-load.sh          # 2,000 clients
#   CLIENTS=500 scripts/live-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
HAIZHI_LIVE_LOAD="${CLIENTS:-2000}" go test ./internal/web/ -run '^TestLiveFinalLoad$' -count=1 -v -timeout 15m | grep -E 'live_load|^(--- |ok|FAIL|PASS)'
