package calibrate

import (
	"math/rand/v2"
	"testing"
)

// The round the issue sizes: 20,000 entries × 3 scores each from 3,000 judges (20 scores
// per judge on average, so most judges are calibrated at the default minimum of 5).
func benchScores(b *testing.B) []Score {
	b.Helper()
	return panel(rand.New(rand.NewPCG(7, 8)), 20_000, 3_000, 3)
}

func BenchmarkCompare(b *testing.B) {
	scores := benchScores(b)
	b.ReportAllocs()
	for b.Loop() {
		Compare(scores, Options{})
	}
}

func BenchmarkRank(b *testing.B) {
	scores := benchScores(b)
	for _, m := range Methods() {
		b.Run(string(m), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Rank(scores, m, Options{})
			}
		})
	}
}

func BenchmarkCrossings(b *testing.B) {
	c := Compare(benchScores(b), Options{})
	b.ReportAllocs()
	for b.Loop() {
		Crossings(c, 2_000)
	}
}

func BenchmarkFinalTally(b *testing.B) {
	scores := []float64{85.5, 86, 84.5, 90, 80, 85, 86.5}
	b.ReportAllocs()
	for b.Loop() {
		FinalTally(scores)
	}
}
