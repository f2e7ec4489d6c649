package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/textseg"
)

// EntryService is the SQL implementation of haizhi.EntryService.
type EntryService struct{ db *DB }

// NewEntryService returns the entry service over db.
func NewEntryService(db *DB) *EntryService { return &EntryService{db: db} }

var _ haizhi.EntryService = (*EntryService)(nil)

const entryColumns = `e.id, e.edition_id, o.path, COALESCE(e.division_id, 0), COALESCE(d.code, ''), COALESCE(e.track_id, 0), COALESCE(tr.code, ''),
	e.status, e.source, COALESCE(e.owner_id, 0), COALESCE(e.referrer_id, 0), e.referrer, e.round, e.outcome, e.prize_rank, e.prize_status,
	e.eligible, e.failed, e.submitted_at, e.version, e.created_at, e.updated_at,
	ta.id, COALESCE(ta.user_id, 0), ta.name, ta.name_zh, ta.email, ta.locale, ta.nationality, ta.category, ta.residence, ta.born,
	ta.degree, ta.degree_country, ta.institution, ta.employer, ta.years_abroad, ta.fields, ta.created_at, ta.updated_at,
	p.id, p.title_zh, p.title_en, p.summary_zh, p.summary_en, p.industry, p.keywords, p.stage, p.funding_need,
	p.registered_locally, p.pitch_url, p.team, p.created_at, p.updated_at`

const entryFrom = ` FROM entries e` + entryJoins

// entryJoins are the joins from an entries row e to what an Entry shows.
const entryJoins = `
	JOIN editions ed ON ed.id = e.edition_id
	JOIN competitions c ON c.id = ed.competition_id
	JOIN org_units o ON o.id = c.unit_id
	JOIN talents ta ON ta.id = e.talent_id
	JOIN projects p ON p.id = e.project_id
	LEFT JOIN edition_divisions d ON d.id = e.division_id
	LEFT JOIN edition_tracks tr ON tr.id = e.track_id`

func scanEntry(s interface{ Scan(...any) error }) (*haizhi.Entry, error) {
	e := &haizhi.Entry{Answers: map[string][]string{}}
	var eligible sql.NullBool
	var failed, born, fields, keywords, team string
	var submitted sql.NullTime
	err := s.Scan(&e.ID, &e.EditionID, &e.UnitPath, &e.DivisionID, &e.DivisionCode, &e.TrackID, &e.TrackCode,
		&e.Status, &e.Source, &e.OwnerID, &e.ReferrerID, &e.Referrer, &e.Round, &e.Outcome, &e.PrizeRank, &e.PrizeStatus,
		&eligible, &failed, &submitted, &e.Version, &e.CreatedAt, &e.UpdatedAt,
		&e.Lead.ID, &e.Lead.UserID, &e.Lead.Name, &e.Lead.NameZH, &e.Lead.Email, &e.Lead.Locale, &e.Lead.Nationality,
		&e.Lead.Category, &e.Lead.Residence, &born, &e.Lead.Degree, &e.Lead.DegreeCountry, &e.Lead.Institution,
		&e.Lead.Employer, &e.Lead.YearsAbroad, &fields, &e.Lead.CreatedAt, &e.Lead.UpdatedAt,
		&e.Project.ID, &e.Project.TitleZH, &e.Project.TitleEN, &e.Project.SummaryZH, &e.Project.SummaryEN,
		&e.Project.Industry, &keywords, &e.Project.Stage, &e.Project.FundingNeed, &e.Project.RegisteredLocally,
		&e.Project.PitchURL, &team, &e.Project.CreatedAt, &e.Project.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if eligible.Valid {
		e.Eligible = &eligible.Bool
	}
	if failed != "" {
		e.Failed = strings.Split(failed, ",")
	}
	e.SubmittedAt = timePtr(submitted)
	if born != "" {
		if t, err := time.Parse(time.DateOnly, born); err == nil {
			e.Lead.Born = t
		}
	}
	e.Project.TalentID = e.Lead.ID
	for _, doc := range []struct {
		src string
		dst any
	}{{fields, &e.Lead.Fields}, {keywords, &e.Project.Keywords}, {team, &e.Project.Team}} {
		if err := json.Unmarshal([]byte(doc.src), doc.dst); err != nil {
			return nil, fmt.Errorf("decode entry %d: %w", e.ID, err)
		}
	}
	for _, t := range []*time.Time{&e.CreatedAt, &e.UpdatedAt, &e.Lead.CreatedAt, &e.Lead.UpdatedAt, &e.Project.CreatedAt, &e.Project.UpdatedAt} {
		*t = t.UTC()
	}
	return e, nil
}

// loadEntry reads an entry with its answers and attachments, without checking access.
func loadEntry(tx *Tx, id int64) (*haizhi.Entry, error) {
	e, err := scanEntry(tx.QueryRow(`SELECT `+entryColumns+entryFrom+` WHERE e.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("entry")
	} else if err != nil {
		return nil, fmt.Errorf("find entry: %w", err)
	}
	err = eachRow(tx, `SELECT field_key, value FROM entry_answers WHERE entry_id = ? ORDER BY field_key, position`, []any{id},
		func(scan func(...any) error) error {
			var k, v string
			if err := scan(&k, &v); err != nil {
				return err
			}
			e.Answers[k] = append(e.Answers[k], v)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load answers: %w", err)
	}
	err = eachRow(tx, `SELECT id, entry_id, slot, name, content_type, size, sha256, blob_key, created_at
		FROM entry_attachments WHERE entry_id = ? ORDER BY id`, []any{id},
		func(scan func(...any) error) error {
			var a haizhi.Attachment
			if err := scan(&a.ID, &a.EntryID, &a.Slot, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.BlobKey, &a.CreatedAt); err != nil {
				return err
			}
			a.CreatedAt = a.CreatedAt.UTC()
			e.Attachments = append(e.Attachments, a)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load attachments: %w", err)
	}
	return e, nil
}

// entryAccess is what the actor may do with an entry.
type entryAccess struct {
	own    bool // the applicant who owns it or the partner who referred it
	manage bool // an operator of the competition's unit
}

func accessTo(a *haizhi.Actor, e *haizhi.Entry) entryAccess {
	if a == nil {
		return entryAccess{}
	}
	return entryAccess{
		own:    a.UserID != 0 && (a.UserID == e.OwnerID || a.UserID == e.ReferrerID),
		manage: a.Can(haizhi.PermCompetitionManage, e.UnitPath),
	}
}

// reachableEntry loads an entry the actor owns, referred or manages; ENOTFOUND otherwise.
// manageOnly asks for an operator.
func reachableEntry(tx *Tx, id int64, manageOnly bool) (*haizhi.Entry, entryAccess, error) {
	e, err := loadEntry(tx, id)
	if err != nil {
		return nil, entryAccess{}, err
	}
	acc := accessTo(tx.Actor(), e)
	if !acc.manage && (manageOnly || !acc.own) {
		return nil, acc, haizhi.NotFound("entry")
	}
	return e, acc, nil
}

// entryEdition loads the edition of an entry with its structure, form and rules, for any
// actor: applicants see an edition's set-up through their entries.
func entryEdition(tx *Tx, id int64) (*haizhi.Edition, error) {
	ed, err := scanEdition(tx.QueryRow(`SELECT `+editionColumns+editionFrom+` WHERE e.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("edition")
	} else if err != nil {
		return nil, fmt.Errorf("find edition: %w", err)
	}
	return ed, loadEditionParts(tx, ed)
}

// newCreateKey makes a create key for callers that do not bring one.
func newCreateKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// entrySearchTokens is the segmented text full-text search reads: titles, summaries,
// keywords, the lead's names, institution and employer.
func entrySearchTokens(e *haizhi.Entry) string {
	p, l := &e.Project, &e.Lead
	return textseg.Default().Document(p.TitleZH, p.TitleEN, strings.Join(p.Keywords, " "), l.Name, l.NameZH,
		l.Institution, l.Employer, p.SummaryZH, p.SummaryEN)
}

// sortTitle is the title the entries table sorts by: the Chinese one, else the English.
func sortTitle(p *haizhi.Project) string { return p.Title(haizhi.LocaleZH) }

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // lists of strings and structs of strings always encode
	}
	return string(b)
}

