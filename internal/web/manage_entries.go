package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// entriesFilter reads the entries table's filters from the query string.
func entriesFilter(q url.Values, editionID int64) haizhi.EntryFilter {
	f := haizhi.EntryFilter{EditionID: editionID, DivisionID: queryID(q, "division"), TrackID: queryID(q, "track"),
		Country: q.Get("country"), Category: haizhi.NationalityCategory(q.Get("category")), Status: haizhi.EntryStatus(q.Get("status")),
		Round: haizhi.RoundKind(q.Get("round")), Outcome: haizhi.RoundOutcome(q.Get("outcome")), Eligible: q.Get("eligible"),
		Source: haizhi.EntrySource(q.Get("source")), Query: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort")}
	if f.Status == "" && !q.Has("status") {
		f.Status = haizhi.EntrySubmitted // drafts are the applicants' business until submitted
	}
	return f
}

// entryRow is one row of the entries table.
type entryRow struct {
	*haizhi.Entry
	Title, Division, Track, Country string
	FailedReasons                   []string
}

// editionEntries is the operator's entries table of an edition: filters, full-text
// search, sorting, paging, and bulk advance / reject.
func (s *Server) editionEntries(w http.ResponseWriter, r *http.Request) {
	ed, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	f := entriesFilter(q, ed.ID)
	size := haizhi.DefaultPageSize * 2
	if n, _ := strconv.Atoi(q.Get("size")); n > 0 {
		size = n
	}
	f.Page = pageOf(r, size)
	list, total, err := s.svc.Entries.FindEntries(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "entries.table_title", nil)
	rows := make([]entryRow, len(list))
	for i, e := range list {
		rows[i] = entryRow{Entry: e, Title: e.Project.Title(v.Locale), Country: countryName(v.Locale, e.Lead.Residence),
			Division: codeName(v, ed.Structure.Divisions, e.DivisionID), Track: trackName(v, ed.Structure.Tracks, e.TrackID)}
		for _, k := range e.Failed {
			for _, rule := range ed.Rules {
				if rule.Key == k {
					rows[i].FailedReasons = append(rows[i].FailedReasons, v.Name(rule.ReasonZH, rule.ReasonEN))
				}
			}
		}
	}
	v.Data = map[string]any{"Edition": ed, "Rows": rows, "Total": total, "Filter": f, "Query": q,
		"Filters": entryFilterFields(v, ed, q), "Pager": newPager(r.URL, f.Page, total), "Reasons": haizhi.RejectReasons(),
		"Sorts": haizhi.EntrySorts(), "Back": r.URL.RequestURI()}
	s.render(w, r, http.StatusOK, "manage_entries", v)
}

func codeName(v *view, ds []haizhi.Division, id int64) string {
	for _, d := range ds {
		if d.ID == id {
			return v.Name(d.NameZH, d.NameEN)
		}
	}
	return ""
}

func trackName(v *view, ts []haizhi.Track, id int64) string {
	for _, t := range ts {
		if t.ID == id {
			return v.Name(t.NameZH, t.NameEN)
		}
	}
	return ""
}

// filterField is one select of the filter bar.
type filterField struct {
	Name, Label string
	Options     []option
}

// entryFilterFields builds the filter bar's selects with the current choices.
func entryFilterFields(v *view, ed *haizhi.Edition, q url.Values) []filterField {
	all := option{Value: "", Label: v.T("entries.all")}
	mk := func(name, label string, opts []option) filterField {
		cur := q.Get(name)
		if name == "status" && !q.Has("status") {
			cur = string(haizhi.EntrySubmitted)
		}
		for i := range opts {
			opts[i].Selected = opts[i].Value == cur
		}
		return filterField{Name: name, Label: v.T(label), Options: append([]option{all}, opts...)}
	}
	var divisions, tracks, rounds, statuses, categories, sources, countries []option
	for _, d := range ed.Structure.Divisions {
		divisions = append(divisions, option{Value: strconv.FormatInt(d.ID, 10), Label: v.Name(d.NameZH, d.NameEN)})
	}
	for _, t := range ed.Structure.Tracks {
		tracks = append(tracks, option{Value: strconv.FormatInt(t.ID, 10), Label: v.Name(t.NameZH, t.NameEN)})
	}
	for _, r := range ed.Structure.Rounds {
		rounds = append(rounds, option{Value: string(r.Kind), Label: v.Name(r.NameZH, r.NameEN)})
	}
	for _, st := range haizhi.EntryStatuses() {
		statuses = append(statuses, option{Value: string(st), Label: v.T("entry_status." + string(st))})
	}
	for _, c := range haizhi.NationalityCategories() {
		categories = append(categories, option{Value: string(c), Label: v.T("category." + string(c))})
	}
	for _, src := range haizhi.EntrySources() {
		sources = append(sources, option{Value: string(src), Label: v.T("source." + string(src))})
	}
	countries = countryOptions(v, "")[1:]
	return []filterField{
		mk("division", "entries.division", divisions), mk("track", "entries.track", tracks), mk("country", "entries.residence", countries),
		mk("category", "entries.category", categories), mk("status", "entries.status", statuses), mk("round", "entries.round", rounds),
		mk("outcome", "entries.outcome", []option{{Value: "pending", Label: v.T("outcome.pending")}, {Value: "rejected", Label: v.T("outcome.rejected")}}),
		mk("eligible", "entries.eligible", []option{{Value: "yes", Label: v.T("entries.eligible_yes")}, {Value: "no", Label: v.T("entries.eligible_no")}, {Value: "unknown", Label: v.T("entries.eligible_unknown")}}),
		mk("source", "entries.source", sources),
	}
}

// editionEntriesDecide advances or rejects the chosen entries.
func (s *Server) editionEntriesDecide(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	pf := r.PostForm
	d := haizhi.Decision{EditionID: pathID(r, "id"), Outcome: haizhi.RoundOutcome(pf.Get("outcome")),
		Reason: haizhi.RejectReason(pf.Get("reason")), Note: pf.Get("note")}
	for _, s := range pf["entry"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			d.EntryIDs = append(d.EntryIDs, id)
		}
	}
	back := safeNext(pf.Get("back"))
	if !strings.HasPrefix(back, "/manage/editions/") {
		back = "/manage/editions/" + strconv.FormatInt(d.EditionID, 10) + "/entries"
	}
	n, err := s.svc.Entries.DecideEntries(r.Context(), d)
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		key := haizhi.ErrorKey(err)
		for _, k := range haizhi.ErrorFields(err) {
			key = k
		}
		s.setFlash(r, "error", key)
		redirect(w, r, back)
		return
	}
	s.sessions.Put(r.Context(), sessionFlash, "success|"+decidedKey(d.Outcome, n))
	redirect(w, r, back)
}

