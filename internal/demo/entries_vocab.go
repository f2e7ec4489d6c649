package demo

import ()

// Vocabulary of the 2018 applicants (see entries_data.go): the countries they came from,
// their universities and employers, their names, and the technologies and applications
// their projects are built from. The tables are read-only: the generator draws from them
// by index and never changes them.

// applCountry is a country or region of residence of the 2018 applicants: its division,
// how many entries came from it, the naming culture of its locals, the share of
// foreign nationals (外籍华人) among the applicants of Chinese descent living there, and its
// UTC offsets in minutes in the summer of 2018 (for the time of day entries came in).
type applCountry struct {
	code, division string
	entries        int
	culture        string
	foreignShare   float64
	utcOffsets     []int
}

// applCountries are the 27 countries and regions of residence, heaviest in the US, Britain,
// Germany, Canada, Australia, Japan, Singapore and France. The entries add up to 444 and
// per division to the totals of applicantCells.
var applCountries = []applCountry{
	{"US", "north-america", 96, "en", 0.5, []int{-240, -300, -420}},
	{"CA", "north-america", 24, "en", 0.5, []int{-240, -420}},
	{"GB", "europe", 28, "en", 0.3, []int{60}},
	{"DE", "europe", 26, "de", 0.25, []int{120}},
	{"FR", "europe", 16, "fr", 0.25, []int{120}},
	{"NL", "europe", 10, "nl", 0.25, []int{120}},
	{"CH", "europe", 9, "de", 0.25, []int{120}},
	{"SE", "europe", 8, "nordic", 0.25, []int{120}},
	{"IT", "europe", 6, "it", 0.2, []int{120}},
	{"IE", "europe", 5, "en", 0.3, []int{60}},
	{"AT", "europe", 5, "de", 0.2, []int{120}},
	{"ES", "europe", 5, "es", 0.2, []int{120}},
	{"BE", "europe", 4, "nl", 0.2, []int{120}},
	{"DK", "europe", 4, "nordic", 0.2, []int{120}},
	{"FI", "europe", 4, "nordic", 0.2, []int{180}},
	{"JP", "asia-pacific", 26, "ja", 0.2, []int{540}},
	{"SG", "asia-pacific", 24, "en", 0.6, []int{480}},
	{"KR", "asia-pacific", 13, "ko", 0.15, []int{540}},
	{"IL", "asia-pacific", 9, "he", 0.3, []int{180}},
	{"IN", "asia-pacific", 7, "hi", 0.1, []int{330}},
	{"MY", "asia-pacific", 6, "ms", 0.7, []int{480}},
	{"TH", "asia-pacific", 5, "th", 0.3, []int{420}},
	{"AU", "oceania", 28, "en", 0.5, []int{600, 480}},
	{"NZ", "oceania", 6, "en", 0.5, []int{720}},
	{"HK", "greater-china", 38, "zh", 0.15, []int{480}},
	{"TW", "greater-china", 24, "zh", 0.1, []int{480}},
	{"MO", "greater-china", 8, "zh", 0.1, []int{480}},
}

// applForeignLead is one of the 39 leads who are foreign non-Chinese (外籍非华裔).
type applForeignLead struct{ name, nationality, residence string }

