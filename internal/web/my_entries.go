package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"

	"github.com/haizhi-dev/haizhi"
)

// myEntries lists the applicant's own entries (or a partner's referrals) with where each
// stands.
func (s *Server) myEntries(w http.ResponseWriter, r *http.Request) {
	page := pageOf(r, haizhi.DefaultPageSize)
	list, total, err := s.svc.Entries.FindEntries(r.Context(), haizhi.EntryFilter{Mine: true, Sort: "-updated", Page: page})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	editions := map[int64]*haizhi.Edition{}
	for _, e := range list {
		if editions[e.EditionID] == nil {
			if editions[e.EditionID], err = s.svc.Competitions.FindPublishedEdition(r.Context(), e.EditionID); err != nil {
				s.fail(w, r, err)
				return
			}
		}
	}
	open, _, err := s.svc.Competitions.FindOpenEditions(r.Context(), haizhi.Page{Limit: 10})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "entries.my_title", map[string]any{"Entries": list, "Editions": editions, "Open": open, "Pager": newPager(r.URL, page, total)})
	s.render(w, r, http.StatusOK, "my_entries", v)
}

// newCreateKey makes the token a new-entry form carries, so that a double click or a
// resent form creates one entry.
func newCreateKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// entryNew shows an empty entry form for an open edition, with the lead filled in from
// the account and the applicant's latest entry.
func (s *Server) entryNew(w http.ResponseWriter, r *http.Request) {
	ed, err := s.svc.Competitions.FindPublishedEdition(r.Context(), queryID(r.URL.Query(), "edition"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "entries.new_title", nil)
	v.Form = &form{Values: map[string][]string{}, Errors: map[string]string{}}
	if a := v.Actor; a != nil && a.CanAnywhere(haizhi.PermApplicantWork) {
		last, _, err := s.svc.Entries.FindEntries(r.Context(), haizhi.EntryFilter{Mine: true, Sort: "-updated", Page: haizhi.Page{Limit: 1}})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(last) > 0 {
			prev := entryFormValues(last[0])
			for k, vs := range prev {
				if len(k) > 7 && k[:7] == "talent." {
					v.Form.Values[k] = vs
				}
			}
		} else {
			v.Form.Values.Set("talent.name", a.Name)
			v.Form.Values.Set("talent.email", a.Email)
			v.Form.Values.Set("talent.locale", a.Locale)
		}
	}
	s.renderEntryForm(w, r, http.StatusOK, v, ed, nil, newCreateKey())
}

// renderEntryForm renders the entry form of v (new when e is nil).
func (s *Server) renderEntryForm(w http.ResponseWriter, r *http.Request, status int, v *view, ed *haizhi.Edition, e *haizhi.Entry, createKey string) {
	v.Data = newEntryFormData(v, ed, e, createKey)
	if e != nil {
		v.Title = v.T("entries.edit_title")
	}
	s.render(w, r, status, "entry_form", v)
}

// entryCreate saves a new draft from the form, stores its files, and submits it when
// the applicant asked to.
func (s *Server) entryCreate(w http.ResponseWriter, r *http.Request) {
	s.entrySave(w, r, 0)
}

// entryUpdate saves a draft from the form.
func (s *Server) entryUpdate(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	if id == 0 {
		s.fail(w, r, haizhi.NotFound("entry"))
		return
	}
	s.entrySave(w, r, id)
}

func (s *Server) entrySave(w http.ResponseWriter, r *http.Request, id int64) {
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	in := entryInputFrom(r.PostForm)
	in.ID = id
	e, err := s.svc.Entries.SaveEntry(r.Context(), in)
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.entryFormAgain(w, r, in, nil, err)
		return
	}
	if err := s.storeEntryFiles(r, e.ID); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.entryFormAgain(w, r, in, e, err)
		return
	}
	if r.PostForm.Get("action") == "submit" {
		if _, err := s.svc.Entries.SubmitEntry(r.Context(), e.ID); err != nil {
			if !isFormError(err) {
				s.fail(w, r, err)
				return
			}
			s.entryFormAgain(w, r, in, e, err)
			return
		}
		s.setFlash(r, "success", "entries.submitted")
		redirect(w, r, "/my/entries/"+strconv.FormatInt(e.ID, 10))
		return
	}
	s.setFlash(r, "success", "entries.saved")
	redirect(w, r, "/my/entries/"+strconv.FormatInt(e.ID, 10)+"/edit")
}

