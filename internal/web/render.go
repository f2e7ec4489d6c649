package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/httpx"
	"github.com/haizhi-dev/haizhi/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

// templates holds one parsed template set per page: the layout and partials plus the page.
type templates struct{ pages map[string]*template.Template }

// parseTemplates parses every page once at start and fails on any error, so a broken
// template stops the server from starting rather than a page from rendering.
func parseTemplates(funcs template.FuncMap) (*templates, error) {
	base, err := template.New("base").Funcs(funcs).ParseFS(templateFS, "templates/layout/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout templates: %w", err)
	}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, p := range pages {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(templateFS, p); err != nil {
			return nil, fmt.Errorf("parse %s: %w", p, err)
		}
		t.pages[strings.TrimSuffix(path.Base(p), ".html")] = clone
	}
	return t, nil
}

// shanghai is the zone every time is shown in; times are stored in UTC.
var shanghai = haizhi.Shanghai

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"datetime": func(t any) string { return formatTime(t, "2006-01-02 15:04") },
		"date":     func(t any) string { return formatTime(t, "2006-01-02") },
		"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"paras":    paragraphs,
		"excerpt":  excerpt,
		"field":    newField,
		"add":      func(a, b int) int { return a + b },
		"dict":     dict,
		"list":     func(xs ...any) []any { return xs },
		"query":    withQuery,
		"deref":    func(b *bool) bool { return b != nil && *b },
		"derefFloat": func(f *float64) float64 {
			if f == nil {
				return 0
			}
			return *f
		},
		"kb":       humanBytes,
		"wan":      wan,
		"slotKind": slotKind,
		"score":    scoreText,
	}
}

func formatTime(v any, layout string) string {
	switch t := v.(type) {
	case time.Time:
		if t.IsZero() {
			return ""
		}
		return t.In(shanghai).Format(layout)
	case *time.Time:
		if t == nil || t.IsZero() {
			return ""
		}
		return t.In(shanghai).Format(layout)
	}
	return ""
}

