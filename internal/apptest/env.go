package apptest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/blob"
	"github.com/haizhi-dev/haizhi/internal/demo"
	"github.com/haizhi-dev/haizhi/internal/mail"
	"github.com/haizhi-dev/haizhi/internal/pdf"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// Password is the password of every fixture account.
const Password = "correct-horse-battery"

// Env is a running Haizhi on a fresh database with a small fixture: a city with two
// districts and a park, and one user per role.
type Env struct {
	DB       *sqldb.DB
	Services web.Services
	Web      *web.Server
	Server   *httptest.Server
	// Units by fixture name: "city", "district" (with "park" below it), "district2".
	Units map[string]*haizhi.OrgUnit
	// Users by fixture name: each role's name ("admin", "operator", …) holds that role on
	// the city; "district_operator" and "district_admin" hold theirs on "district".
	Users map[string]*haizhi.User
}

// Sys is a context acting as the system, for fixtures.
func Sys() context.Context {
	return haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("test"))
}

// NewServices builds every SQL service over db.
func NewServices(db *sqldb.DB) web.Services {
	return web.Services{
		Units: sqldb.NewUnitService(db), Users: sqldb.NewUserService(db), Auth: sqldb.NewAuthService(db),
		Posts: sqldb.NewPostService(db), Audit: sqldb.NewAuditService(db), Mail: sqldb.NewMailService(db),
		Jobs: sqldb.NewJobQueue(db), Competitions: sqldb.NewCompetitionService(db), Entries: sqldb.NewEntryService(db), Rankings: sqldb.NewRankingService(db),
		Duplicates: sqldb.NewDuplicateService(db), Judges: sqldb.NewJudgeService(db), Assignments: sqldb.NewAssignmentService(db), Scoring: sqldb.NewScoringService(db), Live: sqldb.NewLiveService(db), Needs: sqldb.NewNeedService(db), Sites: sqldb.NewSiteService(db),
	}
}

// NewEnv starts a server on a fresh database of the dialect with the fixture loaded.
// opts may set API and other options; PublicURL is filled in.
func NewEnv(tb testing.TB, dialect string, opts web.Options) *Env {
	tb.Helper()
	return newEnv(tb, dialect, opts, nil)
}

// NewDemoEnv is NewEnv with the demo data set (seed 1) loaded on top of the fixture, its
// records dated as `haizhi demo` dates them: pages and benchmarks see realistic data. It
// leaves out the matchmaking market (600 enterprises' needs, sites, investors), which
// costs seconds to load and which most tests do not read; NewFullDemoEnv has it.
func NewDemoEnv(tb testing.TB, dialect string, opts web.Options) *Env {
	tb.Helper()
	return newDemoEnv(tb, dialect, opts, false)
}

// NewFullDemoEnv is NewDemoEnv with everything `haizhi demo` loads, the market included.
func NewFullDemoEnv(tb testing.TB, dialect string, opts web.Options) *Env {
	tb.Helper()
	return newDemoEnv(tb, dialect, opts, true)
}

func newDemoEnv(tb testing.TB, dialect string, opts web.Options, market bool) *Env {
	tb.Helper()
	clock := &demo.Clock{}
	e := newEnv(tb, dialect, opts, clock.Now)
	ds := demo.Services{Units: e.Services.Units, Users: e.Services.Users, Posts: e.Services.Posts, Competitions: e.Services.Competitions,
		Entries: e.Services.Entries, Rankings: e.Services.Rankings, Judges: e.Services.Judges, Assignments: e.Services.Assignments,
		Scoring: e.Services.Scoring, Blobs: e.Services.Blobs, Live: e.Services.Live}
	if market {
		ds.Needs, ds.Sites = e.Services.Needs, e.Services.Sites
	}
	if _, err := demo.Load(context.Background(), ds, clock, demo.Options{Seed: 1}); err != nil {
		tb.Fatalf("demo: %v", err)
	}
	return e
}

