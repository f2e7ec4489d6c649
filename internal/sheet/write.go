package sheet

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/haizhi-dev/haizhi"
)

// Writer streams a workbook of one or more sheets to an io.Writer. Rows go through
// excelize's StreamWriter, which spills to a temporary file past 16 MB, so memory stays
// flat for exports of any length. A Writer is not safe for concurrent use.
//
//	w := sheet.NewWriter(out)
//	if err := w.Sheet("Entries", cols); err != nil { … }
//	for … { if err := w.Row(e.Code, e.Title, e.SubmittedAt); err != nil { … } }
//	return w.Close()
type Writer struct {
	out    io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	st     styles
	row    int   // the last row written on the current sheet
	vals   []any // reused between rows
	ref    []byte
	sheets int
	closed bool
}

// styles holds the style ids a workbook uses, created once per file.
type styles struct {
	header, required, date, dateTime, wrap, flagged, example int
}

// NewWriter returns a Writer that writes the workbook to w when it is closed.
func NewWriter(w io.Writer) *Writer {
	f := excelize.NewFile()
	// excelize's WriteTo zips the whole workbook into a bytes.Buffer before copying it
	// out, which would make memory grow with the export. Its ZipWriter hook lets the zip
	// go straight to w instead; the buffer it is handed then stays empty.
	f.ZipWriter = func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) }
	return &Writer{out: w, f: f}
}

// errClosed is returned by the methods of a closed Writer.
var errClosed = errors.New("sheet: writer is closed")

// Sheet starts a new sheet named name with a bold heading row made of the columns' Header
// fields, frozen so it stays in view, and the columns' widths. Later rows go to this sheet;
// the previous one is finished. Sheet names are at most 31 characters, without any of
// : \ / ? * [ ], and unique in the workbook (ignoring case).
func (w *Writer) Sheet(name string, cols []Column) error {
	if w.closed {
		return errClosed
	}
	if len(cols) == 0 {
		return fmt.Errorf("sheet: sheet %q has no columns", name)
	}
	if err := w.flush(); err != nil {
		return err
	}
	if err := addSheet(w.f, w.sheets == 0, name); err != nil {
		return err
	}
	w.sheets++
	if w.sheets == 1 {
		st, err := newStyles(w.f)
		if err != nil {
			return err
		}
		w.st = st
	}
	sw, err := w.f.NewStreamWriter(name)
	if err != nil {
		return fmt.Errorf("sheet: stream %q: %w", name, err)
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, columnWidth(c)); err != nil {
			return fmt.Errorf("sheet: column width: %w", err)
		}
	}
	if err := sw.SetPanes(headerPanes()); err != nil {
		return fmt.Errorf("sheet: freeze header: %w", err)
	}
	w.sw, w.row = sw, 0
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: w.st.header, Value: c.Header}
	}
	return w.writeRow(head)
}

// Row writes the next row of the current sheet. Values are written by type: strings as
// text; integers, floats and bools as numbers and booleans; a time.Time as a date cell
// (with the time of day when it has one) showing its wall clock in Beijing time, as the
// site shows times. nil, a zero time.Time, NaN and infinities leave the cell empty. Named
// types whose underlying type is a string, integer, float or bool are written as that
// type; fmt.Stringer values as their String. Any other type is an error, as is a row past
// Excel's 1,048,576 rows or a call before Sheet.
func (w *Writer) Row(values ...any) error {
	if w.closed {
		return errClosed
	}
	if w.sw == nil {
		return errors.New("sheet: Row called before Sheet")
	}
	w.vals = w.vals[:0]
	for i, v := range values {
		c, err := w.cellValue(v)
		if err != nil {
			return fmt.Errorf("sheet: row %d, column %d: %w", w.row+1, i+1, err)
		}
		w.vals = append(w.vals, c)
	}
	return w.writeRow(w.vals)
}

// writeRowAt writes values as row n, leaving the rows before it empty; n must be past the
// last row written.
func (w *Writer) writeRowAt(n int, values []any) error {
	if n <= w.row {
		return fmt.Errorf("sheet: row %d written after row %d", n, w.row)
	}
	w.row = n - 1
	return w.writeRow(values)
}

