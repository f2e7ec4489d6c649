package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// TestJudgesPages: the open edition's pool and its conflict with the Inria judge show;
// an operator invites a judge (a bad form comes back marked) and lifts a conflict only
// with a reason; judges and applicants are refused.
func TestJudgesPages(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionOpen})
	if err != nil || len(eds) != 1 {
		t.Fatal(err)
	}
	base := "/manage/editions/" + id(eds[0].ID)
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	body := expectStatus(t, env.Get(t, op, base+"/judges"), http.StatusOK, "pool")
	expectContains(t, body, "pool", "Prof. Anna Müller", "赵立新", "投资人", "0–30", "共 5 位评委")
	form := url.Values{"name": {"Dr. Ines Vogel"}, "email": {"ines@fhg.example"}, "institution": {"Fraunhofer"}, "category": {"technical"},
		"track": {"equipment"}, "keywords": {"batteries, 电池"}, "min_load": {"2"}, "max_load": {"1"}}
	expectContains(t, expectStatus(t, env.PostForm(t, op, base+"/judges", form), http.StatusUnprocessableEntity, "bad loads"), "bad loads", "评审数量上限至少为 1")
	form.Set("max_load", "15")
	expectStatus(t, env.PostForm(t, op, base+"/judges", form), http.StatusSeeOther, "invite")
	expectContains(t, expectStatus(t, env.Get(t, op, base+"/judges"), http.StatusOK, "after"), "after", "Dr. Ines Vogel", "2–15")

	body = expectStatus(t, env.Get(t, op, base+"/conflicts"), http.StatusOK, "conflicts")
	expectContains(t, body, "conflicts", "Dr. Marc Lefèvre", "同一单位", "Inria", "生效中")
	cs, _, err := env.Services.Judges.FindConflicts(apptest.Sys(), haizhi.ConflictFilter{EditionID: eds[0].ID})
	if err != nil || len(cs) == 0 {
		t.Fatalf("demo conflicts: %v", err)
	}
	lift := "/manage/conflicts/" + id(cs[0].ID) + "/lift"
	expectStatus(t, env.PostForm(t, op, lift, url.Values{"reason": {""}}), http.StatusSeeOther, "lift without reason")
	if c, _, _ := env.Services.Judges.FindConflicts(apptest.Sys(), haizhi.ConflictFilter{EditionID: eds[0].ID}); c[0].Lifted {
		t.Fatal("lifted without a reason")
	}
	expectStatus(t, env.PostForm(t, op, lift, url.Values{"reason": {"He left Inria in 2025."}}), http.StatusSeeOther, "lift")
	expectContains(t, expectStatus(t, env.Get(t, op, base+"/conflicts?state=lifted"), http.StatusOK, "lifted"), "lifted", "He left Inria in 2025.")

	judge := demoLogin(t, env, "judge@demo.haizhi.org")
	expectStatus(t, env.Get(t, judge, base+"/judges"), http.StatusForbidden, "judge")
	expectStatus(t, env.PostForm(t, judge, lift, url.Values{"reason": {"x"}}), http.StatusForbidden, "judge lifts")
	applicant := demoLogin(t, env, "applicant@demo.haizhi.org")
	expectStatus(t, env.Get(t, applicant, base+"/conflicts"), http.StatusForbidden, "applicant")
}

