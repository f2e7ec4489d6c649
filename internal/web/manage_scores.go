package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// editionRoundOf returns the edition's round of kind k, or a bare round of that kind.
func editionRoundOf(ed *haizhi.Edition, k haizhi.RoundKind) haizhi.Round {
	for _, x := range ed.Structure.Rounds {
		if x.Kind == k {
			return x
		}
	}
	return haizhi.Round{Kind: k}
}

// editionScores shows a round's scores under every method side by side: the round's
// chosen method's column marked, where each entry stands against the advancement line
// under each, the entries whose standing the method changes; and applies the chosen
// method to the ranking.
func (s *Server) editionScores(w http.ResponseWriter, r *http.Request) {
	ed, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	round := haizhi.RoundKind(r.PathValue("round"))
	c, err := s.svc.Scoring.CompareMethods(r.Context(), ed.ID, round)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "scores.title", nil)
	v.Data = map[string]any{"Edition": ed, "Round": editionRoundOf(ed, round), "C": c, "Methods": haizhi.ScoreMethods()}
	s.render(w, r, http.StatusOK, "edition_scores", v)
}

// editionScoresApply puts the round's chosen method's scores into its ranking.
func (s *Server) editionScoresApply(w http.ResponseWriter, r *http.Request) {
	id, round := pathID(r, "id"), r.PathValue("round")
	if _, err := s.svc.Scoring.ApplyMethod(r.Context(), id, haizhi.RoundKind(round)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "success", "scores.applied")
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(id, 10)+"/rounds/"+round)
}

// editionEntrySheets lists an entry's score sheets in the round, drafts included, with
// a form to reopen each submitted one.
func (s *Server) editionEntrySheets(w http.ResponseWriter, r *http.Request) {
	ed, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.svc.Entries.FindEntryByID(r.Context(), pathID(r, "entry"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	round := haizhi.RoundKind(r.PathValue("round"))
	if e.EditionID != ed.ID || e.Round != round {
		s.fail(w, r, haizhi.NotFound("entry"))
		return
	}
	sheets, err := s.svc.Scoring.FindEntrySheets(r.Context(), e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "sheets.title", nil)
	v.Data = map[string]any{"Edition": ed, "Round": editionRoundOf(ed, round), "Entry": e, "Title": e.Project.Title(v.Locale), "Sheets": sheets}
	s.render(w, r, http.StatusOK, "edition_sheets", v)
}

// sheetReopen reopens a submitted sheet (the assignment's) with the operator's reason;
// a missing reason or a sheet not submitted comes back as a message.
func (s *Server) sheetReopen(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	back := safeNext(r.PostForm.Get("back"))
	if !strings.HasPrefix(back, "/manage/") {
		back = "/manage/competitions"
	}
	if err := s.svc.Scoring.ReopenSheet(r.Context(), pathID(r, "id"), r.PostForm.Get("reason")); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		key := haizhi.ErrorKey(err)
		if len(haizhi.ErrorFields(err)) > 0 {
			key = "sheets.reason_required"
		}
		s.setFlash(r, "error", key)
		redirect(w, r, back)
		return
	}
	s.setFlash(r, "success", "sheets.reopened")
	redirect(w, r, back)
}
