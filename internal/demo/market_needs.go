package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// needSpec is one demo need with the unit it is filed under, whether the demo enterprise
// published it itself, and the status it ends in.
type needSpec struct {
	unit   string
	own    bool
	status haizhi.NeedStatus
	need   haizhi.Need
}

// needTemplate is a kind of demand an enterprise of an industry publishes, in both
// languages, with its keywords.
type needTemplate struct {
	industry         string
	kind             haizhi.NeedKind
	zh, en           string
	descZH, descEN   string
	keywords         []string
	budgetLo, budget int64 // yuan: the range budgets are drawn from
}

var needTemplates = []needTemplate{
	{"equipment", haizhi.NeedTechnology, "长航时无人机固态电池", "Solid-state batteries for long-endurance drones",
		"寻求能量密度 400Wh/kg 以上、可量产的固态电池技术，用于工业巡检无人机。", "Seeking manufacturable solid-state cells above 400 Wh/kg for industrial inspection drones.",
		[]string{"固态电池", "无人机", "储能"}, 2_000_000, 8_000_000},
	{"equipment", haizhi.NeedTechnology, "协作机器人力控关节", "Force-controlled joints for collaborative robots",
		"需要高精度力矩传感与柔顺控制方案，替代进口关节模组。", "Need high-precision torque sensing and compliant control to replace imported joint modules.",
		[]string{"机器人", "传感器", "力控"}, 1_000_000, 5_000_000},
	{"equipment", haizhi.NeedTechnology, "激光焊接在线质量检测", "In-line quality inspection for laser welding",
		"产线需要基于视觉与声发射的焊缝缺陷实时检测系统。", "Our line needs real-time weld defect detection from vision and acoustic emission.",
		[]string{"激光", "机器视觉", "质量检测"}, 800_000, 3_000_000},
	{"equipment", haizhi.NeedTalent, "高端数控系统首席工程师", "Chief engineer for high-end CNC systems",
		"招聘具有五轴数控系统研发经验的海外高层次人才，年薪面议。", "Hiring an overseas expert with five-axis CNC system experience; salary negotiable.",
		[]string{"数控", "智能制造"}, 0, 0},
	{"ai", haizhi.NeedTechnology, "工业质检视觉大模型", "Vision foundation model for industrial inspection",
		"面向 3C 电子外观缺陷检测，需小样本学习和边缘部署能力。", "For appearance defects of consumer electronics: few-shot learning and edge deployment.",
		[]string{"机器视觉", "大模型", "缺陷检测"}, 1_500_000, 6_000_000},
	{"ai", haizhi.NeedTechnology, "低功耗边缘 AI 芯片方案", "Low-power edge AI chip solution",
		"智能摄像头产品需要 1W 以下的神经网络推理芯片及工具链。", "Our smart cameras need a sub-1 W neural network inference chip and toolchain.",
		[]string{"芯片", "人工智能", "边缘计算"}, 3_000_000, 10_000_000},
	{"ai", haizhi.NeedTechnology, "多语种客服大模型微调", "Fine-tuning a multilingual customer-service LLM",
		"跨境电商平台需要中英西葡多语种客服模型的微调与评测。", "A cross-border e-commerce platform needs fine-tuning and evaluation of a multilingual support model.",
		[]string{"大模型", "自然语言处理"}, 500_000, 2_000_000},
	{"ai", haizhi.NeedTalent, "自动驾驶感知算法负责人", "Head of perception for autonomous driving",
		"招聘多传感器融合感知方向的海外博士，带领 20 人团队。", "Hiring an overseas PhD in multi-sensor fusion perception to lead a team of 20.",
		[]string{"自动驾驶", "计算机视觉", "激光雷达"}, 0, 0},
	{"health", haizhi.NeedTechnology, "肿瘤早筛液体活检技术", "Liquid biopsy for early cancer screening",
		"寻求基于 ctDNA 甲基化的多癌种早筛技术合作，可共建临床验证。", "Seeking ctDNA methylation multi-cancer early detection; clinical validation can be co-built.",
		[]string{"液体活检", "早筛", "诊断"}, 3_000_000, 12_000_000},
	{"health", haizhi.NeedTechnology, "双特异性抗体工艺开发", "Process development for bispecific antibodies",
		"需要双抗表达与纯化工艺放大服务，目标 2000L 规模。", "Need expression and purification scale-up for bispecific antibodies, to 2,000 L.",
		[]string{"抗体", "生物医药", "工艺开发"}, 5_000_000, 20_000_000},
	{"health", haizhi.NeedTechnology, "可穿戴心电监测算法", "Algorithms for wearable ECG monitoring",
		"医疗器械企业需要房颤识别算法，满足二类医疗器械注册要求。", "A device maker needs atrial fibrillation detection that meets Class II registration.",
		[]string{"医疗器械", "可穿戴", "心电"}, 600_000, 2_500_000},
	{"health", haizhi.NeedTalent, "注册与临床事务总监", "Director of regulatory and clinical affairs",
		"熟悉 FDA/NMPA 双报的海外人才，负责创新药临床申报。", "An overseas expert in joint FDA/NMPA filings to lead clinical submissions.",
		[]string{"临床试验", "注册申报"}, 0, 0},
	{"materials", haizhi.NeedTechnology, "碳纤维复合材料快速成型", "Rapid forming of carbon-fibre composites",
		"汽车轻量化部件需要节拍小于 3 分钟的热塑性碳纤维成型工艺。", "Lightweight car parts need thermoplastic carbon-fibre forming with cycles under 3 minutes.",
		[]string{"碳纤维", "复合材料", "轻量化"}, 2_000_000, 8_000_000},
	{"materials", haizhi.NeedTechnology, "光伏组件用高阻隔膜", "High-barrier films for solar modules",
		"寻求水汽透过率低于 10⁻³ 的阻隔膜材料及涂布工艺。", "Seeking barrier films with water vapour transmission below 10⁻³ and their coating process.",
		[]string{"新材料", "光伏", "薄膜"}, 1_000_000, 4_000_000},
	{"energy", haizhi.NeedTechnology, "储能电站电池管理系统", "Battery management for storage power stations",
		"需要兆瓦级储能的电池健康状态估计与热失控预警方案。", "Need state-of-health estimation and thermal runaway warning for megawatt storage.",
		[]string{"储能", "电池管理", "电池"}, 1_500_000, 6_000_000},
	{"energy", haizhi.NeedTechnology, "氢燃料电池双极板", "Bipolar plates for hydrogen fuel cells",
		"寻求低成本金属双极板涂层技术，寿命 2 万小时以上。", "Seeking low-cost coatings for metal bipolar plates lasting over 20,000 hours.",
		[]string{"氢能", "燃料电池"}, 2_000_000, 10_000_000},
	{"digital", haizhi.NeedTechnology, "工业互联网设备预测性维护", "Predictive maintenance on the industrial internet",
		"纺织产线需要基于振动数据的设备故障预测平台。", "Textile lines need a failure prediction platform from vibration data.",
		[]string{"工业互联网", "预测性维护", "人工智能"}, 500_000, 2_000_000},
	{"digital", haizhi.NeedTechnology, "跨境数据合规与隐私计算", "Cross-border data compliance and privacy computing",
		"需要联邦学习或多方安全计算方案，满足跨境数据合规要求。", "Need federated learning or secure multi-party computation that meets cross-border data rules.",
		[]string{"隐私计算", "联邦学习", "数据安全"}, 800_000, 3_000_000},
}

