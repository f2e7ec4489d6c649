package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// screeningCloses is when the open test edition stops taking entries (the test clock
// starts on 2026-03-02).
var screeningCloses = time.Date(2026, 6, 30, 10, 0, 0, 0, time.UTC)

// mustOpenEdition creates the Yuhang operator and an open 2026 edition with the small
// application form, two rules (an overseas degree or three years abroad; 55 or younger)
// and a screening round closing at screeningCloses.
func mustOpenEdition(t *testing.T, db *sqldb.DB, tr tree) (*haizhi.User, *haizhi.Edition) {
	t.Helper()
	svc := sqldb.NewCompetitionService(db)
	op, ed := mustDraftEdition(t, db, tr)
	st := hangzhou2018()
	for i := range st.Rounds {
		r := &st.Rounds[i]
		r.OpensAt, r.ClosesAt = r.OpensAt.AddDate(8, 0, 0), r.ClosesAt.AddDate(8, 0, 0)
		if r.Kind == haizhi.RoundScreening {
			r.OpensAt, r.ClosesAt = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), screeningCloses
		}
	}
	steps := []func(v int) (*haizhi.Edition, error){
		func(v int) (*haizhi.Edition, error) { return svc.UpdateEditionStructure(as(op), ed.ID, v, st) },
		func(v int) (*haizhi.Edition, error) {
			return svc.UpdateEditionForm(as(op), ed.ID, v, applicationForm())
		},
		func(v int) (*haizhi.Edition, error) {
			return svc.UpdateEditionRules(as(op), ed.ID, v, []haizhi.EligibilityRule{
				{Key: "degree", Group: "overseas", Kind: haizhi.RuleOneOf, Field: "talent.overseas_degree", Values: []string{"doctorate", "master"}, ReasonEN: "An overseas degree,"},
				{Key: "work", Group: "overseas", Kind: haizhi.RuleMin, Field: "talent.years_abroad", Number: 3, ReasonEN: "or three years abroad."},
				{Key: "age", Kind: haizhi.RuleAgeMax, Field: "talent.born", Number: 55, ReasonEN: "55 or younger."},
			})
		},
		func(v int) (*haizhi.Edition, error) {
			return svc.SetEditionStatus(as(op), ed.ID, v, haizhi.EditionOpen)
		},
	}
	v := ed.Version
	for i, step := range steps {
		got, err := step(v)
		if err != nil {
			t.Fatalf("open edition step %d: %v", i, err)
		}
		ed, v = got, got.Version
	}
	return op, ed
}

// mustApplicant creates an applicant account on Yuhang with a verified address.
func mustApplicant(t *testing.T, db *sqldb.DB, tr tree, email string) *haizhi.User {
	t.Helper()
	u, err := sqldb.NewUserService(db).CreateUser(tr.sys, haizhi.NewUser{Email: email, Name: "Applicant " + email,
		Locale: haizhi.LocaleEN, Role: haizhi.RoleApplicant, UnitID: tr.yuhang.ID})
	if err != nil {
		t.Fatalf("applicant %s: %v", email, err)
	}
	if _, err := db.SQL().Exec(db.Rebind(`UPDATE users SET email_verified_at = ? WHERE id = ?`), time.Now().UTC(), u.ID); err != nil {
		t.Fatal(err)
	}
	return u
}

// entryInput is a complete entry of the open edition by the lead email.
func entryInput(ed *haizhi.Edition, key, email, title string) *haizhi.EntryInput {
	return &haizhi.EntryInput{EditionID: ed.ID, CreateKey: key, DivisionCode: "europe", TrackCode: "equipment",
		Lead: haizhi.Talent{Name: "Anna Berg", Email: email, Locale: haizhi.LocaleEN, Nationality: "DE", Category: haizhi.CategoryForeignNonChinese,
			Residence: "DE", Born: time.Date(1984, 5, 1, 0, 0, 0, 0, time.UTC), Degree: haizhi.DegreeDoctorate, DegreeCountry: "DE",
			Institution: "TU München", Employer: "Fraunhofer", YearsAbroad: 0, Fields: []string{"batteries"}},
		Project: haizhi.Project{TitleZH: title, TitleEN: "Solid-state battery cells for drones", SummaryEN: "Safer cells with twice the energy density.",
			Stage: haizhi.StagePrototype, FundingNeed: 5_000_000, Keywords: []string{"电池", "battery"},
			Team: []haizhi.TeamMember{{Name: "Li Wei", Role: "CTO", Institution: "TU München"}}},
		Answers: map[string][]string{"degree": {"phd"}, "summary": {"Cells and packs."}},
	}
}