// applForeignLeads are the 39 foreign non-Chinese leads; most live in their own country.
var applForeignLeads = []applForeignLead{
	{"Michael Thompson", "US", "US"}, {"Jennifer Walsh", "US", "US"}, {"David Goldberg", "US", "US"},
	{"Sarah Mitchell", "US", "US"}, {"Robert Kim", "US", "US"}, {"Priya Raman", "IN", "US"},
	{"Carlos Mendoza", "US", "US"}, {"Emily Carter", "US", "US"}, {"James O'Connor", "US", "US"},
	{"Marc-André Tremblay", "CA", "CA"}, {"Olivia Campbell", "CA", "CA"},
	{"Oliver Bennett", "GB", "GB"}, {"Charlotte Hughes", "GB", "GB"}, {"Alessandro Conti", "IT", "GB"},
	{"Rajesh Patel", "GB", "GB"},
	{"Lukas Becker", "DE", "DE"}, {"Anna Schmidt", "DE", "DE"}, {"Felix Wagner", "DE", "DE"},
	{"Katharina Hoffmann", "DE", "DE"}, {"Jonas Müller", "DE", "DE"},
	{"Julien Moreau", "FR", "FR"}, {"Camille Laurent", "FR", "FR"}, {"Nicolas Dubois", "FR", "FR"},
	{"Daan de Vries", "NL", "NL"}, {"Sanne Jansen", "NL", "NL"},
	{"Sebastian Vogel", "DE", "CH"}, {"Erik Lindqvist", "SE", "SE"}, {"Giulia Romano", "IT", "IT"},
	{"Javier Fernández", "ES", "ES"},
	{"Takeshi Yamamoto", "JP", "JP"}, {"Yuki Tanaka", "JP", "JP"}, {"Ji-hoon Park", "KR", "KR"},
	{"Yael Cohen", "IL", "IL"}, {"Amit Levi", "IL", "IL"}, {"Arjun Mehta", "IN", "IN"},
	{"Kavya Iyer", "IN", "IN"}, {"Hannah Clarke", "GB", "SG"},
	{"Liam O'Brien", "AU", "AU"}, {"Chloe Anderson", "AU", "AU"},
}

// applOrg is a university, institute or company with its mail domain and, for institutes
// and companies, the tracks it works in: "a" AI, "h" health, "e" equipment.
type applOrg struct{ name, domain, tracks string }

