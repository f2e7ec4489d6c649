package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/api"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/httpx"
	"github.com/haizhi-dev/haizhi/internal/i18n"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
	"github.com/haizhi-dev/haizhi/internal/web/static"
)

// testComposer renders mail as the kind and its values; the API tests only need user
// creation to succeed.
type testComposer struct{}

func (testComposer) Compose(kind, locale string, data map[string]string) (string, string, error) {
	return "[" + kind + "] " + data["name"], kind + " " + locale + " " + data["link"], nil
}

// eachDB runs fn on a fresh database of every dialect (see apptest.Dialects), opened
// with the test composer so that creating users can send their mail.
func eachDB(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, d := range apptest.Dialects() {
		t.Run(d, func(t *testing.T) {
			fn(t, apptest.MustOpenDB(t, d, sqldb.Options{Composer: testComposer{}, PublicURL: "https://haizhi.example"}))
		})
	}
}

// fixture is a small world: a city with two districts and a park in one of them, people
// with roles on them, API tokens, and posts.
type fixture struct {
	api     *api.API
	handler http.Handler
	bundle  *i18n.Bundle
	assets  *static.Assets
	sys     context.Context

	city, yuhang, gongshu, park *haizhi.OrgUnit
	users                       map[string]*haizhi.User // admin, operator, leader, gongshu
	tokens                      map[string]string       // the same names, plus "bad"
	ids                         map[string]int64        // placeholders for paths and bodies
}

func mustFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	f := &fixture{
		sys:    haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("test")),
		users:  map[string]*haizhi.User{},
		tokens: map[string]string{"bad": "hz_not-a-token"},
		ids:    map[string]int64{},
	}
	var err error
	if f.bundle, err = i18n.New(); err != nil {
		t.Fatal(err)
	}
	if f.assets, err = static.New(); err != nil {
		t.Fatal(err)
	}
	units, users, auth, posts := sqldb.NewUnitService(db), sqldb.NewUserService(db), sqldb.NewAuthService(db), sqldb.NewPostService(db)
	f.api, err = api.New(api.Services{Units: units, Users: users, Auth: auth, Posts: posts, Audit: sqldb.NewAuditService(db)},
		api.Options{Logger: slog.New(slog.DiscardHandler), I18n: f.bundle, Assets: f.assets})
	if err != nil {
		t.Fatal(err)
	}
	// The middleware the web server runs before the API, minus sessions.
	f.handler = httpx.Chain(f.api, httpx.RequestID, httpx.ClientIP(httpx.IPResolver{}),
		httpx.SecurityHeaders(httpx.SecurityOptions{}))

	mustUnit := func(parent *haizhi.OrgUnit, kind haizhi.UnitKind, code, zh, en string) *haizhi.OrgUnit {
		u := &haizhi.OrgUnit{Kind: kind, Code: code, NameZH: zh, NameEN: en}
		if parent != nil {
			u.ParentID = parent.ID
		}
		if err := units.CreateUnit(f.sys, u); err != nil {
			t.Fatalf("create unit %s: %v", code, err)
		}
		f.ids[code] = u.ID
		return u
	}
	f.city = mustUnit(nil, haizhi.UnitCity, "hangzhou", "杭州市", "Hangzhou")
	f.yuhang = mustUnit(f.city, haizhi.UnitDistrict, "yuhang", "余杭区", "Yuhang")
	f.gongshu = mustUnit(f.city, haizhi.UnitDistrict, "gongshu", "拱墅区", "Gongshu")
	f.park = mustUnit(f.yuhang, haizhi.UnitPark, "future-sci-tech", "未来科技城", "Future Sci-Tech City")

	for _, p := range []struct {
		name, locale string
		role         haizhi.Role
		unit         *haizhi.OrgUnit
	}{
		{"admin", "zh-CN", haizhi.RoleAdmin, f.city},
		{"operator", "zh-CN", haizhi.RoleOperator, f.yuhang},
		{"leader", "en", haizhi.RoleLeader, f.yuhang},
		{"gongshu", "en", haizhi.RoleOperator, f.gongshu},
	} {
		u, err := users.CreateUser(f.sys, haizhi.NewUser{Email: p.name + "@haizhi.example", Name: p.name,
			Locale: p.locale, Role: p.role, UnitID: p.unit.ID})
		if err != nil {
			t.Fatalf("create user %s: %v", p.name, err)
		}
		f.users[p.name], f.ids["user_"+p.name] = u, u.ID
		as := haizhi.NewContextWithActor(context.Background(), u.Actor("203.0.113.9", "fixture"))
		if f.tokens[p.name], _, err = auth.CreateAPIToken(as, "test", 0); err != nil {
			t.Fatalf("token for %s: %v", p.name, err)
		}
	}

	mustPost := func(name string, unit *haizhi.OrgUnit, kind haizhi.PostKind, title string, publish bool) {
		p := &haizhi.Post{UnitID: unit.ID, Kind: kind, TitleEN: title, BodyEN: title + ", in full."}
		if err := posts.CreatePost(f.sys, p); err != nil {
			t.Fatalf("create post %s: %v", name, err)
		}
		if publish {
			if _, err := posts.SetPostPublished(f.sys, p.ID, true); err != nil {
				t.Fatalf("publish post %s: %v", name, err)
			}
		}
		f.ids[name] = p.ID
	}
	mustPost("yuhang_news", f.yuhang, haizhi.PostNews, "Yuhang welcomes returning scientists", true)
	mustPost("yuhang_draft", f.yuhang, haizhi.PostNews, "Yuhang draft", false)
	mustPost("gongshu_policy", f.gongshu, haizhi.PostPolicy, "Gongshu housing subsidy", true)
	mustPost("gongshu_draft", f.gongshu, haizhi.PostPolicy, "Gongshu draft", false)
	return f
}

