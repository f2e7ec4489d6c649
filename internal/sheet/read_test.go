package sheet_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/xuri/excelize/v2"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sheet"
)

// smallLimits keep the bad files of the tests small.
var smallLimits = sheet.Limits{MaxBytes: 1 << 20, MaxRows: 20, MaxColumns: 20, MaxUncompressed: 4 << 20}

// cfbFile starts like a legacy .xls or an encrypted .xlsx.
func cfbFile() []byte {
	return append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
}

func TestReadRefusesBadFiles(t *testing.T) {
	valid := MustWorkbook(t, []string{"a", "b"}, []any{"x", 1})
	rows := func(n int) [][]any {
		r := make([][]any, n)
		for i := range r {
			r[i] = []any{i, "x"}
		}
		return r
	}
	wideRow := make([]any, 21)
	for i := range wideRow {
		wideRow[i] = i
	}
	docx := MustZip(t, false, part{"[Content_Types].xml", []byte("<Types/>")}, part{"word/document.xml", []byte("<w:document/>")})
	tests := []struct {
		name      string
		data      []byte
		code, key string
		msg       string // a part of the English message, when several paths share a key
	}{
		{"empty", nil, haizhi.EINVALID, "sheet.empty", ""},
		{"text", []byte("name,title\nA,B\n"), haizhi.EINVALID, "sheet.not_xlsx", ""},
		{"pdf", []byte("%PDF-1.7\n"), haizhi.EINVALID, "sheet.not_xlsx", ""},
		{"xls or encrypted", cfbFile(), haizhi.EINVALID, "sheet.encrypted_or_xls", ""},
		{"truncated", valid[:len(valid)/2], haizhi.EINVALID, "sheet.unreadable", ""},
		{"truncated header", valid[:10], haizhi.EINVALID, "sheet.unreadable", ""},
		{"zip but no workbook", docx, haizhi.EINVALID, "sheet.not_xlsx", ""},
		{"empty zip", MustZip(t, false), haizhi.EINVALID, "sheet.not_xlsx", ""},
		{"over MaxBytes", append(bytes.Clone(valid), make([]byte, 1<<20)...), haizhi.ETOOLARGE, "sheet.too_large", ""},
		{"zip bomb", MustZip(t, false, minimalParts(bytes.Repeat([]byte(" "), 5<<20))...), haizhi.ETOOLARGE, "sheet.too_large", "unzipped"},
		{"expands 1000 times", MustZip(t, false, minimalParts(bytes.Repeat([]byte(" "), 3<<20))...), haizhi.ETOOLARGE, "sheet.too_large", "expands"},
		{"lying directory", MustLyingZip(t, 100, minimalParts(sheetXML(strings.Repeat(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`, 1000)))...), haizhi.EINVALID, "sheet.unreadable", "zip: not a valid zip file"},
		{"bad sheet XML", MustZip(t, true, minimalParts([]byte("<worksheet><sheetData><row r=\"x\"><c r=\"!!\"><v>1"))...), haizhi.EINVALID, "sheet.unreadable", ""},
		{"too many rows", MustWorkbook(t, []string{"n", "x"}, rows(21)...), haizhi.EINVALID, "sheet.too_many_rows", ""},
		{"too many columns", MustWorkbook(t, []string{"n"}, wideRow), haizhi.EINVALID, "sheet.too_many_columns", ""},
		{"no header", MustFile(t, func(*excelize.File) {}), haizhi.EINVALID, "sheet.no_header", ""},
		{"only hidden sheets", MustZip(t, false, hiddenSheetParts()...), haizhi.EINVALID, "sheet.no_sheet", ""},
		{"bad checksum", badChecksum(t, valid), haizhi.EINVALID, "sheet.unreadable", "checksum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := sheet.Read(bytes.NewReader(tt.data), "", smallLimits)
			if tb != nil {
				t.Errorf("Read returned a table with the error: %+v", tb)
			}
			wantError(t, err, tt.code, tt.key)
			if !strings.Contains(haizhi.ErrorMessage(err), tt.msg) {
				t.Errorf("message %q does not say %q", haizhi.ErrorMessage(err), tt.msg)
			}
		})
	}
	if _, err := sheet.Read(bytes.NewReader(valid), "Nope", smallLimits); true {
		wantError(t, err, haizhi.EINVALID, "sheet.no_sheet")
	}
}

// TestReadZipBombAtDefaultLimits builds a sheet that unzips to more than the default 200 MB
// from a file of about 200 KB.
func TestReadZipBombAtDefaultLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 201 MB part")
	}
	lim := sheet.DefaultLimits()
	bomb := MustZip(t, false, minimalParts(bytes.Repeat([]byte("<row/>"), int(lim.MaxUncompressed)/6+1))...)
	if int64(len(bomb)) > lim.MaxBytes {
		t.Fatalf("bomb of %d bytes is over MaxBytes", len(bomb))
	}
	_, err := sheet.Read(bytes.NewReader(bomb), "", lim)
	wantError(t, err, haizhi.ETOOLARGE, "sheet.too_large")
}

// TestReadCountsUnnumberedRows reads a sheet of more blank rows than Excel allows, written
// without row numbers, which excelize does not check.
func TestReadCountsUnnumberedRows(t *testing.T) {
	if testing.Short() {
		t.Skip("parses a million rows")
	}
	xml := sheetXML(`<row><c t="inlineStr"><is><t>h</t></is></c></row>` + strings.Repeat("<row/>", excelize.TotalRows))
	_, err := sheet.Read(bytes.NewReader(MustZip(t, true, minimalParts(xml)...)), "", sheet.DefaultLimits())
	wantError(t, err, haizhi.EINVALID, "sheet.too_many_rows")
}

func TestReadRowLimitIsInclusive(t *testing.T) {
	r := make([][]any, smallLimits.MaxRows)
	for i := range r {
		r[i] = []any{i}
	}
	tb, err := sheet.Read(bytes.NewReader(MustWorkbook(t, []string{"n"}, r...)), "", smallLimits)
	if err != nil || len(tb.Rows) != smallLimits.MaxRows {
		t.Fatalf("Read = %v rows, %v; want exactly MaxRows", tb, err)
	}
}

func TestReadOnlyHeadings(t *testing.T) {
	tb := mustRead(t, MustWorkbook(t, []string{"项目名称", "Track"}))
	if len(tb.Headers) != 2 || len(tb.Rows) != 0 {
		t.Fatalf("table = %+v, want headings and no rows", tb)
	}
}

// TestReadSkipsBlankRows reads a sheet whose heading is on row 2, with blank and
// white-space rows among and after the data, written directly with excelize.
func TestReadSkipsBlankRows(t *testing.T) {
	b := MustFile(t, func(f *excelize.File) {
		_ = f.SetSheetName("Sheet1", "Data")
		_, _ = f.NewSheet("Hidden")
		_ = f.SetSheetVisible("Hidden", false)
		_ = f.MoveSheet("Hidden", "Data")
		_ = f.SetSheetRow("Data", "A2", &[]any{" 项目名称 ", "", "Amount"})
		_ = f.SetSheetRow("Data", "A3", &[]any{"第一", "", 1.5})
		_ = f.SetCellValue("Data", "B5", "   ")
		_ = f.SetSheetRow("Data", "A6", &[]any{"第二", nil, nil, nil, "extra"})
		_ = f.SetCellValue("Data", "A9", " ")
		style, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		_ = f.SetCellStyle("Data", "A12", "C12", style) // styled but empty
	})
	tb := mustRead(t, b)
	if strings.Join(tb.Headers, "|") != "项目名称||Amount" {
		t.Errorf("headers = %q", tb.Headers)
	}
	var got []string
	for _, r := range tb.Rows {
		got = append(got, fmt.Sprintf("%d:%q", r.Number, r.Cells))
	}
	if want := `3:["第一" "" "1.5"] 6:["第二" "" "" "" "extra"]`; strings.Join(got, " ") != want {
		t.Errorf("rows = %s, want %s", strings.Join(got, " "), want)
	}
}

func TestReadPassesLimitReaderErrors(t *testing.T) {
	limitErr := haizhi.Errorf(haizhi.ETOOLARGE, "error.file_too_large", "too large")
	_, err := sheet.Read(iotest.ErrReader(limitErr), "", sheet.Limits{})
	wantError(t, err, haizhi.ETOOLARGE, "error.file_too_large")
	_, err = sheet.Read(iotest.ErrReader(errors.New("connection reset")), "", sheet.Limits{})
	wantError(t, err, haizhi.EINVALID, "sheet.unreadable")
}

// panicReader panics when read, standing in for a panic deep inside excelize.
type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("boom") }

func TestReadRecoversPanics(t *testing.T) {
	tb, err := sheet.Read(panicReader{}, "", sheet.Limits{})
	if tb != nil {
		t.Error("a table with the error")
	}
	wantError(t, err, haizhi.EINVALID, "sheet.unreadable")
	if !strings.Contains(haizhi.ErrorMessage(err), "boom") {
		t.Errorf("message = %q", haizhi.ErrorMessage(err))
	}
}

func TestIndex(t *testing.T) {
	tb := &sheet.Table{Headers: []string{"*项目名称", "Project　Title", "ＡＭＯＵＮＴ（万元）", "", "Email"}}
	tests := []struct {
		aliases []string
		want    int
	}{
		{[]string{"项目名称"}, 0},
		{[]string{"project title"}, 1},
		{[]string{"amount(万元)"}, 2},
		{[]string{"missing", "EMAIL"}, 4},
		{[]string{""}, -1},
		{[]string{"missing"}, -1},
		{nil, -1},
	}
	for _, tt := range tests {
		if got := tb.Index(tt.aliases...); got != tt.want {
			t.Errorf("Index(%q) = %d, want %d", tt.aliases, got, tt.want)
		}
	}
}

// hiddenSheetParts are a workbook whose only sheet is hidden, which excelize refuses to
// write (one sheet must stay visible) but a hand-edited file may hold.
func hiddenSheetParts() []part {
	parts := minimalParts(sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>`))
	for i, p := range parts {
		if p.name == "xl/workbook.xml" {
			parts[i].data = bytes.Replace(p.data, []byte(`sheetId="1"`), []byte(`sheetId="1" state="hidden"`), 1)
		}
	}
	return parts
}

// badChecksum flips one byte inside the stored worksheet of a re-zipped workbook, which
// leaves the zip readable but the part's CRC-32 wrong.
func badChecksum(tb testing.TB, workbook []byte) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(workbook), int64(len(workbook)))
	if err != nil {
		tb.Fatal(err)
	}
	var parts []part
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		if err != nil {
			tb.Fatal(err)
		}
		parts = append(parts, part{f.Name, data})
	}
	b := MustZip(tb, true, parts...)
	i := bytes.Index(b, []byte("<sheetData>"))
	if i < 0 {
		tb.Fatal("no sheetData in the stored workbook")
	}
	b[i+1] = 'S'
	return b
}
