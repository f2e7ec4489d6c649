package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/haizhi-dev/haizhi"
)

// RankingService is the SQL implementation of haizhi.RankingService.
type RankingService struct {
	db      *DB
	entries *EntryService
}

// NewRankingService returns the ranking service over db.
func NewRankingService(db *DB) *RankingService {
	return &RankingService{db: db, entries: NewEntryService(db)}
}

var _ haizhi.RankingService = (*RankingService)(nil)

// managedEditionParts loads an edition the actor manages, with its structure and rules.
func managedEditionParts(tx *Tx, id int64) (*haizhi.Edition, error) {
	ed, err := managedEdition(tx, id)
	if err != nil {
		return nil, err
	}
	return ed, loadEditionParts(tx, ed)
}

// roundOf returns the edition's round of kind k; EINVALID when it has none.
func roundOf(ed *haizhi.Edition, k haizhi.RoundKind) (haizhi.Round, error) {
	for _, r := range ed.Structure.Rounds {
		if r.Kind == k {
			return r, nil
		}
	}
	return haizhi.Round{}, haizhi.Invalid(map[string]string{"round": "error.choose_one"})
}

// rankedEntries loads the submitted entries of a round with their scores in it: those
// pending there, or (pendingOnly false, for the final) every entry that reached it.
func rankedEntries(tx *Tx, ed *haizhi.Edition, round haizhi.RoundKind, pendingOnly bool) ([]haizhi.Ranked, error) {
	where := ` AND e.round = ?`
	if pendingOnly {
		where += ` AND e.outcome = 'pending'`
	}
	return rankedWhere(tx, ed, round, where, string(round))
}

// scoredEntries loads the submitted entries that judges scored in a round, wherever
// they are now, with their scores in it: a decided round seen again.
func scoredEntries(tx *Tx, ed *haizhi.Edition, round haizhi.RoundKind) ([]haizhi.Ranked, error) {
	return rankedWhere(tx, ed, round, ` AND EXISTS (SELECT 1 FROM score_sheets sh WHERE sh.entry_id = e.id AND sh.round = ? AND sh.submitted_at IS NOT NULL)`,
		string(round))
}

