package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// openEdition returns the demo's open edition.
func openEdition(t *testing.T, env *apptest.Env) *haizhi.Edition {
	t.Helper()
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionOpen})
	if err != nil || len(eds) != 1 {
		t.Fatalf("open edition: %d %v", len(eds), err)
	}
	return eds[0]
}

// demoJudge returns the pool member of the edition with the email.
func demoJudge(t *testing.T, env *apptest.Env, editionID int64, email string) *haizhi.Judge {
	t.Helper()
	pool, _, err := env.Services.Judges.FindJudges(apptest.Sys(), haizhi.JudgeFilter{EditionID: editionID, Page: haizhi.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range pool {
		if j.Email == email {
			return j
		}
	}
	t.Fatalf("no judge %s in the pool", email)
	return nil
}

// TestAssignmentAdjustments: the operator proposes with an investor on every entry and
// one judge per institution; the preview shows the conditions, loads, fit and coverage;
// a category nobody has is refused with reasons in Chinese, then in English; a judge is
// removed by hand (the entry shows short) and another added (marked by hand); the
// conflicted judge is offered disabled and refused if posted; after publishing nothing
// changes; judges and applicants are refused.
func TestAssignmentAdjustments(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	ed := openEdition(t, env)
	sys := apptest.Sys()
	page := "/manage/editions/" + id(ed.ID) + "/rounds/screening/assignments"
	op := demoLogin(t, env, "operator@demo.haizhi.org")

	body := expectStatus(t, env.PostForm(t, op, page+"/propose", url.Values{"k": {"0"}, "need_category": {"wizard"}}), http.StatusUnprocessableEntity, "bad options")
	expectContains(t, body, "bad options", "请输入允许范围内的整数", "请从选项中选择一项")
	form := url.Values{"k": {"2"}, "need_category": {"investor"}, "max_per_institution": {"1"}}
	body = expectStatus(t, env.PostForm(t, op, page+"/propose", form), http.StatusOK, "propose")
	expectContains(t, body, "propose", "已生成最优分配", "分配预览", "每个项目至少一位投资人", "同一单位至多 1 位评委", "匹配度中位数",
		"各赛道覆盖情况", "评委工作量", "各项目评委", `name="judge"`)
	investor := demoJudge(t, env, ed.ID, "judge2@demo.haizhi.org")
	rows, total, err := env.Services.Assignments.FindEntryAssignments(sys, haizhi.AssignmentFilter{EditionID: ed.ID, Round: haizhi.RoundScreening})
	if err != nil || total == 0 {
		t.Fatalf("entries: %d %v", total, err)
	}
	for _, row := range rows {
		if len(row.Judges) != 2 || !row.HasJudge(investor.UserID) {
			t.Fatalf("entry %d without its investor: %+v", row.EntryID, row.Judges)
		}
	}

	// Nobody in the pool is a policy expert: the reasons name the entries, in Chinese.
	form.Set("need_category", "official")
	body = expectStatus(t, env.PostForm(t, op, page+"/propose", form), http.StatusUnprocessableEntity, "no policy expert")
	for _, r := range rows {
		expectContains(t, body, "no policy expert", "没有能满足全部条件的分配方案", "“"+html.EscapeString(r.Title)+"”需要一位政策专家评委")
	}

	// By hand: the investor leaves the entry the Inria judge is in conflict with, which is
	// then short of two judges.
	var row *haizhi.EntryAssignments
	for _, r := range rows {
		if len(r.Conflicted) > 0 {
			row = r
		}
	}
	if row == nil {
		t.Fatal("no entry of the round has a conflict")
	}
	set := func(c *http.Client, judgeID int64, assigned string) *http.Response {
		return env.PostForm(t, c, page+"/set", url.Values{"entry": {id(row.EntryID)}, "judge": {id(judgeID)}, "assigned": {assigned}, "back": {page + "?page=1"}})
	}
	res := set(op, investor.UserID, "no")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page+"?page=1" {
		t.Fatalf("remove: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res.Body.Close()
	body = expectStatus(t, env.Get(t, op, page), http.StatusOK, "after removing")
	expectContains(t, body, "after removing", "已从该项目移除评委", `id="short"`, "评委不足 2 位的项目", "1 / 2")
	// A judge in conflict with the entry is offered disabled, and refused when posted.
	expectContains(t, body, "conflicted candidate", `value="`+id(row.Conflicted[0])+`" disabled`, "存在回避关系")
	expectStatus(t, set(op, row.Conflicted[0], "yes"), http.StatusSeeOther, "add conflicted")
	expectContains(t, expectStatus(t, env.Get(t, op, page), http.StatusOK, "refused"), "refused", "该评委与此项目存在回避关系。")
	var free *haizhi.Judge
	for _, email := range []string{"judge@demo.haizhi.org", "marc.lefevre@inria-fr.example", "chen.yaqin@zju-edu-cn.example", "sun.li@hzic-cn.example"} {
		j := demoJudge(t, env, ed.ID, email)
		if !row.HasJudge(j.UserID) && !row.HasConflict(j.UserID) {
			free = j
			break
		}
	}
	expectStatus(t, set(op, free.UserID, "yes"), http.StatusSeeOther, "add")
	body = expectStatus(t, env.Get(t, op, page), http.StatusOK, "after adding")
	expectContains(t, body, "after adding", "已为该项目增加评委", "手工")
	if strings.Contains(body, `id="short"`) {
		t.Error("the entry is still shown short after adding a judge")
	}

	// In English the reasons read in English, with the English titles.
	expectStatus(t, env.PostForm(t, op, "/lang", url.Values{"to": {"en"}, "next": {page}}), http.StatusSeeOther, "english")
	body = expectStatus(t, env.PostForm(t, op, page+"/propose", form), http.StatusUnprocessableEntity, "english reasons")
	e, err := env.Services.Entries.FindEntryByID(sys, row.EntryID)
	if err != nil {
		t.Fatal(err)
	}
	expectContains(t, body, "english reasons", "No assignment meets every condition", "needs a judge of the kind “Policy expert”", html.EscapeString(e.Project.Title("en")))

	// Judges and applicants never reach the page or its forms.
	judge := demoLogin(t, env, "judge@demo.haizhi.org")
	expectStatus(t, set(judge, free.UserID, "no"), http.StatusForbidden, "judge adjusts")
	applicant := demoLogin(t, env, "applicant@demo.haizhi.org")
	expectStatus(t, set(applicant, free.UserID, "no"), http.StatusForbidden, "applicant adjusts")
	other := demoLogin(t, env, "gongshu.operator@demo.haizhi.org")
	expectStatus(t, set(other, free.UserID, "no"), http.StatusNotFound, "another district adjusts")

	// Published: nothing changes by hand any more.
	expectStatus(t, env.PostForm(t, op, page+"/publish", url.Values{}), http.StatusSeeOther, "publish")
	expectStatus(t, set(op, free.UserID, "no"), http.StatusSeeOther, "remove after publishing")
	body = expectStatus(t, env.Get(t, op, page), http.StatusOK, "published")
	expectContains(t, body, "published", "published already")
	if strings.Contains(body, page+"/set") {
		t.Error("a published round still offers changes by hand")
	}
	if after, _, _ := env.Services.Assignments.FindEntryAssignments(sys, haizhi.AssignmentFilter{EditionID: ed.ID, Round: haizhi.RoundScreening, EntryID: row.EntryID}); !after[0].HasJudge(free.UserID) {
		t.Error("a published pair was removed")
	}
}

// TestScoresMethodAndReopen: the operator chooses the mean in the rubric editor (the
// methods explained); the demo judge submits; the scores page marks the chosen method;
// changing the method is refused once scores are in; the operator reopens the sheet only
// with a reason; the judge sees it reopened with the reason and submits again; a judge
// and another district cannot reopen.
func TestScoresMethodAndReopen(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	ed := openEdition(t, env)
	sys := apptest.Sys()
	judgeRec := demoJudge(t, env, ed.ID, "judge@demo.haizhi.org")
	list, _, _ := env.Services.Entries.FindEntries(sys, haizhi.EntryFilter{EditionID: ed.ID, Query: "电池"})
	if len(list) != 1 {
		t.Fatalf("demo entry: %d", len(list))
	}
	entry := list[0]
	if err := env.Services.Assignments.SetAssignment(sys, ed.ID, haizhi.RoundScreening, entry.ID, judgeRec.UserID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Services.Assignments.PublishAssignments(sys, ed.ID, haizhi.RoundScreening); err != nil {
		t.Fatal(err)
	}
	base := "/manage/editions/" + id(ed.ID) + "/rounds/screening"
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	body := expectStatus(t, env.Get(t, op, base+"/rubric"), http.StatusOK, "rubric editor")
	expectContains(t, body, "rubric editor", `name="method"`, `<option value="trimmed_mean" selected>`, "去掉一个最高分和一个最低分", "标准分")
	rubric := url.Values{"version": {"0"}, "method": {"raw_mean"}, "crit_key": {"overall"}, "crit_zh": {"总体"}, "crit_en": {"Overall"},
		"crit_help_zh": {""}, "crit_help_en": {""}, "crit_weight": {"1"}, "crit_min": {"0"}, "crit_max": {"10"}, "crit_step": {""}}
	expectStatus(t, env.PostForm(t, op, base+"/rubric", rubric), http.StatusSeeOther, "save rubric")
	expectContains(t, expectStatus(t, env.Get(t, op, base+"/rubric"), http.StatusOK, "saved"), "saved", `<option value="raw_mean" selected>`)

	judge := demoLogin(t, env, "judge@demo.haizhi.org")
	entryPage := "/judging/entries/" + id(entry.ID)
	expectStatus(t, env.PostForm(t, judge, entryPage+"/scores", url.Values{"score_overall": {"7"}, "action": {"submit"}}), http.StatusSeeOther, "submit")

	body = expectStatus(t, env.Get(t, op, base+"/scores"), http.StatusOK, "scores")
	expectContains(t, body, "scores", "本轮排名采用：平均分", `data-chosen="yes"`, "已选定", base+"/entries/"+id(entry.ID)+"/sheets")
	rubric.Set("version", "1")
	rubric.Set("method", "calibrated")
	expectContains(t, expectStatus(t, env.PostForm(t, op, base+"/rubric", rubric), http.StatusUnprocessableEntity, "method locked"), "method locked", "评分标准不能再修改")

	sheets := base + "/entries/" + id(entry.ID) + "/sheets"
	body = expectStatus(t, env.Get(t, op, sheets), http.StatusOK, "sheets")
	expectContains(t, body, "sheets", "Prof. Anna Müller", "已提交", "<strong>70</strong>", `name="reason"`)
	mine, _, _ := env.Services.Assignments.FindAssignments(sys, haizhi.AssignmentFilter{EditionID: ed.ID, EntryID: entry.ID, JudgeUserID: judgeRec.UserID})
	if len(mine) != 1 {
		t.Fatalf("assignment: %d", len(mine))
	}
	reopen := "/manage/sheets/" + id(mine[0].ID) + "/reopen"
	expectStatus(t, env.PostForm(t, judge, reopen, url.Values{"reason": {"Let me change it."}, "back": {sheets}}), http.StatusForbidden, "judge reopens")
	other := demoLogin(t, env, "gongshu.operator@demo.haizhi.org")
	expectStatus(t, env.PostForm(t, other, reopen, url.Values{"reason": {"Curious."}, "back": {sheets}}), http.StatusNotFound, "another district reopens")
	expectStatus(t, env.Get(t, other, sheets), http.StatusNotFound, "another district reads the sheets")
	expectStatus(t, env.PostForm(t, op, reopen, url.Values{"reason": {" "}, "back": {sheets}}), http.StatusSeeOther, "reopen without reason")
	expectContains(t, expectStatus(t, env.Get(t, op, sheets), http.StatusOK, "no reason"), "no reason", "重开评分表须填写原因。", "已提交")
	res := env.PostForm(t, op, reopen, url.Values{"reason": {"The market score was typed in the wrong box."}, "back": {sheets}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != sheets {
		t.Fatalf("reopen: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res.Body.Close()
	expectContains(t, expectStatus(t, env.Get(t, op, sheets), http.StatusOK, "reopened"), "reopened", "评分表已重开", "已重开", "The market score was typed in the wrong box.")

	body = expectStatus(t, env.Get(t, judge, "/judging"), http.StatusOK, "judge's list")
	expectContains(t, body, "judge's list", "Reopened")
	body = expectStatus(t, env.Get(t, judge, entryPage), http.StatusOK, "judge's entry")
	expectContains(t, body, "judge's entry", "The organisers reopened your scores: The market score was typed in the wrong box.", `name="score_overall"`)
	expectStatus(t, env.PostForm(t, judge, entryPage+"/scores", url.Values{"score_overall": {"8"}, "action": {"submit"}}), http.StatusSeeOther, "submit again")
	body = expectStatus(t, env.Get(t, judge, "/judging"), http.StatusOK, "judge's list again")
	if strings.Contains(body, "Reopened") {
		t.Error("the sheet is still marked reopened after submitting again")
	}
	expectStatus(t, env.PostForm(t, op, base+"/scores/apply", url.Values{}), http.StatusSeeOther, "apply")
}
