package i18n_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/i18n"
)

// requireKeys fails for every key that a locale's catalogue lacks.
func requireKeys(t *testing.T, b *i18n.Bundle, source string, keys []string) {
	t.Helper()
	for _, k := range keys {
		for _, l := range i18n.Locales() {
			if !b.Has(l, k) {
				t.Errorf("%s needs %q, missing from active.%s.toml", source, k, l)
			}
		}
	}
}

// TestDomainValuesAreTranslated keeps the catalogues in step with the domain's enums, so
// every role, unit kind, status and error code has a label in both languages.
func TestDomainValuesAreTranslated(t *testing.T) {
	b := MustBundle(t)
	var keys []string
	for _, r := range haizhi.Roles() {
		keys = append(keys, "role."+string(r))
	}
	for _, k := range haizhi.UnitKinds() {
		keys = append(keys, "unit_kind."+string(k))
	}
	for _, k := range []haizhi.PostKind{haizhi.PostNews, haizhi.PostPolicy} {
		keys = append(keys, "post_kind."+string(k))
	}
	for _, s := range []haizhi.MailStatus{haizhi.MailQueued, haizhi.MailSent, haizhi.MailFailed, haizhi.MailOutbox} {
		keys = append(keys, "mail_status."+string(s))
	}
	for _, s := range []haizhi.JobStatus{haizhi.JobQueued, haizhi.JobRunning, haizhi.JobDone, haizhi.JobFailed} {
		keys = append(keys, "job_status."+string(s))
	}
	// haizhi.ErrorKey falls back to "error."+code, so every code needs a message.
	for _, c := range []string{haizhi.ECONFLICT, haizhi.EFORBIDDEN, haizhi.EINTERNAL, haizhi.EINVALID,
		haizhi.ENOTFOUND, haizhi.ETOOLARGE, haizhi.ETOOMANY, haizhi.EUNAUTHORIZED, haizhi.EUNAVAILABLE} {
		keys = append(keys, "error."+c)
	}
	requireKeys(t, b, "package haizhi", keys)
}

// errorKeyLiteral finds catalogue keys written as string literals: "error.email_taken".
var errorKeyLiteral = regexp.MustCompile(`"(error\.[a-z0-9_]+)"`)

// TestDomainErrorKeysAreTranslated reads the domain's and the storage's source and requires a
// message for every "error.…" key it names, in Error.Key or in a field problem.
func TestDomainErrorKeysAreTranslated(t *testing.T) {
	b := MustBundle(t)
	files, err := filepath.Glob(filepath.Join("..", "..", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no domain sources found: %v", err)
	}
	// The storage speaks domain errors too.
	storage, err := filepath.Glob(filepath.Join("..", "sqldb", "*.go"))
	if err != nil || len(storage) == 0 {
		t.Fatalf("no storage sources found: %v", err)
	}
	files = append(files, storage...)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, m := range errorKeyLiteral.FindAllStringSubmatch(string(src), -1) {
			keys = append(keys, m[1])
		}
		requireKeys(t, b, filepath.Base(f), keys)
	}
}

// TestPasswordLengthInMessage keeps error.password_short telling the truth about
// haizhi.MinPasswordLength; the message carries the number because field problems are
// keys without data.
func TestPasswordLengthInMessage(t *testing.T) {
	b := MustBundle(t)
	n := strconv.Itoa(haizhi.MinPasswordLength)
	for _, l := range i18n.Locales() {
		if msg := b.Localizer(l).T("error.password_short"); !strings.Contains(msg, n) {
			t.Errorf("%s error.password_short = %q, want it to say %s", l, msg, n)
		}
	}
}
