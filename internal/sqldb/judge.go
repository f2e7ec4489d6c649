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

// JudgeService is the SQL implementation of haizhi.JudgeService.
type JudgeService struct{ db *DB }

// NewJudgeService returns the judge service over db.
func NewJudgeService(db *DB) *JudgeService { return &JudgeService{db: db} }

var _ haizhi.JudgeService = (*JudgeService)(nil)

const judgeColumns = `j.id, j.edition_id, j.user_id, u.name, u.email, u.locale, j.category, j.institution, j.country, j.tracks, j.keywords,
	j.min_load, j.max_load, j.created_at`

const judgeFrom = ` FROM edition_judges j JOIN users u ON u.id = j.user_id`

func scanJudge(s interface{ Scan(...any) error }) (*haizhi.Judge, error) {
	j := &haizhi.Judge{}
	var tracks, keywords string
	if err := s.Scan(&j.ID, &j.EditionID, &j.UserID, &j.Name, &j.Email, &j.Locale, &j.Category, &j.Institution, &j.Country,
		&tracks, &keywords, &j.MinLoad, &j.MaxLoad, &j.CreatedAt); err != nil {
		return nil, err
	}
	j.CreatedAt = j.CreatedAt.UTC()
	if err := decodeLists(tracks, &j.Tracks, keywords, &j.Keywords); err != nil {
		return nil, fmt.Errorf("decode judge %d: %w", j.ID, err)
	}
	return j, nil
}

// decodeLists decodes pairs of (JSON text, *[]string).
func decodeLists(pairs ...any) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := jsonDecode(pairs[i].(string), pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// InviteJudge adds a person to an edition's pool; see haizhi.JudgeService.
func (s *JudgeService) InviteJudge(ctx context.Context, j *haizhi.Judge) error {
	if err := j.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, j.EditionID)
	if err != nil {
		return err
	}
	if err := checkTracks(ed, j.Tracks); err != nil {
		return err
	}
	unit, err := findUnit(tx, "path", ed.UnitPath)
	if err != nil {
		return err
	}
	u, _, err := findUser(tx, "email", j.Email)
	switch {
	case haizhi.ErrorCode(err) == haizhi.ENOTFOUND:
		u = &haizhi.User{Email: j.Email, Name: j.Name, Locale: j.Locale, CreatedAt: tx.now, UpdatedAt: tx.now}
		if u.ID, err = tx.InsertID(`INSERT INTO users (email, name, locale, password_hash, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)`,
			u.Email, u.Name, u.Locale, tx.now, tx.now); err != nil {
			return fmt.Errorf("create judge account: %w", err)
		}
		if _, err := insertGrant(tx, u.ID, haizhi.RoleJudge, unit); err != nil {
			return err
		}
		if err := mailEmailToken(tx, u, tokenVerify, "welcome_invite", map[string]string{"role": string(haizhi.RoleJudge), "unit": unit.Name(u.Locale)}); err != nil {
			return err
		}
		tx.Audit("user.create", "user", u.ID, unit.Path, map[string]any{"email": u.Email, "name": u.Name, "role": haizhi.RoleJudge, "unit_id": unit.ID})
	case err != nil:
		return err
	default:
		// Probe first: on PostgreSQL a failed insert would abort the transaction.
		var held int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM grants WHERE user_id = ? AND role = ? AND unit_id = ?`, u.ID, string(haizhi.RoleJudge), unit.ID).Scan(&held); err != nil {
			return fmt.Errorf("judge grant: %w", err)
		}
		if held == 0 {
			if _, err := insertGrant(tx, u.ID, haizhi.RoleJudge, unit); err != nil {
				return err
			}
		}
	}
	j.UserID, j.CreatedAt = u.ID, tx.now
	j.ID, err = tx.InsertID(`INSERT INTO edition_judges (edition_id, user_id, category, institution, country, tracks, keywords, min_load, max_load,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, j.EditionID, j.UserID, string(j.Category), j.Institution, j.Country,
		jsonText(j.Tracks), jsonText(j.Keywords), j.MinLoad, j.MaxLoad, tx.now, tx.now)
	if tx.db.dialect.isUnique(err) {
		return &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.judge_in_pool", Message: "This person is already in the judge pool.",
			Fields: map[string]string{"email": "error.judge_in_pool"}}
	} else if err != nil {
		return fmt.Errorf("add judge: %w", err)
	}
	tx.Audit("judge.invite", "edition", ed.ID, ed.UnitPath, map[string]any{"user_id": j.UserID, "email": j.Email, "category": j.Category,
		"institution": j.Institution, "min_load": j.MinLoad, "max_load": j.MaxLoad})
	return tx.Commit()
}

