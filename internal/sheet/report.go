package sheet

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Problem is one thing wrong with an uploaded sheet. Row is the spreadsheet row number
// (Row.Number), or 0 for a problem of the whole sheet such as a missing column. Column is
// the heading of the cell's column as the operator sees it ("" when the problem is the
// whole row's). Key names a catalogue message and Args fills its placeholders; the
// "sheet.problem.…" keys are shared by every importer.
type Problem struct {
	Row    int
	Column string
	Key    string
	Args   map[string]any
}

// Report collects the problems an importer finds, so that it can check every row, tell
// the operator everything at once and write nothing while anything is wrong. The zero
// Report is empty and ready to use.
type Report struct {
	Problems []Problem
}

// Add records a problem at a row (0 for the whole sheet) and a column heading.
func (r *Report) Add(row int, column, key string, args map[string]any) {
	r.Problems = append(r.Problems, Problem{Row: row, Column: column, Key: key, Args: args})
}

// OK reports whether no problem was recorded.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// ByRow groups the problems by row number, each row's in the order they were added. The
// problems of the whole sheet are under 0.
func (r Report) ByRow() map[int][]Problem {
	m := make(map[int][]Problem)
	for _, p := range r.Problems {
		m[p.Row] = append(m[p.Row], p)
	}
	return m
}

// WriteReport writes the rows of t back to w as a workbook, with one more column, headed
// problemHeader, listing each row's problems as "heading: message" lines, the messages
// coming from localise(p.Key, p.Args). The cells named by a problem are shaded red. The
// operator can fix the rows in place, delete the column or not, and upload the file again.
// Problems of the whole sheet (row 0), or of a row t does not hold, are listed under the
// heading of the problems column. Each row keeps its number in the uploaded sheet, so
// "row 17" means the same row in both files. Cells are written back as the text Read
// returned, so a date cell shows as its serial number, which ParseDate still reads.
func WriteReport(w io.Writer, t *Table, rep Report, localise func(key string, args map[string]any) string, problemHeader string) error {
	width := len(t.Headers)
	rowIndex := make(map[int]bool, len(t.Rows))
	for _, r := range t.Rows {
		width = max(width, len(r.Cells))
		rowIndex[r.Number] = true
	}
	byRow := rep.ByRow()
	var general []Problem
	for _, p := range rep.Problems {
		if p.Row == 0 || !rowIndex[p.Row] {
			general = append(general, p)
		}
	}

	cols := make([]Column, width+1)
	for i := range width {
		if i < len(t.Headers) {
			cols[i] = Column{Header: t.Headers[i]}
		}
	}
	header := problemHeader
	if len(general) > 0 {
		header += "\n" + problemLines(general, localise)
	}
	cols[width] = Column{Header: header, Width: 60}

	name := t.sheet
	if name == "" {
		name = "Sheet1"
	}
	sw := NewWriter(w)
	if err := sw.Sheet(name, cols); err != nil {
		return err
	}
	vals := make([]any, width+1)
	for _, r := range t.Rows {
		ps := byRow[r.Number]
		flagged := make(map[int]bool, len(ps))
		for _, p := range ps {
			if i := t.Index(p.Column); i >= 0 {
				flagged[i] = true
			}
		}
		clear(vals)
		for i, c := range r.Cells {
			if flagged[i] {
				vals[i] = excelize.Cell{StyleID: sw.st.flagged, Value: c}
			} else if c != "" {
				vals[i] = c
			}
		}
		for i := range flagged {
			if i >= len(r.Cells) {
				vals[i] = excelize.Cell{StyleID: sw.st.flagged}
			}
		}
		if len(ps) > 0 {
			vals[width] = excelize.Cell{StyleID: sw.st.wrap, Value: problemLines(ps, localise)}
		}
		if err := sw.writeRowAt(r.Number, vals); err != nil {
			_ = sw.Close()
			return err
		}
	}
	return sw.Close()
}

// problemLines renders problems one per line, each prefixed by its column heading.
func problemLines(ps []Problem, localise func(string, map[string]any) string) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		if p.Column != "" {
			fmt.Fprintf(&b, "%s: ", p.Column)
		}
		b.WriteString(localise(p.Key, p.Args))
	}
	return b.String()
}
