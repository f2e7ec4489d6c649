// Package sheet reads and writes the Excel workbooks (.xlsx) through which operators import
// and export every list in Haizhi, competition entries first.
//
// Exports stream: a Writer keeps memory flat however many rows it writes. Imports follow
// one path:
//
//	sheet.WriteTemplate(w, "Entries", cols, hints, examples) // the operator fills it in
//	t, err := sheet.Read(upload, "", sheet.DefaultLimits())  // EINVALID/ETOOLARGE "sheet.…"
//	title := t.Index("项目名称", "Project title")              // by the zh or the en heading
//	var rep sheet.Report
//	for _, row := range t.Rows {
//		if row.Cell(title) == "" {
//			rep.Add(row.Number, t.Headers[title], "sheet.problem.required", nil)
//		}
//	}
//	if !rep.OK() { // import nothing; hand back the rows with their problems
//		return sheet.WriteReport(w, t, rep, localise, l.T("sheet.problems"))
//	}
//
// Read distrusts its input: it checks the file's signature, size and the zip directory
// (against zip bombs) before excelize parses it, bounds rows and columns, and turns every
// failure, panics included, into a *haizhi.Error whose Key names a message in the "sheet.…"
// part of the i18n catalogues.
package sheet

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Column describes one column of an export or an import template.
//
// Key is the caller's own name for the column (a field name); the workbook never shows it.
// Header is the heading written in the first row. Width is the column width in Excel's
// character units; 0 picks a width that fits the heading. Options, Required and Note only
// matter in templates: Options become a drop-down list (data validation) on the column,
// Required marks the heading and the instructions, and Note is shown in the instructions
// sheet.
type Column struct {
	Key      string
	Header   string
	Width    float64
	Options  []string
	Required bool
	Note     string
}

// Limits bounds what Read accepts from an upload.
//
// MaxBytes is the size of the file itself; MaxUncompressed the total size of the parts
// inside it once unzipped, as declared by the zip directory (which archive/zip enforces
// while reading). MaxRows counts non-blank rows below the header row; MaxColumns the
// columns of any row. A zero or negative field takes its value from DefaultLimits.
type Limits struct {
	MaxBytes        int64
	MaxRows         int
	MaxColumns      int
	MaxUncompressed int64
}

// DefaultLimits returns the limits of an ordinary import: a 20 MB file, 10,000 rows, 200
// columns and 200 MB unzipped.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 20 << 20, MaxRows: 10_000, MaxColumns: 200, MaxUncompressed: 200 << 20}
}

// orDefaults replaces the unset fields of l by the defaults.
func (l Limits) orDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = d.MaxColumns
	}
	if l.MaxUncompressed <= 0 {
		l.MaxUncompressed = d.MaxUncompressed
	}
	return l
}

// Table is a sheet as Read found it: the headings of its first non-blank row and every
// non-blank row below it, in order.
type Table struct {
	Headers []string
	Rows    []Row
	sheet   string // the name of the sheet read, reused by WriteReport
}

// Row is one non-blank row of a Table. Number is the row's 1-based number in the
// spreadsheet, as Excel shows it, so problems can point at it even when blank rows were
// skipped. Cells hold the values as stored (numbers and dates as their raw values, dates as
// Excel serial numbers unless typed as text), untrimmed; trailing empty cells are dropped.
type Row struct {
	Number int
	Cells  []string
}

// Index returns the position of the first column whose heading matches one of aliases, or
// -1 when none does. Headings are compared ignoring case, white space, asterisks (often
// used to mark required columns) and full-width forms, so "项目名称", "* 项目名称" and
// "Project Title" each match an alias written as "项目名称" or "project title".
func (t *Table) Index(aliases ...string) int {
	for _, a := range aliases {
		want := normaliseHeader(a)
		if want == "" {
			continue
		}
		for i, h := range t.Headers {
			if normaliseHeader(h) == want {
				return i
			}
		}
	}
	return -1
}

// Cell returns the i-th cell of the row without surrounding white space, or "" when the row
// has no such cell (i negative or past its last non-empty cell).
func (r Row) Cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return strings.TrimSpace(r.Cells[i])
}

// normaliseHeader folds a heading for comparison: full-width letters and digits to their
// ASCII forms, lower case, and no white space or asterisks.
func normaliseHeader(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || r == '*' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// trimTrailing drops the empty (or white-space) cells at the end of a row.
func trimTrailing(cells []string) []string {
	n := len(cells)
	for n > 0 && strings.TrimSpace(cells[n-1]) == "" {
		n--
	}
	return cells[:n]
}
