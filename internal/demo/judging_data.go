package demo

import (
	"time"

	"github.com/haizhi-dev/haizhi"
)

// The judged edition's fixed data: its rounds and quotas, its judge pool with how each
// judge tends to score, the rubrics of the preliminary round and of the final, and the
// comments judges leave on their sheets.

// judgedFinalQuotas splits the 22 final places of the judged edition over division ×
// track (ai, health, equipment), roughly by entries: 8 in AI, 7 in health, 7 in
// equipment.
var judgedFinalQuotas = map[string][3]int{
	"north-america": {2, 2, 1}, "europe": {2, 2, 2}, "asia-pacific": {1, 1, 1},
	"oceania": {1, 1, 1}, "greater-china": {2, 1, 2},
}

// judgedFinalInDays is how many days after "today" the judged edition's final starts.
const judgedFinalInDays = 10

// judgedStructure is the judged edition's structure, dated from day (days from today and
// an hour, in Hangzhou): the global call ran for about four months and closed 24 days
// ago; the preliminary round (online review) ran for the next two and a half weeks and
// closed four days ago; the final roadshow is in judgedFinalInDays days. Finalists come
// out of the preliminary round straight into the final; prizes are in tiers of 2/3/5.
func judgedStructure(day func(days, hour int) time.Time) haizhi.EditionStructure {
	st := haizhi.EditionStructure{
		Divisions: demoDivisions, Tracks: demoTracks,
		Rounds: []haizhi.Round{
			{Kind: haizhi.RoundScreening, NameZH: "全球征集与海选", NameEN: "Global call and screening", OpensAt: day(-115, 9), ClosesAt: day(-24, 18)},
			{Kind: haizhi.RoundPreliminary, NameZH: "初审（网络评审）", NameEN: "Preliminary (online review)", OpensAt: day(-21, 9), ClosesAt: day(-4, 18)},
			{Kind: haizhi.RoundFinal, NameZH: "决赛路演（未来科技城）", NameEN: "Final roadshow (Future Sci-Tech City)",
				OpensAt: day(judgedFinalInDays, 9), ClosesAt: day(judgedFinalInDays+1, 18)},
		},
		PrizeTiers: []haizhi.PrizeTier{
			{Rank: 1, NameZH: "一等奖", NameEN: "First prize", Count: 2},
			{Rank: 2, NameZH: "二等奖", NameEN: "Second prize", Count: 3},
			{Rank: 3, NameZH: "三等奖", NameEN: "Third prize", Count: 5},
		},
	}
	for _, d := range demoDivisions {
		for i, t := range demoTracks {
			st.Quotas = append(st.Quotas, haizhi.Quota{Round: haizhi.RoundPreliminary, Division: d.Code, Track: t.Code, Count: judgedFinalQuotas[d.Code][i]})
		}
	}
	return st
}

// poolJudge is a member of the judged edition's pool and how they score: bias is added
// to every criterion (a harsh judge's is well below zero), spread stretches or squeezes
// how far they move from the middle of the scale for good and weak projects, and
// comments is the share of sheets they write a comment on.
type poolJudge struct {
	haizhi.Judge
	bias, spread, comments float64
}

