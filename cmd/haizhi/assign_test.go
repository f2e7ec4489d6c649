package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/assign"
	"github.com/haizhi-dev/haizhi/internal/assign/assigntest"
)

// runAssignCLI runs `haizhi assign` in-process on the instance text and returns the exit
// code, standard output and standard error.
func runAssignCLI(t *testing.T, instance string, args ...string) (int, string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "instance.json")
	if err := os.WriteFile(path, []byte(instance), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), append([]string{"assign", "--in", path}, args...), &stdout, &stderr, func(string) string { return "" })
	return code, stdout.String(), stderr.String()
}

const assignInstance = `{"entries":   [{"id": "e1", "judges_required": 2}, {"id": "e2", "judges_required": 1}],
 "judges":    [{"id": "j1", "min_load": 0, "max_load": 2}, {"id": "j2", "min_load": 0, "max_load": 1},
               {"id": "j3", "min_load": 1, "max_load": 1}],
 "affinity":  [{"entry": "e1", "judge": "j1", "score": 0.83}, {"entry": "e2", "judge": "j2", "score": 0.5},
               {"entry": "e1", "judge": "j2", "score": 0.25}],
 "conflicts": [{"entry": "e2", "judge": "j1"}]}`

func TestAssignCLI(t *testing.T) {
	// j3 must take one entry: e2 (its 0 beats moving e2 off j2 at 0.5 only if e1 keeps
	// j1 and j2), so e1 gets j1 + j2 (1.08) and e2 gets j3 (0), or e1 j1 + j3 and e2 j2
	// (1.33): the latter.
	code, out, errOut := runAssignCLI(t, assignInstance)
	want := `{"status":"optimal","total_affinity":1.33,"assignments":[{"entry":"e1","judge":"j1"},{"entry":"e1","judge":"j3"},{"entry":"e2","judge":"j2"}]}` + "\n"
	if code != 0 || out != want || errOut != "" {
		t.Fatalf("exit %d\nstdout %s\nwant   %s\nstderr %s", code, out, want, errOut)
	}

	// --out FILE writes the same to the file and nothing to stdout.
	outPath := filepath.Join(t.TempDir(), "result.json")
	code, out, _ = runAssignCLI(t, assignInstance, "--out", outPath)
	got, err := os.ReadFile(outPath)
	if code != 0 || out != "" || err != nil || string(got) != want {
		t.Fatalf("--out: exit %d, stdout %q, file %s (%v)", code, out, got, err)
	}

	// Infeasible: exit 2, the reasons in the output and the first on stderr.
	code, out, errOut = runAssignCLI(t, assignInstance, "--only-listed")
	var res struct {
		Status  string   `json:"status"`
		Reasons []string `json:"reasons"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if code != 2 || res.Status != "infeasible" || len(res.Reasons) == 0 || !strings.Contains(errOut, "haizhi assign: no assignment exists: ") {
		t.Fatalf("infeasible: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, `"Judge j3 must judge at least 1 entry, but only 0 entries needing judges are free of conflicts with them`) {
		t.Errorf("reasons: %s", out)
	}
	if strings.Contains(out, "assignments") || strings.Contains(out, "total_affinity") {
		t.Errorf("infeasible output has more than status and reasons: %s", out)
	}
}

