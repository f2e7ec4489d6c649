package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// TestNeedPages: an enterprise drafts a need (a bad form comes back marked, in its
// language), which nobody else reads until it is published; then a talent finds it by a
// Chinese or an English word; only the enterprise and the unit's operators may change it;
// a stale form is refused; an applicant cannot publish needs.
func TestNeedPages(t *testing.T) {
	env := apptest.NewEnv(t, "sqlite", web.Options{})
	ent := env.Login(t, "enterprise")
	expectContains(t, expectStatus(t, env.Get(t, ent, "/needs/new"), http.StatusOK, "form"), "form", "发布", `name="title_zh"`)
	form := url.Values{"unit_id": {id(env.Units["city"].ID)}, "kind": {"technology"}, "industry": {"equipment"}, "enterprise": {"杭州翼飞无人机有限公司"},
		"budget_yuan": {"5,000,000"}, "keywords": {"固态电池, 无人机"}}
	body := expectStatus(t, env.PostForm(t, ent, "/needs", form), http.StatusUnprocessableEntity, "no title")
	expectContains(t, body, "no title", "请填写需求标题", "请填写需求描述", "杭州翼飞无人机有限公司")
	form.Set("title_zh", "长航时无人机固态电池")
	form.Set("description_zh", "寻求能量密度 400Wh/kg 以上的固态电池技术。")
	form.Set("budget_yuan", "five million")
	expectContains(t, expectStatus(t, env.PostForm(t, ent, "/needs", form), http.StatusUnprocessableEntity, "bad budget"), "bad budget", "请填写数字")
	form.Set("budget_yuan", "5,000,000")
	res := env.PostForm(t, ent, "/needs", form)
	res.Body.Close()
	page := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(page, "/needs/") {
		t.Fatalf("create: %d %s", res.StatusCode, page)
	}
	expectContains(t, expectStatus(t, env.Get(t, ent, page), http.StatusOK, "draft"), "draft", "草稿", "500 万元")
	talent := env.Login(t, "applicant")
	expectStatus(t, env.Get(t, talent, page), http.StatusNotFound, "a draft for a talent")
	expectStatus(t, env.Get(t, talent, "/needs/new"), http.StatusForbidden, "a talent publishes")
	expectStatus(t, env.PostForm(t, talent, page+"/status", url.Values{"status": {"published"}}), http.StatusNotFound, "a talent publishes it")
	expectStatus(t, env.PostForm(t, ent, page+"/status", url.Values{"status": {"published"}}), http.StatusSeeOther, "publish")
	for _, q := range []string{"电池", "无人机"} {
		expectContains(t, expectStatus(t, env.Get(t, talent, "/needs?q="+url.QueryEscape(q)), http.StatusOK, q), q, "长航时无人机固态电池")
	}
	expectContains(t, expectStatus(t, env.Get(t, talent, "/needs?industry=health"), http.StatusOK, "health"), "health", "没有找到需求")
	// A district operator does not run the city's needs; a stale form is refused.
	expectStatus(t, env.PostForm(t, env.Login(t, "district_operator"), page, form), http.StatusForbidden, "another unit's operator")
	form.Set("version", "1")
	form.Set("title_en", "Solid-state batteries for drones")
	expectStatus(t, env.PostForm(t, ent, page, form), http.StatusUnprocessableEntity, "stale form")
	form.Set("version", "2")
	expectStatus(t, env.PostForm(t, ent, page, form), http.StatusSeeOther, "edit")
	expectContains(t, expectStatus(t, env.Get(t, talent, "/needs?q=battery"), http.StatusOK, "english"), "english", "长航时无人机固态电池")
}

// TestSitePages: an operator adds a landing site (a bad form comes back marked), which
// everyone signed in then finds; a talent cannot add one; investors list for all.
func TestSitePages(t *testing.T) {
	env := apptest.NewEnv(t, "sqlite", web.Options{})
	op := env.Login(t, "operator")
	expectContains(t, expectStatus(t, env.Get(t, op, "/sites/new"), http.StatusOK, "form"), "form", `name="policies_zh"`)
	form := url.Values{"unit_id": {id(env.Units["city"].ID)}, "kind": {"park"}, "industry": {"ai"}, "space_m2": {"lots"}}
	body := expectStatus(t, env.PostForm(t, op, "/sites", form), http.StatusUnprocessableEntity, "bad site")
	expectContains(t, body, "bad site", "请填写数字")
	form.Set("space_m2", "12,000")
	body = expectStatus(t, env.PostForm(t, op, "/sites", form), http.StatusUnprocessableEntity, "no name")
	form.Set("name_zh", "未来科技城人工智能小镇")
	form.Set("policies_zh", "落地项目最高资助 500 万元，三年免租。")
	form.Set("subsidy_max_yuan", "5000000")
	form.Set("published", "1")
	expectStatus(t, env.PostForm(t, op, "/sites", form), http.StatusSeeOther, "add")
	talent := env.Login(t, "applicant")
	body = expectStatus(t, env.Get(t, talent, "/sites?q="+url.QueryEscape("免租")), http.StatusOK, "search")
	expectContains(t, body, "search", "未来科技城人工智能小镇", "最高资助 500 万元", "可用空间 12000 平方米")
	if strings.Contains(body, "/sites/new") {
		t.Error("a talent is offered to add a site")
	}
	expectStatus(t, env.Get(t, talent, "/sites/new"), http.StatusForbidden, "a talent adds a site")
	expectStatus(t, env.PostForm(t, talent, "/sites", form), http.StatusForbidden, "a talent posts a site")
	expectStatus(t, env.Get(t, talent, "/investors"), http.StatusOK, "investors")
}