// applUniversities are the universities of the applicants' highest degrees, by country.
var applUniversities = map[string][]applOrg{
	"US": {{"Stanford University", "stanford.edu", ""}, {"Massachusetts Institute of Technology", "mit.edu", ""},
		{"Harvard University", "harvard.edu", ""}, {"University of California, Berkeley", "berkeley.edu", ""},
		{"Carnegie Mellon University", "cmu.edu", ""}, {"University of Michigan", "umich.edu", ""},
		{"Georgia Institute of Technology", "gatech.edu", ""}, {"University of Illinois Urbana-Champaign", "illinois.edu", ""},
		{"Johns Hopkins University", "jhu.edu", ""}, {"University of Washington", "uw.edu", ""},
		{"Columbia University", "columbia.edu", ""}, {"Cornell University", "cornell.edu", ""},
		{"Purdue University", "purdue.edu", ""}, {"University of Texas at Austin", "utexas.edu", ""},
		{"University of California, Los Angeles", "ucla.edu", ""}, {"University of Pennsylvania", "upenn.edu", ""},
		{"Duke University", "duke.edu", ""}, {"Northwestern University", "northwestern.edu", ""}},
	"CA": {{"University of Toronto", "utoronto.ca", ""}, {"University of British Columbia", "ubc.ca", ""},
		{"McGill University", "mcgill.ca", ""}, {"University of Waterloo", "uwaterloo.ca", ""},
		{"University of Alberta", "ualberta.ca", ""}, {"McMaster University", "mcmaster.ca", ""}},
	"GB": {{"University of Cambridge", "cam.ac.uk", ""}, {"University of Oxford", "ox.ac.uk", ""},
		{"Imperial College London", "imperial.ac.uk", ""}, {"University College London", "ucl.ac.uk", ""},
		{"University of Edinburgh", "ed.ac.uk", ""}, {"University of Manchester", "manchester.ac.uk", ""},
		{"King's College London", "kcl.ac.uk", ""}, {"University of Bristol", "bristol.ac.uk", ""}},
	"DE": {{"Technical University of Munich", "tum.de", ""}, {"RWTH Aachen University", "rwth-aachen.de", ""},
		{"Karlsruhe Institute of Technology", "kit.edu", ""}, {"Heidelberg University", "uni-heidelberg.de", ""},
		{"Technische Universität Berlin", "tu-berlin.de", ""}, {"University of Stuttgart", "uni-stuttgart.de", ""},
		{"TU Dresden", "tu-dresden.de", ""}},
	"FR": {{"Sorbonne Université", "sorbonne-universite.fr", ""}, {"École Polytechnique", "polytechnique.edu", ""},
		{"Université Paris-Saclay", "universite-paris-saclay.fr", ""}, {"Université Grenoble Alpes", "univ-grenoble-alpes.fr", ""},
		{"INSA Lyon", "insa-lyon.fr", ""}},
	"NL": {{"Delft University of Technology", "tudelft.nl", ""}, {"Eindhoven University of Technology", "tue.nl", ""},
		{"University of Amsterdam", "uva.nl", ""}, {"Leiden University", "leidenuniv.nl", ""}},
	"CH": {{"ETH Zurich", "ethz.ch", ""}, {"EPFL", "epfl.ch", ""}, {"University of Zurich", "uzh.ch", ""},
		{"University of Basel", "unibas.ch", ""}},
	"SE": {{"KTH Royal Institute of Technology", "kth.se", ""}, {"Karolinska Institutet", "ki.se", ""},
		{"Chalmers University of Technology", "chalmers.se", ""}, {"Lund University", "lu.se", ""}},
	"IT": {{"Politecnico di Milano", "polimi.it", ""}, {"University of Bologna", "unibo.it", ""},
		{"Sapienza University of Rome", "uniroma1.it", ""}, {"Politecnico di Torino", "polito.it", ""}},
	"IE": {{"Trinity College Dublin", "tcd.ie", ""}, {"University College Dublin", "ucd.ie", ""}},
	"AT": {{"TU Wien", "tuwien.ac.at", ""}, {"University of Vienna", "univie.ac.at", ""}},
	"ES": {{"Universitat Politècnica de Catalunya", "upc.edu", ""}, {"Universidad Politécnica de Madrid", "upm.es", ""},
		{"University of Barcelona", "ub.edu", ""}},
	"BE": {{"KU Leuven", "kuleuven.be", ""}, {"Ghent University", "ugent.be", ""}},
	"DK": {{"Technical University of Denmark", "dtu.dk", ""}, {"University of Copenhagen", "ku.dk", ""}},
	"FI": {{"Aalto University", "aalto.fi", ""}, {"University of Helsinki", "helsinki.fi", ""}},
	"JP": {{"University of Tokyo", "u-tokyo.ac.jp", ""}, {"Kyoto University", "kyoto-u.ac.jp", ""},
		{"Osaka University", "osaka-u.ac.jp", ""}, {"Tohoku University", "tohoku.ac.jp", ""},
		{"Tokyo Institute of Technology", "titech.ac.jp", ""}},
	"SG": {{"National University of Singapore", "nus.edu.sg", ""}, {"Nanyang Technological University", "ntu.edu.sg", ""},
		{"Singapore University of Technology and Design", "sutd.edu.sg", ""}},
	"KR": {{"KAIST", "kaist.ac.kr", ""}, {"Seoul National University", "snu.ac.kr", ""},
		{"POSTECH", "postech.ac.kr", ""}, {"Yonsei University", "yonsei.ac.kr", ""}},
	"IL": {{"Technion – Israel Institute of Technology", "technion.ac.il", ""}, {"Weizmann Institute of Science", "weizmann.ac.il", ""},
		{"Tel Aviv University", "tau.ac.il", ""}, {"Hebrew University of Jerusalem", "huji.ac.il", ""}},
	"IN": {{"IIT Bombay", "iitb.ac.in", ""}, {"IIT Delhi", "iitd.ac.in", ""}, {"Indian Institute of Science", "iisc.ac.in", ""}},
	"MY": {{"University of Malaya", "um.edu.my", ""}, {"Universiti Teknologi Malaysia", "utm.my", ""}},
	"TH": {{"Chulalongkorn University", "chula.ac.th", ""}, {"Mahidol University", "mahidol.ac.th", ""}},
	"AU": {{"University of Melbourne", "unimelb.edu.au", ""}, {"University of Sydney", "sydney.edu.au", ""},
		{"UNSW Sydney", "unsw.edu.au", ""}, {"Monash University", "monash.edu", ""},
		{"Australian National University", "anu.edu.au", ""}, {"University of Queensland", "uq.edu.au", ""}},
	"NZ": {{"University of Auckland", "auckland.ac.nz", ""}, {"University of Otago", "otago.ac.nz", ""},
		{"University of Canterbury", "canterbury.ac.nz", ""}},
	"HK": {{"University of Hong Kong", "hku.hk", ""}, {"Hong Kong University of Science and Technology", "ust.hk", ""},
		{"Chinese University of Hong Kong", "cuhk.edu.hk", ""}, {"City University of Hong Kong", "cityu.edu.hk", ""},
		{"Hong Kong Polytechnic University", "polyu.edu.hk", ""}},
	"MO": {{"University of Macau", "um.edu.mo", ""}, {"Macau University of Science and Technology", "must.edu.mo", ""}},
	"TW": {{"National Taiwan University", "ntu.edu.tw", ""}, {"National Tsing Hua University", "nthu.edu.tw", ""},
		{"National Chiao Tung University", "nctu.edu.tw", ""}},
	"CN": {{"Tsinghua University", "tsinghua.edu.cn", ""}, {"Peking University", "pku.edu.cn", ""},
		{"Zhejiang University", "zju.edu.cn", ""}, {"Shanghai Jiao Tong University", "sjtu.edu.cn", ""},
		{"University of Science and Technology of China", "ustc.edu.cn", ""}, {"Fudan University", "fudan.edu.cn", ""},
		{"Harbin Institute of Technology", "hit.edu.cn", ""}, {"Huazhong University of Science and Technology", "hust.edu.cn", ""}},
}

