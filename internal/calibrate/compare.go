package calibrate

import (
	"cmp"
	"slices"
)

// Comparison is every method's ranking of the same scores, side by side, with what the
// calibration learnt about the judges, so an operator can see what the choice of method
// changes before choosing it.
type Comparison struct {
	// MinScoresToCalibrate is the minimum in effect (Options' default applied).
	MinScoresToCalibrate int `json:"min_scores_to_calibrate"`
	// Pool and Judges (sorted by judge id) explain the calibration.
	Pool   Pool        `json:"pool"`
	Judges []JudgeStat `json:"judges"`
	// Rankings holds each method's ranking, best first (see Rank).
	Rankings map[Method][]EntryScore `json:"rankings"`
	// Entries holds, per entry (sorted by entry id), its place under each method.
	Entries []EntryComparison `json:"entries"`
}

// EntryComparison is one entry's place under each method.
type EntryComparison struct {
	Entry    string                `json:"entry"`
	N        int                   `json:"n"`
	ByMethod map[Method]EntryScore `json:"by_method"`
}

// Compare ranks scores by every method (see Rank, with the same rules and options) and
// lines the results up per entry. It is pure and does not depend on the order of scores.
func Compare(scores []Score, o Options) Comparison {
	r := newRound(scores, o)
	c := Comparison{MinScoresToCalibrate: r.min, Rankings: map[Method][]EntryScore{}}
	c.Entries = make([]EntryComparison, len(r.entries))
	pos := make(map[string]int, len(r.entries))
	for i, e := range r.entries {
		c.Entries[i] = EntryComparison{Entry: e.entry, N: e.hi - e.lo, ByMethod: make(map[Method]EntryScore, 3)}
		pos[e.entry] = i
	}
	for _, m := range Methods() {
		ranking := rankBy(r, m)
		c.Rankings[m] = ranking
		for _, es := range ranking {
			c.Entries[pos[es.Entry]].ByMethod[m] = es
		}
	}
	if r.cal == nil {
		r.cal = calibrate(r.scores, r.min)
	}
	c.Pool, c.Judges = r.cal.pool, r.cal.judges
	return c
}

// Standing is where an entry stands against an advancement line.
type Standing string

// Standings. An entry is In when it is among the best line entries, Out when it is not,
// and Tied when its score is the score at the line and is shared by entries on both
// sides of it: ties are shown, never broken (the rule of haizhi.Advancement, which takes
// the same scores).
const (
	In   Standing = "in"
	Tied Standing = "tied"
	Out  Standing = "out"
)

// Place is an entry's rank, score and standing under one method.
type Place struct {
	Rank     int      `json:"rank"`
	Score    float64  `json:"score"`
	Standing Standing `json:"standing"`
}

// Crossing is an entry whose standing at the line depends on the method.
type Crossing struct {
	Entry    string           `json:"entry"`
	ByMethod map[Method]Place `json:"by_method"`
}

// Crossings returns the entries whose standing when the best line entries advance is not
// the same under every method of c: in under one and out under another, or tied at the
// line under one and not another. Each comes with its rank, score and standing under
// every method. They are ordered by their best rank under any method, then entry id.
// As in haizhi.Advancement, a line at or beyond the number of entries lets every entry
// in, and a line of zero or less lets none in.
func Crossings(c Comparison, line int) []Crossing {
	var methods []Method
	for _, m := range Methods() {
		if _, ok := c.Rankings[m]; ok {
			methods = append(methods, m)
		}
	}
	standings := map[Method]map[string]Place{}
	for _, m := range methods {
		standings[m] = standAt(c.Rankings[m], line)
	}
	var out []Crossing
	best := map[string]int{}
	for _, e := range c.Entries {
		cr := Crossing{Entry: e.Entry, ByMethod: make(map[Method]Place, len(methods))}
		var first Standing
		differs := false
		for _, m := range methods {
			p, ok := standings[m][e.Entry]
			if !ok {
				continue
			}
			cr.ByMethod[m] = p
			if first == "" {
				first = p.Standing
			}
			differs = differs || p.Standing != first
			if b, ok := best[e.Entry]; !ok || p.Rank < b {
				best[e.Entry] = p.Rank
			}
		}
		if differs {
			out = append(out, cr)
		}
	}
	slices.SortFunc(out, func(a, b Crossing) int {
		if c := cmp.Compare(best[a.Entry], best[b.Entry]); c != 0 {
			return c
		}
		return cmp.Compare(a.Entry, b.Entry)
	})
	return out
}

// standAt places every entry of a ranking (best first) against a line.
func standAt(ranking []EntryScore, line int) map[string]Place {
	n := len(ranking)
	tieAcross := line > 0 && line < n && ranking[line].Score == ranking[line-1].Score
	out := make(map[string]Place, n)
	for i, es := range ranking {
		p := Place{Rank: es.Rank, Score: es.Score, Standing: Out}
		switch {
		case tieAcross && es.Score == ranking[line-1].Score:
			p.Standing = Tied
		case i < line:
			p.Standing = In
		}
		out[es.Entry] = p
	}
	return out
}
