package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

const conflictColumns = `c.id, c.edition_id, c.entry_id, c.judge_user_id, c.kind, c.evidence, c.lifted, c.lifted_reason, c.created_by, c.created_at,
	u.name, p.title_zh, p.title_en`

const conflictFrom = ` FROM conflicts c JOIN users u ON u.id = c.judge_user_id JOIN entries e ON e.id = c.entry_id JOIN projects p ON p.id = e.project_id`

func scanConflict(s interface{ Scan(...any) error }, locale string) (*haizhi.Conflict, error) {
	c := &haizhi.Conflict{}
	var zh, en string
	if err := s.Scan(&c.ID, &c.EditionID, &c.EntryID, &c.JudgeUserID, &c.Kind, &c.Evidence, &c.Lifted, &c.LiftedReason, &c.CreatedBy, &c.CreatedAt,
		&c.JudgeName, &zh, &en); err != nil {
		return nil, err
	}
	c.CreatedAt, c.EntryTitle = c.CreatedAt.UTC(), haizhi.Localized(locale, zh, en)
	return c, nil
}

// ComputeConflicts recomputes the computed conflicts; see haizhi.JudgeService.
func (s *JudgeService) ComputeConflicts(ctx context.Context, editionID int64) (int, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	ed, err := managedEdition(tx, editionID)
	if err != nil {
		return 0, err
	}
	judges, err := poolOf(tx, editionID)
	if err != nil {
		return 0, err
	}
	entries, err := editionEntries(tx, editionID, "")
	if err != nil {
		return 0, err
	}
	type key struct {
		entry, judge int64
		kind         haizhi.ConflictKind
	}
	found := map[key]haizhi.Conflict{}
	for _, j := range judges {
		for _, e := range entries {
			for _, c := range haizhi.EntryConflicts(j, e) {
				found[key{c.EntryID, c.JudgeUserID, c.Kind}] = c
			}
		}
	}
	// Computed conflicts that no longer hold go, unless an operator lifted them (that
	// record of a decision stays); new ones come in.
	existing := map[key]bool{}
	err = eachRow(tx, `SELECT entry_id, judge_user_id, kind, lifted FROM conflicts WHERE edition_id = ?`, []any{editionID}, func(scan func(...any) error) error {
		var k key
		var lifted bool
		if err := scan(&k.entry, &k.judge, &k.kind, &lifted); err != nil {
			return err
		}
		existing[k] = true
		if _, still := found[k]; !still && k.kind.Computed() && !lifted {
			existing[k] = false
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("load conflicts: %w", err)
	}
	removed, added := 0, 0
	for k, keep := range existing {
		if keep {
			continue
		}
		if _, err := tx.Exec(`DELETE FROM conflicts WHERE entry_id = ? AND judge_user_id = ? AND kind = ?`, k.entry, k.judge, string(k.kind)); err != nil {
			return 0, fmt.Errorf("remove conflict: %w", err)
		}
		removed++
	}
	for k, c := range found {
		if existing[k] {
			continue
		}
		if _, err := tx.Exec(`INSERT INTO conflicts (edition_id, entry_id, judge_user_id, kind, evidence, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, editionID, c.EntryID, c.JudgeUserID, string(c.Kind), c.Evidence, "system:conflicts", tx.now, tx.now); err != nil {
			return 0, fmt.Errorf("add conflict: %w", err)
		}
		added++
	}
	var active int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM conflicts WHERE edition_id = ? AND lifted = FALSE`, editionID).Scan(&active); err != nil {
		return 0, fmt.Errorf("count conflicts: %w", err)
	}
	tx.Audit("edition.conflicts", "edition", editionID, ed.UnitPath, map[string]any{"judges": len(judges), "entries": len(entries),
		"added": added, "removed": removed, "active": active})
	return active, tx.Commit()
}

// inPool reports whether a user is in the pool of an edition.
func inPool(tx *Tx, editionID, userID int64) (bool, error) {
	var n int
	err := tx.QueryRow(`SELECT COUNT(*) FROM edition_judges WHERE edition_id = ? AND user_id = ?`, editionID, userID).Scan(&n)
	return n > 0, err
}

// setConflict inserts (or re-activates) a conflict of kind with its evidence.
func setConflict(tx *Tx, e *haizhi.Entry, judgeUserID int64, kind haizhi.ConflictKind, evidence string) (*haizhi.Conflict, error) {
	if _, err := tx.Exec(`INSERT INTO conflicts (edition_id, entry_id, judge_user_id, kind, evidence, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id, judge_user_id, kind)
		DO UPDATE SET evidence = excluded.evidence, lifted = FALSE, lifted_reason = '', updated_at = excluded.updated_at`,
		e.EditionID, e.ID, judgeUserID, string(kind), evidence, tx.Actor().AuditName(), tx.now, tx.now); err != nil {
		return nil, fmt.Errorf("set conflict: %w", err)
	}
	tx.Audit("conflict."+string(kind), "entry", e.ID, e.UnitPath, map[string]any{"judge_user_id": judgeUserID, "reason": evidence})
	return findConflict(tx, `c.entry_id = ? AND c.judge_user_id = ? AND c.kind = ?`, e.ID, judgeUserID, string(kind))
}

func findConflict(tx *Tx, cond string, args ...any) (*haizhi.Conflict, error) {
	c, err := scanConflict(tx.QueryRow(`SELECT `+conflictColumns+conflictFrom+` WHERE `+cond, args...), readerLocale(tx.Actor()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("conflict")
	}
	return c, err
}

// DeclareConflict records the judge's own conflict; see haizhi.JudgeService.
func (s *JudgeService) DeclareConflict(ctx context.Context, entryID int64, reason string) (*haizhi.Conflict, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, haizhi.Invalid(map[string]string{"reason": "error.required"})
	}
	a := haizhi.ActorFromContext(ctx)
	if a == nil || a.UserID == 0 {
		return nil, haizhi.ErrUnauthorized
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, err := loadEntry(tx, entryID)
	if err != nil {
		return nil, err
	}
	if ok, err := inPool(tx, e.EditionID, a.UserID); err != nil {
		return nil, err
	} else if !ok {
		return nil, haizhi.NotFound("entry")
	}
	c, err := setConflict(tx, e, a.UserID, haizhi.ConflictDeclared, reason)
	if err != nil {
		return nil, err
	}
	return c, tx.Commit()
}

// PinConflict sets a conflict by an operator; see haizhi.JudgeService.
func (s *JudgeService) PinConflict(ctx context.Context, entryID, judgeUserID int64, reason string) (*haizhi.Conflict, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, haizhi.Invalid(map[string]string{"reason": "error.required"})
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, _, err := reachableEntry(tx, entryID, true)
	if err != nil {
		return nil, err
	}
	if ok, err := inPool(tx, e.EditionID, judgeUserID); err != nil {
		return nil, err
	} else if !ok {
		return nil, haizhi.Invalid(map[string]string{"judge": "error.not_in_pool"})
	}
	c, err := setConflict(tx, e, judgeUserID, haizhi.ConflictPinned, reason)
	if err != nil {
		return nil, err
	}
	return c, tx.Commit()
}

// LiftConflict lifts a conflict with a reason; see haizhi.JudgeService.
func (s *JudgeService) LiftConflict(ctx context.Context, conflictID int64, reason string) (*haizhi.Conflict, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, haizhi.Invalid(map[string]string{"reason": "error.required"})
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := findConflict(tx, `c.id = ?`, conflictID)
	if err != nil {
		return nil, err
	}
	e, _, err := reachableEntry(tx, c.EntryID, true)
	if err != nil {
		return nil, haizhi.NotFound("conflict")
	}
	if _, err := tx.Exec(`UPDATE conflicts SET lifted = TRUE, lifted_reason = ?, updated_at = ? WHERE id = ?`, reason, tx.now, c.ID); err != nil {
		return nil, fmt.Errorf("lift conflict: %w", err)
	}
	tx.Audit("conflict.lift", "entry", e.ID, e.UnitPath, map[string]any{"conflict_id": c.ID, "judge_user_id": c.JudgeUserID, "kind": c.Kind, "reason": reason})
	out, err := findConflict(tx, `c.id = ?`, c.ID)
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// FindConflicts lists conflicts; see haizhi.JudgeService. A judge who does not manage
// the edition sees only their own.
func (s *JudgeService) FindConflicts(ctx context.Context, f haizhi.ConflictFilter) ([]*haizhi.Conflict, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	where, args, err := judgeScope(tx, f.EditionID, "c.edition_id", "c.judge_user_id")
	if err != nil {
		return nil, 0, err
	}
	a := tx.Actor()
	if f.EntryID != 0 {
		where, args = append(where, "c.entry_id = ?"), append(args, f.EntryID)
	}
	if f.JudgeUserID != 0 {
		where, args = append(where, "c.judge_user_id = ?"), append(args, f.JudgeUserID)
	}
	if f.Kind != "" {
		where, args = append(where, "c.kind = ?"), append(args, string(f.Kind))
	}
	if f.Lifted != nil {
		where, args = append(where, "c.lifted = ?"), append(args, *f.Lifted)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM conflicts c WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count conflicts: %w", err)
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	var out []*haizhi.Conflict
	locale := readerLocale(a)
	err = eachRow(tx, `SELECT `+conflictColumns+conflictFrom+` WHERE `+cond+` ORDER BY c.entry_id, u.name, c.kind`+pageClause(p), append(args, p.Offset),
		func(scan func(...any) error) error {
			c, err := scanConflict(rowScanner(scan), locale)
			out = append(out, c)
			return err
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find conflicts: %w", err)
	}
	return out, total, nil
}
