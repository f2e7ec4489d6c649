package calibrate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
)

// showCrossings renders crossings as "entry raw/trimmed/calibrated" words, each place as
// standing:rank.
func showCrossings(cs []Crossing) string {
	var words []string
	for _, c := range cs {
		var ps []string
		for _, m := range Methods() {
			p := c.ByMethod[m]
			ps = append(ps, fmt.Sprintf("%s:%d", p.Standing, p.Rank))
		}
		words = append(words, c.Entry+" "+strings.Join(ps, "/"))
	}
	return strings.Join(words, ", ")
}

func TestCompare(t *testing.T) {
	c := Compare(scoresOf(t, harshPanel), Options{MinScoresToCalibrate: 3})
	if len(c.Entries) != 6 || len(c.Rankings) != 3 || len(c.Judges) != 3 || c.Pool.N != 12 {
		t.Fatalf("comparison %+v", c)
	}
	e1 := c.Entries[0]
	if e1.Entry != "e1" || e1.N != 2 || e1.ByMethod[RawMean].Rank != 2 || e1.ByMethod[TrimmedMean].Rank != 2 || e1.ByMethod[Calibrated].Rank != 1 {
		t.Errorf("e1 %+v", e1)
	}
	empty := Compare(nil, Options{})
	if len(empty.Entries) != 0 || empty.Pool.N != 0 || len(Crossings(empty, 3)) != 0 {
		t.Errorf("no scores: %+v", empty)
	}
	for _, m := range Methods() {
		if got, want := show(c.Rankings[m]), show(Rank(scoresOf(t, harshPanel), m, Options{MinScoresToCalibrate: 3})); got != want {
			t.Errorf("%s: Compare %s, Rank %s", m, got, want)
		}
	}
}

func TestCrossings(t *testing.T) {
	harsh := Compare(scoresOf(t, harshPanel), Options{MinScoresToCalibrate: 3})
	// Raw: e2 85, e1 80, e4 75, e3 70, e6 65, e5 60 (two scores each: trimmed = raw).
	// Calibrated: e1, e2, e3, e4, e5, e6.
	for _, tc := range []struct {
		c    Comparison
		line int
		want string
	}{
		{harsh, 1, "e1 out:2/out:2/in:1, e2 in:1/in:1/out:2"},
		{harsh, 2, ""}, // e1 and e2 are the top two either way
		{harsh, 3, "e3 out:4/out:4/in:3, e4 in:3/in:3/out:4"},
		{harsh, 5, "e5 out:6/out:6/in:5, e6 in:5/in:5/out:6"},
		{harsh, 6, ""},  // everyone advances
		{harsh, 10, ""}, // a line beyond the entries
		{harsh, 0, ""},  // nobody advances
		{harsh, -1, ""},
		// A tie at the line is a standing of its own: under the raw mean b (85) beats a
		// (420/5 = 84); the trimmed mean drops a's 99 and 66 and a ties b at 85 across a
		// line of 1. Nobody is calibrated (two scores per judge), so calibrated = raw.
		{Compare(scoresOf(t, "a:j1=99 a:j2=85 a:j3=85 a:j4=85 a:j5=66 b:j1=85 b:j2=85 b:j3=85 b:j4=85 b:j5=85 c:j1=10"), Options{}), 1,
			"a out:2/tied:1/out:2, b in:1/tied:1/in:1"},
		// Tied under every method: not a crossing.
		{Compare(scoresOf(t, "a:j1=80 b:j1=80 c:j1=70"), Options{}), 1, ""},
	} {
		if got := showCrossings(Crossings(tc.c, tc.line)); got != tc.want {
			t.Errorf("line %d: %q, want %q", tc.line, got, tc.want)
		}
	}
	cs := Crossings(harsh, 1)
	if p := cs[0].ByMethod[Calibrated]; p.Score != 87.4 {
		t.Errorf("e1 calibrated place %+v", p)
	}
}

// TestCrossingsAgreeWithAdvancement feeds every method's scores into haizhi.Advancement
// and checks each entry's standing against Crossings' (via standAt, which Crossings
// reports from).
func TestCrossingsAgreeWithAdvancement(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for trial := range 300 {
		var scores []Score
		entries := 1 + rng.IntN(12)
		for e := range entries {
			for j := range 1 + rng.IntN(6) {
				// Coarse values so that ties, also at the line, are common.
				scores = append(scores, Score{Entry: strconv.Itoa(e + 1), Judge: strconv.Itoa(j), Value: float64(60 + 5*rng.IntN(5))})
			}
		}
		c := Compare(scores, Options{MinScoresToCalibrate: 2})
		line := rng.IntN(entries + 2)
		for _, m := range Methods() {
			var ranked []haizhi.Ranked
			for _, es := range c.Rankings[m] {
				id, _ := strconv.ParseInt(es.Entry, 10, 64)
				ranked = append(ranked, haizhi.Ranked{EntryID: id, Score: &es.Score})
			}
			cell := haizhi.Advancement(ranked, []haizhi.Quota{{Count: line}})[0]
			places := standAt(c.Rankings[m], line)
			for _, l := range cell.Lines {
				want := Out
				if l.Advances {
					want = In
				} else if l.Tied {
					want = Tied
				}
				p := places[strconv.FormatInt(l.EntryID, 10)]
				if p.Standing != want || p.Rank != l.Position {
					t.Fatalf("trial %d, %s, line %d, entry %d: %+v, haizhi says %s at %d", trial, m, line, l.EntryID, p, want, l.Position)
				}
			}
		}
		// Crossings lists exactly the entries whose standings differ.
		var differ []string
		for _, e := range c.Entries {
			var st []Standing
			for _, m := range Methods() {
				st = append(st, standAt(c.Rankings[m], line)[e.Entry].Standing)
			}
			if len(slices.Compact(st)) > 1 {
				differ = append(differ, e.Entry)
			}
		}
		var got []string
		for _, cr := range Crossings(c, line) {
			got = append(got, cr.Entry)
		}
		slices.Sort(got)
		if !slices.Equal(got, differ) {
			t.Fatalf("trial %d: crossings %v, differing %v", trial, got, differ)
		}
	}
}
