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

// TestAdminUnits covers the unit tree: who sees which subtree, filtering to a table, and
// creating and renaming units with their validation.
func TestAdminUnits(t *testing.T) {
	for _, dialect := range apptest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			env := apptest.NewEnv(t, dialect, web.Options{})
			admin := env.Login(t, "admin")

			body := expectStatus(t, env.Get(t, admin, "/admin/units"), http.StatusOK, "admin tree")
			expectContains(t, body, "admin tree", `class="tree"`, "city单位", "district单位", "park单位", "district2单位",
				"fixture-district2", "/admin/units/new?parent="+id(env.Units["park"].ID))

			// The district operator sees their subtree only, and may not change it.
			body = expectStatus(t, env.Get(t, env.Login(t, "district_operator"), "/admin/units"), http.StatusOK, "district tree")
			expectContains(t, body, "district tree", "district单位", "park单位")
			for _, hidden := range []string{"city单位", "district2单位", "/admin/units/new", "/edit"} {
				if strings.Contains(body, hidden) {
					t.Errorf("district operator's tree shows %q", hidden)
				}
			}

			body = expectStatus(t, env.Get(t, admin, "/admin/units?kind=park"), http.StatusOK, "kind filter")
			expectContains(t, body, "kind filter", `<table class="table">`, "fixture-park")
			if strings.Contains(body, "fixture-district") {
				t.Error("kind filter shows districts")
			}
			body = expectStatus(t, env.Get(t, admin, "/admin/units?q=nothing-like-this"), http.StatusOK, "empty search")
			expectContains(t, body, "empty search", `class="empty"`)

			expectStatus(t, env.Get(t, admin, "/admin/units/new?parent="+id(env.Units["district"].ID)), http.StatusOK, "new unit form")
			form := url.Values{"parent_id": {id(env.Units["district"].ID)}, "kind": {"platform"}, "code": {"ai-platform"},
				"name_zh": {"人工智能平台"}, "name_en": {"AI platform"}}
			expectStatus(t, env.PostForm(t, admin, "/admin/units", form), http.StatusSeeOther, "create unit")
			expectContains(t, apptest.Body(t, env.Get(t, admin, "/admin/units")), "tree after create", "人工智能平台", "ai-platform", "单位已创建。")

			body = expectStatus(t, env.PostForm(t, admin, "/admin/units", form), http.StatusConflict, "duplicate code")
			expectContains(t, body, "duplicate code", `id="f-code-error">该代码已被其他单位使用。`, `value="人工智能平台"`)

			form.Set("code", "Bad Code!")
			form.Set("kind", "")
			body = expectStatus(t, env.PostForm(t, admin, "/admin/units", form), http.StatusUnprocessableEntity, "invalid unit")
			expectContains(t, body, "invalid unit", "代码须为 2–40 位小写字母", `id="f-kind-error"`)

			form.Del("parent_id")
			form.Set("code", "orphan")
			form.Set("kind", "park")
			body = expectStatus(t, env.PostForm(t, admin, "/admin/units", form), http.StatusUnprocessableEntity, "no parent")
			expectContains(t, body, "no parent", `id="f-parent_id-error"`)

			u, err := env.Services.Units.FindUnitByCode(apptest.Sys(), "ai-platform")
			if err != nil {
				t.Fatal(err)
			}
			uid := id(u.ID)
			expectContains(t, expectStatus(t, env.Get(t, admin, "/admin/units/"+uid+"/edit"), http.StatusOK, "edit unit"), "edit unit", "district单位", "ai-platform")
			upd := url.Values{"kind": {"base"}, "name_zh": {""}, "name_en": {""}}
			body = expectStatus(t, env.PostForm(t, admin, "/admin/units/"+uid, upd), http.StatusUnprocessableEntity, "unit without names")
			expectContains(t, body, "unit without names", "请至少填写中文名称或英文名称。")
			upd.Set("name_zh", "离岸创新中心")
			expectStatus(t, env.PostForm(t, admin, "/admin/units/"+uid, upd), http.StatusSeeOther, "rename unit")
			if u, _ := env.Services.Units.FindUnitByID(apptest.Sys(), u.ID); u.NameZH != "离岸创新中心" || u.Kind != haizhi.UnitBase {
				t.Errorf("renamed unit = %+v", u)
			}

			// A district admin manages their district, not the city above it.
			da := env.Login(t, "district_admin")
			expectStatus(t, env.Get(t, da, "/admin/units/"+id(env.Units["city"].ID)+"/edit"), http.StatusForbidden, "district admin edits city")
			expectStatus(t, env.Get(t, da, "/admin/units/"+id(env.Units["district2"].ID)+"/edit"), http.StatusNotFound, "district admin edits district2")
			form = url.Values{"parent_id": {id(env.Units["district2"].ID)}, "kind": {"park"}, "code": {"sneaky"}, "name_zh": {"越权园区"}}
			expectStatus(t, env.PostForm(t, da, "/admin/units", form), http.StatusForbidden, "district admin adds under district2")
		})
	}
}
