package web

import (
	"net/http"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/httpx"
)

// loginForm shows the sign-in page; a signed-in user goes straight on.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if a := haizhi.ActorFromContext(r.Context()); a != nil && a.UserID != 0 {
		redirect(w, r, next)
		return
	}
	v := s.newView(r, "auth.sign_in_title", map[string]any{"Next": next})
	s.render(w, r, http.StatusOK, "login", v)
}

// login checks the credentials. On success it renews the session token (so a token
// planted before sign-in is worthless) and goes to the page first asked for.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	ctx := guestActorContext(r.Context())
	u, err := s.svc.Auth.Authenticate(ctx, r.PostForm.Get("email"), r.PostForm.Get("password"), httpx.ClientIPFrom(ctx))
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		v := s.newView(r, "auth.sign_in_title", map[string]any{"Next": next})
		v.Form = newForm(v, r, err)
		status := http.StatusUnprocessableEntity
		if haizhi.ErrorCode(err) == haizhi.ETOOMANY {
			status = http.StatusTooManyRequests
		}
		s.render(w, r, status, "login", v)
		return
	}
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessionUserID, u.ID)
	redirect(w, r, next)
}

// logout ends the session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	redirect(w, r, "/")
}

// badForm wraps a form parsing failure: too large stays too large, anything else is
// invalid input.
func badForm(err error) error {
	if httpx.IsTooLarge(err) {
		return haizhi.Errorf(haizhi.ETOOLARGE, "error.too_large", "request body too large")
	}
	return haizhi.Errorf(haizhi.EINVALID, "error.invalid", "malformed form: %v", err)
}