// attachPlan records a business plan on the entry.
func attachPlan(t *testing.T, svc *sqldb.EntryService, ctx context.Context, entryID int64) {
	t.Helper()
	a := &haizhi.Attachment{EntryID: entryID, Slot: haizhi.SlotBusinessPlan, Name: "plan.pdf", ContentType: "application/pdf", Size: 1234, SHA256: "ab", BlobKey: fmt.Sprintf("entries/%d/plan", entryID)}
	if _, err := svc.AddAttachment(ctx, a); err != nil {
		t.Fatalf("attach plan: %v", err)
	}
	q := &haizhi.Attachment{EntryID: entryID, Slot: haizhi.FormSlot("business-plan"), Name: "plan2.pdf", ContentType: "application/pdf", Size: 1234, SHA256: "cd", BlobKey: fmt.Sprintf("entries/%d/form", entryID)}
	if _, err := svc.AddAttachment(ctx, q); err != nil {
		t.Fatalf("attach form file: %v", err)
	}
}

func TestEntryLifecycle(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		svc := sqldb.NewEntryService(db)
		op, ed := mustOpenEdition(t, db, tr)
		anna := mustApplicant(t, db, tr, "anna@tum.example")
		bob := mustApplicant(t, db, tr, "bob@mit.example")

		// A double click: the same create key twice gives one entry.
		in := entryInput(ed, "key-anna-1", "anna@tum.example", "无人机固态电池")
		e1, err := svc.SaveEntry(as(anna), in)
		if err != nil || e1.Status != haizhi.EntryDraft || e1.Source != haizhi.SourceDirect || e1.OwnerID != anna.ID || e1.Version != 1 {
			t.Fatalf("create: %+v %v", e1, err)
		}
		e2, err := svc.SaveEntry(as(anna), entryInput(ed, "key-anna-1", "anna@tum.example", "无人机固态电池"))
		if err != nil || e2.ID != e1.ID {
			t.Fatalf("same key: %+v %v", e2, err)
		}
		if _, n, _ := svc.FindEntries(as(anna), haizhi.EntryFilter{Mine: true}); n != 1 {
			t.Fatalf("entries after a double click = %d, want 1", n)
		}
		// Submitting without the business plan says what is missing and keeps the draft.
		_, err = svc.SubmitEntry(as(anna), e1.ID)
		if haizhi.ErrorKey(err) != "error.entry_incomplete" || haizhi.ErrorFields(err)["business_plan"] != "error.required" ||
			haizhi.ErrorFields(err)["answers.business-plan"] != "error.required" {
			t.Fatalf("incomplete: %v", err)
		}
		attachPlan(t, svc, as(anna), e1.ID)
		// Another applicant, a judge and another district's operator cannot reach it.
		wantCode(t, func() error { _, err := svc.FindEntryByID(as(bob), e1.ID); return err }(), haizhi.ENOTFOUND)
		wantCode(t, func() error { _, err := svc.SubmitEntry(as(bob), e1.ID); return err }(), haizhi.ENOTFOUND)
		gongshuOp := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		wantCode(t, func() error { _, err := svc.FindEntryByID(as(gongshuOp), e1.ID); return err }(), haizhi.ENOTFOUND)
		judge := mustUser(t, db, tr, "judge@yuhang.example", "judge-password", haizhi.RoleJudge, tr.yuhang)
		wantCode(t, func() error {
			_, err := svc.SaveEntry(as(judge), entryInput(ed, "k-judge", "j@x.example", "评委"))
			return err
		}(), haizhi.EFORBIDDEN)
		if list, n, err := svc.FindEntries(as(bob), haizhi.EntryFilter{EditionID: ed.ID}); err != nil || n != 0 || len(list) != 0 {
			t.Fatalf("bob lists %d entries of the edition: %v", n, err)
		}
		// An update with a stale version is refused.
		in.ID, in.Version = e1.ID, 1
		in.Project.TitleEN = "Solid-state battery cells for delivery drones"
		if _, err := svc.SaveEntry(as(anna), in); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SaveEntry(as(anna), in); haizhi.ErrorKey(err) != "error.version_conflict" {
			t.Fatalf("stale version: %v", err)
		}
		sub, err := svc.SubmitEntry(as(anna), e1.ID)
		if err != nil || sub.Status != haizhi.EntrySubmitted || sub.Round != haizhi.RoundScreening || sub.Outcome != haizhi.OutcomePending ||
			sub.Eligible == nil || !*sub.Eligible || sub.SubmittedAt == nil {
			t.Fatalf("submit: %+v %v", sub, err)
		}
		// Submitting again (a retry) changes nothing; editing is refused; the operator
		// reads it.
		again, err := svc.SubmitEntry(as(anna), e1.ID)
		if err != nil || again.Version != sub.Version {
			t.Fatalf("submit twice: %+v %v", again, err)
		}
		in.Version = sub.Version
		if _, err := svc.SaveEntry(as(anna), in); haizhi.ErrorKey(err) != "error.entry_locked" {
			t.Fatalf("edit after submit: %v", err)
		}
		if got, err := svc.FindEntryByID(as(op), e1.ID); err != nil || got.Project.TitleEN != "Solid-state battery cells for delivery drones" ||
			got.Answers["degree"][0] != "phd" || len(got.Attachments) != 2 || got.Lead.Born.Year() != 1984 || got.Project.Team[0].Name != "Li Wei" {
			t.Fatalf("operator reads: %+v %v", got, err)
		}
		// The operator reopens it; the applicant changes and resubmits, then withdraws.
		if _, err := svc.ReopenEntry(as(anna), e1.ID, "x"); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("applicant reopens: %v", err)
		}
		re, err := svc.ReopenEntry(as(op), e1.ID, "Please add the team's CVs.")
		if err != nil || re.Status != haizhi.EntryDraft {
			t.Fatalf("reopen: %+v %v", re, err)
		}
		if _, err := svc.SubmitEntry(as(anna), e1.ID); err != nil {
			t.Fatal(err)
		}
		w, err := svc.WithdrawEntry(as(anna), e1.ID)
		if err != nil || w.Status != haizhi.EntryWithdrawn {
			t.Fatalf("withdraw: %+v %v", w, err)
		}
		if _, err := svc.SubmitEntry(as(anna), e1.ID); haizhi.ErrorKey(err) != "error.entry_withdrawn" {
			t.Fatalf("submit withdrawn: %v", err)
		}
		// A mail at every change, in the applicant's language.
		if n := mailCount(t, db, "anna@tum.example"); n != 1+4 { // welcome + submitted, reopened, submitted, withdrawn
			t.Fatalf("mails to anna = %d", n)
		}
		acts := strings.Join(auditActions(t, db), " ")
		for _, a := range []string{"entry.create", "entry.update", "entry.attach", "entry.submit", "entry.reopen", "entry.withdraw"} {
			if !strings.Contains(acts, a) {
				t.Errorf("audit lacks %s: %s", a, acts)
			}
		}
		mustAuditOK(t, db)
	})
}

