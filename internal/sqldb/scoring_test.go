package sqldb_test

import (
	"fmt"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// TestScoring: a rubric per round; a judge saves a partial draft, completes it, submits
// (then it is locked, and a second submit is a no-op); values out of range are refused; a
// judge sees only their own sheets, operators all; a judge without the entry cannot
// score it; the rubric cannot change once sheets are submitted.
func TestScoring(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		judges := sqldb.NewJudgeService(db)
		asg := sqldb.NewAssignmentService(db)
		sc := sqldb.NewScoringService(db)
		op, ed := mustOpenEdition(t, db, tr)
		list := mustImport(t, db, op, ed, 2)
		var users []*haizhi.User
		for i := range 2 {
			j := &haizhi.Judge{EditionID: ed.ID, Name: fmt.Sprintf("J%d", i), Email: fmt.Sprintf("j%d@x.example", i), Category: haizhi.JudgeTechnical, Institution: "Elsewhere", MaxLoad: 5}
			if err := judges.InviteJudge(as(op), j); err != nil {
				t.Fatal(err)
			}
			users = append(users, &haizhi.User{ID: j.UserID, Email: j.Email, Grants: []haizhi.Grant{{Role: haizhi.RoleJudge, UnitPath: tr.yuhang.Path}}})
			if err := asg.SetAssignment(as(op), ed.ID, haizhi.RoundScreening, list[0].ID, j.UserID, true); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := asg.PublishAssignments(as(op), ed.ID, haizhi.RoundScreening); err != nil {
			t.Fatal(err)
		}
		rubric := &haizhi.RoundRubric{EditionID: ed.ID, Round: haizhi.RoundScreening, Criteria: []haizhi.RubricCriterion{
			{Key: "innovation", NameZH: "创新性", Weight: 40, Min: 0, Max: 10, Step: 0.5},
			{Key: "market", NameZH: "市场前景", Weight: 30, Min: 0, Max: 10},
			{Key: "team", NameZH: "团队", Weight: 30, Min: 0, Max: 10}}}
		r, err := sc.SetRubric(as(op), rubric)
		if err != nil || r.Version != 1 {
			t.Fatalf("rubric: %+v %v", r, err)
		}
		if _, err := sc.SetRubric(as(op), rubric); haizhi.ErrorKey(err) != "error.version_conflict" {
			t.Fatalf("stale rubric: %v", err)
		}
		j0, j1 := as(users[0]), as(users[1])
		draft, err := sc.SaveSheet(j0, list[0].ID, map[string]float64{"innovation": 8}, "Strong patents.", false)
		if err != nil || draft.Total != nil || draft.SubmittedAt != nil {
			t.Fatalf("partial draft: %+v %v", draft, err)
		}
		if _, err := sc.SaveSheet(j0, list[0].ID, map[string]float64{"innovation": 8}, "", true); haizhi.ErrorFields(err)["scores.market"] != "error.score_missing" {
			t.Fatalf("submit incomplete: %v", err)
		}
		if _, err := sc.SaveSheet(j0, list[0].ID, map[string]float64{"innovation": 11}, "", false); haizhi.ErrorFields(err)["scores.innovation"] != "error.score_out_of_range" {
			t.Fatalf("out of range: %v", err)
		}
		full := map[string]float64{"innovation": 8.5, "market": 7, "team": 9}
		sub, err := sc.SaveSheet(j0, list[0].ID, full, "Strong patents.", true)
		if err != nil || sub.SubmittedAt == nil || sub.Total == nil || *sub.Total != 82 { // 100*(0.4*.85+0.3*.7+0.3*.9)
			t.Fatalf("submit: %+v %v", sub, err)
		}
		if again, err := sc.SaveSheet(j0, list[0].ID, full, "", true); err != nil || !again.SubmittedAt.Equal(*sub.SubmittedAt) {
			t.Fatalf("submit twice: %+v %v", again, err)
		}
		if _, err := sc.SaveSheet(j0, list[0].ID, full, "changed", false); haizhi.ErrorKey(err) != "error.sheet_locked" {
			t.Fatalf("edit after submit: %v", err)
		}
		if _, err := sc.SaveSheet(j1, list[0].ID, map[string]float64{"innovation": 6}, "", false); err != nil {
			t.Fatal(err)
		}
		if _, err := sc.SaveSheet(j1, list[1].ID, full, "", false); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("an entry not assigned: %v", err)
		}
		own, err := sc.FindSheets(j1, ed.ID, haizhi.RoundScreening)
		if err != nil || len(own) != 1 || own[0].JudgeUserID != users[1].ID {
			t.Fatalf("a judge's own sheets: %+v %v", own, err)
		}
		if all, err := sc.FindSheets(as(op), ed.ID, haizhi.RoundScreening); err != nil || len(all) != 2 {
			t.Fatalf("operator's sheets: %d %v", len(all), err)
		}
		rubric.Version = 1
		if _, err := sc.SetRubric(as(op), rubric); haizhi.ErrorKey(err) != "error.rubric_in_use" {
			t.Fatalf("rubric after submission: %v", err)
		}
		mustAuditOK(t, db)
	})
}

