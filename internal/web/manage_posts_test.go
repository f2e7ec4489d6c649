package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// expectStatus reads and closes the response, fails the test unless its status is want,
// and returns the body.
func expectStatus(t *testing.T, res *http.Response, want int, what string) string {
	t.Helper()
	body := apptest.Body(t, res)
	if res.StatusCode != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, res.StatusCode, want, snippet(body))
	}
	return body
}

// expectContains fails for every want that body lacks.
func expectContains(t *testing.T, body, what string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: page lacks %q", what, w)
		}
	}
}

// snippet is the main part of a page, for failure messages.
func snippet(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 1500 {
		body = body[:1500] + "…"
	}
	return body
}

// findPost returns the id of the post titled title, as the system sees it.
func findPost(t *testing.T, env *apptest.Env, title string) int64 {
	t.Helper()
	posts, _, err := env.Services.Posts.FindPosts(apptest.Sys(), haizhi.PostFilter{Query: title})
	if err != nil || len(posts) != 1 {
		t.Fatalf("find post %q: %d posts, %v", title, len(posts), err)
	}
	return posts[0].ID
}

func id(n int64) string { return fmt.Sprint(n) }

// TestManagePosts walks an operator through a post's life: create, fail validation,
// edit, lose a version race, publish for guests to read, withdraw and delete.
func TestManagePosts(t *testing.T) {
	for _, dialect := range apptest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			env := apptest.NewEnv(t, dialect, web.Options{})
			op := env.Login(t, "operator")
			guest := env.Client(t)
			city := id(env.Units["city"].ID)

			res := env.PostForm(t, op, "/manage/posts", url.Values{"kind": {"news"}, "unit_id": {city},
				"title_zh": {"海外人才大赛启动"}, "body_zh": {"第一段。\n\n第二段。"}})
			expectStatus(t, res, http.StatusSeeOther, "create post")
			if loc := res.Header.Get("Location"); loc != "/manage/posts" {
				t.Errorf("create post went to %q", loc)
			}
			body := expectStatus(t, env.Get(t, op, "/manage/posts"), http.StatusOK, "post list")
			expectContains(t, body, "post list", "海外人才大赛启动", "badge-draft", "已保存为草稿", `aria-sort="descending"`)
			pid := id(findPost(t, env, "海外人才大赛启动"))

			// Validation problems come back beside their fields, in Chinese.
			res = env.PostForm(t, op, "/manage/posts", url.Values{"kind": {""}, "unit_id": {city}, "body_en": {"Body only"}})
			body = expectStatus(t, res, http.StatusUnprocessableEntity, "invalid post")
			expectContains(t, body, "invalid post", "请至少填写中文标题或英文标题。", "请从选项中选择一项。", "此项为必填项。",
				`id="f-kind-error"`, `aria-invalid="true"`, "Body only")

			body = expectStatus(t, env.Get(t, op, "/manage/posts/"+pid+"/edit"), http.StatusOK, "edit form")
			expectContains(t, body, "edit form", `name="version" value="1"`, "第二段。")

			edit := url.Values{"kind": {"news"}, "version": {"1"}, "title_zh": {"海外人才大赛正式启动"}, "body_zh": {"正文"}}
			expectStatus(t, env.PostForm(t, op, "/manage/posts/"+pid, edit), http.StatusSeeOther, "update post")

			// A second save from the same old version loses the race, keeping its text.
			edit.Set("title_zh", "我的另一个标题")
			body = expectStatus(t, env.PostForm(t, op, "/manage/posts/"+pid, edit), http.StatusConflict, "stale update")
			expectContains(t, body, "stale update", "我的另一个标题", "他人已保存了新版本", `name="version" value="1"`)

			if strings.Contains(apptest.Body(t, env.Get(t, guest, "/news")), "海外人才大赛正式启动") {
				t.Error("a draft is on the public news list")
			}
			res = env.PostForm(t, op, "/manage/posts/"+pid+"/publish", url.Values{"next": {"/manage/posts?kind=news"}})
			expectStatus(t, res, http.StatusSeeOther, "publish")
			if loc := res.Header.Get("Location"); loc != "/manage/posts?kind=news" {
				t.Errorf("publish went back to %q", loc)
			}
			expectContains(t, expectStatus(t, env.Get(t, guest, "/news"), http.StatusOK, "news"), "news", "海外人才大赛正式启动")
			expectStatus(t, env.Get(t, guest, "/posts/"+pid), http.StatusOK, "published post")

			body = expectStatus(t, env.Get(t, op, "/manage/posts?status=published&kind=news&sort=title&q=%E5%A4%A7%E8%B5%9B"), http.StatusOK, "filtered list")
			expectContains(t, body, "filtered list", "海外人才大赛正式启动", "badge-published", `aria-sort="ascending"`)
			body = expectStatus(t, env.Get(t, op, "/manage/posts?kind=policy"), http.StatusOK, "policies")
			if strings.Contains(body, "海外人才大赛正式启动") {
				t.Error("the kind filter let news into the policy list")
			}

			expectStatus(t, env.PostForm(t, op, "/manage/posts/"+pid+"/unpublish", nil), http.StatusSeeOther, "unpublish")
			expectStatus(t, env.Get(t, guest, "/posts/"+pid), http.StatusNotFound, "withdrawn post")

			res = env.PostForm(t, op, "/manage/posts/"+pid+"/delete", url.Values{"next": {"/manage/posts/" + pid + "/edit"}})
			expectStatus(t, res, http.StatusSeeOther, "delete")
			if loc := res.Header.Get("Location"); loc != "/manage/posts" {
				t.Errorf("delete went to %q", loc)
			}
			expectStatus(t, env.Get(t, op, "/manage/posts/"+pid+"/edit"), http.StatusNotFound, "deleted post")
		})
	}
}

