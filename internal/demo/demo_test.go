package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/blob"
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
	ds := demo.Services{Units: svc.Units, Users: svc.Users, Posts: svc.Posts, Competitions: svc.Competitions, Entries: svc.Entries, Rankings: svc.Rankings, Judges: svc.Judges, Blobs: svc.Blobs}
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
			// (3/5/10) over five divisions and three tracks; next year's edition open.
			editions, n, err := ds.Competitions.FindEditions(ctx, haizhi.EditionFilter{})
			if err != nil || n != 2 || editions[1].Year != 2018 || editions[1].Status != haizhi.EditionFinished || editions[0].Status != haizhi.EditionOpen {
				t.Fatalf("editions: %d %v", n, err)
			}
			e2018, err := ds.Competitions.FindEditionByID(ctx, editions[1].ID)
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
		})
	}
}