// TestAssignmentAndJudging: the operator proposes an optimal assignment of the open
// edition's screening entries (the Inria judge never gets the Inria lead's entry), publishes
// it; the demo judge sees their entries, opens one, declares a conflict and can no longer
// open it; an applicant cannot reach a judge's pages.
func TestAssignmentAndJudging(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionOpen})
	if err != nil || len(eds) != 1 {
		t.Fatal(err)
	}
	page := "/manage/editions/" + id(eds[0].ID) + "/rounds/screening/assignments"
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	body := expectStatus(t, env.PostForm(t, op, page+"/propose", url.Values{"k": {"9"}}), http.StatusUnprocessableEntity, "too many judges")
	expectContains(t, body, "too many judges", "没有能满足全部条件的分配方案")
	body = expectStatus(t, env.PostForm(t, op, page+"/propose", url.Values{"k": {"2"}}), http.StatusOK, "propose")
	expectContains(t, body, "propose", "已生成最优分配：共 4 组", "评委工作量")
	list, _, err := env.Services.Assignments.FindAssignments(apptest.Sys(), haizhi.AssignmentFilter{EditionID: eds[0].ID, Round: haizhi.RoundScreening})
	if err != nil || len(list) != 4 {
		t.Fatalf("draft: %v %v", list, err)
	}
	for _, a := range list {
		if a.JudgeName == "Dr. Marc Lefèvre" && a.EntryTitle == "工业质检视觉大模型" {
			t.Fatal("the conflicted judge was assigned")
		}
	}
	expectStatus(t, env.PostForm(t, op, page+"/publish", url.Values{}), http.StatusSeeOther, "publish")
	judge := demoLogin(t, env, "judge@demo.haizhi.org")
	body = expectStatus(t, env.Get(t, judge, "/judging"), http.StatusOK, "judging")
	mine, _, _ := env.Services.Assignments.FindAssignments(apptest.Sys(), haizhi.AssignmentFilter{EditionID: eds[0].ID, Round: haizhi.RoundScreening})
	var entryID int64
	for _, a := range mine {
		if a.JudgeName == "Prof. Anna Müller" {
			entryID = a.EntryID
		}
	}
	if entryID == 0 {
		t.Skip("the demo judge got no entry in this assignment")
	}
	expectContains(t, body, "judging", "/judging/entries/"+id(entryID))
	expectStatus(t, env.Get(t, judge, "/judging/entries/"+id(entryID)), http.StatusOK, "open entry")
	expectStatus(t, env.PostForm(t, judge, "/judging/entries/"+id(entryID)+"/conflict", url.Values{"reason": {"I co-founded a company with the lead."}}), http.StatusSeeOther, "declare")
	expectStatus(t, env.Get(t, judge, "/judging/entries/"+id(entryID)), http.StatusNotFound, "conflicted entry")
	applicant := demoLogin(t, env, "applicant@demo.haizhi.org")
	expectStatus(t, env.Get(t, applicant, "/judging"), http.StatusForbidden, "applicant")
	expectStatus(t, env.Get(t, applicant, page), http.StatusForbidden, "applicant on assignments")
}

// TestJudgeScoring: with a rubric on the screening round, the demo judge saves a draft,
// is told a value is out of range, submits, and then sees the locked scores; in a blind
// round the lead's name is not shown.
func TestJudgeScoring(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionOpen})
	if err != nil || len(eds) != 1 {
		t.Fatal(err)
	}
	sys := apptest.Sys()
	pool, _, _ := env.Services.Judges.FindJudges(sys, haizhi.JudgeFilter{EditionID: eds[0].ID})
	var judgeID int64
	for _, j := range pool {
		if j.Email == "judge@demo.haizhi.org" {
			judgeID = j.UserID
		}
	}
	list, _, _ := env.Services.Entries.FindEntries(sys, haizhi.EntryFilter{EditionID: eds[0].ID, Query: "电池"})
	if len(list) != 1 || judgeID == 0 {
		t.Fatalf("demo entry %d, judge %d", len(list), judgeID)
	}
	entry := list[0]
	if err := env.Services.Assignments.SetAssignment(sys, eds[0].ID, haizhi.RoundScreening, entry.ID, judgeID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Services.Assignments.PublishAssignments(sys, eds[0].ID, haizhi.RoundScreening); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Services.Scoring.SetRubric(sys, &haizhi.RoundRubric{EditionID: eds[0].ID, Round: haizhi.RoundScreening, Blind: true,
		Criteria: []haizhi.RubricCriterion{{Key: "innovation", NameZH: "创新性", NameEN: "Innovation", Weight: 50, Max: 10, HelpEN: "10: a first of its kind."},
			{Key: "market", NameZH: "市场", NameEN: "Market", Weight: 50, Max: 10}}}); err != nil {
		t.Fatal(err)
	}
	judge := demoLogin(t, env, "judge@demo.haizhi.org") // Prof. Anna Müller reads English
	page := "/judging/entries/" + id(entry.ID)
	body := expectStatus(t, env.Get(t, judge, page), http.StatusOK, "form")
	expectContains(t, body, "form", "Innovation", "10: a first of its kind.", `name="score_market"`, "A blind round")
	if strings.Contains(body, entry.Lead.Name) {
		t.Error("a blind round shows the lead's name")
	}
	body = expectStatus(t, env.PostForm(t, judge, page+"/scores", url.Values{"score_innovation": {"12"}, "action": {"save"}}), http.StatusUnprocessableEntity, "out of range")
	expectContains(t, body, "out of range", `value="12"`)
	expectStatus(t, env.PostForm(t, judge, page+"/scores", url.Values{"score_innovation": {"8"}, "action": {"save"}}), http.StatusSeeOther, "draft")
	expectStatus(t, env.PostForm(t, judge, page+"/scores", url.Values{"score_innovation": {"8"}, "score_market": {"6"}, "comment": {"Solid."}, "action": {"submit"}}),
		http.StatusSeeOther, "submit")
	expectContains(t, expectStatus(t, env.Get(t, judge, page), http.StatusOK, "locked"), "locked", "submitted and locked", "70")
	expectStatus(t, env.PostForm(t, judge, page+"/scores", url.Values{"score_innovation": {"9"}, "score_market": {"6"}, "action": {"save"}}),
		http.StatusUnprocessableEntity, "edit after submit")

	// The operator sees the round's scores by every method and uses one for the ranking.
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	scores := "/manage/editions/" + id(eds[0].ID) + "/rounds/screening/scores"
	body = expectStatus(t, env.Get(t, op, scores), http.StatusOK, "scores")
	expectContains(t, body, "scores", "去掉最高最低分", "校准分", "70.00", entry.Project.TitleZH)
	expectStatus(t, env.PostForm(t, op, scores+"/apply", url.Values{"method": {"trimmed_mean"}}), http.StatusSeeOther, "apply")
	expectStatus(t, env.Get(t, judge, scores), http.StatusForbidden, "judge on the scores page")
}

