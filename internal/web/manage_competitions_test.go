package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/demo"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// demoLogin signs in with a demo account.
func demoLogin(t *testing.T, env *apptest.Env, email string) *http.Client {
	t.Helper()
	c := env.Client(t)
	res := env.PostForm(t, c, "/login", url.Values{"email": {email}, "password": {demo.Password}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", email, res.StatusCode)
	}
	return c
}

// TestCompetitionPages: the demo operator sees the Hangzhou competition with its editions
// and the 2018 structure (70 final places over five divisions and three tracks, 18
// prizes); an operator of another tree gets 404 for the edition, a leader 403.
func TestCompetitionPages(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{})
	if err != nil || len(eds) != 3 {
		t.Fatalf("demo editions: %v %v", eds, err)
	}
	e2018 := eds[len(eds)-1]
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	body := expectStatus(t, env.Get(t, op, "/manage/competitions"), http.StatusOK, "competitions")
	expectContains(t, body, "competitions", "中国（杭州）海外人才创新创业项目大赛", "2018年大赛", "已结束", "报名中", "/manage/editions/"+id(e2018.ID))

	body = expectStatus(t, env.Get(t, op, "/manage/editions/"+id(e2018.ID)), http.StatusOK, "edition")
	expectContains(t, body, "edition", "北美赛区", "大健康", "海选", "决赛（未来科技城）", "复赛晋级名额", "一等奖",
		"5个赛区，3个赛道，18个奖项", `<td class="num">70</td>`, "2018-09-20 09:00")

	// Searching narrows the list in SQL.
	body = expectStatus(t, env.Get(t, op, "/manage/competitions?q=nothing-like-this"), http.StatusOK, "search")
	if strings.Contains(body, "2018年大赛") {
		t.Error("search did not filter")
	}

	other := env.Login(t, "district_operator")
	expectStatus(t, env.Get(t, other, "/manage/editions/"+id(e2018.ID)), http.StatusNotFound, "edition of another tree")
	if body := expectStatus(t, env.Get(t, other, "/manage/competitions"), http.StatusOK, "other list"); strings.Contains(body, "2018年大赛") {
		t.Error("an operator of another tree sees the competition")
	}
	leader := demoLogin(t, env, "leader@demo.haizhi.org")
	expectStatus(t, env.Get(t, leader, "/manage/editions/"+id(e2018.ID)), http.StatusForbidden, "leader")
}