func TestEntryRefusals(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		svc := sqldb.NewEntryService(db)
		_, ed := mustOpenEdition(t, db, tr)
		anna := mustApplicant(t, db, tr, "anna@tum.example")
		// Bad input: an unknown division, a wrong choice, a bad number, a bad URL, no title.
		bad := entryInput(ed, "k-bad", "anna@tum.example", "")
		bad.Project.TitleEN = ""
		bad.DivisionCode = "mars"
		bad.Answers["degree"] = []string{"astronaut"}
		bad.Answers["years-abroad"] = []string{"many"}
		bad.Project.PitchURL = "javascript:alert(1)"
		_, err := svc.SaveEntry(as(anna), bad)
		f := haizhi.ErrorFields(err)
		if f["division"] != "error.choose_one" || f["answers.degree"] != "error.unknown_choice" || f["answers.years-abroad"] != "error.number_invalid" ||
			f["project.pitch_url"] != "error.url_invalid" || f["project.title_zh"] != "error.required_one_name" {
			t.Fatalf("bad input: %v", err)
		}
		if _, n, _ := svc.FindEntries(as(anna), haizhi.EntryFilter{Mine: true}); n != 0 {
			t.Fatalf("a refused entry was written")
		}
		// An unverified applicant may save a draft but not submit it.
		u, err := sqldb.NewUserService(db).CreateUser(tr.sys, haizhi.NewUser{Email: "new@x.example", Name: "New", Role: haizhi.RoleApplicant, UnitID: tr.yuhang.ID})
		if err != nil {
			t.Fatal(err)
		}
		e, err := svc.SaveEntry(as(u), entryInput(ed, "k-new", "new@x.example", "新项目"))
		if err != nil {
			t.Fatal(err)
		}
		attachPlan(t, svc, as(u), e.ID)
		if _, err := svc.SubmitEntry(as(u), e.ID); haizhi.ErrorKey(err) != "error.email_unverified" {
			t.Fatalf("unverified submit: %v", err)
		}
		// An ineligible lead is submitted and marked, with the failing rules.
		old := entryInput(ed, "k-old", "anna@tum.example", "老项目")
		old.Lead.Born, old.Lead.DegreeCountry, old.Lead.YearsAbroad = time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), "CN", 1
		e, err = svc.SaveEntry(as(anna), old)
		if err != nil {
			t.Fatal(err)
		}
		attachPlan(t, svc, as(anna), e.ID)
		sub, err := svc.SubmitEntry(as(anna), e.ID)
		if err != nil || sub.Eligible == nil || *sub.Eligible || strings.Join(sub.Failed, ",") != "degree,work,age" {
			t.Fatalf("ineligible: %+v %v", sub, err)
		}
		// Past the deadline: submitting is refused and the draft is kept as it was.
		late, err := svc.SaveEntry(as(anna), entryInput(ed, "k-late", "anna@tum.example", "迟到的项目"))
		if err != nil {
			t.Fatal(err)
		}
		attachPlan(t, svc, as(anna), late.ID)
		clock.Advance(screeningCloses.Sub(clock.Now()) - time.Second)
		clock.Step(2 * time.Second) // the transaction begins before the deadline and commits after it
		if _, err := svc.SubmitEntry(as(anna), late.ID); haizhi.ErrorKey(err) != "error.deadline_passed" {
			t.Fatalf("commit after the deadline: %v", err)
		}
		clock.Step(0)
		if _, err := svc.SubmitEntry(as(anna), late.ID); haizhi.ErrorKey(err) != "error.deadline_passed" {
			t.Fatalf("after the deadline: %v", err)
		}
		kept, err := svc.FindEntryByID(as(anna), late.ID)
		if err != nil || kept.Status != haizhi.EntryDraft || kept.Project.TitleZH != "迟到的项目" || len(kept.Attachments) != 2 {
			t.Fatalf("draft after a late submit: %+v %v", kept, err)
		}
		if _, err := svc.SaveEntry(as(anna), entryInput(ed, "k-later", "anna@tum.example", "更迟")); haizhi.ErrorKey(err) != "error.edition_not_open" {
			t.Fatalf("new entry after the deadline: %v", err)
		}
	})
}