// applFirms are the institutes and companies the applicants work for, by country of
// residence (the others work at one of the country's universities).
var applFirms = map[string][]applOrg{
	"US": {{"Lawrence Berkeley National Laboratory", "lbl.gov", "aeh"}, {"Google", "google.com", "a"}, {"Intel", "intel.com", "ae"},
		{"Genentech", "gene.com", "h"}, {"Pfizer", "pfizer.com", "h"}, {"Qualcomm", "qualcomm.com", "a"}, {"NVIDIA", "nvidia.com", "a"},
		{"Medtronic", "medtronic.com", "h"}, {"Applied Materials", "amat.com", "e"}, {"GE Research", "ge.com", "eh"},
		{"Mayo Clinic", "mayo.edu", "h"}, {"Argonne National Laboratory", "anl.gov", "ae"}},
	"CA": {{"National Research Council Canada", "nrc-cnrc.gc.ca", "aeh"}, {"Element AI", "elementai.com", "a"},
		{"Vector Institute", "vectorinstitute.ai", "a"}, {"Ballard Power Systems", "ballard.com", "e"}},
	"GB": {{"DeepMind", "deepmind.com", "a"}, {"Arm", "arm.com", "ae"}, {"AstraZeneca", "astrazeneca.com", "h"},
		{"Rolls-Royce", "rolls-royce.com", "e"}, {"GSK", "gsk.com", "h"}, {"Francis Crick Institute", "crick.ac.uk", "h"}},
	"DE": {{"Fraunhofer Society", "fraunhofer.de", "aeh"}, {"Max Planck Society", "mpg.de", "aeh"}, {"Siemens", "siemens.com", "ae"},
		{"Bosch", "bosch.com", "ae"}, {"BASF", "basf.com", "e"}, {"Infineon Technologies", "infineon.com", "ae"}, {"SAP", "sap.com", "a"}},
	"FR": {{"CNRS", "cnrs.fr", "aeh"}, {"Inria", "inria.fr", "a"}, {"Sanofi", "sanofi.com", "h"}, {"Thales", "thalesgroup.com", "ae"},
		{"Institut Pasteur", "pasteur.fr", "h"}, {"CEA-Leti", "cea.fr", "ae"}},
	"NL": {{"Philips", "philips.com", "ah"}, {"ASML", "asml.com", "e"}, {"NXP Semiconductors", "nxp.com", "ae"}, {"TNO", "tno.nl", "aeh"}},
	"CH": {{"Roche", "roche.com", "h"}, {"Novartis", "novartis.com", "h"}, {"ABB", "abb.com", "e"}, {"IBM Research – Zurich", "zurich.ibm.com", "a"}},
	"SE": {{"Ericsson", "ericsson.com", "a"}, {"Scania", "scania.com", "e"}, {"RISE Research Institutes of Sweden", "ri.se", "aeh"}},
	"IT": {{"Italian Institute of Technology", "iit.it", "aeh"}, {"STMicroelectronics", "st.com", "ae"}},
	"IE": {{"Tyndall National Institute", "tyndall.ie", "ae"}, {"Intel Ireland", "intel.com", "ae"}},
	"AT": {{"AIT Austrian Institute of Technology", "ait.ac.at", "aeh"}, {"Infineon Technologies Austria", "infineon.com", "ae"}},
	"ES": {{"Barcelona Supercomputing Center", "bsc.es", "ah"}, {"CNIO", "cnio.es", "h"}, {"Telefónica", "telefonica.com", "a"}},
	"BE": {{"imec", "imec.be", "aeh"}, {"UCB", "ucb.com", "h"}},
	"DK": {{"Novo Nordisk", "novonordisk.com", "h"}, {"Vestas", "vestas.com", "e"}},
	"FI": {{"Nokia", "nokia.com", "a"}, {"VTT Technical Research Centre of Finland", "vtt.fi", "aeh"}},
	"JP": {{"RIKEN", "riken.jp", "aeh"}, {"Toshiba", "toshiba.co.jp", "ae"}, {"Panasonic", "panasonic.com", "ae"},
		{"FANUC", "fanuc.co.jp", "e"}, {"Takeda Pharmaceutical", "takeda.com", "h"}, {"AIST", "aist.go.jp", "aeh"}},
	"SG": {{"A*STAR", "a-star.edu.sg", "aeh"}, {"Singapore General Hospital", "sgh.com.sg", "h"}, {"ST Engineering", "stengg.com", "e"}},
	"KR": {{"Samsung Electronics", "samsung.com", "ae"}, {"LG Chem", "lgchem.com", "e"}, {"SK hynix", "skhynix.com", "ae"},
		{"KIST", "kist.re.kr", "aeh"}},
	"IL": {{"Mobileye", "mobileye.com", "a"}, {"Teva Pharmaceuticals", "tevapharm.com", "h"}},
	"IN": {{"Infosys", "infosys.com", "a"}, {"Biocon", "biocon.com", "h"}},
	"MY": {{"Monash University Malaysia", "monash.edu.my", "aeh"}, {"MIMOS", "mimos.my", "ae"}},
	"TH": {{"Asian Institute of Technology", "ait.ac.th", "aeh"}, {"NSTDA", "nstda.or.th", "aeh"}},
	"AU": {{"CSIRO", "csiro.au", "aeh"}, {"Cochlear", "cochlear.com", "h"}, {"CSL", "csl.com.au", "h"}},
	"NZ": {{"Fisher & Paykel Healthcare", "fphcare.co.nz", "h"}, {"Callaghan Innovation", "callaghaninnovation.govt.nz", "aeh"}},
	"HK": {{"ASTRI", "astri.org", "ae"}, {"Hong Kong Science and Technology Parks", "hkstp.org", "aeh"}},
	"MO": {{"Macau University of Science and Technology Hospital", "must.edu.mo", "h"}},
	"TW": {{"TSMC", "tsmc.com", "ae"}, {"ITRI", "itri.org.tw", "aeh"}},
}

