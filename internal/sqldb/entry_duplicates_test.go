package sqldb_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// dupSummary is long enough for an identical copy to count as evidence.
const dupSummary = "Solid-state lithium cells with a ceramic electrolyte: twice the energy density of today's packs, no fire risk."

// mustOpenEditionOf adds an open edition of year to a competition op manages, with the
// structure and form of mustOpenEdition and no rules.
func mustOpenEditionOf(t *testing.T, db *sqldb.DB, op *haizhi.User, competitionID int64, year int) *haizhi.Edition {
	t.Helper()
	svc := sqldb.NewCompetitionService(db)
	ed := &haizhi.Edition{CompetitionID: competitionID, Year: year, NameZH: fmt.Sprint(year)}
	if err := svc.CreateEdition(as(op), ed); err != nil {
		t.Fatal(err)
	}
	st := hangzhou2018()
	for i := range st.Rounds {
		r := &st.Rounds[i]
		r.OpensAt, r.ClosesAt = r.OpensAt.AddDate(8, 0, 0), r.ClosesAt.AddDate(8, 0, 0)
		if r.Kind == haizhi.RoundScreening {
			r.OpensAt, r.ClosesAt = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), screeningCloses
		}
	}
	ed, err := svc.UpdateEditionStructure(as(op), ed.ID, ed.Version, st)
	if err == nil {
		ed, err = svc.UpdateEditionForm(as(op), ed.ID, ed.Version, applicationForm())
	}
	if err == nil {
		ed, err = svc.SetEditionStatus(as(op), ed.ID, ed.Version, haizhi.EditionOpen)
	}
	if err != nil {
		t.Fatalf("open edition %d: %v", year, err)
	}
	return ed
}

