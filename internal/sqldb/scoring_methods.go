package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/calibrate"
)

// roundScores loads the submitted totals of the round's pending entries as calibrate
// scores, with the entries' titles, and counts the pending entries with no sheet.
func roundScores(tx *Tx, editionID int64, round haizhi.RoundKind, decided bool) ([]calibrate.Score, map[int64]string, int, error) {
	titles := map[int64]string{}
	locale := readerLocale(tx.Actor())
	which := ` AND e.round = ? AND e.outcome = 'pending'`
	if decided { // every entry scored in the round, wherever it went
		which = ` AND EXISTS (SELECT 1 FROM score_sheets sh WHERE sh.entry_id = e.id AND sh.round = ? AND sh.submitted_at IS NOT NULL)`
	}
	err := eachRow(tx, `SELECT e.id, p.title_zh, p.title_en FROM entries e JOIN projects p ON p.id = e.project_id
		WHERE e.edition_id = ? AND e.status = ?`+which,
		[]any{editionID, string(haizhi.EntrySubmitted), string(round)}, func(scan func(...any) error) error {
			var id int64
			var zh, en string
			err := scan(&id, &zh, &en)
			titles[id] = haizhi.Localized(locale, zh, en)
			return err
		})
	if err != nil {
		return nil, nil, 0, fmt.Errorf("round entries: %w", err)
	}
	var scores []calibrate.Score
	scored := map[int64]bool{}
	// A judge found in conflict after scoring abstains: the sheet stays on record but
	// does not count, as on the live final's board.
	err = eachRow(tx, `SELECT entry_id, judge_user_id, total FROM score_sheets sh WHERE edition_id = ? AND round = ? AND submitted_at IS NOT NULL AND total IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.entry_id = sh.entry_id AND c.judge_user_id = sh.judge_user_id AND c.lifted = FALSE)`,
		[]any{editionID, string(round)}, func(scan func(...any) error) error {
			var e, j int64
			var total float64
			if err := scan(&e, &j, &total); err != nil {
				return err
			}
			if _, pending := titles[e]; pending {
				scores = append(scores, calibrate.Score{Entry: strconv.FormatInt(e, 10), Judge: strconv.FormatInt(j, 10), Value: total})
				scored[e] = true
			}
			return nil
		})
	if err != nil {
		return nil, nil, 0, fmt.Errorf("round sheets: %w", err)
	}
	return scores, titles, len(titles) - len(scored), nil
}

// roundMethod is the round's chosen method: its rubric's, the trimmed mean without one.
func roundMethod(tx *Tx, editionID int64, round haizhi.RoundKind) (haizhi.ScoreMethod, error) {
	r, err := loadRubric(tx, editionID, round)
	switch {
	case haizhi.ErrorCode(err) == haizhi.ENOTFOUND:
		return haizhi.MethodTrimmedMean, nil
	case err != nil:
		return "", err
	}
	return r.Method, nil
}

// lineQuotas are the lines a round's ranking is cut at: its quotas per division and
// track, or for the final one line under the prize places (as the ranking page cuts them).
func lineQuotas(ed *haizhi.Edition, round haizhi.RoundKind) []haizhi.Quota {
	if round != haizhi.RoundFinal {
		return roundQuotas(ed, round)
	}
	places := 0
	for _, t := range ed.Structure.PrizeTiers {
		places += t.Count
	}
	if places == 0 {
		return nil
	}
	return []haizhi.Quota{{Round: round, Count: places}}
}

// standings places every pending entry of the round against its cell's line under one
// method's scores, as haizhi.Advancement does on the ranking page.
func standings(entries []haizhi.Ranked, quotas []haizhi.Quota, scores map[int64]float64) map[int64]haizhi.Standing {
	in := make([]haizhi.Ranked, len(entries))
	for i, e := range entries {
		e.Score = nil
		if s, ok := scores[e.EntryID]; ok {
			e.Score = &s
		}
		in[i] = e
	}
	out := map[int64]haizhi.Standing{}
	for _, c := range haizhi.Advancement(in, quotas) {
		for _, l := range c.Lines {
			switch {
			case l.Advances:
				out[l.EntryID] = haizhi.StandingIn
			case l.Tied:
				out[l.EntryID] = haizhi.StandingTied
			case l.Score != nil:
				out[l.EntryID] = haizhi.StandingOut
			}
		}
	}
	return out
}

