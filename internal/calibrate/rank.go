package calibrate

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Score is one judge's score for one entry: the rubric total (see Rubric.Total).
type Score struct {
	Entry string  `json:"entry"` // the entry's id
	Judge string  `json:"judge"` // the judge's id
	Value float64 `json:"value"` // the judge's total, usually 0–100
}

// Method is a way of turning an entry's scores into one figure to rank by.
type Method string

// The methods. RawMean is the plain mean. TrimmedMean drops the one highest and the one
// lowest score when an entry has at least TrimFrom scores, as Chinese finals do.
// Calibrated takes each judge's scores relative to that judge's own mean and spread
// (z-scores), so a harsh or a lenient judge does not sink or lift the entries they
// happened to judge; see Rank.
const (
	RawMean     Method = "raw_mean"
	TrimmedMean Method = "trimmed_mean"
	Calibrated  Method = "calibrated"
)

// Methods returns every method in the order they are shown side by side.
func Methods() []Method { return []Method{RawMean, TrimmedMean, Calibrated} }

// Valid reports whether m is one of the methods.
func (m Method) Valid() bool { return slices.Contains(Methods(), m) }

// TrimFrom is the number of scores from which the trimmed mean drops the highest and the
// lowest score; with fewer it is the plain mean.
const TrimFrom = 5

// DefaultMinScoresToCalibrate is the number of scores a judge needs before their scores
// are calibrated, when Options leaves it zero.
const DefaultMinScoresToCalibrate = 5

// MaxValue bounds the magnitude of a score: totals are 0–100, and anything beyond ±MaxValue
// is a mistake that would only lose precision.
const MaxValue = 1e9

// Options tune the ranking.
type Options struct {
	// MinScoresToCalibrate is how many scores a judge must have given in the round before
	// their scores are calibrated against their own mean and spread; a judge with fewer
	// is taken at face value (see Rank). Zero or less means DefaultMinScoresToCalibrate.
	MinScoresToCalibrate int `json:"min_scores_to_calibrate"`
}

// minScores is the effective MinScoresToCalibrate.
func (o Options) minScores() int {
	if o.MinScoresToCalibrate <= 0 {
		return DefaultMinScoresToCalibrate
	}
	return o.MinScoresToCalibrate
}

// EntryScore is an entry's place in one method's ranking.
type EntryScore struct {
	Entry string `json:"entry"`
	// Score is the method's figure, rounded half away from zero to two decimals on its
	// decimal value: the figure shown and signed, and the one to put in
	// haizhi.Ranked.Score, so a tie there is a tie here.
	Score float64 `json:"score"`
	// Rank is the 1-based position; entries with equal Scores share the first position of
	// their group (as haizhi.RankedLine.Position) and are listed by entry id.
	Rank int `json:"rank"`
	// N is the number of scores the entry has; Counted how many went into Score (N − 2
	// when the trimmed mean dropped two).
	N       int `json:"n"`
	Counted int `json:"counted"`
	// Calibrated (Calibrated method only) is true when every one of the entry's scores
	// came from a calibrated judge; Uncalibrated counts those taken at face value.
	Calibrated   bool `json:"calibrated"`
	Uncalibrated int  `json:"uncalibrated"`
	// Z (Calibrated method only) is the mean of the entry's z-scores, unrounded.
	Z float64 `json:"z"`
}

// Rank ranks the entries that have scores by method m, best first; an unknown method
// gives nil. It is pure, and its result does not depend on the order of scores.
//
// RawMean and TrimmedMean are exact decimal means rounded to two decimals (see Round2).
//
// Calibrated works on the pool of every score given:
//
//   - A judge with at least Options.MinScoresToCalibrate scores that are not all equal is
//     calibrated: each score x becomes z = (x − judge's mean) / judge's sd, where sd is the
//     population standard deviation (divide by n, not n − 1): the judge's scores in the
//     round are all there is, not a sample, and so every calibrated judge's z-scores have
//     mean 0 and sd exactly 1 however many entries they judged, and weigh the same.
//   - Any other judge (too few scores to know their habits, or no spread at all) is taken
//     at face value: z = (x − pool mean) / pool sd (population sd over every score in the
//     round). Their scores still count, so every scored entry gets a calibrated score and
//     the methods rank the same entries.
//   - An entry's Z is the mean of its z-scores, and its Score is pool mean + pool sd × Z,
//     so it reads like a score on the judges' own scale. When the pool has no spread,
//     every Score is the pool mean.
//
// Scores with a non-finite value or one beyond ±MaxValue are left out (CheckScores
// reports them); a repeated entry and judge pair counts twice.
func Rank(scores []Score, m Method, o Options) []EntryScore {
	if !m.Valid() {
		return nil
	}
	return rankBy(newRound(scores, o), m)
}

