package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/blob"
	"github.com/haizhi-dev/haizhi/internal/sheet"
)

func sheetColumns(cols []entryColumn) []sheet.Column {
	out := make([]sheet.Column, len(cols))
	for i, c := range cols {
		out[i] = c.Column
	}
	return out
}

// attachmentName sets the download headers of a workbook named name.
func attachmentName(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "private, no-store")
}

// editionEntriesExport streams the entries the table's filters select as a workbook:
// every field, every answer (retired questions too), where each stands, and a second
// sheet with every round decision and its reason.
func (s *Server) editionEntriesExport(w http.ResponseWriter, r *http.Request) {
	ed, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := entriesFilter(r.URL.Query(), ed.ID)
	v := s.newView(r, "", nil)
	cols := s.entryColumns(v, ed, true)
	// The filter and permission are checked before the first byte goes out, so that a
	// refusal is still a page; past that point a failure can only cut the download.
	if _, _, err := s.svc.Entries.FindEntries(r.Context(), haizhi.EntryFilter{EditionID: f.EditionID, Sort: f.Sort, Page: haizhi.CountOnly}); err != nil {
		s.fail(w, r, err)
		return
	}
	attachmentName(w, fmt.Sprintf("%s-%s.xlsx", ed.Name(v.Locale), v.T("entries.table_title")))
	xw := sheet.NewWriter(w)
	if err := xw.Sheet(v.T("entries.table_title"), sheetColumns(cols)); err != nil {
		s.opts.Logger.Error("export entries", "err", err)
		return
	}
	type decided struct {
		e *haizhi.Entry
		d *haizhi.EntryDecision
	}
	var decisions []decided
	err = s.svc.Entries.EachEntry(r.Context(), f, func(e *haizhi.Entry, ds []*haizhi.EntryDecision) error {
		row := make([]any, len(cols))
		for i, c := range cols {
			row[i] = c.get(e)
		}
		for _, d := range ds {
			decisions = append(decisions, decided{&haizhi.Entry{ID: e.ID, Project: haizhi.Project{TitleZH: e.Project.TitleZH, TitleEN: e.Project.TitleEN}}, d})
		}
		return xw.Row(row...)
	})
	if err == nil {
		err = xw.Sheet(v.T("entries.col_decisions"), []sheet.Column{
			{Header: v.T("entries.col_id"), Width: 8}, {Header: v.T("entries.project"), Width: 30}, {Header: v.T("entries.round"), Width: 14},
			{Header: v.T("entries.decision"), Width: 10}, {Header: v.T("entries.reason"), Width: 18}, {Header: v.T("entries.note"), Width: 30},
			{Header: v.T("entries.col_decided_by"), Width: 20}, {Header: v.T("entries.col_decided_at"), Width: 16}})
	}
	for _, x := range decisions {
		if err != nil {
			break
		}
		reason := ""
		if x.d.Reason != "" {
			reason = v.T("reason." + string(x.d.Reason))
		}
		err = xw.Row(x.e.ID, x.e.Project.Title(v.Locale), roundName(v, ed, x.d.Round), v.T("decision."+string(x.d.Outcome)), reason, x.d.Note, x.d.DecidedBy, x.d.CreatedAt)
	}
	if err == nil {
		err = xw.Close()
	}
	if err != nil {
		s.opts.Logger.Error("export entries", "edition", ed.ID, "err", err)
	}
}

// editionEntriesTemplate sends the import template: the columns in the reader's
// language, drop-downs for coded values, and instructions.
func (s *Server) editionEntriesTemplate(w http.ResponseWriter, r *http.Request) {
	ed, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "", nil)
	cols := s.entryColumns(v, ed, false)
	hints := []string{v.T("entries.import_hint_lead", "Edition", ed.Name(v.Locale)), v.T("sheet.hint.keep_headers"), v.T("sheet.hint.required"),
		v.T("sheet.hint.lists"), v.T("sheet.hint.dates"), v.T("entries.import_hint_team"), v.T("sheet.hint.max_rows", "Max", sheet.DefaultLimits().MaxRows)}
	attachmentName(w, fmt.Sprintf("%s-%s.xlsx", ed.Name(v.Locale), v.T("entries.import_template")))
	if err := sheet.WriteTemplate(w, v.T("entries.table_title"), sheetColumns(cols), hints, nil); err != nil {
		s.opts.Logger.Error("entries template", "err", err)
	}
}

// importProblem is one problem of an uploaded row, ready for the page.
type importProblem struct {
	Row            int
	Column, Detail string
}

// editionEntriesImportForm shows the import page.
func (s *Server) editionEntriesImportForm(w http.ResponseWriter, r *http.Request) {
	ed, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "entries.import_title", map[string]any{"Edition": ed})
	s.render(w, r, http.StatusOK, "entries_import", v)
}

