package calibrate

import (
	"math"
	"testing"
)

// harshPanel: a fair judge F scores all six entries, whose true order is e1 > … > e6; each
// entry gets a second score from G (fair, like F) or H (harsh: 20 points lower). H drew
// e1, e3 and e5, and sinks them under the raw mean.
const harshPanel = `
	e1:F=90 e2:F=85 e3:F=80 e4:F=75 e5:F=70 e6:F=65
	e1:H=70         e3:H=60         e5:H=50
	        e2:G=85         e4:G=75         e6:G=65`

func TestCalibratedRestoresTheFairOrder(t *testing.T) {
	scores := scoresOf(t, harshPanel)
	o := Options{MinScoresToCalibrate: 3}
	// Raw: e1 (90+70)/2 = 80 falls below e2 (85+85)/2 = 85, e3 70 below e4 75, e5 60 below e6 65.
	if got, want := show(Rank(scores, RawMean, o)), "1.e2=85/2 2.e1=80/2 3.e4=75/2 4.e3=70/2 5.e6=65/2 6.e5=60/2"; got != want {
		t.Errorf("raw mean %s, want %s", got, want)
	}
	// By hand, population sds: F mean 77.5, variance (12.5²+7.5²+2.5²)·2/6 = 875/12;
	// H mean 60 and G mean 75, variance (10²+0+10²)/3 = 200/3 each; pool of all 12 scores
	// mean 870/12 = 72.5, variance 1475/12. Then
	//   e1: z = (12.5/√(875/12) + 10/√(200/3)) / 2 = 1.344297…, score 72.5 + √(1475/12)·z = 87.40
	//   e2: z = ( 7.5/√(875/12) + 10/√(200/3)) / 2 = 1.051527…, score 84.16
	//   e3: z = ( 2.5/√(875/12) + 0) / 2 = 0.146385…, score 74.12
	// and e4, e5, e6 mirror e3, e2, e1 around the pool mean: 70.88, 60.84, 57.60.
	got := Rank(scores, Calibrated, o)
	if s, want := show(got), "1.e1=87.4/2 2.e2=84.16/2 3.e3=74.12/2 4.e4=70.88/2 5.e5=60.84/2 6.e6=57.6/2"; s != want {
		t.Errorf("calibrated %s, want %s", s, want)
	}
	zF, zH := 12.5/math.Sqrt(875.0/12), 10/math.Sqrt(200.0/3)
	if z := got[0].Z; math.Abs(z-(zF+zH)/2) > 1e-12 {
		t.Errorf("e1 z = %v, want %v", z, (zF+zH)/2)
	}
	for _, es := range got {
		if !es.Calibrated || es.Uncalibrated != 0 || es.N != 2 {
			t.Errorf("%s: %+v, want every score calibrated", es.Entry, es)
		}
	}
	// The calibrated order is the fair judge F's order.
	for i, es := range got {
		if want := "e" + string(rune('1'+i)); es.Entry != want {
			t.Errorf("calibrated position %d is %s, F puts %s there", i+1, es.Entry, want)
		}
	}
}

func TestCalibratedJudgeBelowMinimum(t *testing.T) {
	// F and G as above; K gave only two scores (below the minimum of 3), so K is taken at
	// face value against the pool.
	scores := scoresOf(t, `
		a:F=90 b:F=80 c:F=70
		a:G=60 b:G=50 c:G=40
		a:K=100 c:K=50`)
	c := Compare(scores, Options{MinScoresToCalibrate: 3})
	// Pool: 8 scores, sum 540, mean 67.5; squared deviations 506.25+156.25+6.25 +
	// 56.25+306.25+756.25 + 1056.25+306.25 = 3150, variance 393.75.
	if c.Pool.N != 8 || c.Pool.Mean != 67.5 || math.Abs(c.Pool.SD-math.Sqrt(393.75)) > 1e-12 {
		t.Errorf("pool %+v", c.Pool)
	}
	want := []JudgeStat{
		{Judge: "F", N: 3, Mean: 80, SD: math.Sqrt(200.0 / 3), Calibrated: true},
		{Judge: "G", N: 3, Mean: 50, SD: math.Sqrt(200.0 / 3), Calibrated: true},
		{Judge: "K", N: 2, Mean: 75, SD: 25, Calibrated: false},
	}
	for i, j := range c.Judges {
		if j.Judge != want[i].Judge || j.N != want[i].N || j.Mean != want[i].Mean || math.Abs(j.SD-want[i].SD) > 1e-12 || j.Calibrated != want[i].Calibrated {
			t.Errorf("judge %+v, want %+v", j, want[i])
		}
	}
	// a: F and G z = 10/√(200/3) = 1.224745 each; K z = (100 − 67.5)/√393.75 = 1.637861.
	// Z = (2·1.224745 + 1.637861)/3 = 1.362445; score 67.5 + √393.75·Z = 94.535… → 94.54.
	a := c.Entries[0].ByMethod[Calibrated]
	zFG, zK := 10/math.Sqrt(200.0/3), 32.5/math.Sqrt(393.75)
	if a.Entry != "a" || a.Calibrated || a.Uncalibrated != 1 || math.Abs(a.Z-(2*zFG+zK)/3) > 1e-12 || a.Score != 94.54 {
		t.Errorf("a: %+v", a)
	}
	// b has no score from K: fully calibrated, z = 0, score 67.5.
	if b := c.Entries[1].ByMethod[Calibrated]; !b.Calibrated || b.Score != 67.5 {
		t.Errorf("b: %+v", b)
	}
	// With a minimum of 2, K is calibrated too: K z = ±1.
	c2 := Compare(scores, Options{MinScoresToCalibrate: 2})
	if a2 := c2.Entries[0].ByMethod[Calibrated]; !a2.Calibrated || math.Abs(a2.Z-(2*zFG+1)/3) > 1e-12 {
		t.Errorf("a with K calibrated: %+v", a2)
	}
}

