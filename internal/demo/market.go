package demo

import (
	"fmt"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// The other side of the market (issue 5): the landing sites of the five Yuhang platforms
// and the other bases, the investors the programme works with, and the needs published
// by about 600 local enterprises (the 2023 conference's "600+ enterprises").

// demoSite is one landing site, filed under the unit of the same code.
type demoSite struct {
	unit       string
	kind       haizhi.SiteKind
	zh, en     string
	industries []string
	policyZH   string
	policyEN   string
	subsidy    int64
	space      int
	housing    int
	capacity   int
	address    string
}

func demoSites() []demoSite {
	return []demoSite{
		{"future-sci-tech-city", haizhi.SitePlatform, "未来科技城人工智能小镇", "Future Sci-Tech City AI Town", []string{"ai", "digital"},
			"海外高层次人才创业项目落地最高资助 500 万元；三年免租办公空间 200 平方米；人才公寓拎包入住。",
			"Landing grants up to RMB 5 million for overseas talent start-ups; 200 m² of office space rent-free for three years; furnished talent apartments.",
			5_000_000, 24000, 420, 60, "余杭区文一西路 1818 号"},
		{"yuhang-etdz", haizhi.SitePark, "余杭经济技术开发区高端装备产业园", "Yuhang ETDZ High-End Equipment Park", []string{"equipment", "materials"},
			"标准厂房首年免租、次年减半；设备投资补助 15%；中试线共享。",
			"Standard factory space free for the first year and half price for the second; 15% subsidy on equipment investment; shared pilot lines.",
			3_000_000, 56000, 180, 35, "余杭经济技术开发区临平大道"},
		{"linping-new-city", haizhi.SitePlatform, "临平新城数字经济产业园", "Linping New City Digital Economy Park", []string{"digital", "ai"},
			"数字经济企业研发投入补助最高 300 万元；人才子女入学绿色通道。",
			"R&D subsidies up to RMB 3 million for digital-economy firms; priority school places for talents' children.",
			3_000_000, 18000, 260, 40, "临平区迎宾路"},
		{"liangzhu-new-city", haizhi.SitePlatform, "良渚新城生命科学园", "Liangzhu New City Life Sciences Park", []string{"health"},
			"GMP 标准厂房及公共实验平台；临床试验费用补助最高 1000 万元。",
			"GMP-grade facilities and shared laboratories; clinical trial subsidies up to RMB 10 million.",
			10_000_000, 32000, 150, 25, "余杭区良渚街道"},
		{"renhe-manufacturing", haizhi.SitePark, "仁和先进制造业基地", "Renhe Advanced Manufacturing Base", []string{"equipment", "energy", "materials"},
			"新能源与智能装备项目用地优先保障；固定资产投资补助最高 8%。",
			"Priority land for new-energy and smart-equipment projects; up to 8% subsidy on fixed-asset investment.",
			8_000_000, 80000, 90, 20, "余杭区仁和街道"},
		{"sino-eu-gongshu", haizhi.SiteBase, "中欧人才交流与合作中心拱墅基地", "Sino-EU Talent Exchange Centre, Gongshu Base", []string{"ai", "health", "digital"},
			"欧洲人才项目引进周期由 12 个月缩短至 3 个月；人才码一码通办 62 项服务。",
			"Intake of European talent projects cut from 12 months to 3; the talent code gives access to 62 services.",
			2_000_000, 9000, 120, 30, "拱墅区运河财富小镇"},
		{"hangzhou-offshore-base", haizhi.SiteIncubator, "杭州海外人才离岸创新创业基地", "Hangzhou Offshore Innovation and Entrepreneurship Base", []string{"ai", "health", "equipment"},
			"海外先行孵化、国内落地转化；离岸期间提供远程注册、法务和融资对接服务。",
			"Incubate abroad first, land in Hangzhou later: remote registration, legal and financing services while offshore.",
			1_000_000, 5000, 40, 50, "杭州市滨江区"},
	}
}

// demoInvestor is one investor the programme introduces projects to.
type demoInvestor struct {
	kind       haizhi.InvestorKind
	zh, en     string
	industries []string
	stages     []haizhi.ProjectStage
	min, max   int64
	city       string
}

func demoInvestors() []demoInvestor {
	idea, proto, rev, scale := haizhi.StageIdea, haizhi.StagePrototype, haizhi.StageRevenue, haizhi.StageScaling
	return []demoInvestor{
		{haizhi.InvestorGovernment, "杭州市创新投资引导基金", "Hangzhou Innovation Guidance Fund", []string{"ai", "health", "equipment"}, []haizhi.ProjectStage{proto, rev}, 2_000_000, 30_000_000, "杭州"},
		{haizhi.InvestorGovernment, "余杭区产业基金", "Yuhang Industry Fund", []string{"equipment", "materials", "energy"}, []haizhi.ProjectStage{rev, scale}, 5_000_000, 50_000_000, "杭州"},
		{haizhi.InvestorVC, "杭州创新投资有限公司", "Hangzhou Innovation Capital", []string{"ai", "health"}, []haizhi.ProjectStage{proto, rev}, 3_000_000, 20_000_000, "杭州"},
		{haizhi.InvestorVC, "钱塘江科技创投", "Qiantang River Tech Ventures", []string{"ai", "digital"}, []haizhi.ProjectStage{idea, proto}, 1_000_000, 8_000_000, "杭州"},
		{haizhi.InvestorVC, "西湖生命健康基金", "West Lake Life Sciences Fund", []string{"health"}, []haizhi.ProjectStage{proto, rev}, 5_000_000, 40_000_000, "杭州"},
		{haizhi.InvestorVC, "", "Atomico", []string{"ai", "digital"}, []haizhi.ProjectStage{rev, scale}, 20_000_000, 200_000_000, "London"},
		{haizhi.InvestorVC, "", "Forbion", []string{"health"}, []haizhi.ProjectStage{proto, rev}, 10_000_000, 150_000_000, "Naarden"},
		{haizhi.InvestorVC, "", "Vertex Ventures", []string{"ai", "health", "digital"}, []haizhi.ProjectStage{proto, rev}, 5_000_000, 60_000_000, "Singapore"},
		{haizhi.InvestorCorporate, "海康威视创新投资", "Hikvision Innovation Investment", []string{"ai", "equipment"}, []haizhi.ProjectStage{proto, rev}, 3_000_000, 30_000_000, "杭州"},
		{haizhi.InvestorCorporate, "吉利新能源产业投资", "Geely New Energy Investment", []string{"energy", "equipment", "materials"}, []haizhi.ProjectStage{rev, scale}, 10_000_000, 100_000_000, "杭州"},
		{haizhi.InvestorAngel, "之江天使会", "Zhijiang Angels", []string{"ai", "health", "equipment", "digital"}, []haizhi.ProjectStage{idea, proto}, 200_000, 2_000_000, "杭州"},
		{haizhi.InvestorAngel, "", "Lakeside Angels Network", []string{"equipment", "energy"}, []haizhi.ProjectStage{idea}, 300_000, 1_500_000, "Munich"},
	}
}

// loadMarket writes the sites, investors and enterprises' needs, dated over the last
// year.
func (l *loader) loadMarket() error {
	if l.s.Sites == nil || l.s.Needs == nil {
		return nil
	}
	ctx := l.operatorCtx()
	l.at(l.now.AddDate(-1, 0, 0))
	for _, d := range demoSites() {
		s := &haizhi.Site{UnitID: l.units[d.unit].ID, Kind: d.kind, NameZH: d.zh, NameEN: d.en, Industries: d.industries,
			PoliciesZH: d.policyZH, PoliciesEN: d.policyEN, SubsidyMaxYuan: d.subsidy, SpaceM2: d.space, HousingUnits: d.housing,
			Capacity: d.capacity, Address: d.address, Published: true}
		if err := l.s.Sites.SaveSite(ctx, s); err != nil {
			return fmt.Errorf("site %s: %w", d.en, err)
		}
	}
	for _, d := range demoInvestors() {
		v := &haizhi.Investor{UnitID: l.units["hangzhou"].ID, Kind: d.kind, NameZH: d.zh, NameEN: d.en, Industries: d.industries,
			Stages: d.stages, TicketMinYuan: d.min, TicketMaxYuan: d.max, City: d.city, Published: true}
		if err := l.s.Sites.SaveInvestor(ctx, v); err != nil {
			return fmt.Errorf("investor %s: %w", d.en, err)
		}
	}
	return l.loadNeeds()
}

// loadNeeds publishes the needs of 600 enterprises over the last year (some enterprises
// publish two), most by the districts' operators on the enterprises' behalf after
// visits, a few by the demo enterprise itself; a few are still drafts or closed.
func (l *loader) loadNeeds() error {
	ctx := l.operatorCtx()
	specs := demoNeeds(l.rng)
	start := l.now.AddDate(-1, 0, 0)
	step := l.now.Sub(start) / time.Duration(len(specs)+1)
	for i, sp := range specs {
		l.at(start.Add(step * time.Duration(i+1)))
		n := sp.need
		n.UnitID = l.units[sp.unit].ID
		actx := ctx
		if sp.own {
			if u := l.users["enterprise@demo.haizhi.org"]; u != nil {
				actx = contextAs(l, u)
			}
		}
		n.Status = haizhi.NeedPublished
		if sp.status == haizhi.NeedDraft {
			n.Status = haizhi.NeedDraft
		}
		if err := l.s.Needs.SaveNeed(actx, &n); err != nil {
			return fmt.Errorf("need %d (%s): %w", i, n.Title(haizhi.LocaleZH), err)
		}
		if sp.status == haizhi.NeedClosed {
			l.at(start.Add(step*time.Duration(i+1) + time.Hour))
			if _, err := l.s.Needs.SetNeedStatus(actx, n.ID, haizhi.NeedClosed); err != nil {
				return err
			}
		}
	}
	return nil
}