func TestEntryListSearchAndDecisions(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		svc := sqldb.NewEntryService(db)
		op, ed := mustOpenEdition(t, db, tr)
		anna := mustApplicant(t, db, tr, "anna@tum.example")
		projects := []struct{ zh, en, division, track, country string }{
			{"高性能存储芯片设计", "High-performance memory chip design", "north-america", "ai", "US"},
			{"面向边缘计算的低功耗AI芯片", "Low-power AI chip for edge computing", "europe", "ai", "DE"},
			{"固态锂电池储能系统", "Solid-state lithium battery storage", "europe", "equipment", "GB"},
			{"基因测序数据分析平台", "Genome sequencing analytics platform", "asia-pacific", "health", "SG"},
			{"", "Wearable heart monitor", "oceania", "health", "AU"},
		}
		var ids []int64
		for i, p := range projects {
			in := entryInput(ed, fmt.Sprintf("k-%d", i), "anna@tum.example", p.zh)
			in.Project.TitleEN, in.DivisionCode, in.TrackCode, in.Lead.Residence = p.en, p.division, p.track, p.country
			in.Project.Keywords, in.Project.SummaryEN = nil, "A project."
			e, err := svc.SaveEntry(as(anna), in)
			if err != nil {
				t.Fatal(err)
			}
			attachPlan(t, svc, as(anna), e.ID)
			clock.Advance(time.Minute)
			if i < 4 { // the last stays a draft
				if _, err := svc.SubmitEntry(as(anna), e.ID); err != nil {
					t.Fatal(err)
				}
			}
			ids = append(ids, e.ID)
		}
		find := func(f haizhi.EntryFilter) []string {
			t.Helper()
			f.EditionID = ed.ID
			list, n, err := svc.FindEntries(as(op), f)
			if err != nil || n < len(list) {
				t.Fatalf("find %+v: %d %v", f, n, err)
			}
			var out []string
			for _, e := range list {
				out = append(out, e.Project.TitleEN)
			}
			return out
		}
		// Two-character Chinese words inside longer ones, English stems, prefixes.
		for q, want := range map[string]string{
			"芯片":        "Low-power AI chip for edge computing,High-performance memory chip design",
			"电池":        "Solid-state lithium battery storage",
			"batteries": "Solid-state lithium battery storage",
			"chip edge": "Low-power AI chip for edge computing",
			"sequenc":   "Genome sequencing analytics platform",
			"量子":        "",
		} {
			if got := strings.Join(find(haizhi.EntryFilter{Query: q}), ","); got != want {
				t.Errorf("search %q = %q, want %q", q, got, want)
			}
		}
		if got := strings.Join(find(haizhi.EntryFilter{Country: "de"}), ","); got != "Low-power AI chip for edge computing" {
			t.Errorf("country filter: %q", got)
		}
		if got := find(haizhi.EntryFilter{Status: haizhi.EntryDraft}); len(got) != 1 || got[0] != "Wearable heart monitor" {
			t.Errorf("draft filter: %q", got)
		}
		if got := find(haizhi.EntryFilter{Sort: "title", Page: haizhi.Page{Limit: 2, Offset: 2}}); len(got) != 2 {
			t.Errorf("paging: %q", got)
		}
		if _, _, err := svc.FindEntries(as(op), haizhi.EntryFilter{EditionID: ed.ID, Sort: "id; DROP TABLE entries"}); haizhi.ErrorCode(err) != haizhi.EINVALID {
			t.Errorf("unknown sort: %v", err)
		}

		// Bulk decisions: two advance, one is rejected with a reason; a draft and a
		// decided entry are skipped; rejecting needs a reason.
		if _, err := svc.DecideEntries(as(op), haizhi.Decision{EditionID: ed.ID, EntryIDs: ids[:1], Outcome: haizhi.OutcomeRejected}); haizhi.ErrorFields(err)["reason"] == "" {
			t.Fatalf("reject without reason: %v", err)
		}
		n, err := svc.DecideEntries(as(op), haizhi.Decision{EditionID: ed.ID, EntryIDs: []int64{ids[0], ids[1], ids[4], ids[0]}, Outcome: haizhi.OutcomeAdvanced})
		if err != nil || n != 2 {
			t.Fatalf("advance: %d %v", n, err)
		}
		n, err = svc.DecideEntries(as(op), haizhi.Decision{EditionID: ed.ID, EntryIDs: []int64{ids[0], ids[2]}, Outcome: haizhi.OutcomeRejected,
			Reason: haizhi.ReasonOutOfScope, Note: "Storage is not this year's track."})
		if err != nil || n != 2 { // ids[0] is now pending in the preliminary round: it can be rejected there
			t.Fatalf("reject: %d %v", n, err)
		}
		if got := find(haizhi.EntryFilter{Round: haizhi.RoundPreliminary, Outcome: haizhi.OutcomePending}); len(got) != 1 || got[0] != "Low-power AI chip for edge computing" {
			t.Errorf("preliminary pending: %q", got)
		}
		ds, err := svc.FindDecisions(as(anna), ids[0])
		if err != nil || len(ds) != 2 || ds[0].Outcome != haizhi.OutcomeAdvanced || ds[1].Reason != haizhi.ReasonOutOfScope || ds[1].Round != haizhi.RoundPreliminary {
			t.Fatalf("decisions: %+v %v", ds, err)
		}
		gongshuOp := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		wantCode(t, func() error {
			_, err := svc.DecideEntries(as(gongshuOp), haizhi.Decision{EditionID: ed.ID, EntryIDs: ids, Outcome: haizhi.OutcomeAdvanced})
			return err
		}(), haizhi.ENOTFOUND)
		if _, err := svc.DecideEntries(as(anna), haizhi.Decision{EditionID: ed.ID, EntryIDs: ids, Outcome: haizhi.OutcomeAdvanced}); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("applicant decides: %v", err)
		}
		// Re-evaluating eligibility after a rule change marks entries again.
		notEligible, err := svc.EvaluateEligibility(as(op), ed.ID)
		if err != nil || notEligible != 0 {
			t.Fatalf("evaluate: %d %v", notEligible, err)
		}
		if got := find(haizhi.EntryFilter{Eligible: "yes"}); len(got) != 4 {
			t.Errorf("eligible filter: %q", got)
		}
	})
}

