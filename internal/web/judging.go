package web

import (
	"net/http"
	"strconv"

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
	v := s.newView(r, "judging.title", map[string]any{"Assignments": list, "Total": total, "Pager": newPager(r.URL, page, total)})
	s.render(w, r, http.StatusOK, "judging", v)
}

// judgingEntry shows an assigned entry to its judge, with the declaration of a conflict.
func (s *Server) judgingEntry(w http.ResponseWriter, r *http.Request) {
	e, err := s.svc.Assignments.FindAssignedEntry(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ed, err := s.svc.Competitions.FindPublishedEdition(r.Context(), e.EditionID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "", nil)
	v.Title = e.Project.Title(v.Locale)
	v.Data = newEntryPage(v, ed, e, nil)
	s.render(w, r, http.StatusOK, "judging_entry", v)
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