// judgedPool is the judged edition's 23 judges: technical experts from universities and
// institutes in Germany, France, Britain, the Netherlands, the United States, Singapore,
// Israel and China, investors, entrepreneurs and officials, each with tracks and keywords
// in the three industries. Prof. Anna Müller, the demo judge, takes a few entries; Prof.
// Katz and 钱海峰 score harshly, 孙立 generously. Institutions are spelt as the
// applicants spell them, so that the computed conflicts find the judges' colleagues.
func judgedPool() []poolJudge {
	j := func(name, email, locale string, cat haizhi.JudgeCategory, inst, country string, tracks, kw []string, minLoad, maxLoad int) haizhi.Judge {
		return haizhi.Judge{Name: name, Email: email, Locale: locale, Category: cat, Institution: inst, Country: country,
			Tracks: tracks, Keywords: kw, MinLoad: minLoad, MaxLoad: maxLoad}
	}
	ai, health, equip := "ai", "health", "equipment"
	all := []string{ai, health, equip}
	tech, inv, ent, off := haizhi.JudgeTechnical, haizhi.JudgeInvestor, haizhi.JudgeEntrepreneur, haizhi.JudgeOfficial
	return []poolJudge{
		{j("Prof. Anna Müller", "judge@demo.haizhi.org", "en", tech, "Karlsruhe Institute of Technology", "DE",
			[]string{equip, ai}, []string{"robotics", "电池", "机器人"}, 5, 6), 0.2, 1.0, 0.8},
		{j("Prof. Thomas Weber", "thomas.weber@tum-de.example", "en", tech, "Technical University of Munich", "DE",
			[]string{equip}, []string{"数字孪生", "预测性维护", "激光", "机器人"}, 12, 30), -0.3, 1.1, 0.4},
		{j("Dr. Claire Fontaine", "claire.fontaine@inria-fr.example", "en", tech, "Inria", "FR",
			[]string{ai}, []string{"计算机视觉", "深度学习", "自然语言处理"}, 12, 30), 0.1, 1.0, 0.5},
		{j("Prof. Sarah Collins", "s.collins@imperial-ac-uk.example", "en", tech, "Imperial College London", "GB",
			[]string{health}, []string{"医学影像", "手术机器人", "可穿戴"}, 12, 30), 0.0, 1.2, 0.6},
		{j("Prof. Pieter van Dijk", "p.vandijk@tudelft-nl.example", "en", tech, "Delft University of Technology", "NL",
			[]string{equip}, []string{"芯片", "传感器", "复合材料"}, 12, 30), 0.3, 0.9, 0.3},
		{j("Prof. Michael Zhang (张明远)", "m.zhang@stanford-edu.example", "en", tech, "Stanford University", "US",
			[]string{ai, health}, []string{"深度学习", "芯片", "drug discovery"}, 12, 30), 0.1, 1.1, 0.5},
		{j("Dr. Tan Wei Ling (陈慧玲)", "tan.weiling@nus-edu-sg.example", "en", tech, "National University of Singapore", "SG",
			[]string{health}, []string{"基因测序", "细胞治疗", "cancer screening"}, 12, 30), -0.2, 1.0, 0.5},
		{j("Prof. Yossi Katz", "yossi.katz@technion-ac-il.example", "en", tech, "Technion – Israel Institute of Technology", "IL",
			[]string{ai, equip}, []string{"自动驾驶", "激光雷达", "计算机视觉"}, 12, 30), -1.7, 0.9, 0.7},
		{j("Dr. Lukas Schneider", "lukas.schneider@fraunhofer-de.example", "en", tech, "Fraunhofer Society", "DE",
			[]string{equip, health}, []string{"传感器", "激光", "medical devices"}, 12, 30), -0.1, 1.0, 0.3},
		{j("刘振华", "liu.zhenhua@ia-cas-cn.example", "zh-CN", tech, "中国科学院自动化研究所", "CN",
			[]string{ai}, []string{"语音识别", "知识图谱", "强化学习", "人工智能"}, 12, 30), 0.0, 1.0, 0.6},
		{j("王立群", "wang.liqun@zju-edu-cn.example", "zh-CN", tech, "浙江大学医学院", "CN",
			[]string{health}, []string{"生物医药", "基因编辑", "肿瘤"}, 12, 30), 0.2, 1.0, 0.6},
		{j("赵立新", "judge2@demo.haizhi.org", "zh-CN", inv, "杭州创新投资有限公司", "CN",
			[]string{ai, health}, []string{"早期投资", "医疗器械"}, 10, 28), 0.4, 1.2, 0.7},
		{j("Dr. Rebecca Stein", "rebecca.stein@atomico-com.example", "en", inv, "Atomico", "GB",
			[]string{ai}, []string{"SaaS", "深度学习", "fintech"}, 10, 28), -0.4, 1.3, 0.5},
		{j("Jeroen Bakker", "jeroen.bakker@forbion-com.example", "en", inv, "Forbion", "NL",
			[]string{health}, []string{"生物医药", "基因治疗", "抗体"}, 10, 28), 0.0, 1.1, 0.4},
		{j("Daniel Goh", "daniel.goh@vertexventures-com.example", "en", inv, "Vertex Ventures", "SG",
			[]string{ai, health}, []string{"digital health", "芯片", "边缘计算"}, 10, 28), 0.2, 1.0, 0.3},
		{j("钱海峰", "qian.haifeng@szvc-cn.example", "zh-CN", inv, "深圳市创新投资集团有限公司", "CN",
			[]string{equip, ai}, []string{"智能制造", "储能", "芯片"}, 10, 28), -1.3, 0.8, 0.6},
		{j("孙立", "sun.li@hzic-cn.example", "zh-CN", ent, "杭州智造科技有限公司", "CN",
			[]string{equip}, []string{"智能制造", "无人机"}, 10, 25), 0.9, 0.8, 0.5},
		{j("Dr. Noa Friedman", "noa.friedman@vayyar-com.example", "en", ent, "Vayyar Imaging", "IL",
			[]string{health, equip}, []string{"雷达", "传感器", "医疗器械"}, 10, 25), 0.1, 1.0, 0.4},
		{j("周海涛", "zhou.haitao@hikvision-cn.example", "zh-CN", ent, "杭州海康威视数字技术股份有限公司", "CN",
			[]string{ai}, []string{"计算机视觉", "边缘计算", "视频安防"}, 10, 25), 0.3, 0.9, 0.5},
		{j("James Porter", "james.porter@formlabs-com.example", "en", ent, "Formlabs", "US",
			[]string{equip}, []string{"3D打印", "机器人", "精密加工"}, 10, 25), 0.0, 1.1, 0.3},
		{j("吴晓东", "wu.xiaodong@yuhang-gov-cn.example", "zh-CN", off, "杭州市余杭区科学技术局", "CN",
			all, []string{"产业化", "落地"}, 8, 20), 0.3, 0.7, 0.4},
		{j("黄丽萍", "huang.liping@hzast-org-cn.example", "zh-CN", off, "杭州市科学技术协会", "CN",
			all, []string{"人才引进", "国际合作"}, 8, 20), 0.5, 0.7, 0.3},
		{j("Femke de Boer", "femke.deboer@rvo-nl.example", "en", off, "Netherlands Enterprise Agency", "NL",
			[]string{health, equip}, []string{"国际合作", "储能"}, 8, 20), 0.0, 0.9, 0.4},
	}
}

