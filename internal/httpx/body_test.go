package httpx_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/httpx"
)

// readAll is a handler that reads the whole body and answers 413 when it is too large.
// It sets *called and, when chunked is not nil, whether the body came chunked.
func readAll(called *bool, chunked *bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		*called = true
		if chunked != nil {
			*chunked = len(r.TransferEncoding) > 0 && r.TransferEncoding[0] == "chunked"
		}
		b, err := io.ReadAll(r.Body)
		if httpx.IsTooLarge(err) {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		} else if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "read %d", len(b))
	}
}

// onlyReader hides the type of its reader, so that the client cannot learn the length and
// sends the body chunked.
type onlyReader struct{ io.Reader }

func TestMaxBody(t *testing.T) {
	const limit = 10
	tests := []struct {
		name       string
		body       string
		chunked    bool
		wantStatus int
		wantCalled bool
	}{
		{"under the limit", "12345", false, 200, true},
		{"at the limit", "1234567890", false, 200, true},
		{"content-length over the limit", "12345678901", false, 413, false},
		{"chunked under the limit", "12345", true, 200, true},
		{"chunked over the limit", strings.Repeat("x", 100), true, 413, true},
		{"empty", "", false, 200, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var called, gotChunked bool
			srv := httptest.NewServer(httpx.MaxBody(limit)(readAll(&called, &gotChunked)))
			defer srv.Close()
			var body io.Reader = strings.NewReader(tt.body)
			if tt.chunked {
				body = onlyReader{body}
			}
			req, err := http.NewRequest("POST", srv.URL, body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.chunked {
				req.ContentLength = -1 // unknown: the transport sends it chunked
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if called && gotChunked != tt.chunked {
				t.Errorf("body chunked = %v, want %v", gotChunked, tt.chunked)
			}
			if resp.StatusCode != tt.wantStatus {
				b, _ := io.ReadAll(resp.Body)
				t.Errorf("status = %d (%s), want %d", resp.StatusCode, b, tt.wantStatus)
			}
			if called != tt.wantCalled {
				t.Errorf("handler called = %v, want %v", called, tt.wantCalled)
			}
		})
	}
}

func TestMaxBodyDisabled(t *testing.T) {
	var called bool
	rec := httptest.NewRecorder()
	httpx.MaxBody(0)(readAll(&called, nil)).ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 1000))))
	if rec.Code != 200 || rec.Body.String() != "read 1000" {
		t.Errorf("got %d %q, want 200 read 1000", rec.Code, rec.Body)
	}
}

func TestIsTooLarge(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("boom"), false},
		{&http.MaxBytesError{Limit: 1}, true},
		{fmt.Errorf("read: %w", &http.MaxBytesError{Limit: 1}), true},
		{&haizhi.Error{Code: haizhi.ETOOLARGE}, true},
		{haizhi.Invalid(nil), false},
	}
	for _, tt := range tests {
		if got := httpx.IsTooLarge(tt.err); got != tt.want {
			t.Errorf("IsTooLarge(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
