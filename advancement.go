package haizhi

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// RoundScore is an entry's score in a round, the basis of its ranking: an operator's
// manual ranking (typed in from a judging sheet) until the judging capability supplies
// scores. Higher is better.
type RoundScore struct {
	EntryID   int64     `json:"entry_id"`
	Round     RoundKind `json:"round"`
	Score     float64   `json:"score"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Ranked is an entry in a ranking: where it competes and its score, nil when none yet.
type Ranked struct {
	EntryID  int64    `json:"entry_id"`
	Division string   `json:"division"`
	Track    string   `json:"track"`
	Title    string   `json:"title"`
	Lead     string   `json:"lead"`
	Score    *float64 `json:"score"`
}

// RankedLine is a Ranked with its place in the cell and what the quota makes of it.
type RankedLine struct {
	Ranked
	Position int  `json:"position"` // 1-based; entries tied on a score share the first position of their group
	Advances bool `json:"advances"`
	Tied     bool `json:"tied"` // tied on the score at the cut line: the operator decides
}

// CellAdvancement is who advances out of one division × track cell of a round.
type CellAdvancement struct {
	Division  string       `json:"division"`
	Track     string       `json:"track"`
	Quota     int          `json:"quota"`
	Lines     []RankedLine `json:"lines"`
	Advance   []int64      `json:"advance"`
	Tied      []int64      `json:"tied"`
	Reject    []int64      `json:"reject"`
	Unscored  int          `json:"unscored"`
	LineScore *float64     `json:"line_score,omitempty"`
}

// Ready reports whether the cell can be confirmed as computed: every entry scored and no
// tie at the cut line.
func (c CellAdvancement) Ready() bool { return c.Unscored == 0 && len(c.Tied) == 0 }

// byScore orders a ranking: higher score first, unscored last, then by entry id so the
// order is stable.
func byScore(a, b Ranked) int {
	switch {
	case a.Score == nil && b.Score == nil:
		return cmp.Compare(a.EntryID, b.EntryID)
	case a.Score == nil:
		return 1
	case b.Score == nil:
		return -1
	case *a.Score != *b.Score:
		return cmp.Compare(*b.Score, *a.Score)
	}
	return cmp.Compare(a.EntryID, b.EntryID)
}

// rankLines sorts entries by score and gives each its position, tied scores sharing one.
func rankLines(entries []Ranked) []RankedLine {
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, byScore)
	lines := make([]RankedLine, len(sorted))
	for i, r := range sorted {
		lines[i] = RankedLine{Ranked: r, Position: i + 1}
		if i > 0 && r.Score != nil && sorted[i-1].Score != nil && *r.Score == *sorted[i-1].Score {
			lines[i].Position = lines[i-1].Position
		}
	}
	return lines
}

// Advancement computes, for every division × track cell that has a quota in quotas (the
// round's), who advances: the best Quota scores. When the score at the cut line is shared
// by entries on both sides of it, those entries are Tied and neither advance nor are
// rejected: ties are shown, never broken silently. Unscored entries hold their cell back.
// A quota with no division and track ranks every entry together. Cells come in the order
// of quotas. It is pure.
func Advancement(entries []Ranked, quotas []Quota) []CellAdvancement {
	byCell := map[[2]string][]Ranked{}
	for _, e := range entries {
		k := [2]string{e.Division, e.Track}
		byCell[k] = append(byCell[k], e)
	}
	var out []CellAdvancement
	for _, q := range quotas {
		cell := byCell[[2]string{q.Division, q.Track}]
		if q.Division == "" && q.Track == "" {
			cell = entries // one ranking of everyone: the final, ranked for its prizes
		}
		c := CellAdvancement{Division: q.Division, Track: q.Track, Quota: q.Count, Lines: rankLines(cell)}
		for i := range c.Lines {
			if c.Lines[i].Score == nil {
				c.Unscored++
			}
		}
		n := len(c.Lines)
		if n > 0 && c.Quota > 0 && c.Quota < n && c.Lines[c.Quota-1].Score != nil {
			c.LineScore = c.Lines[c.Quota-1].Score
		}
		for i := range c.Lines {
			l := &c.Lines[i]
			switch {
			case c.Quota >= n && l.Score != nil:
				l.Advances = true
			case l.Score == nil:
			case c.LineScore != nil && *l.Score == *c.LineScore && hasTieAcross(c.Lines, c.Quota, *c.LineScore):
				l.Tied = true
			case i < c.Quota:
				l.Advances = true
			}
			switch {
			case l.Score == nil:
			case l.Advances:
				c.Advance = append(c.Advance, l.EntryID)
			case l.Tied:
				c.Tied = append(c.Tied, l.EntryID)
			default:
				c.Reject = append(c.Reject, l.EntryID)
			}
		}
		out = append(out, c)
	}
	return out
}

// hasTieAcross reports whether the score at the cut line (after position quota) appears
// on both sides of it.
func hasTieAcross(lines []RankedLine, quota int, score float64) bool {
	return quota < len(lines) && lines[quota].Score != nil && *lines[quota].Score == score
}

// PrizeLine is a finalist's place in the prize ranking.
type PrizeLine struct {
	RankedLine
	Rank int  `json:"rank"` // the prize tier reached, 0 for none
	Tied bool `json:"tied_at_tier"`
}

// PrizeRanking gives the finalists their prize tiers from the final ranking: the best
// tiers[0].Count entries take the first tier, and so on. Entries tied on a score that a
// tier boundary cuts through are marked Tied and given no tier until the operator
// decides. excluded entries (placings revoked) take no tier. It is pure.
func PrizeRanking(finalists []Ranked, tiers []PrizeTier, excluded map[int64]bool) []PrizeLine {
	var eligible []Ranked
	for _, f := range finalists {
		if !excluded[f.EntryID] {
			eligible = append(eligible, f)
		}
	}
	lines := rankLines(eligible)
	out := make([]PrizeLine, len(lines))
	for i := range lines {
		out[i] = PrizeLine{RankedLine: lines[i]}
	}
	tiers = slices.Clone(tiers)
	slices.SortFunc(tiers, func(a, b PrizeTier) int { return cmp.Compare(a.Rank, b.Rank) })
	start := 0
	for _, t := range tiers {
		end := min(start+t.Count, len(out))
		for i := start; i < end; i++ {
			if out[i].Score == nil {
				continue
			}
			out[i].Rank = t.Rank
		}
		// A boundary inside a group of equal scores: the whole group is undecided.
		if end < len(out) && end > 0 && out[end].Score != nil && out[end-1].Score != nil && *out[end].Score == *out[end-1].Score {
			s := *out[end].Score
			for i := range out {
				if out[i].Score != nil && *out[i].Score == s {
					out[i].Tied, out[i].Rank = true, 0
				}
			}
		}
		start = end
	}
	return out
}

// PrizeStatus is where a prize placing stands after the final.
type PrizeStatus string

// Prize statuses. A placing is awarded from the final ranking; due diligence can revoke
// it with a recorded reason, and the next-ranked entry is then offered the placing until
// the operator records that it was accepted.
const (
	PrizeAwarded PrizeStatus = "awarded"
	PrizeOffered PrizeStatus = "offered"
	PrizeRevoked PrizeStatus = "revoked"
)

// RoundRanking is a round's ranking per cell with the state of its confirmation.
type RoundRanking struct {
	Edition *Edition          `json:"-"`
	Round   Round             `json:"round"`
	Cells   []CellAdvancement `json:"cells"`
	Pending int               `json:"pending"` // entries still pending in the round
}

// PrizeTable is the final's ranking with prize tiers and each placing's state.
type PrizeTable struct {
	Edition *Edition              `json:"-"`
	Lines   []PrizeLine           `json:"lines"`
	Awarded map[int64]int         `json:"awarded"` // entry → tier of its current placing
	Status  map[int64]PrizeStatus `json:"status"`
	Revoked []PrizeLine           `json:"revoked"`
	Decided bool                  `json:"decided"` // prizes have been awarded
}

// RankingService ranks the entries of a round and turns the ranking into decisions:
// advancement per division × track, and prizes after the final. Operators only
// (PermCompetitionManage on the competition's unit); anything else is ENOTFOUND.
type RankingService interface {
	// SaveScores records scores of entries pending in the round (a nil score clears one).
	SaveScores(ctx context.Context, editionID int64, round RoundKind, scores map[int64]*float64) error
	// FindRanking computes the round's advancement from its scores and quotas.
	FindRanking(ctx context.Context, editionID int64, round RoundKind) (*RoundRanking, error)
	// ConfirmAdvancement advances and rejects the entries of the given cells ("division/
	// track") as computed, recomputing first. A cell with unscored entries is refused; a
	// cell with a tie at the line is refused unless advanceTied, when every tied entry
	// advances (the quota is exceeded, and the audit says so). Applicants are mailed.
	ConfirmAdvancement(ctx context.Context, editionID int64, round RoundKind, cells []string, advanceTied bool) (advanced, rejected int, err error)
	// FindPrizes computes the prize ranking of the final.
	FindPrizes(ctx context.Context, editionID int64) (*PrizeTable, error)
	// AwardPrizes gives the computed tiers to the finalists (refused while a tier boundary
	// is tied or a finalist is unscored, or once awarded) and mails the winners.
	AwardPrizes(ctx context.Context, editionID int64) (int, error)
	// RevokePrize withdraws an awarded or offered placing after due diligence, with the
	// reason, and offers it to the best-ranked finalist without one; it returns that
	// entry's id (0 when none is left).
	RevokePrize(ctx context.Context, entryID int64, reason string) (offeredTo int64, err error)
	// AcceptPrize records that an offered placing was accepted.
	AcceptPrize(ctx context.Context, entryID int64) error
}
