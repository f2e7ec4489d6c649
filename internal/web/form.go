package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// form is the state of a form being shown again after a failed submit: what the user
// typed and the problem of each field, already translated.
type form struct {
	Values  url.Values
	Errors  map[string]string
	Summary string
}

// Error returns the translated problem of a field, or "".
func (f *form) Error(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// Value returns what the user typed in a field.
func (f *form) Value(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// HasErrors reports whether any field has a problem.
func (f *form) HasErrors() bool { return f != nil && (len(f.Errors) > 0 || f.Summary != "") }

// newForm builds the form state of r with the problems carried by err (an EINVALID or
// ECONFLICT error with Fields, or any error with a Key), translated for v.
func newForm(v *view, r *http.Request, err error) *form {
	f := &form{Values: r.PostForm, Errors: map[string]string{}}
	if f.Values == nil {
		f.Values = url.Values{}
	}
	// Never echo secrets back into the page.
	for _, k := range []string{"password", "password2", "old_password", "new_password"} {
		f.Values.Del(k)
	}
	if err == nil {
		return f
	}
	for name, key := range haizhi.ErrorFields(err) {
		f.Errors[name] = v.L.T(key)
	}
	f.Summary = v.L.T(haizhi.ErrorKey(err))
	return f
}

// isFormError reports whether err is the user's to fix on the form (as opposed to a
// missing record, a refusal or a fault of ours).
func isFormError(err error) bool {
	switch haizhi.ErrorCode(err) {
	case haizhi.EINVALID, haizhi.ECONFLICT, haizhi.ETOOMANY:
		return true
	case haizhi.EUNAUTHORIZED:
		return len(haizhi.ErrorFields(err)) > 0 || haizhi.ErrorKey(err) == "error.bad_credentials"
	}
	return false
}

// field is one labelled form control for the "field" template.
type field struct {
	Name     string
	Type     string // text, email, password, textarea, select, number, url
	Label    string
	Help     string
	Required bool
	Value    string
	Error    string
	Options  []option
	Attrs    map[string]string
}

type option struct {
	Value, Label string
	Selected     bool
}

// newField builds a field from the view: label and help by key ("<label>.help" when it
// exists), the typed value or def, and the field's problem.
func newField(v *view, name, typ, labelKey string, required bool, def ...string) field {
	f := field{Name: name, Type: typ, Label: v.L.T(labelKey), Required: required}
	if v.Form != nil && v.Form.Values.Has(name) {
		f.Value = v.Form.Value(name)
	} else if len(def) > 0 {
		f.Value = def[0]
	}
	f.Error = v.Form.Error(name)
	if help := labelKey + "_help"; v.L.T(help) != help {
		f.Help = v.L.T(help)
	}
	return f
}

// WithOptions returns f as a select whose options are the given values, each its own
// label (for numbers and codes). Templates call it.
func (f field) WithOptions(values ...string) field {
	opts := make([]option, len(values))
	for i, v := range values {
		opts[i] = option{Value: v, Label: v}
	}
	return f.withOptions(opts...)
}

// withOptions returns f as a select with the given value/label pairs.
func (f field) withOptions(opts ...option) field {
	f.Type = "select"
	for i := range opts {
		opts[i].Selected = opts[i].Value == f.Value
	}
	f.Options = opts
	return f
}

// pager is the pagination bar of a list.
type pager struct {
	Page, Pages, Total int
	Prev, Next         string
	Links              []pagerLink
}

type pagerLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// newPager builds the pagination bar for a list at page p with total rows; links keep the
// list's other query parameters.
func newPager(u *url.URL, p haizhi.Page, total int) pager { return newPagerParam(u, "page", p, total) }

// newPagerParam is newPager for a list whose page number is the query parameter param,
// so that a page can hold several lists paged apart.
func newPagerParam(u *url.URL, param string, p haizhi.Page, total int) pager {
	pg := pager{Page: p.Number(), Pages: p.Pages(total), Total: total}
	if pg.Page > 1 {
		pg.Prev = withQuery(u, param, pg.Page-1)
	}
	if pg.Page < pg.Pages {
		pg.Next = withQuery(u, param, pg.Page+1)
	}
	last := 0
	for n := 1; n <= pg.Pages; n++ {
		if n != 1 && n != pg.Pages && (n < pg.Page-2 || n > pg.Page+2) {
			continue
		}
		if last != 0 && n > last+1 {
			pg.Links = append(pg.Links, pagerLink{Gap: true})
		}
		pg.Links = append(pg.Links, pagerLink{Number: n, URL: withQuery(u, param, n), Current: n == pg.Page})
		last = n
	}
	return pg
}

// navItem is one entry of the navigation.
type navItem struct {
	Key    string
	Href   string
	Active bool
}

// nav lists the navigation entries the actor may use, in order.
func (s *Server) nav(a *haizhi.Actor, current string) []navItem {
	type entry struct {
		key, href string
		perm      haizhi.Permission
	}
	entries := []entry{
		{"nav.portal", "/", haizhi.PermPublic},
		{"nav.news", "/news", haizhi.PermPublic},
		{"nav.policies", "/policies", haizhi.PermPublic},
		{"nav.apply", "/apply", haizhi.PermPublic},
		{"nav.home", "/home", haizhi.PermSignedIn},
		{"nav.my_entries", "/my/entries", haizhi.PermEntryApply},
		{"nav.judging", "/judging", haizhi.PermJudgeWork},
		{"nav.needs", "/needs", haizhi.PermSignedIn},
		{"nav.sites", "/sites", haizhi.PermSignedIn},
		{"nav.posts", "/manage/posts", haizhi.PermPostManage},
		{"nav.competitions", "/manage/competitions", haizhi.PermCompetitionManage},
		{"nav.units", "/admin/units", haizhi.PermUnitView},
		{"nav.users", "/admin/users", haizhi.PermUserView},
		{"nav.audit", "/admin/audit", haizhi.PermAuditView},
		{"nav.outbox", "/admin/outbox", haizhi.PermOutboxView},
		{"nav.jobs", "/admin/jobs", haizhi.PermJobView},
	}
	var out []navItem
	for _, e := range entries {
		if a != nil && a.UserID != 0 && e.perm == haizhi.PermPublic && e.href != "/" {
			continue // signed-in people reach news and policies from the portal
		}
		if !a.CanAnywhere(e.perm) {
			continue
		}
		active := current == e.href || (e.href != "/" && strings.HasPrefix(current, e.href+"/"))
		out = append(out, navItem{Key: e.key, Href: e.href, Active: active})
	}
	return out
}