func bornText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// cellIDs resolves a division and a track code of an edition; "" is nil. An unknown
// code is a field error.
func cellIDs(ed *haizhi.Edition, division, track string) (any, any, map[string]string) {
	errs := map[string]string{}
	var d, t any
	if division != "" {
		errs["division"] = "error.choose_one"
		for _, x := range ed.Structure.Divisions {
			if x.Code == division {
				d = x.ID
				delete(errs, "division")
			}
		}
	}
	if track != "" {
		errs["track"] = "error.choose_one"
		for _, x := range ed.Structure.Tracks {
			if x.Code == track {
				t = x.ID
				delete(errs, "track")
			}
		}
	}
	return d, t, errs
}

// SaveEntry creates or updates a draft; see haizhi.EntryService.
func (s *EntryService) SaveEntry(ctx context.Context, in *haizhi.EntryInput) (*haizhi.Entry, error) {
	a := haizhi.ActorFromContext(ctx)
	if a == nil || (a.UserID == 0 && !a.System) {
		return nil, haizhi.ErrUnauthorized
	}
	errs := map[string]string{}
	for _, err := range []error{in.Lead.Validate(false), in.Project.Validate(false)} {
		for k, v := range haizhi.ErrorFields(err) {
			errs[k] = v
		}
	}
	in.CreateKey = strings.TrimSpace(in.CreateKey)
	if in.ID == 0 && in.CreateKey == "" {
		in.CreateKey = newCreateKey()
	}
	if len(in.CreateKey) > 100 {
		errs["create_key"] = "error.too_long"
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var e *haizhi.Entry
	if in.ID != 0 {
		var acc entryAccess
		if e, acc, err = reachableEntry(tx, in.ID, false); err != nil {
			return nil, err
		}
		if !e.Editable() && !acc.manage {
			return nil, haizhi.Errorf(haizhi.EINVALID, "error.entry_locked", "The entry was submitted and can no longer be changed.")
		} else if !e.Editable() {
			return nil, haizhi.Errorf(haizhi.EINVALID, "error.entry_locked", "Reopen the entry before changing it.")
		}
		if e.Version != in.Version {
			return nil, &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.version_conflict", Message: "The entry was changed elsewhere."}
		}
		in.EditionID = e.EditionID
	} else if id, err := entryByCreateKey(tx, in.CreateKey); err != nil {
		return nil, err
	} else if id != 0 {
		// A double click or a retried request: the entry exists already.
		tx.Rollback()
		return s.FindEntryByID(ctx, id)
	}
	ed, err := entryEdition(tx, in.EditionID)
	if err != nil {
		return nil, err
	}
	divisionID, trackID, cellErrs := cellIDs(ed, in.DivisionCode, in.TrackCode)
	for k, v := range cellErrs {
		errs[k] = v
	}
	answers, err := haizhi.CleanAnswers(ed.Form, in.Answers, false, nil)
	for k, v := range haizhi.ErrorFields(err) {
		errs[k] = v
	}
	if len(errs) > 0 {
		return nil, haizhi.Invalid(errs)
	}
	if e == nil {
		id, err := s.insertEntry(tx, a, ed, in, divisionID, trackID)
		if err != nil || id == 0 {
			if err == nil { // lost a race for the same create key: return the winner's entry
				tx.Rollback()
				id, err = s.entryIDByKey(ctx, in.CreateKey)
				if err == nil {
					return s.FindEntryByID(ctx, id)
				}
			}
			return nil, err
		}
		e = &haizhi.Entry{ID: id, Version: 1}
	} else if err := updateEntry(tx, e, in, divisionID, trackID); err != nil {
		return nil, err
	}
	if err := writeAnswers(tx, e.ID, ed.Form, answers); err != nil {
		return nil, err
	}
	saved, err := loadEntry(tx, e.ID)
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(`UPDATE entries SET search_tokens = ? WHERE id = ?`, entrySearchTokens(saved), e.ID); err != nil {
		return nil, fmt.Errorf("index entry: %w", err)
	}
	action := "entry.update"
	if in.ID == 0 {
		action = "entry.create"
	}
	tx.Audit(action, "entry", saved.ID, saved.UnitPath, map[string]any{"edition_id": saved.EditionID, "title": saved.Project.Title(haizhi.LocaleZH),
		"lead": saved.Lead.Email, "source": saved.Source, "version": saved.Version})
	return saved, tx.Commit()
}

// entryByCreateKey returns the id of the entry made with key, or 0.
func entryByCreateKey(tx *Tx, key string) (int64, error) {
	var id int64
	err := tx.QueryRow(`SELECT id FROM entries WHERE create_key = ?`, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("find entry by key: %w", err)
	}
	return id, nil
}

func (s *EntryService) entryIDByKey(ctx context.Context, key string) (int64, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	id, err := entryByCreateKey(tx, key)
	if err == nil && id == 0 {
		err = haizhi.NotFound("entry")
	}
	return id, err
}

// insertEntry writes a new draft with its lead and project and returns its id, or 0 when
// another transaction committed the same create key first.
func (s *EntryService) insertEntry(tx *Tx, a *haizhi.Actor, ed *haizhi.Edition, in *haizhi.EntryInput, divisionID, trackID any) (int64, error) {
	manage := a.Can(haizhi.PermCompetitionManage, ed.UnitPath)
	var owner, referrer any
	source := in.Source
	switch {
	case source == "" && a.CanAnywhere(haizhi.PermApplicantWork) && !a.System:
		source, owner = haizhi.SourceDirect, a.UserID
	case source == "" && a.CanAnywhere(haizhi.PermPartnerWork) && !a.System:
		source, referrer = haizhi.SourcePartner, a.UserID
	case source == "" && manage:
		source = haizhi.SourceImport
	case source == haizhi.SourcePartner && a.CanAnywhere(haizhi.PermPartnerWork) && !a.System:
		referrer = a.UserID
	case source.Valid() && manage:
	default:
		return 0, haizhi.ErrForbidden
	}
	if source == haizhi.SourcePartner && strings.TrimSpace(in.Referrer) == "" {
		return 0, haizhi.Invalid(map[string]string{"referrer": "error.required"})
	}
	// Applicants and partners apply while the call is open; operators may also enter
	// entries (an import) after it closed, until the edition is finished.
	open := ed.Status == haizhi.EditionOpen && !tx.now.After(screeningClose(ed))
	if !open && !(manage && (ed.Status == haizhi.EditionOpen || ed.Status == haizhi.EditionClosed)) {
		return 0, haizhi.Errorf(haizhi.EINVALID, "error.edition_not_open", "The edition is not taking entries.")
	}
	if a.UserID == 0 {
		owner, referrer = nil, nil
	}
	var leadUser any
	if owner != nil && haizhi.NormalizeEmail(a.Email) == in.Lead.Email {
		leadUser = owner
	}
	talentID, projectID, err := insertLeadAndProject(tx, in, leadUser)
	if err != nil {
		return 0, err
	}
	l, p := &in.Lead, &in.Project
	var id int64
	err = tx.QueryRow(`INSERT INTO entries (edition_id, talent_id, project_id, division_id, track_id, status, source, owner_id, referrer_id,
		referrer, create_key, country, category, title, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (create_key) DO NOTHING RETURNING id`,
		ed.ID, talentID, projectID, divisionID, trackID, string(haizhi.EntryDraft), string(source), owner, referrer,
		strings.TrimSpace(in.Referrer), in.CreateKey, l.Residence, string(l.Category), sortTitle(p), tx.now, tx.now).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("insert entry: %w", err)
	}
	return id, nil
}

