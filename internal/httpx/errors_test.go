package httpx_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/httpx"
)

func TestStatusOf(t *testing.T) {
	tests := []struct {
		code string
		want int
	}{
		{haizhi.EINVALID, 400},
		{haizhi.EUNAUTHORIZED, 401},
		{haizhi.EFORBIDDEN, 403},
		{haizhi.ENOTFOUND, 404},
		{haizhi.ECONFLICT, 409},
		{haizhi.ETOOLARGE, 413},
		{haizhi.ETOOMANY, 429},
		{haizhi.EINTERNAL, 500},
		{haizhi.EUNAVAILABLE, 503},
		{"", 500},
		{"something_new", 500},
	}
	for _, tt := range tests {
		if got := httpx.StatusOf(tt.code); got != tt.want {
			t.Errorf("StatusOf(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

func TestLogIfInternal(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain error", errors.New("disk on fire"), true},
		{"wrapped plain error", fmt.Errorf("save entry: %w", errors.New("disk on fire")), true},
		{"haizhi internal", haizhi.Errorf(haizhi.EINTERNAL, "error.internal", "bad state"), true},
		{"not found", haizhi.NotFound("entry"), false},
		{"invalid", haizhi.Invalid(map[string]string{"email": "error.required"}), false},
		{"forbidden wrapped", fmt.Errorf("x: %w", haizhi.ErrForbidden), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := MustLogger(t)
			var req *http.Request
			httpx.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { req = r })).
				ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
			httpx.LogIfInternal(logger, req, tt.err)
			lines := logs.lines(t)
			if got := len(lines) == 1; got != tt.want {
				t.Fatalf("logged %v, want logged = %v", lines, tt.want)
			}
			if tt.want && (lines[0]["request_id"] == "" || lines[0]["request_id"] == nil || lines[0]["err"] != tt.err.Error()) {
				t.Errorf("log = %v, want request_id and err", lines[0])
			}
		})
	}
}

func TestWriteJSONError(t *testing.T) {
	catalogue := map[string]string{
		"error.invalid":     "部分字段无效。",
		"error.required":    "必填。",
		"error.not_found":   "未找到。",
		"error.internal":    "内部错误。",
		"error.forbidden":   "", // an empty translation falls back to English
		"error.email_taken": "error.email_taken",
	}
	zh := func(key string) string { return catalogue[key] }
	type body struct {
		Error struct {
			Code      string            `json:"code"`
			Message   string            `json:"message"`
			Fields    map[string]string `json:"fields"`
			RequestID string            `json:"request_id"`
		} `json:"error"`
	}
	tests := []struct {
		name       string
		err        error
		translate  func(string) string
		wantStatus int
		wantCode   string
		wantMsg    string
		wantFields map[string]string
	}{
		{"invalid translated", haizhi.Invalid(map[string]string{"email": "error.required", "name": "error.unknown_key"}), zh,
			400, "invalid", "部分字段无效。", map[string]string{"email": "必填。", "name": "error.unknown_key"}},
		{"invalid without translator", haizhi.Invalid(map[string]string{"email": "error.required"}), nil,
			400, "invalid", "Some fields are not valid.", map[string]string{"email": "error.required"}},
		{"not found", haizhi.NotFound("Entry"), zh, 404, "not_found", "未找到。", nil},
		{"empty translation falls back", haizhi.ErrForbidden, zh, 403, "forbidden", "You do not have permission to do this.", nil},
		{"key echoed falls back", haizhi.Errorf(haizhi.ECONFLICT, "error.email_taken", "That email is taken."), zh, 409, "conflict", "That email is taken.", nil},
		{"plain error hides detail", errors.New("pq: password authentication failed for user admin"), nil, 500, "internal", "Internal error.", nil},
		{"internal haizhi error hides detail", &haizhi.Error{Code: haizhi.EINTERNAL, Key: "error.secret", Message: "table users is corrupt", Fields: map[string]string{"x": "y"}}, zh,
			500, "internal", "内部错误。", nil},
		{"too large", &haizhi.Error{Code: haizhi.ETOOLARGE, Key: "error.too_large", Message: "Too big."}, nil, 413, "too_large", "Too big.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("POST", "/api/v1/x", nil)
			req.Header.Set("X-Request-Id", "rid-9")
			httpx.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				httpx.WriteJSONError(w, r, tt.err, tt.translate)
			})).ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			var b body
			if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
				t.Fatalf("body %q: %v", rec.Body, err)
			}
			e := b.Error
			if e.Code != tt.wantCode || e.Message != tt.wantMsg || e.RequestID != "rid-9" {
				t.Errorf("error = %+v, want code %q message %q request_id rid-9", e, tt.wantCode, tt.wantMsg)
			}
			if len(e.Fields) != len(tt.wantFields) {
				t.Errorf("fields = %v, want %v", e.Fields, tt.wantFields)
			}
			for k, v := range tt.wantFields {
				if e.Fields[k] != v {
					t.Errorf("fields[%s] = %q, want %q", k, e.Fields[k], v)
				}
			}
			if strings.Contains(rec.Body.String(), "password") || strings.Contains(rec.Body.String(), "corrupt") {
				t.Errorf("internal detail leaked: %s", rec.Body)
			}
		})
	}
}

func TestWriteJSON(t *testing.T) {
	rec := httptest.NewRecorder()
	if err := httpx.WriteJSON(rec, http.StatusCreated, map[string]any{"name": "<海智>"}); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 201 || rec.Body.String() != `{"name":"\u003c海智\u003e"}`+"\n" {
		t.Errorf("got %d %q", rec.Code, rec.Body)
	}
	if rec.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", rec.Header().Get("Content-Type"))
	}

	rec = httptest.NewRecorder()
	err := httpx.WriteJSON(rec, http.StatusOK, map[string]any{"f": func() {}})
	if err == nil || rec.Code != 500 || !strings.Contains(rec.Body.String(), `"internal"`) {
		t.Errorf("unencodable value: err %v, got %d %q; want an error and a 500 body", err, rec.Code, rec.Body)
	}
}
