package httpx_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/httpx"
)

func TestRecover(t *testing.T) {
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		wantStatus int
		wantBody   string
		wantLog    bool
		wantPanic  any
	}{
		{
			name:       "no panic",
			handler:    func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("fine")) },
			wantStatus: 200, wantBody: "fine",
		},
		{
			name:       "panic before writing",
			handler:    func(w http.ResponseWriter, r *http.Request) { panic("boom") },
			wantStatus: 500, wantBody: "Internal Server Error\n", wantLog: true,
		},
		{
			name:       "panic with an error value",
			handler:    func(w http.ResponseWriter, r *http.Request) { panic(errors.New("kaboom")) },
			wantStatus: 500, wantBody: "Internal Server Error\n", wantLog: true,
		},
		{
			name: "panic after writing aborts",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusAccepted)
				w.Write([]byte("partial"))
				panic("late")
			},
			wantStatus: 202, wantBody: "partial", wantLog: true, wantPanic: http.ErrAbortHandler,
		},
		{
			name:       "ErrAbortHandler passes through",
			handler:    func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) },
			wantStatus: 200, wantPanic: http.ErrAbortHandler,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := MustLogger(t)
			h := httpx.RequestID(httpx.Recover(logger)(tt.handler))
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", "/x", nil)
			req.Header.Set("X-Request-Id", "req-1")
			var panicked any
			func() {
				defer func() { panicked = recover() }()
				h.ServeHTTP(rec, req)
			}()
			if panicked != tt.wantPanic {
				t.Errorf("panic = %v, want %v", panicked, tt.wantPanic)
			}
			if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
				t.Errorf("response = %d %q, want %d %q", rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
			}
			lines := logs.lines(t)
			if !tt.wantLog {
				if len(lines) != 0 {
					t.Errorf("logged %v, want nothing", lines)
				}
				return
			}
			if len(lines) != 1 {
				t.Fatalf("logged %d lines, want 1", len(lines))
			}
			l := lines[0]
			if l["level"] != "ERROR" || l["request_id"] != "req-1" || l["path"] != "/x" {
				t.Errorf("log = %v, want ERROR with request_id req-1 and path /x", l)
			}
			if stack, _ := l["stack"].(string); !strings.Contains(stack, "recover_test.go") {
				t.Errorf("stack does not name the panicking file:\n%s", stack)
			}
		})
	}
}

// TestRecoverRealServer checks the whole path on a real server: a panic becomes a 500 and
// the server keeps serving.
func TestRecoverRealServer(t *testing.T) {
	logger, _ := MustLogger(t)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /panic", func(http.ResponseWriter, *http.Request) { panic("boom") })
	mux.HandleFunc("GET /ok", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	srv := httptest.NewServer(httpx.Recover(logger)(mux))
	defer srv.Close()
	for _, c := range []struct {
		path   string
		status int
	}{{"/panic", 500}, {"/ok", 200}, {"/panic", 500}, {"/ok", 200}} {
		resp, err := srv.Client().Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("GET %s = %d, want %d", c.path, resp.StatusCode, c.status)
		}
	}
}