// insertLeadAndProject writes the lead and the project of a new entry.
func insertLeadAndProject(tx *Tx, in *haizhi.EntryInput, leadUser any) (talentID, projectID int64, err error) {
	l, p := &in.Lead, &in.Project
	talentID, err = tx.InsertID(`INSERT INTO talents (user_id, name, name_zh, email, locale, nationality, category, residence, born, degree,
		degree_country, institution, employer, years_abroad, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		leadUser, l.Name, l.NameZH, l.Email, l.Locale, l.Nationality, string(l.Category), l.Residence, bornText(l.Born), string(l.Degree),
		l.DegreeCountry, l.Institution, l.Employer, l.YearsAbroad, jsonText(l.Fields), tx.now, tx.now)
	if err != nil {
		return 0, 0, fmt.Errorf("insert talent: %w", err)
	}
	projectID, err = tx.InsertID(`INSERT INTO projects (talent_id, title_zh, title_en, summary_zh, summary_en, industry, keywords, stage,
		funding_need, registered_locally, pitch_url, team, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		talentID, p.TitleZH, p.TitleEN, p.SummaryZH, p.SummaryEN, in.TrackCode, jsonText(p.Keywords), string(p.Stage),
		p.FundingNeed, p.RegisteredLocally, p.PitchURL, jsonText(p.Team), tx.now, tx.now)
	if err != nil {
		return 0, 0, fmt.Errorf("insert project: %w", err)
	}
	return talentID, projectID, nil
}

// updateEntry writes a draft's lead, project and cell, and advances its version.
func updateEntry(tx *Tx, e *haizhi.Entry, in *haizhi.EntryInput, divisionID, trackID any) error {
	l, p := &in.Lead, &in.Project
	if _, err := tx.Exec(`UPDATE talents SET name = ?, name_zh = ?, email = ?, locale = ?, nationality = ?, category = ?, residence = ?,
		born = ?, degree = ?, degree_country = ?, institution = ?, employer = ?, years_abroad = ?, fields = ?, updated_at = ? WHERE id = ?`,
		l.Name, l.NameZH, l.Email, l.Locale, l.Nationality, string(l.Category), l.Residence, bornText(l.Born), string(l.Degree),
		l.DegreeCountry, l.Institution, l.Employer, l.YearsAbroad, jsonText(l.Fields), tx.now, e.Lead.ID); err != nil {
		return fmt.Errorf("update talent: %w", err)
	}
	if _, err := tx.Exec(`UPDATE projects SET title_zh = ?, title_en = ?, summary_zh = ?, summary_en = ?, industry = ?, keywords = ?, stage = ?,
		funding_need = ?, registered_locally = ?, pitch_url = ?, team = ?, updated_at = ? WHERE id = ?`,
		p.TitleZH, p.TitleEN, p.SummaryZH, p.SummaryEN, in.TrackCode, jsonText(p.Keywords), string(p.Stage),
		p.FundingNeed, p.RegisteredLocally, p.PitchURL, jsonText(p.Team), tx.now, e.Project.ID); err != nil {
		return fmt.Errorf("update project: %w", err)
	}
	referrer := e.Referrer
	if strings.TrimSpace(in.Referrer) != "" {
		referrer = strings.TrimSpace(in.Referrer)
	}
	if _, err := tx.Exec(`UPDATE entries SET division_id = ?, track_id = ?, referrer = ?, country = ?, category = ?, title = ?,
		version = version + 1, updated_at = ? WHERE id = ?`,
		divisionID, trackID, referrer, l.Residence, string(l.Category), sortTitle(p), tx.now, e.ID); err != nil {
		return fmt.Errorf("update entry: %w", err)
	}
	return nil
}

// writeAnswers replaces the answers to the form's active questions; answers to retired
// questions stay as they were.
func writeAnswers(tx *Tx, entryID int64, form haizhi.AppForm, answers map[string][]string) error {
	var keys []any
	for _, f := range form.Active() {
		if f.Type != haizhi.FieldFile {
			keys = append(keys, f.Key)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	if _, err := tx.Exec(`DELETE FROM entry_answers WHERE entry_id = ? AND field_key IN (`+qmarks(len(keys))+`)`,
		append([]any{entryID}, keys...)...); err != nil {
		return fmt.Errorf("clear answers: %w", err)
	}
	for k, vals := range answers {
		for i, v := range vals {
			if _, err := tx.Exec(`INSERT INTO entry_answers (entry_id, field_key, position, value) VALUES (?, ?, ?, ?)`, entryID, k, i, v); err != nil {
				return fmt.Errorf("write answer: %w", err)
			}
		}
	}
	return nil
}

// screeningClose is the deadline for entries: the close of the edition's first round.
func screeningClose(ed *haizhi.Edition) time.Time {
	if len(ed.Structure.Rounds) == 0 {
		return time.Time{}
	}
	return ed.Structure.Rounds[0].ClosesAt
}
