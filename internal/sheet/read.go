package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/haizhi-dev/haizhi"
)

// The signatures Read recognises: a zip archive (every .xlsx) and an OLE compound file,
// which is either a legacy .xls workbook or an .xlsx encrypted with a password.
var (
	zipMagic      = []byte("PK\x03\x04")
	emptyZipMagic = []byte("PK\x05\x06")
	cfbMagic      = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

const (
	// maxEntries bounds the parts of a workbook; real ones have a few dozen.
	maxEntries = 10_000
	// maxRatio bounds how much one part may expand (its unzipped size over its zipped
	// size). Worksheet XML compresses 10–30 times; zip bombs, a thousand times.
	maxRatio = 200
	// ratioFloor is the unzipped size under which a part's ratio is not checked: small
	// parts of repeated XML compress very well and cannot hurt.
	ratioFloor = 1 << 20
)

// Read reads one sheet of the .xlsx workbook in r into a Table: its first non-blank row as
// the headings and every later non-blank row. sheetName "" means the first visible sheet
// other than an instructions sheet; otherwise the sheet is found ignoring case.
//
// Read reads at most lim.MaxBytes+1 bytes and checks the file before excelize parses it.
// Every error is a *haizhi.Error whose Key names a catalogue message:
//
//   - EINVALID "sheet.empty": no bytes at all;
//   - ETOOLARGE "sheet.too_large": more than MaxBytes, or a zip directory declaring more
//     than MaxUncompressed in all, too many parts, or a part expanding like a zip bomb;
//   - EINVALID "sheet.encrypted_or_xls": an OLE file, i.e. a password-protected workbook
//     or a legacy .xls one;
//   - EINVALID "sheet.not_xlsx": anything else that is not a zip holding a workbook;
//   - EINVALID "sheet.no_sheet": no such sheet, or no visible one;
//   - EINVALID "sheet.no_header": the sheet has no non-blank row;
//   - EINVALID "sheet.too_many_rows", "sheet.too_many_columns": past MaxRows or MaxColumns;
//   - EINVALID "sheet.unreadable": a damaged file that excelize cannot parse, or a panic
//     inside it, which Read recovers.
//
// An error of r that is already a *haizhi.Error (such as the ETOOLARGE error of a size
// limiting reader) is returned as it is. Cells are read as raw values: numbers unformatted,
// dates as Excel serial numbers (see ParseDate).
func Read(r io.Reader, sheetName string, lim Limits) (t *Table, err error) {
	defer func() {
		if p := recover(); p != nil {
			t, err = nil, unreadable(fmt.Errorf("panic: %v", p))
		}
	}()
	lim = lim.orDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		var he *haizhi.Error
		if errors.As(err, &he) {
			return nil, he
		}
		return nil, haizhi.Errorf(haizhi.EINVALID, "sheet.unreadable", "The upload could not be read: %v.", err)
	}
	if err := checkFile(data, lim); err != nil {
		return nil, err
	}
	opts := excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    lim.MaxUncompressed,
		UnzipXMLSizeLimit: min(lim.MaxUncompressed, excelize.StreamChunkSize),
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), opts)
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		return nil, unreadable(err)
	}
	defer func() { _ = f.Close() }() // removes the temporary files of large sheets
	name, err := chooseSheet(f, sheetName)
	if err != nil {
		return nil, err
	}
	return readRows(f, name, lim, opts)
}

