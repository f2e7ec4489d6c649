package match_test

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/haizhi-dev/haizhi/internal/match"
)

// The generated corpus of the benchmarks: projects and needs written from templates in
// Chinese, English or both, over a vocabulary of technologies and applications of the
// three industries, with the filler, numbers, company names and places of real
// descriptions. It is deterministic for a seed.

// genTerm is a technology or application with its industry.
type genTerm struct{ zh, en, industry string }

var genTechs = []genTerm{
	{"固态电池", "solid-state battery", "equipment"}, {"钠离子电池", "sodium-ion battery", "equipment"},
	{"氢燃料电池", "hydrogen fuel cell", "equipment"}, {"锂电池回收", "lithium battery recycling", "equipment"},
	{"储能系统", "energy storage system", "equipment"}, {"碳化硅功率器件", "silicon carbide power device", "equipment"},
	{"MEMS传感器", "MEMS sensor", "equipment"}, {"激光雷达", "LiDAR", "equipment"},
	{"飞秒激光加工", "femtosecond laser machining", "equipment"}, {"金属3D打印", "metal 3D printing", "equipment"},
	{"碳纤维复合材料", "carbon fibre composite", "equipment"}, {"石墨烯材料", "graphene material", "equipment"},
	{"协作机器人", "collaborative robot", "equipment"}, {"谐波减速器", "harmonic reducer", "equipment"},
	{"五轴数控机床", "five-axis CNC machine", "equipment"}, {"水下机器人", "underwater robot", "equipment"},
	{"大载重无人机", "heavy-lift drone", "equipment"}, {"钙钛矿太阳能电池", "perovskite solar cell", "equipment"},
	{"液冷散热", "liquid cooling", "equipment"}, {"无线充电", "wireless charging", "equipment"},
	{"智能农机", "smart agricultural machinery", "equipment"}, {"工业视觉检测", "machine vision inspection", "ai"},
	{"深度学习", "deep learning", "ai"}, {"计算机视觉", "computer vision", "ai"},
	{"自然语言处理", "natural language processing", "ai"}, {"大语言模型", "large language model", "ai"},
	{"知识图谱", "knowledge graph", "ai"}, {"联邦学习", "federated learning", "ai"},
	{"边缘AI芯片", "edge AI chip", "ai"}, {"存算一体芯片", "compute-in-memory chip", "ai"},
	{"语音识别", "speech recognition", "ai"}, {"强化学习", "reinforcement learning", "ai"},
	{"视觉SLAM", "visual SLAM", "ai"}, {"预测性维护", "predictive maintenance", "ai"},
	{"时序预测", "time-series forecasting", "ai"}, {"多模态大模型", "multimodal model", "ai"},
	{"三维视觉", "3D vision", "ai"}, {"异常检测", "anomaly detection", "ai"},
	{"隐私计算", "privacy computing", "ai"}, {"数字孪生", "digital twin", "ai"},
	{"双特异性抗体", "bispecific antibody", "health"}, {"抗体偶联药物", "antibody-drug conjugate", "health"},
	{"mRNA递送", "mRNA delivery", "health"}, {"分子诊断", "molecular diagnostics", "health"},
	{"液体活检", "liquid biopsy", "health"}, {"可穿戴心电监测", "wearable ECG monitoring", "health"},
	{"手术机器人", "surgical robot", "health"}, {"可降解支架", "biodegradable stent", "health"},
	{"CAR-T细胞治疗", "CAR-T cell therapy", "health"}, {"连续血糖监测", "continuous glucose monitoring", "health"},
	{"康复外骨骼", "rehabilitation exoskeleton", "health"}, {"器官芯片", "organ-on-chip", "health"},
	{"基因编辑", "gene editing", "health"}, {"远程医疗", "telemedicine", "health"},
	{"合成生物学", "synthetic biology", "health"}, {"掌上超声", "handheld ultrasound", "health"},
	{"微针贴片", "microneedle patch", "health"}, {"水凝胶敷料", "hydrogel dressing", "health"},
	{"医学影像AI", "medical imaging AI", "health"}, {"肿瘤早筛", "cancer screening", "health"},
}

