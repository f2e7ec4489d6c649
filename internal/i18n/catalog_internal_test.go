package i18n

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// mustCatalog parses the embedded catalogue of a locale into key → entry.
func mustCatalog(tb testing.TB, locale string) map[string]entry {
	tb.Helper()
	name := "locales/active." + locale + ".toml"
	src, err := catalogFiles.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	entries, err := parseCatalog(name, src)
	if err != nil {
		tb.Fatal(err)
	}
	m := make(map[string]entry, len(entries))
	for _, e := range entries {
		m[e.Key] = e
	}
	return m
}

// TestCataloguesHaveTheSameKeys fails on any key that one locale has and another lacks,
// listing every difference so a translator can fix them in one go.
func TestCataloguesHaveTheSameKeys(t *testing.T) {
	base := mustCatalog(t, DefaultLocale)
	for _, locale := range Locales()[1:] {
		other := mustCatalog(t, locale)
		var onlyBase, onlyOther []string
		for k := range base {
			if _, ok := other[k]; !ok {
				onlyBase = append(onlyBase, k)
			}
		}
		for k := range other {
			if _, ok := base[k]; !ok {
				onlyOther = append(onlyOther, k)
			}
		}
		slices.Sort(onlyBase)
		slices.Sort(onlyOther)
		for _, k := range onlyBase {
			t.Errorf("key %q is in active.%s.toml (line %d) but missing from active.%s.toml", k, DefaultLocale, base[k].Line, locale)
		}
		for _, k := range onlyOther {
			t.Errorf("key %q is in active.%s.toml (line %d) but missing from active.%s.toml", k, locale, other[k].Line, DefaultLocale)
		}
	}
}

func TestCataloguesHaveNoEmptyValues(t *testing.T) {
	for _, locale := range Locales() {
		for _, e := range mustCatalog(t, locale) {
			for form, text := range e.Forms {
				if strings.TrimSpace(text) == "" {
					t.Errorf("active.%s.toml:%d: %s (%s) is empty", locale, e.Line, e.Key, form)
				}
			}
		}
	}
}

// placeholderPattern finds the data fields a message uses: {{.Page}}, {{ .Total }},
// {{if .Count}} and so on.
var placeholderPattern = regexp.MustCompile(`\{\{[^}]*?\.([A-Za-z_][A-Za-z0-9_]*)[^}]*\}\}`)

func placeholders(e entry) map[string]bool {
	set := map[string]bool{}
	for _, text := range e.Forms {
		for _, m := range placeholderPattern.FindAllStringSubmatch(text, -1) {
			set[m[1]] = true
		}
	}
	return set
}

// TestCataloguesUseTheSamePlaceholders fails when a message fills {{.X}} in one language
// but not in another: the translation would drop or invent a value.
func TestCataloguesUseTheSamePlaceholders(t *testing.T) {
	cats := map[string]map[string]entry{}
	for _, l := range Locales() {
		cats[l] = mustCatalog(t, l)
	}
	for key, e := range cats[DefaultLocale] {
		want := placeholders(e)
		for _, l := range Locales()[1:] {
			o, ok := cats[l][key]
			if !ok {
				continue // reported by TestCataloguesHaveTheSameKeys
			}
			got := placeholders(o)
			if !maps.Equal(want, got) {
				t.Errorf("%s: placeholders differ: %s has %v, %s has %v", key,
					DefaultLocale, slices.Sorted(maps.Keys(want)), l, slices.Sorted(maps.Keys(got)))
			}
		}
	}
}

func TestPlaceholderPattern(t *testing.T) {
	got := placeholders(entry{Forms: map[string]string{
		"one":   "{{.Count}} item in {{ .Unit }}",
		"other": "{{if .Many}}many{{end}} {{.Count | printf \"%d\"}}",
	}})
	want := map[string]bool{"Count": true, "Unit": true, "Many": true}
	if !maps.Equal(got, want) {
		t.Fatalf("placeholders = %v, want %v", got, want)
	}
}

