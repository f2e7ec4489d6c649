package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/demo"
)

// node is one running `haizhi` process, in-process.
type node struct {
	addr   string
	cancel context.CancelFunc
	done   chan int
	out    *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs Main with args and environment and waits until it listens.
func start(t *testing.T, envVars map[string]string, args ...string) *node {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	n := &node{cancel: cancel, done: make(chan int, 1), out: &syncBuffer{}}
	ready := make(chan string, 1)
	e := &env{stdout: n.out, stderr: n.out, getenv: func(k string) string { return envVars[k] }, ready: func(a string) { ready <- a }}
	go func() { n.done <- mainEnv(ctx, args, e) }()
	select {
	case n.addr = <-ready:
	case code := <-n.done:
		t.Fatalf("haizhi %v exited with %d:\n%s", args, code, n.out)
	case <-time.After(60 * time.Second):
		t.Fatalf("haizhi %v did not start:\n%s", args, n.out)
	}
	t.Cleanup(func() { n.stop(t) })
	return n
}

func (n *node) stop(t *testing.T) int {
	n.cancel()
	select {
	case code := <-n.done:
		n.done <- code
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop")
	}
	return -1
}

func (n *node) url(p string) string { return "http://" + n.addr + p }

// signIn posts the login form to n as a browser does, naming the page's origin (which
// cross-origin protection requires), and expects the redirect to /home. It returns a
// client that holds the session cookie and does not follow redirects.
func signIn(t *testing.T, n *node, email, password string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"email": {email}, "password": {password}}
	req, err := http.NewRequest(http.MethodPost, n.url("/login"), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://"+n.addr)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/home" {
		t.Fatalf("sign in as %s: %d to %q\n%s", email, res.StatusCode, res.Header.Get("Location"), body)
	}
	return c
}

// run runs a command to completion and returns its exit code and output.
func run(t *testing.T, envVars map[string]string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	code := Main(context.Background(), args, &out, &out, func(k string) string { return envVars[k] })
	return code, out.String()
}

func TestServeHealthAndGracefulStop(t *testing.T) {
	dir := t.TempDir()
	n := start(t, nil, "serve", "--addr", "127.0.0.1:0", "--data-dir", dir)
	for _, p := range []string{"/healthz", "/readyz", "/metrics", "/"} {
		res, err := http.Get(n.url(p))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", p, res.StatusCode, body)
		}
		if p == "/metrics" {
			for _, want := range []string{`http_requests_total{code="200",method="GET",route="GET /healthz"}`,
				`go_sql_open_connections{db_name="haizhi"}`, `go_sql_open_connections{db_name="haizhi_read"}`, "http_request_duration_seconds_bucket"} {
				if !strings.Contains(string(body), want) {
					t.Fatalf("metrics lack %s:\n%s", want, body)
				}
			}
		}
	}
	// Attachments go to blobs/ in the data directory; /readyz notices when it is gone.
	if fi, err := os.Stat(filepath.Join(dir, "blobs")); err != nil || !fi.IsDir() {
		t.Fatalf("no attachment directory: %v", err)
	}
	if err := os.Remove(filepath.Join(dir, "blobs")); err != nil {
		t.Fatal(err)
	}
	if res, err := http.Get(n.url("/readyz")); err != nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz without the attachment directory: %v %v", res, err)
	}
	if code := n.stop(t); code != 0 {
		t.Fatalf("exit %d:\n%s", code, n.out)
	}
}

