package demo

import (
	"fmt"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// postSpec is one portal post. Figures come from the source documents.
type postSpec struct {
	kind             haizhi.PostKind
	unit             string
	titleZH, titleEN string
	bodyZH, bodyEN   string
	draft            bool
}

func postSpecs() []postSpec {
	return []postSpec{
		{haizhi.PostNews, "yuhang", "中国（杭州）海外人才创新创业项目大赛决赛在未来科技城举办",
			"China (Hangzhou) Overseas Talent Innovation and Entrepreneurship Competition final held at Future Sci-Tech City",
			"本届大赛历时5个月，从全球五大赛区征集到来自27个国家的人工智能、大健康和高端装备三大产业444个项目，其中外籍非华裔主申报项目39个。\n\n经过海选和初审，70个项目进入决赛，评出一、二、三等奖共18个。107名参赛选手和50名海外嘉宾、评委参加决赛。",
			"Over five months the competition collected 444 projects in artificial intelligence, health and high-end equipment from 27 countries across five global divisions; 39 were led by foreign non-Chinese applicants.\n\nAfter screening and preliminary review, 70 projects reached the final and 18 prizes were awarded in three tiers. 107 contestants and 50 overseas guests and judges attended.", false},
		{haizhi.PostNews, "yuhang", "大赛获奖项目签约落地：14个意向签约，13个正式落地",
			"Competition winners sign up: 14 intent agreements, 13 companies landed",
			"18个获奖项目中，已有14个项目签订落地意向，13个项目正式落地；另有56个决赛项目即将落地，占比超过80%。\n\n区科协与五大产业平台明确各产业项目对接的关键时间节点与分工，每位参赛选手配备一名联络员，赛前、赛中、赛后全程跟踪服务。",
			"Of the 18 winning projects, 14 have signed intent agreements and 13 have formally landed; 56 finalist projects (over 80%) are about to land.\n\nThe district association and the five industrial platforms set key dates and responsibilities for each industry, and every contestant has one liaison before, during and after the final.", false},
		{haizhi.PostNews, "gongshu", "中欧人才交流与合作中心拱墅基地：对接项目200余个，落地13个",
			"Sino-EU Talent Centre, Gongshu base: 200+ projects matched, 13 landed",
			"中欧中心拱墅基地已对接来自19个国家的200余个项目，落地13个。通过开辟专有空间、出台专项政策、组建专班团队，海外人才项目导入周期从12个月缩短至3个月。",
			"The Gongshu base of the Sino-EU centre has matched more than 200 projects from 19 countries, 13 of which have landed. With dedicated space, a special policy and a task force, the intake cycle for overseas talent projects fell from 12 months to 3.", false},
		{haizhi.PostPolicy, "gongshu", "拱墅区生命健康产业人才专项支持政策",
			"Gongshu District special talent support policy for the life and health industry",
			"政策将人才学历、工作年限、薪酬水平和项目融资、企业资质作为评价核心指标，通过标准化认定、市场化认定、同城认定等方式，向用人单位充分授权。\n\n常规项目随到随评，绿色通道项目每月集中评审。",
			"The policy evaluates talent by education, years of work, salary, project financing and company qualification, through standard, market-based and same-city recognition, giving employers a real say.\n\nRegular projects are reviewed on a rolling basis; fast-track projects are reviewed every month.", false},
		{haizhi.PostNews, "gongshu", "人才项目政策兑现：评审219个项目，落地企业营收9.79亿元",
			"Talent project support: 219 projects reviewed; landed companies earned 979 million RMB",
			"“大运英才”项目支持政策两年内迭代4次，累计评审项目219个。落地项目实现营收9.79亿元，获得融资11.02亿元。",
			"The talent project support policy has been revised four times in two years and has reviewed 219 projects. Landed projects earned revenue of 979 million RMB and raised 1,102 million RMB of financing.", false},
		{haizhi.PostNews, "hangzhou", "海外人才大会：1641个项目参赛，外籍人才占比37.3%",
			"Overseas talent conference: 1,641 entries, 37.3% from foreign talent",
			"本届大赛共收到参赛项目1641个，外籍人才占比37.3%。来自14个国家的32家海外专家组织与600余家本地企业开展洽谈，15个项目现场路演，300余名海外科学家赴各区县考察。",
			"The competition received 1,641 entries, 37.3% from foreign talent. 32 overseas expert organisations from 14 countries held talks with more than 600 local enterprises; 15 projects gave roadshows and over 300 overseas scientists visited the districts.", false},
		{haizhi.PostPolicy, "hangzhou", "海外高层次人才创业项目落地资助最高500万元",
			"Landing subsidy of up to 5 million RMB for overseas high-level talent start-ups",
			"对经评审认定的海外高层次人才创业项目，在杭注册落地后给予最高500万元资助，并在办公场地、人才公寓、子女入学等方面提供配套服务。",
			"Start-ups of overseas high-level talent that pass review and register a company in Hangzhou receive up to 5 million RMB, with support for office space, talent housing and schooling.", false},
		{haizhi.PostPolicy, "hangzhou", "高层次人才分类认定办法（用人单位评价）",
			"Classification of high-level talent, with evaluation by employers",
			"全市已按分类认定办法认定高层次人才11.3万名。用人单位可依据学历、工作年限、薪酬、项目融资及企业资质等指标自主评价。",
			"113,000 high-level talents have been certified under the classification scheme. Employers may evaluate candidates themselves by education, years of work, salary, project financing and company qualification.", false},
		{haizhi.PostNews, "hangzhou-offshore-base", "离岸创新创业基地新增海外工作站",
			"Offshore innovation base opens new overseas workstations",
			"基地与海外合作机构共建工作站，在当地开展项目征集、初步评估与推荐，入选项目可先在海外孵化，再来杭对接落地。",
			"The base and its overseas partners run workstations that collect, assess and refer projects locally; selected projects can incubate abroad before coming to Hangzhou to land.", false},
		{haizhi.PostNews, "gongshu", "拱墅区人才服务：“人才码”集成62项服务",
			"Gongshu talent services: one 'talent code' for 62 services",
			"“人才码”集成政策申报、住房、就医、子女入学等62项服务；已筹集人才公寓1162套、新增637套，为人才提供健康体检1278人次。",
			"The talent code brings together 62 services such as policy applications, housing, healthcare and schooling; 1,162 talent apartments are available with 637 more added, and 1,278 health checks have been provided.", false},
		{haizhi.PostNews, "gongshu", "中欧科技交流活动：13场交流，千余家机构参与",
			"Sino-EU science exchanges: 13 events, over 1,000 organisations",
			"围绕“中欧科技交流”品牌，拱墅先后举办中欧科技创新合作大会、中欧生物医药研发创新与合作等活动13场，1000余家机构参与，促成合作20余项。",
			"Under the Sino-EU science exchange brand, Gongshu held 13 events including the Sino-EU innovation cooperation conference and a biomedicine R&D forum, with over 1,000 organisations taking part and more than 20 deals made.", false},
		{haizhi.PostPolicy, "yuhang", "余杭区海外人才项目对接工作机制",
			"Yuhang District working mechanism for matching overseas talent projects",
			"区科协及五大产业平台（未来科技城、经济技术开发区、临平新城、良渚新城、仁和先进制造业基地）按产业分工对接项目，明确关键时间节点和各阶段任务。",
			"The district association and the five industrial platforms (Future Sci-Tech City, the Economic and Technological Development Zone, Linping New City, Liangzhu New City and the Renhe manufacturing base) split projects by industry, with key dates and tasks for each stage.", false},
		{haizhi.PostNews, "binjiang", "滨江海外人才创新园举办人工智能项目路演",
			"Binjiang overseas talent park hosts an AI project roadshow",
			"12个人工智能与集成电路项目现场路演，40余家企业和投资机构参加，8个项目与企业达成进一步对接意向。",
			"Twelve AI and integrated-circuit projects pitched to more than 40 enterprises and investors; eight projects agreed follow-up talks with enterprises.", false},
		{haizhi.PostNews, "xihu", "西湖区青年人才创业园开设一站式服务窗口",
			"Xihu young talent park opens a one-stop service window",
			"服务窗口为青年人才提供留杭、就业、创业等政策指导，以及人才公寓、创业工位等支持。",
			"The window guides young talent on settling in Hangzhou, jobs and start-ups, and offers talent housing and start-up desks.", false},
		{haizhi.PostPolicy, "hangzhou", "2027年海外人才创新创业大赛征集通知（草稿）",
			"Call for entries: 2027 Overseas Talent Innovation and Entrepreneurship Competition (draft)",
			"大赛设北美、欧洲、亚太、大洋洲和大中华五大赛区，面向人工智能、生命健康、高端装备、新材料和绿色能源五个赛道征集项目。",
			"The competition has five divisions (North America, Europe, Asia-Pacific, Oceania and Greater China) and five tracks: AI, life and health, high-end equipment, new materials and green energy.", true},
	}
}

// loadPosts writes the posts spread over the last 16 months (since the platform went
// live), newest last, and publishes
// all but the drafts.
func (l *loader) loadPosts() error {
	// The reported posts, with the news of 16 matchmaking activities woven in between.
	specs := interleave(postSpecs(), l.eventPosts(16))
	author := l.users["operator@demo.haizhi.org"]
	for i, sp := range specs {
		// Spread over ~480 days with a little deterministic jitter.
		// Office hours in Hangzhou: from 9:00 on a past day, plus up to eight hours.
		days := 480 - i*480/len(specs) - l.rng.IntN(12)
		y, m, d := l.now.In(haizhi.Shanghai).AddDate(0, 0, -days).Date()
		when := time.Date(y, m, d, 9+l.rng.IntN(8), l.rng.IntN(60), 0, 0, haizhi.Shanghai).UTC()
		l.at(when)
		p := &haizhi.Post{Kind: sp.kind, UnitID: l.units[sp.unit].ID, TitleZH: sp.titleZH, TitleEN: sp.titleEN, BodyZH: sp.bodyZH, BodyEN: sp.bodyEN}
		ctx := l.ctx
		if author != nil {
			ctx = haizhi.NewContextWithActor(ctx, author.Actor("", ""))
		}
		if err := l.s.Posts.CreatePost(ctx, p); err != nil {
			return fmt.Errorf("post %d: %w", i, err)
		}
		if sp.draft {
			continue
		}
		l.at(when.Add(2 * time.Hour))
		if _, err := l.s.Posts.SetPostPublished(ctx, p.ID, true); err != nil {
			return fmt.Errorf("publish post %d: %w", i, err)
		}
	}
	return nil
}

// interleave merges two lists, spreading b evenly through a.
func interleave(a, b []postSpec) []postSpec {
	out := make([]postSpec, 0, len(a)+len(b))
	j := 0
	for i, p := range a {
		for j < len(b) && j*len(a) <= i*len(b) {
			out = append(out, b[j])
			j++
		}
		out = append(out, p)
	}
	return append(out, b[j:]...)
}