// applSyl is a Chinese character or surname with its romanisation.
type applSyl struct{ zh, latin string }

// applSurnames are common Chinese surnames in pinyin.
var applSurnames = []applSyl{
	{"王", "Wang"}, {"李", "Li"}, {"张", "Zhang"}, {"刘", "Liu"}, {"陈", "Chen"}, {"杨", "Yang"}, {"黄", "Huang"},
	{"赵", "Zhao"}, {"吴", "Wu"}, {"周", "Zhou"}, {"徐", "Xu"}, {"孙", "Sun"}, {"马", "Ma"}, {"朱", "Zhu"},
	{"胡", "Hu"}, {"郭", "Guo"}, {"何", "He"}, {"高", "Gao"}, {"林", "Lin"}, {"罗", "Luo"}, {"郑", "Zheng"},
	{"梁", "Liang"}, {"谢", "Xie"}, {"宋", "Song"}, {"唐", "Tang"}, {"许", "Xu"}, {"韩", "Han"}, {"冯", "Feng"},
	{"邓", "Deng"}, {"曹", "Cao"}, {"彭", "Peng"}, {"曾", "Zeng"}, {"肖", "Xiao"}, {"田", "Tian"}, {"董", "Dong"},
	{"袁", "Yuan"}, {"潘", "Pan"}, {"于", "Yu"}, {"蒋", "Jiang"}, {"蔡", "Cai"}, {"余", "Yu"}, {"杜", "Du"},
	{"叶", "Ye"}, {"程", "Cheng"}, {"苏", "Su"}, {"魏", "Wei"}, {"吕", "Lyu"}, {"丁", "Ding"}, {"任", "Ren"},
	{"沈", "Shen"}, {"姚", "Yao"}, {"卢", "Lu"}, {"钟", "Zhong"}, {"汪", "Wang"}, {"方", "Fang"}, {"陆", "Lu"},
	{"金", "Jin"}, {"白", "Bai"}, {"崔", "Cui"}, {"贺", "He"},
}