func TestImportEntries(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		svc := sqldb.NewEntryService(db)
		op, ed := mustOpenEdition(t, db, tr)
		at := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC) // before the test clock's now
		rows := []haizhi.ImportRow{
			{Row: 2, Input: *entryInput(ed, "", "a@x.example", "芯片一号"), SubmittedAt: at},
			{Row: 3, Input: *entryInput(ed, "", "b@x.example", "芯片二号")},
			{Row: 4, Input: *entryInput(ed, "", "c@x.example", "")},     // no title at all
			{Row: 5, Input: *entryInput(ed, "", "a@x.example", "芯片一号")}, // the same as row 2
		}
		rows[1].Input.Source, rows[1].Input.Referrer = haizhi.SourcePartner, "Munich workstation"
		rows[2].Input.Project.TitleEN = ""
		rows[2].Input.DivisionCode = "antarctica"
		// All or nothing: problems in rows 4 and 5, nothing written.
		res, err := svc.ImportEntries(as(op), ed.ID, rows, haizhi.ImportAllOrNothing)
		if err != nil || res.Written || res.Created != 0 || len(res.Problems) != 3 {
			t.Fatalf("all or nothing: %+v %v", res, err)
		}
		want := map[string]bool{"4 division error.choose_one": true, "4 project.title_zh error.required_one_name": true, "5 project.title_zh error.duplicate_row": true}
		for _, p := range res.Problems {
			if !want[fmt.Sprint(p.Row, " ", p.Field, " ", p.Key)] {
				t.Errorf("unexpected problem %+v", p)
			}
		}
		if _, n, _ := svc.FindEntries(as(op), haizhi.EntryFilter{EditionID: ed.ID, Status: "", Page: haizhi.CountOnly}); n != 0 {
			t.Fatalf("a refused import wrote %d entries", n)
		}
		// Only the valid rows.
		res, err = svc.ImportEntries(as(op), ed.ID, rows, haizhi.ImportValidRows)
		if err != nil || !res.Written || res.Created != 2 || len(res.Problems) != 3 {
			t.Fatalf("valid only: %+v %v", res, err)
		}
		list, _, err := svc.FindEntries(as(op), haizhi.EntryFilter{EditionID: ed.ID, Query: "芯片", Sort: "submitted"})
		if err != nil || len(list) != 2 || list[0].Status != haizhi.EntrySubmitted || !list[0].SubmittedAt.Equal(at) ||
			list[1].Source != haizhi.SourcePartner || list[1].Referrer != "Munich workstation" || list[0].Eligible == nil {
			t.Fatalf("imported entries: %+v %v", list, err)
		}
		// Importing the same file again changes nothing.
		res, err = svc.ImportEntries(as(op), ed.ID, rows[:2], haizhi.ImportAllOrNothing)
		if err != nil || res.Created != 0 || res.Skipped != 2 {
			t.Fatalf("again: %+v %v", res, err)
		}
		// A file too large for one import is refused before any row is read.
		huge := make([]haizhi.ImportRow, sqldb.MaxImportRows+1)
		if _, err := svc.ImportEntries(as(op), ed.ID, huge, haizhi.ImportValidRows); haizhi.ErrorKey(err) != "error.too_many_rows" {
			t.Fatalf("too many rows: %v", err)
		}
		// Refusals: an applicant, another district.
		anna := mustApplicant(t, db, tr, "anna@tum.example")
		wantCode(t, func() error {
			_, err := svc.ImportEntries(as(anna), ed.ID, rows[:1], haizhi.ImportAllOrNothing)
			return err
		}(), haizhi.ENOTFOUND)
		mustAuditOK(t, db)
	})
}