// TestCompetitionForms: an operator creates a competition and an edition through the
// forms; bad input comes back with errors by field and what was typed; a taken year is a
// conflict; a judge is refused.
func TestCompetitionForms(t *testing.T) {
	env := apptest.NewEnv(t, "sqlite", web.Options{})
	op := env.Login(t, "district_operator")
	body := expectStatus(t, env.Get(t, op, "/manage/competitions/new"), http.StatusOK, "new form")
	expectContains(t, body, "new form", "district单位", `name="code"`)

	bad := url.Values{"unit_id": {id(env.Units["district"].ID)}, "code": {"Bad Code!"}, "name_zh": {""}}
	body = expectStatus(t, env.PostForm(t, op, "/manage/competitions", bad), http.StatusUnprocessableEntity, "bad competition")
	expectContains(t, body, "bad competition", `value="Bad Code!"`, "请至少填写中文名称或英文名称")

	good := url.Values{"unit_id": {id(env.Units["district"].ID)}, "code": {"district-cup"}, "name_zh": {"区创业大赛"}}
	res := env.PostForm(t, op, "/manage/competitions", good)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/manage/competitions" {
		t.Fatalf("create competition: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// A double click posts twice: the second is a conflict on the code, not a second record.
	body = expectStatus(t, env.PostForm(t, op, "/manage/competitions", good), http.StatusConflict, "double submit")
	expectContains(t, body, "double submit", "该代码已被其他记录使用")
	list, n, err := env.Services.Competitions.FindCompetitions(apptest.Sys(), haizhi.CompetitionFilter{})
	if err != nil || n != 1 {
		t.Fatalf("competitions after a double submit: %d %v", n, err)
	}
	cid := id(list[0].ID)

	body = expectStatus(t, env.PostForm(t, op, "/manage/editions", url.Values{"competition_id": {cid}, "year": {"next year"}, "name_zh": {"第一届"}}),
		http.StatusUnprocessableEntity, "bad year")
	expectContains(t, body, "bad year", "请输入2000至2100之间的年份")
	res = env.PostForm(t, op, "/manage/editions", url.Values{"competition_id": {cid}, "year": {"2027"}, "name_zh": {"2027年大赛"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/manage/editions/") {
		t.Fatalf("create edition: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	body = expectStatus(t, env.Get(t, op, res.Header.Get("Location")), http.StatusOK, "new edition")
	expectContains(t, body, "new edition", "2027年大赛", "筹备中")
	expectStatus(t, env.PostForm(t, op, "/manage/editions", url.Values{"competition_id": {cid}, "year": {"2027"}, "name_zh": {"又一届"}}),
		http.StatusConflict, "same year")

	judge := env.Login(t, "judge")
	expectStatus(t, env.PostForm(t, judge, "/manage/editions", url.Values{"competition_id": {cid}, "year": {"2028"}, "name_zh": {"x"}}),
		http.StatusForbidden, "judge")
}

// TestEditionStructureEditor: the editor shows the saved structure in Beijing time, a
// save without changes keeps it, new rows and quotas are added, a removed row goes, bad
// cells come back marked with what was typed and nothing is saved, and a stale version is
// a conflict.
func TestEditionStructureEditor(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	e := eds[len(eds)-1] // 2018
	path := "/manage/editions/" + id(e.ID) + "/structure"
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	body := expectStatus(t, env.Get(t, op, path), http.StatusOK, "editor")
	expectContains(t, body, "editor", `value="north-america"`, `value="2018-09-20T09:00"`, `name="quota_semifinal_europe_ai" value="7"`, `value="一等奖"`)

	// The form as the browser would send it, read back from the saved structure.
	form := func() url.Values {
		saved, err := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		v := url.Values{"version": {strconv.Itoa(saved.Version)}}
		for _, d := range saved.Structure.Divisions {
			v.Add("div_code", d.Code)
			v.Add("div_zh", d.NameZH)
			v.Add("div_en", d.NameEN)
		}
		for _, tr := range saved.Structure.Tracks {
			v.Add("track_code", tr.Code)
			v.Add("track_zh", tr.NameZH)
			v.Add("track_en", tr.NameEN)
		}
		for _, r := range saved.Structure.Rounds {
			v.Set("round_"+string(r.Kind)+"_opens", r.OpensAt.In(haizhi.Shanghai).Format("2006-01-02T15:04"))
			v.Set("round_"+string(r.Kind)+"_closes", r.ClosesAt.In(haizhi.Shanghai).Format("2006-01-02T15:04"))
			v.Set("round_"+string(r.Kind)+"_zh", r.NameZH)
			v.Set("round_"+string(r.Kind)+"_en", r.NameEN)
		}
		for _, q := range saved.Structure.Quotas {
			v.Set("quota_"+string(q.Round)+"_"+q.Division+"_"+q.Track, strconv.Itoa(q.Count))
		}
		for _, p := range saved.Structure.PrizeTiers {
			v.Add("tier_zh", p.NameZH)
			v.Add("tier_en", p.NameEN)
			v.Add("tier_count", strconv.Itoa(p.Count))
		}
		// The blank rows the page offers.
		for _, k := range []string{"div_code", "div_zh", "div_en", "track_code", "track_zh", "track_en", "tier_zh", "tier_en", "tier_count"} {
			v.Add(k, "")
		}
		return v
	}
	before, _ := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID)
	res := env.PostForm(t, op, path, form())
	res.Body.Close()
	after, _ := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID)
	if res.StatusCode != http.StatusSeeOther || fmt.Sprint(after.Structure) != fmt.Sprint(before.Structure) {
		t.Fatalf("unchanged save: %d\n%v\n%v", res.StatusCode, before.Structure, after.Structure)
	}

	// Oceania has entries: taking its row off is refused, and says why.
	f := form()
	for i, c := range f["div_code"] {
		if c == "oceania" {
			f["div_code"][i], f["div_zh"][i], f["div_en"][i] = "", "", ""
		}
	}
	for k := range f {
		if strings.HasPrefix(k, "quota_") && strings.Contains(k, "_oceania_") {
			f.Del(k)
		}
	}
	body = expectStatus(t, env.PostForm(t, op, path, f), http.StatusUnprocessableEntity, "division in use")
	expectContains(t, body, "division in use", "删除的赛区中已有报名项目")

	// Add a track and an honourable mention.
	f = form()
	f["track_code"][3], f["track_zh"][3] = "materials", "新材料"
	f["tier_zh"][3], f["tier_count"][3] = "优胜奖", "20"
	res = env.PostForm(t, op, path, f)
	res.Body.Close()
	got, _ := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID)
	st := got.Structure
	if res.StatusCode != http.StatusSeeOther || len(st.Tracks) != 4 || len(st.Divisions) != 5 || len(st.PrizeTiers) != 4 || st.PrizeTiers[3].Count != 20 {
		t.Fatalf("after adding: %d %+v", res.StatusCode, st)
	}

	// Bad cells: a word for a quota, an unreadable time, a duplicate code.
	f = form()
	f.Set("quota_semifinal_europe_ai", "seven")
	f.Set("round_final_opens", "20 Sept")
	body = expectStatus(t, env.PostForm(t, op, path, f), http.StatusUnprocessableEntity, "bad cells")
	expectContains(t, body, "bad cells", `name="quota_semifinal_europe_ai" value="seven" aria-label="名额" aria-invalid="true"`, "请输入数字", "请输入日期和时间")
	f = form()
	f["div_code"][1] = f["div_code"][0]
	body = expectStatus(t, env.PostForm(t, op, path, f), http.StatusUnprocessableEntity, "duplicate")
	expectContains(t, body, "duplicate", "列表中已有此项")
	if now, _ := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID); now.Version != got.Version {
		t.Fatal("a refused form was saved")
	}

	// Two operators edit at once: the second save is told, not silently overwritten.
	stale := form()
	res = env.PostForm(t, op, path, form())
	res.Body.Close()
	body = expectStatus(t, env.PostForm(t, op, path, stale), http.StatusConflict, "stale")
	expectContains(t, body, "stale", "他人已修改")

	other := env.Login(t, "district_operator")
	expectStatus(t, env.Get(t, other, path), http.StatusNotFound, "other tree")
}

// TestEditionStatusButtons: the draft edition opens from its page, then closes; an empty
// edition is told what is missing.
func TestEditionStatusButtons(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	next := eds[0] // next year's, taking entries
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	page := "/manage/editions/" + id(next.ID)
	expectContains(t, expectStatus(t, env.Get(t, op, page), http.StatusOK, "open"), "open", "报名中", "截止报名", `name="version" value="`+strconv.Itoa(next.Version)+`"`)
	res := env.PostForm(t, op, page+"/status", url.Values{"version": {strconv.Itoa(next.Version)}, "status": {"closed"}})
	res.Body.Close()
	body := expectStatus(t, env.Get(t, op, page), http.StatusOK, "closed")
	expectContains(t, body, "closed", "届次状态已更新", "报名已截止")

	// A new, empty edition cannot open: the page says what to set up first.
	e := &haizhi.Edition{CompetitionID: next.CompetitionID, Year: 2030, NameZH: "2030年大赛"}
	ctx := haizhi.NewContextWithActor(apptest.Sys(), haizhi.SystemActor("test"))
	if err := env.Services.Competitions.CreateEdition(ctx, e); err != nil {
		t.Fatal(err)
	}
	res = env.PostForm(t, op, "/manage/editions/"+id(e.ID)+"/status", url.Values{"version": {"1"}, "status": {"open"}})
	res.Body.Close()
	expectContains(t, expectStatus(t, env.Get(t, op, "/manage/editions/"+id(e.ID)), http.StatusOK, "empty"), "empty", "请至少设置一个赛区", "筹备中")
}

// TestApplicationFormEditor: the demo form shows in the editor; a question taken off is
// listed as retired; a new section and question are added; a choice with one option
// comes back marked on its card.
func TestApplicationFormEditor(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	e := eds[0] // next year's, open
	path := "/manage/editions/" + id(e.ID) + "/form"
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	body := expectStatus(t, env.Get(t, op, path), http.StatusOK, "editor")
	expectContains(t, body, "editor", `value="landing-plan"`, "一年内", `value="supporting-docs"`, "证明材料")

	saved, _ := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID)
	form := func() url.Values {
		cur, _ := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID)
		v := url.Values{"version": {strconv.Itoa(cur.Version)}}
		for _, s := range cur.Form.Sections {
			v.Add("section_key", s.Key)
			v.Add("section_zh", s.TitleZH)
			v.Add("section_en", s.TitleEN)
		}
		for i, f := range cur.Form.Active() {
			lines := []string{}
			for _, o := range f.Options {
				lines = append(lines, o.Value+" | "+o.LabelZH+" | "+o.LabelEN)
			}
			req := "no"
			if f.Required {
				req = "yes"
			}
			for k, val := range map[string]string{"field_key": f.Key, "field_section": f.Section, "field_type": string(f.Type), "field_zh": f.LabelZH,
				"field_en": f.LabelEN, "field_help_zh": f.HelpZH, "field_help_en": f.HelpEN, "field_required": req,
				"field_options": strings.Join(lines, "\n"), "field_position": strconv.Itoa((i + 1) * 10)} {
				v.Add(k, val)
			}
		}
		return v
	}
	// Take off the awards question, add a section and a question placed first.
	f := form()
	for i, k := range f["field_key"] {
		if k == "awards" {
			for _, n := range []string{"field_key", "field_zh", "field_en"} {
				f[n][i] = ""
			}
		}
	}
	f.Add("section_key", "team")
	f.Add("section_zh", "团队")
	f.Add("section_en", "Team")
	for k, val := range map[string]string{"field_key": "team-size", "field_section": "team", "field_type": "number", "field_zh": "团队人数",
		"field_en": "Team size", "field_required": "no", "field_position": "1", "field_help_zh": "", "field_help_en": "", "field_options": ""} {
		f.Add(k, val)
	}
	res := env.PostForm(t, op, path, f)
	res.Body.Close()
	got, _ := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID)
	active := got.Form.Active()
	if res.StatusCode != http.StatusSeeOther || active[0].Key != "team-size" || len(active) != len(saved.Form.Active()) ||
		len(got.Form.Fields) != len(saved.Form.Fields)+1 || got.Form.Fields[len(got.Form.Fields)-1].Key != "awards" {
		t.Fatalf("save: %d %+v", res.StatusCode, got.Form)
	}
	body = expectStatus(t, env.Get(t, op, path), http.StatusOK, "after")
	expectContains(t, body, "after", "已停用的问题", "获奖情况")

	// A choice with a single option is refused on its card, and nothing is saved.
	f = form()
	for i, k := range f["field_key"] {
		if k == "landing-plan" {
			f["field_options"][i] = "within-1-year | 一年内 | Within a year"
		}
	}
	body = expectStatus(t, env.PostForm(t, op, path, f), http.StatusUnprocessableEntity, "one option")
	expectContains(t, body, "one option", "选择题至少需要两个选项", `aria-invalid="true">within-1-year | 一年内 | Within a year</textarea>`)
	if now, _ := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID); now.Version != got.Version {
		t.Fatal("a refused form was saved")
	}
	judge := env.Login(t, "judge")
	expectStatus(t, env.Get(t, judge, path), http.StatusForbidden, "judge")
}

