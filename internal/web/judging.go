package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// judging is a judge's workspace: the entries published to them, never one they are in
// conflict with.
func (s *Server) judging(w http.ResponseWriter, r *http.Request) {
	page := pageOf(r, haizhi.DefaultPageSize*2)
	list, total, err := s.svc.Assignments.FindAssignments(r.Context(), haizhi.AssignmentFilter{Page: page})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rooms, err := s.svc.Live.JudgeRooms(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "judging.title", map[string]any{"Assignments": list, "Total": total, "Pager": newPager(r.URL, page, total), "Rooms": rooms})
	s.render(w, r, http.StatusOK, "judging", v)
}

// criterionField is one criterion of the scoring form.
type criterionField struct {
	haizhi.RubricCriterion
	Name, Help, Value, Error string
}

// judgingEntry shows an assigned entry to its judge with the round's scoring form and the
// declaration of a conflict. In a blind round the applicants' names and institutions are
// not shown.
func (s *Server) judgingEntry(w http.ResponseWriter, r *http.Request) {
	s.renderJudgingEntry(w, r, http.StatusOK, nil)
}

func (s *Server) renderJudgingEntry(w http.ResponseWriter, r *http.Request, status int, err error) {
	e, ferr := s.svc.Assignments.FindAssignedEntry(r.Context(), pathID(r, "id"))
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	ed, ferr := s.svc.Competitions.FindPublishedEdition(r.Context(), e.EditionID)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	rubric, ferr := s.svc.Scoring.FindRubric(r.Context(), e.EditionID, e.Round)
	if ferr != nil && haizhi.ErrorCode(ferr) != haizhi.ENOTFOUND {
		s.fail(w, r, ferr)
		return
	}
	var sheet *haizhi.ScoreSheet
	if rubric != nil {
		sheets, ferr := s.svc.Scoring.FindSheets(r.Context(), e.EditionID, e.Round)
		if ferr != nil {
			s.fail(w, r, ferr)
			return
		}
		for _, sh := range sheets {
			if sh.EntryID == e.ID {
				sheet = sh
			}
		}
		if rubric.Blind {
			e.Lead = haizhi.Talent{Nationality: e.Lead.Nationality, Residence: e.Lead.Residence, Category: e.Lead.Category, Degree: e.Lead.Degree,
				DegreeCountry: e.Lead.DegreeCountry, YearsAbroad: e.Lead.YearsAbroad, Fields: e.Lead.Fields}
			e.Project.Team, e.Referrer = nil, ""
		}
	}
	v := s.newView(r, "", nil)
	v.Title = e.Project.Title(v.Locale)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	var fields []criterionField
	if rubric != nil {
		for _, c := range rubric.Criteria {
			f := criterionField{RubricCriterion: c, Name: v.Name(c.NameZH, c.NameEN), Help: v.Name(c.HelpZH, c.HelpEN)}
			if v.Form != nil && v.Form.Values.Has("score_"+c.Key) {
				f.Value = v.Form.Value("score_" + c.Key)
			} else if sheet != nil {
				if x, ok := sheet.Values[c.Key]; ok {
					f.Value = strconv.FormatFloat(x, 'f', -1, 64)
				}
			}
			f.Error = v.Form.Error("scores." + c.Key)
			fields = append(fields, f)
		}
	}
	page := newEntryPage(v, ed, e, nil)
	v.Data = map[string]any{"Page": page, "Rubric": rubric, "Sheet": sheet, "Criteria": fields, "Blind": rubric != nil && rubric.Blind,
		"Room": roomParam(r)}
	s.render(w, r, status, "judging_entry", v)
}

// judgingScores saves or submits the judge's scores of an entry.
func (s *Server) judgingScores(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id := pathID(r, "id")
	values := map[string]float64{}
	errs := map[string]string{}
	for k, vals := range r.PostForm {
		key, ok := strings.CutPrefix(k, "score_")
		if !ok || len(vals) == 0 || strings.TrimSpace(vals[0]) == "" {
			continue
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(vals[0]), 64)
		if err != nil {
			errs["scores."+key] = "error.number_invalid"
			continue
		}
		values[key] = x
	}
	submit := r.PostForm.Get("action") == "submit"
	var err error
	if len(errs) > 0 {
		err = haizhi.Invalid(errs)
	} else {
		_, err = s.svc.Scoring.SaveSheet(r.Context(), id, values, r.PostForm.Get("comment"), submit)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderJudgingEntry(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if submit {
		s.live.poke() // a live final's scoreboard shows it at once
		s.setFlash(r, "success", "judging.submitted")
		if room, err := strconv.ParseInt(r.PostForm.Get("room"), 10, 64); err == nil && room > 0 {
			redirect(w, r, "/judging/rooms/"+strconv.FormatInt(room, 10))
			return
		}
		redirect(w, r, "/judging")
		return
	}
	s.setFlash(r, "success", "judging.saved")
	redirect(w, r, "/judging/entries/"+strconv.FormatInt(id, 10))
}

// judgingConflict records the judge's conflict with an entry; the entry leaves their list.
func (s *Server) judgingConflict(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id := pathID(r, "id")
	if _, err := s.svc.Assignments.FindAssignedEntry(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.svc.Judges.DeclareConflict(r.Context(), id, r.PostForm.Get("reason")); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.setFlash(r, "error", "conflicts.reason_required")
		redirect(w, r, "/judging/entries/"+strconv.FormatInt(id, 10))
		return
	}
	s.setFlash(r, "success", "judging.declared")
	redirect(w, r, "/judging")
}

// roomParam is the live final room a judge came from (?room= or the form's room), to
// return there after scoring; 0 when none.
func roomParam(r *http.Request) int64 {
	x := r.FormValue("room")
	id, err := strconv.ParseInt(x, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}
