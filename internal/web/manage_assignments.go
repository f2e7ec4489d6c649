package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// candidate is a pool member offered in an entry's "add a judge" select.
type candidate struct {
	UserID     int64
	Label      string
	Conflicted bool
}

// assignedEntryRow is an entry of the round with its judges and the judges that can be added.
type assignedEntryRow struct {
	*haizhi.EntryAssignments
	Short      bool
	Candidates []candidate
}

// assignmentsPath is the assignments page of an edition's round.
func assignmentsPath(editionID int64, round string) string {
	return "/manage/editions/" + strconv.FormatInt(editionID, 10) + "/rounds/" + round + "/assignments"
}

// editionAssignments is a round's assignment: propose it (k judges per entry, optionally
// a category every entry needs and a cap per institution), check the preview figures,
// adjust entries by hand, publish.
func (s *Server) editionAssignments(w http.ResponseWriter, r *http.Request) {
	s.renderAssignments(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderAssignments(w http.ResponseWriter, r *http.Request, status int, plan *haizhi.AssignmentPlan, err error) {
	ctx := r.Context()
	ed, ferr := s.svc.Competitions.FindEditionByID(ctx, pathID(r, "id"))
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	round := haizhi.RoundKind(r.PathValue("round"))
	q := r.URL.Query()
	// The lists page apart; after a POST their links lead back to the page itself.
	base := &url.URL{Path: assignmentsPath(ed.ID, string(round)), RawQuery: r.URL.RawQuery}
	entryPage, loadPage, shortPage := pageOf(r, haizhi.DefaultPageSize), pageParam(q, "lpage"), pageParam(q, "spage")
	pv, ferr := s.svc.Assignments.PreviewAssignment(ctx, haizhi.PreviewFilter{EditionID: ed.ID, Round: round, K: atoiOr(r.FormValue("k"), 0),
		LoadsPage: loadPage, ShortPage: shortPage})
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	entries, total, ferr := s.svc.Assignments.FindEntryAssignments(ctx, haizhi.AssignmentFilter{EditionID: ed.ID, Round: round, Page: entryPage})
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	// The candidates of every select: a page of the pool, narrowed by the pool filter.
	poolFilter := haizhi.JudgeFilter{EditionID: ed.ID, Query: strings.TrimSpace(q.Get("pool_q")), Category: haizhi.JudgeCategory(q.Get("pool_category")),
		Page: haizhi.Page{Limit: haizhi.MaxPageSize}}
	pool, poolTotal, ferr := s.svc.Judges.FindJudges(ctx, poolFilter)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	v := s.newView(r, "assignments.title", nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	rows := make([]assignedEntryRow, len(entries))
	for i, e := range entries {
		rows[i] = assignedEntryRow{EntryAssignments: e, Short: pv.K > 0 && len(e.Judges) < pv.K}
		for _, j := range pool {
			if e.HasJudge(j.UserID) {
				continue
			}
			c := candidate{UserID: j.UserID, Label: j.Name + " · " + j.Institution, Conflicted: e.HasConflict(j.UserID)}
			if c.Conflicted {
				c.Label += " — " + v.T("assignments.conflicted")
			}
			rows[i].Candidates = append(rows[i].Candidates, c)
		}
	}
	tracks := map[string]string{"": v.T("assignments.no_track")}
	for _, t := range ed.Structure.Tracks {
		tracks[t.Code] = v.Name(t.NameZH, t.NameEN)
	}
	categories := []option{{Value: "", Label: v.T("assignments.any_category")}}
	for _, c := range haizhi.JudgeCategories() {
		categories = append(categories, option{Value: string(c), Label: v.T("judge_category." + string(c))})
	}
	opts := pv.Options
	if plan != nil {
		opts = plan.Options
	}
	var reasons []string
	if plan != nil {
		for _, x := range plan.Reasons {
			reasons = append(reasons, reasonText(v, x))
		}
	}
	v.Data = map[string]any{"Edition": ed, "Round": editionRoundOf(ed, round), "Preview": pv, "Entries": rows, "Total": total,
		"Tracks": tracks, "Plan": plan, "Reasons": reasons, "Categories": categories, "Opts": opts,
		"Pool": poolFilter, "PoolTotal": poolTotal, "PoolCut": poolTotal > len(pool), "Back": base.RequestURI(),
		"Pager":      newPagerParam(base, "page", entryPage, total),
		"LoadsPager": newPagerParam(base, "lpage", loadPage, pv.LoadsTotal),
		"ShortPager": newPagerParam(base, "spage", shortPage, pv.ShortTotal)}
	s.render(w, r, status, "edition_assignments", v)
}

// pageParam reads the page number of a list from the query parameter name.
func pageParam(q url.Values, name string) haizhi.Page {
	n, _ := strconv.Atoi(q.Get(name))
	return haizhi.PageFromNumber(n, haizhi.DefaultPageSize)
}

// editionAssignmentsPropose runs the solver for the round with the form's conditions.
func (s *Server) editionAssignmentsPropose(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	pf := r.PostForm
	opts := haizhi.AssignOptions{K: atoiOr(pf.Get("k"), -1), NeedCategory: haizhi.JudgeCategory(pf.Get("need_category")),
		MaxPerInstitution: atoiOr(pf.Get("max_per_institution"), -1)}
	plan, err := s.svc.Assignments.ProposeAssignment(r.Context(), pathID(r, "id"), haizhi.RoundKind(r.PathValue("round")), opts)
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderAssignments(w, r, http.StatusUnprocessableEntity, nil, err)
		return
	}
	status := http.StatusOK
	if !plan.Saved() {
		status = http.StatusUnprocessableEntity
	}
	s.renderAssignments(w, r, status, plan, nil)
}

// editionAssignmentsSet adds a judge to an entry (assigned=yes) or removes one, by hand,
// before publishing. A refusal (a conflict, a published round, a judge not in the pool)
// comes back as a message on the page.
func (s *Server) editionAssignmentsSet(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id, round := pathID(r, "id"), r.PathValue("round")
	pf := r.PostForm
	entryID, _ := strconv.ParseInt(pf.Get("entry"), 10, 64)
	judgeID, _ := strconv.ParseInt(pf.Get("judge"), 10, 64)
	assigned := pf.Get("assigned") == "yes"
	back := safeNext(pf.Get("back"))
	if !strings.HasPrefix(back, assignmentsPath(id, round)) {
		back = assignmentsPath(id, round)
	}
	if judgeID == 0 {
		s.setFlash(r, "error", "assignments.choose_judge")
		redirect(w, r, back)
		return
	}
	if err := s.svc.Assignments.SetAssignment(r.Context(), id, haizhi.RoundKind(round), entryID, judgeID, assigned); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		key := haizhi.ErrorKey(err)
		for _, k := range haizhi.ErrorFields(err) {
			key = k // a single field's problem says more than "some fields are not valid"
		}
		s.setFlash(r, "error", key)
		redirect(w, r, back)
		return
	}
	if assigned {
		s.setFlash(r, "success", "assignments.added")
	} else {
		s.setFlash(r, "success", "assignments.removed")
	}
	redirect(w, r, back)
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
	redirect(w, r, assignmentsPath(id, round))
}

// reasonText words a reason why no assignment exists in the reader's language: lists of
// names joined the reader's way, a category by its label.
func reasonText(v *view, r haizhi.AssignmentReason) string {
	args := map[string]any{}
	for k, x := range r.Args {
		if names, ok := x.([]string); ok {
			text := strings.Join(names, v.T("assign_reason.separator"))
			if more, _ := r.Args[k+"More"].(int); more > 0 {
				text += v.T("assign_reason.more", "N", more)
			}
			args[k] = text
			continue
		}
		args[k] = x
	}
	if c, _ := r.Args["Category"].(string); c != "" {
		args["Category"] = v.T("judge_category." + c)
	}
	return v.L.T(r.Key, args)
}
