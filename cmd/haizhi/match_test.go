package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runMatchEvalCLI runs `haizhi match eval` in-process on the labelled set at path and
// returns the exit code, standard output and standard error.
func runMatchEvalCLI(t *testing.T, path string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), append([]string{"match", "eval", "--in", path}, args...), &stdout, &stderr, func(string) string { return "" })
	return code, stdout.String(), stderr.String()
}

func writeLabelled(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "labelled.json")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMatchEvalCLI(t *testing.T) {
	code, out, errOut := runMatchEvalCLI(t, "../../internal/match/testdata/labelled.json")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	var got map[string]float64
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got) != 4 || got["projects"] != 60 || got["precision_at_5"] < 0.45 || got["recall_at_10"] < 0.9 || got["ndcg_at_10"] < 0.9 {
		t.Errorf("got %s", out)
	}

	// A tiny set: the one relevant need comes first.
	small := `{"projects": [{"id": "p1", "title": "Solid-state batteries for drones", "summary": "450 Wh/kg cells.", "industry": "equipment", "keywords": ["battery"], "stage": "prototype"}],
	 "needs": [{"id": "n1", "title": "无人机电池续航不足", "description": "寻求高能量密度固态电池。", "industry": "equipment", "keywords": ["固态电池"]},
	           {"id": "n2", "title": "食堂管理系统", "description": "医院食堂结算。", "industry": "health", "keywords": []}],
	 "relevant": [{"project": "p1", "need": "n1"}]}`
	code, out, errOut = runMatchEvalCLI(t, writeLabelled(t, small))
	if want := `{"precision_at_5":0.2,"recall_at_10":1,"ndcg_at_10":1,"projects":1}` + "\n"; code != 0 || out != want {
		t.Errorf("small set: exit %d, stdout %s, want %s, stderr %s", code, out, want, errOut)
	}
}

// Bad input exits 1 with one line that names the field.
func TestMatchEvalCLIBadInput(t *testing.T) {
	const p = `{"id": "p1", "title": "t", "summary": "s", "industry": "ai", "keywords": [], "stage": "idea"}`
	const n = `{"id": "n1", "title": "t", "description": "d", "industry": "ai", "keywords": []}`
	cases := []struct {
		in, want string
	}{
		{`{"projects": [` + p + `], "needs": [` + n + `], "relevant": [{"project": "p9", "need": "n1"}]}`, `relevant[0].project: unknown project "p9"`},
		{`{"projects": [` + p + `], "needs": [` + n + `], "relevant": [{"project": "p1", "need": "n7"}]}`, `relevant[0].need: unknown need "n7"`},
		{`{"projects": [` + p + `], "needs": [` + n + `], "relevant": [{"project": "p1"}]}`, `relevant[0].need: missing`},
		{`{"projects": [` + p + `, ` + p + `], "needs": [` + n + `], "relevant": [{"project": "p1", "need": "n1"}]}`, `projects[1].id: duplicate id "p1"`},
		{`{"projects": [` + strings.Replace(p, `"idea"`, `"seed"`, 1) + `], "needs": [` + n + `], "relevant": []}`, `projects[0].stage: unknown stage "seed"`},
		{`{"projects": [` + p + `], "needs": [` + n + `], "relevant": []}`, `relevant: no project has a relevant need`},
		{`{"projects": [` + p + `], "needs": [], "relevant": []}`, `needs: missing or empty`},
		{`{"projects": [` + p + `], "needs": [` + n + `], "relevant": [], "budget": 3}`, `unknown field "budget"`},
		{`{"projects": [{"id": 7}], "needs": [` + n + `], "relevant": []}`, `projects.id: want string, got number`},
		{`{"projects": [` + p + `], "needs": [` + n + `]`, `unexpected EOF`},
		{`{"projects": [` + p + `], "needs": [` + n + `], "relevant": []} {}`, `unexpected data after the labelled set`},
	}
	for _, c := range cases {
		code, out, errOut := runMatchEvalCLI(t, writeLabelled(t, c.in))
		if code != 1 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) ||
			!strings.HasPrefix(errOut, "haizhi match eval: --in ") {
			t.Errorf("%s\nexit %d, stdout %q, stderr %q, want %q", c.in, code, out, errOut, c.want)
		}
	}
	if code, _, errOut := runMatchEvalCLI(t, filepath.Join(t.TempDir(), "missing.json")); code != 1 || !strings.Contains(errOut, "missing.json") {
		t.Errorf("missing file: exit %d, %s", code, errOut)
	}
}

func TestMatchEvalCLIUsage(t *testing.T) {
	if code, out := run(t, nil, "match", "eval", "--help"); code != 0 || !strings.Contains(out, "Usage: haizhi match eval --in FILE") || !strings.Contains(out, "-in") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
	if code, out := run(t, nil, "match", "eval"); code != 2 || !strings.Contains(out, "--in FILE is required") {
		t.Errorf("no --in: exit %d\n%s", code, out)
	}
	if code, out := run(t, nil, "match"); code != 2 || !strings.Contains(out, "\n  eval ") {
		t.Errorf("match: exit %d\n%s", code, out)
	}
}
