package sqldb_test

import (
	"fmt"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

func ptr(f float64) *float64 { return &f }

// TestRankingAndPrizes: seven semifinalists of one cell with five places; a tie at the
// line is shown and blocks confirmation until a score settles it; the five advance to the
// final; prizes wait for every score, are awarded by tier, and a placing revoked after
// due diligence is offered to the next-ranked finalist, who accepts.
func TestRankingAndPrizes(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		entries := sqldb.NewEntryService(db)
		rank := sqldb.NewRankingService(db)
		op, ed := mustOpenEdition(t, db, tr)
		st := ed.Structure
		st.PrizeTiers = []haizhi.PrizeTier{{Rank: 1, NameZH: "一等奖", NameEN: "First prize", Count: 1}, {Rank: 2, NameZH: "二等奖", NameEN: "Second prize", Count: 2}}
		if _, err := sqldb.NewCompetitionService(db).UpdateEditionStructure(as(op), ed.ID, ed.Version, st); err != nil {
			t.Fatal(err)
		}
		var rows []haizhi.ImportRow
		for i := range 7 {
			in := *entryInput(ed, "", fmt.Sprintf("lead%d@x.example", i), fmt.Sprintf("项目%d", i))
			in.DivisionCode, in.TrackCode = "europe", "ai"
			rows = append(rows, haizhi.ImportRow{Row: i + 2, Input: in})
		}
		if res, err := entries.ImportEntries(as(op), ed.ID, rows, haizhi.ImportAllOrNothing); err != nil || res.Created != 7 {
			t.Fatalf("import: %+v %v", res, err)
		}
		list, _, _ := entries.FindEntries(as(op), haizhi.EntryFilter{EditionID: ed.ID, Sort: "title"})
		ids := make([]int64, len(list))
		for i, e := range list {
			ids[i] = e.ID
		}
		for range 2 { // screening, preliminary
			if _, err := entries.DecideEntries(as(op), haizhi.Decision{EditionID: ed.ID, EntryIDs: ids, Outcome: haizhi.OutcomeAdvanced}); err != nil {
				t.Fatal(err)
			}
		}
		scores := map[int64]*float64{}
		for i, s := range []float64{90, 85, 80, 75, 70, 70, 60} {
			scores[ids[i]] = ptr(s)
		}
		if err := rank.SaveScores(as(op), ed.ID, haizhi.RoundSemifinal, scores); err != nil {
			t.Fatal(err)
		}
		r, err := rank.FindRanking(as(op), ed.ID, haizhi.RoundSemifinal)
		if err != nil {
			t.Fatal(err)
		}
		var cell haizhi.CellAdvancement
		for _, c := range r.Cells {
			if c.Division == "europe" && c.Track == "ai" {
				cell = c
			}
		}
		if cell.Quota != 5 || len(cell.Advance) != 4 || len(cell.Tied) != 2 || len(cell.Reject) != 1 || cell.Ready() {
			t.Fatalf("cell: %+v", cell)
		}
		if _, _, err := rank.ConfirmAdvancement(as(op), ed.ID, haizhi.RoundSemifinal, []string{"europe/ai"}, false); haizhi.ErrorFields(err)["cell_europe/ai"] != "error.cell_tied" {
			t.Fatalf("confirm a tie: %v", err)
		}
		if err := rank.SaveScores(as(op), ed.ID, haizhi.RoundSemifinal, map[int64]*float64{ids[4]: ptr(71)}); err != nil {
			t.Fatal(err)
		}
		adv, rej, err := rank.ConfirmAdvancement(as(op), ed.ID, haizhi.RoundSemifinal, []string{"europe/ai"}, false)
		if err != nil || adv != 5 || rej != 2 {
			t.Fatalf("confirm: %d %d %v", adv, rej, err)
		}
		// Prizes: unscored finalists first hold them back.
		if _, err := rank.AwardPrizes(as(op), ed.ID); haizhi.ErrorKey(err) != "error.finalist_unscored" {
			t.Fatalf("unscored final: %v", err)
		}
		final := map[int64]*float64{}
		for i, s := range []float64{88, 95, 91, 80, 90} {
			final[ids[i]] = ptr(s)
		}
		if err := rank.SaveScores(as(op), ed.ID, haizhi.RoundFinal, final); err != nil {
			t.Fatal(err)
		}
		n, err := rank.AwardPrizes(as(op), ed.ID)
		if err != nil || n != 3 {
			t.Fatalf("award: %d %v", n, err)
		}
		if _, err := rank.AwardPrizes(as(op), ed.ID); haizhi.ErrorKey(err) != "error.prizes_awarded" {
			t.Fatalf("award twice: %v", err)
		}
		winner, _ := entries.FindEntryByID(as(op), ids[1])
		if winner.PrizeRank != 1 || winner.PrizeStatus != haizhi.PrizeAwarded {
			t.Fatalf("winner: %+v", winner)
		}
		// Due diligence withdraws the first prize: the best finalist without a placing
		// (88, ids[0]) is offered it and accepts.
		if _, err := rank.RevokePrize(as(op), ids[1], ""); haizhi.ErrorFields(err)["reason"] != "error.required" {
			t.Fatalf("revoke without reason: %v", err)
		}
		next, err := rank.RevokePrize(as(op), ids[1], "The company was already registered in another city.")
		if err != nil || next != ids[0] {
			t.Fatalf("revoke: %d %v (want %d)", next, err, ids[0])
		}
		offered, _ := entries.FindEntryByID(as(op), ids[0])
		if offered.PrizeRank != 1 || offered.PrizeStatus != haizhi.PrizeOffered {
			t.Fatalf("offered: %+v", offered)
		}
		if err := rank.AcceptPrize(as(op), ids[0]); err != nil {
			t.Fatal(err)
		}
		table, err := rank.FindPrizes(as(op), ed.ID)
		if err != nil || table.Status[ids[0]] != haizhi.PrizeAwarded || table.Status[ids[1]] != haizhi.PrizeRevoked || len(table.Revoked) != 1 {
			t.Fatalf("prize table: %+v %v", table, err)
		}
		ds, _ := entries.FindDecisions(as(op), ids[1])
		if last := ds[len(ds)-1]; last.Outcome != haizhi.OutcomePrizeRevoked || last.Note == "" {
			t.Fatalf("revocation record: %+v", last)
		}
		// Refusals: another district, an applicant.
		other := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		wantCode(t, func() error { _, err := rank.FindRanking(as(other), ed.ID, haizhi.RoundSemifinal); return err }(), haizhi.ENOTFOUND)
		wantCode(t, func() error { _, err := rank.RevokePrize(as(other), ids[0], "x"); return err }(), haizhi.ENOTFOUND)
		mustAuditOK(t, db)
	})
}
