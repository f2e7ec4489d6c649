package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/textseg"
)

// FindEntryByID returns an entry the actor may read; see haizhi.EntryService.
func (s *EntryService) FindEntryByID(ctx context.Context, id int64) (*haizhi.Entry, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, _, err := reachableEntry(tx, id, false)
	return e, err
}

// entrySorts maps EntryFilter.Sort to an ORDER BY; the id breaks ties so pages are stable.
var entrySorts = map[string]string{
	"-submitted": "e.submitted_at DESC NULLS LAST, e.id DESC",
	"submitted":  "e.submitted_at ASC NULLS LAST, e.id",
	"title":      "e.title, e.id",
	"country":    "e.country, e.title, e.id",
	"-updated":   "e.updated_at DESC, e.id DESC",
}

// entryWhere builds the condition and arguments of an entries filter, and the ORDER BY of
// its sort. With an EditionID the actor sees every entry when they manage the edition,
// else only their own and referred ones; Mine always limits the list to those.
func entryWhere(tx *Tx, f haizhi.EntryFilter) (cond string, args []any, order string, err error) {
	a := tx.Actor()
	if a == nil {
		return "", nil, "", haizhi.ErrUnauthorized
	}
	order, ok := entrySorts[f.Sort]
	if f.Sort == "" {
		order, ok = entrySorts["-submitted"], true
	}
	if !ok {
		return "", nil, "", haizhi.Invalid(map[string]string{"sort": "error.choose_one"})
	}
	var where []string
	mine := f.Mine || f.EditionID == 0
	if f.EditionID != 0 {
		where, args = append(where, "e.edition_id = ?"), append(args, f.EditionID)
		if !mine {
			ed, err := scanEdition(tx.QueryRow(`SELECT `+editionColumns+editionFrom+` WHERE e.id = ?`, f.EditionID))
			if err != nil && !errNoRows(err) {
				return "", nil, "", fmt.Errorf("find edition: %w", err)
			}
			mine = err != nil || !a.Can(haizhi.PermCompetitionManage, ed.UnitPath)
		}
	}
	if mine && !a.System {
		where, args = append(where, "(e.owner_id = ? OR e.referrer_id = ?)"), append(args, a.UserID, a.UserID)
	}
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.DivisionID != 0 {
		add("e.division_id = ?", f.DivisionID)
	}
	if f.TrackID != 0 {
		add("e.track_id = ?", f.TrackID)
	}
	if f.Country != "" {
		add("e.country = ?", strings.ToUpper(f.Country))
	}
	if f.Category != "" {
		add("e.category = ?", string(f.Category))
	}
	if f.Status != "" {
		add("e.status = ?", string(f.Status))
	}
	if f.Round != "" {
		add("e.round = ?", string(f.Round))
	}
	if f.Outcome != "" {
		add("e.outcome = ?", string(f.Outcome))
	}
	if f.Source != "" {
		add("e.source = ?", string(f.Source))
	}
	switch f.Eligible {
	case "yes":
		where = append(where, "e.eligible = TRUE")
	case "no":
		where = append(where, "e.eligible = FALSE")
	case "unknown":
		where = append(where, "e.eligible IS NULL")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		tokens := textseg.Default().Query(q)
		if len(tokens) == 0 {
			where = append(where, "1 = 0")
		} else {
			c, arg := tx.db.dialect.matchTokens("entry_search", "e", tokens)
			add(c, arg)
		}
	}
	if len(where) == 0 {
		where = []string{"1 = 1"}
	}
	return strings.Join(where, " AND "), args, order, nil
}

