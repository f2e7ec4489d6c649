package sheet_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sheet"
)

// FuzzRead feeds Read valid, broken and hostile files. Whatever the bytes, Read must not
// panic and must return either a table or a *haizhi.Error with a "sheet." key (or the
// reader's own error, which the fuzzer never produces).
func FuzzRead(f *testing.F) {
	valid := MustWorkbook(f, []string{"项目名称", "Count", "Date"},
		[]any{"深海机器人", 1, time.Date(2024, 5, 1, 0, 0, 0, 0, haizhi.Shanghai)}, []any{"x", 2.5, "2024年5月1日"})
	var tmpl bytes.Buffer
	if err := sheet.WriteTemplate(&tmpl, "Entries", templateColumns(), []string{"hint"}, [][]string{{"a", "人工智能"}}); err != nil {
		f.Fatal(err)
	}
	// Stored (uncompressed) parts let the fuzzer mutate the XML itself, not only deflate
	// streams that then fail their checksums.
	stored := MustZip(f, true, minimalParts(sheetXML(
		`<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c><c r="B1" t="inlineStr"><is><t>k</t></is></c></row>`+
			`<row r="3"><c r="A3"><v>1</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="s"><v>0</v></c></row>`))...)
	for _, seed := range [][]byte{
		valid, tmpl.Bytes(), stored,
		nil, []byte("PK\x03\x04"), []byte("PK\x05\x06" + strings.Repeat("\x00", 18)),
		cfbFile(), valid[:len(valid)/2], []byte("name,title\n"),
		MustZip(f, true, hiddenSheetParts()...),
		MustLyingZip(f, 10, minimalParts(sheetXML(`<row><c><v>1</v></c></row>`))...),
	} {
		f.Add(seed)
	}
	lim := sheet.Limits{MaxBytes: 1 << 20, MaxRows: 100, MaxColumns: 50, MaxUncompressed: 8 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		// The fuzzer has no timeout of its own: a hang would just stall it.
		type result struct {
			tb  *sheet.Table
			err error
		}
		done := make(chan result, 1)
		go func() {
			tb, err := sheet.Read(bytes.NewReader(data), "", lim)
			done <- result{tb, err}
		}()
		var res result
		select {
		case res = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Read has not returned after 10 s")
		}
		tb, err := res.tb, res.err
		if err != nil {
			var he *haizhi.Error
			if !errors.As(err, &he) || !strings.HasPrefix(he.Key, "sheet.") || he.Code == "" {
				t.Fatalf("err = %v (%T), want a *haizhi.Error with a sheet. key", err, err)
			}
			if tb != nil {
				t.Fatal("a table with an error")
			}
			return
		}
		if tb == nil {
			t.Fatal("no table and no error")
		}
		if len(tb.Rows) > lim.MaxRows || len(tb.Headers) > lim.MaxColumns {
			t.Fatalf("limits passed: %d rows, %d headings", len(tb.Rows), len(tb.Headers))
		}
		last := 0
		for _, r := range tb.Rows {
			if r.Number <= last || len(r.Cells) > lim.MaxColumns || len(r.Cells) == 0 {
				t.Fatalf("row %d after %d with %d cells", r.Number, last, len(r.Cells))
			}
			last = r.Number
		}
	})
}
