package assign_test

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi/internal/assign"
	"github.com/haizhi-dev/haizhi/internal/assign/assigntest"
)

// The speed targets: dense 2,000 entries × 300 judges × 5 judges each, every pair
// scored, 3% conflicts, ≤ 2 s; sparse 20,000 × 3,000 × 3 judges each, 50 candidates per
// entry (OnlyListedPairs), ≤ 60 s and ≤ 4 GB. Run with
//
//	go test ./internal/assign/ -run '^$' -bench . -benchtime 3x

func BenchmarkSolveDense(b *testing.B) {
	benchmarkSolve(b, assigntest.Dense(1, 2000, 300, 5, 0.03))
}

func BenchmarkSolveSparse(b *testing.B) {
	benchmarkSolve(b, assigntest.Sparse(1, 20000, 3000, 3, 50))
}

// BenchmarkSolveSparseAllPairs is the sparse instance with the default meaning:
// every unlisted, unconflicted pair is allowed at score 0 (60 million arcs).
func BenchmarkSolveSparseAllPairs(b *testing.B) {
	in := assigntest.Sparse(1, 20000, 3000, 3, 50)
	in.OnlyListedPairs = false
	benchmarkSolve(b, in)
}

// benchmarkSolve times Solve and reports the peak heap in use (sampled every 10 ms) as
// peak-MB, on top of the instance itself.
func benchmarkSolve(b *testing.B, in assign.Instance) {
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	})
	b.ResetTimer()
	for b.Loop() {
		res, err := assign.Solve(in)
		if err != nil || res.Status != assign.StatusOptimal {
			b.Fatalf("%v %s %v", err, res.Status, res.Reasons)
		}
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(peak.Load())/1e6, "peak-MB")
	b.ReportMetric(float64(base.HeapInuse)/1e6, "instance-MB")
}