// TestMethodsAndApply: three judges score three entries, one judge harshly; the methods
// are compared side by side, and the round's chosen one (calibrated) becomes its ranking
// scores; a round without a rubric has no method to apply.
func TestMethodsAndApply(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		judges := sqldb.NewJudgeService(db)
		asg := sqldb.NewAssignmentService(db)
		sc := sqldb.NewScoringService(db)
		op, ed := mustOpenEdition(t, db, tr)
		list := mustImport(t, db, op, ed, 3)
		if _, err := sc.SetRubric(as(op), &haizhi.RoundRubric{EditionID: ed.ID, Round: haizhi.RoundScreening, Method: haizhi.MethodCalibrated,
			Criteria: []haizhi.RubricCriterion{{Key: "overall", NameZH: "总体", Weight: 1, Max: 100}}}); err != nil {
			t.Fatal(err)
		}
		marks := [][]float64{{90, 80, 70}, {88, 79, 69}, {40, 30, 20}} // the third judge is harsh
		for i := range marks {
			j := &haizhi.Judge{EditionID: ed.ID, Name: fmt.Sprintf("J%d", i), Email: fmt.Sprintf("j%d@x.example", i), Category: haizhi.JudgeTechnical, Institution: "X", MaxLoad: 5}
			if err := judges.InviteJudge(as(op), j); err != nil {
				t.Fatal(err)
			}
			for _, e := range list {
				if err := asg.SetAssignment(as(op), ed.ID, haizhi.RoundScreening, e.ID, j.UserID, true); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := asg.PublishAssignments(as(op), ed.ID, haizhi.RoundScreening); err != nil {
			t.Fatal(err)
		}
		pool, _, _ := judges.FindJudges(as(op), haizhi.JudgeFilter{EditionID: ed.ID})
		for _, j := range pool {
			i := int(j.Name[1] - '0')
			u := &haizhi.User{ID: j.UserID, Email: j.Email, Grants: []haizhi.Grant{{Role: haizhi.RoleJudge, UnitPath: tr.yuhang.Path}}}
			for k, e := range list {
				if _, err := sc.SaveSheet(as(u), e.ID, map[string]float64{"overall": marks[i][k]}, "", true); err != nil {
					t.Fatalf("judge %d entry %d: %v", i, k, err)
				}
			}
		}
		c, err := sc.CompareMethods(as(op), ed.ID, haizhi.RoundScreening)
		if err != nil || len(c.Entries) != 3 || c.Judges != 3 || c.Pending != 0 || c.Entries[0].Sheets != 3 {
			t.Fatalf("compare: %+v %v", c, err)
		}
		if c.Entries[0].EntryID != list[0].ID || c.Entries[0].ByMethod[haizhi.MethodCalibrated].Rank != 1 {
			t.Fatalf("ranking: %+v", c.Entries[0])
		}
		// A conflict found after scoring: that judge's sheet no longer counts.
		late := &haizhi.User{ID: pool[0].UserID, Email: pool[0].Email, Grants: []haizhi.Grant{{Role: haizhi.RoleJudge, UnitPath: tr.yuhang.Path}}}
		if _, err := judges.DeclareConflict(as(late), list[2].ID, "My former student leads it."); err != nil {
			t.Fatal(err)
		}
		c, err = sc.CompareMethods(as(op), ed.ID, haizhi.RoundScreening)
		for _, e := range c.Entries {
			if e.EntryID == list[2].ID && e.Sheets != 2 {
				t.Fatalf("a conflicted judge's sheet still counts: %+v %v", e, err)
			}
		}
		n, err := sc.ApplyMethod(as(op), ed.ID, haizhi.RoundScreening)
		if err != nil || n != 3 {
			t.Fatalf("apply: %d %v", n, err)
		}
		var stored int
		if err := db.SQL().QueryRow(db.Rebind(`SELECT COUNT(*) FROM entry_scores WHERE round = ?`), "screening").Scan(&stored); err != nil || stored != 3 {
			t.Fatalf("ranking scores: %d %v", stored, err)
		}
		if _, err := sc.ApplyMethod(as(op), ed.ID, haizhi.RoundPreliminary); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("a round without a rubric: %v", err)
		}
	})
}

// mustImport imports n complete entries ("项目0", "项目1", …) into the edition and returns
// them sorted by title.
func mustImport(t *testing.T, db *sqldb.DB, op *haizhi.User, ed *haizhi.Edition, n int) []*haizhi.Entry {
	t.Helper()
	entries := sqldb.NewEntryService(db)
	var rows []haizhi.ImportRow
	for i := range n {
		rows = append(rows, haizhi.ImportRow{Row: i + 2, Input: *entryInput(ed, "", fmt.Sprintf("l%d@x.example", i), fmt.Sprintf("项目%d", i))})
	}
	if _, err := entries.ImportEntries(as(op), ed.ID, rows, haizhi.ImportAllOrNothing); err != nil {
		t.Fatal(err)
	}
	list, _, err := entries.FindEntries(as(op), haizhi.EntryFilter{EditionID: ed.ID, Sort: "title"})
	if err != nil {
		t.Fatal(err)
	}
	return list
}
