package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// judgeLoad is one judge's share of a round's assignment.
type judgeLoad struct {
	Name        string
	Count       int
	Min, Max    int
	AffinitySum float64
}

// editionAssignments is a round's assignment: propose it (k judges per entry), see the
// load per judge and the pairs, adjust by hand, publish.
func (s *Server) editionAssignments(w http.ResponseWriter, r *http.Request) {
	s.renderAssignments(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderAssignments(w http.ResponseWriter, r *http.Request, status int, plan *haizhi.AssignmentPlan, err error) {
	ed, ferr := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	round := haizhi.RoundKind(r.PathValue("round"))
	list, total, ferr := s.svc.Assignments.FindAssignments(r.Context(), haizhi.AssignmentFilter{EditionID: ed.ID, Round: round, Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	pool, _, ferr := s.svc.Judges.FindJudges(r.Context(), haizhi.JudgeFilter{EditionID: ed.ID, Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	loads := map[int64]*judgeLoad{}
	var order []int64
	for _, j := range pool {
		loads[j.UserID] = &judgeLoad{Name: j.Name, Min: j.MinLoad, Max: j.MaxLoad}
		order = append(order, j.UserID)
	}
	published := false
	for _, a := range list {
		if l := loads[a.JudgeUserID]; l != nil {
			l.Count++
			l.AffinitySum += a.Affinity
		}
		published = published || a.Published
	}
	var rows []*judgeLoad
	for _, id := range order {
		rows = append(rows, loads[id])
	}
	v := s.newView(r, "assignments.title", nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	rd := haizhi.Round{Kind: round}
	for _, x := range ed.Structure.Rounds {
		if x.Kind == round {
			rd = x
		}
	}
	v.Data = map[string]any{"Edition": ed, "Round": rd, "Assignments": list, "Total": total, "Loads": rows, "Plan": plan, "Published": published,
		"K": r.FormValue("k")}
	s.render(w, r, status, "edition_assignments", v)
}

// editionAssignmentsPropose runs the solver for the round.
func (s *Server) editionAssignmentsPropose(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	k, _ := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("k")))
	plan, err := s.svc.Assignments.ProposeAssignment(r.Context(), pathID(r, "id"), haizhi.RoundKind(r.PathValue("round")), k)
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderAssignments(w, r, http.StatusUnprocessableEntity, nil, err)
		return
	}
	status := http.StatusOK
	if plan.Status != "optimal" {
		status = http.StatusUnprocessableEntity
	}
	s.renderAssignments(w, r, status, plan, nil)
}

// editionAssignmentsPublish publishes the round's draft and mails the judges.
func (s *Server) editionAssignmentsPublish(w http.ResponseWriter, r *http.Request) {
	id, round := pathID(r, "id"), r.PathValue("round")
	if _, err := s.svc.Assignments.PublishAssignments(r.Context(), id, haizhi.RoundKind(round)); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.setFlash(r, "error", haizhi.ErrorKey(err))
	} else {
		s.setFlash(r, "success", "assignments.published")
	}
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(id, 10)+"/rounds/"+round+"/assignments")
}
