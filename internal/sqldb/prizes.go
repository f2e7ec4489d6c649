package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// finalState reads the prize rank and status of every entry that reached the final.
func finalState(tx *Tx, ed *haizhi.Edition) (map[int64]int, map[int64]haizhi.PrizeStatus, error) {
	ranks, status := map[int64]int{}, map[int64]haizhi.PrizeStatus{}
	err := eachRow(tx, `SELECT id, prize_rank, prize_status FROM entries WHERE edition_id = ? AND round = ? AND status = ?`,
		[]any{ed.ID, string(haizhi.RoundFinal), string(haizhi.EntrySubmitted)}, func(scan func(...any) error) error {
			var id int64
			var rank int
			var st string
			if err := scan(&id, &rank, &st); err != nil {
				return err
			}
			if st != "" {
				ranks[id], status[id] = rank, haizhi.PrizeStatus(st)
			}
			return nil
		})
	if err != nil {
		return nil, nil, fmt.Errorf("final state: %w", err)
	}
	return ranks, status, nil
}

// prizeTable computes the final's prize ranking in tx.
func prizeTable(tx *Tx, ed *haizhi.Edition) (*haizhi.PrizeTable, error) {
	if _, err := roundOf(ed, haizhi.RoundFinal); err != nil {
		return nil, err
	}
	finalists, err := rankedEntries(tx, ed, haizhi.RoundFinal, false)
	if err != nil {
		return nil, err
	}
	ranks, status, err := finalState(tx, ed)
	if err != nil {
		return nil, err
	}
	revoked := map[int64]bool{}
	t := &haizhi.PrizeTable{Edition: ed, Awarded: map[int64]int{}, Status: status, Decided: len(status) > 0}
	for id, st := range status {
		if st == haizhi.PrizeRevoked {
			revoked[id] = true
		} else {
			t.Awarded[id] = ranks[id]
		}
	}
	t.Lines = haizhi.PrizeRanking(finalists, ed.Structure.PrizeTiers, revoked)
	for _, f := range finalists {
		if revoked[f.EntryID] {
			t.Revoked = append(t.Revoked, haizhi.PrizeLine{RankedLine: haizhi.RankedLine{Ranked: f}})
		}
	}
	return t, nil
}

// FindPrizes computes the prize ranking; see haizhi.RankingService.
func (s *RankingService) FindPrizes(ctx context.Context, editionID int64) (*haizhi.PrizeTable, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, editionID)
	if err != nil {
		return nil, err
	}
	return prizeTable(tx, ed)
}

// tierName names a prize tier in locale.
func tierName(ed *haizhi.Edition, rank int, locale string) string {
	for _, t := range ed.Structure.PrizeTiers {
		if t.Rank == rank {
			return haizhi.Localized(locale, t.NameZH, t.NameEN)
		}
	}
	return fmt.Sprint(rank)
}

// setPrize writes an entry's placing, records it on its status page, mails and audits.
func (s *RankingService) setPrize(tx *Tx, ed *haizhi.Edition, id int64, rank int, st haizhi.PrizeStatus, outcome haizhi.RoundOutcome, note string) error {
	e, err := loadEntry(tx, id)
	if err != nil {
		return err
	}
	tier := rank
	if tier == 0 {
		tier = e.PrizeRank // a revoked placing is named in the mail
	}
	if _, err := tx.Exec(`UPDATE entries SET prize_rank = ?, prize_status = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		rank, string(st), tx.now, id); err != nil {
		return fmt.Errorf("set prize: %w", err)
	}
	if err := recordDecision(tx, id, haizhi.RoundFinal, outcome, "", note); err != nil {
		return err
	}
	if err := s.entries.mailEntry(tx, e, ed, string(outcome), func(locale string) map[string]string {
		return map[string]string{"round": tierName(ed, tier, locale), "note": note}
	}); err != nil {
		return err
	}
	tx.Audit("entry."+string(outcome), "entry", id, ed.UnitPath, map[string]any{"rank": rank, "tier": tier, "status": st, "note": note})
	return nil
}

// AwardPrizes gives the computed tiers; see haizhi.RankingService.
func (s *RankingService) AwardPrizes(ctx context.Context, editionID int64) (int, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, editionID)
	if err != nil {
		return 0, err
	}
	t, err := prizeTable(tx, ed)
	if err != nil {
		return 0, err
	}
	if t.Decided {
		return 0, haizhi.Errorf(haizhi.EINVALID, "error.prizes_awarded", "The prizes have been awarded already.")
	}
	for _, l := range t.Lines {
		switch {
		case l.Score == nil:
			return 0, haizhi.Errorf(haizhi.EINVALID, "error.finalist_unscored", "Every finalist needs a score before prizes are awarded.")
		case l.Tied:
			return 0, haizhi.Errorf(haizhi.EINVALID, "error.prize_tied", "A prize boundary falls inside a tie; settle the tie first.")
		}
	}
	n := 0
	for _, l := range t.Lines {
		if l.Rank == 0 {
			continue
		}
		if err := s.setPrize(tx, ed, l.EntryID, l.Rank, haizhi.PrizeAwarded, haizhi.OutcomePrize, ""); err != nil {
			return 0, err
		}
		n++
	}
	return n, tx.Commit()
}

// RevokePrize withdraws a placing and offers it on; see haizhi.RankingService.
func (s *RankingService) RevokePrize(ctx context.Context, entryID int64, reason string) (int64, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return 0, haizhi.Invalid(map[string]string{"reason": "error.required"})
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	e, _, err := reachableEntry(tx, entryID, true)
	if err != nil {
		return 0, err
	}
	if e.PrizeStatus != haizhi.PrizeAwarded && e.PrizeStatus != haizhi.PrizeOffered {
		return 0, haizhi.Errorf(haizhi.EINVALID, "error.no_prize", "The entry holds no prize placing.")
	}
	ed, err := managedEditionParts(tx, e.EditionID)
	if err != nil {
		return 0, err
	}
	rank := e.PrizeRank
	if err := s.setPrize(tx, ed, e.ID, 0, haizhi.PrizeRevoked, haizhi.OutcomePrizeRevoked, reason); err != nil {
		return 0, err
	}
	// The placing goes to the best-ranked finalist who holds none and was not revoked.
	t, err := prizeTable(tx, ed)
	if err != nil {
		return 0, err
	}
	var next int64
	for _, l := range t.Lines {
		if _, has := t.Status[l.EntryID]; !has && l.Score != nil {
			next = l.EntryID
			break
		}
	}
	if next != 0 {
		if err := s.setPrize(tx, ed, next, rank, haizhi.PrizeOffered, haizhi.OutcomePrizeOffered, ""); err != nil {
			return 0, err
		}
	}
	return next, tx.Commit()
}

// AcceptPrize records an accepted offer; see haizhi.RankingService.
func (s *RankingService) AcceptPrize(ctx context.Context, entryID int64) error {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	e, _, err := reachableEntry(tx, entryID, true)
	if err != nil {
		return err
	}
	if e.PrizeStatus != haizhi.PrizeOffered {
		return haizhi.Errorf(haizhi.EINVALID, "error.no_offer", "The entry has no prize placing on offer.")
	}
	ed, err := managedEditionParts(tx, e.EditionID)
	if err != nil {
		return err
	}
	if err := s.setPrize(tx, ed, e.ID, e.PrizeRank, haizhi.PrizeAwarded, haizhi.OutcomePrize, ""); err != nil {
		return err
	}
	return tx.Commit()
}
