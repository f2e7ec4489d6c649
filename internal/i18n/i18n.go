// Package i18n holds Haizhi's message catalogues and chooses the locale of each request.
//
// The catalogues are embedded TOML files, locales/active.zh-CN.toml and
// locales/active.en.toml, in go-i18n v2's format with flat keys ("nav.home"). zh-CN is the
// default locale and English is complete: a test fails when the two catalogues do not hold
// the same keys. Load them once at start-up with New and share the *Bundle; a Bundle and
// its Localizers are safe for concurrent use and never change after New.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"
	"text/template"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// The locales Haizhi speaks. Locale strings are BCP 47 tags and fit a <html lang> attribute.
const (
	// DefaultLocale is used when nothing about the request says otherwise.
	DefaultLocale = "zh-CN"
	// English is the second, complete locale.
	English = "en"
)

// maxAcceptLanguage bounds the Accept-Language header we parse; real browsers send a few
// dozen bytes.
const maxAcceptLanguage = 512

//go:embed locales/*.toml
var catalogFiles embed.FS

// Bundle holds the parsed catalogues of every supported locale.
type Bundle struct {
	locales    []string // supported locales, DefaultLocale first
	matcher    language.Matcher
	keys       map[string]map[string]struct{} // locale → its keys
	localizers map[string]*Localizer          // locale → its localizer
}

// Localizer translates messages into one locale.
type Localizer struct {
	locale string
	tag    language.Tag
	keys   map[string]struct{}
	loc    *goi18n.Localizer
}

// Locales lists the supported locales, the default first.
func Locales() []string { return []string{DefaultLocale, English} }

// New parses the embedded catalogues. It fails on a malformed file, a duplicated key or a
// message whose {{template}} does not parse, so a bad catalogue stops the server at start.
func New() (*Bundle, error) {
	return newBundle(readCatalogs)
}

// readCatalogs joins every catalogue file of a locale: locales/<area>.<locale>.toml, in
// name order (active.* holds the shared words; each area of the product may keep its own
// file). A key defined in two files is reported as a duplicate.
func readCatalogs(locale string) ([]byte, error) {
	names, err := fs.Glob(catalogFiles, "locales/*."+locale+".toml")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no catalogue for %s", locale)
	}
	sort.Strings(names)
	var out []byte
	for _, n := range names {
		src, err := catalogFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(append(out, src...), '\n')
	}
	return out, nil
}

// newBundle builds a Bundle from catalogues read by read, which tests can replace.
func newBundle(read func(locale string) ([]byte, error)) (*Bundle, error) {
	b := &Bundle{
		locales:    Locales(),
		keys:       map[string]map[string]struct{}{},
		localizers: map[string]*Localizer{},
	}
	tags := make([]language.Tag, len(b.locales))
	for i, l := range b.locales {
		tags[i] = language.MustParse(l)
	}
	b.matcher = language.NewMatcher(tags)
	gb := goi18n.NewBundle(tags[0])
	for i, locale := range b.locales {
		name := "active." + locale + ".toml"
		src, err := read(locale)
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s: %w", name, err)
		}
		entries, err := parseCatalog(name, src)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		keys := make(map[string]struct{}, len(entries))
		msgs := make([]*goi18n.Message, 0, len(entries))
		for _, e := range entries {
			for form, text := range e.Forms {
				if strings.Contains(text, "{{") {
					if _, err := template.New(e.Key).Parse(text); err != nil {
						return nil, fmt.Errorf("i18n: %s:%d: %s (%s): %w", name, e.Line, e.Key, form, err)
					}
				}
			}
			keys[e.Key] = struct{}{}
			msgs = append(msgs, &goi18n.Message{
				ID:          e.Key,
				Description: e.Description,
				Zero:        e.Forms["zero"],
				One:         e.Forms["one"],
				Two:         e.Forms["two"],
				Few:         e.Forms["few"],
				Many:        e.Forms["many"],
				Other:       e.Forms["other"],
			})
		}
		if err := gb.AddMessages(tags[i], msgs...); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		b.keys[locale] = keys
	}
	for i, locale := range b.locales {
		b.localizers[locale] = &Localizer{
			locale: locale,
			tag:    tags[i],
			keys:   b.keys[locale],
			loc:    goi18n.NewLocalizer(gb, locale),
		}
	}
	return b, nil
}

// Localizer returns the localizer of a locale. A locale that is not supported exactly is
// matched as Match does ("en-GB" → "en"); one that matches nothing gets DefaultLocale.
func (b *Bundle) Localizer(locale string) *Localizer {
	if l, ok := b.localizers[locale]; ok {
		return l
	}
	if m, ok := b.Match(locale); ok {
		return b.localizers[m]
	}
	return b.localizers[DefaultLocale]
}