// entryFormAgain shows the form again with the problems of err; when the draft was saved
// (e), the form is the saved entry's edit form with the typed values.
func (s *Server) entryFormAgain(w http.ResponseWriter, r *http.Request, in *haizhi.EntryInput, e *haizhi.Entry, err error) {
	editionID := in.EditionID
	if e != nil {
		if fresh, ferr := s.svc.Entries.FindEntryByID(r.Context(), e.ID); ferr == nil {
			e = fresh
		}
		editionID = e.EditionID
	} else if in.ID != 0 {
		cur, ferr := s.svc.Entries.FindEntryByID(r.Context(), in.ID)
		if ferr != nil {
			s.fail(w, r, ferr)
			return
		}
		e, editionID = cur, cur.EditionID
	}
	ed, ferr := s.svc.Competitions.FindPublishedEdition(r.Context(), editionID)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	v := s.newView(r, "entries.new_title", nil)
	v.Form = newForm(v, r, err)
	if e != nil {
		v.Form.Values.Set("version", strconv.Itoa(e.Version))
	}
	s.renderEntryForm(w, r, entryFailStatus(err), v, ed, e, in.CreateKey)
}

// entryEdit shows a draft's form with its saved values.
func (s *Server) entryEdit(w http.ResponseWriter, r *http.Request) {
	e, err := s.svc.Entries.FindEntryByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !e.Editable() {
		redirect(w, r, "/my/entries/"+strconv.FormatInt(e.ID, 10))
		return
	}
	ed, err := s.svc.Competitions.FindPublishedEdition(r.Context(), e.EditionID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "entries.edit_title", nil)
	v.Form = &form{Values: entryFormValues(e), Errors: map[string]string{}}
	v.Form.Values.Set("version", strconv.Itoa(e.Version))
	s.renderEntryForm(w, r, http.StatusOK, v, ed, e, "")
}

// entryShow is the applicant's read-only view of an entry with its status per round.
func (s *Server) entryShow(w http.ResponseWriter, r *http.Request) {
	s.renderEntryPage(w, r, "entry_show", s.svc.Competitions.FindPublishedEdition)
}

// renderEntryPage renders an entry read-only with its edition (loaded by edition, which
// decides who may see it: the published edition for applicants, the managed one for
// operators) and its decisions.
func (s *Server) renderEntryPage(w http.ResponseWriter, r *http.Request, page string, edition func(context.Context, int64) (*haizhi.Edition, error)) {
	e, err := s.svc.Entries.FindEntryByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ed, err := edition(r.Context(), e.EditionID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	decisions, err := s.svc.Entries.FindDecisions(r.Context(), e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "", nil)
	v.Title = e.Project.Title(v.Locale)
	v.Data = newEntryPage(v, ed, e, decisions)
	s.render(w, r, http.StatusOK, page, v)
}

// entrySubmit submits a draft from its page.
func (s *Server) entrySubmit(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	if _, err := s.svc.Entries.SubmitEntry(r.Context(), id); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		// Incomplete or late: show the form with what is missing.
		e, ferr := s.svc.Entries.FindEntryByID(r.Context(), id)
		if ferr != nil {
			s.fail(w, r, ferr)
			return
		}
		_ = r.ParseForm()
		r.PostForm = entryFormValues(e)
		s.entryFormAgain(w, r, &haizhi.EntryInput{ID: id}, e, err)
		return
	}
	s.setFlash(r, "success", "entries.submitted")
	redirect(w, r, "/my/entries/"+strconv.FormatInt(id, 10))
}

// entryWithdraw withdraws an entry.
func (s *Server) entryWithdraw(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	if _, err := s.svc.Entries.WithdrawEntry(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "success", "entries.withdrawn")
	redirect(w, r, "/my/entries/"+strconv.FormatInt(id, 10))
}