func TestCalibratedDefaultMinimum(t *testing.T) {
	// Four scores each: below DefaultMinScoresToCalibrate (5), so nobody is calibrated and
	// every z is against the pool: the calibrated order is the raw order.
	scores := scoresOf(t, "a:J=90 b:J=80 c:J=70 d:J=60 a:K=60 b:K=70 c:K=50 d:K=40")
	c := Compare(scores, Options{})
	if c.MinScoresToCalibrate != DefaultMinScoresToCalibrate {
		t.Errorf("minimum %d", c.MinScoresToCalibrate)
	}
	for _, j := range c.Judges {
		if j.Calibrated {
			t.Errorf("%s calibrated with %d scores", j.Judge, j.N)
		}
	}
	// With every z against the pool, the rescaled score is the raw mean itself.
	for _, e := range c.Entries {
		if cal, raw := e.ByMethod[Calibrated], e.ByMethod[RawMean]; cal.Score != raw.Score || cal.Rank != raw.Rank || cal.Uncalibrated != 2 {
			t.Errorf("%s: calibrated %+v, raw %+v", e.Entry, cal, raw)
		}
	}
}

func TestCalibratedJudgeWithoutSpread(t *testing.T) {
	// Z gives 80 to everything: enough scores but sd = 0, so Z is not calibrated and its
	// 80s are taken against the pool. F is calibrated (z = +1.2247, 0, −1.2247).
	scores := scoresOf(t, "a:F=90 b:F=80 c:F=70 a:Z=80 b:Z=80 c:Z=80")
	c := Compare(scores, Options{MinScoresToCalibrate: 3})
	if c.Judges[1].Judge != "Z" || c.Judges[1].Calibrated || c.Judges[1].SD != 0 {
		t.Errorf("judge Z %+v", c.Judges[1])
	}
	// Pool mean 80, variance (100+0+100)/6 → sd √(100/3); Z's 80 has pool z 0.
	// a: Z = (1.224745 + 0)/2, score 80 + √(100/3)·0.612372 = 83.54; c mirrors it at 76.46.
	if got, want := show(c.Rankings[Calibrated]), "1.a=83.54/2 2.b=80/2 3.c=76.46/2"; got != want {
		t.Errorf("calibrated %s, want %s", got, want)
	}
	// A judge whose equal scores are inexact in binary still has no spread.
	if got := Compare(scoresOf(t, "a:Z=0.1 b:Z=0.1 c:Z=0.1"), Options{MinScoresToCalibrate: 3}); got.Judges[0].Calibrated || got.Pool.SD != 0 {
		t.Errorf("0.1 three times has a spread: %+v %+v", got.Judges[0], got.Pool)
	}
}

func TestCalibratedPoolWithoutSpread(t *testing.T) {
	// Everyone gave 75: there is nothing to calibrate, every score is the pool mean.
	scores := scoresOf(t, "a:J=75 b:J=75 a:K=75 b:K=75")
	if got, want := show(Rank(scores, Calibrated, Options{MinScoresToCalibrate: 1})), "1.a=75/2 1.b=75/2"; got != want {
		t.Errorf("calibrated %s, want %s", got, want)
	}
}
