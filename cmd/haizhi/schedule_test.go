package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/schedule"
	"github.com/haizhi-dev/haizhi/internal/schedule/scheduletest"
)

// runScheduleCLI runs `haizhi schedule` in-process on the event text and returns the
// exit code, standard output and standard error.
func runScheduleCLI(t *testing.T, event string, args ...string) (int, string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(path, []byte(event), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), append([]string{"schedule", "--in", path}, args...), &stdout, &stderr, func(string) string { return "" })
	return code, stdout.String(), stderr.String()
}

// One table: m1 (priority 2) takes 09:00, m2 is fixed at 09:20, so m3 has no table.
const scheduleEvent = `{"slots": ["09:00", "09:20"], "tables": 1,
 "participants": [{"id": "p1", "available": ["09:00", "09:20"]}, {"id": "p2", "available": ["09:00", "09:20"]},
                  {"id": "p3", "available": ["09:00", "09:20"]}],
 "meetings": [{"id": "m1", "a": "p1", "b": "p2", "priority": 2}, {"id": "m2", "a": "p1", "b": "p3", "priority": 1},
              {"id": "m3", "a": "p2", "b": "p3"}],
 "fixed": [{"meeting": "m2", "slot": "09:20", "table": 1}]}`

func TestScheduleCLI(t *testing.T) {
	code, out, errOut := runScheduleCLI(t, scheduleEvent)
	want := `{"scheduled":[{"meeting":"m1","slot":"09:00","table":1},{"meeting":"m2","slot":"09:20","table":1}],` +
		`"unscheduled":[{"meeting":"m3","reason":"Every table is taken in the slots p2 and p3 share (09:00, 09:20).","code":"tables_full"}],` +
		`"upper_bound":2,"total_priority":3}` + "\n"
	if code != 0 || out != want || errOut != "" {
		t.Fatalf("exit %d\nstdout %s\nwant   %s\nstderr %s", code, out, want, errOut)
	}

	// --out FILE writes the same to the file and nothing to stdout.
	outPath := filepath.Join(t.TempDir(), "timetable.json")
	code, out, _ = runScheduleCLI(t, scheduleEvent, "--out", outPath)
	got, err := os.ReadFile(outPath)
	if code != 0 || out != "" || err != nil || string(got) != want {
		t.Fatalf("--out: exit %d, stdout %q, file %s (%v)", code, out, got, err)
	}

	// Nothing to place: empty lists, not null.
	code, out, _ = runScheduleCLI(t, `{"slots": [], "tables": 0}`)
	if code != 0 || out != `{"scheduled":[],"unscheduled":[],"upper_bound":0,"total_priority":0}`+"\n" {
		t.Fatalf("empty event: exit %d, %s", code, out)
	}

	// A meeting with someone who is not a participant is left out, not refused.
	code, out, _ = runScheduleCLI(t, `{"slots": ["09:00"], "tables": 1, "participants": [{"id": "p1", "available": ["09:00"]}],
		"meetings": [{"id": "m1", "a": "p1", "b": "p2"}]}`)
	if code != 0 || !strings.Contains(out, `"code":"unknown_participant"`) {
		t.Fatalf("unknown participant: exit %d, %s", code, out)
	}
}

