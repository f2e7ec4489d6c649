package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// CompetitionService is the SQL implementation of haizhi.CompetitionService.
type CompetitionService struct{ db *DB }

// NewCompetitionService returns the competition service over db.
func NewCompetitionService(db *DB) *CompetitionService { return &CompetitionService{db: db} }

var _ haizhi.CompetitionService = (*CompetitionService)(nil)

const competitionColumns = `c.id, c.unit_id, o.path, c.code, c.name_zh, c.name_en, c.created_at, c.updated_at`

const competitionFrom = ` FROM competitions c JOIN org_units o ON o.id = c.unit_id`

func scanCompetition(s interface{ Scan(...any) error }) (*haizhi.Competition, error) {
	c := &haizhi.Competition{}
	err := s.Scan(&c.ID, &c.UnitID, &c.UnitPath, &c.Code, &c.NameZH, &c.NameEN, &c.CreatedAt, &c.UpdatedAt)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

// CreateCompetition adds a competition owned by c.UnitID (PermCompetitionManage there).
func (s *CompetitionService) CreateCompetition(ctx context.Context, c *haizhi.Competition) error {
	if err := c.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	unit, err := findUnit(tx, "id", c.UnitID)
	if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
		return haizhi.Invalid(map[string]string{"unit_id": "error.choose_one"})
	} else if err != nil {
		return err
	}
	if err := haizhi.Authorize(ctx, haizhi.PermCompetitionManage, unit.Path); err != nil {
		return err
	}
	c.UnitPath, c.CreatedAt, c.UpdatedAt = unit.Path, tx.now, tx.now
	c.ID, err = tx.InsertID(`INSERT INTO competitions (unit_id, code, name_zh, name_en, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		c.UnitID, c.Code, c.NameZH, c.NameEN, c.CreatedAt, c.UpdatedAt)
	if tx.db.dialect.isUnique(err) {
		return &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.code_taken", Message: "Another competition already uses this code.",
			Fields: map[string]string{"code": "error.code_taken"}}
	} else if err != nil {
		return fmt.Errorf("create competition: %w", err)
	}
	tx.Audit("competition.create", "competition", c.ID, unit.Path, map[string]any{"code": c.Code, "name_zh": c.NameZH, "name_en": c.NameEN})
	return tx.Commit()
}

// FindCompetitions lists the competitions within the actor's PermCompetitionManage scope.
func (s *CompetitionService) FindCompetitions(ctx context.Context, f haizhi.CompetitionFilter) ([]*haizhi.Competition, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	cond, args := scopeClause("o.path", tx.Actor().Scope(haizhi.PermCompetitionManage))
	if f.Query != "" {
		pat := likePattern(f.Query)
		cond += ` AND (lower(c.code) LIKE ? ESCAPE '\' OR lower(c.name_zh) LIKE ? ESCAPE '\' OR lower(c.name_en) LIKE ? ESCAPE '\')`
		args = append(args, pat, pat, pat)
	}
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*)`+competitionFrom+` WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count competitions: %w", err)
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	rows, err := tx.Query(`SELECT `+competitionColumns+competitionFrom+` WHERE `+cond+` ORDER BY c.code`+pageClause(p), append(args, p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find competitions: %w", err)
	}
	defer rows.Close()
	var out []*haizhi.Competition
	for rows.Next() {
		c, err := scanCompetition(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan competition: %w", err)
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// managedCompetition loads a competition the actor manages: ENOTFOUND outside the scope.
func managedCompetition(tx *Tx, id int64) (*haizhi.Competition, error) {
	c, err := scanCompetition(tx.QueryRow(`SELECT `+competitionColumns+competitionFrom+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("competition")
	} else if err != nil {
		return nil, fmt.Errorf("find competition: %w", err)
	}
	if !tx.Actor().Can(haizhi.PermCompetitionManage, c.UnitPath) {
		return nil, haizhi.NotFound("competition")
	}
	return c, nil
}

// CreateEdition adds a draft edition to a competition the actor manages.
func (s *CompetitionService) CreateEdition(ctx context.Context, e *haizhi.Edition) error {
	if err := e.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	c, err := managedCompetition(tx, e.CompetitionID)
	if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
		return haizhi.Invalid(map[string]string{"competition_id": "error.choose_one"})
	} else if err != nil {
		return err
	}
	e.UnitPath, e.Version, e.Structure = c.UnitPath, 1, haizhi.EditionStructure{}
	e.Form, e.Rules = haizhi.AppForm{Sections: []haizhi.FormSection{}, Fields: []haizhi.FormField{}}, []haizhi.EligibilityRule{}
	e.CreatedAt, e.UpdatedAt = tx.now, tx.now
	e.ID, err = tx.InsertID(`INSERT INTO editions (competition_id, year, name_zh, name_en, status, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.CompetitionID, e.Year, e.NameZH, e.NameEN, string(e.Status), e.Version, e.CreatedAt, e.UpdatedAt)
	if tx.db.dialect.isUnique(err) {
		return &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.edition_year_taken", Message: "This competition already has an edition for that year.",
			Fields: map[string]string{"year": "error.edition_year_taken"}}
	} else if err != nil {
		return fmt.Errorf("create edition: %w", err)
	}
	tx.Audit("edition.create", "edition", e.ID, c.UnitPath, map[string]any{"competition_id": c.ID, "year": e.Year, "name_zh": e.NameZH, "name_en": e.NameEN})
	return tx.Commit()
}

const editionColumns = `e.id, e.competition_id, o.path, e.year, e.name_zh, e.name_en, e.status, e.version, e.created_at, e.updated_at`

const editionFrom = ` FROM editions e JOIN competitions c ON c.id = e.competition_id JOIN org_units o ON o.id = c.unit_id`

func scanEdition(s interface{ Scan(...any) error }) (*haizhi.Edition, error) {
	e := &haizhi.Edition{}
	err := s.Scan(&e.ID, &e.CompetitionID, &e.UnitPath, &e.Year, &e.NameZH, &e.NameEN, &e.Status, &e.Version, &e.CreatedAt, &e.UpdatedAt)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, err
}

// managedEdition loads an edition (without structure) the actor manages.
func managedEdition(tx *Tx, id int64) (*haizhi.Edition, error) {
	e, err := scanEdition(tx.QueryRow(`SELECT `+editionColumns+editionFrom+` WHERE e.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("edition")
	} else if err != nil {
		return nil, fmt.Errorf("find edition: %w", err)
	}
	if !tx.Actor().Can(haizhi.PermCompetitionManage, e.UnitPath) {
		return nil, haizhi.NotFound("edition")
	}
	return e, nil
}

// FindEditionByID returns an edition the actor manages, with its structure.
func (s *CompetitionService) FindEditionByID(ctx context.Context, id int64) (*haizhi.Edition, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, err := managedEdition(tx, id)
	if err != nil {
		return nil, err
	}
	if err := loadEditionParts(tx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// FindEditions lists editions in the actor's scope, newest year first.
func (s *CompetitionService) FindEditions(ctx context.Context, f haizhi.EditionFilter) ([]*haizhi.Edition, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	scope, args := scopeClause("o.path", tx.Actor().Scope(haizhi.PermCompetitionManage))
	where := []string{scope}
	if f.CompetitionID != 0 {
		where, args = append(where, "e.competition_id = ?"), append(args, f.CompetitionID)
	}
	if len(f.CompetitionIDs) > 0 {
		where = append(where, "e.competition_id IN ("+qmarks(len(f.CompetitionIDs))+")")
		for _, id := range f.CompetitionIDs {
			args = append(args, id)
		}
	}
	if f.Status != "" {
		where, args = append(where, "e.status = ?"), append(args, string(f.Status))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*)`+editionFrom+` WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count editions: %w", err)
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	rows, err := tx.Query(`SELECT `+editionColumns+editionFrom+` WHERE `+cond+` ORDER BY e.year DESC, e.id DESC`+pageClause(p), append(args, p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find editions: %w", err)
	}
	defer rows.Close()
	var out []*haizhi.Edition
	for rows.Next() {
		e, err := scanEdition(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan edition: %w", err)
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