// CheckScores reports what Rank would not take as given: an empty entry or judge, a
// value that is not a finite number or is beyond ±MaxValue, and a judge scoring an entry
// twice. It returns nil or an EINVALID *haizhi.Error whose Fields name scores by index
// ("scores[3]").
func CheckScores(scores []Score) error {
	p := problems{}
	seen := make(map[[2]string]int, len(scores))
	for i, s := range scores {
		at := fmt.Sprintf("scores[%d]", i)
		switch {
		case s.Entry == "" || s.Judge == "":
			p.add(at, "error.score_unattributed", "%s: entry %q or judge %q is empty", at, s.Entry, s.Judge)
		case !finite(s.Value) || math.Abs(s.Value) > MaxValue:
			p.add(at, "error.score_not_number", "%s: %v is not a usable score", at, s.Value)
		}
		k := [2]string{s.Entry, s.Judge}
		if j, ok := seen[k]; ok {
			p.add(at, "error.score_duplicate", "%s: judge %q already scored entry %q in scores[%d]", at, s.Judge, s.Entry, j)
		} else {
			seen[k] = i
		}
	}
	return p.err("error.scores_invalid", "scores")
}

// round is a round's usable scores sorted by entry, judge and value (so every sum is
// taken in one order whatever the input order), with each entry's slice of them and,
// computed lazily, the calibration.
type round struct {
	scores  []Score
	entries []span
	cal     *calibration
	min     int
}

// span is one entry's scores: round.scores[lo:hi].
type span struct {
	entry  string
	lo, hi int
}

func newRound(in []Score, o Options) *round {
	r := &round{scores: make([]Score, 0, len(in)), min: o.minScores()}
	for _, s := range in {
		if finite(s.Value) && math.Abs(s.Value) <= MaxValue {
			r.scores = append(r.scores, s)
		}
	}
	slices.SortFunc(r.scores, func(a, b Score) int {
		if c := cmp.Compare(a.Entry, b.Entry); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Judge, b.Judge); c != 0 {
			return c
		}
		return cmp.Compare(a.Value, b.Value)
	})
	for i, s := range r.scores {
		if i == 0 || s.Entry != r.scores[i-1].Entry {
			r.entries = append(r.entries, span{entry: s.Entry, lo: i})
		}
		r.entries[len(r.entries)-1].hi = i + 1
	}
	return r
}

// rankBy computes method m for every entry and sorts the result into a ranking.
func rankBy(r *round, m Method) []EntryScore {
	out := make([]EntryScore, len(r.entries))
	vals := make([]float64, 0, 16)
	for i, e := range r.entries {
		es := EntryScore{Entry: e.entry, N: e.hi - e.lo}
		vals = vals[:0]
		for _, s := range r.scores[e.lo:e.hi] {
			vals = append(vals, s.Value)
		}
		switch m {
		case RawMean:
			es.Score, es.Counted = meanHalfUp(vals), len(vals)
		case TrimmedMean:
			kept, _, _ := trim(vals)
			es.Score, es.Counted = meanHalfUp(kept), len(kept)
		case Calibrated:
			if r.cal == nil {
				r.cal = calibrate(r.scores, r.min)
			}
			es.Z, es.Uncalibrated = r.cal.entryZ(e)
			es.Score, es.Counted = r.cal.rescale(es.Z), len(vals)
			es.Calibrated = es.Uncalibrated == 0
		}
		out[i] = es
	}
	sortRanking(out)
	return out
}

// sortRanking orders a ranking best first, equal scores by entry id, and numbers it.
func sortRanking(rs []EntryScore) {
	slices.SortFunc(rs, func(a, b EntryScore) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Entry, b.Entry)
	})
	for i := range rs {
		rs[i].Rank = i + 1
		if i > 0 && rs[i].Score == rs[i-1].Score {
			rs[i].Rank = rs[i-1].Rank
		}
	}
}

// trim drops one highest and one lowest value when there are at least TrimFrom: the first
// occurrence of the maximum, and the first occurrence of the minimum other than that one
// (so five equal values drop the first two). It returns the kept values in their order
// and the dropped indices, or vals and −1, −1 when nothing is dropped. vals must be finite.
func trim(vals []float64) (kept []float64, hi, lo int) {
	if len(vals) < TrimFrom {
		return vals, -1, -1
	}
	hi, lo = 0, -1
	for i, v := range vals {
		if v > vals[hi] {
			hi = i
		}
	}
	for i, v := range vals {
		if i != hi && (lo < 0 || v < vals[lo]) {
			lo = i
		}
	}
	kept = make([]float64, 0, len(vals)-2)
	for i, v := range vals {
		if i != hi && i != lo {
			kept = append(kept, v)
		}
	}
	return kept, hi, lo
}
