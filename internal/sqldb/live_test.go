package sqldb_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// liveFixture is an edition with finalists, a pool of judges and the final's rubric.
type liveFixture struct {
	tr      tree
	op      *haizhi.User
	ed      *haizhi.Edition
	entries []*haizhi.Entry // in the final, by title
	judges  []*haizhi.User  // the pool, with the judge role
}

// mustFinal imports n entries, advances them all to the final, invites k judges (judge 0
// from the leads' university, so in conflict with every entry) and sets a one-criterion
// final rubric (0–100).
func mustFinal(t *testing.T, db *sqldb.DB, n, k int) liveFixture {
	t.Helper()
	tr := mustTree(t, db)
	op, ed := mustOpenEdition(t, db, tr)
	list := mustImport(t, db, op, ed, n)
	entries := sqldb.NewEntryService(db)
	var ids []int64
	for _, e := range list {
		ids = append(ids, e.ID)
	}
	for range 10 {
		e, err := entries.FindEntryByID(as(op), ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if e.Round == haizhi.RoundFinal {
			break
		}
		if _, err := entries.DecideEntries(as(op), haizhi.Decision{EditionID: ed.ID, EntryIDs: ids, Outcome: haizhi.OutcomeAdvanced}); err != nil {
			t.Fatal(err)
		}
	}
	f := liveFixture{tr: tr, op: op, ed: ed}
	f.entries, _, _ = entries.FindEntries(as(op), haizhi.EntryFilter{EditionID: ed.ID, Round: haizhi.RoundFinal, Sort: "title"})
	if len(f.entries) != n {
		t.Fatalf("finalists: %d of %d", len(f.entries), n)
	}
	js := sqldb.NewJudgeService(db)
	for i := range k {
		j := &haizhi.Judge{EditionID: ed.ID, Name: fmt.Sprintf("J%d", i), Email: fmt.Sprintf("j%d@x.example", i), Category: haizhi.JudgeTechnical,
			Institution: fmt.Sprintf("Institute %d", i), MaxLoad: 10}
		if i == 0 {
			j.Institution = "TU München"
		}
		if err := js.InviteJudge(as(op), j); err != nil {
			t.Fatal(err)
		}
		f.judges = append(f.judges, &haizhi.User{ID: j.UserID, Email: j.Email, Name: j.Name, Grants: []haizhi.Grant{{Role: haizhi.RoleJudge, UnitPath: tr.yuhang.Path}}})
	}
	if _, err := js.ComputeConflicts(as(op), ed.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := sqldb.NewScoringService(db).SetRubric(as(op), &haizhi.RoundRubric{EditionID: ed.ID, Round: haizhi.RoundFinal,
		Criteria: []haizhi.RubricCriterion{{Key: "overall", NameZH: "总分", Weight: 1, Max: 100, Step: 0.01}}}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f liveFixture) room(name string, judges ...int) *haizhi.FinalRoom {
	r := &haizhi.FinalRoom{EditionID: f.ed.ID, Name: name, PitchMinutes: 8, QAMinutes: 5}
	for i, j := range judges {
		r.Judges = append(r.Judges, haizhi.RoomJudge{UserID: f.judges[j].ID, Chief: i == 1})
	}
	return r
}

// TestLiveFinal runs a room from set-up to sign-off: the room is validated (judges from
// the pool, in one room only); the order is drawn by lot and the seed redoes it; the
// draw publishes the final's assignments; the conflicted judge abstains and cannot open
// the entry; scores arrive and the board shows the trimmed mean as they do; equal scores
// must be broken with a reason before the chief judge (and only the chief) signs; after
// that nothing moves; judges and other operators are refused the board.
func TestLiveFinal(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		f := mustFinal(t, db, 3, 7)
		live := sqldb.NewLiveService(db)
		sc := sqldb.NewScoringService(db)
		asg := sqldb.NewAssignmentService(db)
		op := as(f.op)

		bad := f.room("A厅", 0, 1)
		if err := live.SaveRoom(op, bad); haizhi.ErrorFields(err)["judges"] != "error.room_judges" {
			t.Fatalf("two judges: %v", err)
		}
		room := f.room("A厅", 0, 1, 2, 3, 4, 5)
		if err := live.SaveRoom(op, room); err != nil || room.ID == 0 || len(room.Judges) != 6 || room.Chief() != f.judges[1].ID {
			t.Fatalf("save room: %+v %v", room, err)
		}
		other := f.room("B厅", 5, 6, 0)
		if err := live.SaveRoom(op, other); haizhi.ErrorFields(err)["judges"] != "error.room_judge_elsewhere" {
			t.Fatalf("judge in two rooms: %v", err)
		}
		if _, err := live.SetStage(op, room.ID, 1, haizhi.PhasePitch); haizhi.ErrorKey(err) != "error.room_not_drawn" {
			t.Fatalf("stage before the draw: %v", err)
		}
		seed := int64(20261129)
		drawn, err := live.DrawOrder(op, room.ID, &seed)
		if err != nil || len(drawn.Order) != 3 || drawn.DrawSeed == nil || *drawn.DrawSeed != seed {
			t.Fatalf("draw: %+v %v", drawn, err)
		}
		want := sqldb.DrawOrderFrom([]int64{f.entries[2].ID, f.entries[0].ID, f.entries[1].ID}, seed)
		for i, s := range drawn.Order {
			if s.EntryID != want[i] || s.Position != i+1 {
				t.Fatalf("the seed does not redo the draw: %+v, want %v", drawn.Order, want)
			}
		}
		if err := live.SaveRoom(op, room); haizhi.ErrorKey(err) != "error.room_drawn" {
			t.Fatalf("change after the draw: %v", err)
		}
		// Judge 0 is in conflict with every entry: it never sees one.
		if _, err := asg.FindAssignedEntry(as(f.judges[0]), drawn.Order[0].EntryID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("conflicted judge opens the entry: %v", err)
		}
		view, err := live.JudgeView(as(f.judges[0]), room.ID)
		if err != nil || !view.Slots[0].Abstain || view.Chief {
			t.Fatalf("conflicted judge's view: %+v %v", view, err)
		}
		if _, err := live.JudgeView(as(f.judges[6]), room.ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("a judge of no room: %v", err)
		}
		if _, err := live.Scoreboard(as(f.judges[1]), room.ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("a judge reads the board: %v", err)
		}
		if _, err := sc.SaveSheet(as(f.judges[1]), drawn.Order[0].EntryID, map[string]float64{"overall": 50}, "", true); haizhi.ErrorKey(err) != "error.not_presented" {
			t.Fatalf("score before the pitch: %v", err)
		}
		v0, _ := live.BoardVersion(op, room.ID)
		if _, err := live.SetStage(op, room.ID, 1, haizhi.PhasePitch); err != nil {
			t.Fatal(err)
		}
		v1, _ := live.BoardVersion(op, room.ID)
		if v1 == v0 {
			t.Fatal("the stage does not change the board's version")
		}
		if _, err := live.DrawOrder(op, room.ID, nil); haizhi.ErrorKey(err) != "error.room_started" {
			t.Fatalf("redraw after the start: %v", err)
		}
		// Five judges score the first entry, one at a time.
		first := drawn.Order[0].EntryID
		marks := []float64{91, 88.5, 86, 79, 95} // judges 1..5
		for i, m := range marks {
			if _, err := sc.SaveSheet(as(f.judges[i+1]), first, map[string]float64{"overall": m}, "", true); err != nil {
				t.Fatal(err)
			}
			b, err := live.Scoreboard(op, room.ID)
			if err != nil || b.Rows[0].Submitted != i+1 || b.Rows[0].Expected != 5 {
				t.Fatalf("board after %d: %+v %v", i+1, b.Rows[0], err)
			}
		}
		b, _ := live.Scoreboard(op, room.ID)
		row := b.Rows[0]
		if row.Score == nil || *row.Score != 88.50 || !row.Complete || row.Scores[0].State != haizhi.ScoreAbstained {
			t.Fatalf("first row: %+v", row) // (91+88.5+86)/3 = 88.50, 95 and 79 dropped
		}
		if !row.Scores[5].Dropped || !row.Scores[4].Dropped || row.Scores[1].Dropped {
			t.Fatalf("dropped marks: %+v", row.Scores)
		}
		if v2, _ := live.BoardVersion(op, room.ID); v2 == v1 {
			t.Fatal("scores do not change the board's version")
		}
		// The two others get the same marks: a tie.
		if _, err := live.SetStage(op, room.ID, 3, haizhi.PhaseScoring); err != nil {
			t.Fatal(err)
		}
		for _, s := range drawn.Order[1:] {
			for i := range 5 {
				if _, err := sc.SaveSheet(as(f.judges[i+1]), s.EntryID, map[string]float64{"overall": 80 + float64(i)}, "", true); err != nil {
					t.Fatal(err)
				}
			}
		}
		b, _ = live.Scoreboard(op, room.ID)
		if b.Ready || len(b.Ties) != 1 || len(b.Ties[0]) != 2 || b.Rows[1].Rank != 2 || b.Rows[2].Rank != 2 || b.Rows[0].Rank != 1 {
			t.Fatalf("tie: %+v %+v", b.Ties, b.Rows)
		}
		if _, err := live.SignOff(as(f.judges[1]), room.ID); haizhi.ErrorKey(err) != "error.room_not_ready" {
			t.Fatalf("sign with a tie open: %v", err)
		}
		if _, err := live.BreakTie(op, room.ID, []int64{first, drawn.Order[1].EntryID}, "reason"); haizhi.ErrorFields(err)["entries"] != "error.tie_group" {
			t.Fatalf("not a tie: %v", err)
		}
		if _, err := live.BreakTie(op, room.ID, b.Ties[0], " "); haizhi.ErrorFields(err)["reason"] != "error.tie_reason" {
			t.Fatalf("no reason: %v", err)
		}
		order := []int64{drawn.Order[2].EntryID, drawn.Order[1].EntryID}
		if _, err := live.BreakTie(op, room.ID, order, "主评委裁定：创新性得分更高。"); err != nil {
			t.Fatal(err)
		}
		b, _ = live.Scoreboard(op, room.ID)
		if !b.Ready || b.Rows[2].Rank != 2 || b.Rows[1].Rank != 3 {
			t.Fatalf("after the tie-break: %+v", b.Rows)
		}
		if _, err := live.SignOff(as(f.judges[2]), room.ID); haizhi.ErrorCode(err) != haizhi.EFORBIDDEN {
			t.Fatalf("a judge who is not chief signs: %v", err)
		}
		if _, err := live.SignOff(op, room.ID); haizhi.ErrorCode(err) != haizhi.EFORBIDDEN {
			t.Fatalf("the operator signs: %v", err)
		}
		signed, err := live.SignOff(as(f.judges[1]), room.ID)
		if err != nil || signed.SignedAt == nil || signed.Digest != b.Digest() || signed.SignedByName != "J1" {
			t.Fatalf("sign: %+v %v", signed, err)
		}
		if again, err := live.SignOff(as(f.judges[1]), room.ID); err != nil || !again.SignedAt.Equal(*signed.SignedAt) {
			t.Fatalf("sign twice: %v", err)
		}
		if _, err := sc.SaveSheet(as(f.judges[5]), first, map[string]float64{"overall": 10}, "", false); haizhi.ErrorKey(err) != "error.room_signed" {
			t.Fatalf("score after the sign-off: %v", err)
		}
		var sheetID int64
		if err := db.SQL().QueryRow(db.Rebind(`SELECT assignment_id FROM score_sheets WHERE entry_id = ? AND round = 'final' LIMIT 1`), first).Scan(&sheetID); err != nil {
			t.Fatal(err)
		}
		if err := sc.ReopenSheet(op, sheetID, "A judge mistyped."); haizhi.ErrorKey(err) != "error.room_signed" {
			t.Fatalf("reopen after the sign-off: %v", err)
		}
		if _, err := live.SetStage(op, room.ID, 2, haizhi.PhasePitch); haizhi.ErrorKey(err) != "error.room_signed" {
			t.Fatalf("stage after the sign-off: %v", err)
		}
		// Another district's operator sees no room.
		stranger := mustUser(t, db, f.tr, "gongshu.op@x.example", "a long password 1", haizhi.RoleOperator, f.tr.gongshu)
		if _, err := live.FindRoom(as(stranger), room.ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("another unit's operator: %v", err)
		}
		if rooms, err := live.FindRooms(op, f.ed.ID); err != nil || len(rooms) != 1 || len(rooms[0].TieBreaks) != 1 {
			t.Fatalf("rooms: %+v %v", rooms, err)
		}
		mustAuditOK(t, db)
		var events []string
		rows, err := db.SQL().Query(db.Rebind(`SELECT action FROM audit_events WHERE action LIKE 'room.%' ORDER BY id`))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var a string
			_ = rows.Scan(&a)
			events = append(events, a)
		}
		for _, want := range []string{"room.create", "room.draw", "room.stage", "room.tie_break", "room.sign"} {
			if !slices.Contains(events, want) {
				t.Errorf("audit lacks %s: %v", want, events)
			}
		}
	})
}

