package web_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/demo"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// acceptDialogs answers every confirm() of the tab with OK, as a user clicking through.
func acceptDialogs(t *testing.T, ctx context.Context) {
	err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			go func() {
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			}()
		}
	})
	if err != nil {
		t.Fatalf("listen for dialogs: %v", err)
	}
}

// TestApplicantInBrowser: in a real browser an applicant registers in English, fills in
// the entry form, has a forged PDF refused, uploads a real one, saves a draft, confirms
// the address, submits and sees the status; the operator advances the entry from the
// entries table, and the applicant's status page shows it passed screening.
func TestApplicantInBrowser(t *testing.T) {
	root := browser(t)
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	base := env.Server.URL
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionOpen})
	if err != nil || len(eds) != 1 {
		t.Fatalf("open edition: %v", err)
	}
	dir := t.TempDir()
	forged, real := filepath.Join(dir, "forged.pdf"), filepath.Join(dir, "business-plan.pdf")
	if err := os.WriteFile(forged, []byte("<html><body>not a pdf</body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, realPDF, 0o644); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 120*time.Second)
	defer cancelT()
	acceptDialogs(t, ctx)
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	field := func(name string) string { return `[name="` + name + `"]` }

	do("English", chromedp.Navigate(base+"/apply"), chromedp.Click(css(`.lang-switch button[lang="en"]`)),
		chromedp.WaitVisible(css(`html[lang="en"]`)))
	// Load the page again once the language switch has landed, so the screenshot is not
	// taken in the middle of its redirect.
	do("call in English", chromedp.Navigate(base+"/apply"), chromedp.WaitVisible(css(`html[lang="en"] a[href^="/register"]`)))
	screenshot(t, ctx, "apply-en")
	do("register page", chromedp.Click(css(`a[href^="/register"]`)), chromedp.WaitVisible(css(`#f-name`)))
	do("register",
		chromedp.SendKeys(css(`#f-name`), "Dr. Mia Thompson"),
		chromedp.SendKeys(css(`#f-email`), "mia@uq.example"),
		chromedp.SendKeys(css(`#f-password`), "kangaroo-2026!"),
		chromedp.SendKeys(css(`#f-password2`), "kangaroo-2026!"),
		chromedp.Click(css(`form[action="/register"] button[type=submit]`)),
		chromedp.WaitVisible(css(field("talent.name"))),
	)
	do("fill the form",
		chromedp.SetValue(css(field("division")), "oceania"),
		chromedp.SetValue(css(field("track")), "equipment"),
		chromedp.SetValue(css(field("talent.nationality")), "AU"),
		chromedp.SetValue(css(field("talent.category")), "foreign_non_chinese"),
		chromedp.SetValue(css(field("talent.residence")), "AU"),
		chromedp.SetValue(css(field("talent.born")), "1987-02-11"),
		chromedp.SetValue(css(field("talent.degree")), "doctorate"),
		chromedp.SetValue(css(field("talent.degree_country")), "AU"),
		chromedp.SendKeys(css(field("talent.institution")), "University of Queensland"),
		chromedp.SendKeys(css(field("project.title_en")), "Autonomous mining inspection robot"),
		chromedp.SendKeys(css(field("project.summary_en")), "A tracked robot that maps and inspects underground mines without a crew."),
		chromedp.SetValue(css(field("project.stage")), "prototype"),
		chromedp.SendKeys(css(field("project.funding_need")), "800"),
		chromedp.Click(css(`input[name="q_landing-plan"][value="within-1-year"]`)),
		chromedp.SetUploadFiles(css(`#f-business_plan`), []string{forged}),
	)
	screenshot(t, ctx, "entry-new-en")
	do("forged PDF", chromedp.Click(css(`button[value="save"]`)), chromedp.WaitVisible(css(`.error-summary`)))
	if s := text(t, ctx, `.error-summary`); !strings.Contains(s, "A file was refused") {
		t.Fatalf("forged PDF: %q", s)
	}
	if s := text(t, ctx, `.field.has-error`); !strings.Contains(s, "Business plan") {
		t.Errorf("the refused file is not marked on its field: %q", s)
	}
	screenshot(t, ctx, "entry-forged-pdf-en")
	do("real PDF", chromedp.SetUploadFiles(css(`#f-business_plan`), []string{real}), chromedp.Click(css(`button[value="save"]`)),
		chromedp.WaitVisible(css(`.flash-success`)))
	if s := text(t, ctx, `main`); !strings.Contains(s, "Draft saved") || !strings.Contains(s, "business-plan.pdf") {
		t.Fatalf("after saving: %q", s)
	}
	do("submit before confirming", chromedp.Click(css(`button[value="submit"]`)), chromedp.WaitVisible(css(`.error-summary`)))
	if s := text(t, ctx, `.error-summary`); !strings.Contains(s, "Confirm your email address first") {
		t.Fatalf("unconfirmed submit: %q", s)
	}

	// Confirm the address from the mail, then submit from the entry's page.
	msgs, _, err := env.Services.Mail.FindMail(apptest.Sys(), haizhi.MailFilter{To: "mia@uq.example"})
	if err != nil || len(msgs) == 0 {
		t.Fatalf("mail: %v", err)
	}
	link := regexp.MustCompile(`https?://\S+/verify\?token=\S+`).FindString(msgs[len(msgs)-1].Text)
	do("confirm", chromedp.Navigate(link), chromedp.WaitVisible(css(`form[action="/verify"] button[type=submit]`)),
		chromedp.Click(css(`form[action="/verify"] button[type=submit]`)), chromedp.WaitVisible(css(`.flash`)))
	list, _, err := env.Services.Entries.FindEntries(apptest.Sys(), haizhi.EntryFilter{EditionID: eds[0].ID, Query: "mining"})
	if err != nil || len(list) != 1 {
		t.Fatalf("the draft: %v", err)
	}
	entryPath := "/my/entries/" + id(list[0].ID)
	do("submit", chromedp.Navigate(base+entryPath), chromedp.WaitVisible(css(`form[action$="/submit"] button`)),
		chromedp.Click(css(`form[action$="/submit"] button`)), chromedp.WaitVisible(css(`.flash-success`)))
	if s := text(t, ctx, `main`); !strings.Contains(s, "has been submitted") || !strings.Contains(s, "Under review") {
		t.Fatalf("status: %q", s)
	}
	screenshot(t, ctx, "entry-status-en")

	// The operator advances it from the entries table.
	opCtx, cancelOp := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	defer cancelOp()
	opCtx, cancelOpT := context.WithTimeout(opCtx, 60*time.Second)
	defer cancelOpT()
	acceptDialogs(t, opCtx)
	if err := signIn(opCtx, base, "operator@demo.haizhi.org", demo.Password, "operator"); err != nil {
		t.Fatal(err)
	}
	table := "/manage/editions/" + id(eds[0].ID) + "/entries"
	if err := chromedp.Do(opCtx, chromedp.Navigate(base+table), chromedp.WaitVisible(css(`input[name="entry"][value="`+id(list[0].ID)+`"]`)),
		chromedp.Click(css(`input[name="entry"][value="`+id(list[0].ID)+`"]`)),
		chromedp.SetValue(css(`#bulk-outcome`), "advanced"),
		chromedp.Click(css(`#bulk button[type=submit]`)),
		chromedp.WaitVisible(css(`.flash-success`))); err != nil {
		t.Fatalf("advance: %v", err)
	}
	screenshot(t, opCtx, "entries-table-zh")
	do("status after advancing", chromedp.Navigate(base+entryPath), chromedp.WaitVisible(css(`.timeline`)))
	if s := text(t, ctx, `.timeline`); !strings.Contains(s, "Passed") {
		t.Fatalf("timeline after advancing: %q", s)
	}
}

// TestJudgeScoresOnPhone: a judge opens an assigned entry on a phone-sized screen, types
// the scores, submits (confirming), and sees them locked; the page fits the screen.
func TestJudgeScoresOnPhone(t *testing.T) {
	root := browser(t)
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	sys := apptest.Sys()
	eds, _, err := env.Services.Competitions.FindEditions(sys, haizhi.EditionFilter{Status: haizhi.EditionOpen})
	if err != nil || len(eds) != 1 {
		t.Fatal(err)
	}
	pool, _, _ := env.Services.Judges.FindJudges(sys, haizhi.JudgeFilter{EditionID: eds[0].ID})
	var judgeID int64
	for _, j := range pool {
		if j.Email == "judge@demo.haizhi.org" {
			judgeID = j.UserID
		}
	}
	list, _, _ := env.Services.Entries.FindEntries(sys, haizhi.EntryFilter{EditionID: eds[0].ID, Query: "电池"})
	if len(list) != 1 {
		t.Fatal("no demo entry")
	}
	if err := env.Services.Assignments.SetAssignment(sys, eds[0].ID, haizhi.RoundScreening, list[0].ID, judgeID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Services.Assignments.PublishAssignments(sys, eds[0].ID, haizhi.RoundScreening); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Services.Scoring.SetRubric(sys, &haizhi.RoundRubric{EditionID: eds[0].ID, Round: haizhi.RoundScreening,
		Criteria: []haizhi.RubricCriterion{{Key: "innovation", NameZH: "创新性", NameEN: "Innovation", Weight: 50, Max: 10, Step: 0.5},
			{Key: "market", NameZH: "市场", NameEN: "Market", Weight: 50, Max: 10}}}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	acceptDialogs(t, ctx)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, env.Server.URL, "judge@demo.haizhi.org", demo.Password, "judge"); err != nil {
		t.Fatal(err)
	}
	page := env.Server.URL + "/judging/entries/" + id(list[0].ID)
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(css(`[name="score_innovation"]`))); err != nil {
		t.Fatal(err)
	}
	if overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); err != nil || overflow {
		t.Errorf("the scoring page is wider than a phone (err %v)", err)
	}
	screenshot(t, ctx, "phone-judge-scoring")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(css(`[name="score_innovation"]`), "8.5"),
		chromedp.SendKeys(css(`[name="score_market"]`), "7"),
		chromedp.Click(css(`button[value="submit"]`)),
		chromedp.WaitVisible(css(`.flash-success`))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(css(`.details`))); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, `main`); !strings.Contains(s, "locked") || !strings.Contains(s, "77.5") {
		t.Fatalf("after submitting: %q", s)
	}
	screenshot(t, ctx, "phone-judge-submitted")
}
