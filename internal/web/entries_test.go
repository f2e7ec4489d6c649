package web_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// realPDF is a tiny file that is a PDF by its content.
var realPDF = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// entryForm is a complete entry form for the demo's open edition.
func entryForm(editionID int64, key string) url.Values {
	return url.Values{
		"edition_id": {id(editionID)}, "create_key": {key}, "division": {"oceania"}, "track": {"equipment"},
		"talent.name": {"Dr. Mia Thompson"}, "talent.email": {"mia@uq.example"}, "talent.locale": {"en"},
		"talent.nationality": {"AU"}, "talent.category": {"foreign_non_chinese"}, "talent.residence": {"AU"}, "talent.born": {"1987-02-11"},
		"talent.degree": {"doctorate"}, "talent.degree_country": {"AU"}, "talent.institution": {"University of Queensland"},
		"talent.years_abroad": {"0"}, "talent.fields": {"robotics, sensors"},
		"project.title_en": {"Autonomous mining inspection robot"}, "project.title_zh": {"矿井自主巡检机器人"},
		"project.summary_en": {"A tracked robot that maps and inspects underground mines without a crew."},
		"project.keywords":   {"机器人, mining, 激光雷达"}, "project.stage": {"prototype"}, "project.funding_need": {"800"},
		"team_name": {"Tom Baker", ""}, "team_role": {"CTO", ""}, "team_institution": {"UQ", ""},
		"q_landing-plan": {"within-1-year"}, "q_landing-needs": {"space", "funding"},
	}
}

