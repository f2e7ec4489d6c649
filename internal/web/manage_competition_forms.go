package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// competitionNew shows the form for a new competition.
func (s *Server) competitionNew(w http.ResponseWriter, r *http.Request) {
	s.renderCompetitionForm(w, r, http.StatusOK, nil)
}

// competitionCreate adds a competition and goes back to the list.
func (s *Server) competitionCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	pf := r.PostForm
	c := &haizhi.Competition{UnitID: formID(pf, "unit_id"), Code: pf.Get("code"), NameZH: pf.Get("name_zh"), NameEN: pf.Get("name_en")}
	if err := s.svc.Competitions.CreateCompetition(r.Context(), c); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderCompetitionForm(w, r, formStatus(err), err)
		return
	}
	s.setFlash(r, "success", "competitions.created")
	redirect(w, r, "/manage/competitions")
}

func (s *Server) renderCompetitionForm(w http.ResponseWriter, r *http.Request, status int, err error) {
	units, uerr := s.unitsWith(r.Context(), haizhi.PermCompetitionManage)
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	v := s.newView(r, "competitions.new_title", nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	blank := option{Value: "", Label: v.T("admin.choose")}
	v.Data = map[string]any{
		"Unit":   newField(v, "unit_id", "select", "competitions.organiser", true).withOptions(append([]option{blank}, unitOptions(units, v.Locale)...)...),
		"Code":   newField(v, "code", "text", "field.code", true),
		"NameZH": newField(v, "name_zh", "text", "field.name_zh", false),
		"NameEN": newField(v, "name_en", "text", "field.name_en", false),
	}
	s.render(w, r, status, "competition_form", v)
}

// editionNew shows the form for a new edition of ?competition=.
func (s *Server) editionNew(w http.ResponseWriter, r *http.Request) {
	s.renderEditionForm(w, r, http.StatusOK, nil)
}

// editionCreate adds a draft edition and opens it.
func (s *Server) editionCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	pf := r.PostForm
	year, yerr := strconv.Atoi(strings.TrimSpace(pf.Get("year")))
	if yerr != nil {
		s.renderEditionForm(w, r, http.StatusUnprocessableEntity, haizhi.Invalid(map[string]string{"year": "error.year"}))
		return
	}
	e := &haizhi.Edition{CompetitionID: formID(pf, "competition_id"), Year: year, NameZH: pf.Get("name_zh"), NameEN: pf.Get("name_en")}
	if err := s.svc.Competitions.CreateEdition(r.Context(), e); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderEditionForm(w, r, formStatus(err), err)
		return
	}
	s.setFlash(r, "success", "competitions.edition_created")
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(e.ID, 10))
}

func (s *Server) renderEditionForm(w http.ResponseWriter, r *http.Request, status int, err error) {
	comps, _, cerr := s.svc.Competitions.FindCompetitions(r.Context(), haizhi.CompetitionFilter{Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if cerr != nil {
		s.fail(w, r, cerr)
		return
	}
	v := s.newView(r, "competitions.new_edition_title", nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	opts := []option{{Value: "", Label: v.T("admin.choose")}}
	for _, c := range comps {
		opts = append(opts, option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name(v.Locale)})
	}
	v.Data = map[string]any{
		"Competition": newField(v, "competition_id", "select", "competitions.competition", true, r.URL.Query().Get("competition")).withOptions(opts...),
		"Year":        newField(v, "year", "number", "competitions.year", true),
		"NameZH":      newField(v, "name_zh", "text", "field.name_zh", false),
		"NameEN":      newField(v, "name_en", "text", "field.name_en", false),
	}
	s.render(w, r, status, "edition_form", v)
}

// editionStatus moves an edition to the status posted; refusals (not ready to open, a
// stale page) come back on the edition page as a flash naming the problem.
func (s *Server) editionStatus(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id, pf := pathID(r, "id"), r.PostForm
	version, _ := strconv.Atoi(pf.Get("version"))
	back := "/manage/editions/" + strconv.FormatInt(id, 10)
	if _, err := s.svc.Competitions.SetEditionStatus(r.Context(), id, version, haizhi.EditionStatus(pf.Get("status"))); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		key := haizhi.ErrorKey(err)
		for _, k := range []string{"divisions", "tracks", "rounds"} {
			if f := haizhi.ErrorFields(err)[k]; f != "" {
				key = f // the first thing to fix
				break
			}
		}
		s.setFlash(r, "error", key)
		redirect(w, r, back)
		return
	}
	s.setFlash(r, "success", "competitions.status_changed")
	redirect(w, r, back)
}
