package sheet_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sheet"
)

// MustWorkbook streams rows under the headings to a one-sheet workbook named "Data".
func MustWorkbook(tb testing.TB, headers []string, rows ...[]any) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := sheet.NewWriter(&buf)
	cols := make([]sheet.Column, len(headers))
	for i, h := range headers {
		cols[i] = sheet.Column{Key: h, Header: h}
	}
	if err := w.Sheet("Data", cols); err != nil {
		tb.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// MustFile saves an excelize file built by fill, for layouts the Writer does not make.
func MustFile(tb testing.TB, fill func(f *excelize.File)) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// MustOpen opens workbook bytes with excelize, for checks Read does not make.
func MustOpen(tb testing.TB, b []byte) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = f.Close() })
	return f
}

// part is one entry of a hand-made zip.
type part struct {
	name string
	data []byte
}

// minimalParts are the parts of a one-sheet workbook whose sheet XML is sheetXML.
func minimalParts(sheetXML []byte) []part {
	return []part{
		{"[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)},
		{"_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"xl/workbook.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)},
		{"xl/worksheets/sheet1.xml", sheetXML},
	}
}

// sheetXML wraps rows XML in a worksheet.
func sheetXML(rows string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		rows + `</sheetData></worksheet>`)
}

// MustZip writes parts into a zip archive, deflated, or stored when store is set.
func MustZip(tb testing.TB, store bool, parts ...part) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate}
		if store {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(p.data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// MustLyingZip stores parts, the last one declaring an unzipped size of declared bytes
// whatever its real size, as a zip bomb hiding from the directory would.
func MustLyingZip(tb testing.TB, declared uint64, parts ...part) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, p := range parts {
		if i < len(parts)-1 {
			w, err := zw.Create(p.name)
			if err != nil {
				tb.Fatal(err)
			}
			_, _ = w.Write(p.data)
			continue
		}
		h := &zip.FileHeader{Name: p.name, Method: zip.Store,
			CRC32: crc32.ChecksumIEEE(p.data), CompressedSize64: uint64(len(p.data)), UncompressedSize64: declared}
		w, err := zw.CreateRaw(h)
		if err != nil {
			tb.Fatal(err)
		}
		_, _ = w.Write(p.data)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// wantError fails unless err is a *haizhi.Error with the code and key.
func wantError(tb testing.TB, err error, code, key string) {
	tb.Helper()
	var he *haizhi.Error
	if !errors.As(err, &he) {
		tb.Fatalf("err = %v (%T), want *haizhi.Error %s %s", err, err, code, key)
	}
	if he.Code != code || he.Key != key {
		tb.Fatalf("err = %s %s (%s), want %s %s", he.Code, he.Key, he.Message, code, key)
	}
}

// mustRead reads the first sheet with the default limits.
func mustRead(tb testing.TB, b []byte) *sheet.Table {
	tb.Helper()
	t, err := sheet.Read(bytes.NewReader(b), "", sheet.DefaultLimits())
	if err != nil {
		tb.Fatal(err)
	}
	return t
}
