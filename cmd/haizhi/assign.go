package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"

	"github.com/haizhi-dev/haizhi/internal/assign"
)

const assignSynopsis = "assign --in FILE [--out FILE] [--only-listed] [--search-limit N]"

// runAssign solves a judge assignment read from a JSON file and writes the result as JSON:
// exit 0 with the optimal assignment, 2 when none exists (the reasons are in the
// output), 1 for bad input, 3 when the search limit left it undecided.
func runAssign(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("haizhi assign", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	inPath := fs.String("in", "", "instance file to read (- for standard input; required)")
	outPath := fs.String("out", "-", "file to write the result to (- for standard output)")
	onlyListed := fs.Bool("only-listed", false, "allow only the pairs listed in affinity (by default an unlisted pair scores 0 and is allowed)")
	searchLimit := fs.Int("search-limit", assign.DefaultSearchLimit, "flow solves allowed to entries whose category need and institution cap cut across each other")
	fs.Usage = func() { assignUsage(e.stderr, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "haizhi assign: unexpected argument %q (see haizhi assign --help)\n", fs.Arg(0))
		return errUsage
	}
	if *inPath == "" {
		fmt.Fprintln(e.stderr, "haizhi assign: --in FILE is required (see haizhi assign --help)")
		return errUsage
	}

	in, err := readInstance(*inPath)
	if err != nil {
		return err
	}
	in.OnlyListedPairs = *onlyListed
	in.SearchLimit = *searchLimit
	res, err := assign.Solve(in)
	if err != nil {
		return fmt.Errorf("--in %s: %w", *inPath, err)
	}
	if err := writeResult(e, *outPath, res); err != nil {
		return err
	}
	switch res.Status {
	case assign.StatusInfeasible:
		return &exitError{code: 2, err: fmt.Errorf("no assignment exists: %s", res.Reasons[0].Text)}
	case assign.StatusUnknown:
		return &exitError{code: 3, err: errors.New(res.Reasons[0].Text)}
	case assign.StatusFeasible:
		fmt.Fprintf(e.stderr, "haizhi assign: warning: %s\n", res.Reasons[0].Text)
	}
	return nil
}

func assignUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: haizhi %s\n", assignSynopsis)
	fmt.Fprint(w, `
Assigns judges to entries with the largest total affinity: each entry gets exactly
judges_required distinct judges, each judge between min_load and max_load entries, no
pair in conflict, at least one judge of need_category and at most max_per_institution
judges of one institution where asked. The input:

  {"entries":   [{"id": "e1", "judges_required": 3}],
   "judges":    [{"id": "j1", "min_load": 0, "max_load": 12}],
   "affinity":  [{"entry": "e1", "judge": "j1", "score": 0.83}],
   "conflicts": [{"entry": "e1", "judge": "j2"}]}

with optional "need_category" and "max_per_institution" on entries, "category" and
"institution" on judges. Pairs not in affinity score 0 and are allowed unless in
conflicts (or --only-listed). The output, ordered by entry then judge as in the input:

  {"status": "optimal", "total_affinity": 123.45, "assignments": [{"entry": "e1", "judge": "j1"}]}   exit 0
  {"status": "infeasible", "reasons": ["…"]}                                                        exit 2

Bad input exits 1 naming the field. When entries combine a category need with an
institution cap that mixes categories, the search may stop at --search-limit: status
"feasible" (an assignment not proven optimal, exit 0) or "unknown" (exit 3).

Flags:
`)
	fs.PrintDefaults()
}

// The file format. Required numbers are pointers, so that a missing one is reported
// rather than read as 0.
type instanceFile struct {
	Entries []struct {
		ID                string `json:"id"`
		JudgesRequired    *int   `json:"judges_required"`
		NeedCategory      string `json:"need_category"`
		MaxPerInstitution int    `json:"max_per_institution"`
	} `json:"entries"`
	Judges []struct {
		ID          string `json:"id"`
		MinLoad     int    `json:"min_load"`
		MaxLoad     *int   `json:"max_load"`
		Category    string `json:"category"`
		Institution string `json:"institution"`
	} `json:"judges"`
	Affinity []struct {
		Entry string   `json:"entry"`
		Judge string   `json:"judge"`
		Score *float64 `json:"score"`
	} `json:"affinity"`
	Conflicts []assignPair `json:"conflicts"`
}

type assignPair struct {
	Entry string `json:"entry"`
	Judge string `json:"judge"`
}

// readInstance reads and decodes the instance file, naming the field of any error.
func readInstance(path string) (assign.Instance, error) {
	fail := func(format string, a ...any) (assign.Instance, error) {
		return assign.Instance{}, fmt.Errorf("--in %s: "+format, append([]any{path}, a...)...)
	}
	var f instanceFile
	if err := readJSONFile(path, "the instance", &f); err != nil {
		return assign.Instance{}, err
	}

	in := assign.Instance{}
	for i, x := range f.Entries {
		if x.JudgesRequired == nil {
			return fail("entries[%d].judges_required: missing", i)
		}
		in.Entries = append(in.Entries, assign.Entry{ID: x.ID, JudgesRequired: *x.JudgesRequired,
			NeedCategory: x.NeedCategory, MaxPerInstitution: x.MaxPerInstitution})
	}
	for i, x := range f.Judges {
		if x.MaxLoad == nil {
			return fail("judges[%d].max_load: missing", i)
		}
		in.Judges = append(in.Judges, assign.Judge{ID: x.ID, MinLoad: x.MinLoad, MaxLoad: *x.MaxLoad,
			Category: x.Category, Institution: x.Institution})
	}
	in.Affinity = make([]assign.Affinity, 0, len(f.Affinity))
	for i, x := range f.Affinity {
		if x.Score == nil {
			return fail("affinity[%d].score: missing", i)
		}
		in.Affinity = append(in.Affinity, assign.Affinity{Entry: x.Entry, Judge: x.Judge, Score: *x.Score})
	}
	for _, x := range f.Conflicts {
		in.Conflicts = append(in.Conflicts, assign.Conflict{Entry: x.Entry, Judge: x.Judge})
	}
	return in, nil
}

// position turns a byte offset into "line L, column C".
func position(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return fmt.Sprintf("line %d, column %d", line, col)
}

// writeResult writes res in the file format to path (- for standard output).
func writeResult(e *env, path string, res assign.Result) error {
	var out any
	reasons := make([]string, len(res.Reasons))
	for i, r := range res.Reasons {
		reasons[i] = r.Text
	}
	pairs := make([]assignPair, len(res.Assignments))
	for i, p := range res.Assignments {
		pairs[i] = assignPair(p)
	}
	// Sums of decimal scores pick up float noise (0.1+0.2); nine decimals is exact enough.
	total := math.Round(res.TotalAffinity*1e9) / 1e9
	switch res.Status {
	case assign.StatusOptimal:
		out = struct {
			Status        string       `json:"status"`
			TotalAffinity float64      `json:"total_affinity"`
			Assignments   []assignPair `json:"assignments"`
		}{res.Status, total, pairs}
	case assign.StatusFeasible:
		out = struct {
			Status        string       `json:"status"`
			TotalAffinity float64      `json:"total_affinity"`
			Assignments   []assignPair `json:"assignments"`
			Reasons       []string     `json:"reasons"`
		}{res.Status, total, pairs, reasons}
	default:
		out = struct {
			Status  string   `json:"status"`
			Reasons []string `json:"reasons"`
		}{res.Status, reasons}
	}
	return writeJSONFile(e.stdout, path, out)
}