// needEnterprise parts: a place, a core word and an industry word make a company name.
var (
	needPlaces = []string{"杭州", "浙江", "余杭", "临平", "良渚", "仁和", "拱墅", "西湖", "滨江", "萧山"}
	needCores  = []string{"翼飞", "智造", "华锐", "新元", "恒芯", "博远", "汇川", "安杰", "正泰", "远景", "星联", "云图", "瑞康", "启明", "中科", "海纳",
		"卓越", "天成", "光启", "微纳", "长风", "明德", "德赛", "诺亚", "创维", "鼎信", "思源", "和达", "宏图", "凌云"}
	needSuffix = map[string][]string{
		"equipment": {"智能装备", "机器人", "精密机械", "航空科技"},
		"ai":        {"智能科技", "信息技术", "视觉科技", "数据科技"},
		"health":    {"生物医药", "医疗器械", "健康科技", "基因科技"},
		"materials": {"新材料", "复合材料", "材料科技"},
		"energy":    {"新能源", "储能科技", "氢能科技"},
		"digital":   {"数字科技", "网络科技", "软件"},
	}
	needUnits = []string{"future-sci-tech-city", "future-sci-tech-city", "yuhang-etdz", "linping-new-city", "liangzhu-new-city", "renhe-manufacturing",
		"gongshu", "sino-eu-gongshu", "xihu", "binjiang", "xiaoshan"}
)

