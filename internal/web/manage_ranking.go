package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// rankingCell is a cell of a round's ranking ready for the page.
type rankingCell struct {
	haizhi.CellAdvancement
	Key, Division, Track string
}

// editionRound is a round's ranking: per division × track, the entries by score, the
// quota's line, ties at the line, and the confirmation of who advances.
func (s *Server) editionRound(w http.ResponseWriter, r *http.Request) {
	s.renderRound(w, r, http.StatusOK, nil)
}

func (s *Server) renderRound(w http.ResponseWriter, r *http.Request, status int, err error) {
	rk, ferr := s.svc.Rankings.FindRanking(r.Context(), pathID(r, "id"), haizhi.RoundKind(r.PathValue("round")))
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	v := s.newView(r, "ranking.title", nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	ed := rk.Edition
	cells := make([]rankingCell, 0, len(rk.Cells))
	for _, c := range rk.Cells {
		rc := rankingCell{CellAdvancement: c, Key: c.Division + "/" + c.Track}
		for _, d := range ed.Structure.Divisions {
			if d.Code == c.Division {
				rc.Division = v.Name(d.NameZH, d.NameEN)
			}
		}
		for _, t := range ed.Structure.Tracks {
			if t.Code == c.Track {
				rc.Track = v.Name(t.NameZH, t.NameEN)
			}
		}
		if len(c.Lines) > 0 {
			cells = append(cells, rc)
		}
	}
	v.Data = map[string]any{"Edition": ed, "Round": rk.Round, "Cells": cells, "Pending": rk.Pending, "HasQuotas": len(rk.Cells) > 0,
		"Final": rk.Round.Kind == haizhi.RoundFinal}
	s.render(w, r, status, "edition_round", v)
}

// editionRoundScores saves the scores typed on the ranking page (score_<entry id>).
func (s *Server) editionRoundScores(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	scores := map[int64]*float64{}
	errs := map[string]string{}
	for k, vals := range r.PostForm {
		idText, ok := strings.CutPrefix(k, "score_")
		if !ok || len(vals) == 0 {
			continue
		}
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			continue
		}
		text := strings.TrimSpace(vals[0])
		if text == "" {
			scores[id] = nil
			continue
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || f < -1e6 || f > 1e6 {
			errs[k] = "error.number_invalid"
			continue
		}
		scores[id] = &f
	}
	var err error
	if len(errs) > 0 {
		err = haizhi.Invalid(errs)
	} else {
		err = s.svc.Rankings.SaveScores(r.Context(), pathID(r, "id"), haizhi.RoundKind(r.PathValue("round")), scores)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderRound(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	s.setFlash(r, "success", "ranking.saved")
	redirect(w, r, r.URL.Path[:strings.LastIndex(r.URL.Path, "/")])
}

// editionRoundConfirm applies the advancement of the chosen cells.
func (s *Server) editionRoundConfirm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	_, _, err := s.svc.Rankings.ConfirmAdvancement(r.Context(), pathID(r, "id"), haizhi.RoundKind(r.PathValue("round")),
		r.PostForm["cell"], r.PostForm.Get("advance_tied") == "yes")
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderRound(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	s.setFlash(r, "success", "ranking.confirmed")
	redirect(w, r, r.URL.Path[:strings.LastIndex(r.URL.Path, "/")])
}

// prizeRow is a line of the prize table ready for the page.
type prizeRow struct {
	haizhi.PrizeLine
	Tier   string
	Status haizhi.PrizeStatus
	Held   int // the tier the entry holds now
}

// editionPrizes is the final's ranking with the prize tiers, who holds which placing,
// and due diligence: revoke a placing with a reason, confirm an offered one.
func (s *Server) editionPrizes(w http.ResponseWriter, r *http.Request) {
	t, err := s.svc.Rankings.FindPrizes(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "prizes.title", nil)
	tier := func(rank int) string {
		for _, pt := range t.Edition.Structure.PrizeTiers {
			if pt.Rank == rank {
				return v.Name(pt.NameZH, pt.NameEN)
			}
		}
		return ""
	}
	rows := make([]prizeRow, len(t.Lines))
	for i, l := range t.Lines {
		rows[i] = prizeRow{PrizeLine: l, Tier: tier(l.Rank), Status: t.Status[l.EntryID], Held: t.Awarded[l.EntryID]}
		if rows[i].Held > 0 {
			rows[i].Tier = tier(rows[i].Held)
		}
	}
	v.Data = map[string]any{"Edition": t.Edition, "Rows": rows, "Revoked": t.Revoked, "Decided": t.Decided}
	s.render(w, r, http.StatusOK, "edition_prizes", v)
}

// editionPrizesAward awards the computed tiers.
func (s *Server) editionPrizesAward(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	if _, err := s.svc.Rankings.AwardPrizes(r.Context(), id); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.setFlash(r, "error", haizhi.ErrorKey(err))
	} else {
		s.setFlash(r, "success", "prizes.awarded")
	}
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(id, 10)+"/prizes")
}

// entryPrizeRevoke withdraws a placing after due diligence and offers it on.
func (s *Server) entryPrizeRevoke(w http.ResponseWriter, r *http.Request) {
	s.prizeAction(w, r, func(id int64) error {
		_, err := s.svc.Rankings.RevokePrize(r.Context(), id, r.PostForm.Get("reason"))
		return err
	}, "prizes.revoked")
}

// entryPrizeAccept records that an offered placing was accepted.
func (s *Server) entryPrizeAccept(w http.ResponseWriter, r *http.Request) {
	s.prizeAction(w, r, func(id int64) error { return s.svc.Rankings.AcceptPrize(r.Context(), id) }, "prizes.accepted")
}

func (s *Server) prizeAction(w http.ResponseWriter, r *http.Request, act func(id int64) error, done string) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id := pathID(r, "id")
	e, err := s.svc.Entries.FindEntryByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := act(id); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		key := haizhi.ErrorKey(err)
		for _, k := range haizhi.ErrorFields(err) {
			key = k
		}
		s.setFlash(r, "error", key)
	} else {
		s.setFlash(r, "success", done)
	}
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(e.EditionID, 10)+"/prizes")
}