// An S3 store that cannot be reached leaves the node up but not ready, so a load balancer
// keeps traffic away; a malformed endpoint stops the start with one line.
func TestS3AttachmentsReadiness(t *testing.T) {
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := dead.Addr().String()
	dead.Close()
	envVars := map[string]string{"HAIZHI_S3_ENDPOINT": addr, "HAIZHI_S3_USE_SSL": "false", "HAIZHI_S3_BUCKET": "haizhi", "HAIZHI_S3_REGION": "us-east-1"}
	n := start(t, envVars, "serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir())
	res, err := http.Get(n.url("/readyz"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz with an unreachable S3 store: %d", res.StatusCode)
	}
	envVars["HAIZHI_S3_ENDPOINT"] = "http://" + addr
	code, out := run(t, envVars, "serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir())
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 1 || !strings.Contains(lines[len(lines)-1], "HAIZHI_S3_ENDPOINT") {
		t.Fatalf("malformed S3 endpoint: exit %d\n%s", code, out)
	}
}

func TestStartupFaultsAreOneLine(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"malformed database URL", map[string]string{"HAIZHI_DATABASE_URL": "mysql://root@localhost/x"}, []string{"serve"}, "HAIZHI_DATABASE_URL"},
		{"unreachable database", map[string]string{"HAIZHI_DATABASE_URL": "postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=2"}, []string{"serve"}, "cannot reach the postgres database"},
		{"port in use", nil, []string{"serve", "--addr", busy.Addr().String(), "--data-dir", t.TempDir()}, "cannot listen on " + busy.Addr().String()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out := run(t, c.env, c.args...)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if code != 1 || !strings.Contains(out, c.want) {
				t.Fatalf("exit %d, output:\n%s", code, out)
			}
			// Logs may precede it; the error itself is the last line, and alone.
			if last := lines[len(lines)-1]; !strings.HasPrefix(last, "haizhi serve: ") || !strings.Contains(last, c.want) {
				t.Fatalf("last line %q", last)
			}
		})
	}
	if code, _ := run(t, nil, "bogus"); code != 2 {
		t.Fatalf("unknown command exit %d", code)
	}
	if code, out := run(t, nil, "serve", "--help"); code != 0 || !strings.Contains(out, "-database-url") {
		t.Fatalf("serve --help: %d\n%s", code, out)
	}
}

func TestToolsOnSQLite(t *testing.T) {
	dir := t.TempDir()
	envVars := map[string]string{"HAIZHI_DATA_DIR": dir}
	if code, out := run(t, envVars, "migrate", "up"); code != 0 || !strings.Contains(out, "applied") {
		t.Fatalf("migrate up: %d %s", code, out)
	}
	if code, out := run(t, envVars, "migrate", "status"); code != 0 || strings.Contains(out, "pending") {
		t.Fatalf("migrate status: %d %s", code, out)
	}
	// No unit yet: a clear error.
	if code, out := run(t, envVars, "user", "add", "--email", "a@x.org", "--name", "A", "--role", "admin", "--unit", "nowhere"); code != 1 || !strings.Contains(out, `--unit "nowhere"`) {
		t.Fatalf("user add to missing unit: %d %s", code, out)
	}
	// A fresh installation: its root unit, a district below it, then its first admin.
	if code, out := run(t, envVars, "unit", "add", "--code", "nanning", "--kind", "city", "--name-zh", "南宁市", "--name-en", "Nanning"); code != 0 || !strings.Contains(out, "/1/") {
		t.Fatalf("unit add root: %d %s", code, out)
	}
	if code, out := run(t, envVars, "unit", "add", "--code", "gongshu", "--kind", "district", "--name-zh", "某区", "--parent", "nanning"); code != 0 {
		t.Fatalf("unit add child: %d %s", code, out)
	}
	if code, out := run(t, envVars, "unit", "add", "--code", "gongshu", "--kind", "district", "--name-zh", "重复", "--parent", "nanning"); code != 1 || !strings.Contains(out, "code") {
		t.Fatalf("duplicate unit code: %d %s", code, out)
	}
	if code, out := run(t, envVars, "unit", "add", "--code", "Bad Code!", "--kind", "galaxy", "--parent", "nanning"); code != 1 || !strings.Contains(out, "kind") {
		t.Fatalf("invalid unit: %d %s", code, out)
	}
	code, out := run(t, envVars, "user", "add", "--email", "New.Admin@Example.org", "--name", "新管理员", "--role", "admin", "--unit", "gongshu", "--password", "long-enough-pw")
	if code != 0 || !strings.Contains(out, "new.admin@example.org") {
		t.Fatalf("user add: %d %s", code, out)
	}
	if code, out := run(t, envVars, "user", "add", "--email", "new.admin@example.org", "--name", "x", "--role", "admin", "--unit", "gongshu"); code != 1 || !strings.Contains(out, "email") {
		t.Fatalf("duplicate user add: %d %s", code, out)
	}
	if code, out := run(t, envVars, "user", "add", "--email", "x@example.org", "--name", "x", "--role", "king", "--unit", "gongshu"); code != 1 || !strings.Contains(out, "--role") {
		t.Fatalf("bad role: %d %s", code, out)
	}
	if code, out := run(t, envVars, "audit", "verify"); code != 0 || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify: %d %s", code, out)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if code, out := run(t, envVars, "backup", "--to", backup); code != 0 {
		t.Fatalf("backup: %d %s", code, out)
	}
	if code, out := run(t, map[string]string{"HAIZHI_DATABASE_URL": "sqlite://" + backup}, "audit", "verify"); code != 0 || !strings.Contains(out, "intact") {
		t.Fatalf("verify backup: %d %s", code, out)
	}
	if code, _ := run(t, envVars, "backup", "--to", backup); code != 1 {
		t.Fatal("backup over an existing file must fail")
	}

	// Edit a row behind the application's back: verify names it.
	db, err := sql.Open("sqlite", filepath.Join(dir, "haizhi.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE audit_events SET summary = '{"code":"forged"}' WHERE id = 3`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, out := run(t, envVars, "audit", "verify"); code != 1 || !strings.Contains(out, "BROKEN at event 3") {
		t.Fatalf("tampered chain: %d %s", code, out)
	}
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	n := start(t, map[string]string{"HAIZHI_DATA_DIR": dir}, "demo", "--addr", "127.0.0.1:0")
	for _, l := range demo.Logins() {
		if !strings.Contains(n.out.String(), l.Email) {
			t.Errorf("banner lacks %s:\n%s", l.Email, n.out)
		}
	}
	// The competition final is the oldest report, so it is found by search, not on page one.
	res, err := http.Get(n.url("/news?q=" + url.QueryEscape("大赛决赛")))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "未来科技城举办") {
		t.Fatalf("demo news lacks the competition report:\n%s", body)
	}
	// Every login the banner prints works, and lands on the home page of its role.
	for _, l := range demo.Logins() {
		t.Run(string(l.Role), func(t *testing.T) {
			c := signIn(t, n, l.Email, demo.Password)
			res, err := c.Get(n.url("/home"))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `data-role="`+string(l.Role)+`"`) {
				t.Fatalf("GET /home as %s: %d, no %s card:\n%s", l.Email, res.StatusCode, l.Role, body)
			}
		})
	}
	n.stop(t)
	// A second start on the same data directory keeps the data and does not reload.
	n2 := start(t, map[string]string{"HAIZHI_DATA_DIR": dir}, "demo", "--addr", "127.0.0.1:0")
	if strings.Contains(n2.out.String(), "Loading the demo") {
		t.Fatal("demo loaded twice")
	}
}