// TestFormChangeKeepsAnswers: a question taken off the form after entries answered it is
// retired; the answers stay with the entries (and a later save of the draft keeps them).
func TestFormChangeKeepsAnswers(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		svc := sqldb.NewEntryService(db)
		comps := sqldb.NewCompetitionService(db)
		op, ed := mustOpenEdition(t, db, tr)
		anna := mustApplicant(t, db, tr, "anna@tum.example")
		in := entryInput(ed, "k-1", "anna@tum.example", "项目")
		in.Answers["years-abroad"] = []string{"4"}
		e, err := svc.SaveEntry(as(anna), in)
		if err != nil {
			t.Fatal(err)
		}
		f := applicationForm()
		f.Fields = append(f.Fields[:1], f.Fields[2:]...) // without years-abroad
		if _, err := comps.UpdateEditionForm(as(op), ed.ID, ed.Version, f); err != nil {
			t.Fatal(err)
		}
		in.ID, in.Version = e.ID, e.Version
		in.Answers = map[string][]string{"degree": {"master"}, "summary": {"Changed."}}
		if _, err := svc.SaveEntry(as(anna), in); err != nil {
			t.Fatal(err)
		}
		got, err := svc.FindEntryByID(as(op), e.ID)
		if err != nil || got.Answers["years-abroad"][0] != "4" || got.Answers["degree"][0] != "master" {
			t.Fatalf("answers after the form changed: %v %v", got.Answers, err)
		}
	})
}