// decidedKey is the flash message key for n decided entries.
func decidedKey(o haizhi.RoundOutcome, n int) string {
	switch {
	case n == 0:
		return "entries.decided_none"
	case o == haizhi.OutcomeAdvanced:
		return "entries.decided_advanced"
	}
	return "entries.decided_rejected"
}

// editionEligibility re-evaluates the eligibility rules on every submitted entry.
func (s *Server) editionEligibility(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	if _, err := s.svc.Entries.EvaluateEligibility(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "success", "entries.eligibility_done")
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(id, 10)+"/entries")
}

// manageEntry is the operator's view of one entry: everything the applicant gave, the
// eligibility rules met and failed, decisions, and reopening.
func (s *Server) manageEntry(w http.ResponseWriter, r *http.Request) {
	s.renderEntryPage(w, r, "manage_entry", s.svc.Competitions.FindEditionByID)
}

// manageEntryReopen returns an entry to its applicant for changes.
func (s *Server) manageEntryReopen(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id := pathID(r, "id")
	if _, err := s.svc.Entries.ReopenEntry(r.Context(), id, r.PostForm.Get("note")); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.setFlash(r, "error", haizhi.ErrorKey(err))
	} else {
		s.setFlash(r, "success", "entries.reopened")
	}
	redirect(w, r, "/manage/entries/"+strconv.FormatInt(id, 10))
}
