package sqldb_test

import (
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// TestSitesAndInvestors: the district's operator files sites and investors (bad input
// by field); unpublished ones stay with the operators of the subtree; published ones are
// read by anyone signed in, found by words in either language and filtered by industry
// and stage; another district cannot change them; a stale version is refused.
func TestSitesAndInvestors(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		svc := sqldb.NewSiteService(db)
		op := mustUser(t, db, tr, "op@yuhang.example", "a long password 1", haizhi.RoleOperator, tr.yuhang)
		far := mustUser(t, db, tr, "op@gongshu.example", "a long password 1", haizhi.RoleOperator, tr.gongshu)
		talent := mustUser(t, db, tr, "talent@x.example", "a long password 1", haizhi.RoleApplicant, tr.city)

		bad := &haizhi.Site{UnitID: tr.park.ID, Kind: "zoo", Industries: []string{"ai", "space"}, SpaceM2: -5}
		errs := haizhi.ErrorFields(svc.SaveSite(as(op), bad))
		for _, f := range []string{"kind", "name_zh", "industries", "space_m2"} {
			if errs[f] == "" {
				t.Errorf("bad site: no error on %s (%v)", f, errs)
			}
		}
		site := &haizhi.Site{UnitID: tr.park.ID, Kind: haizhi.SitePark, NameZH: "未来科技城人工智能小镇", NameEN: "Future Sci-Tech City AI Town",
			Industries: []string{"ai", "equipment"}, PoliciesZH: "落地项目最高资助 500 万元，提供三年免租办公空间和人才公寓。", SubsidyMaxYuan: 5_000_000,
			SpaceM2: 12000, HousingUnits: 300, Capacity: 40, Address: "余杭区文一西路"}
		if err := svc.SaveSite(as(op), site); err != nil || site.ID == 0 || site.Published {
			t.Fatalf("site: %+v %v", site, err)
		}
		if _, err := svc.FindSiteByID(as(talent), site.ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("an unpublished site is public: %v", err)
		}
		if _, total, _ := svc.FindSites(as(talent), haizhi.SiteFilter{}); total != 0 {
			t.Fatalf("a talent lists %d unpublished sites", total)
		}
		if err := svc.SaveSite(as(far), &haizhi.Site{ID: site.ID, Version: site.Version, UnitID: tr.gongshu.ID, Kind: haizhi.SitePark, NameZH: "改"}); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("another district takes the site: %v", err)
		}
		site.Published = true
		stale := *site
		if err := svc.SaveSite(as(op), site); err != nil || site.Version != 2 {
			t.Fatalf("publish: %+v %v", site, err)
		}
		if err := svc.SaveSite(as(op), &stale); haizhi.ErrorKey(err) != "error.version_conflict" {
			t.Fatalf("stale: %v", err)
		}
		for _, q := range []string{"人工智能", "公寓", "AI town", "免租"} {
			if list, total, err := svc.FindSites(as(talent), haizhi.SiteFilter{Query: q}); err != nil || total != 1 || list[0].ID != site.ID {
				t.Errorf("search %q: %d %v", q, total, err)
			}
		}
		if _, total, _ := svc.FindSites(as(talent), haizhi.SiteFilter{Industry: "health"}); total != 0 {
			t.Errorf("health sites: %d", total)
		}

		inv := &haizhi.Investor{UnitID: tr.yuhang.ID, Kind: haizhi.InvestorVC, NameZH: "杭州创新投资", NameEN: "Hangzhou Innovation Capital",
			Industries: []string{"ai", "health"}, Stages: []haizhi.ProjectStage{haizhi.StagePrototype, haizhi.StageRevenue},
			TicketMinYuan: 2_000_000, TicketMaxYuan: 1_000_000, City: "杭州"}
		if errs := haizhi.ErrorFields(svc.SaveInvestor(as(op), inv)); errs["ticket_max_yuan"] != "error.ticket_range" {
			t.Fatalf("ticket range: %v", errs)
		}
		inv.TicketMaxYuan, inv.Published = 20_000_000, true
		if err := svc.SaveInvestor(as(op), inv); err != nil || inv.ID == 0 {
			t.Fatalf("investor: %+v %v", inv, err)
		}
		angel := &haizhi.Investor{UnitID: tr.yuhang.ID, Kind: haizhi.InvestorAngel, NameEN: "Lakeside Angels", Industries: []string{"equipment"},
			Stages: []haizhi.ProjectStage{haizhi.StageIdea}, TicketMinYuan: 200_000, TicketMaxYuan: 1_000_000}
		if err := svc.SaveInvestor(as(op), angel); err != nil {
			t.Fatal(err)
		}
		if list, total, _ := svc.FindInvestors(as(talent), haizhi.InvestorFilter{}); total != 1 || list[0].ID != inv.ID {
			t.Errorf("a talent sees published investors: %d", total)
		}
		if _, total, _ := svc.FindInvestors(as(op), haizhi.InvestorFilter{Stage: haizhi.StageIdea}); total != 1 {
			t.Errorf("idea-stage investors: %d", total)
		}
		if list, _, _ := svc.FindInvestors(as(op), haizhi.InvestorFilter{Industry: "health", Query: "创新"}); len(list) != 1 || list[0].ID != inv.ID {
			t.Errorf("health investors named 创新: %v", list)
		}
		if err := svc.SaveInvestor(as(far), &haizhi.Investor{ID: inv.ID, Version: inv.Version, UnitID: tr.gongshu.ID, Kind: haizhi.InvestorVC, NameZH: "改"}); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Errorf("another district takes the investor: %v", err)
		}
		if err := svc.SaveInvestor(as(talent), &haizhi.Investor{UnitID: tr.city.ID, Kind: haizhi.InvestorVC, NameZH: "x"}); haizhi.ErrorCode(err) != haizhi.EFORBIDDEN {
			t.Errorf("a talent files an investor: %v", err)
		}
		mustAuditOK(t, db)
	})
}
