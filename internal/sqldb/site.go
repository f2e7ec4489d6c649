package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/textseg"
)

// SiteService is the SQL implementation of haizhi.SiteService.
type SiteService struct{ db *DB }

// NewSiteService returns the site and investor service over db.
func NewSiteService(db *DB) *SiteService { return &SiteService{db: db} }

var _ haizhi.SiteService = (*SiteService)(nil)

const siteColumns = `s.id, s.unit_id, o.path, s.kind, s.name_zh, s.name_en, s.industries, s.policies_zh, s.policies_en, s.subsidy_max_yuan,
	s.space_m2, s.housing_units, s.capacity, s.address, s.published, s.version, s.created_at, s.updated_at`

const siteFrom = ` FROM sites s JOIN org_units o ON o.id = s.unit_id`

func scanSite(sc interface{ Scan(...any) error }) (*haizhi.Site, error) {
	s := &haizhi.Site{}
	var industries string
	if err := sc.Scan(&s.ID, &s.UnitID, &s.UnitPath, &s.Kind, &s.NameZH, &s.NameEN, &industries, &s.PoliciesZH, &s.PoliciesEN, &s.SubsidyMaxYuan,
		&s.SpaceM2, &s.HousingUnits, &s.Capacity, &s.Address, &s.Published, &s.Version, &s.CreatedAt, &s.UpdatedAt); err != nil {
		return nil, err
	}
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, jsonDecode(industries, &s.Industries)
}

// matchUnit finds the unit a site or investor is filed under and checks the actor
// manages it.
func matchUnit(tx *Tx, id int64) (*haizhi.OrgUnit, error) {
	u, err := findUnit(tx, "id", id)
	if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
		return nil, haizhi.Invalid(map[string]string{"unit_id": "error.choose_one"})
	} else if err != nil {
		return nil, err
	}
	if !tx.Actor().Can(haizhi.PermMatchManage, u.Path) {
		return nil, haizhi.Errorf(haizhi.EFORBIDDEN, "error.forbidden", "You cannot manage this unit's sites and investors.")
	}
	return u, nil
}

// readScope is the condition under which the actor reads a row of a managed table:
// published, or in a unit they manage.
func readScope(a *haizhi.Actor, pathCol, publishedCol string) (string, []any, error) {
	if a == nil || (!a.System && a.UserID == 0) {
		return "", nil, haizhi.ErrUnauthorized
	}
	scope, args := scopeClause(pathCol, a.Scope(haizhi.PermMatchManage))
	return "(" + scope + " OR " + publishedCol + " = TRUE)", args, nil
}

func versionConflict(what string) error {
	return &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.version_conflict", Message: "The " + what + " was changed by someone else."}
}

