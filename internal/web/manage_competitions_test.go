package web_test

import (
	"net/http"
	"net/url"
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
	if err != nil || len(eds) != 2 {
		t.Fatalf("demo editions: %v %v", eds, err)
	}
	e2018 := eds[1]
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	body := expectStatus(t, env.Get(t, op, "/manage/competitions"), http.StatusOK, "competitions")
	expectContains(t, body, "competitions", "中国（杭州）海外人才创新创业项目大赛", "2018年大赛", "已结束", "筹备中", "/manage/editions/"+id(e2018.ID))

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
