package web

import (
	"net/http"
	"strconv"

	"github.com/haizhi-dev/haizhi"
)

// editionScores shows a round's scores under every method side by side, marking the
// entries whose rank the method changes, and applies the chosen method to the ranking.
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
	rd := haizhi.Round{Kind: round}
	for _, x := range ed.Structure.Rounds {
		if x.Kind == round {
			rd = x
		}
	}
	v.Data = map[string]any{"Edition": ed, "Round": rd, "C": c, "Methods": haizhi.ScoreMethods()}
	s.render(w, r, http.StatusOK, "edition_scores", v)
}

// editionScoresApply puts the chosen method's scores into the round's ranking.
func (s *Server) editionScoresApply(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id, round := pathID(r, "id"), r.PathValue("round")
	if _, err := s.svc.Scoring.ApplyMethod(r.Context(), id, haizhi.RoundKind(round), haizhi.ScoreMethod(r.PostForm.Get("method"))); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.setFlash(r, "error", "scores.choose_method")
		redirect(w, r, "/manage/editions/"+strconv.FormatInt(id, 10)+"/rounds/"+round+"/scores")
		return
	}
	s.setFlash(r, "success", "scores.applied")
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(id, 10)+"/rounds/"+round)
}