// checkTracks refuses track codes the edition does not have.
func checkTracks(ed *haizhi.Edition, tracks []string) error {
	for _, t := range tracks {
		found := false
		for _, x := range ed.Structure.Tracks {
			found = found || x.Code == t
		}
		if !found {
			return haizhi.Invalid(map[string]string{"tracks": "error.unknown_choice"})
		}
	}
	return nil
}

// findJudge loads a pool membership without checking access.
func findJudge(tx *Tx, id int64) (*haizhi.Judge, error) {
	j, err := scanJudge(tx.QueryRow(`SELECT `+judgeColumns+judgeFrom+` WHERE j.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("judge")
	}
	return j, err
}

// UpdateJudge changes a pool member; see haizhi.JudgeService.
func (s *JudgeService) UpdateJudge(ctx context.Context, in *haizhi.Judge) (*haizhi.Judge, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	j, err := findJudge(tx, in.ID)
	if err != nil {
		return nil, err
	}
	a := tx.Actor()
	ed, err := entryEdition(tx, j.EditionID)
	if err != nil {
		return nil, err
	}
	manage := a.Can(haizhi.PermCompetitionManage, ed.UnitPath)
	if !manage && (a == nil || a.UserID != j.UserID) {
		return nil, haizhi.NotFound("judge")
	}
	in.EditionID, in.UserID, in.Name, in.Email, in.Locale = j.EditionID, j.UserID, j.Name, j.Email, j.Locale
	if !manage { // a judge keeps the loads the operators set
		in.MinLoad, in.MaxLoad = j.MinLoad, j.MaxLoad
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := checkTracks(ed, in.Tracks); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(`UPDATE edition_judges SET category = ?, institution = ?, country = ?, tracks = ?, keywords = ?, min_load = ?, max_load = ?,
		updated_at = ? WHERE id = ?`, string(in.Category), in.Institution, in.Country, jsonText(in.Tracks), jsonText(in.Keywords), in.MinLoad, in.MaxLoad,
		tx.now, j.ID); err != nil {
		return nil, fmt.Errorf("update judge: %w", err)
	}
	tx.Audit("judge.update", "edition", ed.ID, ed.UnitPath, map[string]any{"user_id": j.UserID, "category": in.Category,
		"institution": in.Institution, "min_load": in.MinLoad, "max_load": in.MaxLoad})
	out, err := findJudge(tx, j.ID)
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// FindJudges lists an edition's pool; see haizhi.JudgeService. A judge who does not
// manage the edition sees only their own membership.
func (s *JudgeService) FindJudges(ctx context.Context, f haizhi.JudgeFilter) ([]*haizhi.Judge, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	where, args, err := judgeScope(tx, f.EditionID, "j.edition_id", "j.user_id")
	if err != nil {
		return nil, 0, err
	}
	if f.Category != "" {
		where, args = append(where, "j.category = ?"), append(args, string(f.Category))
	}
	if f.Track != "" {
		where, args = append(where, "j.tracks LIKE ? ESCAPE '\\'"), append(args, likePattern(`"`+f.Track+`"`))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likePattern(q)
		where = append(where, `(lower(u.name) LIKE ? ESCAPE '\' OR lower(u.email) LIKE ? ESCAPE '\' OR lower(j.institution) LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat, pat)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*)`+judgeFrom+` WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count judges: %w", err)
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	var out []*haizhi.Judge
	err = eachRow(tx, `SELECT `+judgeColumns+judgeFrom+` WHERE `+cond+` ORDER BY j.category, u.name, j.id`+pageClause(p), append(args, p.Offset),
		func(scan func(...any) error) error {
			j, err := scanJudge(rowScanner(scan))
			out = append(out, j)
			return err
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find judges: %w", err)
	}
	return out, total, nil
}

// jsonDecode decodes a JSON column.
func jsonDecode(s string, dst any) error { return json.Unmarshal([]byte(s), dst) }

// judgeScope starts the conditions of a list of an edition's judging records: the
// edition's (editionCol), and only the actor's own (userCol) unless they manage it.
func judgeScope(tx *Tx, editionID int64, editionCol, userCol string) ([]string, []any, error) {
	ed, err := entryEdition(tx, editionID)
	if err != nil {
		return nil, nil, err
	}
	a := tx.Actor()
	where, args := []string{editionCol + " = ?"}, []any{editionID}
	if !a.Can(haizhi.PermCompetitionManage, ed.UnitPath) {
		if a == nil || a.UserID == 0 {
			return nil, nil, haizhi.ErrUnauthorized
		}
		where, args = append(where, userCol+" = ?"), append(args, a.UserID)
	}
	return where, args, nil
}
