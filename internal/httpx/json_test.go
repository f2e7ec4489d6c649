package httpx_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/httpx"
)

type member struct {
	Name string `json:"name"`
	Age  int    `json:"age"`
}

type project struct {
	Title string   `json:"title"`
	Need  float64  `json:"need"`
	Team  []member `json:"team"`
	Stage stage    `json:"stage"`
}

// stage rejects unknown stages with a haizhi error, as a domain type would.
type stage string

func (s *stage) UnmarshalJSON(b []byte) error {
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v != "" && v != "idea" && v != "landed" {
		return haizhi.Invalid(map[string]string{"stage": "error.stage_unknown"})
	}
	*s = stage(v)
	return nil
}

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		limit      int64
		wantCode   string
		wantKey    string
		wantFields map[string]string
	}{
		{name: "valid", body: `{"title":"海智","need":1.5,"team":[{"name":"A","age":30}]}`},
		{name: "trailing whitespace", body: "{\"title\":\"x\"}\n\t "},
		{name: "at the limit", body: `{"title":"x"}`, limit: 13},
		{name: "empty", body: "", wantCode: haizhi.EINVALID, wantKey: "error.json_empty"},
		{name: "whitespace only", body: "  \n", wantCode: haizhi.EINVALID, wantKey: "error.json_empty"},
		{name: "syntax", body: `{"title":}`, wantCode: haizhi.EINVALID, wantKey: "error.json_syntax"},
		{name: "truncated", body: `{"title":"x"`, wantCode: haizhi.EINVALID, wantKey: "error.json_syntax"},
		{name: "not an object", body: `[1,2]`, wantCode: haizhi.EINVALID, wantKey: "error.json_syntax"},
		{name: "trailing object", body: `{"title":"x"}{"title":"y"}`, wantCode: haizhi.EINVALID, wantKey: "error.json_trailing"},
		{name: "trailing garbage", body: `{"title":"x"} xyz`, wantCode: haizhi.EINVALID, wantKey: "error.json_trailing"},
		{name: "trailing brace", body: `{"title":"x"}}`, wantCode: haizhi.EINVALID, wantKey: "error.json_trailing"},
		{name: "wrong type", body: `{"title":5}`, wantCode: haizhi.EINVALID, wantKey: "error.invalid",
			wantFields: map[string]string{"title": "error.json_field"}},
		{name: "wrong nested type", body: `{"team":[{"name":"A","age":"thirty"}]}`, wantCode: haizhi.EINVALID, wantKey: "error.invalid",
			wantFields: map[string]string{"team.age": "error.json_field"}},
		{name: "unknown field", body: `{"title":"x","budget":3}`, wantCode: haizhi.EINVALID, wantKey: "error.invalid",
			wantFields: map[string]string{"budget": "error.json_field"}},
		{name: "domain error from UnmarshalJSON", body: `{"stage":"moon"}`, wantCode: haizhi.EINVALID, wantKey: "error.invalid",
			wantFields: map[string]string{"stage": "error.stage_unknown"}},
		{name: "over the limit", body: `{"title":"` + strings.Repeat("x", 100) + `"}`, limit: 50,
			wantCode: haizhi.ETOOLARGE, wantKey: "error.too_large"},
		{name: "trailing data over the limit", body: `{"title":"x"}` + strings.Repeat(" ", 10) + `{"a":1}`, limit: 20,
			wantCode: haizhi.ETOOLARGE, wantKey: "error.too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dst project
			req := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			err := httpx.DecodeJSON(httptest.NewRecorder(), req, &dst, tt.limit)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("DecodeJSON: %v", err)
				}
				return
			}
			var he *haizhi.Error
			if !errors.As(err, &he) {
				t.Fatalf("err = %v, want a *haizhi.Error", err)
			}
			if he.Code != tt.wantCode || he.Key != tt.wantKey {
				t.Errorf("err = %s/%s (%s), want %s/%s", he.Code, he.Key, he.Message, tt.wantCode, tt.wantKey)
			}
			if len(he.Fields) != len(tt.wantFields) {
				t.Errorf("fields = %v, want %v", he.Fields, tt.wantFields)
			}
			for k, v := range tt.wantFields {
				if he.Fields[k] != v {
					t.Errorf("fields[%s] = %q, want %q", k, he.Fields[k], v)
				}
			}
		})
	}
}

func TestDecodeJSONValue(t *testing.T) {
	var dst project
	req := httptest.NewRequest("POST", "/", strings.NewReader(`{"title":"海智","need":2,"team":[{"name":"A","age":30}],"stage":"idea"}`))
	if err := httpx.DecodeJSON(httptest.NewRecorder(), req, &dst, 1<<20); err != nil {
		t.Fatal(err)
	}
	if dst.Title != "海智" || dst.Need != 2 || len(dst.Team) != 1 || dst.Team[0].Age != 30 || dst.Stage != "idea" {
		t.Errorf("decoded %+v", dst)
	}
}

func TestDecodeJSONNotAPointer(t *testing.T) {
	req := httptest.NewRequest("POST", "/", strings.NewReader(`{}`))
	err := httpx.DecodeJSON(httptest.NewRecorder(), req, project{}, 0)
	if haizhi.ErrorCode(err) != haizhi.EINTERNAL {
		t.Errorf("err = %v, want an internal error", err)
	}
}

// TestDecodeJSONOverRealServer sends an oversized chunked body and checks the whole path:
// DecodeJSON's error becomes a JSON 413 through WriteJSONError.
func TestDecodeJSONOverRealServer(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var dst project
		if err := httpx.DecodeJSON(w, r, &dst, 64); err != nil {
			httpx.WriteJSONError(w, r, err, nil)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, dst)
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, c := range []struct {
		body   string
		status int
	}{
		{`{"title":"ok"}`, 200},
		{`{"title":"` + strings.Repeat("长", 100) + `"}`, 413},
		{`{"title":1}`, 400},
	} {
		req, _ := http.NewRequest("POST", srv.URL, onlyReader{strings.NewReader(c.body)})
		req.ContentLength = -1
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("POST %.20s… = %d %s, want %d", c.body, resp.StatusCode, b, c.status)
		}
	}
}
