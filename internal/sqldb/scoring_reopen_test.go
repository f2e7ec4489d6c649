package sqldb_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// TestMethodChoiceAndReopen: the round's method is chosen with its rubric (the trimmed
// mean unless said otherwise), audited, and locked once a sheet is submitted. Five judges
// score two entries for one place: the mean puts one entry through, the trimmed mean the
// other, so both cross the line and the comparison says so under the chosen method;
// applying uses the chosen method. An operator reopens a submitted sheet with a reason
// (audited); the judge sees it reopened, corrects and submits it again; a judge and
// another district's operator cannot reopen, and no reason or a draft is refused.
func TestMethodChoiceAndReopen(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		judges := sqldb.NewJudgeService(db)
		asg := sqldb.NewAssignmentService(db)
		sc := sqldb.NewScoringService(db)
		comp := sqldb.NewCompetitionService(db)
		op, ed := mustOpenEdition(t, db, tr)
		round := haizhi.RoundScreening
		// One place in the screening round for the European equipment entries.
		st := ed.Structure
		st.Quotas = append(st.Quotas, haizhi.Quota{Round: round, Division: "europe", Track: "equipment", Count: 1})
		ed, err := comp.UpdateEditionStructure(as(op), ed.ID, ed.Version, st)
		if err != nil {
			t.Fatal(err)
		}
		list := mustImport(t, db, op, ed, 2)

		rubric := &haizhi.RoundRubric{EditionID: ed.ID, Round: round, Criteria: []haizhi.RubricCriterion{{Key: "overall", NameZH: "总体", Weight: 1, Max: 100}}}
		if _, err := sc.SetRubric(as(op), &haizhi.RoundRubric{EditionID: ed.ID, Round: round, Method: "vibes", Criteria: rubric.Criteria}); haizhi.ErrorFields(err)["method"] == "" {
			t.Fatalf("unknown method: %v", err)
		}
		r, err := sc.SetRubric(as(op), rubric)
		if err != nil || r.Method != haizhi.MethodTrimmedMean {
			t.Fatalf("default method: %+v %v", r, err)
		}
		rubric.Version, rubric.Method = r.Version, haizhi.MethodRawMean
		if r, err = sc.SetRubric(as(op), rubric); err != nil || r.Method != haizhi.MethodRawMean {
			t.Fatalf("choose the mean: %+v %v", r, err)
		}
		if got, err := sc.FindRubric(as(op), ed.ID, round); err != nil || got.Method != haizhi.MethodRawMean {
			t.Fatalf("stored method: %+v %v", got, err)
		}

		// Entry 0: 100, 60, 60, 60, 60 (mean 68, trimmed 60); entry 1: 65 from everyone.
		marks := [][]float64{{100, 65}, {60, 65}, {60, 65}, {60, 65}, {60, 65}}
		users := make([]*haizhi.User, len(marks))
		for i := range marks {
			j := &haizhi.Judge{EditionID: ed.ID, Name: fmt.Sprintf("J%d", i), Email: fmt.Sprintf("j%d@x.example", i), Category: haizhi.JudgeTechnical, Institution: "X", MaxLoad: 5}
			if err := judges.InviteJudge(as(op), j); err != nil {
				t.Fatal(err)
			}
			users[i] = &haizhi.User{ID: j.UserID, Email: j.Email, Grants: []haizhi.Grant{{Role: haizhi.RoleJudge, UnitPath: tr.yuhang.Path}}}
			for _, e := range list {
				if err := asg.SetAssignment(as(op), ed.ID, round, e.ID, j.UserID, true); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := asg.PublishAssignments(as(op), ed.ID, round); err != nil {
			t.Fatal(err)
		}
		for i, u := range users {
			for k, e := range list {
				if _, err := sc.SaveSheet(as(u), e.ID, map[string]float64{"overall": marks[i][k]}, "", true); err != nil {
					t.Fatalf("judge %d entry %d: %v", i, k, err)
				}
			}
		}
		// Scores are in: the method no longer changes.
		rubric.Version, rubric.Method = r.Version, haizhi.MethodTrimmedMean
		if _, err := sc.SetRubric(as(op), rubric); haizhi.ErrorKey(err) != "error.rubric_in_use" {
			t.Fatalf("method after submission: %v", err)
		}
		c, err := sc.CompareMethods(as(op), ed.ID, round)
		if err != nil || c.Method != haizhi.MethodRawMean || !c.HasLine || len(c.Entries) != 2 {
			t.Fatalf("compare: %+v %v", c, err)
		}
		top, second := c.Entries[0], c.Entries[1]
		if top.EntryID != list[0].ID || top.ByMethod[haizhi.MethodRawMean].Standing != haizhi.StandingIn ||
			top.ByMethod[haizhi.MethodTrimmedMean].Standing != haizhi.StandingOut || !top.Crossing || !second.Crossing ||
			second.ByMethod[haizhi.MethodTrimmedMean].Standing != haizhi.StandingIn {
			t.Fatalf("crossings: %+v %+v", top.ByMethod, second.ByMethod)
		}
		if n, err := sc.ApplyMethod(as(op), ed.ID, round); err != nil || n != 2 {
			t.Fatalf("apply: %d %v", n, err)
		}
		var by string
		var score float64
		if err := db.SQL().QueryRow(db.Rebind(`SELECT updated_by, score FROM entry_scores WHERE entry_id = ? AND round = ?`), list[0].ID, "screening").Scan(&by, &score); err != nil ||
			!strings.Contains(by, "(raw_mean)") || score != 68 {
			t.Fatalf("applied: %q %v %v", by, score, err)
		}

		// Reopening.
		mine, _, err := asg.FindAssignments(as(users[0]), haizhi.AssignmentFilter{EditionID: ed.ID, EntryID: list[0].ID})
		if err != nil || len(mine) != 1 || !mine[0].Submitted || mine[0].Reopened {
			t.Fatalf("the judge's assignment: %+v %v", mine, err)
		}
		asgID := mine[0].ID
		other := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		wantCode(t, sc.ReopenSheet(as(users[0]), asgID, "I mistyped."), haizhi.ENOTFOUND)
		wantCode(t, sc.ReopenSheet(as(other), asgID, "Curious."), haizhi.ENOTFOUND)
		wantCode(t, sc.ReopenSheet(as(op), 999999, "No such sheet."), haizhi.ENOTFOUND)
		if err := sc.ReopenSheet(as(op), asgID, "  "); haizhi.ErrorFields(err)["reason"] != "error.required" {
			t.Fatalf("no reason: %v", err)
		}
		if err := sc.ReopenSheet(as(op), asgID, "The judge typed 100 for 10."); err != nil {
			t.Fatal(err)
		}
		if err := sc.ReopenSheet(as(op), asgID, "Again."); haizhi.ErrorKey(err) != "error.sheet_not_submitted" {
			t.Fatalf("reopen a draft: %v", err)
		}
		mine, _, _ = asg.FindAssignments(as(users[0]), haizhi.AssignmentFilter{EditionID: ed.ID, EntryID: list[0].ID})
		if len(mine) != 1 || !mine[0].Reopened || mine[0].Submitted {
			t.Fatalf("reopened for the judge: %+v", mine)
		}
		sheets, err := sc.FindEntrySheets(as(op), list[0].ID)
		if err != nil || len(sheets) != 5 || sheets[0].JudgeName != "J0" || !sheets[0].Reopened() || sheets[0].ReopenReason != "The judge typed 100 for 10." {
			t.Fatalf("the entry's sheets: %+v %v", sheets, err)
		}
		if _, err := sc.FindEntrySheets(as(users[1]), list[0].ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("a judge reads the entry's sheets: %v", err)
		}
		// The reopened sheet no longer counts; the judge corrects and submits it.
		if c, _ := sc.CompareMethods(as(op), ed.ID, round); c.Entries[0].Sheets+c.Entries[1].Sheets != 9 {
			t.Fatalf("a reopened sheet still counts: %+v", c.Entries)
		}
		if sh, err := sc.SaveSheet(as(users[0]), list[0].ID, map[string]float64{"overall": 10}, "Corrected.", true); err != nil || sh.SubmittedAt == nil || sh.Reopened() {
			t.Fatalf("submit again: %+v %v", sh, err)
		}
		mine, _, _ = asg.FindAssignments(as(users[0]), haizhi.AssignmentFilter{EditionID: ed.ID, EntryID: list[0].ID})
		if len(mine) != 1 || mine[0].Reopened || !mine[0].Submitted {
			t.Fatalf("submitted again: %+v", mine)
		}

		audit := sqldb.NewAuditService(db)
		events, _, err := audit.FindAuditEvents(tr.sys, haizhi.AuditFilter{Action: "score.reopen"})
		if err != nil || len(events) != 1 || !strings.Contains(events[0].Summary, "The judge typed 100 for 10.") {
			t.Fatalf("audit of the reopening: %+v %v", events, err)
		}
		sets, _, _ := audit.FindAuditEvents(tr.sys, haizhi.AuditFilter{Action: "rubric.set"})
		if len(sets) != 2 || !strings.Contains(sets[0].Summary, `"method":"raw_mean"`) || !strings.Contains(sets[0].Summary, `"method_before":"trimmed_mean"`) {
			t.Fatalf("audit of the method: %+v", sets)
		}
		applied, _, _ := audit.FindAuditEvents(tr.sys, haizhi.AuditFilter{Action: "scores.apply"})
		if len(applied) != 1 || !strings.Contains(applied[0].Summary, `"method":"raw_mean"`) {
			t.Fatalf("audit of the ranking: %+v", applied)
		}
		mustAuditOK(t, db)
	})
}
