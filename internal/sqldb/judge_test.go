package sqldb_test

import (
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// TestJudgePoolAndConflicts: an operator invites a new person and an existing user into
// the pool; conflicts are computed from institutions, the team and the referrer, kept in
// step when recomputed, declared by a judge, pinned and lifted by an operator with a
// reason; a judge sees only their own; another district and an applicant are refused.
func TestJudgePoolAndConflicts(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		judges := sqldb.NewJudgeService(db)
		entries := sqldb.NewEntryService(db)
		op, ed := mustOpenEdition(t, db, tr)

		// Entries: one from TU München with a Tsinghua team member, one referred by Paris.
		a := *entryInput(ed, "", "anna@tum.example", "电池")
		b := *entryInput(ed, "", "bo@x.example", "芯片")
		b.Lead.Institution, b.Lead.Employer, b.Project.Team = "MIT", "Google", nil
		b.Source, b.Referrer = haizhi.SourcePartner, "Paris workstation"
		if _, err := entries.ImportEntries(as(op), ed.ID, []haizhi.ImportRow{{Row: 2, Input: a}, {Row: 3, Input: b}}, haizhi.ImportAllOrNothing); err != nil {
			t.Fatal(err)
		}
		list, _, _ := entries.FindEntries(as(op), haizhi.EntryFilter{EditionID: ed.ID, Sort: "title"})
		ea, eb := list[1], list[0] // 电池 sorts after 芯片? order by title: 电池 (U+7535) < 芯片 (U+82AF)
		if ea.Project.TitleZH != "电池" {
			ea, eb = eb, ea
		}

		tum := &haizhi.Judge{EditionID: ed.ID, Name: "Prof. Karl Huber", Email: "huber@tum.example", Category: haizhi.JudgeTechnical,
			Institution: "Technische Universität München", Tracks: []string{"equipment"}, Keywords: []string{"batteries"}, MaxLoad: 20}
		if err := judges.InviteJudge(as(op), tum); err != nil || tum.UserID == 0 {
			t.Fatalf("invite: %+v %v", tum, err)
		}
		// The TUM spelling differs from the entry's "TU München": a different key, so an
		// operator pins that one by hand below.
		paris := &haizhi.Judge{EditionID: ed.ID, Name: "Dr. Sophie Laurent", Email: "sophie@paris.example", Category: haizhi.JudgeInvestor,
			Institution: "Paris Workstation", MaxLoad: 10}
		if err := judges.InviteJudge(as(op), paris); err != nil {
			t.Fatal(err)
		}
		li := &haizhi.Judge{EditionID: ed.ID, Name: "Li Wei", Email: "li.wei@tsinghua.example", Category: haizhi.JudgeEntrepreneur,
			Institution: "TU München", MaxLoad: 10}
		if err := judges.InviteJudge(as(op), li); err != nil {
			t.Fatal(err)
		}
		if err := judges.InviteJudge(as(op), &haizhi.Judge{EditionID: ed.ID, Name: "Li Wei", Email: "li.wei@tsinghua.example",
			Category: haizhi.JudgeTechnical, Institution: "Tsinghua", MaxLoad: 5}); haizhi.ErrorCode(err) != haizhi.ECONFLICT {
			t.Fatalf("invite twice: %v", err)
		}
		if err := judges.InviteJudge(as(op), &haizhi.Judge{EditionID: ed.ID, Name: "X", Email: "x@x.example", Category: "astrologer",
			Institution: "X", MinLoad: 5, MaxLoad: 2, Tracks: []string{"space"}}); haizhi.ErrorFields(err)["category"] == "" || haizhi.ErrorFields(err)["max_load"] != "error.load_range" {
			t.Fatalf("bad judge: %v", err)
		}
		pool, n, err := judges.FindJudges(as(op), haizhi.JudgeFilter{EditionID: ed.ID})
		if err != nil || n != 3 || len(pool) != 3 {
			t.Fatalf("pool: %d %v", n, err)
		}

		active, err := judges.ComputeConflicts(as(op), ed.ID)
		if err != nil || active != 3 { // Li Wei: team (and institution) with entry a; Sophie: referrer of b
			t.Fatalf("compute: %d %v", active, err)
		}
		byKind := func(userID int64) map[haizhi.ConflictKind]*haizhi.Conflict {
			t.Helper()
			cs, _, err := judges.FindConflicts(as(op), haizhi.ConflictFilter{EditionID: ed.ID, JudgeUserID: userID})
			if err != nil {
				t.Fatal(err)
			}
			m := map[haizhi.ConflictKind]*haizhi.Conflict{}
			for _, c := range cs {
				m[c.Kind] = c
			}
			return m
		}
		if m := byKind(li.UserID); m[haizhi.ConflictTeam] == nil || m[haizhi.ConflictInstitution] == nil || m[haizhi.ConflictTeam].EntryID != ea.ID {
			t.Fatalf("Li Wei's conflicts: %v", m)
		}
		if m := byKind(paris.UserID); m[haizhi.ConflictReferrer] == nil || m[haizhi.ConflictReferrer].EntryID != eb.ID {
			t.Fatalf("Sophie's conflicts: %v", m)
		}
		// The operator lifts Li Wei's institution conflict (a namesake department) and pins
		// Prof. Huber's; recomputing keeps both decisions.
		lifted, err := judges.LiftConflict(as(op), byKind(li.UserID)[haizhi.ConflictInstitution].ID, "Different department, no joint work.")
		if err != nil || !lifted.Lifted {
			t.Fatalf("lift: %+v %v", lifted, err)
		}
		if _, err := judges.PinConflict(as(op), ea.ID, tum.UserID, ""); haizhi.ErrorFields(err)["reason"] != "error.required" {
			t.Fatalf("pin without reason: %v", err)
		}
		if _, err := judges.PinConflict(as(op), ea.ID, tum.UserID, "Same university (spelled differently)."); err != nil {
			t.Fatal(err)
		}
		if active, err = judges.ComputeConflicts(as(op), ed.ID); err != nil || active != 3 {
			t.Fatalf("recompute: %d %v", active, err)
		}
		if m := byKind(li.UserID); !m[haizhi.ConflictInstitution].Lifted {
			t.Fatal("recomputing undid a lift")
		}
		// A judge declares a conflict and sees only their own.
		sophie := &haizhi.User{ID: paris.UserID, Email: paris.Email, Grants: []haizhi.Grant{{Role: haizhi.RoleJudge, UnitPath: tr.yuhang.Path}}}
		if _, err := judges.DeclareConflict(as(sophie), ea.ID, "I advised the team last year."); err != nil {
			t.Fatal(err)
		}
		own, n, err := judges.FindConflicts(as(sophie), haizhi.ConflictFilter{EditionID: ed.ID})
		if err != nil || n != 2 {
			t.Fatalf("a judge's own conflicts: %d %v", n, err)
		}
		for _, c := range own {
			if c.JudgeUserID != paris.UserID {
				t.Fatal("a judge sees another judge's conflict")
			}
		}
		if _, n, _ := judges.FindJudges(as(sophie), haizhi.JudgeFilter{EditionID: ed.ID}); n != 1 {
			t.Fatalf("a judge sees %d pool members", n)
		}
		// A judge edits their expertise but not their load.
		me := *pool[0]
		for _, j := range pool {
			if j.UserID == paris.UserID {
				me = *j
			}
		}
		me.Keywords, me.MaxLoad = []string{"fintech"}, 99
		got, err := judges.UpdateJudge(as(sophie), &me)
		if err != nil || got.Keywords[0] != "fintech" || got.MaxLoad != 10 {
			t.Fatalf("judge edits own profile: %+v %v", got, err)
		}
		// Refusals.
		other := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		if err := judges.InviteJudge(as(other), &haizhi.Judge{EditionID: ed.ID, Name: "Y", Email: "y@x.example", Category: haizhi.JudgeTechnical, Institution: "Y", MaxLoad: 3}); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("another district invites: %v", err)
		}
		wantCode(t, func() error { _, err := judges.ComputeConflicts(as(other), ed.ID); return err }(), haizhi.ENOTFOUND)
		anna := mustApplicant(t, db, tr, "anna@tum.example")
		wantCode(t, func() error { _, err := judges.DeclareConflict(as(anna), ea.ID, "x"); return err }(), haizhi.ENOTFOUND)
		mustAuditOK(t, db)
	})
}