// rankedWhere loads the edition's submitted entries matching where (with its args) and
// their scores in round.
func rankedWhere(tx *Tx, ed *haizhi.Edition, round haizhi.RoundKind, where string, args ...any) ([]haizhi.Ranked, error) {
	q := `SELECT e.id, COALESCE(d.code, ''), COALESCE(tr.code, ''), p.title_zh, p.title_en, ta.name, s.score
		FROM entries e JOIN projects p ON p.id = e.project_id JOIN talents ta ON ta.id = e.talent_id
		LEFT JOIN edition_divisions d ON d.id = e.division_id LEFT JOIN edition_tracks tr ON tr.id = e.track_id
		LEFT JOIN entry_scores s ON s.entry_id = e.id AND s.round = ?
		WHERE e.edition_id = ? AND e.status = ?` + where
	var out []haizhi.Ranked
	locale := readerLocale(tx.Actor())
	err := eachRow(tx, q+` ORDER BY e.id`, append([]any{string(round), ed.ID, string(haizhi.EntrySubmitted)}, args...), func(scan func(...any) error) error {
		var r haizhi.Ranked
		var zh, en string
		var score sql.NullFloat64
		if err := scan(&r.EntryID, &r.Division, &r.Track, &zh, &en, &r.Lead, &score); err != nil {
			return err
		}
		r.Title = haizhi.Localized(locale, zh, en)
		if score.Valid {
			r.Score = &score.Float64
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ranked entries: %w", err)
	}
	return out, nil
}

// roundQuotas are the quotas of one round.
func roundQuotas(ed *haizhi.Edition, round haizhi.RoundKind) []haizhi.Quota {
	var out []haizhi.Quota
	for _, q := range ed.Structure.Quotas {
		if q.Round == round {
			out = append(out, q)
		}
	}
	return out
}

// SaveScores records scores of a round; see haizhi.RankingService.
func (s *RankingService) SaveScores(ctx context.Context, editionID int64, round haizhi.RoundKind, scores map[int64]*float64) error {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, editionID)
	if err != nil {
		return err
	}
	if _, err := roundOf(ed, round); err != nil {
		return err
	}
	in, err := rankedEntries(tx, ed, round, round != haizhi.RoundFinal)
	if err != nil {
		return err
	}
	current := map[int64]*float64{}
	for _, r := range in {
		current[r.EntryID] = r.Score
	}
	changed := 0
	for _, id := range slices.Sorted(mapKeysInt(scores)) {
		score := scores[id]
		old, ok := current[id]
		if !ok {
			return haizhi.Invalid(map[string]string{fmt.Sprintf("score_%d", id): "error.entry_not_in_round"})
		}
		if (old == nil && score == nil) || (old != nil && score != nil && *old == *score) {
			continue
		}
		if score == nil {
			_, err = tx.Exec(`DELETE FROM entry_scores WHERE entry_id = ? AND round = ?`, id, string(round))
		} else {
			_, err = tx.Exec(`INSERT INTO entry_scores (entry_id, round, score, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (entry_id, round) DO UPDATE SET score = excluded.score, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				id, string(round), *score, tx.Actor().AuditName(), tx.now)
		}
		if err != nil {
			return fmt.Errorf("save score: %w", err)
		}
		tx.Audit("entry.score", "entry", id, ed.UnitPath, map[string]any{"round": round, "from": old, "to": score})
		changed++
	}
	return tx.Commit()
}

func mapKeysInt[V any](m map[int64]V) func(yield func(int64) bool) {
	return func(yield func(int64) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// FindRanking computes a round's advancement; see haizhi.RankingService.
func (s *RankingService) FindRanking(ctx context.Context, editionID int64, round haizhi.RoundKind) (*haizhi.RoundRanking, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, editionID)
	if err != nil {
		return nil, err
	}
	rd, err := roundOf(ed, round)
	if err != nil {
		return nil, err
	}
	final := round == haizhi.RoundFinal
	in, err := rankedEntries(tx, ed, round, !final)
	if err != nil {
		return nil, err
	}
	quotas := roundQuotas(ed, round)
	if final {
		// The final is one ranking of all finalists, for the prizes: no one advances.
		places := 0
		for _, t := range ed.Structure.PrizeTiers {
			places += t.Count
		}
		quotas = []haizhi.Quota{{Round: round, Count: places}}
	}
	return &haizhi.RoundRanking{Edition: ed, Round: rd, Cells: haizhi.Advancement(in, quotas), Pending: len(in)}, nil
}

// ConfirmAdvancement applies the computed advancement of cells; see
// haizhi.RankingService.
func (s *RankingService) ConfirmAdvancement(ctx context.Context, editionID int64, round haizhi.RoundKind, cells []string, advanceTied bool) (int, int, error) {
	if len(cells) == 0 {
		return 0, 0, haizhi.Invalid(map[string]string{"cells": "error.choose_cells"})
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, editionID)
	if err != nil {
		return 0, 0, err
	}
	if _, err := roundOf(ed, round); err != nil {
		return 0, 0, err
	}
	in, err := rankedEntries(tx, ed, round, true)
	if err != nil {
		return 0, 0, err
	}
	var advance, reject []int64
	errs := map[string]string{}
	for _, c := range haizhi.Advancement(in, roundQuotas(ed, round)) {
		key := c.Division + "/" + c.Track
		if !slices.Contains(cells, key) {
			continue
		}
		switch {
		case c.Unscored > 0:
			errs["cell_"+key] = "error.cell_unscored"
			continue
		case len(c.Tied) > 0 && !advanceTied:
			errs["cell_"+key] = "error.cell_tied"
			continue
		}
		advance = append(append(advance, c.Advance...), c.Tied...)
		reject = append(reject, c.Reject...)
		if len(c.Tied) > 0 {
			tx.Audit("edition.advance_ties", "edition", ed.ID, ed.UnitPath, map[string]any{"round": round, "cell": key, "quota": c.Quota,
				"tied": c.Tied, "advancing": len(c.Advance) + len(c.Tied)})
		}
	}
	if len(errs) > 0 {
		return 0, 0, &haizhi.Error{Code: haizhi.EINVALID, Key: "error.cells_not_ready", Message: "Some cells cannot be confirmed yet.", Fields: errs}
	}
	advanced, err := s.entries.decideIn(tx, ed, haizhi.Decision{EditionID: ed.ID, EntryIDs: advance, Outcome: haizhi.OutcomeAdvanced})
	if err != nil {
		return 0, 0, err
	}
	rejected, err := s.entries.decideIn(tx, ed, haizhi.Decision{EditionID: ed.ID, EntryIDs: reject, Outcome: haizhi.OutcomeRejected, Reason: haizhi.ReasonBelowLine})
	if err != nil {
		return 0, 0, err
	}
	return advanced, rejected, tx.Commit()
}
