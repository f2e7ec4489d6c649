package demo

import (
	"fmt"

	"github.com/haizhi-dev/haizhi"
)

// eventKind is a kind of matchmaking activity the seeds report: exchange events,
// roadshows, site visits and matchmaking meetings.
type eventKind struct {
	zh, en string
}

// eventPosts generates the news of n matchmaking activities, deterministic from the
// loader's seed: which district hosted what, how many organisations and projects took
// part, and how many deals followed, at the scale of the Gongshu and Nanning reports
// (13 exchange events with 1,000+ organisations and 20+ deals; meetings of 486 talents with
// 57 signed).
func (l *loader) eventPosts(n int) []postSpec {
	kinds := []eventKind{
		{"海外人才项目对接洽谈会", "overseas talent project matchmaking meeting"},
		{"海外项目路演", "overseas project roadshow"},
		{"海外科学家园区考察", "site visit by overseas scientists"},
		{"中欧科技交流会", "Sino-EU science exchange"},
	}
	hosts := []struct{ code, zh, en string }{
		{"future-sci-tech-city", "未来科技城", "Future Sci-Tech City"},
		{"sino-eu-gongshu", "中欧中心拱墅基地", "the Sino-EU centre's Gongshu base"},
		{"binjiang-overseas-park", "滨江海外高层次人才创新园", "the Binjiang overseas talent park"},
		{"gongshu-life-science-park", "拱墅生命健康产业园", "the Gongshu life and health park"},
		{"renhe-manufacturing", "仁和先进制造业基地", "the Renhe manufacturing base"},
		{"xihu-young-talent-park", "西湖区青年人才创业园", "the Xihu young talent park"},
	}
	industries := []struct{ zh, en string }{
		{"人工智能", "artificial intelligence"}, {"生物医药", "biomedicine"}, {"高端装备", "high-end equipment"},
		{"新材料", "new materials"}, {"绿色能源", "green energy"},
	}
	var out []postSpec
	for i := 0; i < n; i++ {
		k := kinds[l.rng.IntN(len(kinds))]
		h := hosts[l.rng.IntN(len(hosts))]
		ind := industries[l.rng.IntN(len(industries))]
		orgs := 40 + l.rng.IntN(90)
		projects := 8 + l.rng.IntN(25)
		deals := 1 + l.rng.IntN(projects/3+1)
		countries := 3 + l.rng.IntN(9)
		out = append(out, postSpec{
			kind: haizhi.PostNews, unit: h.code,
			titleZH: fmt.Sprintf("%s举办%s%s", h.zh, ind.zh, k.zh),
			titleEN: fmt.Sprintf("%s: %s %s", capitalize(h.en), ind.en, k.en),
			bodyZH: fmt.Sprintf("来自%d个国家的%d个%s项目参加活动，%d家企业、园区和投资机构到场交流，%d个项目与本地企业达成进一步合作意向。\n\n活动由%s承办，每个项目均配备联络员，后续将跟进考察、签约和落地。",
				countries, projects, ind.zh, orgs, deals, h.zh),
			bodyEN: fmt.Sprintf("%d %s projects from %d countries took part, with %d enterprises, parks and investors; %s further cooperation with local enterprises.\n\nThe event was hosted by %s. Every project has a liaison who will follow up on site visits, agreements and landing.",
				projects, ind.en, countries, orgs, projectsAgreed(deals), h.en),
		})
	}
	return out
}

// projectsAgreed is "1 project agreed" or "n projects agreed".
func projectsAgreed(n int) string {
	if n == 1 {
		return "1 project agreed"
	}
	return fmt.Sprintf("%d projects agreed", n)
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