// writeRow writes values (already converted, or excelize.Cell) as the next row.
func (w *Writer) writeRow(values []any) error {
	if w.row >= excelize.TotalRows {
		return fmt.Errorf("sheet: more than %d rows", excelize.TotalRows)
	}
	w.row++
	w.ref = strconv.AppendInt(append(w.ref[:0], 'A'), int64(w.row), 10)
	if err := w.sw.SetRow(string(w.ref), values); err != nil {
		return fmt.Errorf("sheet: write row %d: %w", w.row, err)
	}
	return nil
}

// Close finishes the current sheet, writes the workbook to the io.Writer given to
// NewWriter (streaming it, not building it in memory) and removes excelize's temporary
// files. A Writer with no sheet writes an empty workbook. When Close fails, the io.Writer
// may hold part of a file. Closing twice returns an error.
func (w *Writer) Close() error {
	if w.closed {
		return errClosed
	}
	w.closed = true
	err := w.flush()
	if err == nil {
		if _, werr := w.f.WriteTo(w.out); werr != nil {
			err = fmt.Errorf("sheet: write workbook: %w", werr)
		}
	}
	if cerr := w.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("sheet: close workbook: %w", cerr)
	}
	return err
}

// flush ends the current stream, if any.
func (w *Writer) flush() error {
	if w.sw == nil {
		return nil
	}
	sw := w.sw
	w.sw = nil
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet: finish sheet %q: %w", sw.Sheet, err)
	}
	return nil
}

// cellValue converts one value of Row into what the stream writer takes.
func (w *Writer) cellValue(v any) (any, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, excelize.Cell:
		return v, nil
	case float64:
		return finite(v), nil
	case float32:
		return finite(float64(v)), nil
	case time.Time:
		return w.timeCell(v), nil
	case *time.Time:
		if v == nil {
			return nil, nil
		}
		return w.timeCell(*v), nil
	case fmt.Stringer:
		return v.String(), nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), nil
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return rv.Uint(), nil
	case reflect.Float32, reflect.Float64:
		return finite(rv.Float()), nil
	}
	return nil, fmt.Errorf("unsupported cell type %T", v)
}

// timeCell makes a date cell of t in Beijing time; a zero time is an empty cell.
func (w *Writer) timeCell(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.In(haizhi.Shanghai)
	style := w.st.date
	if h, m, s := t.Clock(); h != 0 || m != 0 || s != 0 || t.Nanosecond() != 0 {
		style = w.st.dateTime
	}
	return excelize.Cell{StyleID: style, Value: t}
}

// finite returns v, or nil for NaN and infinities, which have no cell representation.
func finite(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// addSheet names the first sheet of a new file (renaming excelize's "Sheet1") or adds
// another, refusing a duplicate name, which excelize would silently reuse.
func addSheet(f *excelize.File, first bool, name string) error {
	for _, s := range f.GetSheetList() {
		if strings.EqualFold(s, name) && !(first && s == "Sheet1") {
			return fmt.Errorf("sheet: duplicate sheet name %q", name)
		}
	}
	if first {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return fmt.Errorf("sheet: sheet name %q: %w", name, err)
		}
		return nil
	}
	if _, err := f.NewSheet(name); err != nil {
		return fmt.Errorf("sheet: sheet name %q: %w", name, err)
	}
	return nil
}

// newStyles registers the styles of a workbook.
func newStyles(f *excelize.File) (styles, error) {
	var st styles
	dateFmt, dateTimeFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
	defs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&st.header, &excelize.Style{Font: &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&st.required, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&st.date, &excelize.Style{CustomNumFmt: &dateFmt}},
		{&st.dateTime, &excelize.Style{CustomNumFmt: &dateTimeFmt}},
		{&st.wrap, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.flagged, &excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}}},
		{&st.example, &excelize.Style{Font: &excelize.Font{Italic: true, Color: "808080"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return st, fmt.Errorf("sheet: style: %w", err)
		}
		*d.id = id
	}
	return st, nil
}

// headerPanes freezes the first row.
func headerPanes() *excelize.Panes {
	return &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}
}

// columnWidth is c.Width, or a width that fits the heading (a Chinese character counts
// twice) between 10 and 50.
func columnWidth(c Column) float64 {
	if c.Width > 0 {
		return min(c.Width, 255)
	}
	return min(max(float64(displayWidth(c.Header))+4, 10), 50)
}

// displayWidth counts the character cells s takes: wide (CJK) runes count two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && utf8.RuneLen(r) >= 3 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