// expand replaces {name} placeholders with the fixture's ids.
func (f *fixture) expand(s string) string {
	for name, id := range f.ids {
		s = strings.ReplaceAll(s, "{"+name+"}", strconv.FormatInt(id, 10))
	}
	return s
}

// scenario is one request against the real API handler and what must come back.
type scenario struct {
	name    string
	method  string
	path    string // under /api/v1, with {placeholders}
	token   string // a fixture token name, or "" for none
	body    string // with {placeholders}
	header  map[string]string
	session string // a fixture user whose session actor the web server would have loaded
	status  int
	check   func(t *testing.T, f *fixture, res *response)
}

// response is what came back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic value.
func (r *response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return v
}

// errorCode returns error.code of an error body.
func (r *response) errorCode(t *testing.T) string {
	t.Helper()
	e, _ := r.json(t)["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// errorFields returns error.fields of an error body.
func (r *response) errorFields(t *testing.T) map[string]any {
	t.Helper()
	e, _ := r.json(t)["error"].(map[string]any)
	fields, _ := e["fields"].(map[string]any)
	return fields
}

// items returns the items of a list body.
func (r *response) items(t *testing.T) []map[string]any {
	t.Helper()
	raw, ok := r.json(t)["items"].([]any)
	if !ok {
		t.Fatalf("no items array in %s", r.body)
	}
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		out[i], _ = v.(map[string]any)
	}
	return out
}

// do sends one request through the handler.
func (f *fixture) do(t *testing.T, sc scenario) *response {
	t.Helper()
	var body io.Reader
	if sc.body != "" {
		body = strings.NewReader(f.expand(sc.body))
	}
	req := httptest.NewRequest(sc.method, "/api/v1"+f.expand(sc.path), body)
	if sc.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if sc.token != "" {
		tok, ok := f.tokens[sc.token]
		if !ok {
			tok = sc.token // a literal header value
		}
		if strings.HasPrefix(tok, "hz_") {
			tok = "Bearer " + tok
		}
		req.Header.Set("Authorization", tok)
	}
	for k, v := range sc.header {
		req.Header.Set(k, v)
	}
	if sc.session != "" {
		u := f.users[sc.session]
		req = req.WithContext(haizhi.NewContextWithActor(req.Context(), u.Actor("203.0.113.9", "session")))
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return &response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// run plays the scenarios in order (later ones may use ids that earlier ones recorded).
func (f *fixture) run(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		if sc.method == "" {
			sc.method = http.MethodGet
		}
		t.Run(sc.name, func(t *testing.T) {
			res := f.do(t, sc)
			if res.status != sc.status {
				t.Fatalf("%s %s: status %d, want %d\n%s", sc.method, sc.path, res.status, sc.status, res.body)
			}
			if sc.status >= 400 {
				if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("error Content-Type %q, want JSON", ct)
				}
			}
			if sc.check != nil {
				sc.check(t, f, res)
			}
		})
	}
}

// wantError checks an error body's code and that each named field has a problem.
func wantError(code string, fields ...string) func(t *testing.T, f *fixture, res *response) {
	return func(t *testing.T, f *fixture, res *response) {
		t.Helper()
		if got := res.errorCode(t); got != code {
			t.Errorf("error code %q, want %q: %s", got, code, res.body)
		}
		got := res.errorFields(t)
		for _, name := range fields {
			if _, ok := got[name]; !ok {
				t.Errorf("error fields %v do not name %q", got, name)
			}
		}
	}
}

// wantTotal checks a list body's total and the number of items on the page.
func wantTotal(total, items int) func(t *testing.T, f *fixture, res *response) {
	return func(t *testing.T, f *fixture, res *response) {
		t.Helper()
		if got := int(res.json(t)["total"].(float64)); got != total {
			t.Errorf("total %d, want %d", got, total)
		}
		if got := len(res.items(t)); got != items {
			t.Errorf("%d items, want %d", got, items)
		}
	}
}