var genApps = []genTerm{
	{"工业无人机", "industrial drones", ""}, {"储能电站", "energy storage stations", ""},
	{"新能源汽车", "electric vehicles", ""}, {"汽车零部件", "auto parts", ""},
	{"电子制造", "electronics manufacturing", ""}, {"钢铁冶金", "steel making", ""},
	{"纺织印染", "textile dyeing", ""}, {"光伏电站", "solar plants", ""},
	{"电网巡检", "power grid inspection", ""}, {"智慧港口", "smart ports", ""},
	{"冷链物流", "cold-chain logistics", ""}, {"电商仓储", "e-commerce warehouses", ""},
	{"三甲医院", "tertiary hospitals", ""}, {"社区卫生服务中心", "community health centres", ""},
	{"养老机构", "elderly care homes", ""}, {"体检中心", "health check centres", ""},
	{"创新药研发", "drug development", ""}, {"医疗器械", "medical devices", ""},
	{"食品安全", "food safety", ""}, {"化妆品", "cosmetics", ""},
	{"城商行风控", "bank risk control", ""}, {"政务服务", "government services", ""},
	{"跨境电商", "cross-border e-commerce", ""}, {"智能家居", "smart homes", ""},
	{"智慧农业", "smart agriculture", ""}, {"海上风电", "offshore wind", ""},
	{"数据中心", "data centres", ""}, {"航空航天", "aerospace", ""},
	{"模具制造", "mould making", ""}, {"半导体封测", "semiconductor packaging", ""},
	{"安防监控", "video surveillance", ""}, {"轨道交通", "rail transit", ""},
	{"化工园区", "chemical parks", ""}, {"水务管网", "water networks", ""},
	{"零售门店", "retail stores", ""}, {"呼叫中心", "call centres", ""},
	{"人形机器人", "humanoid robots", ""}, {"低空物流", "low-altitude logistics", ""},
	{"应急救援", "emergency rescue", ""}, {"口腔诊所", "dental clinics", ""},
}

var (
	genUnis      = []string{"MIT", "Stanford", "ETH Zurich", "Imperial College", "TU Munich", "NUS", "Tokyo University", "KAIST", "Oxford", "Delft", "Toronto", "Melbourne"}
	genDistricts = []string{"余杭区", "滨江区", "萧山区", "拱墅区", "钱塘区", "西湖区", "临平区", "上城区", "富阳区", "临安区", "Hangzhou", "Ningbo", "上虞区"}
	genProducts  = [][2]string{{"系统", "system"}, {"平台", "platform"}, {"解决方案", "solution"}, {"模组", "module"}, {"装备", "equipment"}, {"服务", "service"}}
	genProblems  = [][2]string{
		{"人工成本高、效率低", "labour costs are high and throughput is low"},
		{"良品率不稳定，客户投诉多", "yield is unstable and customers complain"},
		{"关键部件依赖进口，交期长", "key parts are imported with long lead times"},
		{"能耗指标压力大", "energy quotas are tight"},
		{"现有方案精度不足", "the current solution is not accurate enough"},
		{"招工难，老师傅经验难以传承", "skilled workers are hard to hire and their know-how is hard to pass on"},
		{"安全事故风险高", "the risk of accidents is high"},
		{"数据分散，难以利用", "data is scattered and hard to use"},
	}
	genBenefits = [][2]string{
		{"在%d家客户现场验证，效率提升%d倍", "validated at %d customer sites with %dx higher throughput"},
		{"已申请%d项发明专利，性能优于进口产品%d%%", "%d invention patents filed; outperforms imported products by %d%%"},
		{"成本降低%d%%，寿命延长%d%%", "cuts cost by %d%% and extends lifetime by %d%%"},
		{"团队%d人，其中博士%d人", "a team of %d including %d PhDs"},
	}
	genSyllables = []rune("华海天智恒瑞博创新源宏远达科信安泰景明德嘉盛云峰益辰和川")
	genStages    = []string{"idea", "prototype", "revenue", "scaling"}
	genIndustry  = []string{"ai", "health", "equipment"}
)