// paragraphs splits plain text on blank lines so templates can render <p> elements.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// excerpt returns the first n characters of s's first paragraph, with an ellipsis when cut.
func excerpt(s string, n int) string {
	if ps := paragraphs(s); len(ps) > 0 {
		s = ps[0]
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

// withQuery returns u with key set to value (removed when value is empty).
func withQuery(u *url.URL, key string, value any) string {
	q := u.Query()
	if v := fmt.Sprint(value); v == "" || v == "0" && key == "page" {
		q.Del(key)
	} else {
		q.Set(key, v)
	}
	c := *u
	c.RawQuery = q.Encode()
	return c.RequestURI()
}

// view is what every page template receives.
type view struct {
	L         *i18n.Localizer
	Locale    string
	Actor     *haizhi.Actor
	Title     string
	Nav       []navItem
	Flash     *flash
	URL       *url.URL
	Version   string
	Data      any
	Form      *form
	RequestID string
	assets    func(string) string
}

// T translates a key; kv are name/value pairs for the message's placeholders.
func (v *view) T(key string, kv ...any) string {
	if len(kv) == 0 {
		return v.L.T(key)
	}
	return v.L.T(key, dict(kv...))
}

// Asset returns the hashed URL of a static file.
func (v *view) Asset(name string) string { return v.assets(name) }

// Name picks zh or en text for the viewer's locale.
func (v *view) Name(zh, en string) string { return haizhi.Localized(v.Locale, zh, en) }

// Can reports whether the viewer holds p anywhere.
func (v *view) Can(p string) bool { return v.Actor.CanAnywhere(haizhi.Permission(p)) }

type flash struct{ Kind, Message string }

// newView builds the view of a request.
func (s *Server) newView(r *http.Request, titleKey string, data any) *view {
	a := haizhi.ActorFromContext(r.Context())
	if a != nil && a.UserID == 0 {
		a = nil
	}
	loc := s.locale(r)
	v := &view{L: s.i18n.Localizer(loc), Locale: loc, Actor: a, URL: r.URL, Version: s.opts.Version, Data: data,
		RequestID: httpx.RequestIDFrom(r.Context()), assets: s.assets.URL}
	if titleKey != "" {
		v.Title = v.L.T(titleKey)
	}
	v.Nav = s.nav(a, r.URL.Path)
	if f := s.sessions.PopString(r.Context(), sessionFlash); f != "" {
		kind, key, _ := strings.Cut(f, "|")
		v.Flash = &flash{Kind: kind, Message: v.L.T(key)}
	}
	return v
}

// locale negotiates the language: the user's setting, then the language cookie, then
// Accept-Language, then zh-CN.
func (s *Server) locale(r *http.Request) string {
	userLocale := ""
	if a := haizhi.ActorFromContext(r.Context()); a != nil {
		userLocale = a.Locale
	}
	cookie := ""
	if c, err := r.Cookie(langCookie); err == nil {
		cookie = c.Value
	}
	return s.i18n.Negotiate(cookie, userLocale, r.Header.Get("Accept-Language"))
}

// render writes a page. The page is rendered into a buffer first so that a template
// error becomes a clean 500, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	t, ok := s.tmpl.pages[page]
	if !ok {
		s.serverError(w, r, fmt.Errorf("no template %q", page))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.serverError(w, r, fmt.Errorf("render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Language", v.Locale)
	w.Header().Set("Vary", "Cookie, Accept-Language")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// renderError writes an error page with a translated message.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, key string) {
	v := s.newView(r, "page.error", map[string]any{"Status": status, "Message": key})
	s.render(w, r, status, "error", v)
}

// serverError logs an internal error and writes a 500 page that shows the request id.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	httpx.LogIfInternal(s.opts.Logger, r, err)
	if haizhi.ErrorCode(err) == haizhi.EUNAVAILABLE {
		s.renderError(w, r, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	s.renderError(w, r, http.StatusInternalServerError, "error.internal")
}

// fail answers a service error that is not a form problem: not found, forbidden, sign in,
// or internal.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch code := haizhi.ErrorCode(err); code {
	case haizhi.EUNAUTHORIZED:
		s.toLogin(w, r)
	case haizhi.EINTERNAL, haizhi.EUNAVAILABLE:
		s.serverError(w, r, err)
	default:
		if httpx.IsTooLarge(err) {
			s.renderError(w, r, http.StatusRequestEntityTooLarge, "error.too_large")
			return
		}
		s.renderError(w, r, httpx.StatusOf(code), haizhi.ErrorKey(err))
	}
}

// setFlash stores a one-time message shown on the next page.
func (s *Server) setFlash(r *http.Request, kind, key string) {
	s.sessions.Put(r.Context(), sessionFlash, kind+"|"+key)
}

// redirect answers a successful POST with 303 See Other.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// pathID parses a numeric path value; 0 when malformed.
func pathID(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// pageOf reads ?page= (1-based) into a Page of the given size.
func pageOf(r *http.Request, size int) haizhi.Page {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	return haizhi.PageFromNumber(n, size)
}

// humanBytes writes a file size as people read it: 820 KB, 3.4 MB.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// wan writes an amount of yuan in units of 10,000 (万元), as Chinese forms state money.
func wan(yuan int64) string {
	if yuan == 0 {
		return "—"
	}
	return strconv.FormatFloat(float64(yuan)/10_000, 'f', -1, 64) + " 万元 (¥" + groupThousands(yuan) + ")"
}

// groupThousands writes n with commas between groups of three digits.
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// slotKind names an attachment slot for the catalogue: its own name, or "form" for the
// file questions of an edition's form.
func slotKind(s haizhi.AttachmentSlot) string {
	if strings.HasPrefix(string(s), "form:") {
		return "form"
	}
	return string(s)
}

// scoreText writes a score as typed (no trailing zeros), "" for none.
func scoreText(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}
