package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/demo"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// shownKey matches a catalogue key shown instead of its text ("nav.audit").
var shownKey = regexp.MustCompile(`\b(nav|home|portal|auth|account|posts|units|users|audit|outbox|jobs|error|role|unit_kind|form|pager|entries|apply|category|degree|stage|source|reason|outcome|decision|step|slot|entry_status|judges|judge_category|conflicts|conflict_kind|ranking|prizes|duplicates|assignments|judging|rubric|scores|method|live|assign_reason|needs|need_kind|need_status|industry|sites|site_kind|investors|investor_kind)\.[a-z_]+\b`)

// TestPagesInBrowser walks the portal and the admin and editor pages on the demo data set
// in a real browser, in both languages: each page renders its title, shows no
// untranslated key, and fits the screen; a screenshot of each is saved.
func TestPagesInBrowser(t *testing.T) {
	root := browser(t)
	env := apptest.NewFullDemoEnv(t, "sqlite", web.Options{})
	base := env.Server.URL
	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 300*time.Second) // some 70 pages in two languages
	defer cancelT()

	visit := func(t *testing.T, path, name string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(css(`h1`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		body := text(t, ctx, `body`)
		if k := shownKey.FindString(body); k != "" {
			t.Errorf("%s shows the catalogue key %q", path, k)
		}
		if strings.Contains(body, "<no value>") || strings.Contains(body, "{{") {
			t.Errorf("%s shows a template hole", path)
		}
		if overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); err != nil || overflow {
			t.Errorf("%s is wider than the window (err %v)", path, err)
		}
		screenshot(t, ctx, name)
	}

	// The browser asks for English; a guest's choice of Chinese is remembered.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.Click(css(`.lang-switch button[lang="zh-CN"]`)),
		chromedp.WaitVisible(css(`html[lang="zh-CN"]`))); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ path, name string }{
		{"/", "portal-home"}, {"/news", "portal-news"}, {"/policies", "portal-policies"}, {"/apply", "apply"}, {"/login", "login"},
		{"/register?edition=" + id(openID(t, env)), "register"},
	} {
		visit(t, p.path, p.name+"-zh")
	}
	if err := signIn(ctx, base, "admin@demo.haizhi.org", demo.Password, "admin"); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	pages := []struct{ path, name string }{
		{"/manage/posts", "manage-posts"}, {"/manage/posts/new", "post-new"}, {"/manage/competitions", "competitions"}, {"/manage/competitions/new", "competition-new"}, {"/manage/editions/new", "edition-new"},
		{"/admin/units", "admin-units"}, {"/admin/users", "admin-users"}, {"/admin/users/new", "admin-user-new"},
		{"/admin/audit", "admin-audit"}, {"/admin/outbox", "admin-outbox"}, {"/admin/jobs", "admin-jobs"},
		{"/account", "account"}, {"/account/tokens", "account-tokens"},
	}
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{})
	if err != nil || len(eds) == 0 {
		t.Fatalf("demo editions: %v", err)
	}
	e2018 := "/manage/editions/" + id(eds[len(eds)-1].ID)
	pages = append(pages, struct{ path, name string }{e2018, "edition"}, struct{ path, name string }{e2018 + "/structure", "edition-structure"},
		struct{ path, name string }{"/manage/editions/" + id(eds[0].ID) + "/form", "edition-form"},
		struct{ path, name string }{"/manage/editions/" + id(eds[0].ID) + "/rules", "edition-rules"},
		struct{ path, name string }{"/manage/editions/" + id(eds[0].ID) + "/preview", "edition-preview"},
		struct{ path, name string }{e2018 + "/entries", "entries-table"},
		struct{ path, name string }{e2018 + "/entries?round=final&sort=country", "entries-finalists"},
		struct{ path, name string }{"/manage/editions/" + id(eds[0].ID) + "/entries/import", "entries-import"},
		struct{ path, name string }{e2018 + "/prizes", "prizes"}, struct{ path, name string }{e2018 + "/rounds/final", "round-final"},
		struct{ path, name string }{"/manage/editions/" + id(eds[0].ID) + "/rounds/screening", "round-no-quotas"},
		struct{ path, name string }{e2018 + "/duplicates", "duplicates"},
		struct{ path, name string }{"/manage/editions/" + id(eds[0].ID) + "/judges", "judges"},
		struct{ path, name string }{"/manage/editions/" + id(eds[0].ID) + "/conflicts", "conflicts"},
		struct{ path, name string }{"/manage/editions/" + id(eds[0].ID) + "/rounds/screening/assignments", "assignments"},
		struct{ path, name string }{"/manage/editions/" + id(eds[0].ID) + "/rounds/preliminary/rubric", "rubric"},
		struct{ path, name string }{"/manage/editions/" + id(eds[0].ID) + "/rounds/screening/scores", "scores"})
	// The judged edition: its preliminary round scored, its final in two rooms.
	judged, _ := judgedEdition(t, env)
	rooms, err := env.Services.Live.FindRooms(apptest.Sys(), judged.ID)
	if err != nil || len(rooms) == 0 {
		t.Fatalf("demo rooms: %v", err)
	}
	je, room := "/manage/editions/"+id(judged.ID), "/manage/final/rooms/"+id(rooms[0].ID)
	pages = append(pages, struct{ path, name string }{je + "/rounds/preliminary/assignments", "assignments-published"},
		struct{ path, name string }{je + "/rounds/preliminary/scores", "scores-judged"},
		struct{ path, name string }{je + "/final", "final-rooms"}, struct{ path, name string }{room + "/present", "final-present"},
		struct{ path, name string }{room + "/board", "final-board"}, struct{ path, name string }{room + "/sheet", "final-sheet"})
	finalists, _, err := env.Services.Entries.FindEntries(apptest.Sys(), haizhi.EntryFilter{EditionID: eds[len(eds)-1].ID, Round: haizhi.RoundFinal, Page: haizhi.Page{Limit: 1}})
	if err != nil || len(finalists) == 0 {
		t.Fatalf("a finalist: %v", err)
	}
	rejected, _, err := env.Services.Entries.FindEntries(apptest.Sys(), haizhi.EntryFilter{EditionID: eds[len(eds)-1].ID, Eligible: "no", Page: haizhi.Page{Limit: 1}})
	if err != nil || len(rejected) == 0 {
		t.Fatalf("an ineligible entry: %v", err)
	}
	pages = append(pages, struct{ path, name string }{"/manage/entries/" + id(finalists[0].ID), "entry-finalist"},
		struct{ path, name string }{"/manage/entries/" + id(rejected[0].ID), "entry-ineligible"},
		struct{ path, name string }{"/my/entries/" + id(finalists[0].ID), "my-entry-view"},
		struct{ path, name string }{"/my/entries/new?edition=" + id(eds[0].ID), "entry-new"},
		struct{ path, name string }{"/my/entries", "my-entries"}, struct{ path, name string }{"/judging", "judging"},
		struct{ path, name string }{"/needs", "needs"}, struct{ path, name string }{"/needs/new", "need-new"},
		struct{ path, name string }{"/sites", "sites"}, struct{ path, name string }{"/sites/new", "site-new"},
		struct{ path, name string }{"/investors", "investors"})
	for _, lang := range []string{"zh", "en"} {
		if lang == "en" {
			if err := chromedp.Do(ctx, chromedp.Click(css(`.lang-switch button[lang="en"]`)), chromedp.WaitVisible(css(`html[lang="en"]`))); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range pages {
			visit(t, p.path, p.name+"-"+lang)
		}
	}
	visit(t, "/", "portal-home-en")
}

// openID is the demo's open edition.
func openID(t *testing.T, env *apptest.Env) int64 {
	t.Helper()
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionOpen})
	if err != nil || len(eds) != 1 {
		t.Fatalf("open edition: %v", err)
	}
	return eds[0].ID
}