// checkFile looks at the bytes of an upload before excelize does: its size, its signature
// and the directory of the zip archive.
func checkFile(data []byte, lim Limits) error {
	switch {
	case len(data) == 0:
		return haizhi.Errorf(haizhi.EINVALID, "sheet.empty", "The file is empty.")
	case int64(len(data)) > lim.MaxBytes:
		return haizhi.Errorf(haizhi.ETOOLARGE, "sheet.too_large", "The file is larger than %d bytes.", lim.MaxBytes)
	case bytes.HasPrefix(data, cfbMagic):
		return haizhi.Errorf(haizhi.EINVALID, "sheet.encrypted_or_xls",
			"The workbook is encrypted or in the legacy .xls format.")
	case !bytes.HasPrefix(data, zipMagic) && !bytes.HasPrefix(data, emptyZipMagic):
		return notXLSX()
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return unreadable(err)
	}
	if len(zr.File) > maxEntries {
		return tooLarge("%d parts", len(zr.File))
	}
	var total uint64
	workbook, types := false, false
	for _, e := range zr.File {
		// archive/zip fails a read that yields more than the declared size, so the declared
		// sizes bound what excelize can unzip.
		total += e.UncompressedSize64
		if total > uint64(lim.MaxUncompressed) || total < e.UncompressedSize64 {
			return tooLarge("more than %d bytes unzipped", lim.MaxUncompressed)
		}
		if e.UncompressedSize64 > ratioFloor && e.UncompressedSize64/max(e.CompressedSize64, 1) > maxRatio {
			return tooLarge("part %q expands %d times", e.Name, e.UncompressedSize64/max(e.CompressedSize64, 1))
		}
		name := strings.ToLower(strings.ReplaceAll(e.Name, `\`, "/"))
		switch {
		case name == "[content_types].xml":
			types = true
		case strings.HasSuffix(name, "workbook.xml"):
			workbook = true
		}
	}
	if !workbook || !types {
		return notXLSX()
	}
	// excelize ignores the errors of archive/zip while unzipping a part, so a damaged part
	// (bad checksum, data past its declared size) would silently become a truncated sheet.
	// Unzipping each part once here, within the bounds just checked, turns that into an
	// error.
	buf := make([]byte, 32<<10)
	for _, e := range zr.File {
		if err := verifyPart(e, buf); err != nil {
			return unreadable(fmt.Errorf("%s: %w", e.Name, err))
		}
	}
	return nil
}

// verifyPart unzips one part to nowhere, checking its size and checksum.
func verifyPart(e *zip.File, buf []byte) error {
	rc, err := e.Open()
	if err != nil {
		return err
	}
	defer func() { _ = rc.Close() }()
	_, err = io.CopyBuffer(io.Discard, rc, buf)
	return err
}

// chooseSheet returns the name of the sheet to read.
func chooseSheet(f *excelize.File, want string) (string, error) {
	for _, s := range f.GetSheetList() {
		if want != "" && strings.EqualFold(s, want) {
			return s, nil
		}
		if want == "" && !isInstructions(s) {
			if visible, err := f.GetSheetVisible(s); err == nil && visible {
				return s, nil
			}
		}
	}
	if want == "" {
		return "", haizhi.Errorf(haizhi.EINVALID, "sheet.no_sheet", "The workbook has no sheet of data.")
	}
	return "", haizhi.Errorf(haizhi.EINVALID, "sheet.no_sheet", "The workbook has no sheet named %q.", want)
}

// readRows streams the rows of a sheet into a Table.
func readRows(f *excelize.File, name string, lim Limits, opts excelize.Options) (*Table, error) {
	rows, err := f.Rows(name)
	if err != nil {
		return nil, unreadable(err)
	}
	defer func() { _ = rows.Close() }()
	t := &Table{sheet: name}
	header := false
	// Next moves one spreadsheet row at a time, gaps included, so n is the row's number.
	for n := 1; rows.Next(); n++ {
		if n > excelize.TotalRows {
			// Rows without an r attribute are counted, not checked, by excelize.
			return nil, haizhi.Errorf(haizhi.EINVALID, "sheet.too_many_rows",
				"The sheet has more than %d rows.", excelize.TotalRows)
		}
		cells, err := rows.Columns(opts)
		if err != nil {
			return nil, unreadable(err)
		}
		cells = trimTrailing(cells)
		if len(cells) == 0 {
			continue
		}
		if len(cells) > lim.MaxColumns {
			return nil, haizhi.Errorf(haizhi.EINVALID, "sheet.too_many_columns",
				"Row %d has %d columns; at most %d are read.", n, len(cells), lim.MaxColumns)
		}
		if !header {
			header = true
			t.Headers = make([]string, len(cells))
			for i, c := range cells {
				t.Headers[i] = strings.TrimSpace(c)
			}
			continue
		}
		if len(t.Rows) == lim.MaxRows {
			return nil, haizhi.Errorf(haizhi.EINVALID, "sheet.too_many_rows",
				"The sheet has more than %d rows of data.", lim.MaxRows)
		}
		t.Rows = append(t.Rows, Row{Number: n, Cells: cells})
	}
	if err := rows.Error(); err != nil {
		return nil, unreadable(err)
	}
	if !header {
		return nil, haizhi.Errorf(haizhi.EINVALID, "sheet.no_header", "The sheet %q is empty.", name)
	}
	return t, nil
}

func notXLSX() error {
	return haizhi.Errorf(haizhi.EINVALID, "sheet.not_xlsx", "The file is not an .xlsx workbook.")
}

func tooLarge(format string, args ...any) error {
	return haizhi.Errorf(haizhi.ETOOLARGE, "sheet.too_large", "The workbook is too large: "+format+".", args...)
}

func unreadable(err error) error {
	return haizhi.Errorf(haizhi.EINVALID, "sheet.unreadable", "The workbook could not be read: %v.", err)
}
