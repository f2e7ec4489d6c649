package calibrate

import (
	"cmp"
	"math"
	"slices"
)

// JudgeStat is what calibration learnt about one judge: how many scores they gave, their
// mean and population standard deviation, and whether their scores were calibrated (at
// least the minimum number of scores, not all equal).
type JudgeStat struct {
	Judge      string  `json:"judge"`
	N          int     `json:"n"`
	Mean       float64 `json:"mean"`
	SD         float64 `json:"sd"`
	Calibrated bool    `json:"calibrated"`
}

// Pool is the mean and population standard deviation of every score in the round:
// the scale calibrated scores are brought back to, and the yardstick of judges who are
// not calibrated.
type Pool struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
}

// calibration holds the judges' and the pool's statistics and every score's z-score.
type calibration struct {
	pool   Pool
	judges []JudgeStat // by judge id
	z      []float64   // z[i] is the z-score of round.scores[i]
	raw    []bool      // raw[i]: scores[i] is from an uncalibrated judge
}

// moments accumulates a mean and a population sd in two passes.
type moments struct {
	n        int
	sum, ss  float64
	min, max float64
}

func (m *moments) add(v float64) {
	if m.n == 0 || v < m.min {
		m.min = v
	}
	if m.n == 0 || v > m.max {
		m.max = v
	}
	m.n++
	m.sum += v
}

func (m *moments) mean() float64 { return m.sum / float64(m.n) }

// sd is the population sd once ss holds the squared deviations; exactly 0 when every value
// is equal (a float mean of equal values can be off by an ulp and leave a spurious spread).
func (m *moments) sd() float64 {
	if m.n == 0 || m.min == m.max {
		return 0
	}
	return math.Sqrt(m.ss / float64(m.n))
}

// calibrate computes the calibration of scores (finite, sorted as in round); judges with
// at least minScores scores and a positive sd are calibrated.
func calibrate(scores []Score, minScores int) *calibration {
	idx := map[string]int{}
	judgeOf := make([]int, len(scores))
	var acc []moments
	var pool moments
	for i, s := range scores {
		j, ok := idx[s.Judge]
		if !ok {
			j = len(acc)
			idx[s.Judge] = j
			acc = append(acc, moments{})
		}
		judgeOf[i] = j
		acc[j].add(s.Value)
		pool.add(s.Value)
	}
	means := make([]float64, len(acc))
	for j := range acc {
		means[j] = acc[j].mean()
	}
	var poolMean float64
	if pool.n > 0 {
		poolMean = pool.mean()
	}
	for i, s := range scores {
		d := s.Value - means[judgeOf[i]]
		acc[judgeOf[i]].ss += d * d
		d = s.Value - poolMean
		pool.ss += d * d
	}
	c := &calibration{
		pool:   Pool{N: pool.n, Mean: poolMean, SD: pool.sd()},
		judges: make([]JudgeStat, len(acc)),
		z:      make([]float64, len(scores)),
		raw:    make([]bool, len(scores)),
	}
	for name, j := range idx {
		sd := acc[j].sd()
		c.judges[j] = JudgeStat{Judge: name, N: acc[j].n, Mean: means[j], SD: sd, Calibrated: acc[j].n >= minScores && sd > 0}
	}
	for i, s := range scores {
		js := c.judges[judgeOf[i]]
		switch {
		case js.Calibrated:
			c.z[i] = (s.Value - js.Mean) / js.SD
		case c.pool.SD > 0:
			c.z[i], c.raw[i] = (s.Value-c.pool.Mean)/c.pool.SD, true
		default:
			c.raw[i] = true // no spread anywhere: every score is at the pool mean
		}
	}
	slices.SortFunc(c.judges, func(a, b JudgeStat) int { return cmp.Compare(a.Judge, b.Judge) })
	return c
}

// entryZ is the mean z-score of one entry and how many of its scores were uncalibrated.
func (c *calibration) entryZ(e span) (z float64, uncalibrated int) {
	for i := e.lo; i < e.hi; i++ {
		z += c.z[i]
		if c.raw[i] {
			uncalibrated++
		}
	}
	return z / float64(e.hi-e.lo), uncalibrated
}

// rescale brings a mean z-score back to the pool's scale, rounded to two decimals.
func (c *calibration) rescale(z float64) float64 {
	return Round2(c.pool.Mean + c.pool.SD*z)
}