// applDialectSurnames are the Hokkien/Cantonese spellings Singaporean and Malaysian Chinese
// use for some surnames.
var applDialectSurnames = map[string]string{
	"陈": "Tan", "林": "Lim", "李": "Lee", "黄": "Ng", "张": "Teo", "吴": "Goh", "王": "Ong", "刘": "Lau",
	"杨": "Yeo", "郑": "Tay", "许": "Koh", "谢": "Chia", "蔡": "Chua", "梁": "Leong", "周": "Chew",
}

// applGiven is a character of given names: Chinese, pinyin, and its use: "m" in men's
// names, "f" in women's, "s" good as a one-character name.
type applGiven struct{ zh, latin, use string }

// applGivenChars are characters of given names; none has a pinyin starting with a vowel,
// so two of them join without an apostrophe.
var applGivenChars = []applGiven{
	{"伟", "wei", "ms"}, {"磊", "lei", "ms"}, {"军", "jun", "ms"}, {"杰", "jie", "ms"}, {"涛", "tao", "ms"}, {"明", "ming", "ms"}, {"超", "chao", "ms"},
	{"斌", "bin", "ms"}, {"鹏", "peng", "ms"}, {"辉", "hui", "ms"}, {"华", "hua", "mfs"}, {"强", "qiang", "ms"}, {"峰", "feng", "ms"}, {"宇", "yu", "mfs"},
	{"浩", "hao", "ms"}, {"俊", "jun", "ms"}, {"凯", "kai", "ms"}, {"健", "jian", "ms"}, {"晨", "chen", "mfs"}, {"博", "bo", "ms"}, {"文", "wen", "mfs"},
	{"志", "zhi", "m"}, {"刚", "gang", "ms"}, {"勇", "yong", "ms"}, {"海", "hai", "ms"}, {"林", "lin", "mfs"}, {"立", "li", "ms"}, {"建", "jian", "m"},
	{"国", "guo", "m"}, {"新", "xin", "mf"}, {"丽", "li", "fs"}, {"娟", "juan", "fs"}, {"敏", "min", "mfs"}, {"静", "jing", "fs"}, {"婷", "ting", "fs"},
	{"雪", "xue", "fs"}, {"琳", "lin", "fs"}, {"颖", "ying", "fs"}, {"欣", "xin", "fs"}, {"佳", "jia", "mfs"}, {"慧", "hui", "fs"}, {"晓", "xiao", "mf"},
	{"雅", "ya", "f"}, {"倩", "qian", "fs"}, {"洁", "jie", "fs"}, {"芳", "fang", "fs"}, {"红", "hong", "fs"}, {"霞", "xia", "fs"}, {"萍", "ping", "fs"},
	{"燕", "yan", "fs"}, {"璐", "lu", "fs"}, {"蕾", "lei", "fs"}, {"思", "si", "mf"}, {"梦", "meng", "f"}, {"嘉", "jia", "mf"}, {"子", "zi", "mf"},
	{"天", "tian", "m"}, {"一", "yi", "mf"}, {"泽", "ze", "m"}, {"宏", "hong", "ms"}, {"毅", "yi", "ms"}, {"睿", "rui", "ms"}, {"哲", "zhe", "ms"},
	{"翔", "xiang", "ms"}, {"远", "yuan", "m"}, {"航", "hang", "ms"}, {"帆", "fan", "mfs"}, {"昊", "hao", "ms"}, {"然", "ran", "mfs"}, {"乐", "le", "mf"},
	{"诗", "shi", "f"}, {"楠", "nan", "mfs"}, {"瑶", "yao", "fs"}, {"玥", "yue", "fs"}, {"琪", "qi", "fs"}, {"蓉", "rong", "fs"}, {"舒", "shu", "f"},
	{"卓", "zhuo", "ms"}, {"清", "qing", "mf"}, {"永", "yong", "m"},
}

