package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/sheet"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// download GETs path and returns the workbook it sends.
func download(t *testing.T, env *apptest.Env, c *http.Client, path string) []byte {
	t.Helper()
	res := env.Get(t, c, path)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("GET %s: %d %s %v", path, res.StatusCode, res.Header.Get("Content-Type"), err)
	}
	return b
}

// TestEntriesExcel: the 2018 finalists export with every answer and a sheet of decisions;
// the export imports into the open edition (the round trip) and a second import skips
// every row; a workbook with bad cells is refused with each problem by row and column,
// writes nothing, and imports its valid rows when asked; a file that is not a workbook is
// refused; an applicant cannot export.
func TestEntriesExcel(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{})
	if err != nil || len(eds) != 3 {
		t.Fatal(err)
	}
	open, e2018 := eds[0], eds[len(eds)-1]
	op := demoLogin(t, env, "operator@demo.haizhi.org")

	xlsx := download(t, env, op, "/manage/editions/"+id(e2018.ID)+"/entries/export.xlsx?round=final")
	tab, err := sheet.Read(bytes.NewReader(xlsx), "", sheet.DefaultLimits())
	if err != nil || len(tab.Rows) != 70 {
		t.Fatalf("export: %v rows, %v", tab, err)
	}
	for _, h := range []string{"编号", "赛区", "第一申报人", "计划何时在杭州落地", "赛程阶段", "参赛资格"} {
		if tab.Index(h) < 0 {
			t.Errorf("export lacks the column %q: %v", h, tab.Headers)
		}
	}
	decisions, err := sheet.Read(bytes.NewReader(xlsx), "评审结论", sheet.DefaultLimits())
	if err != nil || len(decisions.Rows) != 70*3+18+3 { // three rounds each, 18 prizes, one withdrawn, offered, accepted
		t.Fatalf("decisions sheet: %d rows, %v", len(decisions.Rows), err)
	}
	tmpl, err := sheet.Read(bytes.NewReader(download(t, env, op, "/manage/editions/"+id(open.ID)+"/entries/template.xlsx")), "", sheet.DefaultLimits())
	if err != nil || tmpl.Index("电子邮箱") < 0 || len(tmpl.Rows) != 0 {
		t.Fatalf("template: %v %v", tmpl, err)
	}

	importPath := "/manage/editions/" + id(open.ID) + "/entries/import"
	post := func(content []byte, name string, validOnly bool) (int, string) {
		form := url.Values{}
		if validOnly {
			form.Set("valid_only", "yes")
		}
		res := env.PostMultipart(t, op, importPath, form, apptest.File{Field: "file", Name: name, Content: content})
		return res.StatusCode, apptest.Body(t, res)
	}
	count := func() int {
		_, n, err := env.Services.Entries.FindEntries(apptest.Sys(), haizhi.EntryFilter{EditionID: open.ID, Page: haizhi.CountOnly})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	status, body := post(xlsx, "finalists.xlsx", false)
	if status != http.StatusOK || !strings.Contains(body, "已导入 70 个报名") || count() != before+70 {
		t.Fatalf("round trip: %d %d %s", status, count()-before, excerpt(body))
	}
	status, body = post(xlsx, "finalists.xlsx", false)
	if status != http.StatusOK || !strings.Contains(body, "70 个此前已导入") || count() != before+70 {
		t.Fatalf("import again: %d %s", status, excerpt(body))
	}

	// Two rows: one good, one with a category not in the list and a date that is none.
	var buf bytes.Buffer
	w := sheet.NewWriter(&buf)
	heads := []string{"赛区", "赛道", "中文项目名称", "第一申报人", "电子邮箱", "国籍", "国籍类别", "现居住国家或地区", "出生日期", "最高学历",
		"学历获得国家或地区", "毕业院校", "英文项目简介", "项目阶段", "计划何时在杭州落地"}
	cols := make([]sheet.Column, len(heads))
	for i, h := range heads {
		cols[i] = sheet.Column{Header: h}
	}
	if err := w.Sheet("报名项目", cols); err != nil {
		t.Fatal(err)
	}
	good := []any{"欧洲赛区", "人工智能", "医学影像芯片", "Anna Berg", "anna@kth.example", "瑞典", "外籍非华裔", "SE", "1986-04-02", "博士", "瑞典", "KTH", "Imaging chips.", "样机 / 原型", "一年内"}
	bad := []any{"Europe", "ai", "第二个项目", "Bo Li", "bo@kth.example", "SE", "alien", "SE", "next spring", "doctorate", "SE", "KTH", "Another.", "prototype", "within-1-year"}
	if err := w.Row(good...); err != nil {
		t.Fatal(err)
	}
	if err := w.Row(bad...); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	before = count()
	status, body = post(buf.Bytes(), "two.xlsx", false)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "未导入任何数据") || !strings.Contains(body, "“alien”") ||
		!strings.Contains(body, "“next spring”") || !strings.Contains(body, `<td class="num">3</td>`) || count() != before {
		t.Fatalf("bad rows: %d %d %s", status, count()-before, excerpt(body))
	}
	status, body = post(buf.Bytes(), "two.xlsx", true)
	if status != http.StatusOK || !strings.Contains(body, "已导入 1 个报名") || count() != before+1 {
		t.Fatalf("valid rows only: %d %s", status, excerpt(body))
	}
	status, body = post([]byte("name,email\nAnna,anna@x.example\n"), "entries.xlsx", false)
	if status != http.StatusUnprocessableEntity || count() != before+1 {
		t.Fatalf("a CSV named .xlsx: %d %s", status, excerpt(body))
	}
	applicant := demoLogin(t, env, "applicant@demo.haizhi.org")
	expectStatus(t, env.Get(t, applicant, "/manage/editions/"+id(e2018.ID)+"/entries/export.xlsx"), http.StatusForbidden, "applicant export")
}
