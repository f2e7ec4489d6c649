package match_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi/internal/match"
	"github.com/haizhi-dev/haizhi/internal/textseg"
)

// The speed targets: 10,000 projects × 50,000 needs, the top 10 needs of every
// project, ≤ 30 s; one project's top needs on demand, index prebuilt, ≤ 50 ms. Run with
//
//	go test ./internal/match/ -run '^$' -bench . -benchtime 1x
//
// Both use the production tokenizer (textseg, whose dictionary is loaded before the
// timer starts). BenchmarkRecommendAll times indexing (tokenising 60,000 texts) and the
// 10,000 queries together and reports each part.

const (
	benchProjects = 10_000
	benchNeeds    = 50_000
)

func BenchmarkRecommendAll(b *testing.B) {
	tok := textseg.Default().Tokens
	c := genCorpus(1, benchProjects, benchNeeds)
	b.ReportAllocs()
	b.ResetTimer()
	var index, query time.Duration
	for b.Loop() {
		t0 := time.Now()
		m, err := match.New(c, match.Options{Tokenize: tok})
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		recs, err := m.ForEveryProject(match.KindNeed, 10, nil)
		if err != nil {
			b.Fatal(err)
		}
		query += time.Since(t1)
		index += t1.Sub(t0)
		if len(recs) != benchProjects || len(recs[0]) != 10 {
			b.Fatalf("got %d lists, the first of %d", len(recs), len(recs[0]))
		}
	}
	b.ReportMetric(index.Seconds()/float64(b.N), "index-s/op")
	b.ReportMetric(query.Seconds()/float64(b.N), "query-s/op")
}

func BenchmarkRecommendOne(b *testing.B) {
	tok := textseg.Default().Tokens
	c := genCorpus(1, benchProjects, benchNeeds)
	heap := func() float64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc) / (1 << 20)
	}
	before := heap()
	m, err := match.New(c, match.Options{Tokenize: tok})
	if err != nil {
		b.Fatal(err)
	}
	indexMB := heap() - before // the Matcher's own memory, beyond the corpus and dictionary
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	var worst time.Duration
	for b.Loop() {
		t := time.Now()
		recs, err := m.ForProject(c.Projects[i%len(c.Projects)].ID, match.KindNeed, 10, nil)
		worst = max(worst, time.Since(t))
		if err != nil || len(recs) == 0 {
			b.Fatal(err, len(recs))
		}
		i += 7919 // a prime stride: a different project each time
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
	b.ReportMetric(indexMB, "index-MB")
	runtime.KeepAlive(m)
}
