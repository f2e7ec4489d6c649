package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/textseg"
)

// DuplicateService is the SQL implementation of haizhi.DuplicateService.
type DuplicateService struct{ db *DB }

// NewDuplicateService returns the duplicate service over db.
func NewDuplicateService(db *DB) *DuplicateService { return &DuplicateService{db: db} }

var _ haizhi.DuplicateService = (*DuplicateService)(nil)

// duplicateCandidates reads every entry of a competition that is not a draft, with what
// haizhi.FindDuplicatePairs compares and what the page shows.
const duplicateCandidates = `SELECT e.id, e.edition_id, ed.year, e.status, e.source, e.round, e.outcome, COALESCE(e.owner_id, 0),
	ta.name, ta.name_zh, ta.email, ta.born, p.title_zh, p.title_en, p.summary_zh, p.summary_en,
	COALESCE(d.id, 0), COALESCE(d.code, ''), COALESCE(d.name_zh, ''), COALESCE(d.name_en, ''),
	COALESCE(tr.id, 0), COALESCE(tr.code, ''), COALESCE(tr.name_zh, ''), COALESCE(tr.name_en, '')
	FROM entries e
	JOIN editions ed ON ed.id = e.edition_id
	JOIN talents ta ON ta.id = e.talent_id
	JOIN projects p ON p.id = e.project_id
	LEFT JOIN edition_divisions d ON d.id = e.division_id
	LEFT JOIN edition_tracks tr ON tr.id = e.track_id
	WHERE ed.competition_id = ? AND e.status <> ?
	ORDER BY e.id`

// FindDuplicates returns the duplicate pairs touching an edition; see
// haizhi.DuplicateService.
//
// The pairs are found in memory over the candidates of the edition's whole competition,
// loaded in one query, then filtered and paged here. That is acceptable because the
// candidate set is one competition's entries: a few hundred to a few thousand a year
// (the demo's 444 take under 10 ms), and at the 100,000 the design carries,
// haizhi.FindDuplicatePairs segments the titles and pairs them in about a second and a
// half on two cores (BenchmarkFindDuplicatePairsSegmented). A pair needs evidence from
// two rows, so SQL could not count or page pairs without doing the same work.
func (s *DuplicateService) FindDuplicates(ctx context.Context, f haizhi.DuplicateFilter) ([]haizhi.DuplicatePair, int, error) {
	if haizhi.ActorFromContext(ctx) == nil {
		return nil, 0, haizhi.ErrUnauthorized
	}
	if f.Reason != "" && !f.Reason.Valid() {
		return nil, 0, haizhi.Invalid(map[string]string{"reason": "error.choose_one"})
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	ed, err := managedEdition(tx, f.EditionID)
	if err != nil {
		return nil, 0, err
	}
	candidates, err := loadDuplicateCandidates(tx, ed.CompetitionID)
	if err != nil {
		return nil, 0, err
	}
	// Done reading: release the connection before the pairing work.
	tx.Rollback()
	var out []haizhi.DuplicatePair
	for _, p := range haizhi.FindDuplicatePairs(candidates, textseg.Default().Tokens) {
		if (p.A.EditionID == ed.ID || p.B.EditionID == ed.ID) && (f.Reason == "" || p.Has(f.Reason)) {
			out = append(out, p)
		}
	}
	total := len(out)
	if f.Page.CountOnly {
		return nil, total, nil
	}
	pg := f.Page.Normalize()
	lo, hi := min(pg.Offset, total), min(pg.Offset+pg.Limit, total)
	return append([]haizhi.DuplicatePair{}, out[lo:hi]...), total, nil
}

// loadDuplicateCandidates reads the submitted and withdrawn entries of every edition of a
// competition.
func loadDuplicateCandidates(tx *Tx, competitionID int64) ([]haizhi.DuplicateCandidate, error) {
	var out []haizhi.DuplicateCandidate
	err := eachRow(tx, duplicateCandidates, []any{competitionID, string(haizhi.EntryDraft)}, func(scan func(...any) error) error {
		var c haizhi.DuplicateCandidate
		e := &c.Entry
		var born string
		if err := scan(&e.ID, &e.EditionID, &e.Year, &e.Status, &e.Source, &e.Round, &e.Outcome, &c.OwnerID,
			&c.Name, &c.NameZH, &c.Email, &born, &c.TitleZH, &c.TitleEN, &c.SummaryZH, &c.SummaryEN,
			&e.Division.ID, &e.Division.Code, &e.Division.NameZH, &e.Division.NameEN,
			&e.Track.ID, &e.Track.Code, &e.Track.NameZH, &e.Track.NameEN); err != nil {
			return err
		}
		if born != "" {
			if t, err := time.Parse(time.DateOnly, born); err == nil {
				c.Born = t
			}
		}
		e.Title, e.TitleEN, e.Lead, e.LeadZH, e.Email, e.Born = c.TitleZH, c.TitleEN, c.Name, c.NameZH, c.Email, c.Born
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load duplicate candidates: %w", err)
	}
	return out, nil
}
