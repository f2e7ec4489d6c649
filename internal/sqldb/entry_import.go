package sqldb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// MaxImportRows is the most rows one import takes.
const MaxImportRows = 20_000

// importKey is the create key of an imported entry: the same lead and titles in the same
// edition give the same key, so a second import of a file finds its rows already there.
func importKey(editionID int64, in *haizhi.EntryInput) string {
	h := sha256.Sum256([]byte(fmt.Sprint(editionID, "\x00", in.Lead.Email, "\x00", strings.ToLower(in.Project.TitleZH), "\x00", strings.ToLower(in.Project.TitleEN))))
	return "import:" + hex.EncodeToString(h[:16])
}

// checkImportRow validates one row completely and returns its problems, with the
// division and track ids it names.
func checkImportRow(ed *haizhi.Edition, row *haizhi.ImportRow) (division, track any, answers map[string][]string, problems []haizhi.ImportProblem) {
	in := &row.Input
	fields := map[string]string{}
	for _, err := range []error{in.Lead.Validate(true), in.Project.Validate(true)} {
		for k, v := range haizhi.ErrorFields(err) {
			fields[k] = v
		}
	}
	division, track, cellErrs := cellIDs(ed, in.DivisionCode, in.TrackCode)
	for k, v := range cellErrs {
		fields[k] = v
	}
	if in.DivisionCode == "" {
		fields["division"] = "error.required"
	}
	if in.TrackCode == "" {
		fields["track"] = "error.required"
	}
	if in.Source == "" {
		in.Source = haizhi.SourceImport
	}
	if !in.Source.Valid() {
		fields["source"] = "error.choose_one"
	} else if in.Source == haizhi.SourcePartner && strings.TrimSpace(in.Referrer) == "" {
		fields["referrer"] = "error.required"
	}
	// Imports bring no files: file questions are not asked of them.
	answers, err := haizhi.CleanAnswers(ed.Form, in.Answers, true, func(string) bool { return true })
	for k, v := range haizhi.ErrorFields(err) {
		fields[k] = v
	}
	for _, k := range slices.Sorted(mapKeys(fields)) {
		problems = append(problems, haizhi.ImportProblem{Row: row.Row, Field: k, Key: fields[k]})
	}
	return division, track, answers, problems
}

func mapKeys(m map[string]string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// ImportEntries enters rows as submitted entries; see haizhi.EntryService.
func (s *EntryService) ImportEntries(ctx context.Context, editionID int64, rows []haizhi.ImportRow, mode haizhi.ImportMode) (*haizhi.ImportResult, error) {
	res := &haizhi.ImportResult{Rows: len(rows), Problems: []haizhi.ImportProblem{}}
	if len(rows) > MaxImportRows {
		return nil, haizhi.Errorf(haizhi.ETOOLARGE, "error.too_many_rows", "At most %d rows can be imported at once.", MaxImportRows)
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ed, err := managedEdition(tx, editionID)
	if err != nil {
		return nil, err
	}
	if ed.Status != haizhi.EditionOpen && ed.Status != haizhi.EditionClosed {
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.edition_not_open", "The edition is not taking entries.")
	}
	if err := loadEditionParts(tx, ed); err != nil {
		return nil, err
	}
	type checked struct {
		row             *haizhi.ImportRow
		division, track any
		answers         map[string][]string
	}
	var good []checked
	seen := map[string]bool{}
	for i := range rows {
		row := &rows[i]
		division, track, answers, problems := checkImportRow(ed, row)
		key := importKey(ed.ID, &row.Input)
		if seen[key] {
			problems = append(problems, haizhi.ImportProblem{Row: row.Row, Field: "project.title_zh", Key: "error.duplicate_row"})
		}
		seen[key] = true
		res.Problems = append(res.Problems, problems...)
		if len(problems) == 0 {
			row.Input.CreateKey = key
			good = append(good, checked{row, division, track, answers})
		}
	}
	if mode == haizhi.ImportCheckOnly || (len(res.Problems) > 0 && mode != haizhi.ImportValidRows) {
		return res, nil
	}
	rounds := ed.Structure.Rounds
	if len(rounds) == 0 {
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.not_ready_to_open", "The edition has no rounds.")
	}
	for _, c := range good {
		in := &c.row.Input
		at := c.row.SubmittedAt.UTC()
		if at.IsZero() {
			at = tx.now
		}
		talentID, projectID, err := insertLeadAndProject(tx, in, nil)
		if err != nil {
			return nil, err
		}
		e := &haizhi.Entry{Lead: in.Lead, Project: in.Project, Answers: c.answers}
		el := haizhi.Evaluate(ed.Rules, e.RuleAnswers(), screeningClose(ed))
		var id int64
		err = tx.QueryRow(`INSERT INTO entries (edition_id, talent_id, project_id, division_id, track_id, status, source, referrer, create_key,
			round, outcome, eligible, failed, country, category, title, search_tokens, submitted_at, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (create_key) DO NOTHING RETURNING id`,
			ed.ID, talentID, projectID, c.division, c.track, string(haizhi.EntrySubmitted), string(in.Source), strings.TrimSpace(in.Referrer),
			in.CreateKey, string(rounds[0].Kind), string(haizhi.OutcomePending), el.Eligible, failedKeys(el), in.Lead.Residence,
			string(in.Lead.Category), sortTitle(&in.Project), entrySearchTokens(e), at, tx.now, tx.now).Scan(&id)
		if errNoRows(err) {
			// Imported before: drop the lead and project just written for it.
			if _, err := tx.Exec(`DELETE FROM projects WHERE id = ?`, projectID); err != nil {
				return nil, fmt.Errorf("undo project: %w", err)
			}
			if _, err := tx.Exec(`DELETE FROM talents WHERE id = ?`, talentID); err != nil {
				return nil, fmt.Errorf("undo talent: %w", err)
			}
			res.Skipped++
			continue
		} else if err != nil {
			return nil, fmt.Errorf("import entry: %w", err)
		}
		if err := writeAnswers(tx, id, ed.Form, c.answers); err != nil {
			return nil, err
		}
		tx.Audit("entry.import", "entry", id, ed.UnitPath, map[string]any{"row": c.row.Row, "title": in.Project.Title(haizhi.LocaleZH),
			"lead": in.Lead.Email, "source": in.Source, "submitted_at": at.Format(time.RFC3339)})
		res.Created++
	}
	tx.Audit("edition.import_entries", "edition", ed.ID, ed.UnitPath, map[string]any{"rows": res.Rows, "created": res.Created,
		"skipped": res.Skipped, "problems": len(res.Problems), "valid_only": mode == haizhi.ImportValidRows})
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	res.Written = true
	return res, nil
}
