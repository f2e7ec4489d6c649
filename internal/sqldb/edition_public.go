package sqldb

import (
	"context"
	"fmt"

	"github.com/haizhi-dev/haizhi"
)

// FindOpenEditions lists the editions taking entries; see haizhi.CompetitionService.
func (s *CompetitionService) FindOpenEditions(ctx context.Context, p haizhi.Page) ([]*haizhi.Edition, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	// The call is open while the first round (screening) has not closed.
	cond := ` WHERE e.status = ? AND (SELECT r.closes_at FROM edition_rounds r WHERE r.edition_id = e.id ORDER BY r.position LIMIT 1) > ?`
	args := []any{string(haizhi.EditionOpen), tx.now}
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*)`+editionFrom+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count open editions: %w", err)
	}
	if p.CountOnly {
		return nil, total, nil
	}
	p = p.Normalize()
	var out []*haizhi.Edition
	err = eachRow(tx, `SELECT `+editionColumns+editionFrom+cond+` ORDER BY e.year DESC, e.id`+pageClause(p), append(args, p.Offset),
		func(scan func(...any) error) error {
			e, err := scanEdition(rowScanner(scan))
			out = append(out, e)
			return err
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find open editions: %w", err)
	}
	for _, e := range out {
		if err := loadEditionParts(tx, e); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// rowScanner adapts eachRow's scan function to scanEdition and its kind.
type rowScanner func(...any) error

func (f rowScanner) Scan(dest ...any) error { return f(dest...) }

// FindPublishedEdition returns an edition that is not a draft; see
// haizhi.CompetitionService.
func (s *CompetitionService) FindPublishedEdition(ctx context.Context, id int64) (*haizhi.Edition, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, err := entryEdition(tx, id)
	if err != nil {
		return nil, err
	}
	if e.Status == haizhi.EditionDraft && !tx.Actor().Can(haizhi.PermCompetitionManage, e.UnitPath) {
		return nil, haizhi.NotFound("edition")
	}
	return e, nil
}