// genCorpus returns nProjects projects and nNeeds needs generated from seed.
func genCorpus(seed uint64, nProjects, nNeeds int) match.Corpus {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(list []genTerm) genTerm { return list[r.IntN(len(list))] }
	var c match.Corpus
	for i := range nProjects {
		tech, tech2, app, app2 := pick(genTechs), pick(genTechs), pick(genApps), pick(genApps)
		prod := genProducts[r.IntN(len(genProducts))]
		ben := genBenefits[r.IntN(len(genBenefits))]
		a, b := 2+r.IntN(30), 2+r.IntN(60)
		uni := genUnis[r.IntN(len(genUnis))]
		var title, summary string
		switch r.IntN(10) {
		case 0, 1, 2, 3: // Chinese
			title = "基于" + tech.zh + "的" + app.zh + prod[0]
			summary = fmt.Sprintf("团队来自%s，研发%s与%s技术，面向%s和%s领域提供%s，"+ben[0]+"。", uni, tech.zh, tech2.zh, app.zh, app2.zh, prod[0], a, b)
		case 4, 5, 6: // English
			title = strings.ToUpper(tech.en[:1]) + tech.en[1:] + " " + prod[1] + " for " + app.en
			summary = fmt.Sprintf("A team from %s develops %s and %s for %s and %s; "+ben[1]+".", uni, tech.en, tech2.en, app.en, app2.en, a, b)
		default: // both
			title = tech.zh + app.zh + prod[0] + " " + tech.en + " for " + app.en
			summary = fmt.Sprintf("研发%s，应用于%s。The team from %s brings %s to %s; "+ben[1]+".", tech.zh, app.zh, uni, tech2.en, app2.en, a, b)
		}
		p := match.Project{
			ID: fmt.Sprintf("p%05d", i), Title: title, Summary: summary, Industry: tech.industry,
			Keywords: []string{tech.zh, tech.en, app.zh}, Stage: genStages[r.IntN(len(genStages))],
			FundingNeed: int64(1+r.IntN(50)) * 500_000,
		}
		if r.IntN(2) == 0 {
			p.PreferredLocations = []string{genDistricts[r.IntN(len(genDistricts))]}
		}
		c.Projects = append(c.Projects, p)
	}
	for i := range nNeeds {
		tech, app := pick(genTechs), pick(genApps)
		prob := genProblems[r.IntN(len(genProblems))]
		district := genDistricts[r.IntN(len(genDistricts))]
		company := string([]rune{genSyllables[r.IntN(len(genSyllables))], genSyllables[r.IntN(len(genSyllables))]})
		budget := int64(1+r.IntN(40)) * 250_000
		var title, desc string
		switch r.IntN(10) {
		case 0, 1, 2, 3, 4, 5: // Chinese
			title = app.zh + "企业寻求" + tech.zh + "合作"
			desc = fmt.Sprintf("杭州%s科技有限公司位于%s，主营%s相关业务。目前%s，希望引进%s技术或团队，预算约%d万元。", company, district, app.zh, prob[0], tech.zh, budget/10_000)
		case 6, 7, 8: // English
			title = "Looking for " + tech.en + " in " + app.en
			desc = fmt.Sprintf("%s Tech, based in %s, serves %s. Currently %s; we want to bring in %s technology or a team, budget about %d yuan.", company, district, app.en, prob[1], tech.en, budget)
		default: // both
			title = app.zh + " " + tech.en + " 需求"
			desc = fmt.Sprintf("我司主营%s，%s。Looking for %s partners.", app.zh, prob[0], tech.en)
		}
		c.Needs = append(c.Needs, match.Need{
			ID: fmt.Sprintf("n%05d", i), Title: title, Description: desc,
			Industry: genIndustry[r.IntN(len(genIndustry))], Keywords: []string{tech.zh, app.zh},
			Location: district, Budget: budget,
		})
	}
	return c
}
