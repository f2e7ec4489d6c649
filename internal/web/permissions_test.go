package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// TestRolesOverRoutes walks every role over the pages and checks who
// gets in (200), who is refused (403), and that guests are sent to sign in (303). The
// expectations are written out, not derived from the policy, so a change to the policy
// shows up here.
func TestRolesOverRoutes(t *testing.T) {
	paths := []string{
		"/home", "/account", "/account/tokens", "/my/entries",
		"/manage/posts", "/manage/posts/new", "/manage/competitions", "/manage/competitions/new", "/manage/editions/new",
		"/admin/units", "/admin/units/new",
		"/admin/users", "/admin/users/new",
		"/admin/audit", "/admin/outbox", "/admin/jobs",
	}
	signedIn := "/home /account /account/tokens"
	allowed := map[string]string{
		"admin":             strings.Join(paths, " "),
		"district_admin":    strings.Join(paths, " "),
		"operator":          signedIn + " /manage/posts /manage/posts/new /manage/competitions /manage/competitions/new /manage/editions/new /admin/units /admin/users /admin/outbox",
		"district_operator": signedIn + " /manage/posts /manage/posts/new /manage/competitions /manage/competitions/new /manage/editions/new /admin/units /admin/users /admin/outbox",
		"leader":            signedIn + " /admin/units",
		"liaison":           signedIn,
		"judge":             signedIn,
		"applicant":         signedIn + " /my/entries",
		"enterprise":        signedIn,
		"partner":           signedIn + " /my/entries",
	}
	for _, dialect := range apptest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			env := apptest.NewEnv(t, dialect, web.Options{})
			guest := env.Client(t)
			for _, p := range paths {
				res := env.Get(t, guest, p)
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
					t.Errorf("guest GET %s: %d %s, want redirect to sign in", p, res.StatusCode, res.Header.Get("Location"))
				}
			}
			for _, p := range []string{"/", "/news", "/policies", "/apply", "/login", "/forgot", "/healthz", "/readyz"} {
				res := env.Get(t, guest, p)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Errorf("guest GET %s: %d, want 200", p, res.StatusCode)
				}
			}
			for name, ok := range allowed {
				c := env.Login(t, name)
				for _, p := range paths {
					res := env.Get(t, c, p)
					body := apptest.Body(t, res)
					want := http.StatusForbidden
					if strings.Contains(" "+ok+" ", " "+p+" ") {
						want = http.StatusOK
					}
					if res.StatusCode != want {
						t.Errorf("%s GET %s: %d, want %d", name, p, res.StatusCode, want)
					} else if want == http.StatusForbidden && !strings.Contains(body, "403") {
						t.Errorf("%s GET %s: refusal page does not say 403", name, p)
					}
				}
			}
		})
	}
}

// TestRouteTableDeclaresPermissions checks that every route names its permission.
func TestRouteTableDeclaresPermissions(t *testing.T) {
	env := apptest.NewEnv(t, "sqlite", web.Options{})
	seen := map[string]bool{}
	for _, rt := range env.Web.Routes() {
		if rt.Perm == "" {
			t.Errorf("%s has no permission", rt.Pattern)
		}
		if seen[rt.Pattern] {
			t.Errorf("%s declared twice", rt.Pattern)
		}
		seen[rt.Pattern] = true
	}
	// The static files are declared too, not mounted beside the table.
	if !seen["GET /static/"] {
		t.Error("the static files are not in the route table")
	}
}

// TestJudgingChoiceRoutes walks the routes of the judging choices (adjusting an
// assignment by hand, an entry's score sheets, reopening a sheet), which need
// PermCompetitionManage: a guest is sent to sign in, a judge and an applicant are refused,
// an operator passes the route's check (the record, here missing, is the service's to
// find).
func TestJudgingChoiceRoutes(t *testing.T) {
	env := apptest.NewEnv(t, "sqlite", web.Options{})
	routes := []struct{ method, path string }{
		{"POST", "/manage/editions/1/rounds/screening/assignments/set"},
		{"GET", "/manage/editions/1/rounds/screening/entries/1/sheets"},
		{"POST", "/manage/sheets/1/reopen"},
	}
	do := func(c *http.Client, method, path string) *http.Response {
		if method == "POST" {
			return env.PostForm(t, c, path, nil)
		}
		return env.Get(t, c, path)
	}
	for _, rt := range routes {
		res := do(env.Client(t), rt.method, rt.path)
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
			t.Errorf("guest %s %s: %d %s, want redirect to sign in", rt.method, rt.path, res.StatusCode, res.Header.Get("Location"))
		}
		for who, want := range map[string]int{"judge": http.StatusForbidden, "applicant": http.StatusForbidden, "operator": 0} {
			res := do(env.Login(t, who), rt.method, rt.path)
			res.Body.Close()
			if (want != 0 && res.StatusCode != want) || (want == 0 && (res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login"))) {
				t.Errorf("%s %s %s: %d, want %d (0: past the route's check)", who, rt.method, rt.path, res.StatusCode, want)
			}
		}
	}
}
