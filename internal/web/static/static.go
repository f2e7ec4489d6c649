// Package static embeds the files that pages load — our own app.css and app.js and the
// vendored front-end libraries — and serves them with cache-busting URLs.
//
// Nothing comes from a CDN: third-party files live in vendor/<package>-<version>/, put
// there by scripts/vendor-assets.sh, and vendor/MANIFEST.json records their versions,
// licences and sha256 sums. New refuses to start when a vendored file does not match the
// manifest.
//
// Templates ask for an asset by name and get a URL carrying the first eight hex digits of
// the file's sha256 ("/static/app.css?v=1a2b3c4d"). Requests with the current version are
// cached for a year as immutable; others must revalidate with the ETag, so a rolling
// deploy never pins an old file under a new URL.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Prefix is the URL path under which Handler serves the assets; mount the handler on it:
// mux.Handle("GET "+static.Prefix, assets.Handler()).
const Prefix = "/static/"

// ManifestPath is where the manifest of vendored files lives inside the embedded tree.
const ManifestPath = "vendor/MANIFEST.json"

// immutable is the Cache-Control of a request that names the current version of a file.
const immutable = "public, max-age=31536000, immutable"

//go:embed app.css app.js live.js print.css api-docs.js favicon.svg vendor
var embedded embed.FS

// Manifest is the content of vendor/MANIFEST.json.
type Manifest struct {
	Comment  string            `json:"comment,omitempty"`
	Packages []ManifestPackage `json:"packages"`
}

// ManifestPackage is one vendored npm package.
type ManifestPackage struct {
	Package   string         `json:"package"`
	Version   string         `json:"version"`
	License   string         `json:"license"`   // SPDX expression from the package
	Integrity string         `json:"integrity"` // the tarball's integrity as npm reported it
	Files     []ManifestFile `json:"files"`
}

// ManifestFile is one file taken from a vendored package.
type ManifestFile struct {
	Path   string `json:"path"`           // relative to vendor/
	SHA256 string `json:"sha256"`         // hex
	Name   string `json:"name,omitempty"` // stable asset name for URL, e.g. "htmx.js"
}

// ReadManifest parses the embedded vendor/MANIFEST.json.
func ReadManifest() (*Manifest, error) {
	return readManifest(embedded)
}

func readManifest(fsys fs.FS) (*Manifest, error) {
	b, err := fs.ReadFile(fsys, ManifestPath)
	if err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("static: parse %s: %w", ManifestPath, err)
	}
	return &m, nil
}

// Assets is the set of embedded files, hashed once at start. It is safe for concurrent use.
type Assets struct {
	byPath map[string]*asset // path in the tree ("app.css", "vendor/htmx.org-2.0.11/htmx.min.js")
	byName map[string]*asset // every name URL accepts: the paths plus the manifest's stable names
}

// asset is one embedded file.
type asset struct {
	path        string
	body        []byte
	contentType string
	version     string // first 8 hex digits of the sha256: the ?v= of its URL
	etag        string // strong ETag of the identity body

	compressible bool
	gzipOnce     sync.Once
	gzipBody     []byte // nil when gzip does not pay
	gzipETag     string
}

// validName reports whether an asset name is made of characters that need no escaping in
// a URL path (letters, digits, '.', '_', '-', '/') and starts with a letter or digit.
func validName(s string) bool {
	if s == "" || strings.Contains(s, "..") || strings.Contains(s, "//") {
		return false
	}
	for i, r := range s {
		alnum := ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
		if !alnum && (i == 0 || !strings.ContainsRune("._-/", r)) {
			return false
		}
	}
	return true
}

// New reads and hashes the embedded files. It fails when the manifest does not match the
// vendored files (a file missing, unlisted or changed) or names an asset twice.
func New() (*Assets, error) {
	return newAssets(embedded)
}

