package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// TestPagesCarrySecurityHeadersAndSafeCookies checks what the pages send, not only the
// middleware on its own: a CSP without inline script, and a session cookie that scripts
// cannot read; behind https the cookie is Secure and HSTS is on.
func TestPagesCarrySecurityHeadersAndSafeCookies(t *testing.T) {
	env := apptest.NewEnv(t, "sqlite", web.Options{})
	res := env.Get(t, env.Client(t), "/")
	res.Body.Close()
	var scriptSrc string
	for d := range strings.SplitSeq(res.Header.Get("Content-Security-Policy"), ";") {
		if d = strings.TrimSpace(d); strings.HasPrefix(d, "script-src ") {
			scriptSrc = d
		}
	}
	if !strings.Contains(scriptSrc, "'self'") || strings.Contains(scriptSrc, "unsafe-inline") ||
		res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Strict-Transport-Security") != "" {
		t.Fatalf("headers on http: script-src %q, %v", scriptSrc, res.Header)
	}

	for _, public := range []string{"", "https://haizhi.example"} {
		srv := env.Web
		origin := env.Server.URL
		if public != "" {
			var err error
			srv, err = web.New(env.Services, sqldb.NewSessionStore(env.DB), web.Options{PublicURL: public})
			if err != nil {
				t.Fatal(err)
			}
			origin = public
		}
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"email": {"judge@fixture.test"}, "password": {apptest.Password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", origin)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		var session *http.Cookie
		for _, c := range w.Result().Cookies() {
			if c.Name == "haizhi_session" {
				session = c
			}
		}
		if w.Code != http.StatusSeeOther || session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode ||
			session.Secure != (public != "") || session.Path != "/" {
			t.Fatalf("public URL %q: %d cookie %+v", public, w.Code, session)
		}
		if hsts := w.Header().Get("Strict-Transport-Security"); (hsts != "") != (public != "") {
			t.Fatalf("public URL %q: HSTS %q", public, hsts)
		}
	}
}

// TestFormErrorsInEnglish: a reader who chose English sees a refused form's errors in
// English, next to the fields, with what they typed kept.
func TestFormErrorsInEnglish(t *testing.T) {
	env := apptest.NewEnv(t, "sqlite", web.Options{})
	admin := env.Login(t, "admin")
	expectStatus(t, env.PostForm(t, admin, "/lang", url.Values{"to": {"en"}}), http.StatusSeeOther, "switch to English")
	form := url.Values{"parent_id": {id(env.Units["district"].ID)}, "kind": {"park"}, "code": {"Bad Code!"}, "name_zh": {""}, "name_en": {""}}
	body := expectStatus(t, env.PostForm(t, admin, "/admin/units", form), http.StatusUnprocessableEntity, "invalid unit")
	expectContains(t, body, "English errors", "Some of the information is not valid", "Enter a name in Chinese or in English", `value="Bad Code!"`)
	if strings.Contains(body, "请") {
		t.Errorf("English page shows Chinese text:\n%s", excerpt(body))
	}
}

var navHref = regexp.MustCompile(`class="nav-link[^"]*" href="([^"]+)"`)

// TestMenuShowsExactlyWhatTheRoleMayOpen: for every role, each menu entry opens, and each
// work page left out of the menu is refused.
func TestMenuShowsExactlyWhatTheRoleMayOpen(t *testing.T) {
	env := apptest.NewEnv(t, "sqlite", web.Options{})
	pages := []string{"/home", "/manage/posts", "/manage/competitions", "/admin/units", "/admin/users", "/admin/audit", "/admin/outbox", "/admin/jobs"}
	for _, role := range haizhi.Roles() {
		c := env.Login(t, string(role))
		body := apptest.Body(t, env.Get(t, c, "/home"))
		inMenu := map[string]bool{}
		for _, m := range navHref.FindAllStringSubmatch(body, -1) {
			inMenu[m[1]] = true
		}
		if !inMenu["/"] || !inMenu["/home"] {
			t.Errorf("%s: menu lacks the portal or home: %v", role, inMenu)
		}
		for _, p := range pages {
			res := env.Get(t, c, p)
			res.Body.Close()
			if inMenu[p] != (res.StatusCode == http.StatusOK) {
				t.Errorf("%s: %s in menu=%v but GET answers %d", role, p, inMenu[p], res.StatusCode)
			}
			if !inMenu[p] && res.StatusCode != http.StatusForbidden {
				t.Errorf("%s: %s left out of the menu answers %d, not 403", role, p, res.StatusCode)
			}
		}
	}
}