// TestRegisterApplicant: anyone may open an applicant account for an open edition (with
// the applicant role on its competition's unit and a verification mail); not for a draft
// edition; the same address twice is a conflict; one network opens at most a few an hour.
func TestRegisterApplicant(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		users := sqldb.NewUserService(db)
		_, ed := mustOpenEdition(t, db, tr)
		guest := haizhi.NewContextWithActor(context.Background(), &haizhi.Actor{IP: "198.51.100.7"})
		u, err := users.RegisterApplicant(guest, haizhi.Registration{Email: "Mia@UQ.example", Name: "Mia", Password: "kangaroo-2026", Locale: "en", EditionID: ed.ID})
		if err != nil || u.Email != "mia@uq.example" || len(u.Grants) != 1 || u.Grants[0].Role != haizhi.RoleApplicant || u.Grants[0].UnitPath != tr.yuhang.Path {
			t.Fatalf("register: %+v %v", u, err)
		}
		if n := mailCount(t, db, "mia@uq.example"); n != 1 {
			t.Fatalf("verification mails: %d", n)
		}
		_, err = users.RegisterApplicant(guest, haizhi.Registration{Email: "mia@uq.example", Name: "Mia", Password: "kangaroo-2026", EditionID: ed.ID})
		if haizhi.ErrorCode(err) != haizhi.ECONFLICT {
			t.Fatalf("twice: %v", err)
		}
		_, draft := mustDraftEditionFor(t, db, tr)
		if _, err := users.RegisterApplicant(guest, haizhi.Registration{Email: "x@y.example", Name: "X", Password: "kangaroo-2026", EditionID: draft.ID}); haizhi.ErrorKey(err) != "error.edition_not_open" {
			t.Fatalf("draft edition: %v", err)
		}
		for i := 1; i < sqldb.MaxRegistrationsPerHour; i++ {
			if _, err := users.RegisterApplicant(guest, haizhi.Registration{Email: fmt.Sprintf("p%d@x.example", i), Name: "P", Password: "kangaroo-2026", EditionID: ed.ID}); err != nil {
				t.Fatal(err)
			}
		}
		_, err = users.RegisterApplicant(guest, haizhi.Registration{Email: "one-more@x.example", Name: "P", Password: "kangaroo-2026", EditionID: ed.ID})
		if haizhi.ErrorCode(err) != haizhi.ETOOMANY {
			t.Fatalf("the %dth in an hour: %v", sqldb.MaxRegistrationsPerHour+1, err)
		}
		clock.Advance(61 * time.Minute)
		if _, err := users.RegisterApplicant(guest, haizhi.Registration{Email: "one-more@x.example", Name: "P", Password: "kangaroo-2026", EditionID: ed.ID}); err != nil {
			t.Fatalf("an hour later: %v", err)
		}
	})
}

// mustDraftEditionFor adds a second competition of Yuhang with a draft edition.
func mustDraftEditionFor(t *testing.T, db *sqldb.DB, tr tree) (*haizhi.Competition, *haizhi.Edition) {
	t.Helper()
	svc := sqldb.NewCompetitionService(db)
	c := &haizhi.Competition{UnitID: tr.yuhang.ID, Code: "other-cup", NameZH: "另一赛"}
	if err := svc.CreateCompetition(tr.sys, c); err != nil {
		t.Fatal(err)
	}
	e := &haizhi.Edition{CompetitionID: c.ID, Year: 2027, NameZH: "2027"}
	if err := svc.CreateEdition(tr.sys, e); err != nil {
		t.Fatal(err)
	}
	return c, e
}
