package sheet_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/i18n"
)

// sheetKeyLiteral finds catalogue keys written as string literals: "sheet.too_large".
var sheetKeyLiteral = regexp.MustCompile(`"(sheet\.[a-z_.]+[a-z_])"`)

// TestCatalogueHasSheetKeys requires a message in every locale for every "sheet.…" key
// the package's sources name, and the same "sheet.…" keys in both locales, so an error of
// Read always reaches the operator in their language.
func TestCatalogueHasSheetKeys(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range sheetKeyLiteral.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = true
		}
	}
	if len(used) < 9 {
		t.Fatalf("found only %d sheet keys in the sources: %v", len(used), used)
	}
	var sets [][]string
	for _, l := range i18n.Locales() {
		for k := range used {
			if !b.Has(l, k) {
				t.Errorf("%s is used by package sheet but missing from sheet.%s.toml", k, l)
			}
		}
		var keys []string
		for _, k := range b.Keys(l) {
			if strings.HasPrefix(k, "sheet.") {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		sets = append(sets, keys)
	}
	for i := 1; i < len(sets); i++ {
		if !slices.Equal(sets[0], sets[i]) {
			t.Errorf("sheet keys differ between locales:\n%s: %v\n%s: %v",
				i18n.Locales()[0], sets[0], i18n.Locales()[i], sets[i])
		}
	}
}