// TestTallyBoard checks the board's arithmetic without a database: a late conflict
// excludes a submitted score, fewer than five scores are averaged whole, and ranks
// follow competition ranking (1, 2, 2, 4) while ties are open.
func TestTallyBoard(t *testing.T) {
	r := &haizhi.FinalRoom{Judges: []haizhi.RoomJudge{{UserID: 1}, {UserID: 2}, {UserID: 3}}, Order: []haizhi.RoomSlot{
		{Position: 1, EntryID: 10}, {Position: 2, EntryID: 20}, {Position: 3, EntryID: 30}, {Position: 4, EntryID: 40}}}
	totals := map[[2]int64]float64{
		{10, 1}: 90, {10, 2}: 80, {10, 3}: 10, // judge 3's score excluded: a conflict
		{20, 1}: 84, {20, 2}: 86, {20, 3}: 85,
		{30, 1}: 85, {30, 2}: 85, {30, 3}: 85,
		{40, 1}: 70, {40, 2}: 71,
	}
	b := sqldb.TallyBoard(r, totals, map[[2]int64]bool{{10, 3}: true})
	if got := *b.Rows[0].Score; got != 85 || !b.Rows[0].Complete || b.Rows[0].Expected != 2 {
		t.Fatalf("row 1: %+v", b.Rows[0])
	}
	if b.Rows[3].Complete || b.Rows[3].Rank != 0 || *b.Rows[3].Score != 70.5 {
		t.Fatalf("incomplete row: %+v", b.Rows[3])
	}
	ranks := []int{b.Rows[0].Rank, b.Rows[1].Rank, b.Rows[2].Rank}
	if !slices.Equal(ranks, []int{1, 1, 1}) || len(b.Ties) != 1 || len(b.Ties[0]) != 3 || b.Ready {
		t.Fatalf("three-way tie at 85: %v %v", ranks, b.Ties)
	}
}