// TestManagePostsScope keeps a district operator to their district: other units' drafts
// are invisible, their published posts read-only, and the list holds only their own.
func TestManagePostsScope(t *testing.T) {
	for _, dialect := range apptest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			env := apptest.NewEnv(t, dialect, web.Options{})
			sys := apptest.Sys()
			mk := func(unit, title string, publish bool) string {
				p := &haizhi.Post{Kind: haizhi.PostNews, UnitID: env.Units[unit].ID, TitleZH: title, BodyZH: "正文"}
				if err := env.Services.Posts.CreatePost(sys, p); err != nil {
					t.Fatal(err)
				}
				if publish {
					if _, err := env.Services.Posts.SetPostPublished(sys, p.ID, true); err != nil {
						t.Fatal(err)
					}
				}
				return id(p.ID)
			}
			other := mk("district2", "另一区草稿", false)
			city := mk("city", "市级新闻", true)
			own := mk("park", "园区草稿", false)
			c := env.Login(t, "district_operator")

			expectStatus(t, env.Get(t, c, "/manage/posts/"+other+"/edit"), http.StatusNotFound, "other district's draft")
			expectStatus(t, env.PostForm(t, c, "/manage/posts/"+other, url.Values{"kind": {"news"}, "version": {"1"}, "title_zh": {"x"}, "body_zh": {"x"}}),
				http.StatusNotFound, "update other district's draft")
			expectStatus(t, env.Get(t, c, "/manage/posts/"+city+"/edit"), http.StatusForbidden, "city post")
			expectStatus(t, env.PostForm(t, c, "/manage/posts/"+city+"/unpublish", nil), http.StatusForbidden, "withdraw city post")
			expectStatus(t, env.PostForm(t, c, "/manage/posts/"+city+"/delete", nil), http.StatusForbidden, "delete city post")
			expectStatus(t, env.PostForm(t, c, "/manage/posts", url.Values{"kind": {"news"}, "unit_id": {id(env.Units["district2"].ID)},
				"title_zh": {"越权"}, "body_zh": {"x"}}), http.StatusForbidden, "create in another district")

			body := expectStatus(t, env.Get(t, c, "/manage/posts"), http.StatusOK, "district list")
			expectContains(t, body, "district list", "园区草稿")
			for _, hidden := range []string{"另一区草稿", "市级新闻", "/manage/posts/" + city + "/edit"} {
				if strings.Contains(body, hidden) {
					t.Errorf("district list shows %q", hidden)
				}
			}
			expectStatus(t, env.Get(t, c, "/manage/posts/"+own+"/edit"), http.StatusOK, "own draft")

			leader := env.Login(t, "leader")
			expectStatus(t, env.Get(t, leader, "/manage/posts"), http.StatusForbidden, "leader on posts")
			expectStatus(t, env.PostForm(t, leader, "/manage/posts/"+city+"/unpublish", nil), http.StatusForbidden, "leader withdraws")
		})
	}
}
