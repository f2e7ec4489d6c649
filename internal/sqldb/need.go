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

// NeedService is the SQL implementation of haizhi.NeedService.
type NeedService struct{ db *DB }

// NewNeedService returns the need service over db.
func NewNeedService(db *DB) *NeedService { return &NeedService{db: db} }

var _ haizhi.NeedService = (*NeedService)(nil)

const needColumns = `n.id, n.unit_id, o.path, n.kind, n.enterprise, n.title_zh, n.title_en, n.description_zh, n.description_en, n.industry,
	n.keywords, n.location, n.budget_yuan, n.reward_yuan, n.deadline, n.status, COALESCE(n.owner_id, 0), n.published_at, n.version,
	n.created_at, n.updated_at`

const needFrom = ` FROM needs n JOIN org_units o ON o.id = n.unit_id`

func scanNeed(s interface{ Scan(...any) error }) (*haizhi.Need, error) {
	n := &haizhi.Need{}
	var keywords string
	var deadline, published sql.NullTime
	if err := s.Scan(&n.ID, &n.UnitID, &n.UnitPath, &n.Kind, &n.Enterprise, &n.TitleZH, &n.TitleEN, &n.DescriptionZH, &n.DescriptionEN,
		&n.Industry, &keywords, &n.Location, &n.BudgetYuan, &n.RewardYuan, &deadline, &n.Status, &n.OwnerID, &published, &n.Version,
		&n.CreatedAt, &n.UpdatedAt); err != nil {
		return nil, err
	}
	n.Deadline, n.PublishedAt = nullTime(deadline), nullTime(published)
	n.CreatedAt, n.UpdatedAt = n.CreatedAt.UTC(), n.UpdatedAt.UTC()
	return n, jsonDecode(keywords, &n.Keywords)
}

// needSearchTokens is the segmented text search reads: titles, keywords, the
// enterprise, descriptions.
func needSearchTokens(n *haizhi.Need) string {
	return textseg.Default().Document(n.TitleZH, n.TitleEN, strings.Join(n.Keywords, " "), n.Enterprise, n.DescriptionZH, n.DescriptionEN)
}

// needAccess says what the actor may do with a need: manage it (the unit's operators,
// or its own enterprise account) or only read it (published, for anyone signed in).
func needAccess(a *haizhi.Actor, n *haizhi.Need) (read, manage bool) {
	if a == nil {
		return false, false
	}
	manage = a.Can(haizhi.PermMatchManage, n.UnitPath) || (n.OwnerID != 0 && n.OwnerID == a.UserID && a.Can(haizhi.PermEnterpriseWork, n.UnitPath))
	return manage || (n.Status == haizhi.NeedPublished && (a.System || a.UserID != 0)), manage
}