// editionEntriesImport reads an uploaded workbook, checks every row, and imports all of
// them, or only the valid ones when asked; the page lists every problem by row and column.
func (s *Server) editionEntriesImport(w http.ResponseWriter, r *http.Request) {
	ed, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "entries.import_title", nil)
	data := map[string]any{"Edition": ed}
	v.Data = data
	fail := func(key string) {
		v.Form = &form{Values: url.Values{}, Errors: map[string]string{"file": v.T(key)}, Summary: v.T("entries.import_refused")}
		s.render(w, r, http.StatusUnprocessableEntity, "entries_import", v)
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	fh := r.MultipartForm.File["file"]
	if len(fh) == 0 {
		fail("error.required")
		return
	}
	file, err := fh[0].Open()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer file.Close()
	_, body, err := blob.Check(file, fh[0].Filename, sheet.DefaultLimits().MaxBytes, blob.Spreadsheet)
	if err != nil {
		fail(haizhi.ErrorKey(err))
		return
	}
	table, err := sheet.Read(body, "", sheet.DefaultLimits())
	if err != nil {
		if haizhi.ErrorCode(err) == haizhi.EINTERNAL {
			s.serverError(w, r, err)
			return
		}
		fail(haizhi.ErrorKey(err))
		return
	}
	cols := s.entryColumns(v, ed, false)
	rows, problems, bad := importRows(v, table, cols)
	validOnly := r.PostForm.Get("valid_only") == "yes"
	var res *haizhi.ImportResult
	if rows != nil {
		// Rows whose cells did not read are left out; with any of them an import that is
		// all or nothing only checks the rest, so the page can list every problem at once.
		mode := haizhi.ImportAllOrNothing
		switch {
		case validOnly:
			mode = haizhi.ImportValidRows
		case len(bad) > 0:
			mode = haizhi.ImportCheckOnly
		}
		var good []haizhi.ImportRow
		for _, row := range rows {
			if !bad[row.Row] {
				good = append(good, row)
			}
		}
		res, err = s.svc.Entries.ImportEntries(r.Context(), ed.ID, good, mode)
		if err != nil {
			if !isFormError(err) && haizhi.ErrorCode(err) != haizhi.ETOOLARGE {
				s.fail(w, r, err)
				return
			}
			fail(haizhi.ErrorKey(err))
			return
		}
		res.Rows = len(rows)
		headers := map[string]string{}
		for _, c := range cols {
			headers[strings.TrimPrefix(c.Key, "q_")] = c.Header
		}
		for _, p := range res.Problems {
			problems = append(problems, importProblem{Row: p.Row, Column: fieldHeader(headers, p.Field), Detail: v.T(p.Key)})
		}
		slices.SortStableFunc(problems, func(a, b importProblem) int { return a.Row - b.Row })
	}
	data["Result"], data["Problems"], data["ValidOnly"] = res, problems, validOnly
	status := http.StatusOK
	if res == nil || !res.Written {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "entries_import", v)
}

// importRows turns the table into import rows, collecting the problems of cells that do
// not parse (the service then checks the rows themselves).
func importRows(v *view, t *sheet.Table, cols []entryColumn) ([]haizhi.ImportRow, []importProblem, map[int]bool) {
	var problems []importProblem
	bad := map[int]bool{}
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = t.Index(c.aliases...)
		if idx[i] < 0 && c.Required {
			problems = append(problems, importProblem{Row: 1, Column: c.Header, Detail: v.T("sheet.problem.missing_column", "Column", c.Header)})
		}
	}
	if len(problems) > 0 {
		return nil, problems, bad
	}
	rows := make([]haizhi.ImportRow, 0, len(t.Rows))
	for _, tr := range t.Rows {
		row := haizhi.ImportRow{Row: tr.Number, Input: haizhi.EntryInput{Answers: map[string][]string{}}}
		for i, c := range cols {
			if idx[i] < 0 || c.parse == nil {
				continue
			}
			cell := tr.Cell(idx[i])
			if key := c.parse(&row, cell); key != "" {
				problems = append(problems, importProblem{Row: tr.Number, Column: c.Header, Detail: v.T(key, "Value", cell)})
				bad[tr.Number] = true
			}
		}
		rows = append(rows, row)
	}
	return rows, problems, bad
}

// fieldHeader names the column of a service field error ("talent.email", "answers.x").
func fieldHeader(headers map[string]string, field string) string {
	key := field
	for _, p := range []string{"talent.", "project.", "answers."} {
		key = strings.TrimPrefix(key, p)
	}
	switch key {
	case "name":
		key = "lead_name"
	case "name_zh":
		key = "lead_name_zh"
	}
	if h, ok := headers[key]; ok {
		return h
	}
	if strings.HasPrefix(key, "team.") {
		return headers["team"]
	}
	return field
}