// applEnglishGiven are the English given names some foreign nationals of Chinese descent
// use, men's and women's.
var applEnglishGiven = map[byte][]string{
	'm': {"David", "Michael", "Kevin", "Jason", "Eric", "Andrew", "Peter", "Steven", "Frank", "Tony", "Jack", "Leo", "Ryan"},
	'f': {"Grace", "Jenny", "Helen", "Vivian", "Amy", "Linda", "Cindy", "Annie", "Joyce", "Irene", "Sophia"},
}

// applLocalNames are given and family names by naming culture, for team members.
var applLocalNames = map[string]struct{ given, family []string }{
	"en": {[]string{"James", "John", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Daniel",
		"Matthew", "Andrew", "Mark", "Paul", "Steven", "Emma", "Olivia", "Sophie", "Emily", "Hannah", "Rachel",
		"Laura", "Jessica", "Sarah", "Rebecca", "Katherine", "Megan"},
		[]string{"Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Walker", "Wright",
			"Robinson", "Thompson", "White", "Harris", "Martin", "Clarke", "Lewis", "Young", "Hall", "Allen", "King",
			"Scott", "Green", "Baker", "Adams", "Nelson", "Carter", "Roberts", "Turner", "Phillips", "Campbell",
			"Parker", "Collins", "Stewart", "Murphy", "Cooper", "Reed", "Bailey", "Bell"}},
	"de": {[]string{"Lukas", "Felix", "Jonas", "Maximilian", "Leon", "Paul", "Tobias", "Florian", "Stefan",
		"Johannes", "Anna", "Laura", "Julia", "Lena", "Sarah", "Katharina", "Miriam", "Sophie"},
		[]string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
			"Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger",
			"Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Huber", "Gruber", "Bauer"}},
	"fr": {[]string{"Julien", "Nicolas", "Thomas", "Antoine", "Maxime", "Pierre", "Alexandre", "Guillaume",
		"Mathieu", "Camille", "Claire", "Manon", "Léa", "Chloé", "Marie", "Julie", "Élodie", "Céline"},
		[]string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
			"Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert",
			"Fontaine", "Rousseau", "Mercier"}},
	"nl": {[]string{"Daan", "Sem", "Lucas", "Bram", "Thijs", "Ruben", "Jeroen", "Pieter", "Sanne", "Lotte",
		"Eva", "Femke", "Anouk", "Maaike"},
		[]string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit",
			"Meijer", "de Boer", "Mulder", "Peeters", "Janssens", "Maes"}},
	"nordic": {[]string{"Erik", "Lars", "Anders", "Johan", "Mikael", "Henrik", "Mads", "Jesper", "Mikko", "Juha",
		"Astrid", "Ingrid", "Sofia", "Maja", "Emma", "Freja", "Aino", "Laura"},
		[]string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Lindqvist", "Berg",
			"Nielsen", "Jensen", "Hansen", "Pedersen", "Christensen", "Virtanen", "Korhonen", "Mäkinen", "Nieminen"}},
	"it": {[]string{"Marco", "Luca", "Alessandro", "Andrea", "Matteo", "Lorenzo", "Davide", "Francesco", "Giulia",
		"Chiara", "Francesca", "Sara", "Martina", "Elena"},
		[]string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
			"Greco", "Bruno", "Gallo", "Conti", "De Luca", "Costa"}},
	"es": {[]string{"Javier", "Carlos", "Pablo", "Alejandro", "Daniel", "Sergio", "Jorge", "David", "Lucía",
		"María", "Laura", "Marta", "Paula", "Elena"},
		[]string{"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
			"Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno"}},
	"ja": {[]string{"Takeshi", "Hiroshi", "Kenji", "Daisuke", "Takuya", "Yusuke", "Shota", "Kazuki", "Yuki",
		"Aiko", "Haruka", "Misaki", "Naoko", "Yui", "Sakura"},
		[]string{"Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
			"Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue"}},
	"ko": {[]string{"Ji-hoon", "Min-jun", "Seo-jun", "Hyun-woo", "Jae-won", "Dong-hyun", "Ji-woo", "Seo-yeon",
		"Min-seo", "Ha-eun", "Ji-min", "Soo-jin"},
		[]string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Shin"}},
	"he": {[]string{"Yael", "Noa", "Tamar", "Michal", "Shira", "Avi", "Yossi", "Eitan", "Noam", "Amit", "Oren",
		"Itai", "Daniel"},
		[]string{"Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman", "Azoulay", "Katz", "Shapiro",
			"Ben-David", "Goldstein", "Rosenberg"}},
	"hi": {[]string{"Arjun", "Rahul", "Vikram", "Rohan", "Aditya", "Karthik", "Sanjay", "Priya", "Ananya",
		"Kavya", "Neha", "Divya", "Shreya"},
		[]string{"Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Singh", "Kumar", "Nair", "Rao", "Menon", "Mehta",
			"Joshi", "Desai", "Krishnan"}},
	"ms": {[]string{"Ahmad", "Muhammad", "Hafiz", "Faizal", "Azlan", "Nur", "Siti", "Aisyah", "Farah", "Nurul"},
		[]string{"Ismail", "Rahman", "Hassan", "Ibrahim", "Yusof", "Osman", "Aziz", "Hamid"}},
	"th": {[]string{"Somchai", "Anan", "Krit", "Nattapong", "Thanawat", "Siriporn", "Kanya", "Pimchanok", "Suda",
		"Ploy"},
		[]string{"Srisuk", "Wongsawat", "Chaiyaporn", "Boonmee", "Saetang", "Rattanakorn", "Kittisak",
			"Suwannarat"}},
}

// applRoles are the roles of team members: common ones, then by track.
var applRoles = map[string][]string{
	"":          {"CTO", "COO", "CFO", "Chief scientist", "Head of R&D", "Product manager", "Business development"},
	"ai":        {"Algorithm engineer", "Data scientist", "Software architect"},
	"health":    {"Clinical lead", "Regulatory affairs", "Biologist", "Medical director"},
	"equipment": {"Mechanical engineer", "Hardware engineer", "Process engineer", "Manufacturing lead"},
}
