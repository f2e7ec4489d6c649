package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// ScoringService is the SQL implementation of haizhi.ScoringService.
type ScoringService struct{ db *DB }

// NewScoringService returns the scoring service over db.
func NewScoringService(db *DB) *ScoringService { return &ScoringService{db: db} }

var _ haizhi.ScoringService = (*ScoringService)(nil)

// loadRubric reads a round's rubric without checking access; ENOTFOUND when none.
func loadRubric(tx *Tx, editionID int64, round haizhi.RoundKind) (*haizhi.RoundRubric, error) {
	r := &haizhi.RoundRubric{EditionID: editionID, Round: round}
	var criteria string
	err := tx.QueryRow(`SELECT criteria, blind, method, version FROM rubrics WHERE edition_id = ? AND round = ?`, editionID, string(round)).
		Scan(&criteria, &r.Blind, &r.Method, &r.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("rubric")
	} else if err != nil {
		return nil, fmt.Errorf("find rubric: %w", err)
	}
	if err := json.Unmarshal([]byte(criteria), &r.Criteria); err != nil {
		return nil, fmt.Errorf("decode rubric: %w", err)
	}
	return r, nil
}

// SetRubric replaces a round's rubric; see haizhi.ScoringService.
func (s *ScoringService) SetRubric(ctx context.Context, r *haizhi.RoundRubric) (*haizhi.RoundRubric, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, r.EditionID)
	if err != nil {
		return nil, err
	}
	if _, err := roundOf(ed, r.Round); err != nil {
		return nil, err
	}
	cur, err := loadRubric(tx, r.EditionID, r.Round)
	var before haizhi.ScoreMethod // the method until now, for the audit
	switch {
	case haizhi.ErrorCode(err) == haizhi.ENOTFOUND:
		if r.Version != 0 {
			return nil, &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.version_conflict", Message: "The rubric was changed by someone else."}
		}
		if _, err := tx.Exec(`INSERT INTO rubrics (edition_id, round, criteria, blind, method, version, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?)`,
			r.EditionID, string(r.Round), jsonText(r.Criteria), r.Blind, string(r.Method), tx.now); err != nil {
			return nil, fmt.Errorf("save rubric: %w", err)
		}
	case err != nil:
		return nil, err
	default:
		if cur.Version != r.Version {
			return nil, &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.version_conflict", Message: "The rubric was changed by someone else."}
		}
		var submitted int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM score_sheets WHERE edition_id = ? AND round = ? AND submitted_at IS NOT NULL`,
			r.EditionID, string(r.Round)).Scan(&submitted); err != nil {
			return nil, fmt.Errorf("count sheets: %w", err)
		}
		// The method is chosen before scores are in, like the criteria: judges scored
		// knowing how their totals would count.
		if submitted > 0 {
			return nil, haizhi.Errorf(haizhi.EINVALID, "error.rubric_in_use", "Judges have submitted scores on this rubric.")
		}
		before = cur.Method
		if _, err := tx.Exec(`UPDATE rubrics SET criteria = ?, blind = ?, method = ?, version = version + 1, updated_at = ? WHERE edition_id = ? AND round = ?`,
			jsonText(r.Criteria), r.Blind, string(r.Method), tx.now, r.EditionID, string(r.Round)); err != nil {
			return nil, fmt.Errorf("save rubric: %w", err)
		}
	}
	detail := map[string]any{"round": r.Round, "criteria": len(r.Criteria), "blind": r.Blind, "method": r.Method}
	if before != "" && before != r.Method {
		detail["method_before"] = before
	}
	tx.Audit("rubric.set", "edition", ed.ID, ed.UnitPath, detail)
	out, err := loadRubric(tx, r.EditionID, r.Round)
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// FindRubric returns a round's rubric; see haizhi.ScoringService.
func (s *ScoringService) FindRubric(ctx context.Context, editionID int64, round haizhi.RoundKind) (*haizhi.RoundRubric, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ed, err := entryEdition(tx, editionID)
	if err != nil {
		return nil, err
	}
	a := tx.Actor()
	if !a.Can(haizhi.PermCompetitionManage, ed.UnitPath) {
		if a == nil || a.UserID == 0 {
			return nil, haizhi.ErrUnauthorized
		}
		if ok, err := inPool(tx, editionID, a.UserID); err != nil {
			return nil, err
		} else if !ok {
			return nil, haizhi.NotFound("rubric")
		}
	}
	return loadRubric(tx, editionID, round)
}

// publishedAssignment finds the actor's published, unconflicted assignment for an entry.
func publishedAssignment(tx *Tx, entryID, judgeUserID int64) (id int64, editionID int64, round haizhi.RoundKind, err error) {
	err = tx.QueryRow(`SELECT a.id, a.edition_id, a.round FROM assignments a WHERE a.entry_id = ? AND a.judge_user_id = ? AND a.published = TRUE
		AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.entry_id = a.entry_id AND c.judge_user_id = a.judge_user_id AND c.lifted = FALSE)
		ORDER BY a.id DESC LIMIT 1`, entryID, judgeUserID).Scan(&id, &editionID, &round)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, "", haizhi.NotFound("entry")
	}
	return id, editionID, round, err
}

const sheetColumns = `assignment_id, entry_id, judge_user_id, round, scores, comment, total, submitted_at, reopened_at, reopen_reason, updated_at`

func scanSheet(s interface{ Scan(...any) error }, extra ...any) (*haizhi.ScoreSheet, error) {
	sh := &haizhi.ScoreSheet{Values: map[string]float64{}}
	var scores string
	var total sql.NullFloat64
	var submitted, reopened sql.NullTime
	dst := append([]any{&sh.AssignmentID, &sh.EntryID, &sh.JudgeUserID, &sh.Round, &scores, &sh.Comment, &total, &submitted, &reopened,
		&sh.ReopenReason, &sh.UpdatedAt}, extra...)
	if err := s.Scan(dst...); err != nil {
		return nil, err
	}
	sh.ReopenedAt = timePtr(reopened)
	if err := json.Unmarshal([]byte(scores), &sh.Values); err != nil {
		return nil, fmt.Errorf("decode sheet: %w", err)
	}
	if total.Valid {
		sh.Total = &total.Float64
	}
	sh.SubmittedAt, sh.UpdatedAt = timePtr(submitted), sh.UpdatedAt.UTC()
	return sh, nil
}

// SaveSheet saves or submits the judge's sheet; see haizhi.ScoringService.
func (s *ScoringService) SaveSheet(ctx context.Context, entryID int64, values map[string]float64, comment string, submit bool) (*haizhi.ScoreSheet, error) {
	a := haizhi.ActorFromContext(ctx)
	if a == nil || a.UserID == 0 {
		return nil, haizhi.ErrUnauthorized
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	asgID, editionID, round, err := publishedAssignment(tx, entryID, a.UserID)
	if err != nil {
		return nil, err
	}
	if round == haizhi.RoundFinal {
		if err := finalScoringOpen(tx, entryID); err != nil {
			return nil, err
		}
	}
	rubric, err := loadRubric(tx, editionID, round)
	if err != nil {
		return nil, err
	}
	cur, err := scanSheet(tx.QueryRow(`SELECT `+sheetColumns+` FROM score_sheets WHERE assignment_id = ?`, asgID))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find sheet: %w", err)
	}
	if cur != nil && cur.SubmittedAt != nil {
		if submit {
			return cur, nil // a double click: submitted already
		}
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.sheet_locked", "The scores were submitted and can no longer change.")
	}
	// Keep only the rubric's criteria; check what was given even in a draft.
	kept := map[string]float64{}
	errs := map[string]string{}
	for _, c := range rubric.Criteria {
		if v, ok := values[c.Key]; ok {
			if v < c.Min || v > c.Max || v != v {
				errs["scores."+c.Key] = "error.score_out_of_range"
				continue
			}
			kept[c.Key] = v
		}
	}
	comment = strings.TrimSpace(comment)
	if len([]rune(comment)) > 4000 {
		errs["comment"] = "error.too_long"
	}
	if len(errs) > 0 {
		return nil, haizhi.Invalid(errs)
	}
	var total any
	if t, err := rubric.Total(kept); err == nil {
		total = t
	} else if submit {
		return nil, err
	}
	var submittedAt any
	if submit {
		submittedAt = tx.now
	}
	if cur == nil {
		_, err = tx.Exec(`INSERT INTO score_sheets (assignment_id, edition_id, round, entry_id, judge_user_id, scores, comment, total, submitted_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, asgID, editionID, string(round), entryID, a.UserID, jsonText(kept), comment, total, submittedAt, tx.now)
	} else {
		_, err = tx.Exec(`UPDATE score_sheets SET scores = ?, comment = ?, total = ?, submitted_at = ?, updated_at = ? WHERE assignment_id = ? AND submitted_at IS NULL`,
			jsonText(kept), comment, total, submittedAt, tx.now, asgID)
	}
	if err != nil {
		return nil, fmt.Errorf("save sheet: %w", err)
	}
	ed, err := entryEdition(tx, editionID)
	if err != nil {
		return nil, err
	}
	action := "score.save"
	if submit {
		action = "score.submit"
	}
	tx.Audit(action, "entry", entryID, ed.UnitPath, map[string]any{"round": round, "values": kept, "total": total})
	out, err := scanSheet(tx.QueryRow(`SELECT `+sheetColumns+` FROM score_sheets WHERE assignment_id = ?`, asgID))
	if err != nil {
		return nil, fmt.Errorf("read sheet: %w", err)
	}
	return out, tx.Commit()
}

// FindSheets lists sheets; see haizhi.ScoringService.
func (s *ScoringService) FindSheets(ctx context.Context, editionID int64, round haizhi.RoundKind) ([]*haizhi.ScoreSheet, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	where, args, err := judgeScope(tx, editionID, "edition_id", "judge_user_id")
	if err != nil {
		return nil, err
	}
	where, args = append(where, "round = ?"), append(args, string(round))
	var out []*haizhi.ScoreSheet
	err = eachRow(tx, `SELECT `+sheetColumns+` FROM score_sheets WHERE `+strings.Join(where, " AND ")+` ORDER BY entry_id, judge_user_id`, args,
		func(scan func(...any) error) error {
			sh, err := scanSheet(rowScanner(scan))
			out = append(out, sh)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("find sheets: %w", err)
	}
	return out, nil
}