// On PostgreSQL, backup points to pg_dump and writes nothing.
func TestBackupOnPostgres(t *testing.T) {
	envVars := map[string]string{"HAIZHI_DATABASE_URL": apptest.MustDSN(t, "postgres")}
	if code, out := run(t, envVars, "migrate", "up"); code != 0 {
		t.Fatalf("migrate: %s", out)
	}
	to := filepath.Join(t.TempDir(), "backup.db")
	code, out := run(t, envVars, "backup", "--to", to)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; code != 1 || !strings.HasPrefix(last, "haizhi backup: ") || !strings.Contains(last, "pg_dump") {
		t.Fatalf("backup on PostgreSQL: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(to); !os.IsNotExist(err) {
		t.Fatalf("backup on PostgreSQL left %s: %v", to, err)
	}
}

// TestTwoNodesOnPostgres starts two servers on one PostgreSQL database: a session made
// on one works on the other, and the hourly periodic job is claimed once, not twice.
func TestTwoNodesOnPostgres(t *testing.T) {
	dsn := apptest.MustDSN(t, "postgres")
	envVars := map[string]string{"HAIZHI_DATABASE_URL": dsn}
	if code, out := run(t, envVars, "migrate", "up"); code != 0 {
		t.Fatalf("migrate: %s", out)
	}
	a := start(t, envVars, "demo", "--addr", "127.0.0.1:0")
	b := start(t, envVars, "serve", "--addr", "127.0.0.1:0")

	c := signIn(t, a, "admin@demo.haizhi.org", demo.Password)
	ua, _ := url.Parse(a.url("/"))
	ub, _ := url.Parse(b.url("/"))
	c.Jar.SetCookies(ub, c.Jar.Cookies(ua))
	res, err := c.Get(b.url("/admin/users"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("session from node A on node B: %d", res.StatusCode)
	}

	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(10 * time.Second)
	var claims int
	for time.Now().Before(deadline) {
		if err := db.QueryRow(`SELECT COUNT(*) FROM periodic_runs WHERE name = 'housekeeping'`).Scan(&claims); err != nil {
			t.Fatal(err)
		}
		if claims > 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // both nodes have ticked by now
	if err := db.QueryRow(`SELECT COUNT(*) FROM periodic_runs WHERE name = 'housekeeping'`).Scan(&claims); err != nil {
		t.Fatal(err)
	}
	if claims != 1 {
		t.Fatalf("housekeeping claimed %d times in one hour slot by two nodes", claims)
	}
}
