package haizhi

import (
	"fmt"
	"slices"
	"testing"
)

func ranked(id int64, div, track string, score ...float64) Ranked {
	r := Ranked{EntryID: id, Division: div, Track: track}
	if len(score) > 0 {
		r.Score = &score[0]
	}
	return r
}

func TestAdvancement(t *testing.T) {
	quotas := []Quota{{Round: RoundSemifinal, Division: "eu", Track: "ai", Count: 2}, {Round: RoundSemifinal, Division: "na", Track: "ai", Count: 2},
		{Round: RoundSemifinal, Division: "as", Track: "ai", Count: 3}, {Round: RoundSemifinal, Division: "oc", Track: "ai", Count: 1}}
	entries := []Ranked{
		// eu: a clean cut.
		ranked(1, "eu", "ai", 90), ranked(2, "eu", "ai", 70), ranked(3, "eu", "ai", 85), ranked(4, "eu", "ai", 60),
		// na: 80 is shared across the line (positions 2 and 3): both tied, 95 advances.
		ranked(5, "na", "ai", 95), ranked(6, "na", "ai", 80), ranked(7, "na", "ai", 80), ranked(8, "na", "ai", 50),
		// as: fewer entries than places; one unscored holds the cell back.
		ranked(9, "as", "ai", 10), ranked(10, "as", "ai"),
		// oc: a tie above the line only (positions 1 and 2 share 99 with a quota of 1).
		ranked(11, "oc", "ai", 99), ranked(12, "oc", "ai", 99),
		// A cell without a quota is not computed.
		ranked(13, "xx", "ai", 100),
	}
	cells := Advancement(entries, quotas)
	got := func(c CellAdvancement) string { return fmt.Sprint(c.Advance, c.Tied, c.Reject, c.Unscored, c.Ready()) }
	for i, want := range []string{
		"[1 3] [] [2 4] 0 true",
		"[5] [6 7] [8] 0 false",
		"[9] [] [] 1 false",
		"[] [11 12] [] 0 false",
	} {
		if g := got(cells[i]); g != want {
			t.Errorf("cell %s/%s = %s, want %s", cells[i].Division, cells[i].Track, g, want)
		}
	}
	if len(cells) != 4 {
		t.Fatalf("%d cells", len(cells))
	}
	if pos := []int{cells[1].Lines[1].Position, cells[1].Lines[2].Position}; !slices.Equal(pos, []int{2, 2}) {
		t.Errorf("tied entries share a position: %v", pos)
	}
}

func TestPrizeRanking(t *testing.T) {
	tiers := []PrizeTier{{Rank: 2, Count: 2}, {Rank: 1, Count: 1}, {Rank: 3, Count: 2}}
	var fin []Ranked
	for i, s := range []float64{95, 93, 91, 88, 88, 80} {
		fin = append(fin, ranked(int64(i+1), "eu", "ai", s))
	}
	lines := PrizeRanking(fin, tiers, nil)
	var ranks []int
	for _, l := range lines {
		ranks = append(ranks, l.Rank)
	}
	// 1st: 95; 2nd: 93, 91; 3rd: 88, 88 (both fit in the two places); 80 none.
	if !slices.Equal(ranks, []int{1, 2, 2, 3, 3, 0}) {
		t.Errorf("ranks %v", ranks)
	}
	// A tie cut by the boundary of the third tier (one place left for two 88s).
	tiers[2].Count = 1
	lines = PrizeRanking(fin, tiers, nil)
	if lines[3].Rank != 0 || !lines[3].Tied || !lines[4].Tied || lines[2].Rank != 2 {
		t.Errorf("tie at a boundary: %+v", lines)
	}
	// Revoking the winner moves everyone up.
	lines = PrizeRanking(fin, []PrizeTier{{Rank: 1, Count: 1}}, map[int64]bool{1: true})
	if lines[0].EntryID != 2 || lines[0].Rank != 1 {
		t.Errorf("after revoking: %+v", lines[0])
	}
}
