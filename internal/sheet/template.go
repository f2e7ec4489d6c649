package sheet

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// InstructionsSheet is the name of the sheet of instructions in a template. Read skips it
// (and sheets named "说明" or "Instructions") when asked for the first sheet.
const InstructionsSheet = "说明 Instructions"

// TemplateRows is the number of rows below the headings that a template's drop-down lists
// cover.
const TemplateRows = 10_000

// listsSheet is the hidden sheet holding the allowed values of columns whose list does not
// fit in a data validation formula (255 characters, no commas).
const listsSheet = "lists"

// The headings of the table of columns in the instructions sheet. The template is written
// before anyone's language is known to it, so they are bilingual.
var instructionHeadings = []string{"列名 Column", "必填 Required", "可选值 Allowed values", "说明 Note"}

// WriteTemplate writes an import template to w: first the instructions sheet
// (InstructionsSheet), holding the lines of instructions, then a table with one row per
// column (heading, required or not, allowed values, note); then the data sheet sheetName
// with the headings (required ones in red), frozen, a drop-down list on every column with
// Options for the first TemplateRows rows, and the example rows in grey italics. Long
// lists live in a hidden sheet. Operators should delete the example rows; Read does not
// know them from data.
func WriteTemplate(w io.Writer, sheetName string, cols []Column, instructions []string, examples [][]string) (err error) {
	if len(cols) == 0 {
		return fmt.Errorf("sheet: template %q has no columns", sheetName)
	}
	if isInstructions(sheetName) || strings.EqualFold(sheetName, listsSheet) {
		return fmt.Errorf("sheet: %q is reserved for the template's own sheets", sheetName)
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("sheet: close template: %w", cerr)
		}
	}()
	if err := addSheet(f, true, InstructionsSheet); err != nil {
		return err
	}
	if err := addSheet(f, false, sheetName); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := writeInstructions(f, st, cols, instructions); err != nil {
		return err
	}
	if err := writeDataSheet(f, st, sheetName, cols, examples); err != nil {
		return err
	}
	if err := addDropLists(f, sheetName, cols); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("sheet: write template: %w", err)
	}
	return nil
}

// writeInstructions fills the instructions sheet.
func writeInstructions(f *excelize.File, st styles, cols []Column, lines []string) error {
	const name = InstructionsSheet
	row := 0
	set := func(values []any, style int) error {
		row++
		cell := fmt.Sprintf("A%d", row)
		if err := f.SetSheetRow(name, cell, &values); err != nil {
			return fmt.Errorf("sheet: instructions row %d: %w", row, err)
		}
		if style != 0 {
			last, _ := excelize.CoordinatesToCellName(len(values), row)
			return f.SetCellStyle(name, cell, last, style)
		}
		return nil
	}
	for _, l := range lines {
		if err := set([]any{l}, 0); err != nil {
			return err
		}
	}
	if len(lines) > 0 {
		row++ // a blank row before the table
	}
	head := make([]any, len(instructionHeadings))
	for i, h := range instructionHeadings {
		head[i] = h
	}
	if err := set(head, st.header); err != nil {
		return err
	}
	for _, c := range cols {
		required := "否 No"
		if c.Required {
			required = "是 Yes"
		}
		if err := set([]any{c.Header, required, strings.Join(c.Options, "\n"), c.Note}, st.wrap); err != nil {
			return err
		}
	}
	for i, wd := range []float64{30, 14, 36, 60} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, wd); err != nil {
			return fmt.Errorf("sheet: instructions width: %w", err)
		}
	}
	return nil
}

// writeDataSheet writes the headings and the example rows of the data sheet.
func writeDataSheet(f *excelize.File, st styles, name string, cols []Column, examples [][]string) error {
	for i, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(name, cell, c.Header); err != nil {
			return fmt.Errorf("sheet: heading %q: %w", c.Header, err)
		}
		style := st.header
		if c.Required {
			style = st.required
		}
		if err := f.SetCellStyle(name, cell, cell, style); err != nil {
			return fmt.Errorf("sheet: heading style: %w", err)
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, columnWidth(c)); err != nil {
			return fmt.Errorf("sheet: column width: %w", err)
		}
	}
	if err := f.SetPanes(name, headerPanes()); err != nil {
		return fmt.Errorf("sheet: freeze header: %w", err)
	}
	for r, ex := range examples {
		if len(ex) == 0 {
			continue
		}
		values := make([]any, len(ex))
		for i, v := range ex {
			values[i] = v
		}
		first, _ := excelize.CoordinatesToCellName(1, r+2)
		last, _ := excelize.CoordinatesToCellName(len(ex), r+2)
		if err := f.SetSheetRow(name, first, &values); err != nil {
			return fmt.Errorf("sheet: example row %d: %w", r+1, err)
		}
		if err := f.SetCellStyle(name, first, last, st.example); err != nil {
			return fmt.Errorf("sheet: example style: %w", err)
		}
	}
	return nil
}

// addDropLists adds a list validation to every column with Options. A list that fits in
// the formula is written inline; a longer one, or one whose values hold a comma or a quote,
// goes into a column of the hidden lists sheet and the validation refers to it.
func addDropLists(f *excelize.File, name string, cols []Column) error {
	listCol := 0
	for i, c := range cols {
		if len(c.Options) == 0 {
			continue
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, TemplateRows+1)
		dv.ShowErrorMessage = true // Excel refuses values not in the list only when this is set
		if inlineList(c.Options) {
			if err := dv.SetDropList(c.Options); err != nil {
				return fmt.Errorf("sheet: drop-down %q: %w", c.Header, err)
			}
		} else {
			if listCol == 0 {
				if _, err := f.NewSheet(listsSheet); err != nil {
					return fmt.Errorf("sheet: lists sheet: %w", err)
				}
				if err := f.SetSheetVisible(listsSheet, false); err != nil {
					return fmt.Errorf("sheet: hide lists sheet: %w", err)
				}
			}
			listCol++
			lc, _ := excelize.ColumnNumberToName(listCol)
			for j, o := range c.Options {
				if err := f.SetCellStr(listsSheet, fmt.Sprintf("%s%d", lc, j+1), o); err != nil {
					return fmt.Errorf("sheet: list value: %w", err)
				}
			}
			dv.SetSqrefDropList(fmt.Sprintf("%s!$%s$1:$%s$%d", listsSheet, lc, lc, len(c.Options)))
		}
		if err := f.AddDataValidation(name, dv); err != nil {
			return fmt.Errorf("sheet: drop-down %q: %w", c.Header, err)
		}
	}
	return nil
}

// inlineList reports whether options fit in an inline list formula: at most 255 UTF-16
// units joined by commas, with no comma or quote inside a value.
func inlineList(options []string) bool {
	n := len(options) - 1
	for _, o := range options {
		if strings.ContainsAny(o, `,"`) {
			return false
		}
		n += len(utf16.Encode([]rune(o)))
	}
	return n <= excelize.MaxFieldLength
}

// isInstructions reports whether a sheet name is that of an instructions sheet.
func isInstructions(name string) bool {
	switch normaliseHeader(name) {
	case normaliseHeader(InstructionsSheet), "说明", "填写说明", "instructions":
		return true
	}
	return false
}