// importLead imports one entry into an edition as op, led by name (email, birth date),
// and returns its id.
func importLead(t *testing.T, entries *sqldb.EntryService, op *haizhi.User, ed *haizhi.Edition, in *haizhi.EntryInput) int64 {
	t.Helper()
	res, err := entries.ImportEntries(as(op), ed.ID, []haizhi.ImportRow{{Row: 2, Input: *in}}, haizhi.ImportAllOrNothing)
	if err != nil || res.Created != 1 {
		t.Fatalf("import %q: %+v %v", in.Project.TitleEN, res, err)
	}
	list, _, err := entries.FindEntries(as(op), haizhi.EntryFilter{EditionID: ed.ID, Sort: "-submitted", Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if e.Project.TitleEN == in.Project.TitleEN && e.Lead.Email == haizhi.NormalizeEmail(in.Lead.Email) {
			return e.ID
		}
	}
	t.Fatalf("imported %q not found", in.Project.TitleEN)
	return 0
}

func TestFindDuplicates(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		entries := sqldb.NewEntryService(db)
		svc := sqldb.NewDuplicateService(db)
		op, ed := mustOpenEdition(t, db, tr)
		anna := mustApplicant(t, db, tr, "anna@tum.example")
		submit := func(in *haizhi.EntryInput) int64 {
			t.Helper()
			e, err := entries.SaveEntry(as(anna), in)
			if err != nil {
				t.Fatal(err)
			}
			attachPlan(t, entries, as(anna), e.ID)
			if _, err := entries.SubmitEntry(as(anna), e.ID); err != nil {
				t.Fatal(err)
			}
			return e.ID
		}

		// Anna enters a battery project in the equipment track and a chip in the AI track,
		// then withdraws the chip: withdrawn entries are still compared.
		battery := entryInput(ed, "k-battery", "anna@tum.example", "无人机固态电池")
		battery.Project.SummaryEN = dupSummary
		e1 := submit(battery)
		chip := entryInput(ed, "k-chip", "anna@tum.example", "面向边缘计算的低功耗AI芯片")
		chip.TrackCode, chip.Project.TitleEN = "ai", "Low-power AI chip for edge computing"
		e2 := submit(chip)
		if _, err := entries.WithdrawEntry(as(anna), e2); err != nil {
			t.Fatal(err)
		}
		// A draft copy of the battery is not compared.
		draft := entryInput(ed, "k-draft", "anna@tum.example", "无人机固态电池")
		draft.Project.SummaryEN = dupSummary
		if _, err := entries.SaveEntry(as(anna), draft); err != nil {
			t.Fatal(err)
		}
		// The operators import the battery again, a word longer, from someone else.
		copied := entryInput(ed, "", "bo.chen@x.example", "无人机固态锂电池")
		copied.Lead.Name, copied.Lead.NameZH, copied.Lead.Born = "Bo Chen", "陈博", time.Date(1990, 2, 3, 0, 0, 0, 0, time.UTC)
		copied.Project.TitleEN, copied.Project.SummaryEN = "Solid-state battery cells for delivery drones", dupSummary
		e4 := importLead(t, entries, op, ed, copied)

		// Another edition of the same competition: Anna entered a monitor there (imported,
		// so without her account), and two leads share an address among themselves.
		other := mustOpenEditionOf(t, db, op, ed.CompetitionID, 2026)
		monitor := entryInput(other, "", "ANNA@tum.example", "可穿戴心率监测仪")
		monitor.Project.TitleEN = "Wearable heart monitor"
		e5 := importLead(t, entries, op, other, monitor)
		for i, title := range []string{"Gene sequencing platform", "Soil sensor network"} {
			in := entryInput(other, "", "lab@x.example", "")
			in.Lead.Name, in.Lead.Born, in.Project.TitleEN = fmt.Sprintf("Lab Lead %d", i), time.Date(1970+i, 1, 1, 0, 0, 0, 0, time.UTC), title
			importLead(t, entries, op, other, in)
		}

		// Another competition holds an exact copy of the battery: never compared.
		comps := sqldb.NewCompetitionService(db)
		cup := &haizhi.Competition{UnitID: tr.yuhang.ID, Code: "other-cup", NameZH: "另一杯赛"}
		if err := comps.CreateCompetition(as(op), cup); err != nil {
			t.Fatal(err)
		}
		elsewhere := mustOpenEditionOf(t, db, op, cup.ID, 2026)
		twin := entryInput(elsewhere, "", "anna@tum.example", "无人机固态电池")
		twin.Project.SummaryEN = dupSummary
		importLead(t, entries, op, elsewhere, twin)

		names := map[int64]string{e1: "battery", e2: "chip", e4: "copied", e5: "monitor"}
		describe := func(pairs []haizhi.DuplicatePair) []string {
			out := []string{}
			for _, p := range pairs {
				var rs []string
				for _, r := range p.Reasons {
					rs = append(rs, string(r))
				}
				out = append(out, fmt.Sprintf("%s-%s %s", names[p.A.ID], names[p.B.ID], strings.Join(rs, ",")))
			}
			return out
		}
		find := func(f haizhi.DuplicateFilter) ([]string, int) {
			t.Helper()
			pairs, n, err := svc.FindDuplicates(as(op), f)
			if err != nil {
				t.Fatalf("find %+v: %v", f, err)
			}
			return describe(pairs), n
		}
		got, n := find(haizhi.DuplicateFilter{EditionID: ed.ID})
		want := []string{
			"battery-chip same_account,same_email,same_person",
			"battery-copied similar_title,same_summary",
			"battery-monitor same_email,same_person",
			"chip-monitor same_email,same_person",
		}
		if !slices.Equal(got, want) || n != len(want) {
			t.Fatalf("duplicates of %d:\n got %q\nwant %q", n, got, want)
		}
		// The evidence the page shows.
		pairs, _, err := svc.FindDuplicates(as(op), haizhi.DuplicateFilter{EditionID: ed.ID, Page: haizhi.Page{Limit: 2}})
		if err != nil || len(pairs) != 2 {
			t.Fatalf("first page: %d %v", len(pairs), err)
		}
		a, b := pairs[0].A, pairs[0].B
		if a.Track.Code != "equipment" || b.Track.Code != "ai" || a.Division.NameZH != "欧洲赛区" || b.Status != haizhi.EntryWithdrawn ||
			a.Year != 2027 || a.Lead != "Anna Berg" || a.Email != "anna@tum.example" || a.Born.Year() != 1984 || b.TitleEN != "Low-power AI chip for edge computing" {
			t.Errorf("evidence: %+v", pairs[0])
		}
		if p := pairs[1]; p.TitlePercent() != 83 || p.B.Source != haizhi.SourceImport || p.B.LeadZH != "陈博" {
			t.Errorf("similar titles: %d%% %+v", p.TitlePercent(), p)
		}
		// By reason, by page, counted.
		if got, n := find(haizhi.DuplicateFilter{EditionID: ed.ID, Reason: haizhi.DuplicateSimilarTitle}); n != 1 || !slices.Equal(got, want[1:2]) {
			t.Errorf("similar titles: %d %q", n, got)
		}
		if got, n := find(haizhi.DuplicateFilter{EditionID: ed.ID, Page: haizhi.Page{Offset: 3, Limit: 2}}); n != 4 || !slices.Equal(got, want[3:]) {
			t.Errorf("last page: %d %q", n, got)
		}
		if got, n := find(haizhi.DuplicateFilter{EditionID: ed.ID, Page: haizhi.CountOnly}); n != 4 || len(got) != 0 {
			t.Errorf("count only: %d %q", n, got)
		}
		// The other edition sees the pairs touching it, its own address pair included.
		if got, n := find(haizhi.DuplicateFilter{EditionID: other.ID, Reason: haizhi.DuplicateSameEmail}); n != 3 ||
			!slices.Equal(got, []string{"battery-monitor same_email,same_person", "chip-monitor same_email,same_person", "- same_email"}) {
			t.Errorf("other edition: %d %q", n, got)
		}
		if got, n := find(haizhi.DuplicateFilter{EditionID: elsewhere.ID}); n != 0 {
			t.Errorf("another competition: %d %q", n, got)
		}
		// Refusals: an unknown reason, another district's operator, an applicant, an
		// edition that does not exist.
		wantCode(t, func() error {
			_, _, err := svc.FindDuplicates(as(op), haizhi.DuplicateFilter{EditionID: ed.ID, Reason: "same_vibe"})
			return err
		}(), haizhi.EINVALID)
		gongshuOp := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		for _, u := range []*haizhi.User{gongshuOp, anna} {
			wantCode(t, func() error {
				_, _, err := svc.FindDuplicates(as(u), haizhi.DuplicateFilter{EditionID: ed.ID})
				return err
			}(), haizhi.ENOTFOUND)
		}
		wantCode(t, func() error {
			_, _, err := svc.FindDuplicates(as(op), haizhi.DuplicateFilter{EditionID: 999999})
			return err
		}(), haizhi.ENOTFOUND)
	})
}