func TestParseCatalog(t *testing.T) {
	src := "\ufeff# comment\n" +
		"\n" +
		"site.name = \"海智\"   # trailing comment\n" +
		"'quoted key' = 'literal \\n stays'\n" +
		"esc = \"tab\\there \\\"q\\\" \\u6D77\\U0000667A\"\n" +
		"hash = \"a # is text inside a string\"\n" +
		"mail.body = \"\"\"\n" +
		"Line one\n" +
		"Line two \\\n" +
		"   joined\"\"\"\n" +
		"\n" +
		"[items.count]\n" +
		"description = \"for translators\"\n" +
		"one = \"{{.Count}} item\"\n" +
		"other = \"{{.Count}} items\"\n" +
		"[item.other]\n" +
		"other = \"a key ending in a reserved word\"\n"
	entries, err := parseCatalog("t.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range entries {
		got[e.Key] = fmt.Sprint(e.Forms)
	}
	want := map[string]string{
		"site.name":   "map[other:海智]",
		"quoted key":  `map[other:literal \n stays]`,
		"esc":         "map[other:tab\there \"q\" 海智]",
		"hash":        "map[other:a # is text inside a string]",
		"mail.body":   "map[other:Line one\nLine two joined]",
		"items.count": "map[one:{{.Count}} item other:{{.Count}} items]",
		"item.other":  "map[other:a key ending in a reserved word]",
	}
	if !maps.Equal(got, want) {
		t.Errorf("parsed\n%v\nwant\n%v", got, want)
	}
	if entries[0].Line != 3 || entries[len(entries)-2].Description != "for translators" {
		t.Errorf("line or description not kept: %+v", entries)
	}
}

func TestParseCatalogErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"a = \"x\"\na = \"y\"\n", ":2: key \"a\" already defined on line 1"},
		{"a = x\n", ":1: value must be a quoted string"},
		{"a = \"x\n", ":1: unterminated string"},
		{"a = \"x\" y\n", ":1: unexpected text after string"},
		{"just words\n", ":1: expected key = \"value\""},
		{"a b = \"x\"\n", ":1: invalid character"},
		{"a..b = \"x\"\n", ":1: malformed dotted key"},
		{"a = \"\\q\"\n", ":1: unknown escape"},
		{"a = \"\"\"\nnever closed\n", ":1: unterminated multi-line string"},
		{"[t]\none = \"x\"\n", ":1: [t] has no \"other\" form"},
		{"[t]\nother = \"x\"\nplain = \"y\"\n", ":3: \"plain\" inside [t]"},
		{"[t\n", ":1: malformed table header"},
		{"[[t]]\n", ":1: malformed table header"},
		{"a = \"\xff\"\n", "not valid UTF-8"},
	} {
		_, err := parseCatalog("t.toml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseCatalog(%q) error = %v, want it to contain %q", tc.src, err, tc.want)
		}
	}
}

func TestNewRejectsABadTemplate(t *testing.T) {
	_, err := newBundle(func(locale string) ([]byte, error) {
		return []byte("ok = \"fine\"\nbad = \"{{.Page\"\n"), nil
	})
	if err == nil || !strings.Contains(err.Error(), ":2: bad") {
		t.Fatalf("newBundle error = %v, want a template error on line 2", err)
	}
}

func TestPluralForms(t *testing.T) {
	b, err := newBundle(func(locale string) ([]byte, error) {
		if locale == English {
			return []byte("[items]\none = \"{{.Count}} item\"\nother = \"{{.Count}} items\"\n"), nil
		}
		return []byte("[items]\nother = \"{{.Count}} 项\"\n"), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	en, zh := b.Localizer(English), b.Localizer(DefaultLocale)
	for _, tc := range []struct {
		l    *Localizer
		n    any
		want string
	}{
		{en, 1, "1 item"},
		{en, 2, "2 items"},
		{en, 0, "0 items"},
		{zh, 1, "1 项"},
		{en, "lots", "lots items"}, // not a number: the "other" form, not an empty string
	} {
		if got := tc.l.T("items", map[string]any{"Count": tc.n}); got != tc.want {
			t.Errorf("%s T(items, Count=%v) = %q, want %q", tc.l.Locale(), tc.n, got, tc.want)
		}
	}
}
