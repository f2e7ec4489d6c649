package demo

// The project vocabulary of the 2018 applicants: per track, families of technologies and
// applications with their bilingual terms.

import (
	"fmt"
	"math/rand/v2"
)

// applTerm is a bilingual term of the project vocabulary: Chinese, English, compatibility
// tags (a technology and an application go together when they share a tag, or when the
// technology is tagged "g", general; "+" marks a countable technology, whose noun form is
// its plural), a short search keyword, and for technologies the field of expertise it
// implies.
type applTerm struct{ zh, en, tags, kw, field string }

// applBenefit writes one bilingual sentence on results, with numbers drawn from r.
type applBenefit func(r *rand.Rand) (zh, en string)

// applFamily is a family of projects within a track: technologies × applications ×
// products. In a device family the technology is the product ("面向{app}的{tech}"); in the
// others the title is "基于{tech}的{app}{product}". lead holds the opening sentences of a
// summary, with {T}, {A}, {P} for the terms, {N} for the technology as a noun ("based on
// {N}") and {a} for the article of the word after it. Drug families have no revenue yet and
// speak of candidates, not prototypes.
type applFamily struct {
	track    string
	device   bool
	drug     bool
	techs    []applTerm
	apps     []applTerm
	products []applTerm
	lead     [][2]string
	benefits []applBenefit
	fields   []string
}

// applTrackKeywords are the tracks' own keywords, Chinese and English.
var applTrackKeywords = map[string][2]string{
	"ai": {"人工智能", "AI"}, "health": {"大健康", "healthcare"}, "equipment": {"高端装备", "advanced manufacturing"},
}

var applSystemLeads = [][2]string{
	{"项目以{T}为核心技术，研发面向{A}的{P}。", "The project develops {a} {T} {P} for {A}."},
	{"针对{A}的痛点，团队基于{T}研发了一套{P}。", "To tackle the pain points of {A}, the team has built {a} {P} based on {N}."},
}

var applDeviceLeads = [][2]string{
	{"项目研发面向{A}的{T}。", "The project develops {a} {T} for {A}."},
	{"团队自主研发{T}，主要应用于{A}领域。", "The team develops its own {T}, mainly for use in {A}."},
}