// TestEligibilityRulesEditor: the demo rules show on the edition and in the editor; a
// rule is added; a rule on a free-text question is refused on its card; a word for a
// number is refused.
func TestEligibilityRulesEditor(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	e := eds[0]
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	expectContains(t, expectStatus(t, env.Get(t, op, "/manage/editions/"+id(e.ID)), http.StatusOK, "edition"), "edition",
		"资格规则", "第一申报人年龄不超过55周岁")
	path := "/manage/editions/" + id(e.ID) + "/rules"
	body := expectStatus(t, env.Get(t, op, path), http.StatusOK, "editor")
	expectContains(t, body, "editor", `value="overseas-degree"`, `value="doctorate, master"`, `value="55"`, "第一申报人出生日期 (talent.born)")

	cur, _ := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID)
	form := rulesForm(cur)
	add := func(f url.Values, kv map[string]string) {
		for _, k := range []string{"rule_key", "rule_group", "rule_kind", "rule_field", "rule_values", "rule_number", "rule_reason_zh", "rule_reason_en"} {
			f.Add(k, kv[k])
		}
	}
	add(form, map[string]string{"rule_key": "no-bachelor-only", "rule_kind": "none_of", "rule_field": "project.stage", "rule_values": "idea",
		"rule_reason_zh": "项目须已有样机或收入", "rule_reason_en": "The project must have a prototype or revenue"})
	res := env.PostForm(t, op, path, form)
	res.Body.Close()
	got, _ := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID)
	if res.StatusCode != http.StatusSeeOther || len(got.Rules) != 5 || got.Rules[4].Values[0] != "idea" {
		t.Fatalf("add rule: %d %+v", res.StatusCode, got.Rules)
	}

	form = rulesForm(got)
	add(form, map[string]string{"rule_key": "summary-long", "rule_kind": "min", "rule_field": "awards", "rule_number": "many", "rule_reason_zh": "x"})
	body = expectStatus(t, env.PostForm(t, op, path, form), http.StatusUnprocessableEntity, "not a number")
	expectContains(t, body, "not a number", "请输入数字")
	form = rulesForm(got)
	add(form, map[string]string{"rule_key": "summary-long", "rule_kind": "min", "rule_field": "awards", "rule_number": "3", "rule_reason_zh": "x"})
	body = expectStatus(t, env.PostForm(t, op, path, form), http.StatusUnprocessableEntity, "wrong type")
	expectContains(t, body, "wrong type", "该规则不能用于这种类型的问题")
	if now, _ := env.Services.Competitions.FindEditionByID(apptest.Sys(), e.ID); now.Version != got.Version {
		t.Fatal("a refused rule was saved")
	}
}

