package i18n_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/i18n"
)

// MustBundle loads the embedded catalogues or fails the test.
func MustBundle(tb testing.TB) *i18n.Bundle {
	tb.Helper()
	b, err := i18n.New()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestNegotiate(t *testing.T) {
	b := MustBundle(t)
	for _, tc := range []struct {
		name                 string
		cookie, user, accept string
		want                 string
	}{
		{"nothing", "", "", "", "zh-CN"},
		{"english browser", "", "", "en-GB,en;q=0.9", "en"},
		{"american browser", "", "", "en-US", "en"},
		{"chinese browser", "", "", "zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"},
		{"plain zh", "", "", "zh", "zh-CN"},
		{"traditional chinese reads simplified", "", "", "zh-TW", "zh-CN"},
		{"traditional chinese preferred over english", "", "", "zh-TW,en;q=0.8", "zh-CN"},
		{"hong kong", "", "", "zh-HK", "zh-CN"},
		{"unsupported only", "", "", "fr", "zh-CN"},
		{"unsupported then english", "", "", "fr-FR,fr;q=0.9,en;q=0.5", "en"},
		{"q-values reorder", "", "", "zh;q=0.2,en;q=0.7", "en"},
		{"q=0 refuses english", "", "", "en;q=0", "zh-CN"},
		{"q=0 refuses english, german is no help", "", "", "de,en;q=0", "zh-CN"},
		{"q=0 with a low chinese", "", "", "en;q=0,zh;q=0.1", "zh-CN"},
		{"wildcard", "", "", "*", "zh-CN"},
		{"garbage", "", "", "!!@@##", "zh-CN"},
		{"garbage entry among good ones", "", "", "@@@,en;q=0.5", "en"},
		{"bad q-value", "", "", "en;q=abc", "zh-CN"},
		{"huge header", "", "", "en," + string(make([]byte, 2000)), "zh-CN"},
		{"cookie beats header", "en", "", "zh-CN", "en"},
		{"cookie zh beats english header", "zh-CN", "", "en", "zh-CN"},
		{"user beats cookie", "en", "zh-CN", "en", "zh-CN"},
		{"user english", "zh-CN", "en", "zh-CN", "en"},
		{"user locale region is matched", "", "en-AU", "", "en"},
		{"unsupported user locale falls through to cookie", "en", "fr", "", "en"},
		{"garbage cookie falls through to header", "<script>", "", "en", "en"},
		{"empty everything but header", "", "", "ja,en;q=0.3", "en"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := b.Negotiate(tc.cookie, tc.user, tc.accept); got != tc.want {
				t.Errorf("Negotiate(cookie=%q, user=%q, accept=%q) = %q, want %q", tc.cookie, tc.user, tc.accept, got, tc.want)
			}
		})
	}
}

func TestLocalizer(t *testing.T) {
	b := MustBundle(t)
	zh, en := b.Localizer("zh-CN"), b.Localizer("en")
	for _, tc := range []struct {
		l    *i18n.Localizer
		key  string
		data []map[string]any
		want string
	}{
		{zh, "site.name", nil, "海智"},
		{en, "site.name", nil, "Haizhi"},
		{zh, "pager.page", []map[string]any{{"Page": 2, "Pages": 7}}, "第 2 / 7 页"},
		{en, "pager.page", []map[string]any{{"Page": 2}, {"Pages": 7}}, "Page 2 of 7"},
		{en, "pager.total", []map[string]any{{"Total": 1641}}, "1641 in total"},
		{zh, "role.enterprise", nil, "企业/园区"},
		{en, "no.such.key", nil, "no.such.key"},
		{zh, "", nil, ""},
	} {
		if got := tc.l.T(tc.key, tc.data...); got != tc.want {
			t.Errorf("%s T(%q) = %q, want %q", tc.l.Locale(), tc.key, got, tc.want)
		}
	}
	for in, want := range map[string]string{"zh-CN": "zh-CN", "en": "en", "en-GB": "en", "zh": "zh-CN", "fr": "zh-CN", "": "zh-CN"} {
		if got := b.Localizer(in).Locale(); got != want {
			t.Errorf("Localizer(%q).Locale() = %q, want %q", in, got, want)
		}
	}
	if got := en.Tag().String(); got != "en" {
		t.Errorf("en.Tag() = %s", got)
	}
}

func TestHasAndKeys(t *testing.T) {
	b := MustBundle(t)
	if !b.Has("en", "site.tagline") || !b.Has("zh-CN", "site.tagline") {
		t.Error("Has(site.tagline) = false")
	}
	if b.Has("en", "nope") || b.Has("fr", "site.name") {
		t.Error("Has reports a key that does not exist")
	}
	keys := b.Keys("en")
	if !slices.IsSorted(keys) || !slices.Contains(keys, "error.csrf") {
		t.Errorf("Keys(en) not sorted or missing error.csrf: %v", keys)
	}
	if b.Keys("fr") != nil {
		t.Error("Keys(fr) should be nil")
	}
	if got := i18n.Locales(); !slices.Equal(got, []string{"zh-CN", "en"}) {
		t.Errorf("Locales() = %v", got)
	}
}

func TestMatch(t *testing.T) {
	b := MustBundle(t)
	for in, want := range map[string]string{"en": "en", "EN-us": "en", "zh-Hans": "zh-CN", "zh-Hant-TW": "zh-CN", "fr": "", "": "", "x y": ""} {
		got, ok := b.Match(in)
		if got != want || ok != (want != "") {
			t.Errorf("Match(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	b := MustBundle(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			l := b.Localizer(i18n.Locales()[i%2])
			for range 200 {
				if l.T("pager.total", map[string]any{"Total": i}) == "pager.total" {
					t.Error("missing pager.total")
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkT(b *testing.B) {
	l := MustBundle(b).Localizer("en")
	data := map[string]any{"Page": 3, "Pages": 9}
	for b.Loop() {
		l.T("pager.page", data)
	}
}
