package calibrate

import (
	"encoding/binary"
	"math"
	"slices"
	"testing"
)

func TestFinalTally(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name    string
		scores  []float64
		want    float64
		dropped []int
	}{
		{"no scores", nil, 0, nil},
		{"one", []float64{85}, 85, nil},
		{"four: plain mean", []float64{90, 80, 70, 60}, 75, nil},
		{"five: drop 95 and 60", []float64{95, 60, 80, 85, 90}, 85, []int{0, 1}},
		{"seven judges", []float64{85.5, 86, 84.5, 90, 80, 85, 86.5}, 85.5, []int{3, 4}}, // 427.5 / 5
		{"five equal: drop the first two", []float64{80, 80, 80, 80, 80}, 80, []int{0, 1}},
		{"repeated highs and lows: first of each", []float64{90, 70, 90, 80, 70}, 80, []int{0, 1}},
		{"lowest before highest", []float64{70, 90, 80, 90, 70}, 80, []int{1, 0}},
		{"highest repeated, dropped once", []float64{80, 95, 95, 70, 85}, 86.67, []int{1, 3}}, // (80+95+85)/3 = 86.666…
		// Keeps 84, 84.21, 84, 84.21: 84.105 exactly → 84.11 (binary: 84.10499999999999).
		{"half up on the decimal mean", []float64{90, 84, 84.21, 84, 84.21, 80}, 84.11, []int{0, 5}},
		{"three-decimal scores", []float64{84.125, 84.135, 84.145, 99, 1}, 84.14, []int{3, 4}}, // 84.135 → 84.14
		{"exactly four after an abstention", []float64{nan, 90, 80, 70, 60}, 75, nil},
		{"non-finite ignored, indices kept", []float64{nan, 95, 60, math.Inf(1), 80, 85, 90}, 85, []int{1, 2}},
		{"nothing usable", []float64{nan, math.Inf(-1)}, 0, nil},
	} {
		got, dropped := FinalTally(tc.scores)
		if got != tc.want || !slices.Equal(dropped, tc.dropped) {
			t.Errorf("%s: FinalTally(%v) = %v, %v; want %v, %v", tc.name, tc.scores, got, dropped, tc.want, tc.dropped)
		}
	}
}

// FuzzFinalTally checks, for any scores, that the tally is a number, lies between the
// lowest and highest score (rounded as the tally is: a mean of 84.123s shows as 84.12),
// and drops one highest and one lowest exactly when there are at least five scores.
// plausible turns each two bytes into a 0–100 score with two decimals, for which the
// bounds hold without rounding; otherwise each eight bytes are any float64.
func FuzzFinalTally(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, true)
	f.Add([]byte{255, 255, 0, 0, 255, 255, 0, 0, 200, 1}, true)
	f.Add(binary.LittleEndian.AppendUint64(nil, math.Float64bits(math.MaxFloat64)), false)
	f.Add(binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, math.Float64bits(math.NaN())), 1), false)
	f.Fuzz(func(t *testing.T, data []byte, plausible bool) {
		var scores []float64
		for len(data) >= 8 || (plausible && len(data) >= 2) {
			if plausible {
				scores = append(scores, float64(binary.LittleEndian.Uint16(data)%10001)/100)
				data = data[2:]
			} else {
				scores = append(scores, math.Float64frombits(binary.LittleEndian.Uint64(data)))
				data = data[8:]
			}
			if len(scores) == 40 {
				break
			}
		}
		got, dropped := FinalTally(scores)
		if math.IsNaN(got) || math.IsInf(got, 0) {
			t.Fatalf("FinalTally(%v) = %v", scores, got)
		}
		lo, hi, n := math.Inf(1), math.Inf(-1), 0
		for _, v := range scores {
			if finite(v) {
				lo, hi, n = min(lo, v), max(hi, v), n+1
			}
		}
		if n == 0 {
			if got != 0 || dropped != nil {
				t.Fatalf("FinalTally(%v) = %v, %v with no usable score", scores, got, dropped)
			}
			return
		}
		bottom, top := lo, hi
		if !plausible {
			bottom, top = Round2(lo), Round2(hi)
		}
		if got < bottom || got > top {
			t.Fatalf("FinalTally(%v) = %v, outside [%v, %v]", scores, got, bottom, top)
		}
		if (n >= TrimFrom) != (len(dropped) == 2) {
			t.Fatalf("%d usable scores, dropped %v", n, dropped)
		}
		if len(dropped) == 2 {
			h, l := dropped[0], dropped[1]
			if h == l || scores[h] != hi || scores[l] != lo {
				t.Fatalf("FinalTally(%v) dropped %v", scores, dropped)
			}
		}
	})
}