// Bad input exits 1 with one line naming the field.
func TestScheduleCLIBadInput(t *testing.T) {
	ok := `"participants": [{"id": "p1", "available": ["09:00"]}, {"id": "p2", "available": ["09:00"]}],
		"meetings": [{"id": "m1", "a": "p1", "b": "p2"}]`
	cases := []struct {
		name, event, want string
	}{
		{"malformed", `{"slots": ["09:00"],` + "\n" + `"tables": 3,}`, "line 2, column 13: invalid character '}'"},
		{"wrong type", `{"slots": ["09:00"], "tables": "60"}`, "tables: want int, got string"},
		{"unknown field", `{"slots": ["09:00"], "tables": 1, "rooms": 2}`, `unknown field "rooms"`},
		{"unknown nested field", `{"slots": ["09:00"], "tables": 1, "meetings": [{"id": "m1", "a": "p1", "b": "p2", "weight": 2}]}`, `unknown field "weight"`},
		{"missing slots", `{"tables": 1}`, "slots: missing"},
		{"missing tables", `{"slots": ["09:00"]}`, "tables: missing"},
		{"missing available", `{"slots": ["09:00"], "tables": 1, "participants": [{"id": "p1"}]}`, "participants[0].available: missing"},
		{"unknown slot", `{"slots": ["09:00"], "tables": 1, "participants": [{"id": "p1", "available": ["09:00", "09:40"]}]}`,
			`participants[0].available[1]: unknown slot "09:40"`},
		{"duplicate slot", `{"slots": ["09:00", "09:00"], "tables": 1}`, `slots[1]: duplicate slot "09:00"`},
		{"negative tables", `{"slots": ["09:00"], "tables": -2}`, "tables: -2 is negative"},
		{"booth 0", `{"slots": ["09:00"], "tables": 1, "participants": [{"id": "p1", "available": [], "booth": 0}]}`,
			"participants[0].booth: table 0 is not among the tables 1 … 1"},
		{"priority 0", `{"slots": ["09:00"], "tables": 1, ` + strings.Replace(ok, `"b": "p2"`, `"b": "p2", "priority": 0`, 1) + `}`,
			"meetings[0].priority: 0 is not between 1 and 1000000"},
		{"self meeting", `{"slots": ["09:00"], "tables": 1, ` + strings.Replace(ok, `"b": "p2"`, `"b": "p1"`, 1) + `}`,
			`meetings[0].b: "p1" is also side a`},
		{"missing fixed table", `{"slots": ["09:00"], "tables": 1, ` + ok + `, "fixed": [{"meeting": "m1", "slot": "09:00"}]}`,
			"fixed[0].table: missing"},
		{"fixed unknown slot", `{"slots": ["09:00"], "tables": 1, ` + ok + `, "fixed": [{"meeting": "m1", "slot": "10:00", "table": 1}]}`,
			`fixed[0].slot: unknown slot "10:00"`},
		{"fixed table out of range", `{"slots": ["09:00"], "tables": 1, ` + ok + `, "fixed": [{"meeting": "m1", "slot": "09:00", "table": 2}]}`,
			"fixed[0].table: table 2 is not among the tables 1 … 1"},
		{"trailing data", `{"slots": [], "tables": 1} {}`, "unexpected data after the event"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runScheduleCLI(t, c.event)
			if code != 1 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) ||
				!strings.HasPrefix(errOut, "haizhi schedule: --in ") {
				t.Fatalf("exit %d, stdout %q, stderr %q, want %q", code, out, errOut, c.want)
			}
		})
	}
}

func TestScheduleCLIUsage(t *testing.T) {
	for _, help := range []string{"--help", "-h"} {
		code, out := run(t, nil, "schedule", help)
		if code != 0 || !strings.Contains(out, "Usage: haizhi schedule --in FILE") {
			t.Fatalf("exit %d\n%s", code, out)
		}
		for _, w := range []string{"-in", "-out", "-seed", "-iterations", "-time-limit", `"upper_bound"`, `"available"`, "booth"} {
			if !strings.Contains(out, w) {
				t.Errorf("help lacks %q", w)
			}
		}
	}
	if code, out := run(t, nil, "schedule"); code != 2 || !strings.Contains(out, "--in FILE is required") {
		t.Fatalf("no --in: exit %d\n%s", code, out)
	}
	if code, out := run(t, nil, "schedule", "--in", "x.json", "extra"); code != 2 || !strings.Contains(out, `unexpected argument "extra"`) {
		t.Fatalf("extra argument: exit %d\n%s", code, out)
	}
	if code, out := run(t, nil, "schedule", "--in", "x.json", "--iterations", "0"); code != 2 || !strings.Contains(out, "want at least 1") {
		t.Fatalf("--iterations 0: exit %d\n%s", code, out)
	}
	if code, out := run(t, nil, "schedule", "--in", filepath.Join(t.TempDir(), "none.json")); code != 1 || !strings.Contains(out, "no such file") {
		t.Fatalf("missing file: exit %d\n%s", code, out)
	}
	if code, out := run(t, nil, "--help"); code != 0 || !strings.Contains(out, "\n  schedule ") {
		t.Fatalf("overview lacks schedule: exit %d\n%s", code, out)
	}
}

// A generated event round-trips through the file format: the CLI's timetable is the
// library's for the same seed.
func TestScheduleCLIMatchesLibrary(t *testing.T) {
	ev := scheduletest.Realistic(2, 60, 200, 8, 6)
	ev.Participants[0].Booth = 1
	first, err := schedule.Schedule(ev)
	if err != nil {
		t.Fatal(err)
	}
	ev.Fixed = first.Scheduled[len(first.Scheduled)/2:][:3]
	var b strings.Builder
	if err := scheduletest.WriteJSON(&b, ev); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runScheduleCLI(t, b.String(), "--seed", "7")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got timetableFile
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	ev.Seed = 7
	res, err := schedule.Schedule(ev)
	if err != nil {
		t.Fatal(err)
	}
	if err := scheduletest.Check(ev, res); err != nil {
		t.Fatal(err)
	}
	if got.UpperBound != res.UpperBound || got.TotalPriority != res.TotalPriority || len(got.Unscheduled) != len(res.Unscheduled) {
		t.Fatalf("CLI bound %d priority %d, %d left out; library %d, %d, %d", got.UpperBound, got.TotalPriority,
			len(got.Unscheduled), res.UpperBound, res.TotalPriority, len(res.Unscheduled))
	}
	for i, p := range res.Scheduled {
		if !reflect.DeepEqual(got.Scheduled[i], placementJSON(p)) {
			t.Fatalf("placement %d: CLI %v, library %v", i, got.Scheduled[i], p)
		}
	}
}
