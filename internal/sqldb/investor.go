package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

const investorColumns = `v.id, v.unit_id, o.path, v.kind, v.name_zh, v.name_en, v.industries, v.stages, v.ticket_min_yuan, v.ticket_max_yuan,
	v.city, v.published, v.version, v.created_at, v.updated_at`

const investorFrom = ` FROM investors v JOIN org_units o ON o.id = v.unit_id`

func scanInvestor(sc interface{ Scan(...any) error }) (*haizhi.Investor, error) {
	v := &haizhi.Investor{}
	var industries, stages string
	if err := sc.Scan(&v.ID, &v.UnitID, &v.UnitPath, &v.Kind, &v.NameZH, &v.NameEN, &industries, &stages, &v.TicketMinYuan, &v.TicketMaxYuan,
		&v.City, &v.Published, &v.Version, &v.CreatedAt, &v.UpdatedAt); err != nil {
		return nil, err
	}
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	if err := jsonDecode(industries, &v.Industries); err != nil {
		return nil, err
	}
	return v, jsonDecode(stages, &v.Stages)
}

// SaveInvestor creates or changes an investor; see haizhi.SiteService.
func (s *SiteService) SaveInvestor(ctx context.Context, v *haizhi.Investor) error {
	if err := v.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	u, err := matchUnit(tx, v.UnitID)
	if err != nil {
		return err
	}
	name := sortTitleOf(v.NameZH, v.NameEN)
	if v.ID == 0 {
		v.ID, err = tx.InsertID(`INSERT INTO investors (unit_id, kind, name_zh, name_en, industries, stages, ticket_min_yuan, ticket_max_yuan, city,
			published, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, string(v.Kind), v.NameZH, v.NameEN, jsonText(v.Industries), jsonText(v.Stages), v.TicketMinYuan, v.TicketMaxYuan, v.City,
			v.Published, name, tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("create investor: %w", err)
		}
		tx.Audit("investor.create", "investor", v.ID, u.Path, map[string]any{"name": name})
	} else {
		var curPath string
		if err := tx.QueryRow(`SELECT o.path`+investorFrom+` WHERE v.id = ?`, v.ID).Scan(&curPath); errNoRows(err) || (err == nil && !tx.Actor().Can(haizhi.PermMatchManage, curPath)) {
			return haizhi.NotFound("investor")
		} else if err != nil {
			return fmt.Errorf("find investor: %w", err)
		}
		res, err := tx.Exec(`UPDATE investors SET unit_id = ?, kind = ?, name_zh = ?, name_en = ?, industries = ?, stages = ?, ticket_min_yuan = ?,
			ticket_max_yuan = ?, city = ?, published = ?, name = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			u.ID, string(v.Kind), v.NameZH, v.NameEN, jsonText(v.Industries), jsonText(v.Stages), v.TicketMinYuan, v.TicketMaxYuan, v.City,
			v.Published, name, tx.now, v.ID, v.Version)
		if err != nil {
			return fmt.Errorf("update investor: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return versionConflict("investor")
		}
		tx.Audit("investor.update", "investor", v.ID, u.Path, map[string]any{"name": name})
	}
	saved, err := scanInvestor(tx.QueryRow(`SELECT `+investorColumns+investorFrom+` WHERE v.id = ?`, v.ID))
	if err != nil {
		return fmt.Errorf("read investor: %w", err)
	}
	*v = *saved
	return tx.Commit()
}

// FindInvestors lists investors; see haizhi.SiteService.
func (s *SiteService) FindInvestors(ctx context.Context, f haizhi.InvestorFilter) ([]*haizhi.Investor, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	scope, args, err := readScope(tx.Actor(), "o.path", "v.published")
	if err != nil {
		return nil, 0, err
	}
	where := []string{scope}
	add := func(cond string, arg any) { where, args = append(where, cond), append(args, arg) }
	if f.Kind != "" {
		add("v.kind = ?", string(f.Kind))
	}
	// Codes come from fixed lists without quotes, so a quoted code is found in the JSON text.
	if f.Industry != "" {
		add("v.industries LIKE ?", `%"`+f.Industry+`"%`)
	}
	if f.Stage != "" {
		add("v.stages LIKE ?", `%"`+string(f.Stage)+`"%`)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(lower(v.name_zh) LIKE ? ESCAPE '\' OR lower(v.name_en) LIKE ? ESCAPE '\')`)
		like := likePattern(strings.ToLower(q))
		args = append(args, like, like)
	}
	var out []*haizhi.Investor
	total, err := pageOfRows(tx, investorFrom, `SELECT `+investorColumns+investorFrom, " WHERE "+strings.Join(where, " AND "), "v.name, v.id", args, f.Page,
		func(scan func(...any) error) error {
			v, err := scanInvestor(rowScanner(scan))
			out = append(out, v)
			return err
		})
	return out, total, err
}
