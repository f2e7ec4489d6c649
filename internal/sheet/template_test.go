package sheet_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/sheet"
)

// templateColumns are the columns of an entries template, one with a list too long to
// write inline and one whose values hold commas.
func templateColumns() []sheet.Column {
	var countries []string
	for i := range 60 {
		countries = append(countries, fmt.Sprintf("国家 Country %d", i+1))
	}
	return []sheet.Column{
		{Key: "title", Header: "项目名称 Project title", Required: true, Note: "中英文均可"},
		{Key: "track", Header: "赛道 Track", Options: []string{"人工智能", "生物医药", "新材料"}, Required: true},
		{Key: "country", Header: "国家 Country", Options: countries},
		{Key: "stage", Header: "阶段 Stage", Options: []string{"idea, early", "revenue"}},
		{Key: "founded", Header: "成立日期 Founded", Note: "2024-05-01"},
	}
}

func TestWriteTemplate(t *testing.T) {
	var buf bytes.Buffer
	cols := templateColumns()
	hints := []string{"请勿修改第一行的列名。", "Keep the headings of the first row."}
	examples := [][]string{{"深海机器人 Deep-sea robot", "人工智能", "国家 Country 3", "revenue", "2024-05-01"}}
	if err := sheet.WriteTemplate(&buf, "Entries", cols, hints, examples); err != nil {
		t.Fatal(err)
	}
	f := MustOpen(t, buf.Bytes())
	if got := strings.Join(f.GetSheetList(), ","); got != sheet.InstructionsSheet+",Entries,lists" {
		t.Fatalf("sheets = %s", got)
	}
	if visible, _ := f.GetSheetVisible("lists"); visible {
		t.Error("the lists sheet is visible")
	}

	dvs, err := f.GetDataValidations("Entries")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, dv := range dvs {
		if dv.Type != "list" || !dv.ShowErrorMessage {
			t.Errorf("validation %+v: want a list that refuses other values", dv)
		}
		got[dv.Sqref] = dv.Formula1
	}
	want := map[string]string{
		"B2:B10001": `"人工智能,生物医药,新材料"`,
		"C2:C10001": "lists!$A$1:$A$60",
		"D2:D10001": "lists!$B$1:$B$2",
	}
	for sqref, formula := range want {
		if got[sqref] != formula {
			t.Errorf("validation on %s = %q, want %q (all: %v)", sqref, got[sqref], formula, got)
		}
	}
	if len(dvs) != len(want) {
		t.Errorf("%d validations, want %d", len(dvs), len(want))
	}
	if v, _ := f.GetCellValue("lists", "B1"); v != "idea, early" {
		t.Errorf("lists!B1 = %q", v)
	}

	rows, err := f.GetRows(sheet.InstructionsSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2+1+1+len(cols) || rows[0][0] != hints[0] || rows[4][0] != cols[0].Header ||
		rows[4][1] != "是 Yes" || rows[4][3] != "中英文均可" || rows[5][2] != "人工智能\n生物医药\n新材料" || rows[8][1] != "否 No" {
		t.Errorf("instructions = %q", rows)
	}

	// Read skips the instructions sheet and finds the data sheet and its example row.
	tb := mustRead(t, buf.Bytes())
	if len(tb.Headers) != len(cols) || tb.Headers[1] != "赛道 Track" {
		t.Fatalf("headers = %q", tb.Headers)
	}
	if len(tb.Rows) != 1 || tb.Rows[0].Number != 2 || tb.Rows[0].Cell(1) != "人工智能" {
		t.Fatalf("rows = %+v", tb.Rows)
	}
	if i := tb.Index("track"); i != -1 {
		t.Errorf("Index(track) = %d: only whole headings match", i)
	}
	if i := tb.Index("赛道track"); i != 1 {
		t.Errorf("Index(赛道track) = %d", i)
	}
}

func TestWriteTemplateRefusesReservedNames(t *testing.T) {
	for _, name := range []string{"说明 Instructions", "instructions", "说明", "Lists"} {
		if err := sheet.WriteTemplate(&bytes.Buffer{}, name, templateColumns(), nil, nil); err == nil {
			t.Errorf("WriteTemplate(%q): no error", name)
		}
	}
	if err := sheet.WriteTemplate(&bytes.Buffer{}, "Entries", nil, nil, nil); err == nil {
		t.Error("WriteTemplate without columns: no error")
	}
}
