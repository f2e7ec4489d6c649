package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/httpx"
)

func TestSecurityHeaders(t *testing.T) {
	const docsCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
	tests := []struct {
		name     string
		opts     httpx.SecurityOptions
		handler  http.HandlerFunc
		wantCSP  string
		wantHSTS string
	}{
		{"defaults", httpx.SecurityOptions{}, nil, httpx.DefaultCSP, ""},
		{"hsts", httpx.SecurityOptions{HSTS: true}, nil, httpx.DefaultCSP, "max-age=31536000"},
		{"custom default", httpx.SecurityOptions{CSP: "default-src 'none'"}, nil, "default-src 'none'", ""},
		{"page override", httpx.SecurityOptions{}, func(w http.ResponseWriter, r *http.Request) {
			httpx.WithCSP(w, docsCSP)
			w.Write([]byte("docs"))
		}, docsCSP, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.handler
			if h == nil {
				h = func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }
			}
			rec := httptest.NewRecorder()
			httpx.SecurityHeaders(tt.opts)(h).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
			got := rec.Result().Header
			want := map[string]string{
				"Content-Security-Policy":    tt.wantCSP,
				"X-Content-Type-Options":     "nosniff",
				"Referrer-Policy":            "strict-origin-when-cross-origin",
				"X-Frame-Options":            "DENY",
				"Permissions-Policy":         "camera=(), microphone=(), geolocation=()",
				"Cross-Origin-Opener-Policy": "same-origin",
				"Strict-Transport-Security":  tt.wantHSTS,
			}
			for k, v := range want {
				if got.Get(k) != v {
					t.Errorf("%s = %q, want %q", k, got.Get(k), v)
				}
			}
		})
	}
}

func TestDefaultCSPForbidsInline(t *testing.T) {
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "*", "http:"} {
		if strings.Contains(httpx.DefaultCSP, bad) {
			t.Errorf("DefaultCSP contains %q", bad)
		}
	}
	for _, need := range []string{"object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "img-src 'self' data:"} {
		if !strings.Contains(httpx.DefaultCSP, need) {
			t.Errorf("DefaultCSP lacks %q", need)
		}
	}
}
