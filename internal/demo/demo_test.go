package demo_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/blob"
	"github.com/haizhi-dev/haizhi/internal/calibrate"
	"github.com/haizhi-dev/haizhi/internal/demo"
	"github.com/haizhi-dev/haizhi/internal/mail"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

func load(t *testing.T, dialect string) (demo.Services, []demo.Login) {
	t.Helper()
	composer, err := mail.NewComposer()
	if err != nil {
		t.Fatal(err)
	}
	clock := &demo.Clock{}
	db := apptest.MustOpenDB(t, dialect, sqldb.Options{Now: clock.Now, Composer: composer, PublicURL: "http://demo.test"})
	svc := apptest.NewServices(db)
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	svc.Blobs = blobs
	ds := demo.Services{Units: svc.Units, Users: svc.Users, Posts: svc.Posts, Competitions: svc.Competitions, Entries: svc.Entries, Rankings: svc.Rankings, Judges: svc.Judges, Assignments: svc.Assignments, Scoring: svc.Scoring, Blobs: svc.Blobs, Live: svc.Live, Needs: svc.Needs, Sites: svc.Sites}
	logins, err := demo.Load(context.Background(), ds, clock, demo.Options{Seed: 7, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if !demo.Loaded(context.Background(), ds) {
		t.Fatal("Loaded is false after Load")
	}
	if res, err := sqldb.NewAuditService(db).VerifyAudit(apptest.Sys()); err != nil || !res.OK {
		t.Fatalf("audit after demo: %+v %v", res, err)
	}
	return ds, logins
}

// TestDemoShape checks the data set has the shape the seeds describe, and that one seed
// always gives the same data.
func TestDemoShape(t *testing.T) {
	for _, dialect := range apptest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ds, logins := load(t, dialect)
			ctx := apptest.Sys()
			if len(logins) != len(haizhi.Roles()) {
				t.Fatalf("%d logins for %d roles", len(logins), len(haizhi.Roles()))
			}
			count := func(k haizhi.UnitKind) int {
				_, n, err := ds.Units.FindUnits(ctx, haizhi.UnitFilter{Kind: k, Page: haizhi.Page{Limit: 1}})
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			// The competition of the seeds: 2018 finished with 70 finalists and 18 prizes
			// (3/5/10) over five divisions and three tracks; this year's edition judged up
			// to its final; next year's edition open.
			editions, n, err := ds.Competitions.FindEditions(ctx, haizhi.EditionFilter{})
			if err != nil || n != 3 || editions[2].Year != 2018 || editions[2].Status != haizhi.EditionFinished ||
				editions[1].Year != 2026 || editions[1].Status != haizhi.EditionClosed || editions[0].Status != haizhi.EditionOpen {
				t.Fatalf("editions: %d %v", n, err)
			}
			judgedFinalists := checkJudgedEdition(t, ds, editions[1].ID)
			checkFinal(t, ds, editions[1].ID, len(judgedFinalists))
			checkMarket(t, ds)
			e2018, err := ds.Competitions.FindEditionByID(ctx, editions[2].ID)
			if err != nil {
				t.Fatal(err)
			}
			finalists, prizes := 0, 0
			for _, q := range e2018.Structure.Quotas {
				finalists += q.Count
			}
			for _, p := range e2018.Structure.PrizeTiers {
				prizes += p.Count
			}
			if st := e2018.Structure; len(st.Divisions) != 5 || len(st.Tracks) != 3 || len(st.Rounds) != 4 || finalists != 70 || prizes != 18 {
				t.Errorf("2018 edition: %d divisions, %d tracks, %d rounds, %d finalists, %d prizes", len(st.Divisions), len(st.Tracks), len(st.Rounds), finalists, prizes)
			}
			// Its entries: 444 from 27 countries, 39 led by foreign non-Chinese applicants,
			// 70 in the final, the rest decided with reasons, one in five referred.
			entries := func(f haizhi.EntryFilter) int {
				f.EditionID, f.Page = e2018.ID, haizhi.CountOnly
				_, n, err := ds.Entries.FindEntries(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			countries := map[string]bool{}
			for page := 0; page < 3; page++ {
				list, _, err := ds.Entries.FindEntries(ctx, haizhi.EntryFilter{EditionID: e2018.ID, Page: haizhi.Page{Offset: page * 200, Limit: 200}})
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range list {
					countries[e.Lead.Residence] = true
				}
			}
			for what, got := range map[string][2]int{
				"entries":             {entries(haizhi.EntryFilter{}), 444},
				"countries":           {len(countries), 27},
				"foreign non-Chinese": {entries(haizhi.EntryFilter{Category: haizhi.CategoryForeignNonChinese}), 39},
				"finalists":           {entries(haizhi.EntryFilter{Round: haizhi.RoundFinal}), 70},
				"not eligible":        {entries(haizhi.EntryFilter{Eligible: "no"}), 12},
				"rejected":            {entries(haizhi.EntryFilter{Outcome: haizhi.OutcomeRejected}), 444 - 70},
				"chip (芯片) projects":  {min(entries(haizhi.EntryFilter{Query: "芯片"}), 15), 15},
			} {
				if got[0] != got[1] {
					t.Errorf("2018 %s = %d, want %d", what, got[0], got[1])
				}
			}
			// 18 prizes held in tiers of 3/5/10 after one third prize was withdrawn in due
			// diligence and passed to the next finalist.
			table, err := ds.Rankings.FindPrizes(ctx, e2018.ID)
			if err != nil {
				t.Fatal(err)
			}
			tiers := map[int]int{}
			for id, rank := range table.Awarded {
				if table.Status[id] == haizhi.PrizeAwarded {
					tiers[rank]++
				}
			}
			if tiers[1] != 3 || tiers[2] != 5 || tiers[3] != 10 || len(table.Revoked) != 1 {
				t.Errorf("2018 prizes by tier %v, %d revoked", tiers, len(table.Revoked))
			}
			if n := count(haizhi.UnitPlatform); n != 5 {
				t.Errorf("%d industrial platforms, want the five of the Yuhang report", n)
			}
			if n := count(haizhi.UnitDistrict); n != 5 {
				t.Errorf("%d districts", n)
			}
			_, published, _ := ds.Posts.FindPosts(ctx, haizhi.PostFilter{PublishedOnly: true})
			_, all, _ := ds.Posts.FindPosts(ctx, haizhi.PostFilter{})
			if published < 25 || all != published+1 {
				t.Errorf("posts: %d published of %d", published, all)
			}
			news, _, _ := ds.Posts.FindPosts(ctx, haizhi.PostFilter{Kind: haizhi.PostNews, PublishedOnly: true, Page: haizhi.Page{Limit: 200}})
			for i := 1; i < len(news); i++ {
				if news[i].PublishedAt.After(*news[i-1].PublishedAt) {
					t.Fatal("news not in publication order")
				}
			}
			if first, last := news[len(news)-1].PublishedAt, news[0].PublishedAt; last.Sub(*first) < 365*24*time.Hour {
				t.Errorf("history spans only %s", last.Sub(*first))
			}

			ds2, _ := load(t, dialect)
			again, _, _ := ds2.Posts.FindPosts(ctx, haizhi.PostFilter{Kind: haizhi.PostNews, PublishedOnly: true, Page: haizhi.Page{Limit: 200}})
			for i := range news {
				if news[i].TitleZH != again[i].TitleZH || !news[i].PublishedAt.Equal(*again[i].PublishedAt) {
					t.Fatalf("same seed, different data at %d: %q vs %q", i, news[i].TitleZH, again[i].TitleZH)
				}
			}
			if finalists := finalistTitles(t, ds2, editions[1].ID); !slices.Equal(finalists, judgedFinalists) {
				t.Fatalf("same seed, different finalists: %v vs %v", finalists, judgedFinalists)
			}
		})
	}
}

// checkJudgedEdition checks the current year's edition has the shape of a judged
// preliminary round: about 180 entries like 2018's, a pool of judges of every kind with
// real conflicts, three distinct unconflicted judges on every entry of the round,
// published, every sheet submitted, a harsh judge whom calibration corrects, the final's
// places filled by the quotas. It returns the finalists' titles.
func checkJudgedEdition(t *testing.T, ds demo.Services, editionID int64) []string {
	t.Helper()
	ctx := apptest.Sys()
	ed, err := ds.Competitions.FindEditionByID(ctx, editionID)
	if err != nil {
		t.Fatal(err)
	}
	entries := func(f haizhi.EntryFilter) int {
		f.EditionID, f.Page = ed.ID, haizhi.CountOnly
		_, n, err := ds.Entries.FindEntries(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	total, foreign := entries(haizhi.EntryFilter{}), entries(haizhi.EntryFilter{Category: haizhi.CategoryForeignNonChinese})
	judged := entries(haizhi.EntryFilter{Round: haizhi.RoundPreliminary}) + entries(haizhi.EntryFilter{Round: haizhi.RoundFinal})
	if total < 150 || total > 200 || foreign*100 < total*7 || foreign*100 > total*11 || entries(haizhi.EntryFilter{Eligible: "no"}) == 0 || judged >= total {
		t.Errorf("judged edition: %d entries, %d foreign non-Chinese, %d screened in", total, foreign, judged)
	}

	// The pool: judges of every category, the demo judge with a few entries, and
	// computed conflicts with colleagues of leads or team members.
	pool, n, err := ds.Judges.FindJudges(ctx, haizhi.JudgeFilter{EditionID: ed.ID, Page: haizhi.Page{Limit: 100}})
	if err != nil || n < 18 || n > 24 {
		t.Fatalf("pool of %d: %v", n, err)
	}
	categories := map[haizhi.JudgeCategory]int{}
	var demoJudge *haizhi.Judge
	for _, j := range pool {
		categories[j.Category]++
		if j.Email == "judge@demo.haizhi.org" {
			demoJudge = j
		}
	}
	if len(categories) != len(haizhi.JudgeCategories()) || demoJudge == nil {
		t.Errorf("pool categories %v, demo judge %v", categories, demoJudge)
	}
	active := false
	conflicts, _, err := ds.Judges.FindConflicts(ctx, haizhi.ConflictFilter{EditionID: ed.ID, Lifted: &active, Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	conflicted, institutions := map[[2]int64]bool{}, 0
	for _, c := range conflicts {
		conflicted[[2]int64{c.EntryID, c.JudgeUserID}] = true
		if c.Kind == haizhi.ConflictInstitution {
			institutions++
		}
	}
	if institutions < 2 {
		t.Errorf("%d institution conflicts", institutions)
	}

	// The preliminary round: published, three distinct judges an entry, none conflicted,
	// every sheet submitted.
	judges := map[int64]map[int64]bool{}
	pairs := 0
	for page := 0; ; page++ {
		list, _, err := ds.Assignments.FindAssignments(ctx, haizhi.AssignmentFilter{EditionID: ed.ID, Round: haizhi.RoundPreliminary,
			Page: haizhi.Page{Offset: page * haizhi.MaxPageSize, Limit: haizhi.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			if !a.Published || conflicted[[2]int64{a.EntryID, a.JudgeUserID}] {
				t.Errorf("assignment %+v: published %v, conflicted %v", a, a.Published, conflicted[[2]int64{a.EntryID, a.JudgeUserID}])
			}
			if judges[a.EntryID] == nil {
				judges[a.EntryID] = map[int64]bool{}
			}
			judges[a.EntryID][a.JudgeUserID] = true
			pairs++
		}
		if len(list) < haizhi.MaxPageSize {
			break
		}
	}
	if len(judges) != judged || pairs != 3*judged {
		t.Errorf("%d entries assigned of %d, %d pairs", len(judges), judged, pairs)
	}
	for id, js := range judges {
		if len(js) != 3 {
			t.Errorf("entry %d has %d judges", id, len(js))
		}
	}
	sheets, err := ds.Scoring.FindSheets(ctx, ed.ID, haizhi.RoundPreliminary)
	if err != nil {
		t.Fatal(err)
	}
	var scores []calibrate.Score
	for _, s := range sheets {
		if s.SubmittedAt == nil || s.Total == nil {
			t.Fatalf("sheet of entry %d by %d not submitted", s.EntryID, s.JudgeUserID)
		}
		scores = append(scores, calibrate.Score{Entry: fmt.Sprint(s.EntryID), Judge: fmt.Sprint(s.JudgeUserID), Value: *s.Total})
	}
	if len(sheets) != pairs {
		t.Errorf("%d sheets for %d assignments", len(sheets), pairs)
	}
	// A harsh judge sits well below the pool, and calibration moves entries for it.
	cmp := calibrate.Compare(scores, calibrate.Options{})
	harsh, moved := 0, 0
	for _, j := range cmp.Judges {
		if j.Mean < cmp.Pool.Mean-8 {
			harsh++
		}
	}
	for _, e := range cmp.Entries {
		if d := e.ByMethod[calibrate.RawMean].Rank - e.ByMethod[calibrate.Calibrated].Rank; d >= 10 || d <= -10 {
			moved++
		}
	}
	if harsh == 0 || moved < 3 {
		t.Errorf("%d harsh judges, %d entries moved ten places by calibration", harsh, moved)
	}

	// The demo judge sees their few published entries, every sheet submitted.
	u, err := ds.Users.FindUserByID(ctx, demoJudge.UserID)
	if err != nil {
		t.Fatal(err)
	}
	judgeCtx := haizhi.NewContextWithActor(context.Background(), u.Actor("", ""))
	mine, _, err := ds.Assignments.FindAssignments(judgeCtx, haizhi.AssignmentFilter{EditionID: ed.ID, Round: haizhi.RoundPreliminary})
	own, err2 := ds.Scoring.FindSheets(judgeCtx, ed.ID, haizhi.RoundPreliminary)
	if err != nil || err2 != nil || len(mine) < 3 || len(mine) > 8 || len(own) != len(mine) {
		t.Errorf("the demo judge has %d assignments, %d sheets: %v %v", len(mine), len(own), err, err2)
	}

	// The final: the quotas' places filled, a rubric ready.
	quotas := 0
	for _, q := range ed.Structure.Quotas {
		if q.Round == haizhi.RoundPreliminary {
			quotas += q.Count
		}
	}
	finalists := finalistTitles(t, ds, ed.ID)
	if len(finalists) != quotas || quotas < 20 || quotas > 24 {
		t.Errorf("%d finalists for %d places", len(finalists), quotas)
	}
	if r, err := ds.Scoring.FindRubric(ctx, ed.ID, haizhi.RoundFinal); err != nil || len(r.Criteria) == 0 {
		t.Errorf("final rubric: %v", err)
	}
	return finalists
}

// finalistTitles lists the titles of an edition's entries in its final, sorted.
func finalistTitles(t *testing.T, ds demo.Services, editionID int64) []string {
	t.Helper()
	list, _, err := ds.Entries.FindEntries(apptest.Sys(), haizhi.EntryFilter{EditionID: editionID, Round: haizhi.RoundFinal, Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, e := range list {
		titles = append(titles, e.Project.TitleZH+" / "+e.Project.TitleEN)
	}
	slices.Sort(titles)
	return titles
}

// checkFinal: the judged edition's final is ready to run: two rooms of seven judges with
// one chief each (the demo judge chairs one), every finalist drawn into exactly one room
// with the seed recorded, nothing on stage, and a judge in conflict with a finalist of
// their room, who abstains for it.
func checkFinal(t *testing.T, ds demo.Services, editionID int64, finalists int) {
	t.Helper()
	ctx := apptest.Sys()
	rooms, err := ds.Live.FindRooms(ctx, editionID)
	if err != nil || len(rooms) != 2 {
		t.Fatalf("final rooms: %d %v", len(rooms), err)
	}
	drawn, abstaining, demoChief := map[int64]bool{}, 0, false
	for _, r := range rooms {
		if len(r.Judges) != 7 || r.Chief() == 0 || r.DrawSeed == nil || r.Started() || r.SignedAt != nil {
			t.Errorf("room %s: %d judges, chief %d, seed %v, on stage %d", r.Name, len(r.Judges), r.Chief(), r.DrawSeed, r.Current)
		}
		for _, j := range r.Judges {
			if j.Chief && j.Name == "Prof. Anna Müller" {
				demoChief = true
			}
		}
		for _, s := range r.Order {
			if drawn[s.EntryID] {
				t.Errorf("entry %d drawn twice", s.EntryID)
			}
			drawn[s.EntryID] = true
		}
		b, err := ds.Live.Scoreboard(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range b.Rows {
			for _, sc := range row.Scores {
				if sc.State == haizhi.ScoreAbstained {
					abstaining++
				}
			}
		}
	}
	if len(drawn) != finalists || abstaining == 0 || !demoChief {
		t.Errorf("final: %d of %d finalists drawn, %d abstentions, demo judge chairs a room: %v", len(drawn), finalists, abstaining, demoChief)
	}
}

// checkMarket: the other side of the market is there: needs of 600 enterprises (most
// published, a few drafts and closed, one in ten an open challenge), the sites of the
// five Yuhang platforms and the bases, and the investors.
func checkMarket(t *testing.T, ds demo.Services) {
	t.Helper()
	ctx := apptest.Sys()
	enterprises, kinds, statuses := map[string]bool{}, map[haizhi.NeedKind]int{}, map[haizhi.NeedStatus]int{}
	for page := 0; ; page++ {
		list, _, err := ds.Needs.FindNeeds(ctx, haizhi.NeedFilter{Page: haizhi.Page{Limit: haizhi.MaxPageSize, Offset: page * haizhi.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range list {
			enterprises[n.Enterprise] = true
			kinds[n.Kind]++
			statuses[n.Status]++
		}
		if len(list) < haizhi.MaxPageSize {
			break
		}
	}
	if len(enterprises) != 600 || kinds[haizhi.NeedChallenge] == 0 || kinds[haizhi.NeedTalent] == 0 || statuses[haizhi.NeedDraft] == 0 ||
		statuses[haizhi.NeedClosed] == 0 || statuses[haizhi.NeedPublished] < 600 {
		t.Errorf("needs: %d enterprises, kinds %v, statuses %v", len(enterprises), kinds, statuses)
	}
	if found, _, err := ds.Needs.FindNeeds(ctx, haizhi.NeedFilter{Query: "电池"}); err != nil || len(found) == 0 {
		t.Errorf("no need mentions 电池: %v", err)
	}
	if _, n, err := ds.Sites.FindSites(ctx, haizhi.SiteFilter{}); err != nil || n != 7 {
		t.Errorf("sites: %d %v", n, err)
	}
	if _, n, err := ds.Sites.FindInvestors(ctx, haizhi.InvestorFilter{}); err != nil || n != 12 {
		t.Errorf("investors: %d %v", n, err)
	}
}
