package sheet_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/haizhi-dev/haizhi/internal/sheet"
)

func TestReport(t *testing.T) {
	var rep sheet.Report
	if !rep.OK() {
		t.Fatal("the zero Report is not OK")
	}
	rep.Add(3, "Title", "sheet.problem.required", nil)
	rep.Add(0, "Track", "sheet.problem.missing_column", map[string]any{"Column": "Track"})
	rep.Add(3, "Date", "sheet.problem.not_a_date", map[string]any{"Value": "May"})
	if rep.OK() {
		t.Fatal("OK with problems")
	}
	by := rep.ByRow()
	if len(by) != 2 || len(by[3]) != 2 || by[3][1].Column != "Date" || by[0][0].Key != "sheet.problem.missing_column" {
		t.Fatalf("ByRow = %+v", by)
	}
}

func TestWriteReport(t *testing.T) {
	upload := MustFile(t, func(f *excelize.File) {
		_ = f.SetSheetName("Sheet1", "报名")
		_ = f.SetSheetRow("报名", "A1", &[]any{"项目名称", "Date", "Amount"})
		_ = f.SetSheetRow("报名", "A2", &[]any{"深海机器人", "2024-05-01", 3})
		_ = f.SetSheetRow("报名", "A4", &[]any{"", "May", 1, "stray"})
		_ = f.SetSheetRow("报名", "A5", &[]any{"新材料"})
	})
	tb := mustRead(t, upload)
	var rep sheet.Report
	rep.Add(4, "项目名称", "sheet.problem.required", nil)
	rep.Add(4, "date", "sheet.problem.not_a_date", map[string]any{"Value": "May"})
	rep.Add(5, "Amount", "sheet.problem.required", nil) // a cell past the row's last one
	rep.Add(0, "", "sheet.problem.missing_column", map[string]any{"Column": "Track"})
	rep.Add(99, "", "sheet.problem.duplicate", nil) // a row the table does not hold
	localise := func(key string, args map[string]any) string {
		if len(args) == 0 {
			return "«" + key + "»"
		}
		return fmt.Sprintf("«%s %v»", key, args)
	}
	var buf bytes.Buffer
	if err := sheet.WriteReport(&buf, tb, rep, localise, "问题 Problems"); err != nil {
		t.Fatal(err)
	}

	f := MustOpen(t, buf.Bytes())
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "报名" {
		t.Errorf("sheets = %v, want the uploaded sheet's name", got)
	}
	rows, err := f.GetRows("报名")
	if err != nil {
		t.Fatal(err)
	}
	wantHead := "问题 Problems\n«sheet.problem.missing_column map[Column:Track]»\n«sheet.problem.duplicate»"
	if len(rows) != 5 || rows[0][4] != wantHead {
		t.Fatalf("rows = %q", rows)
	}
	if strings.Join(rows[1], "|") != "深海机器人|2024-05-01|3" {
		t.Errorf("row 2 = %q", rows[1])
	}
	if len(rows[2]) != 0 {
		t.Errorf("row 3 = %q, want it blank as in the upload", rows[2])
	}
	if got := strings.Join(rows[3][:4], "|"); got != "|May|1|stray" {
		t.Errorf("row 4 = %q", rows[3])
	}
	if rows[3][4] != "项目名称: «sheet.problem.required»\ndate: «sheet.problem.not_a_date map[Value:May]»" {
		t.Errorf("row 4 problems = %q", rows[3][4])
	}
	for _, cell := range []string{"A4", "B4", "C5"} {
		id, _ := f.GetCellStyle("报名", cell)
		st, _ := f.GetStyle(id)
		if st == nil || len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFC7CE" {
			t.Errorf("%s is not shaded: %+v", cell, st)
		}
	}
	if id, _ := f.GetCellStyle("报名", "C4"); id != 0 {
		t.Errorf("C4 has style %d, want none", id)
	}

	// The report reads back as the same table, and the problems column is just one more.
	back := mustRead(t, buf.Bytes())
	if len(back.Rows) != len(tb.Rows) || back.Rows[1].Number != 4 || back.Rows[1].Cell(1) != "May" {
		t.Errorf("report read back = %+v", back.Rows)
	}
	if back.Index("问题 Problems") != -1 || back.Headers[4] != wantHead {
		t.Errorf("headers read back = %q", back.Headers)
	}
}
