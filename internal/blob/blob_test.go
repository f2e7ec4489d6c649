package blob_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/blob"
)

func TestValidateKey(t *testing.T) {
	good := []string{
		"a",
		"entries/2026/ab/cd/0123456789abcdef0123456789abcdef.pdf",
		"reports/2026 Q1/成果报告.xlsx",
		"a.b/c..d",
		strings.Repeat("x", blob.MaxKeyLen),
	}
	for _, k := range good {
		if err := blob.ValidateKey(k); err != nil {
			t.Errorf("ValidateKey(%q) = %v, want nil", k, err)
		}
	}
	bad := map[string]string{
		"empty":             "",
		"too long":          strings.Repeat("x", blob.MaxKeyLen+1),
		"absolute":          "/etc/passwd",
		"parent":            "../secret",
		"parent inside":     "entries/../../secret",
		"parent at end":     "entries/..",
		"dot segment":       "entries/./a.pdf",
		"hidden":            "entries/.a.pdf.meta",
		"empty segment":     "entries//a.pdf",
		"trailing slash":    "entries/",
		"backslash":         `entries\..\a.pdf`,
		"NUL":               "entries/a.pdf\x00.png",
		"newline":           "entries/a\n.pdf",
		"DEL":               "entries/a\x7f.pdf",
		"invalid UTF-8":     "entries/\xff.pdf",
		"only dots":         "..",
		"windows drive abs": `C:\Windows`,
	}
	for name, k := range bad {
		err := blob.ValidateKey(k)
		if haizhi.ErrorCode(err) != haizhi.EINVALID || haizhi.ErrorKey(err) != "error.blob_key" {
			t.Errorf("%s: ValidateKey(%q) = %v, want EINVALID error.blob_key", name, k, err)
		}
	}
}

func TestNewKey(t *testing.T) {
	shape := regexp.MustCompile(`^entries/2026/([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{32})\.pdf$`)
	seen := map[string]bool{}
	for range 1000 {
		k := blob.NewKey("/entries/2026/", "PDF")
		m := shape.FindStringSubmatch(k)
		if m == nil {
			t.Fatalf("NewKey = %q, not the expected shape", k)
		}
		if m[1] != m[3][0:2] || m[2] != m[3][2:4] {
			t.Fatalf("NewKey = %q: fan-out directories do not match the id", k)
		}
		if err := blob.ValidateKey(k); err != nil {
			t.Fatalf("NewKey = %q is not a valid key: %v", k, err)
		}
		if seen[k] {
			t.Fatalf("NewKey repeated %q", k)
		}
		seen[k] = true
	}
	if k := blob.NewKey("", ".png"); !regexp.MustCompile(`^[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}\.png$`).MatchString(k) {
		t.Errorf("NewKey without prefix = %q", k)
	}
	if k := blob.NewKey("x", ""); strings.Contains(k[len(k)-33:], ".") {
		t.Errorf("NewKey without extension = %q, has a dot", k)
	}
}