// FindEntries lists entries; see haizhi.EntryService and entryWhere.
func (s *EntryService) FindEntries(ctx context.Context, f haizhi.EntryFilter) ([]*haizhi.Entry, int, error) {
	if haizhi.ActorFromContext(ctx) == nil {
		return nil, 0, haizhi.ErrUnauthorized
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	cond, args, order, err := entryWhere(tx, f)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM entries e WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count entries: %w", err)
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	// Page the ids first over the entries table alone (its indexes), then join the page.
	query := tx.db.dialect.pageQuery(`SELECT e.id FROM entries e WHERE `+cond+` ORDER BY `+order+pageClause(p), order)
	rows, err := tx.Query(query, append(slices.Clone(args), p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find entries: %w", err)
	}
	defer rows.Close()
	out := []*haizhi.Entry{}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan entry: %w", err)
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// exportBatch is how many entries EachEntry loads at a time.
const exportBatch = 500

// EachEntry calls fn for every entry the filter selects; see haizhi.EntryService. It
// reads in one transaction, a batch of entries with their answers and decisions at a
// time, so memory stays flat however many there are.
func (s *EntryService) EachEntry(ctx context.Context, f haizhi.EntryFilter, fn func(*haizhi.Entry, []*haizhi.EntryDecision) error) error {
	if haizhi.ActorFromContext(ctx) == nil {
		return haizhi.ErrUnauthorized
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	cond, args, order, err := entryWhere(tx, f)
	if err != nil {
		return err
	}
	var ids []int64
	err = eachRow(tx, `SELECT e.id FROM entries e WHERE `+cond+` ORDER BY `+order, args, func(scan func(...any) error) error {
		var id int64
		err := scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("list entries: %w", err)
	}
	return eachEntryBatch(tx, ids, true, fn)
}

// eachEntryBatch calls fn for each entry of ids, in order, loading a batch of entries
// with their answers (and, when withDecisions, their decisions) at a time: a handful of
// queries per 500 entries, never a query per entry.
func eachEntryBatch(tx *Tx, ids []int64, withDecisions bool, fn func(*haizhi.Entry, []*haizhi.EntryDecision) error) error {
	for start := 0; start < len(ids); start += exportBatch {
		batch := ids[start:min(start+exportBatch, len(ids))]
		in := make([]any, len(batch))
		for i, id := range batch {
			in[i] = id
		}
		list := qmarks(len(batch))
		byID := make(map[int64]*haizhi.Entry, len(batch))
		err := eachRow(tx, `SELECT `+entryColumns+entryFrom+` WHERE e.id IN (`+list+`)`, in, func(scan func(...any) error) error {
			e, err := scanEntry(rowScanner(scan))
			if err == nil {
				byID[e.ID] = e
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("load entries: %w", err)
		}
		err = eachRow(tx, `SELECT entry_id, field_key, value FROM entry_answers WHERE entry_id IN (`+list+`) ORDER BY entry_id, field_key, position`, in,
			func(scan func(...any) error) error {
				var id int64
				var k, v string
				if err := scan(&id, &k, &v); err != nil {
					return err
				}
				if e := byID[id]; e != nil {
					e.Answers[k] = append(e.Answers[k], v)
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("load answers: %w", err)
		}
		decisions := map[int64][]*haizhi.EntryDecision{}
		if withDecisions {
			err = eachRow(tx, `SELECT id, entry_id, round, outcome, reason, note, decided_by, created_at FROM entry_decisions WHERE entry_id IN (`+list+`) ORDER BY id`, in,
				func(scan func(...any) error) error {
					d := &haizhi.EntryDecision{}
					if err := scan(&d.ID, &d.EntryID, &d.Round, &d.Outcome, &d.Reason, &d.Note, &d.DecidedBy, &d.CreatedAt); err != nil {
						return err
					}
					d.CreatedAt = d.CreatedAt.UTC()
					decisions[d.EntryID] = append(decisions[d.EntryID], d)
					return nil
				})
			if err != nil {
				return fmt.Errorf("load decisions: %w", err)
			}
		}
		for _, id := range batch {
			if e := byID[id]; e != nil {
				if err := fn(e, decisions[id]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// pageQuery for SQLite: the page's ids in an IN list, which SQLite turns into 40 lookups.
func (sqlite) pageQuery(ids, order string) string {
	return `SELECT ` + entryColumns + entryFrom + ` WHERE e.id IN (` + ids + `) ORDER BY ` + order
}

// pageQuery for PostgreSQL: the page first in the FROM, since PostgreSQL keeps the written
// join order past eight relations and would otherwise join the whole edition.
func (postgres) pageQuery(ids, order string) string {
	return `SELECT ` + entryColumns + ` FROM (` + ids + `) pg JOIN entries e ON e.id = pg.id` + entryJoins + ` ORDER BY ` + order
}

// matchTokens for SQLite: the FTS5 index, every token required, the last one as a prefix
// so a word being typed already finds.
func (sqlite) matchTokens(index, alias string, tokens []string) (string, any) {
	q := make([]string, len(tokens))
	for i, t := range tokens {
		q[i] = `"` + t + `"`
	}
	q[len(q)-1] += "*"
	return alias + ".id IN (SELECT rowid FROM " + index + " WHERE " + index + " MATCH ?)", strings.Join(q, " ")
}

// matchTokens for PostgreSQL: the GIN index over to_tsvector('simple', search_tokens).
func (postgres) matchTokens(_, alias string, tokens []string) (string, any) {
	q := make([]string, len(tokens))
	for i, t := range tokens {
		q[i] = "'" + t + "'"
	}
	q[len(q)-1] += ":*"
	return "to_tsvector('simple', " + alias + ".search_tokens) @@ to_tsquery('simple', ?)", strings.Join(q, " & ")
}
