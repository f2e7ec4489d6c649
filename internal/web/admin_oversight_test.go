package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// TestAdminAudit lists and filters the audit log and verifies the chain, intact and then
// tampered with.
func TestAdminAudit(t *testing.T) {
	for _, dialect := range apptest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			env := apptest.NewEnv(t, dialect, web.Options{})
			admin := env.Login(t, "admin")

			body := expectStatus(t, env.Get(t, admin, "/admin/audit"), http.StatusOK, "audit log")
			expectContains(t, body, "audit log", "unit.create", "user.create", "system:test", `class="pager"`)
			body = expectStatus(t, env.Get(t, admin, "/admin/audit?action=unit.create"), http.StatusOK, "action filter")
			expectContains(t, body, "action filter", "fixture-district2")
			if strings.Contains(body, ">user.create<") {
				t.Error("action filter lets other actions through")
			}
			body = expectStatus(t, env.Get(t, admin, "/admin/audit?record_type=unit&record_id="+id(env.Units["park"].ID)), http.StatusOK, "record filter")
			expectContains(t, body, "record filter", "fixture-park")
			if strings.Contains(body, "fixture-district2") {
				t.Error("record filter lets other records through")
			}
			expectContains(t, apptest.Body(t, env.Get(t, admin, "/admin/audit?action=no.such")), "no match", `class="empty"`)

			body = expectStatus(t, env.PostForm(t, admin, "/admin/audit/verify", nil), http.StatusOK, "verify")
			expectContains(t, body, "verify", "badge-ok", "链条完整", "unit.create")

			if _, err := env.DB.SQL().Exec(`UPDATE audit_events SET summary = '{"forged":true}' WHERE id = 3`); err != nil {
				t.Fatal(err)
			}
			body = expectStatus(t, env.PostForm(t, admin, "/admin/audit/verify", nil), http.StatusOK, "verify tampered")
			expectContains(t, body, "verify tampered", "badge-broken", "第 3 条事件", "content does not match its hash")

			expectStatus(t, env.PostForm(t, env.Login(t, "operator"), "/admin/audit/verify", nil), http.StatusForbidden, "operator verifies")
			// Verifying reads every unit's events, so it is for admins of the whole tree.
			da := env.Login(t, "district_admin")
			body = expectStatus(t, env.Get(t, da, "/admin/audit"), http.StatusOK, "district audit log")
			if strings.Contains(body, "/admin/audit/verify") || strings.Contains(body, "fixture-district2") {
				t.Error("a district admin is offered verification or sees another district's events")
			}
			expectStatus(t, env.PostForm(t, da, "/admin/audit/verify", nil), http.StatusForbidden, "district admin verifies")
		})
	}
}

// TestAdminOutboxAndJobs reads the outbox, one message, and the job queue with filters.
func TestAdminOutboxAndJobs(t *testing.T) {
	for _, dialect := range apptest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			env := apptest.NewEnv(t, dialect, web.Options{})
			sys := apptest.Sys()
			op := env.Login(t, "operator")

			body := expectStatus(t, env.Get(t, op, "/admin/outbox"), http.StatusOK, "outbox")
			expectContains(t, body, "outbox", "badge-outbox", "leader@fixture.test")
			body = expectStatus(t, env.Get(t, op, "/admin/outbox?status=sent"), http.StatusOK, "sent mail")
			expectContains(t, body, "sent mail", `class="empty"`)

			mail, _, err := env.Services.Mail.FindMail(sys, haizhi.MailFilter{To: "leader@fixture.test"})
			if err != nil || len(mail) == 0 {
				t.Fatalf("leader's mail: %v", err)
			}
			m := mail[0]
			body = expectStatus(t, env.Get(t, op, "/admin/outbox/"+id(m.ID)), http.StatusOK, "message")
			expectContains(t, body, "message", "leader@fixture.test", "/verify?token=")
			if strings.Contains(body, `href="`+env.Server.URL+"/verify") {
				t.Error("the message's link is clickable")
			}
			expectStatus(t, env.Get(t, op, "/admin/outbox/999999"), http.StatusNotFound, "missing message")

			admin := env.Login(t, "admin")
			expectContains(t, apptest.Body(t, env.Get(t, admin, "/admin/jobs")), "no jobs", "没有后台任务")
			if _, err := env.Services.Jobs.EnqueueJob(sys, "test.ping", map[string]int{"n": 1}, time.Time{}); err != nil {
				t.Fatal(err)
			}
			body = expectStatus(t, env.Get(t, admin, "/admin/jobs"), http.StatusOK, "jobs")
			expectContains(t, body, "jobs", "test.ping", "badge-queued", "0 / ")
			expectContains(t, apptest.Body(t, env.Get(t, admin, "/admin/jobs?status=done")), "done jobs", `class="empty"`)

			expectStatus(t, env.Get(t, op, "/admin/jobs"), http.StatusForbidden, "operator jobs")
			expectStatus(t, env.Get(t, env.Login(t, "leader"), "/admin/outbox"), http.StatusForbidden, "leader outbox")
		})
	}
}

// untranslated finds a catalogue key shown as text or in an attribute, which is how a key
// missing from the catalogue shows up.
var untranslated = regexp.MustCompile(`["> ](?:admin|posts|units|users|audit|outbox|jobs|field|action|role|unit_kind|post_kind|mail_status|job_status|nav|lang|list|pager|error)\.[a-z_0-9]+["<]`)

// TestAdminPagesTranslated renders every administration page in both languages and looks
// for catalogue keys left untranslated.
func TestAdminPagesTranslated(t *testing.T) {
	env := apptest.NewEnv(t, "sqlite", web.Options{})
	p := &haizhi.Post{Kind: haizhi.PostPolicy, UnitID: env.Units["city"].ID, TitleZH: "政策", BodyZH: "正文"}
	if err := env.Services.Posts.CreatePost(apptest.Sys(), p); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Services.Jobs.EnqueueJob(apptest.Sys(), "test.ping", nil, time.Time{}); err != nil {
		t.Fatal(err)
	}
	pages := []string{"/manage/posts", "/manage/posts/new", "/manage/posts/" + id(p.ID) + "/edit",
		"/admin/units", "/admin/units?kind=park", "/admin/units/new", "/admin/units/" + id(env.Units["park"].ID) + "/edit",
		"/admin/users", "/admin/users/new", "/admin/users/" + id(env.Users["judge"].ID),
		"/admin/audit", "/admin/outbox", "/admin/outbox/1", "/admin/jobs"}
	admin := env.Login(t, "admin")
	for _, lang := range []string{"en", "zh-CN"} {
		expectStatus(t, env.PostForm(t, admin, "/lang", url.Values{"to": {lang}}), http.StatusSeeOther, "switch to "+lang)
		for _, path := range pages {
			body := expectStatus(t, env.Get(t, admin, path), http.StatusOK, lang+" "+path)
			if m := untranslated.FindString(body); m != "" {
				t.Errorf("%s %s shows the key %s", lang, path, m)
			}
		}
		body := expectStatus(t, env.PostForm(t, admin, "/admin/audit/verify", nil), http.StatusOK, lang+" verify")
		expectContains(t, body, lang+" verify", map[string]string{"en": "Chain intact", "zh-CN": "链条完整"}[lang])
		if m := untranslated.FindString(body); m != "" {
			t.Errorf("%s verify shows the key %s", lang, m)
		}
	}
}
