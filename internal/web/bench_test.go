package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// benchEnv is a server with the demo data set loaded, on SQLite.
func benchEnv(b *testing.B) *apptest.Env {
	b.Helper()
	return apptest.NewDemoEnv(b, "sqlite", web.Options{})
}

// benchPage serves path through the whole handler stack (middleware, sessions, the
// database) in parallel, without the network.
func benchPage(b *testing.B, env *apptest.Env, path, cookie string) {
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			if cookie != "" {
				req.Header.Set("Cookie", cookie)
			}
			w := httptest.NewRecorder()
			env.Web.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Fatalf("GET %s: %d", path, w.Code)
			}
			_, _ = io.Copy(io.Discard, w.Body)
		}
	})
}

// BenchmarkPortalHome is the public front page: latest news and policies and the figures.
func BenchmarkPortalHome(b *testing.B) {
	benchPage(b, benchEnv(b), "/", "")
}

// BenchmarkOperatorHome is a signed-in page: session, user and grants, and the operator's
// counts.
func BenchmarkOperatorHome(b *testing.B) {
	env := benchEnv(b)
	c := env.Login(b, "operator")
	var cookie string
	for _, ck := range c.Jar.Cookies(mustURL(b, env.Server.URL)) {
		cookie = ck.Name + "=" + ck.Value
	}
	benchPage(b, env, "/home", cookie)
}

func mustURL(b *testing.B, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		b.Fatal(err)
	}
	return u
}
