package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/haizhi-dev/haizhi"
)

// pendingInRound is the condition on entries e that wait in a round; its args are
// pendingArgs.
const pendingInRound = `e.edition_id = ? AND e.status = ? AND e.round = ? AND e.outcome = 'pending'`

func pendingArgs(editionID int64, round haizhi.RoundKind) []any {
	return []any{editionID, string(haizhi.EntrySubmitted), string(round)}
}

// PreviewAssignment sums up a round's assignment; see haizhi.AssignmentService.
func (s *AssignmentService) PreviewAssignment(ctx context.Context, f haizhi.PreviewFilter) (*haizhi.AssignmentPreview, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, f.EditionID)
	if err != nil {
		return nil, err
	}
	if _, err := roundOf(ed, f.Round); err != nil {
		return nil, err
	}
	pv := &haizhi.AssignmentPreview{}
	var category string
	err = tx.QueryRow(`SELECT k, need_category, max_per_institution FROM assignment_rounds WHERE edition_id = ? AND round = ?`, ed.ID, string(f.Round)).
		Scan(&pv.Options.K, &category, &pv.Options.MaxPerInstitution)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("assignment options: %w", err)
	}
	pv.Options.NeedCategory = haizhi.JudgeCategory(category)
	pv.K = positiveOr(f.K, pv.Options.K)
	if pv.Published, err = roundPublished(tx, ed.ID, f.Round); err != nil {
		return nil, fmt.Errorf("published: %w", err)
	}
	if err := tx.QueryRow(`SELECT COUNT(*) FROM entries e WHERE `+pendingInRound, pendingArgs(ed.ID, f.Round)...).Scan(&pv.Entries); err != nil {
		return nil, fmt.Errorf("count entries: %w", err)
	}
	if err := previewPairs(tx, ed.ID, f.Round, pv); err != nil {
		return nil, err
	}
	if err := previewLoads(tx, ed.ID, f.Round, f.LoadsPage, pv); err != nil {
		return nil, err
	}
	if pv.Tracks, err = trackCoverage(tx, ed, f.Round); err != nil {
		return nil, err
	}
	if pv.K > 0 {
		if pv.Short, pv.ShortTotal, err = shortEntries(tx, ed.ID, f.Round, pv.K, f.ShortPage); err != nil {
			return nil, err
		}
	}
	return pv, nil
}

// positiveOr returns a when it is positive, else b.
func positiveOr(a, b int) int {
	if a > 0 {
		return a
	}
	return b
}

// previewPairs counts the round's pairs and measures the spread of their fit; the median
// is read in SQL (one or two middle rows), not by loading every pair.
func previewPairs(tx *Tx, editionID int64, round haizhi.RoundKind, pv *haizhi.AssignmentPreview) error {
	a := &pv.Affinity
	if err := tx.QueryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN manual THEN 1 ELSE 0 END), 0), COALESCE(MIN(affinity), 0), COALESCE(MAX(affinity), 0)
		FROM assignments WHERE edition_id = ? AND round = ?`, editionID, string(round)).Scan(&pv.Pairs, &pv.Manual, &a.Min, &a.Max); err != nil {
		return fmt.Errorf("count pairs: %w", err)
	}
	if pv.Pairs == 0 {
		return nil
	}
	take := 2 - pv.Pairs%2
	var mid []float64
	err := eachRow(tx, `SELECT affinity FROM assignments WHERE edition_id = ? AND round = ? ORDER BY affinity LIMIT `+fmt.Sprint(take)+` OFFSET ?`,
		[]any{editionID, string(round), (pv.Pairs - 1) / 2}, func(scan func(...any) error) error {
			var x float64
			err := scan(&x)
			mid = append(mid, x)
			return err
		})
	if err != nil {
		return fmt.Errorf("median fit: %w", err)
	}
	for _, x := range mid {
		a.Median += x / float64(len(mid))
	}
	return nil
}

// judgeCounts is the pool with each member's count of the round's pairs; its args are
// the round and the edition.
const judgeCounts = ` FROM edition_judges j JOIN users u ON u.id = j.user_id
	LEFT JOIN assignments a ON a.judge_user_id = j.user_id AND a.edition_id = j.edition_id AND a.round = ?
	WHERE j.edition_id = ? GROUP BY j.id, j.user_id, u.name, j.category, j.institution, j.min_load, j.max_load`

// previewLoads reads a page of the loads per judge, those outside their bounds first,
// and counts those outside over the whole pool.
func previewLoads(tx *Tx, editionID int64, round haizhi.RoundKind, page haizhi.Page, pv *haizhi.AssignmentPreview) error {
	args := []any{string(round), editionID}
	if err := tx.QueryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN t.n < t.min_load THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN t.n > t.max_load THEN 1 ELSE 0 END), 0)
		FROM (SELECT j.min_load, j.max_load, COUNT(a.id) AS n`+judgeCounts+`) t`, args...).Scan(&pv.LoadsTotal, &pv.BelowMin, &pv.AboveMax); err != nil {
		return fmt.Errorf("count loads: %w", err)
	}
	p := page.Normalize()
	err := eachRow(tx, `SELECT j.user_id, u.name, j.category, j.institution, j.min_load, j.max_load, COUNT(a.id), COALESCE(SUM(a.affinity), 0)`+judgeCounts+`
		ORDER BY CASE WHEN COUNT(a.id) < j.min_load OR COUNT(a.id) > j.max_load THEN 0 ELSE 1 END, u.name, j.user_id`+pageClause(p),
		append(args, p.Offset), func(scan func(...any) error) error {
			var l haizhi.JudgeLoad
			err := scan(&l.UserID, &l.Name, &l.Category, &l.Institution, &l.MinLoad, &l.MaxLoad, &l.Count, &l.AffinitySum)
			pv.Loads = append(pv.Loads, l)
			return err
		})
	if err != nil {
		return fmt.Errorf("loads: %w", err)
	}
	return nil
}