// preliminaryRubric is how the preliminary round is scored: four criteria on 0–10 in
// halves, weighted 30/25/25/20, with descriptors of what high and low scores mean. Its
// method is calibration, so that a harsh judge's three entries are not sunk by them.
func preliminaryRubric(editionID int64) *haizhi.RoundRubric {
	return &haizhi.RoundRubric{EditionID: editionID, Round: haizhi.RoundPreliminary, Method: haizhi.MethodCalibrated,
		Criteria: []haizhi.RubricCriterion{
			{Key: "innovation", NameZH: "创新性", NameEN: "Innovation", Weight: 30, Max: 10, Step: 0.5,
				HelpZH: "技术的先进性与独创性。9–10分：国际领先，拥有核心知识产权；5–6分：国内先进；3分及以下：常规技术。",
				HelpEN: "How new and advanced the technology is. 9–10: world-leading, with its own core IP; 5–6: advanced in China; 3 or less: common technology."},
			{Key: "team", NameZH: "团队", NameEN: "Team", Weight: 25, Max: 10, Step: 0.5,
				HelpZH: "团队的完整性、行业经验与海外背景。9–10分：核心成员齐备，有产业化或创业经历；5–6分：技术骨干齐备，缺少经营人才；3分及以下：仅申报人一人。",
				HelpEN: "Completeness, industry experience and overseas background of the team. 9–10: a full core team that has built a company or a product before; 5–6: strong on technology, short of business people; 3 or less: the applicant alone."},
			{Key: "market", NameZH: "市场前景", NameEN: "Market", Weight: 25, Max: 10, Step: 0.5,
				HelpZH: "市场规模、客户需求与商业模式。9–10分：市场空间大且已有付费客户；5–6分：需求明确但尚未验证；3分及以下：需求不明。",
				HelpEN: "Market size, customer demand and business model. 9–10: a large market and paying customers; 5–6: a clear need, not yet proven; 3 or less: no clear need."},
			{Key: "feasibility", NameZH: "落地可行性", NameEN: "Feasibility of landing", Weight: 20, Max: 10, Step: 0.5,
				HelpZH: "在杭州落地的计划、资金与产业配套。9–10分：计划具体，一年内可注册公司；5–6分：有意向但计划不具体；3分及以下：暂无落地计划。",
				HelpEN: "Plans, funding and industry partners for setting up in Hangzhou. 9–10: a concrete plan, a company within a year; 5–6: willing, without a concrete plan; 3 or less: no plan yet."},
		}}
}

