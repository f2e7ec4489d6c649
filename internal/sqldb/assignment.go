package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// AssignmentService is the SQL implementation of haizhi.AssignmentService.
type AssignmentService struct{ db *DB }

// NewAssignmentService returns the assignment service over db.
func NewAssignmentService(db *DB) *AssignmentService { return &AssignmentService{db: db} }

var _ haizhi.AssignmentService = (*AssignmentService)(nil)

// poolOf loads an edition's judge pool.
func poolOf(tx *Tx, editionID int64) ([]*haizhi.Judge, error) {
	var out []*haizhi.Judge
	err := eachRow(tx, `SELECT `+judgeColumns+judgeFrom+` WHERE j.edition_id = ? ORDER BY j.id`, []any{editionID}, func(scan func(...any) error) error {
		j, err := scanJudge(rowScanner(scan))
		out = append(out, j)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("judge pool: %w", err)
	}
	return out, nil
}

// conflictSet loads the active conflicts of an edition as "entry/judge" keys.
func conflictSet(tx *Tx, editionID int64) (map[[2]int64]bool, error) {
	out := map[[2]int64]bool{}
	err := eachRow(tx, `SELECT entry_id, judge_user_id FROM conflicts WHERE edition_id = ? AND lifted = FALSE`, []any{editionID},
		func(scan func(...any) error) error {
			var k [2]int64
			err := scan(&k[0], &k[1])
			out[k] = true
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("conflicts: %w", err)
	}
	return out, nil
}

// roundPublished reports whether any assignment of the round is published.
func roundPublished(tx *Tx, editionID int64, round haizhi.RoundKind) (bool, error) {
	var n int
	err := tx.QueryRow(`SELECT COUNT(*) FROM assignments WHERE edition_id = ? AND round = ? AND published = TRUE`, editionID, string(round)).Scan(&n)
	return n > 0, err
}

func errPublished() error {
	return haizhi.Errorf(haizhi.EINVALID, "error.assignments_published", "The round's assignments are published already.")
}

const assignmentColumns = `a.id, a.edition_id, a.round, a.entry_id, a.judge_user_id, a.affinity, a.manual, a.published, a.created_at,
	u.name, p.title_zh, p.title_en, COALESCE(tr.code, ''),
	CASE WHEN s.submitted_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.reopened_at IS NOT NULL AND s.submitted_at IS NULL THEN 1 ELSE 0 END`

const assignmentFrom = ` FROM assignments a JOIN users u ON u.id = a.judge_user_id JOIN entries e ON e.id = a.entry_id
	JOIN projects p ON p.id = e.project_id LEFT JOIN edition_tracks tr ON tr.id = e.track_id
	LEFT JOIN score_sheets s ON s.assignment_id = a.id`

// scanAssignment reads a row of assignmentColumns, the entry's title in locale.
func scanAssignment(scan func(...any) error, locale string) (*haizhi.Assignment, error) {
	x := &haizhi.Assignment{}
	var zh, en string
	if err := scan(&x.ID, &x.EditionID, &x.Round, &x.EntryID, &x.JudgeUserID, &x.Affinity, &x.Manual, &x.Published, &x.CreatedAt,
		&x.JudgeName, &zh, &en, &x.Track, &x.Submitted, &x.Reopened); err != nil {
		return nil, err
	}
	x.CreatedAt, x.EntryTitle = x.CreatedAt.UTC(), haizhi.Localized(locale, zh, en)
	return x, nil
}

// FindAssignments lists assignments; see haizhi.AssignmentService. Without an edition it
// lists the signed-in judge's published assignments in every edition.
func (s *AssignmentService) FindAssignments(ctx context.Context, f haizhi.AssignmentFilter) ([]*haizhi.Assignment, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	a := tx.Actor()
	where, args := []string{"1 = 1"}, []any{}
	manage := false
	if f.EditionID != 0 {
		ed, err := entryEdition(tx, f.EditionID)
		if err != nil {
			return nil, 0, err
		}
		where, args = append(where, "a.edition_id = ?"), append(args, f.EditionID)
		manage = a.Can(haizhi.PermCompetitionManage, ed.UnitPath)
	}
	if !manage {
		if a == nil || a.UserID == 0 {
			return nil, 0, haizhi.ErrUnauthorized
		}
		// A judge: their own published assignments, never a conflicted entry (a conflict
		// found after publishing hides the entry at once).
		where = append(where, "a.judge_user_id = ?", "a.published = TRUE",
			"NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.entry_id = a.entry_id AND c.judge_user_id = a.judge_user_id AND c.lifted = FALSE)")
		args = append(args, a.UserID)
	}
	if f.Round != "" {
		where, args = append(where, "a.round = ?"), append(args, string(f.Round))
	}
	if f.JudgeUserID != 0 {
		where, args = append(where, "a.judge_user_id = ?"), append(args, f.JudgeUserID)
	}
	if f.EntryID != 0 {
		where, args = append(where, "a.entry_id = ?"), append(args, f.EntryID)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM assignments a WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count assignments: %w", err)
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	locale := readerLocale(a)
	var out []*haizhi.Assignment
	err = eachRow(tx, `SELECT `+assignmentColumns+assignmentFrom+` WHERE `+cond+` ORDER BY a.entry_id, u.name`+pageClause(p), append(args, p.Offset),
		func(scan func(...any) error) error {
			x, err := scanAssignment(scan, locale)
			out = append(out, x)
			return err
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find assignments: %w", err)
	}
	return out, total, nil
}

// SetAssignment adds or removes one pair; see haizhi.AssignmentService.
func (s *AssignmentService) SetAssignment(ctx context.Context, editionID int64, round haizhi.RoundKind, entryID, judgeUserID int64, assigned bool) error {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, editionID)
	if err != nil {
		return err
	}
	if pub, err := roundPublished(tx, editionID, round); err != nil {
		return err
	} else if pub {
		return errPublished()
	}
	e, err := loadEntry(tx, entryID)
	if err != nil || e.EditionID != editionID || e.Round != round {
		return haizhi.NotFound("entry")
	}
	if !assigned {
		if _, err := tx.Exec(`DELETE FROM assignments WHERE round = ? AND entry_id = ? AND judge_user_id = ?`, string(round), entryID, judgeUserID); err != nil {
			return fmt.Errorf("unassign: %w", err)
		}
	} else {
		if ok, err := inPool(tx, editionID, judgeUserID); err != nil {
			return err
		} else if !ok {
			return haizhi.Invalid(map[string]string{"judge": "error.not_in_pool"})
		}
		if conflicts, err := conflictSet(tx, editionID); err != nil {
			return err
		} else if conflicts[[2]int64{entryID, judgeUserID}] {
			return haizhi.Errorf(haizhi.EINVALID, "error.conflicted_pair", "The judge has a conflict of interest with this entry.")
		}
		if _, err := tx.Exec(`INSERT INTO assignments (edition_id, round, entry_id, judge_user_id, manual, created_at) VALUES (?, ?, ?, ?, TRUE, ?)
			ON CONFLICT (round, entry_id, judge_user_id) DO NOTHING`, editionID, string(round), entryID, judgeUserID, tx.now); err != nil {
			return fmt.Errorf("assign: %w", err)
		}
	}
	tx.Audit("assignment.set", "entry", entryID, ed.UnitPath, map[string]any{"round": round, "judge_user_id": judgeUserID, "assigned": assigned})
	return tx.Commit()
}

// PublishAssignments publishes a round's assignments; see haizhi.AssignmentService.
func (s *AssignmentService) PublishAssignments(ctx context.Context, editionID int64, round haizhi.RoundKind) (int, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, editionID)
	if err != nil {
		return 0, err
	}
	res, err := tx.Exec(`UPDATE assignments SET published = TRUE WHERE edition_id = ? AND round = ? AND published = FALSE`, editionID, string(round))
	if err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return 0, haizhi.Errorf(haizhi.EINVALID, "error.nothing_to_publish", "There is no draft assignment to publish.")
	}
	// Each judge is told how many entries are waiting, in their language.
	type judgeLoad struct {
		email, name, locale string
		count               int
	}
	var loads []judgeLoad
	err = eachRow(tx, `SELECT u.email, u.name, u.locale, COUNT(*) FROM assignments a JOIN users u ON u.id = a.judge_user_id
		WHERE a.edition_id = ? AND a.round = ? GROUP BY u.email, u.name, u.locale ORDER BY u.email`, []any{editionID, string(round)},
		func(scan func(...any) error) error {
			var l judgeLoad
			err := scan(&l.email, &l.name, &l.locale, &l.count)
			loads = append(loads, l)
			return err
		})
	if err != nil {
		return 0, fmt.Errorf("judge loads: %w", err)
	}
	rd, _ := roundOf(ed, round)
	for _, l := range loads {
		data := map[string]string{"name": l.name, "edition": ed.Name(l.locale), "round": haizhi.Localized(l.locale, rd.NameZH, rd.NameEN),
			"count": strconv.Itoa(l.count), "link": strings.TrimSuffix(s.db.opts.PublicURL, "/") + "/judging"}
		if err := enqueueMail(tx, l.email, l.locale, "judge_assigned", data); err != nil {
			return 0, err
		}
	}
	tx.Audit("assignment.publish", "edition", editionID, ed.UnitPath, map[string]any{"round": round, "pairs": n, "judges": len(loads)})
	return int(n), tx.Commit()
}

// FindAssignedEntry returns an entry to its judge; see haizhi.AssignmentService.
func (s *AssignmentService) FindAssignedEntry(ctx context.Context, entryID int64) (*haizhi.Entry, error) {
	a := haizhi.ActorFromContext(ctx)
	if a == nil || a.UserID == 0 {
		return nil, haizhi.ErrUnauthorized
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM assignments a WHERE a.entry_id = ? AND a.judge_user_id = ? AND a.published = TRUE
		AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.entry_id = a.entry_id AND c.judge_user_id = a.judge_user_id AND c.lifted = FALSE)`,
		entryID, a.UserID).Scan(&n); err != nil {
		return nil, fmt.Errorf("find assignment: %w", err)
	}
	if n == 0 {
		return nil, haizhi.NotFound("entry")
	}
	return loadEntry(tx, entryID)
}

// labelID reads the record id after the last '#' of a solver label.
func labelID(label string) int64 {
	id, _ := strconv.ParseInt(label[strings.LastIndex(label, "#")+1:], 10, 64)
	return id
}
