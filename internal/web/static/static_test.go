package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// MustAssets returns the embedded assets or fails the test.
func MustAssets(tb testing.TB) *Assets {
	tb.Helper()
	a, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestManifestMatchesVendorTree checks the vendor directory on disk against
// vendor/MANIFEST.json: every listed file exists with its sha256, and every file there is
// listed. scripts/vendor-assets.sh --check does the same from the shell.
func TestManifestMatchesVendorTree(t *testing.T) {
	disk := os.DirFS(".")
	m, err := readManifest(disk)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Packages) == 0 {
		t.Fatal("the manifest lists no packages")
	}
	listed := map[string]bool{}
	for _, p := range m.Packages {
		if p.Package == "" || p.Version == "" || p.License == "" || !strings.HasPrefix(p.Integrity, "sha512-") {
			t.Errorf("package entry incomplete: %+v", p)
		}
		hasLicence := false
		for _, f := range p.Files {
			listed[f.Path] = true
			if !strings.HasPrefix(f.Path, p.Package+"-"+p.Version+"/") {
				t.Errorf("%s: not under %s-%s/", f.Path, p.Package, p.Version)
			}
			if strings.HasPrefix(path0(f.Path), "LICENSE") {
				hasLicence = true
			}
			b, err := fs.ReadFile(disk, "vendor/"+f.Path)
			if err != nil {
				t.Errorf("listed file missing: %v", err)
				continue
			}
			if got := sha256Hex(b); got != f.SHA256 {
				t.Errorf("%s: sha256 %s, manifest says %s", f.Path, got, f.SHA256)
			}
		}
		if !hasLicence {
			t.Errorf("%s@%s: no LICENSE file vendored", p.Package, p.Version)
		}
	}
	err = fs.WalkDir(disk, "vendor", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == ManifestPath {
			return err
		}
		if !listed[strings.TrimPrefix(p, "vendor/")] {
			t.Errorf("%s is vendored but not in the manifest", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// What ships is what is on disk.
	a := MustAssets(t)
	for p := range listed {
		if !a.Has("vendor/" + p) {
			t.Errorf("vendor/%s is not embedded", p)
		}
	}
}

// path0 returns the base name of a slash-separated path.
func path0(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

func TestNewRejectsABadVendorTree(t *testing.T) {
	body := []byte("console.log(1)")
	manifest := func(sum, name string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(`{"packages":[{"package":"x","version":"1.0.0","license":"MIT","files":[
			{"path":"x-1.0.0/x.js","sha256":"` + sum + `","name":"` + name + `"}]}]}`)}
	}
	good := sha256Hex(body)
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"changed file", fstest.MapFS{"vendor/x-1.0.0/x.js": {Data: body}, ManifestPath: manifest(strings.Repeat("0", 64), "x.js")}, "does not match the sha256"},
		{"unlisted file", fstest.MapFS{"vendor/x-1.0.0/x.js": {Data: body}, "vendor/x-1.0.0/extra.js": {Data: body}, ManifestPath: manifest(good, "x.js")}, "not in vendor/MANIFEST.json"},
		{"missing file", fstest.MapFS{ManifestPath: manifest(good, "x.js")}, "not embedded"},
		{"name clash", fstest.MapFS{"vendor/x-1.0.0/x.js": {Data: body}, "app.js": {Data: body}, ManifestPath: manifest(good, "app.js")}, "used twice"},
		{"bad name", fstest.MapFS{"vendor/x-1.0.0/x.js": {Data: body}, ManifestPath: manifest(good, "../x.js")}, "bad asset name"},
		{"no manifest", fstest.MapFS{"app.js": {Data: body}}, "MANIFEST.json"},
		{"file needing escapes", fstest.MapFS{"a b.js": {Data: body}, ManifestPath: {Data: []byte(`{"packages":[]}`)}}, "needs escaping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newAssets(tc.fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("newAssets error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := newAssets(fstest.MapFS{"vendor/x-1.0.0/x.js": {Data: body}, ManifestPath: manifest(good, "x.js")}); err != nil {
		t.Fatalf("a good tree: %v", err)
	}
}

func TestURL(t *testing.T) {
	a := MustAssets(t)
	for _, name := range []string{"app.css", "app.js", "api-docs.js", "favicon.svg"} {
		b, err := embedded.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		want := "/static/" + name + "?v=" + sha256Hex(b)[:8]
		if got := a.URL(name); got != want {
			t.Errorf("URL(%q) = %q, want %q", name, got, want)
		}
	}
	// Stable names from the manifest point at the versioned files.
	for name, pathPattern := range map[string]string{
		"htmx.js":        `^/static/vendor/htmx\.org-2\.[0-9.]+/htmx\.min\.js\?v=[0-9a-f]{8}$`,
		"swagger-ui.js":  `^/static/vendor/swagger-ui-dist-5\.[0-9.]+/swagger-ui-bundle\.js\?v=[0-9a-f]{8}$`,
		"swagger-ui.css": `^/static/vendor/swagger-ui-dist-5\.[0-9.]+/swagger-ui\.css\?v=[0-9a-f]{8}$`,
	} {
		if got := a.URL(name); !regexp.MustCompile(pathPattern).MatchString(got) {
			t.Errorf("URL(%q) = %q, want it to match %s", name, got, pathPattern)
		}
	}
	names := a.Names()
	if !slices.IsSorted(names) || !slices.Contains(names, "htmx.js") || !slices.Contains(names, "app.css") {
		t.Errorf("Names() = %v", names)
	}
	if err := a.Check("app.css", "htmx.js"); err != nil {
		t.Errorf("Check(known) = %v", err)
	}
	if err := a.Check("app.css", "nope.js", "jquery.js"); err == nil || !strings.Contains(err.Error(), "nope.js") || !strings.Contains(err.Error(), "jquery.js") {
		t.Errorf("Check(unknown) = %v, want both names reported", err)
	}
	func() {
		defer func() {
			if r := recover(); r == nil || !strings.Contains(r.(string), `"nope.css"`) {
				t.Errorf("URL(nope.css) recovered %v, want a panic naming it", r)
			}
		}()
		a.URL("nope.css")
	}()
}

// TestURLInTemplate shows how pages use URL and that a missing asset stops the page.
func TestURLInTemplate(t *testing.T) {
	a := MustAssets(t)
	funcs := template.FuncMap{"asset": a.URL}
	ok := template.Must(template.New("ok").Funcs(funcs).Parse(`<link rel="stylesheet" href="{{asset "app.css"}}"><script src="{{asset "htmx.js"}}" defer></script>`))
	var buf bytes.Buffer
	if err := ok.Execute(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `href="/static/app.css?v=`) {
		t.Errorf("rendered %s", buf.String())
	}
	bad := template.Must(template.New("bad").Funcs(funcs).Parse(`<link href="{{asset "missing.css"}}">`))
	if err := bad.Execute(io.Discard, nil); err == nil || !strings.Contains(err.Error(), "missing.css") {
		t.Errorf("Execute with a missing asset: err = %v", err)
	}
}

func TestHandler(t *testing.T) {
	a := MustAssets(t)
	h := a.Handler()
	appJS, _ := embedded.ReadFile("app.js")
	jsURL, cssURL := a.URL("app.js"), a.URL("app.css")
	etag := `"` + sha256Hex(appJS)[:32] + `"`
	for _, tc := range []struct {
		name, method, target string
		header               map[string]string
		status               int
		want                 map[string]string // response headers; "" means absent
		body                 []byte
	}{
		{"current version is immutable", "GET", jsURL, nil, 200, map[string]string{
			"Cache-Control": "public, max-age=31536000, immutable", "Content-Type": "text/javascript; charset=utf-8",
			"ETag": etag, "X-Content-Type-Options": "nosniff", "Vary": "Accept-Encoding", "Content-Encoding": ""}, appJS},
		{"stale version revalidates", "GET", "/static/app.js?v=00000000", nil, 200, map[string]string{"Cache-Control": "no-cache", "ETag": etag}, appJS},
		{"no version revalidates", "GET", "/static/app.js", nil, 200, map[string]string{"Cache-Control": "no-cache"}, appJS},
		{"prefix stripped by the router", "GET", "/app.js", nil, 200, map[string]string{"Content-Type": "text/javascript; charset=utf-8"}, appJS},
		{"css", "GET", cssURL, nil, 200, map[string]string{"Content-Type": "text/css; charset=utf-8"}, nil},
		{"source map", "GET", "/static/vendor/swagger-ui-dist-5.35.0/swagger-ui.css.map", nil, 200, map[string]string{"Content-Type": "application/json; charset=utf-8"}, nil},
		{"svg", "GET", a.URL("favicon.svg"), nil, 200, map[string]string{"Content-Type": "image/svg+xml"}, nil},
		{"licence text", "GET", "/static/vendor/htmx.org-2.0.11/LICENSE", nil, 200, map[string]string{"Content-Type": "text/plain; charset=utf-8"}, nil},
		{"etag match", "GET", jsURL, map[string]string{"If-None-Match": etag}, 304, map[string]string{"ETag": etag}, []byte{}},
		{"etag list match", "GET", jsURL, map[string]string{"If-None-Match": `"x", ` + etag}, 304, nil, []byte{}},
		{"etag mismatch", "GET", jsURL, map[string]string{"If-None-Match": `"x"`}, 200, nil, appJS},
		{"head", "HEAD", jsURL, nil, 200, map[string]string{"Content-Length": "", "ETag": etag}, []byte{}},
		{"range", "GET", jsURL, map[string]string{"Range": "bytes=0-9"}, 206, nil, appJS[:10]},
		{"post", "POST", jsURL, nil, 405, map[string]string{"Allow": "GET, HEAD"}, nil},
		{"unknown", "GET", "/static/nope.js", nil, 404, nil, nil},
		{"alias is not a path", "GET", "/static/htmx.js", nil, 404, nil, nil},
		{"manifest is not served", "GET", "/static/vendor/MANIFEST.json", nil, 404, nil, nil},
		{"directory", "GET", "/static/vendor/", nil, 404, nil, nil},
		{"traversal", "GET", "/static/../static.go", nil, 404, nil, nil},
		{"go source", "GET", "/static/static.go", nil, 404, nil, nil},
		{"root", "GET", "/static/", nil, 404, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, nil)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d", rec.Code, tc.status)
			}
			for k, v := range tc.want {
				if got := rec.Header().Get(k); v != "" && got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				} else if v == "" && k != "Content-Length" && got != "" {
					t.Errorf("%s: %q, want none", k, got)
				}
			}
			if tc.body != nil && !bytes.Equal(rec.Body.Bytes(), tc.body) {
				t.Errorf("body: %d bytes, want %d", rec.Body.Len(), len(tc.body))
			}
		})
	}
}

