package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// wantChallenge checks a 401's error code and bearer challenge.
func wantChallenge(t *testing.T, f *fixture, res *response) {
	t.Helper()
	wantError("unauthorized")(t, f, res)
	if got := res.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
		t.Errorf("WWW-Authenticate %q, want a Bearer challenge", got)
	}
}

// wantMessage checks that the error message is the catalogue's text of key in locale.
func wantMessage(locale, key string) func(t *testing.T, f *fixture, res *response) {
	return func(t *testing.T, f *fixture, res *response) {
		t.Helper()
		want := f.bundle.Localizer(locale).T(key)
		e, _ := res.json(t)["error"].(map[string]any)
		if e["message"] != want {
			t.Errorf("message %q, want %s %q", e["message"], locale, want)
		}
	}
}

// TestAuthentication covers tokens, the permission of routes, the language of errors and
// the answers for paths and methods the API does not have.
func TestAuthentication(t *testing.T) {
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		f := mustFixture(t, db)
		f.run(t, []scenario{
			{name: "no token on /me", path: "/me", status: http.StatusUnauthorized, check: wantChallenge},
			{name: "a session is not a token", path: "/me", session: "admin", status: http.StatusUnauthorized, check: wantChallenge},
			{name: "unknown token", path: "/me", token: "bad", status: http.StatusUnauthorized, check: wantChallenge},
			{name: "not a bearer token", path: "/me", token: "Basic YWRtaW46c2VjcmV0", status: http.StatusUnauthorized, check: wantChallenge},
			{name: "empty bearer", path: "/me", token: "Bearer ", status: http.StatusUnauthorized, check: wantChallenge},
			{name: "bad token on a public route", path: "/posts", token: "bad", status: http.StatusUnauthorized, check: wantChallenge},
			{name: "operator token", path: "/me", token: "operator", status: http.StatusOK,
				check: func(t *testing.T, f *fixture, res *response) {
					u := res.json(t)
					grants, _ := u["grants"].([]any)
					if u["email"] != "operator@haizhi.example" || len(grants) != 1 {
						t.Fatalf("me %s", res.body)
					}
					if g := grants[0].(map[string]any); g["role"] != "operator" || g["unit_id"] != float64(f.yuhang.ID) {
						t.Errorf("grant %v", g)
					}
					if res.header.Get("Cache-Control") != "no-store" {
						t.Errorf("Cache-Control %q", res.header.Get("Cache-Control"))
					}
				}},
			{name: "bearer scheme is case-insensitive", path: "/me", token: "bearer " + f.tokens["leader"], status: http.StatusOK},

			// Errors speak the user's language, else the browser's.
			{name: "guest error in English", path: "/posts/{yuhang_draft}", header: map[string]string{"Accept-Language": "en-GB,en;q=0.9"},
				status: http.StatusNotFound, check: wantMessage("en", "error.not_found")},
			{name: "guest error in Chinese", path: "/posts/{yuhang_draft}", header: map[string]string{"Accept-Language": "zh-CN"},
				status: http.StatusNotFound, check: wantMessage("zh-CN", "error.not_found")},
			{name: "the user's locale wins", method: "POST", path: "/posts", token: "operator", header: map[string]string{"Accept-Language": "en"},
				body: `{"unit_id":{gongshu},"kind":"news","title_en":"T","body_en":"B"}`, status: http.StatusForbidden,
				check: wantMessage("zh-CN", "error.forbidden")},
			{name: "an English user", path: "/users", token: "leader", status: http.StatusForbidden, check: wantMessage("en", "error.forbidden")},

			// Paths and methods.
			{name: "unknown path", path: "/nothing/here", status: http.StatusNotFound, check: wantError("not_found")},
			{name: "the bare prefix", path: "/", status: http.StatusNotFound, check: wantError("not_found")},
			{name: "wrong method", method: "DELETE", path: "/me", token: "admin", status: http.StatusMethodNotAllowed,
				check: func(t *testing.T, f *fixture, res *response) {
					wantError("method_not_allowed")(t, f, res)
					if got := res.header.Get("Allow"); got != "GET, HEAD" {
						t.Errorf("Allow %q", got)
					}
				}},
			{name: "wrong method on a record", method: "PUT", path: "/posts/{yuhang_news}", status: http.StatusMethodNotAllowed,
				check: func(t *testing.T, f *fixture, res *response) {
					if got := res.header.Get("Allow"); got != "DELETE, GET, HEAD, PATCH" {
						t.Errorf("Allow %q", got)
					}
				}},
		})
	})
}

// TestDisabledUserToken checks that a token stops working the moment its user is disabled.
func TestDisabledUserToken(t *testing.T) {
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		f := mustFixture(t, db)
		f.run(t, []scenario{{name: "before", path: "/me", token: "leader", status: http.StatusOK}})
		if err := sqldb.NewUserService(db).SetUserDisabled(f.sys, f.users["leader"].ID, true); err != nil {
			t.Fatal(err)
		}
		f.run(t, []scenario{{name: "after", path: "/me", token: "leader", status: http.StatusUnauthorized, check: wantChallenge}})
	})
}

// TestRoutePatternReachesOuterMiddleware checks that the web server's access log and
// metrics, which read r.Pattern from the request they passed on, see the API's route
// pattern rather than the "/api/v1/" mount point.
func TestRoutePatternReachesOuterMiddleware(t *testing.T) {
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		f := mustFixture(t, db)
		outer := http.NewServeMux()
		outer.Handle("/api/v1/", f.api)
		for path, want := range map[string]string{
			f.expand("/api/v1/posts/{yuhang_news}"): "GET /api/v1/posts/{id}",
			"/api/v1/nothing":                       "/api/v1/",
		} {
			req := httptest.NewRequestWithContext(haizhi.NewContextWithActor(context.Background(), nil), "GET", path, nil)
			outer.ServeHTTP(httptest.NewRecorder(), req)
			if req.Pattern != want {
				t.Errorf("%s: pattern %q, want %q", path, req.Pattern, want)
			}
		}
	})
}