// rulesForm is the rules editor's form for e's saved rules.
func rulesForm(e *haizhi.Edition) url.Values {
	v := url.Values{"version": {strconv.Itoa(e.Version)}}
	for _, r := range e.Rules {
		num := ""
		if r.Number != 0 {
			num = strconv.FormatFloat(r.Number, 'f', -1, 64)
		}
		for k, val := range map[string]string{"rule_key": r.Key, "rule_group": r.Group, "rule_kind": string(r.Kind), "rule_field": r.Field,
			"rule_values": strings.Join(r.Values, ","), "rule_number": num, "rule_reason_zh": r.ReasonZH, "rule_reason_en": r.ReasonEN} {
			v.Add(k, val)
		}
	}
	return v
}

// TestFormPreview: the preview shows the questions in the reader's language, by section,
// with the rules applicants must meet.
func TestFormPreview(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	path := "/manage/editions/" + id(eds[0].ID) + "/preview"
	body := expectStatus(t, env.Get(t, op, path), http.StatusOK, "zh")
	expectContains(t, body, "zh", "落地意向", `type="radio" name="q_landing-plan" value="within-1-year"`, `name="q_patents" type="number"`, `name="q_supporting-docs" type="file"`,
		"第一申报人年龄不超过55周岁", "证明材料（学历、专利等，PDF）")
	expectStatus(t, env.PostForm(t, op, "/lang", url.Values{"to": {"en"}}), http.StatusSeeOther, "to English")
	body = expectStatus(t, env.Get(t, op, path), http.StatusOK, "en")
	expectContains(t, body, "en", "Plans in Hangzhou", "Within a year", "The lead applicant must be 55 or younger", "Supporting documents (degrees, patents; PDF)")
}
