package web

import (
	"net/http"

	"github.com/haizhi-dev/haizhi"
)

// verifyForm shows the page behind a verification link: it confirms the address and, for
// a new account, asks for a password.
func (s *Server) verifyForm(w http.ResponseWriter, r *http.Request) {
	s.tokenPage(w, r, "verify", "auth.verify_title")
}

// verify consumes a verification token.
func (s *Server) verify(w http.ResponseWriter, r *http.Request) {
	s.tokenSubmit(w, r, "verify", "auth.verify_title", func(token, password string) error {
		_, err := s.svc.Auth.VerifyEmail(guestActorContext(r.Context()), token, password)
		return err
	}, "auth.verified")
}

// resetForm shows the page behind a password-reset link.
func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) {
	s.tokenPage(w, r, "reset", "auth.reset_title")
}

// reset consumes a reset token and sets the new password.
func (s *Server) reset(w http.ResponseWriter, r *http.Request) {
	s.tokenSubmit(w, r, "reset", "auth.reset_title", func(token, password string) error {
		return s.svc.Auth.ResetPassword(guestActorContext(r.Context()), token, password)
	}, "auth.password_reset_done")
}

// tokenPage renders the set-password page for a mailed token, or an explanation when the
// token is unknown, used or expired.
func (s *Server) tokenPage(w http.ResponseWriter, r *http.Request, purpose, title string) {
	token := r.URL.Query().Get("token")
	err := s.svc.Auth.CheckEmailToken(r.Context(), purpose, token)
	v := s.newView(r, title, map[string]any{"Token": token, "Purpose": purpose, "Invalid": err != nil})
	if err != nil && haizhi.ErrorCode(err) != haizhi.EINVALID {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if err != nil {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "set_password", v)
}

// tokenSubmit checks the two password fields and calls consume with the token.
func (s *Server) tokenSubmit(w http.ResponseWriter, r *http.Request, purpose, title string, consume func(token, password string) error, doneKey string) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	token, pw := r.PostForm.Get("token"), r.PostForm.Get("new_password")
	var err error
	if pw != r.PostForm.Get("password2") {
		err = haizhi.Invalid(map[string]string{"password2": "error.password_mismatch"})
	} else {
		err = consume(token, pw)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		invalid := haizhi.ErrorKey(err) == "error.token_invalid"
		v := s.newView(r, title, map[string]any{"Token": token, "Purpose": purpose, "Invalid": invalid})
		v.Form = newForm(v, r, err)
		s.render(w, r, http.StatusUnprocessableEntity, "set_password", v)
		return
	}
	s.setFlash(r, "success", doneKey)
	redirect(w, r, "/login")
}

// forgotForm asks for the address to send a reset link to.
func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "forgot", s.newView(r, "auth.forgot_title", nil))
}

// forgot mails a reset link when the address belongs to an account, and says the same
// thing whether it does or not.
func (s *Server) forgot(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	email := haizhi.NormalizeEmail(r.PostForm.Get("email"))
	if !haizhi.ValidEmail(email) {
		v := s.newView(r, "auth.forgot_title", nil)
		v.Form = newForm(v, r, haizhi.Invalid(map[string]string{"email": "error.email_invalid"}))
		s.render(w, r, http.StatusUnprocessableEntity, "forgot", v)
		return
	}
	if err := s.svc.Auth.RequestPasswordReset(guestActorContext(r.Context()), email); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "info", "auth.reset_sent")
	redirect(w, r, "/login")
}
