package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"

	"github.com/haizhi-dev/haizhi/internal/match"
	"github.com/haizhi-dev/haizhi/internal/textseg"
)

const matchEvalSynopsis = "match eval --in FILE"

// runMatchEval measures the recommendations of needs to projects on a labelled set read
// from a JSON file and prints precision@5, recall@10 and nDCG@10 as JSON: exit 0, or 1 for
// bad input (the message names the field).
func runMatchEval(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("haizhi match eval", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	inPath := fs.String("in", "", "labelled set to read (- for standard input; required)")
	fs.Usage = func() { matchEvalUsage(e.stderr, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "haizhi match eval: unexpected argument %q (see haizhi match eval --help)\n", fs.Arg(0))
		return errUsage
	}
	if *inPath == "" {
		fmt.Fprintln(e.stderr, "haizhi match eval: --in FILE is required (see haizhi match eval --help)")
		return errUsage
	}
	l, err := readLabelled(*inPath)
	if err != nil {
		return err
	}
	m, err := match.Evaluate(l, match.Options{Tokenize: textseg.Default().Tokens})
	if err != nil {
		return fmt.Errorf("--in %s: %w", *inPath, err)
	}
	round := func(x float64) float64 { return math.Round(x*1e4) / 1e4 }
	m.PrecisionAt5, m.RecallAt10, m.NDCGAt10 = round(m.PrecisionAt5), round(m.RecallAt10), round(m.NDCGAt10)
	return json.NewEncoder(e.stdout).Encode(m)
}

func matchEvalUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: haizhi %s\n", matchEvalSynopsis)
	fmt.Fprint(w, `
Measures how well the recommender ranks enterprise needs for projects, on a labelled
set: for every project with at least one relevant need it takes the 10 best needs and
averages precision@5, recall@10 and nDCG@10 (binary relevance). The input:

  {"projects": [{"id": "p1", "title": "…", "summary": "…", "industry": "ai", "keywords": ["…"], "stage": "prototype"}],
   "needs":    [{"id": "n1", "title": "…", "description": "…", "industry": "ai", "keywords": ["…"]}],
   "relevant": [{"project": "p1", "need": "n1"}]}

Text may be Chinese, English or both. The output:

  {"precision_at_5": 0.5, "recall_at_10": 0.9, "ndcg_at_10": 0.9, "projects": 60}

Bad input exits 1 naming the field.

Flags:
`)
	fs.PrintDefaults()
}

// readLabelled reads and decodes the labelled set, naming the field of any error.
func readLabelled(path string) (match.Labelled, error) {
	fail := func(format string, a ...any) (match.Labelled, error) {
		return match.Labelled{}, fmt.Errorf("--in %s: "+format, append([]any{path}, a...)...)
	}
	var f match.LabelledFile
	if err := readJSONFile(path, "the labelled set", &f); err != nil {
		return match.Labelled{}, err
	}
	if len(f.Projects) == 0 {
		return fail("projects: missing or empty")
	}
	if len(f.Needs) == 0 {
		return fail("needs: missing or empty")
	}
	for i, r := range f.Relevant {
		switch {
		case r.Project == "":
			return fail("relevant[%d].project: missing", i)
		case r.Need == "":
			return fail("relevant[%d].need: missing", i)
		}
	}
	return f.Labelled(), nil
}