// Match maps a language tag such as "en-US", "zh" or "zh-Hant-TW" to the supported locale
// that serves its reader, and reports whether there was one. Chinese in any script or
// region matches zh-CN, since a reader of traditional characters is better served by
// simplified Chinese than by English.
func (b *Bundle) Match(tag string) (locale string, ok bool) {
	tag = strings.TrimSpace(tag)
	if tag == "" || len(tag) > 64 {
		return "", false
	}
	t, err := language.Parse(tag)
	if err != nil {
		return "", false
	}
	return b.match(t)
}

func (b *Bundle) match(t language.Tag) (string, bool) {
	_, i, conf := b.matcher.Match(t)
	if conf == language.No {
		return "", false
	}
	return b.locales[i], true
}

// Negotiate picks the locale of a request. The signed-in user's saved preference wins,
// then the language cookie (set by the language switch), then the browser's
// Accept-Language header, then DefaultLocale. Values that match no supported locale are
// skipped. Accept-Language entries are tried in the order of their q-values (q=0 means
// "not this one"), and the first one that any supported locale serves wins, so
// "zh-TW,en;q=0.8" gives zh-CN and "fr,en;q=0.5" gives en. A malformed header is read
// entry by entry, keeping the entries that parse.
func (b *Bundle) Negotiate(cookie, userLocale, acceptLanguage string) string {
	for _, v := range []string{userLocale, cookie} {
		if l, ok := b.Match(v); ok {
			return l
		}
	}
	for _, t := range parseAcceptLanguage(acceptLanguage) {
		if l, ok := b.match(t); ok {
			return l
		}
	}
	return DefaultLocale
}

// parseAcceptLanguage returns the acceptable tags of an Accept-Language header, most
// preferred first. x/text rejects a whole header for one bad entry, so on error each entry
// is parsed on its own.
func parseAcceptLanguage(h string) []language.Tag {
	h = strings.TrimSpace(h)
	if h == "" || len(h) > maxAcceptLanguage {
		return nil
	}
	tags, _, err := language.ParseAcceptLanguage(h)
	if err == nil {
		return tags
	}
	type weighted struct {
		tag language.Tag
		q   float32
	}
	var ws []weighted
	for part := range strings.SplitSeq(h, ",") {
		ts, qs, err := language.ParseAcceptLanguage(part)
		if err != nil {
			continue
		}
		for i := range ts {
			ws = append(ws, weighted{ts[i], qs[i]})
		}
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].q > ws[j].q })
	tags = make([]language.Tag, len(ws))
	for i, w := range ws {
		tags[i] = w.tag
	}
	return tags
}

// Has reports whether the catalogue of locale defines key.
func (b *Bundle) Has(locale, key string) bool {
	_, ok := b.keys[locale][key]
	return ok
}

// Keys returns the keys of a locale's catalogue, sorted; nil for an unsupported locale.
func (b *Bundle) Keys(locale string) []string {
	keys, ok := b.keys[locale]
	if !ok {
		return nil
	}
	return slices.Sorted(maps.Keys(keys))
}

// Locale returns the locale of l: "zh-CN" or "en".
func (l *Localizer) Locale() string { return l.locale }

// Tag returns the language tag of l, for collation and number formatting.
func (l *Localizer) Tag() language.Tag { return l.tag }

// T returns the message key in l's locale. data fills the message's {{.Name}}
// placeholders; several maps are merged, later ones winning. A "Count" value also chooses
// the plural form of a message that has them ("one", "other" …).
//
// A key missing from the catalogue comes back as the key itself, so the page still renders
// and the gap is visible; the catalogue tests keep that from reaching a release.
func (l *Localizer) T(key string, data ...map[string]any) string {
	if _, ok := l.keys[key]; !ok {
		return key
	}
	cfg := &goi18n.LocalizeConfig{MessageID: key}
	switch len(data) {
	case 0:
	case 1:
		cfg.TemplateData = data[0]
	default:
		merged := map[string]any{}
		for _, d := range data {
			maps.Copy(merged, d)
		}
		cfg.TemplateData = merged
	}
	if d, ok := cfg.TemplateData.(map[string]any); ok {
		if c, ok := d["Count"]; ok {
			cfg.PluralCount = c
		}
	}
	s, err := l.loc.Localize(cfg)
	if err != nil && cfg.PluralCount != nil && s == "" {
		// Count was not a number: show the "other" form rather than nothing.
		cfg.PluralCount = nil
		s, err = l.loc.Localize(cfg)
	}
	if err != nil && s == "" {
		return key
	}
	return s
}
