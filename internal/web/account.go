package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// account shows the signed-in user's profile, language and password form.
func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, err error) {
	a := haizhi.ActorFromContext(r.Context())
	u, ferr := s.svc.Users.FindUserByID(r.Context(), a.UserID)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	v := s.newView(r, "nav.account", u)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	s.render(w, r, status, "account", v)
}

// accountPassword changes the password after checking the current one.
func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	var err error
	if r.PostForm.Get("new_password") != r.PostForm.Get("password2") {
		err = haizhi.Invalid(map[string]string{"password2": "error.password_mismatch"})
	} else {
		err = s.svc.Users.ChangePassword(r.Context(), r.PostForm.Get("old_password"), r.PostForm.Get("new_password"))
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderAccount(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	s.setFlash(r, "success", "account.password_changed")
	redirect(w, r, "/account")
}

// accountSendVerification mails the signed-in user a new verification link.
func (s *Server) accountSendVerification(w http.ResponseWriter, r *http.Request) {
	a := haizhi.ActorFromContext(r.Context())
	if err := s.svc.Auth.SendVerification(r.Context(), a.UserID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "success", "account.verification_sent")
	redirect(w, r, "/account")
}

// tokens lists the user's API tokens.
func (s *Server) tokens(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, plain string, err error) {
	list, ferr := s.svc.Auth.FindAPITokens(r.Context())
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	v := s.newView(r, "account.tokens_title", map[string]any{"Tokens": list, "NewToken": plain})
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	s.render(w, r, status, "tokens", v)
}

// tokenCreate makes a token and shows it once.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	days, err := strconv.Atoi(r.PostForm.Get("days"))
	if err != nil || days < 1 || days > 730 {
		s.renderTokens(w, r, http.StatusUnprocessableEntity, "", haizhi.Invalid(map[string]string{"days": "error.choose_one"}))
		return
	}
	plain, _, err := s.svc.Auth.CreateAPIToken(r.Context(), strings.TrimSpace(r.PostForm.Get("name")), time.Duration(days)*24*time.Hour)
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderTokens(w, r, http.StatusUnprocessableEntity, "", err)
		return
	}
	s.renderTokens(w, r, http.StatusCreated, plain, nil)
}

// tokenRevoke deletes one of the user's tokens.
func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.Auth.RevokeAPIToken(r.Context(), pathID(r, "id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "success", "account.token_revoked")
	redirect(w, r, "/account/tokens")
}
