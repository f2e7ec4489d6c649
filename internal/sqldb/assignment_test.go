package sqldb_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// TestAssignments: six preliminary entries, four judges, two judges each: the proposal
// is optimal, respects loads and never pairs a conflicted judge; too few judges is
// infeasible with reasons; a conflicted pair cannot be set by hand; publishing mails each
// judge once; a judge sees only their published, unconflicted entries; proposing again
// after publishing is refused.
func TestAssignments(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		entries := sqldb.NewEntryService(db)
		judges := sqldb.NewJudgeService(db)
		asg := sqldb.NewAssignmentService(db)
		op, ed := mustOpenEdition(t, db, tr)
		var rows []haizhi.ImportRow
		for i := range 6 {
			in := *entryInput(ed, "", fmt.Sprintf("lead%d@x.example", i), fmt.Sprintf("电池项目%d", i))
			rows = append(rows, haizhi.ImportRow{Row: i + 2, Input: in})
		}
		if _, err := entries.ImportEntries(as(op), ed.ID, rows, haizhi.ImportAllOrNothing); err != nil {
			t.Fatal(err)
		}
		list, _, _ := entries.FindEntries(as(op), haizhi.EntryFilter{EditionID: ed.ID})
		var ids []int64
		for _, e := range list {
			ids = append(ids, e.ID)
		}
		if _, err := entries.DecideEntries(as(op), haizhi.Decision{EditionID: ed.ID, EntryIDs: ids, Outcome: haizhi.OutcomeAdvanced}); err != nil {
			t.Fatal(err)
		}
		pool := make([]*haizhi.Judge, 4)
		for i := range pool {
			pool[i] = &haizhi.Judge{EditionID: ed.ID, Name: fmt.Sprintf("Judge %d", i), Email: fmt.Sprintf("j%d@x.example", i), Category: haizhi.JudgeTechnical,
				Institution: fmt.Sprintf("Institute %d", i), Tracks: []string{"equipment"}, Keywords: []string{"电池"}, MaxLoad: 3}
			if i == 0 {
				pool[i].Institution = "TU München" // the leads' university: a conflict with every entry
				pool[i].MaxLoad = 6
			}
			if err := judges.InviteJudge(as(op), pool[i]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := judges.ComputeConflicts(as(op), ed.ID); err != nil {
			t.Fatal(err)
		}
		// Judges 1–3 take at most 3 each: 9 places for 12 needed.
		plan, err := asg.ProposeAssignment(as(op), ed.ID, haizhi.RoundPreliminary, haizhi.AssignOptions{K: 2})
		if err != nil || plan.Status != "infeasible" || len(plan.Reasons) == 0 {
			t.Fatalf("too few places: %+v %v", plan, err)
		}
		// Reasons come as catalogue keys with the judges' names, not the solver's labels.
		for _, r := range plan.Reasons {
			if !strings.HasPrefix(r.Key, "assign_reason.") || r.Text == "" || strings.Contains(fmt.Sprint(r.Args), "#") {
				t.Errorf("reason: %+v", r)
			}
		}
		for _, j := range pool[1:] {
			j.MaxLoad = 4
			if _, err := judges.UpdateJudge(as(op), j); err != nil {
				t.Fatal(err)
			}
		}
		plan, err = asg.ProposeAssignment(as(op), ed.ID, haizhi.RoundPreliminary, haizhi.AssignOptions{K: 2})
		if err != nil || plan.Status != "optimal" || plan.Assigned != 12 {
			t.Fatalf("propose: %+v %v", plan, err)
		}
		all, n, err := asg.FindAssignments(as(op), haizhi.AssignmentFilter{EditionID: ed.ID, Round: haizhi.RoundPreliminary, Page: haizhi.Page{Limit: 100}})
		if err != nil || n != 12 {
			t.Fatalf("draft: %d %v", n, err)
		}
		load := map[int64]int{}
		for _, a := range all {
			if a.JudgeUserID == pool[0].UserID {
				t.Fatal("a conflicted judge was assigned")
			}
			load[a.JudgeUserID]++
		}
		for id, l := range load {
			if l > 4 {
				t.Errorf("judge %d has %d entries", id, l)
			}
		}
		if err := asg.SetAssignment(as(op), ed.ID, haizhi.RoundPreliminary, ids[0], pool[0].UserID, true); haizhi.ErrorKey(err) != "error.conflicted_pair" {
			t.Fatalf("conflicted by hand: %v", err)
		}
		// Before publishing a judge sees nothing; after, their own.
		judge1 := &haizhi.User{ID: pool[1].UserID, Email: pool[1].Email, Grants: []haizhi.Grant{{Role: haizhi.RoleJudge, UnitPath: tr.yuhang.Path}}}
		if _, n, _ := asg.FindAssignments(as(judge1), haizhi.AssignmentFilter{EditionID: ed.ID}); n != 0 {
			t.Fatalf("a judge sees %d unpublished assignments", n)
		}
		published, err := asg.PublishAssignments(as(op), ed.ID, haizhi.RoundPreliminary)
		if err != nil || published != 12 {
			t.Fatalf("publish: %d %v", published, err)
		}
		mine, n, err := asg.FindAssignments(as(judge1), haizhi.AssignmentFilter{EditionID: ed.ID})
		if err != nil || n != load[pool[1].UserID] {
			t.Fatalf("judge's own: %d %v", n, err)
		}
		for _, a := range mine {
			if a.JudgeUserID != pool[1].UserID {
				t.Fatal("a judge sees another's assignment")
			}
		}
		if mailCount(t, db, pool[1].Email) != 2 { // the invitation and the assignment
			t.Errorf("judge mails: %d", mailCount(t, db, pool[1].Email))
		}
		// A conflict declared after publishing hides the entry at once.
		if _, err := judges.DeclareConflict(as(judge1), mine[0].EntryID, "My former student."); err != nil {
			t.Fatal(err)
		}
		if _, n2, _ := asg.FindAssignments(as(judge1), haizhi.AssignmentFilter{EditionID: ed.ID}); n2 != n-1 {
			t.Fatalf("after declaring: %d, want %d", n2, n-1)
		}
		if _, err := asg.ProposeAssignment(as(op), ed.ID, haizhi.RoundPreliminary, haizhi.AssignOptions{K: 2}); haizhi.ErrorKey(err) != "error.assignments_published" {
			t.Fatalf("propose after publishing: %v", err)
		}
		other := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		wantCode(t, func() error {
			_, err := asg.ProposeAssignment(as(other), ed.ID, haizhi.RoundPreliminary, haizhi.AssignOptions{K: 2})
			return err
		}(), haizhi.ENOTFOUND)
		mustAuditOK(t, db)
	})
}