func newEnv(tb testing.TB, dialect string, opts web.Options, now func() time.Time) *Env {
	tb.Helper()
	composer, err := mail.NewComposer()
	if err != nil {
		tb.Fatal(err)
	}
	// The public URL is only known once the listener exists; start it first.
	ts := httptest.NewUnstartedServer(nil)
	public := "http://" + ts.Listener.Addr().String()
	db := MustOpenDB(tb, dialect, sqldb.Options{Composer: composer, PublicURL: public, Now: now})
	e := &Env{DB: db, Services: NewServices(db), Units: map[string]*haizhi.OrgUnit{}, Users: map[string]*haizhi.User{}}
	blobs, err := blob.NewDir(filepath.Join(tb.TempDir(), "blobs"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { blobs.Close() })
	e.Services.Blobs = blobs
	e.loadFixture(tb)
	opts.PublicURL = public
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.PDF == nil { // the browser tests' Chromium prints PDFs too
		opts.PDF = pdf.New(pdf.Config{Path: os.Getenv("HAIZHI_CHROMIUM")})
	}
	if opts.Ready == nil {
		opts.Ready = func(ctx context.Context) error { return db.Ping(ctx) }
	}
	e.Web, err = web.New(e.Services, sqldb.NewSessionStore(db), opts)
	if err != nil {
		tb.Fatal(err)
	}
	ts.Config.Handler = e.Web
	ts.Start()
	tb.Cleanup(ts.Close)
	e.Server = ts
	return e
}

func (e *Env) loadFixture(tb testing.TB) {
	tb.Helper()
	ctx := Sys()
	units := []struct {
		name, code, parent string
		kind               haizhi.UnitKind
	}{
		{"city", "fixture-city", "", haizhi.UnitCity},
		{"district", "fixture-district", "city", haizhi.UnitDistrict},
		{"park", "fixture-park", "district", haizhi.UnitPark},
		{"district2", "fixture-district2", "city", haizhi.UnitDistrict},
	}
	for _, u := range units {
		ou := &haizhi.OrgUnit{Kind: u.kind, Code: u.code, NameZH: u.name + "单位", NameEN: u.name + " unit"}
		if u.parent != "" {
			ou.ParentID = e.Units[u.parent].ID
		}
		if err := e.Services.Units.CreateUnit(ctx, ou); err != nil {
			tb.Fatalf("fixture unit %s: %v", u.name, err)
		}
		e.Units[u.name] = ou
	}
	add := func(name string, role haizhi.Role, unit string) {
		u, err := e.Services.Users.CreateUser(ctx, haizhi.NewUser{Email: name + "@fixture.test", Name: name, Locale: haizhi.LocaleZH,
			Password: Password, Role: role, UnitID: e.Units[unit].ID})
		if err != nil {
			tb.Fatalf("fixture user %s: %v", name, err)
		}
		e.Users[name] = u
	}
	for _, r := range haizhi.Roles() {
		add(string(r), r, "city")
	}
	add("district_operator", haizhi.RoleOperator, "district")
	add("district_admin", haizhi.RoleAdmin, "district")
}

// Client returns an HTTP client with a cookie jar that does not follow redirects.
func (e *Env) Client(tb testing.TB) *http.Client {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Login returns a client signed in as the fixture user name.
func (e *Env) Login(tb testing.TB, name string) *http.Client {
	tb.Helper()
	c := e.Client(tb)
	res := e.PostForm(tb, c, "/login", url.Values{"email": {name + "@fixture.test"}, "password": {Password}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("login %s: status %d", name, res.StatusCode)
	}
	return c
}

// Get requests path with c.
func (e *Env) Get(tb testing.TB, c *http.Client, path string) *http.Response {
	tb.Helper()
	res, err := c.Get(e.Server.URL + path)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// PostForm posts a form to path with c, as a same-origin browser would.
func (e *Env) PostForm(tb testing.TB, c *http.Client, path string, form url.Values) *http.Response {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, e.Server.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", e.Server.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// File is a file to send with PostMultipart.
type File struct {
	Field, Name string
	Content     []byte
}

// PostMultipart posts a multipart form with files to path with c, as a same-origin
// browser would.
func (e *Env) PostMultipart(tb testing.TB, c *http.Client, path string, form url.Values, files ...File) *http.Response {
	tb.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				tb.Fatal(err)
			}
		}
	}
	for _, f := range files {
		fw, err := w.CreateFormFile(f.Field, f.Name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := fw.Write(f.Content); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, e.Server.URL+path, &buf)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", e.Server.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// Body reads and closes a response body.
func Body(tb testing.TB, res *http.Response) string {
	tb.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
