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
