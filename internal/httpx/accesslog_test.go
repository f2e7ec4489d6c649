package httpx_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi/internal/httpx"
)

func testMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /entries/{id}", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "entry "+r.PathValue("id"))
	})
	mux.HandleFunc("POST /entries", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})
	mux.HandleFunc("GET /fail", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	return mux
}

func TestAccessLog(t *testing.T) {
	tests := []struct {
		method, path string
		wantRoute    string
		wantPath     string
		wantStatus   float64
		wantBytes    float64
		wantLevel    string
	}{
		{"GET", "/entries/42", "GET /entries/{id}", "", 200, 8, "INFO"},
		{"POST", "/entries", "POST /entries", "", 201, 0, "INFO"},
		{"GET", "/nowhere", "", "/nowhere", 404, 19, "INFO"},
		{"DELETE", "/entries/42", "", "/entries/42", 405, 19, "INFO"},
		{"GET", "/fail", "GET /fail", "", 503, 5, "WARN"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			logger, logs := MustLogger(t)
			// The recommended order: context-adding middleware outside, AccessLog next to
			// the mux, so that the mux sets Pattern on the very request AccessLog holds.
			h := httpx.Chain(testMux(), httpx.RequestID, httpx.ClientIP(httpx.IPResolver{}), httpx.AccessLog(logger))
			req := httptest.NewRequest(tt.method, tt.path, nil)
			req.RemoteAddr = "192.0.2.1:999"
			req.Header.Set("X-Request-Id", "rid")
			h.ServeHTTP(httptest.NewRecorder(), req)
			lines := logs.lines(t)
			if len(lines) != 1 {
				t.Fatalf("logged %d lines, want 1", len(lines))
			}
			l := lines[0]
			check := map[string]any{
				"msg": "request", "level": tt.wantLevel, "method": tt.method,
				"status": tt.wantStatus, "bytes": tt.wantBytes, "request_id": "rid", "ip": "192.0.2.1",
			}
			if tt.wantRoute != "" {
				check["route"] = tt.wantRoute
			} else {
				check["path"] = tt.wantPath
			}
			for k, v := range check {
				if l[k] != v {
					t.Errorf("%s = %v, want %v (line %v)", k, l[k], v, l)
				}
			}
			if tt.wantRoute != "" && l["path"] != nil {
				t.Errorf("matched request logged its path %v; only the route should be logged", l["path"])
			}
			if _, ok := l["duration"].(float64); !ok {
				t.Errorf("duration missing: %v", l)
			}
		})
	}
}

// TestAccessLogPatternNeedsSamePointer documents why the order matters: a middleware that
// replaces the request between AccessLog and the mux hides the pattern from AccessLog,
// which then logs the path.
func TestAccessLogPatternNeedsSamePointer(t *testing.T) {
	withContext := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), struct{}{}, 1)))
		})
	}
	logger, logs := MustLogger(t)
	h := httpx.Chain(testMux(), httpx.AccessLog(logger), withContext)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/entries/7", nil))
	l := logs.lines(t)[0]
	if l["route"] != nil || l["path"] != "/entries/7" {
		t.Errorf("with a request-replacing middleware inside: route %v path %v; want no route and the path", l["route"], l["path"])
	}
}

// TestAccessLogKeepsFlushAndController checks that the recording writer lets handlers
// stream: Flush through the http.Flusher assertion and through http.ResponseController,
// and SetWriteDeadline, which ResponseController reaches only by Unwrap.
func TestAccessLogKeepsFlushAndController(t *testing.T) {
	logger, logs := MustLogger(t)
	var flusherOK bool
	var deadlineErr error
	release := make(chan struct{})
	h := httpx.AccessLog(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, flusherOK = w.(http.Flusher)
		rc := http.NewResponseController(w)
		deadlineErr = rc.SetWriteDeadline(time.Now().Add(time.Minute))
		io.WriteString(w, "first\n")
		if err := rc.Flush(); err != nil {
			t.Errorf("Flush: %v", err)
		}
		<-release
		io.WriteString(w, "second\n")
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	// The first line arrives while the handler still waits: it was flushed.
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	close(release)
	if err != nil || line != "first\n" {
		t.Fatalf("first line = %q, %v", line, err)
	}
	if !flusherOK {
		t.Error("writer is not an http.Flusher")
	}
	if deadlineErr != nil {
		t.Errorf("SetWriteDeadline through ResponseController: %v", deadlineErr)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	srv.Close() // waits for the handler, and so for the log line
	if l := logs.lines(t); len(l) != 1 || l[0]["bytes"] != float64(13) {
		t.Errorf("log = %v, want one line with 13 bytes", l)
	}
}

// TestAccessLogReadFrom checks that io.Copy into the writer (as http.ServeContent does) is
// counted.
func TestAccessLogReadFrom(t *testing.T) {
	logger, logs := MustLogger(t)
	h := httpx.AccessLog(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(w, strings.NewReader(strings.Repeat("z", 5000)))
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Body.Len() != 5000 {
		t.Fatalf("body %d bytes, want 5000", rec.Body.Len())
	}
	if l := logs.lines(t)[0]; l["bytes"] != float64(5000) || l["status"] != float64(200) {
		t.Errorf("log = %v, want 5000 bytes, status 200", l)
	}
}

func TestAccessLogRecordsInformationalThenFinal(t *testing.T) {
	logger, logs := MustLogger(t)
	h := httpx.AccessLog(logger)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</static/app.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusNoContent)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if l := logs.lines(t)[0]; l["status"] != float64(204) {
		t.Errorf("status = %v, want 204 (not the 103)", l["status"])
	}
}

func TestChainOrder(t *testing.T) {
	var order []string
	mw := func(name string) httpx.Middleware {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	h := httpx.Chain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { order = append(order, "handler") }),
		mw("a"), mw("b"), mw("c"))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if got := strings.Join(order, ","); got != "a,b,c,handler" {
		t.Errorf("order = %s, want a,b,c,handler", got)
	}
	if got := httpx.Chain(http.NotFoundHandler()); got == nil {
		t.Error("Chain with no middleware returned nil")
	}
}