// TestRubricEditor: an operator sets a round's criteria; a word for a weight and a range
// the wrong way round come back marked on their rows and nothing is saved.
func TestRubricEditor(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionOpen})
	if err != nil || len(eds) != 1 {
		t.Fatal(err)
	}
	page := "/manage/editions/" + id(eds[0].ID) + "/rounds/preliminary/rubric"
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	expectContains(t, expectStatus(t, env.Get(t, op, page), http.StatusOK, "empty"), "empty", "新评分项", `name="crit_key"`)
	form := url.Values{"version": {"0"}, "blind": {"yes"},
		"crit_key": {"innovation", "team"}, "crit_zh": {"创新性", "团队"}, "crit_en": {"Innovation", "Team"}, "crit_help_zh": {"", ""}, "crit_help_en": {"", ""},
		"crit_weight": {"heavy", "40"}, "crit_min": {"0", "10"}, "crit_max": {"10", "0"}, "crit_step": {"0.5", ""}}
	body := expectStatus(t, env.PostForm(t, op, page, form), http.StatusUnprocessableEntity, "bad rows")
	expectContains(t, body, "bad rows", `value="heavy"`, "请填写数字")
	if _, err := env.Services.Scoring.FindRubric(apptest.Sys(), eds[0].ID, haizhi.RoundPreliminary); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
		t.Fatalf("a refused rubric was saved: %v", err)
	}
	form.Set("crit_weight", "60")
	form["crit_weight"] = []string{"60", "40"}
	form["crit_min"], form["crit_max"] = []string{"0", "0"}, []string{"10", "10"}
	expectStatus(t, env.PostForm(t, op, page, form), http.StatusSeeOther, "save")
	r, err := env.Services.Scoring.FindRubric(apptest.Sys(), eds[0].ID, haizhi.RoundPreliminary)
	if err != nil || len(r.Criteria) != 2 || !r.Blind || r.Criteria[0].Step != 0.5 || r.Criteria[1].Weight != 40 {
		t.Fatalf("saved rubric: %+v %v", r, err)
	}
	expectContains(t, expectStatus(t, env.Get(t, op, page), http.StatusOK, "saved"), "saved", `value="innovation"`, `value="0.5"`, `name="version" value="1"`)
}