func newAssets(fsys fs.FS) (*Assets, error) {
	a := &Assets{byPath: map[string]*asset{}, byName: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == ManifestPath {
			return err
		}
		if !validName(p) {
			return fmt.Errorf("static: file name %q needs escaping in a URL; rename it", p)
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hexSum := hex.EncodeToString(sum[:])
		ct, compressible := contentType(p)
		a.byPath[p] = &asset{
			path:         p,
			body:         body,
			contentType:  ct,
			version:      hexSum[:8],
			etag:         `"` + hexSum[:32] + `"`,
			compressible: compressible,
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	maps.Copy(a.byName, a.byPath)

	m, err := readManifest(fsys)
	if err != nil {
		return nil, err
	}
	listed := map[string]bool{}
	for _, pkg := range m.Packages {
		for _, f := range pkg.Files {
			p := "vendor/" + f.Path
			listed[p] = true
			as, ok := a.byPath[p]
			if !ok {
				return nil, fmt.Errorf("static: %s lists %s (%s@%s) but it is not embedded", ManifestPath, f.Path, pkg.Package, pkg.Version)
			}
			if sum := sha256.Sum256(as.body); hex.EncodeToString(sum[:]) != f.SHA256 {
				return nil, fmt.Errorf("static: %s does not match the sha256 in %s; run scripts/vendor-assets.sh", p, ManifestPath)
			}
			if f.Name == "" {
				continue
			}
			if !validName(f.Name) {
				return nil, fmt.Errorf("static: %s: bad asset name %q", ManifestPath, f.Name)
			}
			if _, dup := a.byName[f.Name]; dup {
				return nil, fmt.Errorf("static: asset name %q is used twice", f.Name)
			}
			a.byName[f.Name] = as
		}
	}
	for p := range a.byPath {
		if strings.HasPrefix(p, "vendor/") && !listed[p] {
			return nil, fmt.Errorf("static: %s is vendored but not in %s; run scripts/vendor-assets.sh", p, ManifestPath)
		}
	}
	return a, nil
}

// contentType returns the Content-Type of a file and whether gzip is worth trying on it.
func contentType(name string) (ct string, compressible bool) {
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8", true
	case ".css":
		return "text/css; charset=utf-8", true
	case ".map", ".json":
		return "application/json; charset=utf-8", true
	case ".svg":
		return "image/svg+xml", true
	case ".txt", ".md", "":
		// LICENSE, NOTICE and other plain texts.
		return "text/plain; charset=utf-8", true
	case ".html":
		return "text/html; charset=utf-8", true
	case ".woff2":
		return "font/woff2", false
	case ".png":
		return "image/png", false
	case ".ico":
		return "image/x-icon", false
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t, false
		}
		return "application/octet-stream", false
	}
}

// URL returns the versioned URL of an asset, "/static/app.css?v=1a2b3c4d". name is a path
// in the tree ("app.css", "vendor/htmx.org-2.0.11/htmx.min.js") or a stable name from the
// manifest ("htmx.js"); Names lists them all.
//
// URL panics on an unknown name: a template naming a missing asset is a programming error.
// html/template turns the panic into an error from Execute, so the page fails to render
// instead of shipping a broken link; call Check at start-up to fail even earlier.
func (a *Assets) URL(name string) string {
	as, ok := a.byName[name]
	if !ok {
		panic(fmt.Sprintf("static: unknown asset %q (known: %s)", name, strings.Join(a.Names(), ", ")))
	}
	return Prefix + as.path + "?v=" + as.version
}

// Body returns the content of a known asset (for example a style sheet to inline into a
// document printed to PDF), or nil.
func (a *Assets) Body(name string) []byte {
	if as, ok := a.byName[name]; ok {
		return as.body
	}
	return nil
}

// Has reports whether URL knows name.
func (a *Assets) Has(name string) bool {
	_, ok := a.byName[name]
	return ok
}

// Check returns an error naming every name that URL would reject, or nil. Call it at
// start-up with the asset names the templates use, to fail fast.
func (a *Assets) Check(names ...string) error {
	var errs []error
	for _, n := range names {
		if !a.Has(n) {
			errs = append(errs, fmt.Errorf("static: unknown asset %q", n))
		}
	}
	return errors.Join(errs...)
}

// Names returns every name URL accepts, sorted.
func (a *Assets) Names() []string {
	return slices.Sorted(maps.Keys(a.byName))
}

// Handler serves the assets under Prefix. The request path may keep the prefix
// ("/static/app.css", when mounted on Prefix) or have it stripped ("/app.css").
//
// It answers GET and HEAD only (405 otherwise) and 404 for anything not embedded. A request
// whose ?v= matches the file's version gets "Cache-Control: public, max-age=31536000,
// immutable"; any other gets "no-cache" and must revalidate. Every response carries a strong
// ETag (If-None-Match gives 304), the file's Content-Type, "X-Content-Type-Options: nosniff"
// and, for text files, "Vary: Accept-Encoding"; clients that accept gzip get a gzipped body,
// compressed once on first request and kept. Range requests are honoured.
func (a *Assets) Handler() http.Handler {
	return http.HandlerFunc(a.serve)
}

func (a *Assets) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok {
		p = strings.TrimPrefix(r.URL.Path, "/")
	}
	as, ok := a.byPath[p]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", as.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if r.URL.Query().Get("v") == as.version {
		h.Set("Cache-Control", immutable)
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	body, etag := as.body, as.etag
	if as.compressible {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			if gz, gzETag := as.gzipped(); gz != nil {
				body, etag = gz, gzETag
				h.Set("Content-Encoding", "gzip")
			}
		}
	}
	h.Set("ETag", etag)
	// ServeContent answers If-None-Match with 304, handles HEAD and Range, and sets
	// Content-Length. A zero modtime leaves Last-Modified out: the ETag is what counts.
	http.ServeContent(w, r, as.path, time.Time{}, bytes.NewReader(body))
}

// gzipped compresses the asset the first time it is asked for and returns the result, or
// nil when compression saves less than a tenth.
func (as *asset) gzipped() ([]byte, string) {
	as.gzipOnce.Do(func() {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return
		}
		if _, err := zw.Write(as.body); err != nil {
			return
		}
		if err := zw.Close(); err != nil {
			return
		}
		if buf.Len() < len(as.body)*9/10 {
			as.gzipBody = buf.Bytes()
			as.gzipETag = strings.TrimSuffix(as.etag, `"`) + `-gz"`
		}
	})
	return as.gzipBody, as.gzipETag
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip: "gzip" or "*" listed
// with a q-value above zero, and gzip not refused explicitly.
func acceptsGzip(header string) bool {
	gzip, star := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		q := 1.0
		for param := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(param, "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil {
					f = 0
				}
				q = f
			}
		}
		switch coding {
		case "gzip", "x-gzip":
			gzip = q
		case "*":
			star = q
		}
	}
	if gzip >= 0 {
		return gzip > 0
	}
	return star > 0
}
