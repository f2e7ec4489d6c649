package calibrate

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestRound2(t *testing.T) {
	for _, tc := range []struct {
		in, want float64
	}{
		{84.125, 84.13}, // exactly representable half
		{84.135, 84.14}, // the double is 84.13499999…: the decimal value decides
		{84.145, 84.15},
		{84.1249999, 84.12},
		{1.005, 1.01},   // naive math.Round(x*100)/100 gives 1.00
		{0.285, 0.29},   // naive gives 0.28
		{2.675, 2.68},   // the classic
		{8.345, 8.35},   // here x*100 overshoots to 834.5000000000001
		{99.995, 100},   // carries into the integer part
		{0.125, 0.13},   // half away from zero …
		{-0.125, -0.13}, // … on both sides
		{-0.004, 0},     // no negative zero
		{0, 0},
		{85, 85},
		{1234567890.125, 1234567890.13},    // beyond the fast path
		{0.000000001, 0},                   // more decimals than the fast path keeps
		{1e300, 1e300},                     // exact path, no overflow
		{77.77777777777777, 77.78},         // a rubric total
		{-5e-324, 0},                       // the smallest double
		{math.MaxFloat64, math.MaxFloat64}, // exact path at the top
	} {
		got := Round2(tc.in)
		if got != tc.want || math.Signbit(got) != math.Signbit(tc.want) {
			t.Errorf("Round2(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if !math.IsNaN(Round2(math.NaN())) || !math.IsInf(Round2(math.Inf(-1)), -1) {
		t.Error("non-finite values are returned as they are")
	}
	// The naive way really does get these wrong: the tests above are not vacuous.
	x := 1.005 // a variable: Go constant arithmetic is exact and would hide the trap
	if naive := math.Round(x*100) / 100; naive != 1 {
		t.Errorf("naive rounding of 1.005 = %v; the test no longer shows the trap", naive)
	}
}

func TestMeanHalfUp(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []float64
		want float64
	}{
		{"none", nil, 0},
		{"one", []float64{84.12}, 84.12},
		{"exact half", []float64{84.12, 84.13}, 84.13},
		// 84.105 exactly, but (84 + 84.21) / 2 is 84.10499999999999 in binary.
		{"binary sum below the half", []float64{84, 84.21}, 84.11},
		{"four scores", []float64{84, 84.21, 84, 84.21}, 84.11},
		{"thirds", []float64{90, 85, 85}, 86.67},
		{"thirds down", []float64{90, 90, 85}, 88.33},
		{"three-decimal totals", []float64{84.125, 84.13, 84.14}, 84.13}, // 252.395 / 3 = 84.131666…
		{"negative", []float64{-1, -0.01}, -0.51},                        // −0.505 away from zero
		{"exact path", []float64{77.77777777777777, 88.88888888888889}, 83.33},
		{"huge", []float64{1e308, 1e308, 1e308}, 1e308},
		{"mixed signs", []float64{-1e20, 1e20, 0.005}, 0}, // 0.005 / 3 = 0.00166…
	} {
		if got := meanHalfUp(tc.in); got != tc.want {
			t.Errorf("%s: meanHalfUp(%v) = %v, want %v", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestScaled(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want int64
		ok   bool
	}{
		{84.12, 8_412_000_000, true},
		{-0.5, -50_000_000, true},
		{0, 0, true},
		{123456789.12345678, 12_345_678_912_345_678, true},
		{0.123456789, 0, false}, // nine decimals
		{1e9, 0, false},
		{math.NaN(), 0, false},
		{math.Inf(1), 0, false},
	} {
		got, ok := scaled(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("scaled(%v) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestRound2DigitsAgreesWithExact checks the digit-based rounding of one value against
// the big.Rat path over values of every magnitude it takes.
func TestRound2DigitsAgreesWithExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for range 20_000 {
		v := (rng.Float64()*2 - 1) * math.Pow(10, float64(rng.IntN(16)-3))
		if rng.IntN(4) == 0 {
			v = float64(rng.IntN(2_000_000)-1_000_000)/1000 + 0.0005*float64(rng.IntN(3)) // halves and near-halves
		}
		got, ok := round2Digits(v)
		if want := meanHalfUpExact([]float64{v}); !ok && math.Abs(v) < 1e13 || ok && got != want {
			t.Fatalf("round2Digits(%v) = %v, %v; exact %v", v, got, ok, want)
		}
	}
}
