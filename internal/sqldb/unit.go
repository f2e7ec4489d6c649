package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// UnitService implements haizhi.UnitService.
type UnitService struct{ db *DB }

// NewUnitService returns the unit service of db.
func NewUnitService(db *DB) *UnitService { return &UnitService{db: db} }

var _ haizhi.UnitService = (*UnitService)(nil)

const unitColumns = `id, COALESCE(parent_id, 0), kind, code, name_zh, name_en, path, depth, created_at`

func scanUnit(s interface{ Scan(...any) error }) (*haizhi.OrgUnit, error) {
	u := &haizhi.OrgUnit{}
	err := s.Scan(&u.ID, &u.ParentID, &u.Kind, &u.Code, &u.NameZH, &u.NameEN, &u.Path, &u.Depth, &u.CreatedAt)
	u.CreatedAt = u.CreatedAt.UTC()
	return u, err
}

// findUnit loads a unit by a column without permission checks.
func findUnit(tx *Tx, col string, v any) (*haizhi.OrgUnit, error) {
	u, err := scanUnit(tx.QueryRow(`SELECT `+unitColumns+` FROM org_units WHERE `+col+` = ?`, v))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("unit")
	} else if err != nil {
		return nil, fmt.Errorf("find unit: %w", err)
	}
	return u, nil
}

// canSeeUnit: PermUnitView on the unit, or any grant on the unit or a descendant of it
// (people may read the units above their own, to see where they stand).
func canSeeUnit(a *haizhi.Actor, u *haizhi.OrgUnit) bool {
	if a.Can(haizhi.PermUnitView, u.Path) {
		return true
	}
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if strings.HasPrefix(g.UnitPath, u.Path) {
			return true
		}
	}
	return false
}

// FindUnitByID returns a unit visible to the actor.
func (s *UnitService) FindUnitByID(ctx context.Context, id int64) (*haizhi.OrgUnit, error) {
	return s.findVisible(ctx, "id", id)
}

// FindUnitByCode returns a unit visible to the actor.
func (s *UnitService) FindUnitByCode(ctx context.Context, code string) (*haizhi.OrgUnit, error) {
	return s.findVisible(ctx, "code", strings.ToLower(strings.TrimSpace(code)))
}

func (s *UnitService) findVisible(ctx context.Context, col string, v any) (*haizhi.OrgUnit, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u, err := findUnit(tx, col, v)
	if err != nil {
		return nil, err
	}
	if !canSeeUnit(tx.Actor(), u) {
		return nil, haizhi.NotFound("unit")
	}
	return u, nil
}

// FindUnits lists units in tree order within the actor's PermUnitView scope.
func (s *UnitService) FindUnits(ctx context.Context, f haizhi.UnitFilter) ([]*haizhi.OrgUnit, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findUnits(tx, f)
}

// CountUnitsByKind counts the units of each kind within the actor's PermUnitView scope
// that match f (paging and Kind are ignored), in one query.
func (s *UnitService) CountUnitsByKind(ctx context.Context, f haizhi.UnitFilter) (map[haizhi.UnitKind]int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	f.Kind = ""
	cond, args := unitWhere(tx, f)
	rows, err := tx.Query(`SELECT kind, COUNT(*) FROM org_units WHERE `+cond+` GROUP BY kind`, args...)
	if err != nil {
		return nil, fmt.Errorf("count units: %w", err)
	}
	defer rows.Close()
	out := map[haizhi.UnitKind]int{}
	for rows.Next() {
		var k haizhi.UnitKind
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("count units: %w", err)
		}
		out[k] = n
	}
	return out, rows.Err()
}