// Bad input exits 1 with one line naming the field.
func TestAssignCLIBadInput(t *testing.T) {
	cases := []struct {
		name, instance, want string
	}{
		{"malformed", `{"entries": [{"id": "e1",` + "\n" + `"judges_required": 3,}]}`, "line 2, column 22: invalid character '}'"},
		{"wrong type", `{"entries": [{"id": "e1", "judges_required": "3"}]}`, "entries.judges_required: want int, got string"},
		{"unknown field", `{"entries": [{"id": "e1", "judges_required": 3, "judges": 2}]}`, `unknown field "judges"`},
		{"unknown top-level field", `{"entries": [], "rooms": []}`, `unknown field "rooms"`},
		{"unknown judge", `{"entries": [{"id": "e1", "judges_required": 1}], "judges": [{"id": "j1", "max_load": 1}],
			"affinity": [{"entry": "e1", "judge": "j7", "score": 1}]}`, `affinity[0].judge: unknown judge "j7"`},
		{"unknown entry in conflicts", `{"entries": [{"id": "e1", "judges_required": 1}], "judges": [{"id": "j1", "max_load": 1}],
			"conflicts": [{"entry": "e9", "judge": "j1"}]}`, `conflicts[0].entry: unknown entry "e9"`},
		{"missing max_load", `{"entries": [], "judges": [{"id": "j1", "min_load": 1}]}`, "judges[0].max_load: missing"},
		{"missing judges_required", `{"entries": [{"id": "e1"}]}`, "entries[0].judges_required: missing"},
		{"missing score", `{"entries": [{"id": "e1", "judges_required": 1}], "judges": [{"id": "j1", "max_load": 1}],
			"affinity": [{"entry": "e1", "judge": "j1"}]}`, "affinity[0].score: missing"},
		{"min above max", `{"entries": [], "judges": [{"id": "j1", "min_load": 3, "max_load": 2}]}`, "judges[0].min_load: 3 is above max_load 2"},
		{"duplicate id", `{"entries": [{"id": "e1", "judges_required": 1}, {"id": "e1", "judges_required": 1}]}`, `entries[1].id: duplicate id "e1"`},
		{"trailing data", `{"entries": []} {}`, "unexpected data after the instance"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runAssignCLI(t, c.instance)
			if code != 1 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) ||
				!strings.HasPrefix(errOut, "haizhi assign: --in ") {
				t.Fatalf("exit %d, stdout %q, stderr %q, want %q", code, out, errOut, c.want)
			}
		})
	}
}

func TestAssignCLIUsage(t *testing.T) {
	for _, help := range []string{"--help", "-h"} {
		code, out := run(t, nil, "assign", help)
		if code != 0 || !strings.Contains(out, "Usage: haizhi assign --in FILE") {
			t.Fatalf("exit %d\n%s", code, out)
		}
		for _, w := range []string{"-in", "-out", "-only-listed", "-search-limit", `"judges_required"`, "exit 2"} {
			if !strings.Contains(out, w) {
				t.Errorf("help lacks %q", w)
			}
		}
	}
	if code, out := run(t, nil, "assign"); code != 2 || !strings.Contains(out, "--in FILE is required") {
		t.Fatalf("no --in: exit %d\n%s", code, out)
	}
	if code, out := run(t, nil, "assign", "--in", "x.json", "extra"); code != 2 || !strings.Contains(out, `unexpected argument "extra"`) {
		t.Fatalf("extra argument: exit %d\n%s", code, out)
	}
	if code, out := run(t, nil, "assign", "--in", filepath.Join(t.TempDir(), "none.json")); code != 1 || !strings.Contains(out, "no such file") {
		t.Fatalf("missing file: exit %d\n%s", code, out)
	}
}

// A generated instance round-trips through the file format: the CLI's result is the
// library's.
func TestAssignCLIMatchesSolve(t *testing.T) {
	in := assigntest.Dense(5, 60, 15, 3, 0.03)
	var b strings.Builder
	if err := assigntest.WriteJSON(&b, in); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runAssignCLI(t, b.String())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Status        string        `json:"status"`
		TotalAffinity float64       `json:"total_affinity"`
		Assignments   []assign.Pair `json:"assignments"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	res, _ := assign.Solve(in)
	if got.Status != res.Status || len(got.Assignments) != len(res.Assignments) || got.TotalAffinity-res.TotalAffinity > 1e-6 {
		t.Fatalf("CLI %s %v (%d pairs), Solve %s %v (%d pairs)", got.Status, got.TotalAffinity, len(got.Assignments),
			res.Status, res.TotalAffinity, len(res.Assignments))
	}
	for i := range got.Assignments {
		if got.Assignments[i] != res.Assignments[i] {
			t.Fatalf("pair %d: CLI %v, Solve %v", i, got.Assignments[i], res.Assignments[i])
		}
	}
}
