package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/httpx"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// mustOpenAPI fetches the document through the API and decodes it.
func mustOpenAPI(t *testing.T, f *fixture) map[string]any {
	t.Helper()
	res := f.do(t, scenario{method: "GET", path: "/openapi.json"})
	if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s", res.status, res.header.Get("Content-Type"))
	}
	var doc map[string]any
	if err := json.Unmarshal(res.body, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	return doc
}

// lookup follows a JSON pointer ("#/components/schemas/Post") in doc.
func lookup(doc map[string]any, ref string) (any, bool) {
	var v any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]; !ok {
			return nil, false
		}
	}
	return v, true
}

// resolve returns v, or what it points at when it is a {"$ref": …}.
func resolve(t *testing.T, doc map[string]any, v any) map[string]any {
	t.Helper()
	m, _ := v.(map[string]any)
	if ref, ok := m["$ref"].(string); ok {
		target, found := lookup(doc, ref)
		if !found {
			t.Fatalf("unresolved $ref %s", ref)
		}
		m, _ = target.(map[string]any)
	}
	return m
}

// TestOpenAPIMatchesRoutes walks the route table and the document and fails when a route
// is undocumented, a documented operation has no route, or the two disagree about the
// permission, the security or the path parameters.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	f := mustFixture(t, apptest.MustOpenDB(t, "sqlite", sqldb.Options{Composer: testComposer{}}))
	doc := mustOpenAPI(t, f)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi %v, want 3.1.0", doc["openapi"])
	}
	if info, _ := doc["info"].(map[string]any); info["title"] != "Haizhi API" || info["version"] != "1" {
		t.Errorf("info %v", info)
	}
	if s, ok := lookup(doc, "#/components/securitySchemes/bearerAuth"); !ok || s.(map[string]any)["scheme"] != "bearer" {
		t.Errorf("bearerAuth security scheme %v", s)
	}
	if servers, _ := doc["servers"].([]any); len(servers) != 1 || servers[0].(map[string]any)["url"] != "/api/v1" {
		t.Fatalf("servers %v, want /api/v1", servers)
	}
	paths, _ := doc["paths"].(map[string]any)

	routed := map[string]bool{}
	pathParam := regexp.MustCompile(`\{([a-z_]+)\}`)
	for _, rt := range f.api.Routes() {
		path := strings.TrimPrefix(rt.Pattern, "/api/v1")
		key := strings.ToLower(rt.Method) + " " + path
		routed[key] = true
		item, _ := paths[path].(map[string]any)
		op, ok := item[strings.ToLower(rt.Method)].(map[string]any)
		if !ok {
			t.Errorf("%s %s is not in openapi.json", rt.Method, rt.Pattern)
			continue
		}
		if op["x-permission"] != string(rt.Perm) {
			t.Errorf("%s: x-permission %v, route needs %s", key, op["x-permission"], rt.Perm)
		}
		security, _ := json.Marshal(op["security"])
		switch {
		case rt.Perm != haizhi.PermPublic && string(security) != `[{"bearerAuth":[]}]`:
			t.Errorf("%s: security %s, want bearerAuth", key, security)
		case rt.Perm == haizhi.PermPublic && string(security) != `[]` && string(security) != `[{},{"bearerAuth":[]}]`:
			t.Errorf("%s: security %s, want none or optional", key, security)
		}
		responses, _ := op["responses"].(map[string]any)
		if rt.Perm != haizhi.PermPublic && responses["401"] == nil {
			t.Errorf("%s: no 401 response", key)
		}
		var documented []string
		params, _ := op["parameters"].([]any)
		for _, p := range params {
			if p := resolve(t, doc, p); p["in"] == "path" {
				documented = append(documented, p["name"].(string))
			}
		}
		var want []string
		for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
			want = append(want, m[1])
		}
		if !slices.Equal(documented, want) {
			t.Errorf("%s: path parameters %v documented, route has %v", key, documented, want)
		}
	}
	for path, item := range paths {
		for method := range item.(map[string]any) {
			if !routed[method+" "+path] {
				t.Errorf("openapi.json documents %s %s, which has no route", strings.ToUpper(method), path)
			}
		}
	}

	// Every reference resolves.
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				if _, found := lookup(doc, ref); !found {
					t.Errorf("unresolved $ref %s", ref)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
}

// TestDocsPage checks the Swagger UI page: vendored assets, no inline script, and the
// relaxed style policy on this page alone.
func TestDocsPage(t *testing.T) {
	f := mustFixture(t, apptest.MustOpenDB(t, "sqlite", sqldb.Options{Composer: testComposer{}}))
	res := f.do(t, scenario{method: "GET", path: "/docs", header: map[string]string{"Accept-Language": "en"}})
	if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
		t.Fatalf("docs: %d %s", res.status, res.header.Get("Content-Type"))
	}
	page := string(res.body)
	for _, name := range []string{"swagger-ui.js", "swagger-ui.css", "api-docs.js"} {
		if url := f.assets.URL(name); !strings.Contains(page, `"`+url+`"`) {
			t.Errorf("page does not reference %s (%s)", name, url)
		}
	}
	for _, want := range []string{`<html lang="en">`, `id="swagger-ui"`, `data-spec-url="/api/v1/openapi.json"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, tag := range regexp.MustCompile(`(?is)<script\b[^>]*>(.*?)</script>`).FindAllStringSubmatch(page, -1) {
		if !strings.Contains(tag[0], " src=") || strings.TrimSpace(tag[1]) != "" {
			t.Errorf("inline script: %s", tag[0])
		}
	}
	if strings.Contains(page, "//cdn") || strings.Contains(page, "https://") {
		t.Error("page loads something from another origin")
	}
	csp := res.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "style-src 'self' 'unsafe-inline';") || !strings.Contains(csp, "script-src 'self';") {
		t.Errorf("docs CSP %q", csp)
	}
	if other := f.do(t, scenario{method: "GET", path: "/posts"}); other.header.Get("Content-Security-Policy") != httpx.DefaultCSP {
		t.Errorf("the relaxed CSP leaked to /posts: %q", other.header.Get("Content-Security-Policy"))
	}
}
