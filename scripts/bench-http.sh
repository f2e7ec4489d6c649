#!/usr/bin/env bash
# scripts/bench-http.sh — measure Haizhi over HTTP on this machine: the cold start of
# `serve` on an existing database, then requests per second and latency with wrk for the
# portal home (a guest) and an operator's home (signed in).
#
#   scripts/bench-http.sh                 # SQLite, in a temporary data directory
#   scripts/bench-http.sh postgres://…    # PostgreSQL (the database is emptied first)
#
# Needs wrk and curl (Debian packages wrk, curl). Environment: DURATION (default 10s),
# CONNECTIONS (32), THREADS (2), PORT (18090). Prints one block of figures per page.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DSN=${1:-}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18090}
ADDR=127.0.0.1:$PORT
URL=http://$ADDR

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d)
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/haizhi" ./cmd/haizhi
export HAIZHI_DATA_DIR=$work/data
if [[ -n $DSN ]]; then
  export HAIZHI_DATABASE_URL=$DSN
  psql "$DSN" -q -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null
fi

wait_ready() {
  for _ in $(seq 1 400); do
    curl -fs "$URL/readyz" >/dev/null 2>&1 && return 0
    sleep 0.005
  done
  echo "server did not become ready; its log:" >&2
  cat "$work/log" >&2
  exit 1
}

# Load the demo once, then stop it: the measured server starts on an existing database.
"$work/haizhi" demo --addr "$ADDR" >"$work/log" 2>&1 &
pid=$!
wait_ready
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

t0=$(date +%s.%N)
"$work/haizhi" serve --addr "$ADDR" --public-url "$URL" >"$work/log" 2>&1 &
pid=$!
wait_ready
t1=$(date +%s.%N)
if [[ -n $DSN ]]; then echo "database: postgres"; else echo "database: sqlite"; fi
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "cold start of serve to /readyz: %.0f ms\n", (b - a) * 1000 }'

curl -fs -c "$work/jar" -o /dev/null -H "Origin: $URL" \
  --data-urlencode "email=operator@demo.haizhi.org" --data-urlencode "password=haizhi-demo-2026" "$URL/login"
cookie=$(awk '$6 == "haizhi_session" { print $6 "=" $7 }' "$work/jar")
[[ -n $cookie ]] || { echo "could not sign in as the demo operator" >&2; exit 1; }

run() {
  local name=$1 path=$2
  shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$@" "$URL$path" >/dev/null # warm up
  echo
  echo "== $name ($path), wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$URL$path" |
    grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors'
}
run "portal home, guest" /
run "home, signed-in operator" /home -H "Cookie: $cookie"
