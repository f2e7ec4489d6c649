package api_test

import (
	"net/http"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// TestUnitsUsersAudit covers the administration routes: the unit tree, people and the
// audit log, each within the caller's scope.
func TestUnitsUsersAudit(t *testing.T) {
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		f := mustFixture(t, db)
		f.run(t, []scenario{
			// Units.
			{name: "guest may not list units", path: "/units", status: http.StatusUnauthorized},
			{name: "admin lists the tree", path: "/units", token: "admin", status: http.StatusOK, check: wantTotal(4, 4)},
			{name: "operator lists own subtree", path: "/units", token: "operator", status: http.StatusOK, check: wantTotal(2, 2)},
			{name: "leader lists own subtree", path: "/units?kind=park", token: "leader", status: http.StatusOK, check: wantTotal(1, 1)},
			{name: "roots", path: "/units?parent_id=0", token: "admin", status: http.StatusOK, check: wantTotal(1, 1)},
			{name: "children", path: "/units?parent_id={hangzhou}&q=gong", token: "admin", status: http.StatusOK, check: wantTotal(1, 1)},
			{name: "unknown unit kind", path: "/units?kind=village", token: "admin", status: http.StatusBadRequest, check: wantError("invalid", "kind")},
			{name: "operator reads the city above", path: "/units/{hangzhou}", token: "operator", status: http.StatusOK},
			{name: "operator cannot read a sibling", path: "/units/{gongshu}", token: "operator", status: http.StatusNotFound},
			{name: "missing unit", path: "/units/999999", token: "admin", status: http.StatusNotFound},
			{name: "operator may not create units", method: "POST", path: "/units", token: "operator",
				body: `{"parent_id":{yuhang},"kind":"park","code":"new-park","name_zh":"新园区"}`, status: http.StatusForbidden},
			{name: "admin creates a unit", method: "POST", path: "/units", token: "admin",
				body: `{"parent_id":{yuhang},"kind":"park","code":"new-park","name_zh":"新园区"}`, status: http.StatusCreated,
				check: func(t *testing.T, f *fixture, res *response) {
					if u := res.json(t); u["code"] != "new-park" || u["parent_id"] != float64(f.yuhang.ID) || u["depth"] != 2.0 {
						t.Errorf("unit %v", u)
					}
				}},
			{name: "unit code taken", method: "POST", path: "/units", token: "admin",
				body: `{"parent_id":{yuhang},"kind":"park","code":"new-park","name_zh":"另一个"}`, status: http.StatusConflict, check: wantError("conflict")},
			{name: "bad unit code", method: "POST", path: "/units", token: "admin",
				body: `{"parent_id":{yuhang},"kind":"park","code":"No Spaces","name_zh":"园区"}`, status: http.StatusBadRequest, check: wantError("invalid", "code")},
			{name: "admin renames a unit", method: "PATCH", path: "/units/{future-sci-tech}", token: "admin",
				body: `{"name_en":"Future City"}`, status: http.StatusOK,
				check: func(t *testing.T, f *fixture, res *response) {
					if u := res.json(t); u["name_en"] != "Future City" || u["name_zh"] != "未来科技城" {
						t.Errorf("unit %v", u)
					}
				}},
			{name: "a unit's code cannot change", method: "PATCH", path: "/units/{future-sci-tech}", token: "admin",
				body: `{"code":"elsewhere"}`, status: http.StatusBadRequest, check: wantError("invalid", "code")},

			// Users.
			{name: "leader may not list users", path: "/users", token: "leader", status: http.StatusForbidden},
			{name: "operator lists users of own district", path: "/users", token: "operator", status: http.StatusOK, check: wantTotal(2, 2)},
			{name: "by role", path: "/users?role=leader&sort=email", token: "operator", status: http.StatusOK, check: wantTotal(1, 1)},
			{name: "by unit", path: "/users?unit_id={gongshu}", token: "admin", status: http.StatusOK, check: wantTotal(1, 1)},
			{name: "unknown role and sort", path: "/users?role=wizard&sort=age", token: "admin", status: http.StatusBadRequest,
				check: wantError("invalid", "role", "sort")},
			{name: "operator reads a colleague", path: "/users/{user_leader}", token: "operator", status: http.StatusOK},
			{name: "operator cannot read a sibling's user", path: "/users/{user_gongshu}", token: "operator", status: http.StatusNotFound},
			{name: "operator may not create users", method: "POST", path: "/users", token: "operator",
				body: `{"email":"judge@haizhi.example","name":"Judge","role":"judge","unit_id":{yuhang}}`, status: http.StatusForbidden},
			{name: "admin creates a user", method: "POST", path: "/users", token: "admin",
				body:   `{"email":"Judge@Haizhi.example","name":"Judge","locale":"en","role":"judge","unit_id":{future-sci-tech}}`,
				status: http.StatusCreated, check: func(t *testing.T, f *fixture, res *response) {
					u := res.json(t)
					if u["email"] != "judge@haizhi.example" || u["locale"] != "en" || len(u["grants"].([]any)) != 1 {
						t.Errorf("user %s", res.body)
					}
				}},
			{name: "email taken", method: "POST", path: "/users", token: "admin",
				body: `{"email":"judge@haizhi.example","name":"Judge","role":"judge","unit_id":{yuhang}}`, status: http.StatusConflict},
			{name: "user fields checked", method: "POST", path: "/users", token: "admin",
				body: `{"email":"nope","name":"","role":"boss","unit_id":0}`, status: http.StatusBadRequest,
				check: wantError("invalid", "email", "name", "role", "unit_id")},
			{name: "no password through the API", method: "POST", path: "/users", token: "admin",
				body:   `{"email":"x@haizhi.example","name":"X","role":"judge","unit_id":{yuhang},"password":"0123456789"}`,
				status: http.StatusBadRequest, check: wantError("invalid", "password")},

			// Audit.
			{name: "operator may not read the audit log", path: "/audit", token: "operator", status: http.StatusForbidden},
			{name: "admin reads post events", path: "/audit?record_type=post&per_page=2", token: "admin", status: http.StatusOK,
				check: func(t *testing.T, f *fixture, res *response) {
					items := res.items(t)
					if len(items) != 2 || res.json(t)["total"].(float64) < 4 {
						t.Fatalf("audit page %s", res.body)
					}
					for _, e := range items {
						if e["record_type"] != "post" {
							t.Errorf("event %v", e)
						}
					}
				}},
			{name: "audit actor_id not a number", path: "/audit?actor_id=me", token: "admin", status: http.StatusBadRequest, check: wantError("invalid", "actor_id")},
			{name: "admin verifies the chain", path: "/audit/verify", token: "admin", status: http.StatusOK,
				check: func(t *testing.T, f *fixture, res *response) {
					if v := res.json(t); v["ok"] != true || v["checked"].(float64) < 10 {
						t.Errorf("verification %v", v)
					}
				}},
		})
	})
}