// CompareMethods ranks a round by every method; see haizhi.ScoringService.
func (s *ScoringService) CompareMethods(ctx context.Context, editionID int64, round haizhi.RoundKind) (*haizhi.MethodComparison, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, editionID)
	if err != nil {
		return nil, err
	}
	if _, err := roundOf(ed, round); err != nil {
		return nil, err
	}
	method, err := roundMethod(tx, editionID, round)
	if err != nil {
		return nil, err
	}
	scores, titles, pending, err := roundScores(tx, editionID, round, false)
	if err != nil {
		return nil, err
	}
	// A decided round has no entry pending: compare what its judges scored instead.
	decided := len(titles) == 0
	var ranked []haizhi.Ranked
	if decided {
		if scores, titles, pending, err = roundScores(tx, editionID, round, true); err != nil {
			return nil, err
		}
		ranked, err = scoredEntries(tx, ed, round)
	} else {
		ranked, err = rankedEntries(tx, ed, round, true)
	}
	if err != nil {
		return nil, err
	}
	quotas := lineQuotas(ed, round)
	c := calibrate.Compare(scores, calibrate.Options{})
	out := &haizhi.MethodComparison{Round: round, Method: method, HasLine: len(quotas) > 0, Judges: len(c.Judges), Pending: pending, Decided: decided}
	stand := map[haizhi.ScoreMethod]map[int64]haizhi.Standing{}
	for m, ranking := range c.Rankings {
		byEntry := map[int64]float64{}
		for _, es := range ranking {
			id, _ := strconv.ParseInt(es.Entry, 10, 64)
			byEntry[id] = es.Score
		}
		stand[haizhi.ScoreMethod(m)] = standings(ranked, quotas, byEntry)
	}
	for _, ec := range c.Entries {
		id, _ := strconv.ParseInt(ec.Entry, 10, 64)
		em := &haizhi.EntryMethods{EntryID: id, Title: titles[id], Sheets: ec.N, ByMethod: map[haizhi.ScoreMethod]haizhi.MethodScore{}}
		lo, hi := 0, 0
		var first haizhi.Standing
		for m, es := range ec.ByMethod {
			st := stand[haizhi.ScoreMethod(m)][id]
			em.ByMethod[haizhi.ScoreMethod(m)] = haizhi.MethodScore{Score: es.Score, Rank: es.Rank, Standing: st}
			if lo == 0 || es.Rank < lo {
				lo = es.Rank
			}
			hi = max(hi, es.Rank)
			if first == "" {
				first = st
			}
			em.Crossing = em.Crossing || st != first
		}
		em.Spread = hi - lo
		out.Entries = append(out.Entries, em)
	}
	slices.SortFunc(out.Entries, func(a, b *haizhi.EntryMethods) int {
		return cmp.Or(cmp.Compare(a.ByMethod[method].Rank, b.ByMethod[method].Rank), cmp.Compare(a.EntryID, b.EntryID))
	})
	return out, nil
}

// ApplyMethod writes the round's chosen method's scores into its ranking; see
// haizhi.ScoringService.
func (s *ScoringService) ApplyMethod(ctx context.Context, editionID int64, round haizhi.RoundKind) (int, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, editionID)
	if err != nil {
		return 0, err
	}
	rubric, err := loadRubric(tx, editionID, round)
	if err != nil {
		return 0, err
	}
	method := rubric.Method
	scores, _, _, err := roundScores(tx, editionID, round, false)
	if err != nil {
		return 0, err
	}
	ranked := calibrate.Rank(scores, calibrate.Method(method), calibrate.Options{})
	for _, es := range ranked {
		id, _ := strconv.ParseInt(es.Entry, 10, 64)
		if _, err := tx.Exec(`INSERT INTO entry_scores (entry_id, round, score, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (entry_id, round) DO UPDATE SET score = excluded.score, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			id, string(round), es.Score, tx.Actor().AuditName()+" ("+string(method)+")", tx.now); err != nil {
			return 0, fmt.Errorf("apply scores: %w", err)
		}
	}
	tx.Audit("scores.apply", "edition", editionID, ed.UnitPath, map[string]any{"round": round, "method": method, "entries": len(ranked)})
	return len(ranked), tx.Commit()
}