func findUnits(tx *Tx, f haizhi.UnitFilter) ([]*haizhi.OrgUnit, int, error) {
	cond, args := unitWhere(tx, f)
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM org_units WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count units: %w", err)
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	rows, err := tx.Query(`SELECT `+unitColumns+` FROM org_units WHERE `+cond+` ORDER BY path`+pageClause(p),
		append(args, p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find units: %w", err)
	}
	defer rows.Close()
	var out []*haizhi.OrgUnit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan unit: %w", err)
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// unitWhere is the condition of f within the actor's PermUnitView scope.
func unitWhere(tx *Tx, f haizhi.UnitFilter) (string, []any) {
	scope, args := scopeClause("path", tx.Actor().Scope(haizhi.PermUnitView))
	where := []string{scope}
	if f.ParentID != nil {
		if *f.ParentID == 0 {
			where = append(where, "parent_id IS NULL")
		} else {
			where, args = append(where, "parent_id = ?"), append(args, *f.ParentID)
		}
	}
	if f.Under != "" {
		where, args = append(where, "path LIKE ?"), append(args, f.Under+"%")
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, string(f.Kind))
	}
	if f.Query != "" {
		pat := likePattern(f.Query)
		where = append(where, `(lower(code) LIKE ? ESCAPE '\' OR lower(name_zh) LIKE ? ESCAPE '\' OR lower(name_en) LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat, pat)
	}
	return strings.Join(where, " AND "), args
}

// CreateUnit adds a unit under its parent, or a root for the system actor.
func (s *UnitService) CreateUnit(ctx context.Context, u *haizhi.OrgUnit) error {
	if err := u.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := createUnit(tx, u); err != nil {
		return err
	}
	return tx.Commit()
}

func createUnit(tx *Tx, u *haizhi.OrgUnit) error {
	var parentPath string
	var parentID any
	if u.ParentID == 0 {
		if a := tx.Actor(); a == nil || !a.System {
			return haizhi.ErrForbidden
		}
	} else {
		parent, err := findUnit(tx, "id", u.ParentID)
		if err != nil {
			return haizhi.Invalid(map[string]string{"parent_id": "error.choose_one"})
		}
		if err := haizhi.Authorize(tx.ctx, haizhi.PermUnitManage, parent.Path); err != nil {
			return err
		}
		parentPath, parentID, u.Depth = parent.Path, parent.ID, parent.Depth+1
	}
	u.CreatedAt = tx.now
	id, err := tx.InsertID(`INSERT INTO org_units (parent_id, kind, code, name_zh, name_en, depth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		parentID, string(u.Kind), u.Code, u.NameZH, u.NameEN, u.Depth, u.CreatedAt)
	if tx.db.dialect.isUnique(err) {
		return &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.unit_code_taken", Message: "This code is already used by another unit.",
			Fields: map[string]string{"code": "error.unit_code_taken"}}
	} else if err != nil {
		return fmt.Errorf("create unit: %w", err)
	}
	u.ID = id
	if parentPath == "" {
		parentPath = "/"
	}
	u.Path = parentPath + strconv.FormatInt(id, 10) + "/"
	if _, err := tx.Exec(`UPDATE org_units SET path = ? WHERE id = ?`, u.Path, id); err != nil {
		return fmt.Errorf("create unit: %w", err)
	}
	tx.Audit("unit.create", "unit", id, u.Path, map[string]any{"code": u.Code, "kind": u.Kind, "name_zh": u.NameZH, "name_en": u.NameEN, "parent_id": u.ParentID})
	return nil
}

// UpdateUnit changes a unit's kind and names.
func (s *UnitService) UpdateUnit(ctx context.Context, id int64, upd haizhi.UnitUpdate) (*haizhi.OrgUnit, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u, err := findUnit(tx, "id", id)
	if err != nil {
		return nil, err
	}
	if err := haizhi.Authorize(ctx, haizhi.PermUnitManage, u.Path); err != nil {
		return nil, err
	}
	if upd.Kind != nil {
		u.Kind = *upd.Kind
	}
	if upd.NameZH != nil {
		u.NameZH = *upd.NameZH
	}
	if upd.NameEN != nil {
		u.NameEN = *upd.NameEN
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(`UPDATE org_units SET kind = ?, name_zh = ?, name_en = ? WHERE id = ?`, string(u.Kind), u.NameZH, u.NameEN, id); err != nil {
		return nil, fmt.Errorf("update unit: %w", err)
	}
	tx.Audit("unit.update", "unit", id, u.Path, map[string]any{"kind": u.Kind, "name_zh": u.NameZH, "name_en": u.NameEN})
	return u, tx.Commit()
}