// demoNeedEnterprises is how many enterprises publish needs in the demo.
const demoNeedEnterprises = 600

// demoNeeds draws the needs of 600 enterprises: each publishes one need of its
// industry, one in eight a second; one in ten is an open challenge with a reward; a few
// are drafts or closed. The demo enterprise publishes its own first need.
func demoNeeds(r *rand.Rand) []needSpec {
	byIndustry := map[string][]needTemplate{}
	var industries []string
	for _, t := range needTemplates {
		if byIndustry[t.industry] == nil {
			industries = append(industries, t.industry)
		}
		byIndustry[t.industry] = append(byIndustry[t.industry], t)
	}
	var out []needSpec
	seen := map[string]bool{}
	for i := 0; len(seen) < demoNeedEnterprises; i++ {
		industry := industries[r.IntN(len(industries))]
		name := needPlaces[r.IntN(len(needPlaces))] + needCores[r.IntN(len(needCores))] + needSuffix[industry][r.IntN(len(needSuffix[industry]))] + "有限公司"
		if seen[name] {
			continue
		}
		seen[name] = true
		count := 1
		if r.IntN(8) == 0 {
			count = 2
		}
		unit := needUnits[r.IntN(len(needUnits))]
		for range count {
			t := byIndustry[industry][r.IntN(len(byIndustry[industry]))]
			n := haizhi.Need{Kind: t.kind, Enterprise: name, TitleZH: t.zh, TitleEN: t.en, DescriptionZH: t.descZH, DescriptionEN: t.descEN,
				Industry: industry, Keywords: t.keywords, Location: unitPlace(unit)}
			if t.budget > 0 {
				n.BudgetYuan = (t.budgetLo + r.Int64N(t.budget-t.budgetLo+1)) / 100_000 * 100_000
			}
			if n.Kind == haizhi.NeedTechnology && r.IntN(10) == 0 {
				n.Kind = haizhi.NeedChallenge
				n.RewardYuan = max(n.BudgetYuan, 500_000)
				d := time.Date(2027, time.Month(1+r.IntN(6)), 1+r.IntN(28), 17, 0, 0, 0, haizhi.Shanghai)
				n.Deadline = &d
			}
			status := haizhi.NeedPublished
			switch r.IntN(40) {
			case 0:
				status = haizhi.NeedDraft
			case 1, 2:
				status = haizhi.NeedClosed
			}
			out = append(out, needSpec{unit: unit, status: status, need: n})
		}
	}
	// The demo enterprise (renhe-manufacturing) publishes the first need itself.
	out[0].unit, out[0].own, out[0].status = "renhe-manufacturing", true, haizhi.NeedPublished
	out[0].need.Enterprise = "杭州智造科技有限公司"
	return out
}

// unitPlace is where a need's work would happen, in words, for its unit.
func unitPlace(code string) string {
	for _, u := range unitSpecs() {
		if u.code == code {
			return u.zh
		}
	}
	return "杭州市"
}

// contextAs acts as a demo user.
func contextAs(l *loader, u *haizhi.User) context.Context {
	return haizhi.NewContextWithActor(l.ctx, u.Actor("", ""))
}
