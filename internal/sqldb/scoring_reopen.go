package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// FindEntrySheets lists an entry's sheets in its round; see haizhi.ScoringService.
func (s *ScoringService) FindEntrySheets(ctx context.Context, entryID int64) ([]*haizhi.ScoreSheet, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, _, err := reachableEntry(tx, entryID, true)
	if err != nil {
		return nil, err
	}
	var out []*haizhi.ScoreSheet
	// A subquery for the name keeps the sheet's columns unqualified (users has an
	// updated_at too).
	err = eachRow(tx, `SELECT `+sheetColumns+`, (SELECT u.name FROM users u WHERE u.id = score_sheets.judge_user_id)
		FROM score_sheets WHERE entry_id = ? AND round = ? ORDER BY judge_user_id`, []any{e.ID, string(e.Round)},
		func(scan func(...any) error) error {
			var name sql.NullString
			sh, err := scanSheet(rowScanner(scan), &name)
			if err != nil {
				return err
			}
			sh.JudgeName = name.String
			out = append(out, sh)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("entry sheets: %w", err)
	}
	return out, nil
}

// ReopenSheet turns a submitted sheet back into a draft; see haizhi.ScoringService.
func (s *ScoringService) ReopenSheet(ctx context.Context, assignmentID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return haizhi.Invalid(map[string]string{"reason": "error.required"})
	}
	if len([]rune(reason)) > 1000 {
		return haizhi.Invalid(map[string]string{"reason": "error.too_long"})
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var editionID int64
	if err := tx.QueryRow(`SELECT edition_id FROM score_sheets WHERE assignment_id = ?`, assignmentID).Scan(&editionID); errors.Is(err, sql.ErrNoRows) {
		return haizhi.NotFound("sheet")
	} else if err != nil {
		return fmt.Errorf("find sheet: %w", err)
	}
	// Someone who does not manage the edition learns nothing of the sheet.
	ed, err := managedEdition(tx, editionID)
	if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
		return haizhi.NotFound("sheet")
	} else if err != nil {
		return err
	}
	sh, err := scanSheet(tx.QueryRow(`SELECT `+sheetColumns+` FROM score_sheets WHERE assignment_id = ?`, assignmentID))
	if err != nil {
		return fmt.Errorf("read sheet: %w", err)
	}
	if sh.SubmittedAt == nil {
		return haizhi.Errorf(haizhi.EINVALID, "error.sheet_not_submitted", "The sheet is not submitted: its judge can still change it.")
	}
	// A live final's signed score sheet is final: reopening one of its scores would change
	// what the chief judge signed.
	if signed, err := roomSignedFor(tx, sh.EntryID); err != nil {
		return fmt.Errorf("check room: %w", err)
	} else if signed && sh.Round == haizhi.RoundFinal {
		return errRoomSigned()
	}
	if _, err := tx.Exec(`UPDATE score_sheets SET submitted_at = NULL, reopened_at = ?, reopen_reason = ?, updated_at = ? WHERE assignment_id = ?`,
		tx.now, reason, tx.now, assignmentID); err != nil {
		return fmt.Errorf("reopen sheet: %w", err)
	}
	tx.Audit("score.reopen", "entry", sh.EntryID, ed.UnitPath, map[string]any{"round": sh.Round, "assignment_id": assignmentID,
		"judge_user_id": sh.JudgeUserID, "reason": reason, "total": sh.Total, "submitted_at": sh.SubmittedAt})
	return tx.Commit()
}