// loadNeed reads a need the actor may read (manage: may change).
func loadNeed(tx *Tx, id int64, manage bool) (*haizhi.Need, error) {
	n, err := scanNeed(tx.QueryRow(`SELECT `+needColumns+needFrom+` WHERE n.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("need")
	} else if err != nil {
		return nil, fmt.Errorf("find need: %w", err)
	}
	read, may := needAccess(tx.Actor(), n)
	if !read || (manage && !may) {
		return nil, haizhi.NotFound("need")
	}
	return n, nil
}

// SaveNeed creates or changes a need; see haizhi.NeedService.
func (s *NeedService) SaveNeed(ctx context.Context, n *haizhi.Need) error {
	if err := n.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	a := tx.Actor()
	unit, err := findUnit(tx, "id", n.UnitID)
	if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
		return haizhi.Invalid(map[string]string{"unit_id": "error.choose_one"})
	} else if err != nil {
		return err
	}
	operator := a.Can(haizhi.PermMatchManage, unit.Path)
	if !operator && !a.Can(haizhi.PermEnterpriseWork, unit.Path) {
		return haizhi.Errorf(haizhi.EFORBIDDEN, "error.forbidden", "You cannot publish needs for this unit.")
	}
	title, tokens := sortTitleOf(n.TitleZH, n.TitleEN), needSearchTokens(n)
	var deadline any
	if n.Deadline != nil {
		deadline = n.Deadline.UTC()
	}
	if n.ID == 0 {
		var owner any
		if !operator {
			owner, n.OwnerID = a.UserID, a.UserID
		}
		status, published := n.Status, any(nil)
		switch status {
		case "":
			status = haizhi.NeedDraft
		case haizhi.NeedPublished:
			published = tx.now
		case haizhi.NeedDraft:
		default:
			return haizhi.Invalid(map[string]string{"status": "error.choose_one"})
		}
		n.ID, err = tx.InsertID(`INSERT INTO needs (unit_id, kind, enterprise, title_zh, title_en, description_zh, description_en, industry, keywords,
			location, budget_yuan, reward_yuan, deadline, status, owner_id, title, search_tokens, published_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			unit.ID, string(n.Kind), n.Enterprise, n.TitleZH, n.TitleEN, n.DescriptionZH, n.DescriptionEN, n.Industry, jsonText(n.Keywords),
			n.Location, n.BudgetYuan, n.RewardYuan, deadline, string(status), owner, title, tokens, published, tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("create need: %w", err)
		}
		tx.Audit("need.create", "need", n.ID, unit.Path, map[string]any{"kind": n.Kind, "enterprise": n.Enterprise, "title": title, "status": status})
	} else {
		cur, err := loadNeed(tx, n.ID, true)
		if err != nil {
			return err
		}
		if !a.Can(haizhi.PermMatchManage, cur.UnitPath) && cur.UnitID != unit.ID {
			return haizhi.Errorf(haizhi.EFORBIDDEN, "error.forbidden", "You cannot move a need to another unit.")
		}
		res, err := tx.Exec(`UPDATE needs SET unit_id = ?, kind = ?, enterprise = ?, title_zh = ?, title_en = ?, description_zh = ?, description_en = ?,
			industry = ?, keywords = ?, location = ?, budget_yuan = ?, reward_yuan = ?, deadline = ?, title = ?, search_tokens = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			unit.ID, string(n.Kind), n.Enterprise, n.TitleZH, n.TitleEN, n.DescriptionZH, n.DescriptionEN, n.Industry, jsonText(n.Keywords),
			n.Location, n.BudgetYuan, n.RewardYuan, deadline, title, tokens, tx.now, n.ID, n.Version)
		if err != nil {
			return fmt.Errorf("update need: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.version_conflict", Message: "The need was changed by someone else."}
		}
		tx.Audit("need.update", "need", n.ID, unit.Path, map[string]any{"title": title, "unit_before": cur.UnitID})
	}
	saved, err := loadNeed(tx, n.ID, false)
	if err != nil {
		return err
	}
	*n = *saved
	return tx.Commit()
}

// sortTitleOf is the title lists sort by: the Chinese one, else the English.
func sortTitleOf(zh, en string) string { return haizhi.Localized(haizhi.LocaleZH, zh, en) }

// SetNeedStatus publishes, closes or reopens a need; see haizhi.NeedService.
func (s *NeedService) SetNeedStatus(ctx context.Context, id int64, status haizhi.NeedStatus) (*haizhi.Need, error) {
	if !status.Valid() {
		return nil, haizhi.Invalid(map[string]string{"status": "error.choose_one"})
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	n, err := loadNeed(tx, id, true)
	if err != nil {
		return nil, err
	}
	if n.Status == status {
		return n, nil // a double click
	}
	published := n.PublishedAt
	if status == haizhi.NeedPublished && published == nil {
		published = &tx.now
	}
	if _, err := tx.Exec(`UPDATE needs SET status = ?, published_at = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		string(status), published, tx.now, id); err != nil {
		return nil, fmt.Errorf("set need status: %w", err)
	}
	tx.Audit("need.status", "need", id, n.UnitPath, map[string]any{"from": n.Status, "to": status})
	out, err := loadNeed(tx, id, false)
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// FindNeedByID returns a need the actor may read; see haizhi.NeedService.
func (s *NeedService) FindNeedByID(ctx context.Context, id int64) (*haizhi.Need, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return loadNeed(tx, id, false)
}

// needSorts whitelists the orders of FindNeeds.
var needSorts = map[string]string{
	"":          "COALESCE(n.published_at, n.created_at) DESC, n.id DESC",
	"published": "COALESCE(n.published_at, n.created_at) DESC, n.id DESC",
	"title":     "n.title, n.id",
	"deadline":  "n.deadline IS NULL, n.deadline, n.id",
	"budget":    "n.budget_yuan DESC, n.id",
}

// FindNeeds lists the needs the actor may read; see haizhi.NeedService.
func (s *NeedService) FindNeeds(ctx context.Context, f haizhi.NeedFilter) ([]*haizhi.Need, int, error) {
	order, ok := needSorts[f.Sort]
	if !ok {
		return nil, 0, haizhi.Invalid(map[string]string{"sort": "error.choose_one"})
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	a := tx.Actor()
	if a == nil || (!a.System && a.UserID == 0) {
		return nil, 0, haizhi.ErrUnauthorized
	}
	// What the actor may read: everything in the units they manage, their own, and what
	// is published.
	scope, args := scopeClause("o.path", a.Scope(haizhi.PermMatchManage))
	where := []string{"(" + scope + " OR n.owner_id = ? OR n.status = ?)"}
	args = append(args, a.UserID, string(haizhi.NeedPublished))
	add := func(cond string, v any) {
		where, args = append(where, cond), append(args, v)
	}
	if f.Mine {
		add("n.owner_id = ?", a.UserID)
	}
	if f.Kind != "" {
		add("n.kind = ?", string(f.Kind))
	}
	if f.Industry != "" {
		add("n.industry = ?", f.Industry)
	}
	if f.Status != "" {
		add("n.status = ?", string(f.Status))
	}
	if f.UnitID != 0 {
		u, err := findUnit(tx, "id", f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		add("o.path LIKE ?", u.Path+"%")
	}
	if tokens := textseg.Default().Query(f.Query); len(tokens) > 0 {
		c, arg := tx.db.dialect.matchTokens("need_search", "n", tokens)
		add(c, arg)
	}
	cond := ` WHERE ` + strings.Join(where, " AND ")
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*)`+needFrom+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count needs: %w", err)
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	var out []*haizhi.Need
	err = eachRow(tx, `SELECT `+needColumns+needFrom+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, p.Limit, p.Offset),
		func(scan func(...any) error) error {
			n, err := scanNeed(rowScanner(scan))
			out = append(out, n)
			return err
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find needs: %w", err)
	}
	return out, total, nil
}