// finalRubric is the score sheet of the final roadshow: five criteria whose maxima add up
// to 100 (weights equal to the maxima, so the total is the sum), ranked by the trimmed
// mean as Chinese finals are.
func finalRubric(editionID int64) *haizhi.RoundRubric {
	return &haizhi.RoundRubric{EditionID: editionID, Round: haizhi.RoundFinal, Method: haizhi.MethodTrimmedMean,
		Criteria: []haizhi.RubricCriterion{
			{Key: "innovation", NameZH: "技术创新", NameEN: "Innovation", Weight: 25, Max: 25, Step: 0.5,
				HelpZH: "核心技术的先进性和知识产权（满分25分）。", HelpEN: "How advanced the core technology is and who owns it (25 points)."},
			{Key: "team", NameZH: "团队实力", NameEN: "Team", Weight: 20, Max: 20, Step: 0.5,
				HelpZH: "团队结构、经验与执行力（满分20分）。", HelpEN: "The team's make-up, experience and record of delivery (20 points)."},
			{Key: "market", NameZH: "市场与商业模式", NameEN: "Market and business model", Weight: 25, Max: 25, Step: 0.5,
				HelpZH: "市场空间、竞争优势和盈利模式（满分25分）。", HelpEN: "Market size, competitive edge and how it makes money (25 points)."},
			{Key: "landing", NameZH: "落地计划", NameEN: "Landing plan", Weight: 15, Max: 15, Step: 0.5,
				HelpZH: "在杭州注册、投资和用工的计划是否具体可行（满分15分）。", HelpEN: "Whether the plan to register, invest and hire in Hangzhou is concrete and realistic (15 points)."},
			{Key: "pitch", NameZH: "路演与答辩", NameEN: "Pitch and answers", Weight: 15, Max: 15, Step: 0.5,
				HelpZH: "路演表达是否清晰，答辩是否切中问题（满分15分）。", HelpEN: "How clear the pitch was and how well questions were answered (15 points)."},
		}}
}

// sheetComments are the comments judges leave, by language and by how the entry scored:
// strong, middling, weak.
var sheetComments = map[string][3][]string{
	haizhi.LocaleZH: {
		{"技术领先，团队完整，建议重点跟进落地。", "已有付费客户，商业模式清晰，推荐进入决赛。", "核心专利扎实，产业化路径明确。", "项目成熟度高，与余杭产业平台契合度好。"},
		{"技术有特色，但市场验证不足。", "团队以技术人员为主，建议补充经营人才。", "落地计划尚不具体，需进一步沟通。", "应用场景较多，建议聚焦一个细分市场。"},
		{"创新性一般，同类产品较多。", "尚处于概念阶段，缺少实验数据支撑。", "商业模式不清晰，落地意向不明确。", "材料较简单，难以判断技术水平。"},
	},
	haizhi.LocaleEN: {
		{"Strong technology and a complete team; worth following up for landing.", "Paying customers and a clear business model. Recommended for the final.",
			"Solid patents and a clear path to production.", "A mature project that fits the Yuhang platforms well."},
		{"Interesting technology, but the market is not yet proven.", "A team of engineers; it needs someone on the business side.",
			"The landing plan is still vague; worth a call.", "Many possible applications; it should pick one market first."},
		{"Little that is new; several similar products exist.", "Still an idea, with no experimental data yet.",
			"No clear business model and no real plan to land.", "The application is too thin to judge the technology."},
	},
}
