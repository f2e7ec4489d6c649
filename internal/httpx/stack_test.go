package httpx_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/haizhi-dev/haizhi/internal/httpx"
)

// TestRecommendedStack runs the order given in the package documentation on a real server
// and checks that every piece sees what it needs: the route pattern reaches AccessLog and
// Metrics, a panic is logged and counted as a 500 of its route, bodies are limited, and
// the request id and client address reach the log.
func TestRecommendedStack(t *testing.T) {
	logger, logs := MustLogger(t)
	reg := prometheus.NewRegistry()
	metrics := httpx.NewMetrics(reg)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /entries/{id}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("boom") })
	mux.HandleFunc("POST /upload", func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); httpx.IsTooLarge(err) {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
		}
	})
	h := httpx.Chain(mux,
		httpx.RequestID,
		httpx.ClientIP(httpx.IPResolver{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}),
		httpx.SecurityHeaders(httpx.SecurityOptions{HSTS: true}),
		httpx.AccessLog(logger),
		metrics.Middleware,
		httpx.Recover(logger),
		httpx.MaxBody(16),
	)
	srv := httptest.NewServer(h)
	defer srv.Close()

	do := func(method, path, body string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("X-Forwarded-For", "198.51.100.4")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := do("GET", "/entries/5", ""); resp.StatusCode != 200 || resp.Header.Get("Strict-Transport-Security") == "" || resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("GET /entries/5: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := do("GET", "/boom", ""); resp.StatusCode != 500 {
		t.Errorf("GET /boom: %d, want 500", resp.StatusCode)
	}
	if resp := do("POST", "/upload", strings.Repeat("x", 17)); resp.StatusCode != 413 {
		t.Errorf("POST /upload: %d, want 413", resp.StatusCode)
	}
	srv.Close()

	got := series(t, reg, "http_requests_total")
	for _, k := range []string{
		"code=200,method=GET,route=GET /entries/{id}",
		"code=500,method=GET,route=GET /boom",
		"code=413,method=POST,route=unmatched", // refused by MaxBody before routing
	} {
		if got[k] != 1 {
			t.Errorf("http_requests_total{%s} = %v, want 1 (all: %v)", k, got[k], got)
		}
	}
	var accessLines, panicLines int
	for _, l := range logs.lines(t) {
		if l["ip"] != "198.51.100.4" || l["request_id"] == nil {
			t.Errorf("line lacks ip or request id: %v", l)
		}
		switch l["msg"] {
		case "request":
			accessLines++
			if l["route"] == "GET /boom" && l["status"] != float64(500) {
				t.Errorf("panic logged with status %v, want 500", l["status"])
			}
		case "panic serving request":
			panicLines++
		}
	}
	if accessLines != 3 || panicLines != 1 {
		t.Errorf("%d access lines and %d panic lines, want 3 and 1", accessLines, panicLines)
	}
}