func TestHandlerGzip(t *testing.T) {
	a := MustAssets(t)
	h := a.Handler()
	for _, name := range []string{"app.js", "app.css", "swagger-ui.js", "htmx.js"} {
		target := a.URL(name)
		plain := httptest.NewRecorder()
		h.ServeHTTP(plain, httptest.NewRequest("GET", target, nil))

		req := httptest.NewRequest("GET", target, nil)
		req.Header.Set("Accept-Encoding", "br, gzip;q=0.8, deflate")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: status %d, Content-Encoding %q", name, rec.Code, rec.Header().Get("Content-Encoding"))
		}
		if rec.Header().Get("ETag") == plain.Header().Get("ETag") {
			t.Errorf("%s: gzip and identity bodies share an ETag", name)
		}
		if rec.Header().Get("Cache-Control") != immutable || rec.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s: headers %v", name, rec.Header())
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, plain.Body.Bytes()) {
			t.Errorf("%s: gunzipped body differs from the identity body", name)
		}
		if rec.Body.Len() != 0 {
			t.Errorf("%s: trailing bytes after gzip stream", name)
		}
		// The gzip ETag revalidates too.
		req = httptest.NewRequest("GET", target, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
		rec304 := httptest.NewRecorder()
		h.ServeHTTP(rec304, req)
		if rec304.Code != 304 {
			t.Errorf("%s: revalidating the gzip body gave %d", name, rec304.Code)
		}
	}
	// gzip refused, or an incompressible type: identity.
	req := httptest.NewRequest("GET", a.URL("app.css"), nil)
	req.Header.Set("Accept-Encoding", "gzip;q=0, identity")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 still got %q", rec.Header().Get("Content-Encoding"))
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{
		"":                        false,
		"gzip":                    true,
		"GZIP":                    true,
		"gzip, deflate, br, zstd": true,
		"br;q=1.0, gzip;q=0.8":    true,
		"gzip;q=0":                false,
		"gzip; q=0.0":             false,
		"*":                       true,
		"*;q=0":                   false,
		"*, gzip;q=0":             false,
		"identity":                false,
		"x-gzip":                  true,
		"gzip;q=bogus":            false,
		"deflate, br":             false,
	} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"a.js":               "text/javascript; charset=utf-8",
		"a.css":              "text/css; charset=utf-8",
		"a.css.map":          "application/json; charset=utf-8",
		"a.svg":              "image/svg+xml",
		"LICENSE":            "text/plain; charset=utf-8",
		"x.LICENSE.txt":      "text/plain; charset=utf-8",
		"a.woff2":            "font/woff2",
		"a.png":              "image/png",
		"a.unknownextension": "application/octet-stream",
	} {
		if got, _ := contentType(name); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}

