package match

import (
	"math"
	"testing"
)

// Hand-computed: relevant {a, c, x}; ranking a b c d e f → hits at ranks 1 and 3.
func TestMatchRankMetrics(t *testing.T) {
	rel := map[string]bool{"a": true, "c": true, "x": true}
	p5, r10, ndcg := rankMetrics([]string{"a", "b", "c", "d", "e", "f"}, rel)
	dcg := 1 + 1/math.Log2(4)
	ideal := 1 + 1/math.Log2(3) + 1/math.Log2(4)
	if p5 != 0.4 || math.Abs(r10-2.0/3) > 1e-12 || math.Abs(ndcg-dcg/ideal) > 1e-12 {
		t.Errorf("got %v %v %v, want 0.4 %v %v", p5, r10, ndcg, 2.0/3, dcg/ideal)
	}
	// A short ranking still divides precision by 5; a perfect one has nDCG 1.
	p5, r10, ndcg = rankMetrics([]string{"a"}, map[string]bool{"a": true})
	if p5 != 0.2 || r10 != 1 || ndcg != 1 {
		t.Errorf("got %v %v %v, want 0.2 1 1", p5, r10, ndcg)
	}
	if p5, r10, ndcg = rankMetrics(nil, rel); p5 != 0 || r10 != 0 || ndcg != 0 {
		t.Errorf("empty ranking: %v %v %v", p5, r10, ndcg)
	}
}

func TestMatchYuan(t *testing.T) {
	for v, want := range map[int64]string{5_000_000: "5M yuan", 2_500_000: "2.5M yuan", 800_000: "800K yuan",
		12_345: "12.35K yuan", 999: "999 yuan", 1_000_000_000: "1000M yuan"} {
		if got := yuan(v); got != want {
			t.Errorf("yuan(%d) = %q, want %q", v, got, want)
		}
	}
}
