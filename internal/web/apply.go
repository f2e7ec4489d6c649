package web

import (
	"net/http"
	"strconv"

	"github.com/haizhi-dev/haizhi"
)

// apply is the public call for entries: every edition taking entries, with its divisions,
// tracks, deadline and the conditions of entry.
func (s *Server) apply(w http.ResponseWriter, r *http.Request) {
	page := pageOf(r, 10)
	list, total, err := s.svc.Competitions.FindOpenEditions(r.Context(), page)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "apply.title", map[string]any{"Editions": list, "Pager": newPager(r.URL, page, total)})
	s.render(w, r, http.StatusOK, "apply", v)
}

// registerForm asks a new applicant for a name, an address and a password.
func (s *Server) registerForm(w http.ResponseWriter, r *http.Request) {
	ed, err := s.svc.Competitions.FindPublishedEdition(r.Context(), queryID(r.URL.Query(), "edition"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if a := haizhi.ActorFromContext(r.Context()); a != nil && a.UserID != 0 {
		redirect(w, r, "/my/entries/new?edition="+strconv.FormatInt(ed.ID, 10))
		return
	}
	v := s.newView(r, "apply.register_title", map[string]any{"Edition": ed})
	s.render(w, r, http.StatusOK, "register", v)
}

// registerApplicant opens the applicant's account, signs them in and takes them to the entry
// form; the verification mail lets them confirm their address before they submit.
func (s *Server) registerApplicant(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	pf := r.PostForm
	reg := haizhi.Registration{Email: pf.Get("email"), Name: pf.Get("name"), Password: pf.Get("password"),
		Locale: s.locale(r), EditionID: formID(pf, "edition_id")}
	if pf.Get("password") != pf.Get("password2") {
		s.registerAgain(w, r, reg.EditionID, haizhi.Invalid(map[string]string{"password2": "error.password_mismatch"}))
		return
	}
	u, err := s.svc.Users.RegisterApplicant(guestActorContext(r.Context()), reg)
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.registerAgain(w, r, reg.EditionID, err)
		return
	}
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessionUserID, u.ID)
	s.setFlash(r, "success", "apply.registered")
	redirect(w, r, "/my/entries/new?edition="+strconv.FormatInt(reg.EditionID, 10))
}

func (s *Server) registerAgain(w http.ResponseWriter, r *http.Request, editionID int64, err error) {
	ed, ferr := s.svc.Competitions.FindPublishedEdition(r.Context(), editionID)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	v := s.newView(r, "apply.register_title", map[string]any{"Edition": ed})
	v.Form = newForm(v, r, err)
	s.render(w, r, formStatus(err), "register", v)
}