// ownFiles are the files we write ourselves (the rest is vendored).
func ownFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, name := range []string{"app.css", "app.js", "live.js", "print.css", "api-docs.js", "favicon.svg", "testdata/styleguide.html"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(b)
	}
	return files
}

// TestNoCDN keeps our own files from loading anything from another site and from
// needing eval or inline code, which the Content-Security-Policy forbids.
func TestNoCDN(t *testing.T) {
	external := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	for name, src := range ownFiles(t) {
		for _, m := range external.FindAllString(src, -1) {
			if m == "http://www.w3.org" { // the SVG namespace, not a fetch
				continue
			}
			t.Errorf("%s refers to another site: %s", name, m)
		}
		for _, bad := range []string{"eval(", "new Function", "@import", "style=\"", "onclick=", "onload="} {
			if strings.Contains(src, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
	if !strings.Contains(ownFiles(t)["app.js"], "allowEval = false") {
		t.Error("app.js no longer turns off htmx's eval")
	}
}

// TestStyleguideLinksExist keeps the styleguide's ../ links pointing at embedded files,
// e.g. after scripts/vendor-assets.sh moves htmx to a new version's folder.
func TestStyleguideLinksExist(t *testing.T) {
	a := MustAssets(t)
	links := regexp.MustCompile(`(?:src|href)="\.\./([^"]+)"`).FindAllStringSubmatch(ownFiles(t)["testdata/styleguide.html"], -1)
	if len(links) < 3 {
		t.Fatalf("found only %d asset links in the styleguide", len(links))
	}
	for _, m := range links {
		if !a.Has(m[1]) {
			t.Errorf("testdata/styleguide.html links ../%s, which is not embedded", m[1])
		}
	}
}

// classSelector finds class names in CSS selectors; values like 0.5rem start with a digit
// after the dot and do not match.
var classSelector = regexp.MustCompile(`\.([a-zA-Z][a-zA-Z0-9_-]*)`)

// TestStyleguideShowsEveryClass keeps testdata/styleguide.html a complete reference of the
// class vocabulary: a class defined in app.css and shown nowhere fails.
func TestStyleguideShowsEveryClass(t *testing.T) {
	files := ownFiles(t)
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(files["app.css"], "")
	// Only selectors: drop declarations.
	css = regexp.MustCompile(`(?s)\{[^{}]*\}`).ReplaceAllString(css, "{}")
	defined := map[string]bool{}
	for _, m := range classSelector.FindAllStringSubmatch(css, -1) {
		defined[m[1]] = true
	}
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`class="([^"]*)"`).FindAllStringSubmatch(files["testdata/styleguide.html"], -1) {
		for c := range strings.FieldsSeq(m[1]) {
			used[c] = true
		}
	}
	// Set by scripts, not by templates.
	for _, c := range []string{"js", "htmx-request", "htmx-swapping"} {
		used[c] = true
	}
	for _, c := range slices.Sorted(func(yield func(string) bool) {
		for c := range defined {
			if !yield(c) {
				return
			}
		}
	}) {
		if !used[c] {
			t.Errorf("app.css defines .%s but testdata/styleguide.html does not show it", c)
		}
	}
	for c := range used {
		if !defined[c] {
			t.Errorf("testdata/styleguide.html uses class %q that app.css does not define", c)
		}
	}
	if len(defined) < 100 {
		t.Errorf("found only %d classes in app.css; is the pattern broken?", len(defined))
	}
}

func BenchmarkHandlerGzip(b *testing.B) {
	a := MustAssets(b)
	h := a.Handler()
	target := a.URL("app.css")
	for b.Loop() {
		req := httptest.NewRequest("GET", target, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}

// serveStatic is a test server with the assets at / (as the styleguide's ../ links
// expect) and the styleguide at /testdata/.
func serveStatic(tb testing.TB, a *Assets, page func(string) string) *httptest.Server {
	tb.Helper()
	mux := http.NewServeMux()
	mux.Handle("GET /", a.Handler())
	for name, js := range map[string]string{"probe.js": probeJS, "frame.js": frameJS} {
		mux.HandleFunc("GET /testdata/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			io.WriteString(w, js)
		})
	}
	mux.HandleFunc("GET /testdata/frame.html", func(w http.ResponseWriter, r *http.Request) {
		width, _ := strconv.Atoi(r.URL.Query().Get("w"))
		height, _ := strconv.Atoi(r.URL.Query().Get("h"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'")
		io.WriteString(w, framePage(width, height))
	})
	mux.HandleFunc("GET /testdata/styleguide.html", func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile("testdata/styleguide.html")
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'")
		io.WriteString(w, page(string(b)))
	})
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv
}