// trackCoverage measures every track of the edition: its pending entries, how many of
// them have a judge, its pairs, the judges given its entries and the pool members who
// list it. A few grouped queries, whatever the number of entries.
func trackCoverage(tx *Tx, ed *haizhi.Edition, round haizhi.RoundKind) ([]haizhi.TrackCoverage, error) {
	byCode := map[string]*haizhi.TrackCoverage{}
	var out []*haizhi.TrackCoverage
	get := func(code string) *haizhi.TrackCoverage {
		if c := byCode[code]; c != nil {
			return c
		}
		c := &haizhi.TrackCoverage{Track: code}
		byCode[code] = c
		out = append(out, c)
		return c
	}
	for _, t := range ed.Structure.Tracks {
		get(t.Code)
	}
	err := eachRow(tx, `SELECT COALESCE(tr.code, ''), COUNT(*),
		SUM(CASE WHEN EXISTS (SELECT 1 FROM assignments a WHERE a.round = ? AND a.entry_id = e.id) THEN 1 ELSE 0 END)
		FROM entries e LEFT JOIN edition_tracks tr ON tr.id = e.track_id WHERE `+pendingInRound+` GROUP BY COALESCE(tr.code, '')`,
		append([]any{string(round)}, pendingArgs(ed.ID, round)...), func(scan func(...any) error) error {
			var code string
			var n, covered int
			if err := scan(&code, &n, &covered); err != nil {
				return err
			}
			c := get(code)
			c.Entries, c.Covered = n, covered
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("track entries: %w", err)
	}
	err = eachRow(tx, `SELECT COALESCE(tr.code, ''), COUNT(*), COUNT(DISTINCT a.judge_user_id) FROM assignments a JOIN entries e ON e.id = a.entry_id
		LEFT JOIN edition_tracks tr ON tr.id = e.track_id WHERE a.edition_id = ? AND a.round = ? GROUP BY COALESCE(tr.code, '')`,
		[]any{ed.ID, string(round)}, func(scan func(...any) error) error {
			var code string
			var pairs, judges int
			if err := scan(&code, &pairs, &judges); err != nil {
				return err
			}
			c := get(code)
			c.Pairs, c.Judges = pairs, judges
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("track pairs: %w", err)
	}
	for _, c := range out {
		if c.Track == "" {
			continue
		}
		if err := tx.QueryRow(`SELECT COUNT(*) FROM edition_judges j WHERE j.edition_id = ? AND j.tracks LIKE ? ESCAPE '\'`,
			ed.ID, likePattern(`"`+c.Track+`"`)).Scan(&c.Experts); err != nil {
			return nil, fmt.Errorf("track experts: %w", err)
		}
	}
	res := make([]haizhi.TrackCoverage, len(out))
	for i, c := range out {
		res[i] = *c
	}
	return res, nil
}

// judgesOfEntry counts an entry's judges in the round; its args are the round.
const judgesOfEntry = `(SELECT COUNT(*) FROM assignments a WHERE a.round = ? AND a.entry_id = e.id)`

// shortEntries reads a page of the round's pending entries with fewer than k judges,
// fewest first, with their total.
func shortEntries(tx *Tx, editionID int64, round haizhi.RoundKind, k int, page haizhi.Page) ([]haizhi.EntryShort, int, error) {
	cond := pendingInRound + ` AND ` + judgesOfEntry + ` < ?`
	args := append(pendingArgs(editionID, round), string(round), k)
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM entries e WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count short entries: %w", err)
	}
	p := page.Normalize()
	locale := readerLocale(tx.Actor())
	var out []haizhi.EntryShort
	err := eachRow(tx, `SELECT e.id, p.title_zh, p.title_en, COALESCE(tr.code, ''), `+judgesOfEntry+`
		FROM entries e JOIN projects p ON p.id = e.project_id LEFT JOIN edition_tracks tr ON tr.id = e.track_id
		WHERE `+cond+` ORDER BY 5, 1`+pageClause(p), append(append([]any{string(round)}, args...), p.Offset),
		func(scan func(...any) error) error {
			var x haizhi.EntryShort
			var zh, en string
			if err := scan(&x.EntryID, &zh, &en, &x.Track, &x.Judges); err != nil {
				return err
			}
			x.Title = haizhi.Localized(locale, zh, en)
			out = append(out, x)
			return nil
		})
	if err != nil {
		return nil, 0, fmt.Errorf("short entries: %w", err)
	}
	return out, total, nil
}

// FindEntryAssignments lists a page of a round's entries with their judges; see
// haizhi.AssignmentService.
func (s *AssignmentService) FindEntryAssignments(ctx context.Context, f haizhi.AssignmentFilter) ([]*haizhi.EntryAssignments, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	ed, err := managedEdition(tx, f.EditionID)
	if err != nil {
		return nil, 0, err
	}
	cond, args := pendingInRound, pendingArgs(ed.ID, f.Round)
	if f.EntryID != 0 {
		cond, args = cond+` AND e.id = ?`, append(args, f.EntryID)
	}
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM entries e WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count entries: %w", err)
	}
	if f.Page.CountOnly || total == 0 {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	locale := readerLocale(tx.Actor())
	var out []*haizhi.EntryAssignments
	byID := map[int64]*haizhi.EntryAssignments{}
	var ids []any
	err = eachRow(tx, `SELECT e.id, p.title_zh, p.title_en, COALESCE(tr.code, '') FROM entries e JOIN projects p ON p.id = e.project_id
		LEFT JOIN edition_tracks tr ON tr.id = e.track_id WHERE `+cond+` ORDER BY e.id`+pageClause(p), append(args, p.Offset),
		func(scan func(...any) error) error {
			x := &haizhi.EntryAssignments{}
			var zh, en string
			if err := scan(&x.EntryID, &zh, &en, &x.Track); err != nil {
				return err
			}
			x.Title = haizhi.Localized(locale, zh, en)
			out, byID[x.EntryID], ids = append(out, x), x, append(ids, x.EntryID)
			return nil
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find entries: %w", err)
	}
	if len(ids) == 0 {
		return out, total, nil
	}
	err = eachRow(tx, `SELECT `+assignmentColumns+assignmentFrom+` WHERE a.round = ? AND a.entry_id IN (`+qmarks(len(ids))+`) ORDER BY a.entry_id, u.name`,
		append([]any{string(f.Round)}, ids...), func(scan func(...any) error) error {
			a, err := scanAssignment(scan, locale)
			if err != nil {
				return err
			}
			byID[a.EntryID].Judges = append(byID[a.EntryID].Judges, a)
			return nil
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find assignments: %w", err)
	}
	err = eachRow(tx, `SELECT DISTINCT entry_id, judge_user_id FROM conflicts WHERE lifted = FALSE AND entry_id IN (`+qmarks(len(ids))+`) ORDER BY entry_id, judge_user_id`,
		ids, func(scan func(...any) error) error {
			var e, j int64
			if err := scan(&e, &j); err != nil {
				return err
			}
			byID[e].Conflicted = append(byID[e].Conflicted, j)
			return nil
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find conflicts: %w", err)
	}
	return out, total, nil
}