// TestApplicantFlow: a guest finds the open call, registers in English, saves a draft with
// a forged PDF (refused, the draft kept), is told to confirm the address before
// submitting, confirms it, submits with a real PDF, and follows the status; a double
// submit changes nothing; another applicant cannot reach the entry or its file; the
// operator finds it, rejects it with a reason, and the applicant sees why.
func TestApplicantFlow(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionOpen})
	if err != nil || len(eds) != 1 {
		t.Fatalf("open edition: %v %v", eds, err)
	}
	ed := eds[0]
	c := env.Client(t)
	expectStatus(t, env.PostForm(t, c, "/lang", url.Values{"to": {"en"}}), http.StatusSeeOther, "to English")
	body := expectStatus(t, env.Get(t, c, "/apply"), http.StatusOK, "apply")
	expectContains(t, body, "apply", ed.NameEN, "Register to apply", "/register?edition="+id(ed.ID), "The lead applicant must be 55 or younger")

	reg := url.Values{"edition_id": {id(ed.ID)}, "name": {"Mia Thompson"}, "email": {"mia@uq.example"}, "password": {"kangaroo-2026!"}, "password2": {"kangaroo-2027!"}}
	expectContains(t, expectStatus(t, env.PostForm(t, c, "/register", reg), http.StatusUnprocessableEntity, "mismatch"), "mismatch", "The passwords do not match")
	reg.Set("password2", "kangaroo-2026!")
	res := env.PostForm(t, c, "/register", reg)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/my/entries/new?edition="+id(ed.ID) {
		t.Fatalf("register: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	expectContains(t, expectStatus(t, env.PostForm(t, env.Client(t), "/register", reg), http.StatusConflict, "again"), "again", "该邮箱已注册")

	body = expectStatus(t, env.Get(t, c, "/my/entries/new?edition="+id(ed.ID)), http.StatusOK, "new entry")
	expectContains(t, body, "new entry", `value="mia@uq.example"`, `name="create_key"`, "Lead applicant", "When do you plan to set up in Hangzhou?", `enctype="multipart/form-data"`)

	// A forged PDF: refused by its content; the draft itself is saved once.
	form := entryForm(ed.ID, "mia-key-1")
	form.Set("action", "save")
	forged := apptest.File{Field: "business_plan", Name: "plan.pdf", Content: []byte("MZ\x90\x00 this is a program, not a PDF")}
	body = expectStatus(t, env.PostMultipart(t, c, "/my/entries", form, forged), http.StatusUnprocessableEntity, "forged")
	expectContains(t, body, "forged", "A file was refused", "Autonomous mining inspection robot")
	// The same form sent again (a retry) does not make a second entry.
	res = env.PostMultipart(t, c, "/my/entries", form)
	res.Body.Close()
	mine, n, err := env.Services.Entries.FindEntries(apptest.Sys(), haizhi.EntryFilter{EditionID: ed.ID, Query: "mining"})
	if err != nil || n != 1 || len(mine[0].Attachments) != 0 {
		t.Fatalf("entries after a forged upload and a retry: %d %v", n, err)
	}
	entry := mine[0]
	path := "/my/entries/" + id(entry.ID)

	// Submitting before confirming the address is refused with a clear message.
	edit := entryForm(ed.ID, "")
	edit.Set("version", fmt.Sprint(entry.Version))
	edit.Set("action", "submit")
	body = expectStatus(t, env.PostMultipart(t, c, path, edit, apptest.File{Field: "business_plan", Name: "plan.pdf", Content: realPDF}),
		http.StatusUnprocessableEntity, "unverified")
	expectContains(t, body, "unverified", "Confirm your email address first", "plan.pdf")

	msgs, _, err := env.Services.Mail.FindMail(apptest.Sys(), haizhi.MailFilter{To: "mia@uq.example"})
	if err != nil || len(msgs) == 0 || msgs[len(msgs)-1].Kind != "verify" {
		t.Fatalf("verification mail: %v %v", msgs, err)
	}
	token := regexp.MustCompile(`/verify\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[len(msgs)-1].Text)
	if token == nil {
		t.Fatalf("no link in %q", msgs[len(msgs)-1].Text)
	}
	res = env.PostForm(t, c, "/verify", url.Values{"token": {token[1]}})
	res.Body.Close()

	// Submit (twice, as a double click), then the read-only status page.
	for range 2 {
		res = env.PostForm(t, c, path+"/submit", url.Values{})
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %d", res.StatusCode)
		}
	}
	body = expectStatus(t, env.Get(t, c, path), http.StatusOK, "status")
	expectContains(t, body, "status", "Submitted", "read-only", "Under review", "Not reached", "矿井自主巡检机器人", "Tom Baker", "800 万元")
	if strings.Contains(body, `href="`+path+`/edit"`) {
		t.Error("a submitted entry offers editing")
	}
	got, _ := env.Services.Entries.FindEntryByID(apptest.Sys(), entry.ID)
	if got.Status != haizhi.EntrySubmitted || got.Attachment(haizhi.SlotBusinessPlan) == nil || got.Project.FundingNeed != 8_000_000 {
		t.Fatalf("submitted entry: %+v", got)
	}
	file := "/entries/" + id(entry.ID) + "/files/" + id(got.Attachment(haizhi.SlotBusinessPlan).ID)
	if res := env.Get(t, c, file); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	} else {
		res.Body.Close()
	}

	// Someone else's entry is not there for another applicant; operator pages are refused.
	other := demoLogin(t, env, "applicant@demo.haizhi.org")
	expectStatus(t, env.Get(t, other, path), http.StatusNotFound, "other applicant")
	expectStatus(t, env.Get(t, other, file), http.StatusNotFound, "other applicant's file")
	expectStatus(t, env.Get(t, other, "/manage/editions/"+id(ed.ID)+"/entries"), http.StatusForbidden, "applicant on operator page")
	expectStatus(t, env.PostForm(t, other, path+"/withdraw", url.Values{}), http.StatusNotFound, "withdraw another's entry")

	// The operator finds it by a Chinese word, rejects it with a reason; the applicant
	// sees the round and the reason.
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	body = expectStatus(t, env.Get(t, op, "/manage/editions/"+id(ed.ID)+"/entries?q="+url.QueryEscape("巡检")), http.StatusOK, "operator search")
	expectContains(t, body, "operator search", "矿井自主巡检机器人", "共 1 个项目符合条件")
	res = env.PostForm(t, op, "/manage/editions/"+id(ed.ID)+"/entries/decide", url.Values{"entry": {id(entry.ID)}, "outcome": {"rejected"}, "reason": {""}})
	res.Body.Close()
	if now, _ := env.Services.Entries.FindEntryByID(apptest.Sys(), entry.ID); now.Outcome != haizhi.OutcomePending {
		t.Fatal("a rejection without a reason was applied")
	}
	res = env.PostForm(t, op, "/manage/editions/"+id(ed.ID)+"/entries/decide", url.Values{"entry": {id(entry.ID)}, "outcome": {"rejected"},
		"reason": {"out_of_scope"}, "note": {"Mining is not among this year's tracks."}})
	res.Body.Close()
	body = expectStatus(t, env.Get(t, c, path), http.StatusOK, "rejected")
	expectContains(t, body, "rejected", "Not advanced", "Outside the tracks", "Mining is not among this year&#39;s tracks.")
	msgs, _, _ = env.Services.Mail.FindMail(apptest.Sys(), haizhi.MailFilter{To: "mia@uq.example"})
	if len(msgs) == 0 || msgs[0].Kind != "entry_update" || !strings.Contains(msgs[0].Text, "Reason: the project is outside this edition's industries") {
		t.Fatalf("rejection mail: %+v", msgs)
	}
}

// TestOperatorEntriesTable: the 2018 entries table filters, searches (芯片 inside longer
// words), pages, and shows eligibility with the failed rule's reason; a judge and an
// operator of another tree are refused.
func TestOperatorEntriesTable(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionFinished})
	if err != nil || len(eds) != 1 {
		t.Fatalf("2018: %v %v", eds, err)
	}
	base := "/manage/editions/" + id(eds[0].ID) + "/entries"
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	body := expectStatus(t, env.Get(t, op, base), http.StatusOK, "all")
	expectContains(t, body, "all", "共 444 个项目符合条件", `name="entry"`, "page=2")
	body = expectStatus(t, env.Get(t, op, base+"?eligible=no"), http.StatusOK, "ineligible")
	expectContains(t, body, "ineligible", "共 12 个项目符合条件", "不符合")
	body = expectStatus(t, env.Get(t, op, base+"?round=final&category=foreign_non_chinese"), http.StatusOK, "foreign finalists")
	if !strings.Contains(body, "个项目符合条件") || strings.Contains(body, "共 0 个") {
		t.Error("no foreign non-Chinese finalists shown")
	}
	body = expectStatus(t, env.Get(t, op, base+"?q="+url.QueryEscape("芯片")), http.StatusOK, "chip")
	if m := regexp.MustCompile(`共 (\d+) 个项目符合条件`).FindStringSubmatch(body); m == nil || m[1] == "0" {
		t.Errorf("芯片 found nothing")
	}
	expectStatus(t, env.Get(t, op, base+"?sort=drop"), http.StatusBadRequest, "bad sort")
	judge := demoLogin(t, env, "judge@demo.haizhi.org")
	expectStatus(t, env.Get(t, judge, base), http.StatusForbidden, "judge")
	gongshu := demoLogin(t, env, "gongshu.operator@demo.haizhi.org")
	expectStatus(t, env.Get(t, gongshu, base), http.StatusNotFound, "other district")
}

// TestPartnerReferral: a workstation's partner sees the projects it referred, must name
// the referring organisation on a new one, and the entry records the source.
func TestPartnerReferral(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionOpen})
	if err != nil || len(eds) != 1 {
		t.Fatal(err)
	}
	partner := demoLogin(t, env, "partner@demo.haizhi.org")
	body := expectStatus(t, env.Get(t, partner, "/my/entries"), http.StatusOK, "referrals")
	expectContains(t, body, "referrals", "Dr. Camille Dubois", "杭州海外人才工作站（巴黎）")
	expectContains(t, expectStatus(t, env.Get(t, partner, "/my/entries/new?edition="+id(eds[0].ID)), http.StatusOK, "form"), "form", `name="referrer"`)
	form := entryForm(eds[0].ID, "partner-key-1")
	form.Set("action", "save")
	body = expectStatus(t, env.PostMultipart(t, partner, "/my/entries", form), http.StatusUnprocessableEntity, "no referrer")
	expectContains(t, body, "no referrer", "Referring organisation", "This field is required")
	form.Set("referrer", "杭州海外人才工作站（巴黎）")
	res := env.PostMultipart(t, partner, "/my/entries", form)
	res.Body.Close()
	list, _, err := env.Services.Entries.FindEntries(apptest.Sys(), haizhi.EntryFilter{EditionID: eds[0].ID, Query: "mining", Status: haizhi.EntryDraft})
	if err != nil || len(list) != 1 || list[0].Source != haizhi.SourcePartner || list[0].Referrer != "杭州海外人才工作站（巴黎）" || list[0].OwnerID != 0 {
		t.Fatalf("referral: %+v %v", list, err)
	}
}

// TestOversizeUpload: a business plan over 20 MB is refused by size while the draft
// itself is kept; nothing of the file is stored.
func TestOversizeUpload(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	eds, _, err := env.Services.Competitions.FindEditions(apptest.Sys(), haizhi.EditionFilter{Status: haizhi.EditionOpen})
	if err != nil || len(eds) != 1 {
		t.Fatal(err)
	}
	c := demoLogin(t, env, "applicant@demo.haizhi.org")
	big := append([]byte("%PDF-1.4\n"), make([]byte, haizhi.MaxAttachmentBytes+1)...)
	form := entryForm(eds[0].ID, "big-key")
	form.Set("action", "save")
	body := expectStatus(t, env.PostMultipart(t, c, "/my/entries", form, apptest.File{Field: "business_plan", Name: "plan.pdf", Content: big}),
		http.StatusUnprocessableEntity, "oversize")
	expectContains(t, body, "oversize", "A file was refused", "The file is too large")
	list, _, err := env.Services.Entries.FindEntries(apptest.Sys(), haizhi.EntryFilter{EditionID: eds[0].ID, Query: "mining"})
	if err != nil || len(list) != 1 || len(list[0].Attachments) != 0 {
		t.Fatalf("after an oversize upload: %+v %v", list, err)
	}
}
