package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// TestPosts plays the life of portal posts through the API: who sees what, an operator
// writing in their own district but not in the next one, optimistic locking, and the
// limits on bodies and query parameters.
func TestPosts(t *testing.T) {
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		f := mustFixture(t, db)
		onlyPublished := func(t *testing.T, f *fixture, res *response) {
			for _, p := range res.items(t) {
				if p["published"] != true {
					t.Errorf("a guest sees draft %v", p["id"])
				}
			}
		}
		f.run(t, []scenario{
			// Reading.
			{name: "guest lists published posts only", path: "/posts", status: http.StatusOK,
				check: func(t *testing.T, f *fixture, res *response) { wantTotal(2, 2)(t, f, res); onlyPublished(t, f, res) }},
			{name: "session actor is ignored", path: "/posts", session: "admin", status: http.StatusOK,
				check: func(t *testing.T, f *fixture, res *response) { wantTotal(2, 2)(t, f, res); onlyPublished(t, f, res) }},
			{name: "operator also sees own drafts", path: "/posts", token: "operator", status: http.StatusOK, check: wantTotal(3, 3)},
			{name: "operator asks for published only", path: "/posts?published=true", token: "operator", status: http.StatusOK, check: wantTotal(2, 2)},
			{name: "admin sees every draft", path: "/posts", token: "admin", status: http.StatusOK, check: wantTotal(4, 4)},
			{name: "filter by kind and unit", path: "/posts?kind=policy&unit_id={gongshu}", status: http.StatusOK, check: wantTotal(1, 1)},
			{name: "second page of one", path: "/posts?page=2&per_page=1", status: http.StatusOK,
				check: func(t *testing.T, f *fixture, res *response) {
					wantTotal(2, 1)(t, f, res)
					if body := res.json(t); body["page"] != 2.0 || body["per_page"] != 1.0 {
						t.Errorf("page %v per_page %v, want 2 and 1", body["page"], body["per_page"])
					}
				}},
			{name: "per_page is clamped", path: "/posts?per_page=1000", status: http.StatusOK,
				check: func(t *testing.T, f *fixture, res *response) {
					if got := res.json(t)["per_page"]; got != 200.0 {
						t.Errorf("per_page %v, want 200", got)
					}
				}},
			{name: "defaults of the envelope", path: "/posts?kind=news&q=nothing-matches", status: http.StatusOK,
				check: func(t *testing.T, f *fixture, res *response) {
					if string(res.body) != `{"items":[],"total":0,"page":1,"per_page":20}`+"\n" {
						t.Errorf("body %s", res.body)
					}
				}},
			{name: "page not a number", path: "/posts?page=two", status: http.StatusBadRequest, check: wantError("invalid", "page")},
			{name: "per_page zero", path: "/posts?per_page=0", status: http.StatusBadRequest, check: wantError("invalid", "per_page")},
			{name: "unknown kind and sort", path: "/posts?kind=memo&sort=colour", status: http.StatusBadRequest, check: wantError("invalid", "kind", "sort")},
			{name: "published not a boolean", path: "/posts?published=maybe", status: http.StatusBadRequest, check: wantError("invalid", "published")},
			{name: "unit_id not a number", path: "/posts?unit_id=yuhang", status: http.StatusBadRequest, check: wantError("invalid", "unit_id")},
			{name: "guest reads a published post", path: "/posts/{yuhang_news}", status: http.StatusOK},
			{name: "guest cannot read a draft", path: "/posts/{yuhang_draft}", status: http.StatusNotFound, check: wantError("not_found")},
			{name: "operator reads own draft", path: "/posts/{yuhang_draft}", token: "operator", status: http.StatusOK},
			{name: "id not a number", path: "/posts/first", status: http.StatusNotFound, check: wantError("not_found")},

			// An operator writes in their district.
			{name: "guest cannot create", method: "POST", path: "/posts", body: `{"unit_id":{yuhang},"kind":"news","title_en":"T","body_en":"B"}`,
				status: http.StatusUnauthorized, check: wantError("unauthorized")},
			{name: "operator creates a draft", method: "POST", path: "/posts", token: "operator",
				body:   `{"unit_id":{yuhang},"kind":"news","title_zh":"人才新政","body_zh":"正文","title_en":"New talent policy","body_en":"Body"}`,
				status: http.StatusCreated, check: func(t *testing.T, f *fixture, res *response) {
					p := res.json(t)
					f.ids["new"] = int64(p["id"].(float64))
					if p["version"] != 1.0 || p["published"] != false {
						t.Errorf("new post %v", p)
					}
					if loc := res.header.Get("Location"); loc != f.expand("/api/v1/posts/{new}") {
						t.Errorf("Location %q", loc)
					}
				}},
			{name: "operator creates in a park below", method: "POST", path: "/posts", token: "operator",
				body: `{"unit_id":{future-sci-tech},"kind":"policy","title_en":"Park rent relief","body_en":"Body"}`, status: http.StatusCreated},
			{name: "operator edits", method: "PATCH", path: "/posts/{new}", token: "operator",
				body: `{"version":1,"title_en":"New talent policy, revised"}`, status: http.StatusOK,
				check: func(t *testing.T, f *fixture, res *response) {
					if p := res.json(t); p["version"] != 2.0 || p["title_en"] != "New talent policy, revised" || p["title_zh"] != "人才新政" {
						t.Errorf("patched post %v", p)
					}
				}},
			{name: "stale version conflicts", method: "PATCH", path: "/posts/{new}", token: "operator",
				body: `{"version":1,"title_en":"Lost update"}`, status: http.StatusConflict, check: wantError("conflict")},
			{name: "version is required", method: "PATCH", path: "/posts/{new}", token: "operator",
				body: `{"title_en":"No version"}`, status: http.StatusBadRequest, check: wantError("invalid", "version")},
			{name: "operator publishes", method: "POST", path: "/posts/{new}/publish", token: "operator", status: http.StatusOK,
				check: func(t *testing.T, f *fixture, res *response) {
					if p := res.json(t); p["published"] != true || p["published_at"] == nil || p["version"] != 2.0 {
						t.Errorf("published post %v", p)
					}
				}},
			{name: "guest now sees it", path: "/posts/{new}", status: http.StatusOK},
			{name: "operator withdraws", method: "POST", path: "/posts/{new}/unpublish", token: "operator", status: http.StatusOK},
			{name: "guest no longer sees it", path: "/posts/{new}", status: http.StatusNotFound},

			// The next district is out of reach.
			{name: "operator cannot create in a sibling district", method: "POST", path: "/posts", token: "operator",
				body: `{"unit_id":{gongshu},"kind":"news","title_en":"T","body_en":"B"}`, status: http.StatusForbidden, check: wantError("forbidden")},
			{name: "operator cannot publish a sibling's post", method: "POST", path: "/posts/{gongshu_policy}/unpublish", token: "operator",
				status: http.StatusForbidden, check: wantError("forbidden")},
			{name: "operator cannot edit a sibling's post", method: "PATCH", path: "/posts/{gongshu_policy}", token: "operator",
				body: `{"version":1,"title_en":"Hijack"}`, status: http.StatusForbidden},
			{name: "a sibling's draft does not exist for the operator", method: "DELETE", path: "/posts/{gongshu_draft}", token: "operator",
				status: http.StatusNotFound},
			{name: "leader may not write posts", method: "POST", path: "/posts", token: "leader",
				body: `{"unit_id":{yuhang},"kind":"news","title_en":"T","body_en":"B"}`, status: http.StatusForbidden, check: wantError("forbidden")},

			// Bodies.
			{name: "unknown field is named", method: "POST", path: "/posts", token: "operator",
				body: `{"unit_id":{yuhang},"kind":"news","title_en":"T","body_en":"B","colour":"red"}`, status: http.StatusBadRequest,
				check: wantError("invalid", "colour")},
			{name: "wrong type is named", method: "POST", path: "/posts", token: "operator",
				body: `{"unit_id":"yuhang","kind":"news"}`, status: http.StatusBadRequest, check: wantError("invalid", "unit_id")},
			{name: "malformed JSON", method: "POST", path: "/posts", token: "operator", body: `{"unit_id":`, status: http.StatusBadRequest,
				check: wantError("invalid")},
			{name: "validation problems are named", method: "POST", path: "/posts", token: "operator",
				body: `{"unit_id":{yuhang},"kind":"memo","title_en":"T"}`, status: http.StatusBadRequest, check: wantError("invalid", "kind", "body_en")},
			{name: "oversize body", method: "POST", path: "/posts", token: "operator",
				body:   `{"unit_id":{yuhang},"kind":"news","title_en":"T","body_en":"` + strings.Repeat("x", 2<<20) + `"}`,
				status: http.StatusRequestEntityTooLarge, check: wantError("too_large")},

			{name: "operator deletes", method: "DELETE", path: "/posts/{new}", token: "operator", status: http.StatusNoContent},
			{name: "deleted is gone", path: "/posts/{new}", token: "operator", status: http.StatusNotFound},
		})
	})
}