// SaveSite creates or changes a site; see haizhi.SiteService.
func (s *SiteService) SaveSite(ctx context.Context, site *haizhi.Site) error {
	if err := site.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	u, err := matchUnit(tx, site.UnitID)
	if err != nil {
		return err
	}
	name := sortTitleOf(site.NameZH, site.NameEN)
	tokens := textseg.Default().Document(site.NameZH, site.NameEN, site.Address, site.PoliciesZH, site.PoliciesEN)
	if site.ID == 0 {
		site.ID, err = tx.InsertID(`INSERT INTO sites (unit_id, kind, name_zh, name_en, industries, policies_zh, policies_en, subsidy_max_yuan, space_m2,
			housing_units, capacity, address, published, name, search_tokens, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, string(site.Kind), site.NameZH, site.NameEN, jsonText(site.Industries), site.PoliciesZH, site.PoliciesEN, site.SubsidyMaxYuan, site.SpaceM2,
			site.HousingUnits, site.Capacity, site.Address, site.Published, name, tokens, tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("create site: %w", err)
		}
		tx.Audit("site.create", "site", site.ID, u.Path, map[string]any{"name": name, "published": site.Published})
	} else {
		cur, err := loadSite(tx, site.ID)
		if err != nil {
			return err
		}
		if !tx.Actor().Can(haizhi.PermMatchManage, cur.UnitPath) {
			return haizhi.NotFound("site")
		}
		res, err := tx.Exec(`UPDATE sites SET unit_id = ?, kind = ?, name_zh = ?, name_en = ?, industries = ?, policies_zh = ?, policies_en = ?,
			subsidy_max_yuan = ?, space_m2 = ?, housing_units = ?, capacity = ?, address = ?, published = ?, name = ?, search_tokens = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			u.ID, string(site.Kind), site.NameZH, site.NameEN, jsonText(site.Industries), site.PoliciesZH, site.PoliciesEN,
			site.SubsidyMaxYuan, site.SpaceM2, site.HousingUnits, site.Capacity, site.Address, site.Published, name, tokens, tx.now, site.ID, site.Version)
		if err != nil {
			return fmt.Errorf("update site: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return versionConflict("site")
		}
		tx.Audit("site.update", "site", site.ID, u.Path, map[string]any{"name": name, "published": site.Published})
	}
	saved, err := loadSite(tx, site.ID)
	if err != nil {
		return err
	}
	*site = *saved
	return tx.Commit()
}

// loadSite reads a site the actor may read.
func loadSite(tx *Tx, id int64) (*haizhi.Site, error) {
	s, err := scanSite(tx.QueryRow(`SELECT `+siteColumns+siteFrom+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("site")
	} else if err != nil {
		return nil, fmt.Errorf("find site: %w", err)
	}
	a := tx.Actor()
	if a == nil || (!s.Published && !a.Can(haizhi.PermMatchManage, s.UnitPath)) || (!a.System && a.UserID == 0) {
		return nil, haizhi.NotFound("site")
	}
	return s, nil
}

// FindSiteByID returns a site; see haizhi.SiteService.
func (s *SiteService) FindSiteByID(ctx context.Context, id int64) (*haizhi.Site, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return loadSite(tx, id)
}

// FindSites lists sites; see haizhi.SiteService.
func (s *SiteService) FindSites(ctx context.Context, f haizhi.SiteFilter) ([]*haizhi.Site, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	scope, args, err := readScope(tx.Actor(), "o.path", "s.published")
	if err != nil {
		return nil, 0, err
	}
	where := []string{scope}
	if f.Kind != "" {
		where, args = append(where, "s.kind = ?"), append(args, string(f.Kind))
	}
	if f.Industry != "" {
		where, args = append(where, "s.industries LIKE ?"), append(args, `%"`+f.Industry+`"%`)
	}
	if f.UnitID != 0 {
		u, err := findUnit(tx, "id", f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		where, args = append(where, "o.path LIKE ?"), append(args, u.Path+"%")
	}
	if tokens := textseg.Default().Query(f.Query); len(tokens) > 0 {
		c, arg := tx.db.dialect.matchTokens("site_search", "s", tokens)
		where, args = append(where, c), append(args, arg)
	}
	var out []*haizhi.Site
	total, err := pageOfRows(tx, siteFrom, `SELECT `+siteColumns+siteFrom, " WHERE "+strings.Join(where, " AND "), "s.name, s.id", args, f.Page,
		func(scan func(...any) error) error {
			site, err := scanSite(rowScanner(scan))
			out = append(out, site)
			return err
		})
	return out, total, err
}

// pageOfRows counts the rows FROM from WHERE cond, then (unless the page only counts)
// scans a page of them, selected by sel, in order.
func pageOfRows(tx *Tx, from, sel, cond, order string, args []any, page haizhi.Page, each func(scan func(...any) error) error) (int, error) {
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*)`+from+cond, args...).Scan(&total); err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	if page.CountOnly {
		return total, nil
	}
	p := page.Normalize()
	if err := eachRow(tx, sel+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, p.Limit, p.Offset), each); err != nil {
		return 0, fmt.Errorf("page: %w", err)
	}
	return total, nil
}
