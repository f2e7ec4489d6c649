package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// editionJudges is an edition's judge pool with the invitation form.
func (s *Server) editionJudges(w http.ResponseWriter, r *http.Request) {
	s.renderJudges(w, r, http.StatusOK, nil)
}

func (s *Server) renderJudges(w http.ResponseWriter, r *http.Request, status int, err error) {
	ed, ferr := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	q := r.URL.Query()
	page := pageOf(r, haizhi.DefaultPageSize*2)
	f := haizhi.JudgeFilter{EditionID: ed.ID, Category: haizhi.JudgeCategory(q.Get("category")), Query: strings.TrimSpace(q.Get("q")), Page: page}
	list, total, ferr := s.svc.Judges.FindJudges(r.Context(), f)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	_, conflicts, ferr := s.svc.Judges.FindConflicts(r.Context(), haizhi.ConflictFilter{EditionID: ed.ID, Page: haizhi.CountOnly})
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	v := s.newView(r, "judges.title", nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	categories := []option{{Value: "", Label: v.T("admin.choose")}}
	for _, c := range haizhi.JudgeCategories() {
		categories = append(categories, option{Value: string(c), Label: v.T("judge_category." + string(c))})
	}
	tracks := map[string]string{}
	for _, t := range ed.Structure.Tracks {
		tracks[t.Code] = v.Name(t.NameZH, t.NameEN)
	}
	v.Data = map[string]any{"Edition": ed, "Judges": list, "Total": total, "Conflicts": conflicts, "Tracks": tracks, "Query": f.Query,
		"Pager": newPager(r.URL, page, total),
		"F": map[string]field{
			"name": newField(v, "name", "text", "judges.name", true), "email": newField(v, "email", "email", "field.email", true),
			"institution": newField(v, "institution", "text", "judges.institution", true),
			"category":    newField(v, "category", "select", "judges.category", true).withOptions(categories...),
			"country":     newField(v, "country", "select", "entries.residence", false).withOptions(countryOptions(v, v.T("admin.choose"))...),
			"keywords":    newField(v, "keywords", "text", "judges.keywords", false),
			"min_load":    newField(v, "min_load", "number", "judges.min_load", false, "0"),
			"max_load":    newField(v, "max_load", "number", "judges.max_load", true, "20"),
		}}
	s.render(w, r, status, "edition_judges", v)
}

// editionJudgeInvite adds a person to the pool.
func (s *Server) editionJudgeInvite(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	pf := r.PostForm
	j := &haizhi.Judge{EditionID: pathID(r, "id"), Name: pf.Get("name"), Email: pf.Get("email"), Locale: s.locale(r),
		Category: haizhi.JudgeCategory(pf.Get("category")), Institution: pf.Get("institution"), Country: pf.Get("country"),
		Tracks: pf["track"], Keywords: haizhi.SplitList(pf.Get("keywords")), MinLoad: atoiOr(pf.Get("min_load"), -1), MaxLoad: atoiOr(pf.Get("max_load"), -1)}
	if err := s.svc.Judges.InviteJudge(r.Context(), j); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderJudges(w, r, formStatus(err), err)
		return
	}
	s.setFlash(r, "success", "judges.invited")
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(j.EditionID, 10)+"/judges")
}

// editionConflictsCompute recomputes the computed conflicts.
func (s *Server) editionConflictsCompute(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	if _, err := s.svc.Judges.ComputeConflicts(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "success", "conflicts.computed")
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(id, 10)+"/conflicts")
}

// editionConflicts lists an edition's conflicts of interest, filtered by kind and state.
func (s *Server) editionConflicts(w http.ResponseWriter, r *http.Request) {
	ed, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	page := pageOf(r, haizhi.DefaultPageSize*2)
	f := haizhi.ConflictFilter{EditionID: ed.ID, Kind: haizhi.ConflictKind(q.Get("kind")), Page: page}
	switch q.Get("state") {
	case "active":
		no := false
		f.Lifted = &no
	case "lifted":
		yes := true
		f.Lifted = &yes
	}
	list, total, err := s.svc.Judges.FindConflicts(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "conflicts.title", nil)
	kinds := []option{{Value: "", Label: v.T("entries.all"), Selected: f.Kind == ""}}
	for _, k := range haizhi.ConflictKinds() {
		kinds = append(kinds, option{Value: string(k), Label: v.T("conflict_kind." + string(k)), Selected: k == f.Kind})
	}
	v.Data = map[string]any{"Edition": ed, "Conflicts": list, "Total": total, "Kinds": kinds, "State": q.Get("state"), "Pager": newPager(r.URL, page, total)}
	s.render(w, r, http.StatusOK, "edition_conflicts", v)
}

// conflictLift lifts a conflict with the operator's reason.
func (s *Server) conflictLift(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	c, err := s.svc.Judges.LiftConflict(r.Context(), pathID(r, "id"), r.PostForm.Get("reason"))
	back := safeNext(r.PostForm.Get("back"))
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.setFlash(r, "error", "conflicts.reason_required")
		redirect(w, r, back)
		return
	}
	s.setFlash(r, "success", "conflicts.lifted")
	if !strings.HasPrefix(back, "/manage/") {
		back = "/manage/editions/" + strconv.FormatInt(c.EditionID, 10) + "/conflicts"
	}
	redirect(w, r, back)
}
