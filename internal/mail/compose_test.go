package mail

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
)

// MustComposer returns the Composer on the embedded templates.
func MustComposer(tb testing.TB) *Composer {
	tb.Helper()
	c, err := NewComposer()
	if err != nil {
		tb.Fatalf("NewComposer: %v", err)
	}
	return c
}

// documentedData is the data each kind is documented to use.
func documentedData(kind string) map[string]string {
	d := map[string]string{"name": "Ada Lovelace", "site": SiteName}
	switch kind {
	case KindVerify, KindReset:
		d["link"] = "https://haizhi.example/verify?token=abc123"
	case KindWelcomeInvite:
		d["link"] = "https://haizhi.example/invite?token=abc123"
		d["role"] = "评审专家"
		d["unit"] = "南山区科技创新局"
	case KindJudgeAssigned:
		d["edition"] = "Hangzhou 2018"
		d["round"] = "Preliminary"
		d["count"] = "12"
		d["link"] = "https://haizhi.example/judging"
	case KindEntryUpdate:
		d["change"] = "rejected"
		d["title"] = "Solid-state battery for drones"
		d["edition"] = "Hangzhou 2018"
		d["round"] = "Screening"
		d["reason"] = "Not eligible"
		d["note"] = "Thank you for taking part"
		d["link"] = "https://haizhi.example/my/entries/7"
	}
	return d
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

func TestComposeEveryKindInEveryLocale(t *testing.T) {
	c := MustComposer(t)
	if got, want := c.Kinds(), []string{KindEntryUpdate, KindJudgeAssigned, KindReset, KindTest, KindVerify, KindWelcomeInvite}; !slices.Equal(got, want) {
		t.Errorf("Kinds() = %v, want %v", got, want)
	}
	for _, kind := range requiredKinds() {
		for _, locale := range locales() {
			t.Run(kind+"."+locale, func(t *testing.T) {
				data := documentedData(kind)
				subject, text, err := c.Compose(kind, locale, data)
				if err != nil {
					t.Fatalf("Compose: %v", err)
				}
				for what, s := range map[string]string{"subject": subject, "text": text} {
					if strings.Contains(s, "<no value>") || strings.Contains(s, "{{") {
						t.Errorf("%s has an unfilled placeholder:\n%s", what, s)
					}
				}
				if subject == "" || strings.ContainsAny(subject, "\r\n") {
					t.Errorf("subject %q is empty or not one line", subject)
				}
				if !strings.Contains(subject, SiteName) || !strings.Contains(text, SiteName) {
					t.Errorf("the site name is missing: subject %q, text:\n%s", subject, text)
				}
				for k, v := range data {
					if k != "site" && k != "change" && !strings.Contains(text, v) {
						t.Errorf("text does not contain %s %q:\n%s", k, v, text)
					}
				}
				if !strings.HasSuffix(text, "\n") || strings.HasSuffix(text, "\n\n") || strings.HasPrefix(text, "\n") {
					t.Errorf("text should end with exactly one newline and not start with one: %q", text)
				}
				// The English messages are English throughout (the site name aside); the
				// Chinese ones are Chinese.
				rest := strings.ReplaceAll(strings.ReplaceAll(subject+text, SiteName, ""), data["role"], "")
				rest = strings.ReplaceAll(rest, data["unit"], "")
				if locale == LocaleEN && hasHan(rest) {
					t.Errorf("English message contains Chinese:\n%s\n%s", subject, text)
				}
				if locale == LocaleZH && !hasHan(rest) {
					t.Errorf("Chinese message has no Chinese:\n%s\n%s", subject, text)
				}
			})
		}
	}
}

func TestComposeContent(t *testing.T) {
	c := MustComposer(t)
	must := func(kind, locale string, want ...string) {
		t.Helper()
		subject, text, err := c.Compose(kind, locale, documentedData(kind))
		if err != nil {
			t.Fatalf("Compose(%s, %s): %v", kind, locale, err)
		}
		for _, w := range want {
			if !strings.Contains(subject+"\n"+text, w) {
				t.Errorf("%s.%s does not say %q:\n%s\n\n%s", kind, locale, w, subject, text)
			}
		}
	}
	must(KindVerify, LocaleZH, "48 小时", "忽略")
	must(KindVerify, LocaleEN, "48 hours", "ignore")
	must(KindReset, LocaleZH, "1 小时", "密码")
	must(KindReset, LocaleEN, "1 hour", "password")
	must(KindWelcomeInvite, LocaleZH, "评审专家", "南山区科技创新局", "设置")
	must(KindWelcomeInvite, LocaleEN, "评审专家", "南山区科技创新局", "set your password")
	must(KindTest, LocaleZH, "测试")
	must(KindTest, LocaleEN, "test message")
}

func TestComposeLocales(t *testing.T) {
	c := MustComposer(t)
	zh, _, _ := c.Compose(KindTest, LocaleZH, nil)
	en, _, _ := c.Compose(KindTest, LocaleEN, nil)
	for locale, want := range map[string]string{
		"": zh, "zh-CN": zh, "zh": zh, "zh-TW": zh, "fr": zh, "de-DE": zh, "english": zh,
		"en": en, "EN": en, "en-US": en, "en_GB": en, " en-gb ": en,
	} {
		got, _, err := c.Compose(KindTest, locale, nil)
		if err != nil || got != want {
			t.Errorf("Compose(test, %q) subject = %q, %v; want %q", locale, got, err, want)
		}
	}
}

func TestComposeData(t *testing.T) {
	c := MustComposer(t)

	// name is optional; site defaults.
	_, text, err := c.Compose(KindVerify, LocaleZH, map[string]string{"link": "https://x.example/v"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(text, "您好：") || !strings.Contains(text, SiteName) {
		t.Errorf("without name and site:\n%s", text)
	}
	_, text, _ = c.Compose(KindVerify, LocaleEN, map[string]string{"link": "https://x.example/v", "site": ""})
	if !strings.HasPrefix(text, "Hello,") || !strings.Contains(text, SiteName) {
		t.Errorf("without name, empty site:\n%s", text)
	}

	// Another site name is used.
	subject, _, _ := c.Compose(KindTest, LocaleEN, map[string]string{"site": "Shenzhen Talent"})
	if subject != "Test message from Shenzhen Talent" {
		t.Errorf("subject with site = %q", subject)
	}

	// A line break in a value cannot break the subject into two header lines.
	subject, _, _ = c.Compose(KindTest, LocaleEN, map[string]string{"site": "Evil\r\nBcc: victim@example.com"})
	if strings.ContainsAny(subject, "\r\n") {
		t.Errorf("subject has a line break: %q", subject)
	}

	// A missing required key is an error, not a message with a hole.
	for kind, data := range map[string]map[string]string{
		KindVerify:        {"name": "Ada"},
		KindReset:         nil,
		KindWelcomeInvite: {"link": "https://x.example/i", "role": "评审专家"},
	} {
		for _, locale := range locales() {
			if _, _, err := c.Compose(kind, locale, data); err == nil {
				t.Errorf("Compose(%s, %s) with %v succeeded, want a missing-key error", kind, locale, data)
			}
		}
	}
	if _, _, err := c.Compose("newsletter", LocaleZH, nil); err == nil {
		t.Error("Compose of an unknown kind succeeded")
	}
}

func TestNewComposerRefusesBadTemplates(t *testing.T) {
	full := func() fstest.MapFS {
		fs := fstest.MapFS{}
		for _, kind := range requiredKinds() {
			for _, locale := range locales() {
				fs["templates/"+kind+"."+locale+".txt"] = &fstest.MapFile{Data: []byte("Subject: s\n\nbody\n")}
			}
		}
		return fs
	}
	if _, err := newComposer(full()); err != nil {
		t.Fatalf("a complete set: %v", err)
	}
	tests := map[string]func(fstest.MapFS){
		"missing locale": func(fs fstest.MapFS) { delete(fs, "templates/reset.en.txt") },
		"missing kind":   func(fs fstest.MapFS) { delete(fs, "templates/test.zh-CN.txt"); delete(fs, "templates/test.en.txt") },
		"extra kind half": func(fs fstest.MapFS) {
			fs["templates/reminder.zh-CN.txt"] = &fstest.MapFile{Data: []byte("Subject: s\n\nb")}
		},
		"unknown locale":      func(fs fstest.MapFS) { fs["templates/test.fr.txt"] = &fstest.MapFile{Data: []byte("Subject: s\n\nb")} },
		"no subject":          func(fs fstest.MapFS) { fs["templates/test.en.txt"].Data = []byte("Hello\n\nbody") },
		"empty subject":       func(fs fstest.MapFS) { fs["templates/test.en.txt"].Data = []byte("Subject:  \n\nbody") },
		"no blank line":       func(fs fstest.MapFS) { fs["templates/test.en.txt"].Data = []byte("Subject: s\nbody") },
		"bad template":        func(fs fstest.MapFS) { fs["templates/test.en.txt"].Data = []byte("Subject: s\n\n{{if .name}") },
		"bad subject":         func(fs fstest.MapFS) { fs["templates/test.en.txt"].Data = []byte("Subject: {{.x\n\nb") },
		"name without locale": func(fs fstest.MapFS) { fs["templates/test.txt"] = &fstest.MapFile{Data: []byte("Subject: s\n\nb")} },
	}
	for name, spoil := range tests {
		fs := full()
		spoil(fs)
		if _, err := newComposer(fs); err == nil {
			t.Errorf("%s: newComposer succeeded", name)
		}
	}
}

func TestComposeNamesTheRole(t *testing.T) {
	c := MustComposer(t)
	for locale, want := range map[string]string{LocaleEN: `the role "Judge" at "Gongshu"`, LocaleZH: "所属单位为“Gongshu”，角色为“评委”"} {
		_, text, err := c.Compose(KindWelcomeInvite, locale, map[string]string{"link": "https://x.example/i", "role": "judge", "unit": "Gongshu"})
		if err != nil || !strings.Contains(text, want) {
			t.Errorf("%s: %v\n%s", locale, err, text)
		}
	}
	// A user invited without a grant: the sentence drops the role and unit, not a hole.
	_, text, err := c.Compose(KindWelcomeInvite, LocaleEN, map[string]string{"link": "https://x.example/i", "role": "", "unit": ""})
	if err != nil || strings.Contains(text, `""`) || !strings.Contains(text, "created an account for you.") {
		t.Errorf("no grant: %v\n%s", err, text)
	}
}

// TestComposeEntryUpdateChanges renders every change an entry can go through in both
// languages: each says something different, and none leaves a placeholder.
func TestComposeEntryUpdateChanges(t *testing.T) {
	c := MustComposer(t)
	for _, locale := range locales() {
		subjects := map[string]bool{}
		for _, change := range []string{"submitted", "withdrawn", "reopened", "advanced", "rejected", "prize", "prize_offered", "prize_revoked"} {
			data := documentedData(KindEntryUpdate)
			data["change"] = change
			subject, text, err := c.Compose(KindEntryUpdate, locale, data)
			if err != nil {
				t.Fatalf("%s %s: %v", locale, change, err)
			}
			if strings.Contains(text, "<no value>") || !strings.Contains(text, data["title"]) || !strings.Contains(text, data["link"]) {
				t.Errorf("%s %s: text lacks title or link or has a hole:\n%s", locale, change, text)
			}
			if (change == "rejected") != strings.Contains(text, data["reason"]) {
				t.Errorf("%s %s: reason shown only for rejections:\n%s", locale, change, text)
			}
			subjects[subject] = true
		}
		if len(subjects) != 8 {
			t.Errorf("%s: subjects are not distinct: %v", locale, subjects)
		}
	}
}
