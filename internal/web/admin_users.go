package web

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// userSortKeys whitelists the orders of the user list; the first is the default.
var userSortKeys = []string{"-created", "created", "email", "name"}

// users lists the people of the actor's units with search, role and unit filters, sorted
// and paged in SQL.
func (s *Server) users(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	f := haizhi.UserFilter{Query: strings.TrimSpace(q.Get("q")), Role: haizhi.Role(q.Get("role")), UnitID: queryID(q, "unit"),
		Sort: cmp.Or(chosenSort(q, userSortKeys), userSortKeys[0]), Page: pageOf(r, 20)}
	if !f.Role.Valid() {
		f.Role = ""
	}
	list, total, err := s.svc.Users.FindUsers(ctx, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.unitsWith(ctx, haizhi.PermUserView)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "users.title", nil)
	v.Data = map[string]any{
		"Users": list, "Query": f.Query,
		"Roles": roleOptions(v, string(f.Role), "users.role_all"),
		"Units": selectOptions(unitOptions(units, v.Locale), strconv.FormatInt(f.UnitID, 10)),
		"Sort": sortHeaders(r.URL, f.Sort, map[string][]string{
			"name": {"name"}, "email": {"email"}, "created": {"-created", "created"},
		}),
		"SortKey":  chosenSort(q, userSortKeys),
		"Filtered": f.Query != "" || f.Role != "" || f.UnitID != 0,
		"Pager":    newPager(r.URL, f.Page, total),
	}
	s.render(w, r, http.StatusOK, "users", v)
}

// roleOptions lists the roles as options after a blank one labelled blankKey.
func roleOptions(v *view, selected, blankKey string) []option {
	opts := []option{{Value: "", Label: v.T(blankKey)}}
	for _, role := range haizhi.Roles() {
		opts = append(opts, option{Value: string(role), Label: v.T("role." + string(role))})
	}
	return selectOptions(opts, selected)
}

// userNew shows the form that creates an account with its first role.
func (s *Server) userNew(w http.ResponseWriter, r *http.Request) {
	s.renderUserForm(w, r, http.StatusOK, nil)
}

// userCreate creates an account; the service mails the invitation, which waits in the
// outbox when no SMTP server is configured.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	pf := r.PostForm
	u, err := s.svc.Users.CreateUser(r.Context(), haizhi.NewUser{Email: pf.Get("email"), Name: pf.Get("name"),
		Locale: pf.Get("locale"), Role: haizhi.Role(pf.Get("role")), UnitID: formID(pf, "unit_id")})
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderUserForm(w, r, formStatus(err), err)
		return
	}
	s.setFlash(r, "success", "users.created")
	redirect(w, r, userURL(u.ID))
}

// renderUserForm shows the new-user form with the problems of err.
func (s *Server) renderUserForm(w http.ResponseWriter, r *http.Request, status int, err error) {
	units, uerr := s.unitsWith(r.Context(), haizhi.PermUserManage)
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	v := s.newView(r, "users.new_title", nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	unit := ""
	if len(units) == 1 {
		unit = strconv.FormatInt(units[0].ID, 10)
	}
	locales := []option{{Value: haizhi.LocaleZH, Label: v.T("lang.zh-CN")}, {Value: haizhi.LocaleEN, Label: v.T("lang.en")}}
	v.Data = map[string]any{
		"Email":  newField(v, "email", "email", "field.email", true),
		"Name":   newField(v, "name", "text", "field.name", true),
		"Locale": newField(v, "locale", "select", "field.locale", true, haizhi.LocaleZH).withOptions(locales...),
		"Role":   newField(v, "role", "select", "field.role", true).withOptions(roleOptions(v, "", "admin.choose")...),
		"Unit":   s.unitField(v, units, unit),
	}
	s.render(w, r, status, "user_form", v)
}

// unitField is the unit select of a form, offering units.
func (s *Server) unitField(v *view, units []*haizhi.OrgUnit, def string) field {
	opts := append([]option{{Value: "", Label: v.T("admin.choose")}}, unitOptions(units, v.Locale)...)
	return newField(v, "unit_id", "select", "field.unit", true, def).withOptions(opts...)
}

// userShow shows a person: details, roles, and what a manager may do about them.
func (s *Server) userShow(w http.ResponseWriter, r *http.Request) {
	s.renderUser(w, r, http.StatusOK, nil)
}

// renderUser renders the user page, with the add-role form's problems when err is set.
func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, err error) {
	ctx := r.Context()
	a := haizhi.ActorFromContext(ctx)
	u, ferr := s.svc.Users.FindUserByID(ctx, pathID(r, "id"))
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	units, ferr := s.unitsWith(ctx, haizhi.PermUserManage)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	v := s.newView(r, "", nil)
	v.Title = u.Name
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	canManage := false // the actor manages one of the user's units, so may disable or re-invite
	revocable := map[int64]bool{}
	for _, g := range u.Grants {
		if a.Can(haizhi.PermUserManage, g.UnitPath) {
			canManage, revocable[g.ID] = true, true
		}
	}
	v.Data = map[string]any{
		"User": u, "CanManage": canManage, "Revocable": revocable, "Self": a.UserID == u.ID,
		"CanGrant": len(units) > 0,
		"Role":     newField(v, "role", "select", "field.role", true).withOptions(roleOptions(v, "", "admin.choose")...),
		"Unit":     s.unitField(v, units, ""),
	}
	s.render(w, r, status, "user_show", v)
}

// grantCreate gives the user a role on a unit.
func (s *Server) grantCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id := pathID(r, "id")
	if _, err := s.svc.Users.GrantRole(r.Context(), id, haizhi.Role(r.PostForm.Get("role")), formID(r.PostForm, "unit_id")); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderUser(w, r, formStatus(err), err)
		return
	}
	s.setFlash(r, "success", "users.granted")
	redirect(w, r, userURL(id))
}

// grantRevoke removes a role; the form names the user to go back to.
func (s *Server) grantRevoke(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	back := "/admin/users"
	if id := formID(r.PostForm, "user_id"); id != 0 {
		back = userURL(id)
	}
	s.afterAction(w, r, s.svc.Users.RevokeGrant(r.Context(), pathID(r, "id")), "users.revoked", back)
}

// userDisable disables or enables an account.
func (s *Server) userDisable(disabled bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := pathID(r, "id")
		key := "users.enabled"
		if disabled {
			key = "users.disabled"
		}
		s.afterAction(w, r, s.svc.Users.SetUserDisabled(r.Context(), id, disabled), key, userURL(id))
	}
}

// userSendVerification mails the user a new verification (and set-password) link.
func (s *Server) userSendVerification(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	s.afterAction(w, r, s.svc.Auth.SendVerification(r.Context(), id), "users.verification_sent", userURL(id))
}

// afterAction answers a button's POST: on success it flashes okKey; a refusal the user can
// understand (revoking one's own last admin role, disabling oneself) is flashed as an
// error; anything else fails. Both flashes go back to the page at to.
func (s *Server) afterAction(w http.ResponseWriter, r *http.Request, err error, okKey, to string) {
	switch {
	case err == nil:
		s.setFlash(r, "success", okKey)
	case isFormError(err):
		s.setFlash(r, "error", haizhi.ErrorKey(err))
	default:
		s.fail(w, r, err)
		return
	}
	redirect(w, r, to)
}

// userURL is the page of user id.
func userURL(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }
