// Package calibrate turns judges' scores into rankings: rubric totals, the raw mean, the
// trimmed mean of Chinese finals (drop the highest and the lowest score, average the rest
// to two decimals) and per-judge calibrated scores (z-scores), side by side, with the
// entries that cross an advancement line under one method and not another, and the live
// final's tally. It is pure: plain values in, plain values out.
package calibrate

import (
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// Criterion is one line of a rubric: a judge scores it between Min and Max, and it counts
// towards the total in proportion to its Weight.
type Criterion struct {
	Key    string  `json:"key"`    // names the criterion in a judge's scores, e.g. "innovation"
	Weight float64 `json:"weight"` // its share of the total, relative to the other weights
	Min    float64 `json:"min"`    // the lowest score a judge may give
	Max    float64 `json:"max"`    // the highest score a judge may give
}

// Scale is how finely a criterion may be scored.
type Scale struct {
	// Step is the smallest move of a criterion's score from its Min: 0.5 lets a judge give
	// 7.5 on a 0–10 criterion but not 7.3. Zero allows any value in range.
	Step float64 `json:"step"`
}

// Rubric is how a round is judged: its criteria and the scale they are scored on. The
// zh/en descriptors shown to judges belong to the domain type that holds the rubric; the
// arithmetic needs only keys, weights and ranges.
type Rubric struct {
	Criteria []Criterion `json:"criteria"`
	Scale    Scale       `json:"scale"`
}

// stepTolerance is how far, in steps, a value may sit from a step and still be on it:
// 0.3 is 2.9999999999999996 steps of 0.1 in binary.
const stepTolerance = 1e-9

// Validate checks the rubric: at least one criterion; keys non-empty and unique; weights
// finite and positive (so their sum is positive); Min < Max, both finite; Step zero or
// positive and, when positive, dividing every criterion's range. It returns an EINVALID
// *haizhi.Error whose Fields name each faulty criterion ("criteria[2].weight") with the
// catalogue key of its problem, and whose Message lists them all.
func (r Rubric) Validate() error {
	p := problems{}
	if len(r.Criteria) == 0 {
		p.add("criteria", "error.rubric_empty", "a rubric needs at least one criterion")
	}
	seen := map[string]bool{}
	var sum float64
	for i, c := range r.Criteria {
		at := fmt.Sprintf("criteria[%d]", i)
		switch {
		case strings.TrimSpace(c.Key) == "":
			p.add(at+".key", "error.rubric_key_empty", "%s: the key is empty", at)
		case seen[c.Key]:
			p.add(at+".key", "error.rubric_key_duplicate", "%s: key %q is used twice", at, c.Key)
		}
		seen[c.Key] = true
		if !(c.Weight > 0) || math.IsInf(c.Weight, 0) {
			p.add(at+".weight", "error.rubric_weight", "%s: weight %v is not a positive number", at, c.Weight)
		} else {
			sum += c.Weight
		}
		switch {
		case !finite(c.Min) || !finite(c.Max):
			p.add(at+".max", "error.rubric_range", "%s: range %v–%v is not finite", at, c.Min, c.Max)
		case !(c.Min < c.Max):
			p.add(at+".max", "error.rubric_range", "%s: min %v is not below max %v", at, c.Min, c.Max)
		case r.Scale.Step > 0 && !onStep(c.Max, c.Min, r.Scale.Step):
			p.add(at+".max", "error.rubric_step", "%s: step %v does not divide the range %v–%v", at, r.Scale.Step, c.Min, c.Max)
		}
	}
	if math.IsInf(sum, 0) {
		p.add("criteria", "error.rubric_weight", "the weights add up to more than a float can hold")
	}
	if !(r.Scale.Step >= 0) || math.IsInf(r.Scale.Step, 0) {
		p.add("scale.step", "error.rubric_step", "step %v is not zero or a positive number", r.Scale.Step)
	}
	return p.err("error.rubric_invalid", "rubric")
}

// Total is a judge's total for one entry: the weighted mean of the criteria, each first
// brought to 0–1 across its own range, times 100:
//
//	Total = 100 × Σ wᵢ·(xᵢ − minᵢ)/(maxᵢ − minᵢ) / Σ wᵢ
//
// so every criterion at its Min gives 0, every criterion at its Max gives 100, and a
// criterion of weight 30 out of 100 moves the total by up to 30 points whatever its own
// range. The arithmetic is exact on the decimal values (weights 30/30/40 on 0–10 with 8,
// 7, 9 give 81, not 80.99999999999999) and the result is the float64 nearest the exact
// total, not rounded to two decimals: only the final figure is rounded.
//
// It returns the rubric's Validate error if the rubric is invalid, and otherwise an
// EINVALID *haizhi.Error whose Fields map each faulty criterion key to the catalogue key
// of its problem when a criterion is missing, a value is not a finite number, is outside
// Min–Max or off the Scale's Step, or scores names a key the rubric does not have.
func (r Rubric) Total(scores map[string]float64) (float64, error) {
	if err := r.Validate(); err != nil {
		return 0, err
	}
	p := problems{}
	num, den := new(big.Rat), new(big.Rat)
	known := make(map[string]bool, len(r.Criteria))
	for _, c := range r.Criteria {
		known[c.Key] = true
		x, ok := scores[c.Key]
		switch {
		case !ok:
			p.add(c.Key, "error.score_missing", "%q is not scored", c.Key)
			continue
		case !finite(x):
			p.add(c.Key, "error.score_not_number", "%q: %v is not a number", c.Key, x)
			continue
		case x < c.Min || x > c.Max:
			p.add(c.Key, "error.score_out_of_range", "%q: %v is outside %v–%v", c.Key, x, c.Min, c.Max)
			continue
		case r.Scale.Step > 0 && !onStep(x, c.Min, r.Scale.Step):
			p.add(c.Key, "error.score_off_step", "%q: %v is not a multiple of %v from %v", c.Key, x, r.Scale.Step, c.Min)
			continue
		}
		w, lo, hi := decimalRat(c.Weight), decimalRat(c.Min), decimalRat(c.Max)
		part := new(big.Rat).Sub(decimalRat(x), lo)
		part.Quo(part, new(big.Rat).Sub(hi, lo))
		num.Add(num, part.Mul(part, w))
		den.Add(den, w)
	}
	for _, k := range slices.Sorted(maps.Keys(scores)) {
		if !known[k] {
			p.add(k, "error.score_unknown_criterion", "%q is not a criterion of this rubric", k)
		}
	}
	if err := p.err("error.score_invalid", "scores"); err != nil {
		return 0, err
	}
	num.Quo(num, den).Mul(num, big.NewRat(100, 1))
	total, _ := num.Float64()
	return total, nil
}

// onStep reports whether x is a whole number of steps from base.
func onStep(x, base, step float64) bool {
	q := (x - base) / step
	return math.Abs(q-math.Round(q)) <= stepTolerance*max(1, math.Abs(q))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// problems collects what is wrong with an input, field by field, in the order found.
type problems struct {
	fields map[string]string
	lines  []string
}

func (p *problems) add(field, key, format string, args ...any) {
	if p.fields == nil {
		p.fields = map[string]string{}
	}
	if _, ok := p.fields[field]; !ok {
		p.fields[field] = key
	}
	p.lines = append(p.lines, fmt.Sprintf(format, args...))
}

// err is nil when nothing was found, and otherwise an EINVALID error listing everything.
func (p *problems) err(key, what string) error {
	if len(p.lines) == 0 {
		return nil
	}
	return &haizhi.Error{Code: haizhi.EINVALID, Key: key, Fields: p.fields,
		Message: "calibrate: invalid " + what + ": " + strings.Join(p.lines, "; ")}
}
