package sqldb_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// TestAssignmentConditionsAndPreview: four entries, four judges (two from one institute,
// one investor): a proposal asking for an investor on every entry and at most one judge
// per institution meets both; a category nobody has is infeasible with a translated
// reason naming the entry; bad options are field problems. The preview counts pairs,
// loads against bounds (outside first), coverage per track and the fit's spread; removing
// a judge by hand shows the entry short of k, adding one counts as manual; a conflicted
// pair and a published round are refused; another district learns nothing.
func TestAssignmentConditionsAndPreview(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		judges := sqldb.NewJudgeService(db)
		asg := sqldb.NewAssignmentService(db)
		op, ed := mustOpenEdition(t, db, tr)
		list := mustImport(t, db, op, ed, 4)
		round := haizhi.RoundScreening
		specs := []struct {
			name, inst string
			cat        haizhi.JudgeCategory
			tracks     []string
		}{
			{"Alpha", "Institute A", haizhi.JudgeTechnical, []string{"equipment"}},
			{"Beta", "Institute A", haizhi.JudgeTechnical, []string{"equipment"}},
			{"Gamma", "Capital B", haizhi.JudgeInvestor, nil},
			{"Delta", "Institute C", haizhi.JudgeTechnical, []string{"ai"}},
		}
		pool := map[string]*haizhi.Judge{}
		for i, s := range specs {
			j := &haizhi.Judge{EditionID: ed.ID, Name: s.name, Email: fmt.Sprintf("j%d@x.example", i), Category: s.cat, Institution: s.inst,
				Tracks: s.tracks, MaxLoad: 4}
			if err := judges.InviteJudge(as(op), j); err != nil {
				t.Fatal(err)
			}
			pool[s.name] = j
		}

		// Bad options name their fields.
		_, err := asg.ProposeAssignment(as(op), ed.ID, round, haizhi.AssignOptions{K: 0, NeedCategory: "wizard", MaxPerInstitution: -1})
		if f := haizhi.ErrorFields(err); f["k"] == "" || f["need_category"] == "" || f["max_per_institution"] == "" {
			t.Fatalf("bad options: %v", err)
		}
		// Nobody is a policy expert: every entry says so, by its title.
		plan, err := asg.ProposeAssignment(as(op), ed.ID, round, haizhi.AssignOptions{K: 2, NeedCategory: haizhi.JudgeOfficial})
		if err != nil || plan.Status != "infeasible" || len(plan.Reasons) != 4 {
			t.Fatalf("no policy expert: %+v %v", plan, err)
		}
		r := plan.Reasons[0]
		if r.Key != "assign_reason.entry_no_category" || r.Args["Category"] != "official" || (r.Args["Entry"] != list[0].Project.TitleZH && r.Args["Entry"] != list[0].Project.TitleEN) || r.Text == "" {
			t.Fatalf("reason: %+v", r)
		}
		plan, err = asg.ProposeAssignment(as(op), ed.ID, round, haizhi.AssignOptions{K: 2, NeedCategory: haizhi.JudgeInvestor, MaxPerInstitution: 1})
		if err != nil || plan.Status != "optimal" || plan.Assigned != 8 {
			t.Fatalf("propose: %+v %v", plan, err)
		}
		rows, total, err := asg.FindEntryAssignments(as(op), haizhi.AssignmentFilter{EditionID: ed.ID, Round: round, Page: haizhi.Page{Limit: 10}})
		if err != nil || total != 4 || len(rows) != 4 {
			t.Fatalf("entries: %d %v", total, err)
		}
		for _, row := range rows {
			if len(row.Judges) != 2 || !row.HasJudge(pool["Gamma"].UserID) || (row.HasJudge(pool["Alpha"].UserID) && row.HasJudge(pool["Beta"].UserID)) {
				t.Fatalf("entry %d breaks a condition: %+v", row.EntryID, row.Judges)
			}
		}
		if page, total, _ := asg.FindEntryAssignments(as(op), haizhi.AssignmentFilter{EditionID: ed.ID, Round: round, Page: haizhi.Page{Limit: 3, Offset: 3}}); total != 4 || len(page) != 1 {
			t.Fatalf("second page: %d of %d", len(page), total)
		}

		pv, err := asg.PreviewAssignment(as(op), haizhi.PreviewFilter{EditionID: ed.ID, Round: round})
		if err != nil {
			t.Fatal(err)
		}
		if pv.Options != (haizhi.AssignOptions{K: 2, NeedCategory: haizhi.JudgeInvestor, MaxPerInstitution: 1}) || pv.K != 2 || pv.Entries != 4 || pv.Pairs != 8 ||
			pv.Manual != 0 || pv.ShortTotal != 0 || pv.LoadsTotal != 4 || pv.Published {
			t.Fatalf("preview: %+v", pv)
		}
		if pv.Affinity.Max != 0.5 || pv.Affinity.Min != 0 || pv.Affinity.Median < pv.Affinity.Min || pv.Affinity.Median > pv.Affinity.Max {
			t.Fatalf("spread: %+v", pv.Affinity)
		}
		cov := map[string]haizhi.TrackCoverage{}
		for _, c := range pv.Tracks {
			cov[c.Track] = c
		}
		if c := cov["equipment"]; c.Entries != 4 || c.Covered != 4 || c.Pairs != 8 || c.Judges < 2 || c.Experts != 2 {
			t.Fatalf("equipment coverage: %+v", c)
		}
		if c := cov["ai"]; c.Entries != 0 || c.Experts != 1 {
			t.Fatalf("ai coverage: %+v", c)
		}

		// By hand: Gamma leaves the first entry, which is now short of two.
		first := rows[0]
		if err := asg.SetAssignment(as(op), ed.ID, round, first.EntryID, pool["Gamma"].UserID, false); err != nil {
			t.Fatal(err)
		}
		pv, _ = asg.PreviewAssignment(as(op), haizhi.PreviewFilter{EditionID: ed.ID, Round: round})
		if pv.ShortTotal != 1 || len(pv.Short) != 1 || pv.Short[0].EntryID != first.EntryID || pv.Short[0].Judges != 1 || pv.Pairs != 7 {
			t.Fatalf("after removing: %+v", pv)
		}
		// A judge pinned away from the entry cannot be added; another can, by hand.
		var free []*haizhi.Judge
		for _, name := range []string{"Alpha", "Beta", "Delta"} {
			if !first.HasJudge(pool[name].UserID) {
				free = append(free, pool[name])
			}
		}
		if _, err := judges.PinConflict(as(op), first.EntryID, free[0].UserID, "Co-author of the lead."); err != nil {
			t.Fatal(err)
		}
		if err := asg.SetAssignment(as(op), ed.ID, round, first.EntryID, free[0].UserID, true); haizhi.ErrorKey(err) != "error.conflicted_pair" {
			t.Fatalf("conflicted by hand: %v", err)
		}
		if row, _, _ := asg.FindEntryAssignments(as(op), haizhi.AssignmentFilter{EditionID: ed.ID, Round: round, EntryID: first.EntryID}); len(row) != 1 || !row[0].HasConflict(free[0].UserID) {
			t.Fatalf("the entry's conflicts: %+v", row)
		}
		if err := asg.SetAssignment(as(op), ed.ID, round, first.EntryID, free[1].UserID, true); err != nil {
			t.Fatal(err)
		}
		// Gamma's most is lowered below what they hold: outside their bounds, listed first.
		pool["Gamma"].MaxLoad = 2
		if _, err := judges.UpdateJudge(as(op), pool["Gamma"]); err != nil {
			t.Fatal(err)
		}
		pv, _ = asg.PreviewAssignment(as(op), haizhi.PreviewFilter{EditionID: ed.ID, Round: round, LoadsPage: haizhi.Page{Limit: 2}})
		if pv.ShortTotal != 0 || pv.Manual != 1 || pv.Pairs != 8 || pv.AboveMax != 1 || len(pv.Loads) != 2 || pv.Loads[0].Name != "Gamma" || !pv.Loads[0].Above() || pv.Loads[0].Count != 3 {
			t.Fatalf("after adding: %+v", pv)
		}
		// A preview for three judges per entry finds every entry short.
		if pv, _ := asg.PreviewAssignment(as(op), haizhi.PreviewFilter{EditionID: ed.ID, Round: round, K: 3, ShortPage: haizhi.Page{Limit: 3}}); pv.ShortTotal != 4 || len(pv.Short) != 3 {
			t.Fatalf("k=3: %d short, %d listed", pv.ShortTotal, len(pv.Short))
		}

		if _, err := asg.PublishAssignments(as(op), ed.ID, round); err != nil {
			t.Fatal(err)
		}
		if err := asg.SetAssignment(as(op), ed.ID, round, first.EntryID, free[1].UserID, false); haizhi.ErrorKey(err) != "error.assignments_published" {
			t.Fatalf("change after publishing: %v", err)
		}
		if pv, _ := asg.PreviewAssignment(as(op), haizhi.PreviewFilter{EditionID: ed.ID, Round: round}); !pv.Published {
			t.Fatal("the preview does not know the round is published")
		}
		other := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		_, err = asg.PreviewAssignment(as(other), haizhi.PreviewFilter{EditionID: ed.ID, Round: round})
		wantCode(t, err, haizhi.ENOTFOUND)
		_, _, err = asg.FindEntryAssignments(as(other), haizhi.AssignmentFilter{EditionID: ed.ID, Round: round})
		wantCode(t, err, haizhi.ENOTFOUND)

		events, _, err := sqldb.NewAuditService(db).FindAuditEvents(tr.sys, haizhi.AuditFilter{Action: "assignment.propose"})
		if err != nil || len(events) != 1 || !strings.Contains(events[0].Summary, `"need_category":"investor"`) || !strings.Contains(events[0].Summary, `"max_per_institution":1`) {
			t.Fatalf("audit of the proposal: %+v %v", events, err)
		}
		sets, _, _ := sqldb.NewAuditService(db).FindAuditEvents(tr.sys, haizhi.AuditFilter{Action: "assignment.set"})
		if len(sets) != 2 || !slices.ContainsFunc(sets, func(e *haizhi.AuditEvent) bool { return strings.Contains(e.Summary, `"assigned":false`) }) {
			t.Fatalf("audit of the changes by hand: %d", len(sets))
		}
		mustAuditOK(t, db)
	})
}
