package calibrate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// panel is a random round: entries e0…, each scored by perEntry distinct judges j0… drawn
// at random; judge j has a bias and a spread of their own, so raw means are unfair.
// Values have two decimals and stay within 0–100.
func panel(rng *rand.Rand, entries, judges, perEntry int) []Score {
	bias, spread := make([]float64, judges), make([]float64, judges)
	for j := range judges {
		bias[j], spread[j] = rng.NormFloat64()*8, 0.5+rng.Float64()
	}
	scores := make([]Score, 0, entries*perEntry)
	for e := range entries {
		quality := rng.NormFloat64() * 8
		var drawn []int
		for len(drawn) < min(perEntry, judges) {
			if j := rng.IntN(judges); !slices.Contains(drawn, j) {
				drawn = append(drawn, j)
			}
		}
		for _, j := range drawn {
			v := 70 + bias[j] + spread[j]*(quality+rng.NormFloat64()*3)
			v = math.Round(min(100, max(0, v))*100) / 100
			scores = append(scores, Score{Entry: fmt.Sprintf("e%05d", e), Judge: fmt.Sprintf("j%04d", j), Value: v})
		}
	}
	return scores
}

// transformJudge returns scores with judge's values mapped by f.
func transformJudge(scores []Score, judge string, f func(float64) float64) []Score {
	out := slices.Clone(scores)
	for i := range out {
		if out[i].Judge == judge {
			out[i].Value = f(out[i].Value)
		}
	}
	return out
}

// TestCalibrationInvariance: shifting or scaling (by a positive factor) a calibrated
// judge's scores changes nothing about the calibrated ranking. Each entry's Z is the
// same; ranks are the same for every entry not tied on its rounded score in either run
// (the pool's mean and sd move, so the rescaled scores do, and two-decimal rounding may
// tie or untie neighbours); and no pair is ever ranked against its Z order.
func TestCalibrationInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	o := Options{MinScoresToCalibrate: 4}
	for trial := range 40 {
		scores := panel(rng, 60, 12, 3)
		base := Rank(scores, Calibrated, o)
		judge := fmt.Sprintf("j%04d", rng.IntN(12))
		if j := findJudge(Compare(scores, o).Judges, judge); !j.Calibrated {
			continue
		}
		shift, factor := rng.Float64()*60-30, 0.2+rng.Float64()*3
		for name, f := range map[string]func(float64) float64{
			"shift": func(v float64) float64 { return v + shift },
			"scale": func(v float64) float64 { return v * factor },
			"both":  func(v float64) float64 { return v*factor + shift },
		} {
			got := Rank(transformJudge(scores, judge, f), Calibrated, o)
			ctx := fmt.Sprintf("trial %d, %s of %s", trial, name, judge)
			sameCalibratedRanking(t, ctx, base, got)
		}
	}
}

func findJudge(js []JudgeStat, id string) JudgeStat {
	for _, j := range js {
		if j.Judge == id {
			return j
		}
	}
	return JudgeStat{}
}

func sameCalibratedRanking(t *testing.T, ctx string, a, b []EntryScore) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d entries, then %d", ctx, len(a), len(b))
	}
	byEntry := func(rs []EntryScore) map[string]EntryScore {
		m := map[string]EntryScore{}
		for _, r := range rs {
			m[r.Entry] = r
		}
		return m
	}
	tied := func(rs []EntryScore) map[string]bool {
		m := map[string]bool{}
		for i := 1; i < len(rs); i++ {
			if rs[i].Score == rs[i-1].Score {
				m[rs[i].Entry], m[rs[i-1].Entry] = true, true
			}
		}
		return m
	}
	ma, mb, ta, tb := byEntry(a), byEntry(b), tied(a), tied(b)
	for e, x := range ma {
		y := mb[e]
		if math.Abs(x.Z-y.Z) > 1e-9 || x.Calibrated != y.Calibrated {
			t.Fatalf("%s: %s z %v then %v", ctx, e, x.Z, y.Z)
		}
		if !ta[e] && !tb[e] && x.Rank != y.Rank {
			t.Fatalf("%s: %s rank %d then %d", ctx, e, x.Rank, y.Rank)
		}
	}
	for _, rs := range [][]EntryScore{a, b} {
		for i := 1; i < len(rs); i++ {
			if rs[i].Z > rs[i-1].Z+1e-9 && rs[i].Score != rs[i-1].Score {
				t.Fatalf("%s: %s (z %v) ranked below %s (z %v)", ctx, rs[i].Entry, rs[i].Z, rs[i-1].Entry, rs[i-1].Z)
			}
		}
	}
}

// TestRankIsAPermutation: every method ranks every entry that has a score exactly once,
// counts every score, numbers positions as haizhi does, and orders ties by entry id.
func TestRankIsAPermutation(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		scores := panel(rng, 1+rng.IntN(80), 1+rng.IntN(10), 1)
		for i := range scores {
			if rng.IntN(3) == 0 {
				scores[i].Value = float64(60 + 5*rng.IntN(4)) // coarse values: many ties
			}
		}
		// Some entries get extra scores so that trimming applies.
		for range rng.IntN(40) {
			s := scores[rng.IntN(len(scores))]
			scores = append(scores, Score{Entry: s.Entry, Judge: fmt.Sprintf("x%d", rng.IntN(8)), Value: float64(rng.IntN(101))})
		}
		entries := map[string]int{}
		for _, s := range scores {
			entries[s.Entry]++
		}
		for _, m := range Methods() {
			rs := Rank(scores, m, Options{MinScoresToCalibrate: 3})
			seen := map[string]bool{}
			for i, r := range rs {
				if seen[r.Entry] || entries[r.Entry] != r.N {
					t.Fatalf("trial %d, %s: %+v repeated or miscounted", trial, m, r)
				}
				seen[r.Entry] = true
				switch {
				case i == 0 && r.Rank != 1:
					t.Fatalf("trial %d, %s: first has rank %d", trial, m, r.Rank)
				case i > 0 && r.Score == rs[i-1].Score && (r.Rank != rs[i-1].Rank || r.Entry < rs[i-1].Entry):
					t.Fatalf("trial %d, %s: tie %+v after %+v", trial, m, r, rs[i-1])
				case i > 0 && r.Score != rs[i-1].Score && (r.Rank != i+1 || r.Score > rs[i-1].Score):
					t.Fatalf("trial %d, %s: %+v after %+v", trial, m, r, rs[i-1])
				}
			}
			if len(seen) != len(entries) {
				t.Fatalf("trial %d, %s: %d entries ranked of %d", trial, m, len(seen), len(entries))
			}
		}
	}
}

// TestRankIgnoresInputOrder: shuffling the scores changes nothing, to the last bit.
func TestRankIgnoresInputOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 10 {
		scores := panel(rng, 200, 25, 3)
		o := Options{MinScoresToCalibrate: 5}
		want := Compare(scores, o)
		shuffled := slices.Clone(scores)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := Compare(shuffled, o); !reflect.DeepEqual(got, want) {
			t.Fatal("Compare depends on the order of the scores")
		}
		for _, m := range Methods() {
			if !reflect.DeepEqual(Rank(shuffled, m, o), want.Rankings[m]) {
				t.Fatalf("%s: Rank differs from Compare or depends on the order of the scores", m)
			}
		}
	}
}