// applFamilies are the project families of the three tracks.
var applFamilies = []applFamily{
	{track: "ai", // AI methods
		techs: []applTerm{
			{"深度学习", "deep learning", "g", "", "deep learning"},
			{"计算机视觉", "computer vision", "v", "视觉", "computer vision"},
			{"自然语言处理", "natural language processing", "l", "NLP", "natural language processing"},
			{"知识图谱", "knowledge graph", "ld+", "", "knowledge graphs"},
			{"强化学习", "reinforcement learning", "cd", "", "reinforcement learning"},
			{"联邦学习", "federated learning", "dlv", "隐私计算", "privacy-preserving computation"},
			{"图神经网络", "graph neural network", "dl+", "", "graph learning"},
			{"迁移学习", "transfer learning", "g", "", "machine learning"},
			{"多模态融合", "multimodal fusion", "vls", "多模态", "multimodal learning"},
			{"小样本学习", "few-shot learning", "vl", "", "machine learning"},
			{"生成对抗网络", "generative adversarial network", "v+", "GAN", "generative models"},
			{"语音识别", "speech recognition", "s", "语音", "speech processing"},
			{"时序预测", "time-series forecasting", "d", "", "time-series analysis"},
			{"可解释人工智能", "explainable AI", "g", "可解释AI", "explainable AI"},
			{"三维视觉", "3D vision", "vcn", "3D视觉", "3D reconstruction"},
			{"视觉SLAM", "visual SLAM", "n", "SLAM", "robotics"},
			{"自动机器学习", "automated machine learning", "d", "AutoML", "AutoML"},
			{"边缘推理", "edge inference", "vs", "边缘计算", "edge computing"},
			{"异常检测", "anomaly detection", "dv", "", "anomaly detection"},
			{"人体姿态估计", "human pose estimation", "p", "姿态估计", "computer vision"},
		},
		apps: []applTerm{
			{"医学影像辅助诊断", "assisted diagnosis of medical images", "v", "medical imaging", ""},
			{"工业视觉质检", "visual quality inspection in manufacturing", "v", "quality inspection", ""},
			{"自动驾驶环境感知", "environment perception in autonomous driving", "vcn", "autonomous driving", ""},
			{"金融风控", "financial risk control", "dl", "fintech", ""},
			{"智能客服", "customer-service automation", "ls", "chatbot", ""},
			{"城市交通信号优化", "urban traffic signal optimisation", "dc", "smart city", ""},
			{"农作物病虫害识别", "crop pest and disease recognition", "v", "agritech", ""},
			{"电网负荷预测", "power-grid load forecasting", "d", "smart grid", ""},
			{"药物分子筛选", "drug molecule screening", "dl", "drug discovery", ""},
			{"法律文书分析", "legal document analysis", "l", "legal tech", ""},
			{"零售客流分析", "retail footfall analytics", "vdp", "retail", ""},
			{"个性化在线教育", "personalised online education", "lsd", "edtech", ""},
			{"视频安防", "video surveillance", "vp", "security", ""},
			{"机器人分拣", "robotic picking and sorting", "vc", "robotics", ""},
			{"动力电池健康状态预测", "state-of-health prediction of EV batteries", "d", "battery", ""},
			{"电子病历结构化", "structuring of electronic medical records", "ls", "EMR", ""},
			{"智能家居语音控制", "voice control of smart homes", "s", "smart home", ""},
			{"工业设备故障诊断", "fault diagnosis of industrial equipment", "ds", "predictive maintenance", ""},
			{"跨境电商智能推荐", "recommendation in cross-border e-commerce", "dl", "recommendation", ""},
			{"遥感影像解译", "interpretation of remote-sensing images", "v", "remote sensing", ""},
			{"室内服务机器人导航", "indoor navigation of service robots", "nc", "service robots", ""},
			{"巡检无人机自主导航", "autonomous navigation of inspection drones", "nv", "drones", ""},
			{"运动康复评估", "assessment of sports rehabilitation", "pv", "rehabilitation", ""},
		},
		products: []applTerm{{"系统", "system", "", "", ""}, {"平台", "platform", "", "", ""},
			{"解决方案", "solution", "", "", ""}, {"引擎", "engine", "", "", ""}, {"云平台", "cloud platform", "", "", ""}},
		lead: applSystemLeads,
		benefits: []applBenefit{
			func(r *rand.Rand) (string, string) {
				n, p, k := 3+r.IntN(10), 92+r.IntN(8), 3+r.IntN(18)
				return fmt.Sprintf("在%d家合作单位的实测中，准确率达到%d%%，效率较人工提升%d倍。", n, p, k),
					fmt.Sprintf("In field tests with %d partner organisations it reached %d%% accuracy and worked %d times faster than people.", n, p, k)
			},
			func(r *rand.Rand) (string, string) {
				n := 2 + r.IntN(12)
				return fmt.Sprintf("核心算法已申请%d项发明专利，在公开数据集上的表现优于主流方法。", n),
					fmt.Sprintf("The core algorithms are covered by %d invention patent applications and outperform mainstream methods on public benchmarks.", n)
			},
			func(r *rand.Rand) (string, string) {
				n, p := 2+r.IntN(9), 30+r.IntN(50)
				return fmt.Sprintf("系统已在%d个试点场景部署，错误率降低%d%%。", n, p),
					fmt.Sprintf("The system is deployed at %d pilot sites and cuts error rates by %d%%.", n, p)
			},
		},
		fields: []string{"machine learning", "deep learning", "data mining", "software engineering", "cloud computing", "big data", "signal processing"},
	},
	{track: "ai", device: true, // AI hardware
		techs: []applTerm{
			{"低功耗AI芯片", "low-power AI chip", "ecwa", "芯片", "chip design"},
			{"存算一体芯片", "compute-in-memory chip", "edw", "芯片", "integrated circuits"},
			{"类脑芯片", "neuromorphic chip", "ewm", "芯片", "neuromorphic computing"},
			{"光子计算芯片", "photonic computing chip", "d", "芯片", "photonics"},
			{"语音交互芯片", "voice interaction chip", "a", "芯片", "speech processing"},
			{"FPGA加速卡", "FPGA accelerator card", "dem", "FPGA", "hardware acceleration"},
			{"智能视觉传感器", "intelligent vision sensor", "cm", "传感器", "image sensors"},
			{"毫米波雷达感知模组", "millimetre-wave radar perception module", "m", "雷达", "radar signal processing"},
		},
		apps: []applTerm{
			{"边缘计算", "edge computing", "e", "edge computing", ""},
			{"智能安防摄像头", "smart security cameras", "ce", "smart camera", ""},
			{"可穿戴设备", "wearable devices", "w", "wearables", ""},
			{"自动驾驶", "autonomous driving", "m", "autonomous driving", ""},
			{"工业物联网", "the industrial internet of things", "e", "IIoT", ""},
			{"数据中心推理", "data-centre inference", "d", "data centre", ""},
			{"智能音箱", "smart speakers", "a", "smart speaker", ""},
			{"服务机器人", "service robots", "ma", "service robots", ""},
			{"无人机", "drones", "mc", "drones", ""},
			{"智能手机", "smartphones", "wac", "smartphone", ""},
			{"智能座舱", "smart vehicle cabins", "am", "smart cabin", ""},
			{"医学影像设备", "medical imaging equipment", "d", "medical imaging", ""},
		},
		lead: applDeviceLeads,
		benefits: []applBenefit{
			func(r *rand.Rand) (string, string) {
				p, q := 30+r.IntN(55), 20+r.IntN(50)
				return fmt.Sprintf("样品功耗较同类产品降低%d%%，体积缩小%d%%。", p, q),
					fmt.Sprintf("Samples draw %d%% less power than comparable products and are %d%% smaller.", p, q)
			},
			func(r *rand.Rand) (string, string) {
				n := 2 + r.IntN(4)
				return fmt.Sprintf("已完成%d轮样品迭代，关键指标达到国际先进水平。", n),
					fmt.Sprintf("After %d rounds of samples, its key specifications match the international state of the art.", n)
			},
		},
		fields: []string{"chip design", "integrated circuits", "embedded systems", "computer architecture", "semiconductor devices"},
	},
	{track: "health", // diagnostics
		techs: []applTerm{
			{"高通量基因测序", "high-throughput gene sequencing", "m", "基因测序", "genomics"},
			{"液体活检", "liquid biopsy", "m", "", "liquid biopsy"},
			{"单细胞测序", "single-cell sequencing", "m", "单细胞", "single-cell genomics"},
			{"数字PCR", "digital PCR", "mp", "PCR", "molecular diagnostics"},
			{"微流控芯片", "microfluidic chip", "mp+", "芯片", "microfluidics"},
			{"基因芯片", "gene chip", "m+", "芯片", "genomics"},
			{"质谱分析", "mass spectrometry", "pm", "质谱", "proteomics"},
			{"外泌体检测", "exosome detection", "mp", "外泌体", "exosome biology"},
			{"DNA甲基化标志物", "DNA methylation marker", "m+", "甲基化", "epigenetics"},
			{"人工智能病理分析", "AI pathology", "i", "数字病理", "digital pathology"},
			{"光学相干断层成像", "optical coherence tomography", "i", "OCT", "biomedical optics"},
			{"拉曼光谱", "Raman spectroscopy", "ip", "光谱", "spectroscopy"},
			{"纳米孔测序", "nanopore sequencing", "m", "测序", "genomics"},
			{"电化学生物传感器", "electrochemical biosensor", "p+", "传感器", "biosensors"},
		},
		apps: []applTerm{
			{"肺癌早期筛查", "early lung-cancer screening", "mi", "cancer screening", ""},
			{"结直肠癌早筛", "early colorectal-cancer screening", "m", "cancer screening", ""},
			{"肝癌早期诊断", "early diagnosis of liver cancer", "mp", "liver cancer", ""},
			{"无创产前检测", "non-invasive prenatal testing", "m", "NIPT", ""},
			{"呼吸道病原体快速检测", "rapid detection of respiratory pathogens", "mp", "infectious disease", ""},
			{"肿瘤伴随诊断", "companion diagnostics in oncology", "m", "companion diagnostics", ""},
			{"罕见病遗传诊断", "genetic diagnosis of rare diseases", "m", "rare diseases", ""},
			{"阿尔茨海默病早期诊断", "early diagnosis of Alzheimer's disease", "mpi", "Alzheimer's", ""},
			{"脓毒症快速诊断", "rapid sepsis diagnosis", "pm", "sepsis", ""},
			{"急性心梗即时检测", "point-of-care testing of acute myocardial infarction", "p", "POCT", ""},
			{"眼底疾病筛查", "screening of retinal diseases", "i", "ophthalmology", ""},
			{"宫颈癌筛查", "cervical-cancer screening", "mi", "cancer screening", ""},
			{"食管癌早期诊断", "early diagnosis of oesophageal cancer", "im", "oesophageal cancer", ""},
			{"术中肿瘤边界识别", "intraoperative tumour-margin detection", "ip", "surgical oncology", ""},
		},
		products: []applTerm{{"试剂盒", "test kit", "", "", ""}, {"分析平台", "analysis platform", "", "", ""},
			{"诊断系统", "diagnostic system", "", "", ""}, {"分析仪", "analyser", "", "", ""}},
		lead: [][2]string{
			{"项目以{T}为核心技术，研发面向{A}的{P}。", "The project develops {a} {T} {P} for {A}."},
			{"针对{A}的临床需求，团队基于{T}研发{P}。", "Addressing the clinical need in {A}, the team has developed {a} {P} based on {N}."},
		},
		benefits: []applBenefit{
			func(r *rand.Rand) (string, string) {
				n, p, q := 200+10*r.IntN(180), 88+r.IntN(11), 90+r.IntN(9)
				return fmt.Sprintf("在%d例临床样本中验证，灵敏度%d%%，特异性%d%%。", n, p, q),
					fmt.Sprintf("Validated on %d clinical samples, it shows %d%% sensitivity and %d%% specificity.", n, p, q)
			},
			func(r *rand.Rand) (string, string) {
				h := 1 + r.IntN(6)
				return fmt.Sprintf("检测时间由数天缩短至%d小时，成本约为现有方法的三分之一。", h),
					fmt.Sprintf("It cuts testing time from days to %d hours at about a third of the cost of current methods.", h)
			},
		},
		fields: []string{"molecular diagnostics", "genomics", "bioinformatics", "biochemistry", "clinical laboratory medicine", "biosensors"},
	},
	{track: "health", drug: true, // therapeutics
		techs: []applTerm{
			{"靶向药物递送", "targeted drug delivery", "onm", "靶向递送", "drug delivery"},
			{"纳米药物载体", "nanoparticle drug carrier", "oni", "纳米药物", "nanomedicine"},
			{"CRISPR基因编辑", "CRISPR gene editing", "go", "基因编辑", "gene editing"},
			{"CAR-T细胞", "CAR-T cell", "o", "细胞治疗", "cell therapy"},
			{"mRNA", "mRNA", "oi", "mRNA", "RNA therapeutics"},
			{"抗体偶联药物", "antibody-drug conjugate", "o", "ADC", "biologics"},
			{"干细胞", "stem-cell", "rn", "", "regenerative medicine"},
			{"溶瘤病毒", "oncolytic virus", "o", "", "virotherapy"},
			{"小分子抑制剂", "small-molecule inhibitor", "onm", "小分子", "medicinal chemistry"},
			{"多肽", "peptide", "mi", "多肽药物", "peptide chemistry"},
			{"噬菌体", "bacteriophage", "i", "", "microbiology"},
			{"AAV基因治疗载体", "AAV gene-therapy vector", "g", "基因治疗", "gene therapy"},
			{"肠道微生物组", "gut microbiome", "mi", "肠道菌群", "microbiome"},
			{"外泌体递送", "exosome delivery", "onr", "外泌体", "exosome biology"},
		},
		apps: []applTerm{
			{"实体瘤", "solid tumours", "o", "oncology", ""},
			{"三阴性乳腺癌", "triple-negative breast cancer", "o", "breast cancer", ""},
			{"非小细胞肺癌", "non-small-cell lung cancer", "o", "lung cancer", ""},
			{"阿尔茨海默病", "Alzheimer's disease", "n", "Alzheimer's", ""},
			{"帕金森病", "Parkinson's disease", "ng", "Parkinson's", ""},
			{"2型糖尿病", "type 2 diabetes", "m", "diabetes", ""},
			{"耐药菌感染", "drug-resistant bacterial infections", "i", "antimicrobial resistance", ""},
			{"软骨损伤", "cartilage injuries", "r", "orthopaedics", ""},
			{"遗传性视网膜疾病", "inherited retinal disease", "g", "ophthalmology", ""},
			{"肝纤维化", "liver fibrosis", "m", "liver disease", ""},
			{"慢性伤口", "chronic wounds", "ri", "wound care", ""},
			{"血友病", "haemophilia", "g", "rare diseases", ""},
			{"急性髓系白血病", "acute myeloid leukaemia", "og", "leukaemia", ""},
			{"非酒精性脂肪肝", "non-alcoholic fatty liver disease", "m", "NAFLD", ""},
			{"脊髓损伤", "spinal cord injury", "rn", "neurology", ""},
		},
		products: []applTerm{{"新疗法", "therapy", "", "", ""}, {"创新疗法", "novel therapy", "", "", ""},
			{"候选药物", "drug candidate", "", "", ""}},
		lead: [][2]string{
			{"项目以{T}为核心技术，开发针对{A}的{P}。", "The project develops {a} {T} {P} for {A}."},
			{"{A}仍缺乏有效治疗手段，团队正基于{T}开发{P}。", "With few effective treatments for {A}, the team is developing {a} {T} {P}."},
		},
		benefits: []applBenefit{
			func(r *rand.Rand) (string, string) {
				y := 2019 + r.IntN(3)
				return fmt.Sprintf("已完成动物实验，药效明显优于现有标准疗法，计划于%d年提交临床试验申请。", y),
					fmt.Sprintf("Animal studies are complete and show clearly better efficacy than the current standard of care; a clinical trial application is planned for %d.", y)
			},
			func(r *rand.Rand) (string, string) {
				n, m := 3+r.IntN(15), 2+r.IntN(6)
				return fmt.Sprintf("团队拥有%d项核心专利，并已与%d家医院建立合作。", n, m),
					fmt.Sprintf("The team holds %d core patents and works with %d hospitals.", n, m)
			},
		},
		fields: []string{"pharmacology", "oncology", "immunology", "molecular biology", "medicinal chemistry", "gene therapy"},
	},
	{track: "health", // medical devices and digital health
		techs: []applTerm{
			{"可穿戴传感", "wearable sensing", "w", "可穿戴", "wearable sensors"},
			{"柔性电子皮肤", "flexible electronic skin", "wr", "柔性电子", "flexible electronics"},
			{"植入式传感器", "implantable sensor", "w+", "植入式", "bioelectronics"},
			{"脑机接口", "brain-computer interface", "rd+", "", "neural engineering"},
			{"远程医疗", "telemedicine", "dw", "", "digital health"},
			{"康复外骨骼", "rehabilitation exoskeleton", "r+", "外骨骼", "rehabilitation robotics"},
			{"手术机器人", "surgical robot", "s+", "", "medical robotics"},
			{"智能胰岛素泵", "smart insulin pump", "p+", "胰岛素泵", "medical devices"},
			{"便携式超声", "portable ultrasound", "i", "超声", "ultrasound imaging"},
			{"数字疗法", "digital therapeutics", "d", "", "digital therapeutics"},
			{"无创血糖检测", "non-invasive glucose sensing", "p", "血糖", "biosensors"},
			{"光声成像", "photoacoustic imaging", "is", "", "biomedical imaging"},
			{"植入器械微型电池", "implantable micro-battery", "b+", "电池", "electrochemistry"},
		},
		apps: []applTerm{
			{"慢病管理", "chronic disease management", "wd", "chronic disease", ""},
			{"心律失常监测", "arrhythmia monitoring", "w", "cardiology", ""},
			{"睡眠呼吸暂停筛查", "sleep-apnoea screening", "wd", "sleep medicine", ""},
			{"脑卒中康复", "stroke rehabilitation", "rd", "rehabilitation", ""},
			{"居家养老照护", "home care for the elderly", "wdr", "elderly care", ""},
			{"糖尿病管理", "diabetes management", "wdp", "diabetes", ""},
			{"微创骨科手术", "minimally invasive orthopaedic surgery", "si", "orthopaedics", ""},
			{"抑郁症干预", "depression intervention", "d", "mental health", ""},
			{"新生儿监护", "neonatal monitoring", "wi", "neonatology", ""},
			{"基层医疗", "primary care", "di", "primary care", ""},
			{"乳腺肿瘤筛查", "breast-tumour screening", "i", "breast cancer", ""},
			{"心脏节律管理", "cardiac rhythm management", "wsb", "cardiology", ""},
			{"脊髓损伤康复", "spinal cord injury rehabilitation", "rb", "neurorehabilitation", ""},
			{"经皮穿刺介入", "percutaneous interventions", "si", "interventional medicine", ""},
		},
		products: []applTerm{{"设备", "device", "", "", ""}, {"系统", "system", "", "", ""},
			{"平台", "platform", "", "", ""}, {"解决方案", "solution", "", "", ""}},
		lead: applSystemLeads,
		benefits: []applBenefit{
			func(r *rand.Rand) (string, string) {
				n := 2 + r.IntN(9)
				return fmt.Sprintf("已在%d家医院开展临床试用，医疗器械注册正在进行中。", n),
					fmt.Sprintf("It is in clinical trials at %d hospitals and its medical device registration is under way.", n)
			},
			func(r *rand.Rand) (string, string) {
				p := 20 + 5*r.IntN(9)
				return fmt.Sprintf("产品成本仅为进口同类产品的%d%%。", p),
					fmt.Sprintf("It costs %d%% of comparable imported products.", p)
			},
		},
		fields: []string{"biomedical engineering", "medical devices", "digital health", "signal processing", "rehabilitation"},
	},
	{track: "health", // drug R&D platforms
		techs: []applTerm{
			{"器官芯片", "organ-on-a-chip", "g", "芯片", "tissue engineering"},
			{"类器官", "organoid", "g", "", "organoid biology"},
			{"人工智能药物设计", "AI-driven drug design", "g", "AI制药", "computational chemistry"},
			{"高通量筛选", "high-throughput screening", "g", "", "drug screening"},
			{"冷冻电镜结构解析", "cryo-EM structure analysis", "g", "冷冻电镜", "structural biology"},
			{"人源化小鼠模型", "humanised mouse model", "g", "", "pharmacology"},
		},
		apps: []applTerm{
			{"肝毒性评价", "liver-toxicity evaluation", "", "toxicology", ""},
			{"抗肿瘤药物筛选", "anti-cancer drug screening", "", "oncology", ""},
			{"个体化用药指导", "personalised medication guidance", "", "precision medicine", ""},
			{"抗体药物发现", "antibody discovery", "", "antibodies", ""},
			{"神经系统药物研发", "neurological drug development", "", "neuroscience", ""},
			{"中药活性成分筛选", "screening of active compounds in traditional Chinese medicine", "", "TCM", ""},
		},
		products: []applTerm{{"平台", "platform", "", "", ""}, {"技术平台", "technology platform", "", "", ""},
			{"服务平台", "service platform", "", "", ""}},
		lead: [][2]string{
			{"项目以{T}为核心技术，搭建面向{A}的{P}。", "The project builds {a} {T} {P} for {A}."},
			{"团队利用{T}技术构建{P}，用于{A}。", "The team uses {T} technology to build {a} {P} for {A}."},
		},
		benefits: []applBenefit{
			func(r *rand.Rand) (string, string) {
				n, p := 3+r.IntN(20), 30+r.IntN(40)
				return fmt.Sprintf("平台已服务%d家药企，将候选药物筛选周期缩短%d%%。", n, p),
					fmt.Sprintf("The platform has served %d pharmaceutical companies and shortens candidate screening by %d%%.", n, p)
			},
			func(r *rand.Rand) (string, string) {
				p := 15 + r.IntN(40)
				return fmt.Sprintf("与传统动物模型相比，预测准确率提升%d%%。", p),
					fmt.Sprintf("Its predictions are %d%% more accurate than those of conventional animal models.", p)
			},
		},
		fields: []string{"drug discovery", "pharmacology", "computational biology", "toxicology"},
	},
	{track: "equipment", // robotics and manufacturing
		techs: []applTerm{
			{"协作机器人", "collaborative robot", "al+", "机器人", "robotics"},
			{"工业机器人", "industrial robot", "am+", "", "robotics"},
			{"机器视觉", "machine vision", "ia", "", "machine vision"},
			{"数字孪生", "digital twin", "g+", "", "digital twins"},
			{"工业仿真分析", "industrial simulation", "g", "仿真", "CAE simulation"},
			{"精密运动控制", "precision motion control", "am", "运动控制", "control engineering"},
			{"激光雷达", "lidar", "li", "", "lidar"},
			{"柔性夹爪", "soft gripper", "al+", "夹爪", "soft robotics"},
			{"自主移动机器人", "autonomous mobile robot", "l+", "AMR", "mobile robotics"},
			{"金属增材制造", "metal additive manufacturing", "m", "3D打印", "additive manufacturing"},
			{"超精密加工", "ultra-precision machining", "m", "精密加工", "precision engineering"},
			{"激光焊接", "laser welding", "ma", "激光", "laser processing"},
			{"预测性维护", "predictive maintenance", "im", "", "condition monitoring"},
			{"工业互联网", "industrial internet", "g", "", "industrial IoT"},
			{"超声无损检测", "ultrasonic non-destructive testing", "i", "无损检测", "NDT"},
		},
		apps: []applTerm{
			{"汽车总装", "automotive final assembly", "al", "automotive", ""},
			{"3C电子装配", "consumer-electronics assembly", "ai", "electronics assembly", ""},
			{"航空发动机叶片制造", "aero-engine blade manufacturing", "mi", "aerospace", ""},
			{"光伏组件生产", "solar-module production", "ai", "photovoltaics", ""},
			{"锂电池生产线", "lithium-battery production lines", "aim", "battery", ""},
			{"半导体封装", "semiconductor packaging", "aim", "semiconductors", ""},
			{"智能仓储物流", "smart warehouse logistics", "l", "logistics", ""},
			{"港口集装箱装卸", "container handling at ports", "l", "smart port", ""},
			{"船舶分段制造", "ship block construction", "ma", "shipbuilding", ""},
			{"医疗器械精密制造", "precision manufacturing of medical devices", "ma", "medical devices", ""},
			{"风电叶片检测", "wind-turbine blade inspection", "i", "wind power", ""},
			{"轨道交通车辆检修", "maintenance of rail vehicles", "im", "rail transit", ""},
			{"模具制造", "mould and die making", "m", "tooling", ""},
			{"电商包裹分拣", "e-commerce parcel sorting", "la", "parcel sorting", ""},
		},
		products: []applTerm{{"系统", "system", "", "", ""}, {"工作站", "workstation", "", "", ""},
			{"解决方案", "solution", "", "", ""}, {"平台", "platform", "", "", ""}, {"分析平台", "analysis platform", "", "", ""}},
		lead: applSystemLeads,
		benefits: []applBenefit{
			func(r *rand.Rand) (string, string) {
				n, p, q := 2+r.IntN(12), 15+r.IntN(40), 20+r.IntN(60)
				return fmt.Sprintf("在%d家制造企业试点应用，生产效率提升%d%%，不良率下降%d%%。", n, p, q),
					fmt.Sprintf("Pilots at %d manufacturers raised productivity by %d%% and cut defect rates by %d%%.", n, p, q)
			},
			func(r *rand.Rand) (string, string) {
				p := 25 + r.IntN(45)
				return fmt.Sprintf("核心部件全部自主研发，成本较进口方案降低%d%%。", p),
					fmt.Sprintf("All core components are developed in-house, at %d%% lower cost than imported solutions.", p)
			},
		},
		fields: []string{"robotics", "mechanical engineering", "control engineering", "industrial automation", "mechatronics", "manufacturing systems"},
	},
	{track: "equipment", device: true, // energy and advanced materials
		techs: []applTerm{
			{"固态电池", "solid-state battery", "b", "电池", "electrochemistry"},
			{"钠离子电池", "sodium-ion battery", "b", "电池", "battery materials"},
			{"锂硫电池", "lithium-sulfur battery", "b", "电池", "battery materials"},
			{"电池管理系统", "battery management system", "b", "电池", "power electronics"},
			{"碳纤维复合材料", "carbon-fibre composite", "m", "复合材料", "composite materials"},
			{"碳化硅功率芯片", "silicon-carbide power chip", "p", "芯片", "power semiconductors"},
			{"氢燃料电池电堆", "hydrogen fuel-cell stack", "h", "燃料电池", "fuel cells"},
			{"石墨烯导热膜", "graphene thermal film", "sm", "石墨烯", "graphene"},
			{"钙钛矿光伏组件", "perovskite solar module", "e", "光伏", "photovoltaics"},
			{"高温超导电缆", "high-temperature superconducting cable", "p", "超导", "superconductivity"},
			{"硅光芯片", "silicon photonics chip", "s", "芯片", "silicon photonics"},
			{"MEMS传感芯片", "MEMS sensor chip", "s", "芯片", "MEMS"},
			{"超级电容器", "supercapacitor", "bp", "超级电容", "energy storage"},
			{"轻量化铝镁合金", "lightweight aluminium-magnesium alloy", "m", "轻量化", "metallurgy"},
			{"氮化镓射频器件", "gallium-nitride RF device", "s", "氮化镓", "RF electronics"},
		},
		apps: []applTerm{
			{"新能源汽车", "electric vehicles", "bpms", "EV", ""},
			{"电网储能", "grid-scale energy storage", "bp", "energy storage", ""},
			{"工业无人机", "industrial drones", "bm", "drones", ""},
			{"轨道交通", "rail transit", "pmbh", "rail transit", ""},
			{"5G基站", "5G base stations", "sp", "5G", ""},
			{"消费电子", "consumer electronics", "bsme", "consumer electronics", ""},
			{"数据中心", "data centres", "sph", "data centre", ""},
			{"航空航天", "aerospace", "mse", "aerospace", ""},
			{"海上风电", "offshore wind power", "pm", "wind power", ""},
			{"户用储能", "home energy storage", "b", "home storage", ""},
			{"城市配电网", "urban power distribution networks", "p", "power grid", ""},
			{"氢能重卡", "hydrogen heavy trucks", "h", "hydrogen", ""},
			{"光伏建筑一体化", "building-integrated photovoltaics", "e", "BIPV", ""},
			{"智能工厂传感网络", "sensor networks in smart factories", "s", "smart factory", ""},
			{"物流叉车", "logistics forklifts", "bh", "forklifts", ""},
			{"分布式屋顶电站", "distributed rooftop power plants", "e", "distributed solar", ""},
		},
		lead: applDeviceLeads,
		benefits: []applBenefit{
			func(r *rand.Rand) (string, string) {
				p, q := 15+r.IntN(50), 20+r.IntN(40)
				return fmt.Sprintf("关键性能指标较进口产品提升%d%%，成本降低%d%%。", p, q),
					fmt.Sprintf("Its key performance is %d%% better than imported products at %d%% lower cost.", p, q)
			},
			func(r *rand.Rand) (string, string) {
				n := 5 * (1 + r.IntN(20))
				return fmt.Sprintf("已建成中试线，年产能可达%d万件。", n),
					fmt.Sprintf("A pilot line is in place with an annual capacity of %s units.", applThousands(int64(n)*10000))
			},
		},
		fields: []string{"materials science", "electrochemistry", "power electronics", "energy storage", "semiconductor physics", "chemical engineering"},
	},
}
