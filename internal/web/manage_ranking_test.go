package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// TestRankingPages: three semifinalists compete for Oceania's one equipment place; the
// page shows the tie at the line and refuses to confirm it; a changed score settles it and
// the confirmation advances one and rejects two. The 2018 prize page shows the tiers and
// the placing withdrawn in due diligence. An applicant is refused.
func TestRankingPages(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{})
	if err != nil || len(eds) != 3 {
		t.Fatal(err)
	}
	open, e2018 := eds[0], eds[len(eds)-1]
	sys := apptest.Sys()
	var rows []haizhi.ImportRow
	for i := range 3 {
		rows = append(rows, haizhi.ImportRow{Row: i + 2, Input: haizhi.EntryInput{DivisionCode: "oceania", TrackCode: "equipment",
			Lead: haizhi.Talent{Name: fmt.Sprintf("Lead %d", i), Email: fmt.Sprintf("lead%d@anu.example", i), Nationality: "AU", Category: haizhi.CategoryForeignNonChinese,
				Residence: "AU", Born: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), Degree: haizhi.DegreeDoctorate, DegreeCountry: "AU", Institution: "ANU"},
			Project: haizhi.Project{TitleEN: fmt.Sprintf("Mining drill %d", i), SummaryEN: "A drill.", Stage: haizhi.StagePrototype},
			Answers: map[string][]string{"landing-plan": {"undecided"}}}})
	}
	if res, err := env.Services.Entries.ImportEntries(sys, open.ID, rows, haizhi.ImportAllOrNothing); err != nil || res.Created != 3 {
		t.Fatalf("import: %+v %v", res, err)
	}
	list, _, _ := env.Services.Entries.FindEntries(sys, haizhi.EntryFilter{EditionID: open.ID, Query: "drill", Sort: "title"})
	var ids []int64
	for _, e := range list {
		ids = append(ids, e.ID)
	}
	for range 2 {
		if _, err := env.Services.Entries.DecideEntries(sys, haizhi.Decision{EditionID: open.ID, EntryIDs: ids, Outcome: haizhi.OutcomeAdvanced}); err != nil {
			t.Fatal(err)
		}
	}
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	page := "/manage/editions/" + id(open.ID) + "/rounds/semifinal"
	scores := url.Values{"score_" + id(ids[0]): {"80"}, "score_" + id(ids[1]): {"80"}, "score_" + id(ids[2]): {"70"}}
	expectStatus(t, env.PostForm(t, op, page+"/scores", scores), http.StatusSeeOther, "save scores")
	body := expectStatus(t, env.Get(t, op, page), http.StatusOK, "ranking")
	expectContains(t, body, "ranking", "大洋洲赛区 · 高端装备", "名额：1", "晋级线：80 分", "晋级线上 2 个项目同分", `value="80"`)
	body = expectStatus(t, env.PostForm(t, op, page+"/confirm", url.Values{"cell": {"oceania/equipment"}}), http.StatusUnprocessableEntity, "confirm a tie")
	expectContains(t, body, "confirm a tie", "晋级线上出现同分")
	expectContains(t, expectStatus(t, env.PostForm(t, op, page+"/scores", url.Values{"score_" + id(ids[0]): {"many"}}), http.StatusUnprocessableEntity, "bad score"), "bad score", "请填写数字")
	expectStatus(t, env.PostForm(t, op, page+"/scores", url.Values{"score_" + id(ids[1]): {"81.5"}}), http.StatusSeeOther, "settle")
	expectStatus(t, env.PostForm(t, op, page+"/confirm", url.Values{"cell": {"oceania/equipment"}}), http.StatusSeeOther, "confirm")
	won, _ := env.Services.Entries.FindEntryByID(sys, ids[1])
	lost, _ := env.Services.Entries.FindEntryByID(sys, ids[0])
	if won.Round != haizhi.RoundFinal || lost.Outcome != haizhi.OutcomeRejected {
		t.Fatalf("after confirming: %s/%s %s/%s", won.Round, won.Outcome, lost.Round, lost.Outcome)
	}

	body = expectStatus(t, env.Get(t, op, "/manage/editions/"+id(e2018.ID)+"/rounds/final"), http.StatusOK, "final scores")
	expectContains(t, body, "final scores", "全部决赛项目", "获奖名额：18", `name="score_`, "在获奖名额内", `value="97.5"`)
	body = expectStatus(t, env.Get(t, op, "/manage/editions/"+id(e2018.ID)+"/prizes"), http.StatusOK, "prizes")
	expectContains(t, body, "prizes", "一等奖", "已获奖", "已撤销的获奖资格", "撤销原因")
	applicant := demoLogin(t, env, "applicant@demo.haizhi.org")
	expectStatus(t, env.Get(t, applicant, page), http.StatusForbidden, "applicant ranking")
	expectStatus(t, env.PostForm(t, applicant, "/manage/entries/"+id(ids[1])+"/prize/revoke", url.Values{"reason": {"x"}}), http.StatusForbidden, "applicant revoke")
}

// TestDuplicatesPage: the 2018 edition shows its planted duplicates with the evidence: the
// same person entering two tracks, and a project copied by someone else; a filter keeps
// only one kind of evidence.
func TestDuplicatesPage(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionFinished})
	if err != nil || len(eds) != 1 {
		t.Fatal(err)
	}
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	page := "/manage/editions/" + id(eds[0].ID) + "/duplicates"
	body := expectStatus(t, env.Get(t, op, page), http.StatusOK, "duplicates")
	expectContains(t, body, "duplicates", "同一邮箱", "同名且出生日期相同", "项目简介相同", "项目名称相似")
	body = expectStatus(t, env.Get(t, op, page+"?reason=same_summary"), http.StatusOK, "filtered")
	if strings.Contains(body, "同一邮箱</li>") {
		t.Error("the filter kept pairs without the reason")
	}
	expectStatus(t, env.Get(t, env.Login(t, "district_operator"), page), http.StatusNotFound, "another tree")
}
