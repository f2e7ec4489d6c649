package demo

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/haizhi-dev/haizhi"
)

// The applicants of the demo's finished 2018 edition, shaped like the Hangzhou report in
// seeds/000: 444 entries from 27 countries and regions in five divisions and three tracks,
// 39 of them led by foreign non-Chinese applicants, 70 finalists split as finalQuotas and
// 18 prizes in tiers of 3/5/10. The vocabulary lives in entries_vocab.go.

// demoMember is a team member besides the lead applicant: name, short English role (CTO,
// Chief scientist…) and institution.
type demoMember struct{ Name, Role, Institution string }

// demoApplicant is one 2018 entry: the lead applicant, the project and what became of it.
type demoApplicant struct {
	Name          string // as the person writes it: pinyin for leads of Chinese descent, local names otherwise
	NameZH        string // Chinese name, "" for foreign non-Chinese leads
	Email         string // lower case, name-based, at the employer's domain; shared only by a same-person duplicate
	Locale        string // "en" or "zh-CN"
	Nationality   string // ISO 3166-1 alpha-2; "CN" for Chinese citizens
	Category      string // "foreign_non_chinese" (外籍非华裔), "foreign_chinese" (外籍华人) or "chinese_abroad" (华侨/留学人员)
	Residence     string // ISO alpha-2 country or region of residence; fits Division
	Born          time.Time
	Degree        string // "bachelor", "master" or "doctorate"
	DegreeCountry string // ISO alpha-2 of the highest degree; "CN" for a few with years of work abroad
	Institution   string // university of the highest degree
	Employer      string
	YearsAbroad   int // years of work abroad, not counting study (the form's "years-abroad")
	Fields        []string
	Division      string
	Track         string
	TitleZH       string
	TitleEN       string
	SummaryZH     string
	SummaryEN     string
	Keywords      []string
	Stage         string // "idea", "prototype", "revenue" or "scaling"
	FundingNeed   int64  // RMB yuan
	Team          []demoMember
	PitchURL      string
	SubmittedAt   time.Time // UTC, within the 2018 screening round
	Finalist      bool
	PrizeRank     int // 0 none, else 1, 2 or 3
	DuplicateOf   int // index of the applicant this one duplicates, or -1
}

// The categories of nationality of a lead applicant.
const (
	applForeignNonChinese = "foreign_non_chinese"
	applForeignChinese    = "foreign_chinese"
	applChineseAbroad     = "chinese_abroad"
)

// applicantRejects is how many applicants fail the eligibility rules (no overseas
// master's or doctorate and under three years abroad, or older than 55).
const applicantRejects = 12

// applicantCells are the entries per division and track (ai, health, equipment): AI about
// 40%, health 33%, equipment 27%, each cell well above its final quota.
var applicantCells = map[string][3]int{
	"north-america": {48, 40, 32}, "europe": {52, 43, 35}, "asia-pacific": {36, 30, 24},
	"oceania": {14, 11, 9}, "greater-china": {28, 23, 19},
}

// applicantPrizes are the prizes per division; the 18 are then ranked 3/5/10 overall.
var applicantPrizes = map[string]int{
	"north-america": 5, "europe": 5, "asia-pacific": 3, "oceania": 1, "greater-china": 4,
}

// applicantScreening is the 2018 screening round, in UTC: 1 April 09:00 to 30 June 18:00
// in Hangzhou (the first round of editionStructure(2018)).
func applicantScreening() (open, close time.Time) {
	return time.Date(2018, 4, 1, 9, 0, 0, 0, haizhi.Shanghai).UTC(),
		time.Date(2018, 6, 30, 18, 0, 0, 0, haizhi.Shanghai).UTC()
}

// applicantAge is the age on the closing day of the 2018 screening round.
func applicantAge(born time.Time) int {
	age := 2018 - born.Year()
	if born.Month() > time.June || (born.Month() == time.June && born.Day() > 30) {
		age--
	}
	return age
}

// applicantEligible applies the competition's eligibility rules (eligibilityRules): an
// overseas master's or doctorate or at least three years abroad, and at most 55.
func applicantEligible(a demoApplicant) bool {
	overseas := (a.Degree == "master" || a.Degree == "doctorate") && a.DegreeCountry != "CN"
	return (overseas || a.YearsAbroad >= 3) && applicantAge(a.Born) <= 55
}

// demoApplicants generates the 444 applicants of 2018, sorted by submission time. It is
// pure and deterministic: the same fixed PCG seed gives the same applicants every call.
func demoApplicants() []demoApplicant {
	g := &applGen{r: rand.New(rand.NewPCG(2018, 444)), emails: map[string]bool{}, titles: map[string]bool{}}
	g.pools = map[string][]applCombo{}
	for fi := range applFamilies {
		f := &applFamilies[fi]
		for ti, t := range f.techs {
			for ai, a := range f.apps {
				if strings.Contains(t.tags, "g") || strings.ContainsAny(t.tags, a.tags) {
					g.pools[f.track] = append(g.pools[f.track], applCombo{fi, ti, ai})
				}
			}
		}
	}
	slots := g.plan()
	drafts := make([]*applDraft, len(slots))
	for i, s := range slots {
		drafts[i] = g.draft(s)
	}
	slices.SortStableFunc(drafts, func(x, y *applDraft) int { return x.a.SubmittedAt.Compare(y.a.SubmittedAt) })
	g.duplicates(drafts)
	g.finalists(drafts)
	out := make([]demoApplicant, len(drafts))
	for i, d := range drafts {
		out[i] = d.a
	}
	return out
}

// applGen holds the state of one generation: the random source, the mail addresses and
// titles taken, and per track the technology × application pairs still free.
type applGen struct {
	r      *rand.Rand
	emails map[string]bool
	titles map[string]bool
	pools  map[string][]applCombo
}

// applCombo is a technology × application pair of a family.
type applCombo struct{ family, tech, app int }

// applSlot is an entry before it is drawn: where from, which track, whether its lead is
// one of the foreign non-Chinese, and whether it is to fail eligibility ("", "age",
// "degree-cn" or "bachelor").
type applSlot struct {
	country applCountry
	track   string
	foreign *applForeignLead
	reject  string
}

// applDraft is an applicant being generated, with what the later steps need.
type applDraft struct {
	a       demoApplicant
	combo   applCombo
	product int
	score   float64
	reject  bool
}

// plan lays out the 444 slots: countries by division, tracks per division exactly as
// applicantCells, the 39 foreign non-Chinese leads, and the rejects among the others.
func (g *applGen) plan() []applSlot {
	var slots []applSlot
	for _, d := range demoDivisions {
		var div []applSlot
		for _, c := range applCountries {
			if c.division != d.Code {
				continue
			}
			n := 0
			for i := range applForeignLeads {
				if fl := &applForeignLeads[i]; fl.residence == c.code {
					div = append(div, applSlot{country: c, foreign: fl})
					n++
				}
			}
			for ; n < c.entries; n++ {
				div = append(div, applSlot{country: c})
			}
		}
		g.r.Shuffle(len(div), func(i, j int) { div[i], div[j] = div[j], div[i] })
		k := 0
		for ti, t := range demoTracks {
			for n := 0; n < applicantCells[d.Code][ti]; n++ {
				div[k].track = t.Code
				k++
			}
		}
		if k != len(div) {
			panic(fmt.Sprintf("demo applicants: %s has %d entries by country, %d by track", d.Code, len(div), k))
		}
		slots = append(slots, div...)
	}
	var cand []int
	for i, s := range slots {
		if s.foreign == nil {
			cand = append(cand, i)
		}
	}
	g.r.Shuffle(len(cand), func(i, j int) { cand[i], cand[j] = cand[j], cand[i] })
	kinds := []string{"age", "degree-cn", "bachelor"}
	for i := 0; i < applicantRejects; i++ {
		slots[cand[i]].reject = kinds[i%len(kinds)]
	}
	return slots
}

// draft generates one applicant from its slot.
func (g *applGen) draft(s applSlot) *applDraft {
	d := &applDraft{reject: s.reject != ""}
	a := &d.a
	a.Residence, a.Division, a.Track, a.DuplicateOf = s.country.code, s.country.division, s.track, -1
	g.person(a, s)
	g.project(d)
	a.Team = g.team(a, s.country)
	if g.r.IntN(100) < 68 {
		a.PitchURL = "https://video.example.org/pitch/" + applSlug(a.TitleEN)
	}
	a.SubmittedAt = g.submitted(s.country)
	d.score = g.r.NormFloat64() + map[string]float64{"idea": -0.6, "prototype": 0, "revenue": 0.4, "scaling": 0.6}[a.Stage]
	if a.Degree == "doctorate" {
		d.score += 0.2
	}
	return d
}

// applPick returns a random element of xs.
func applPick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// person fills in the lead applicant: who they are, where they studied and work.
func (g *applGen) person(a *demoApplicant, s applSlot) {
	r := g.r
	var given, family string // for the mail address
	switch {
	case s.foreign != nil:
		a.Category, a.Nationality, a.Locale, a.Name = applForeignNonChinese, s.foreign.nationality, "en", s.foreign.name
		parts := strings.Fields(a.Name)
		given, family = parts[0], strings.Join(parts[1:], "")
	default:
		a.Category, a.Nationality, a.Locale = applChineseAbroad, "CN", "zh-CN"
		if s.reject != "degree-cn" && r.Float64() < s.country.foreignShare {
			a.Category, a.Nationality = applForeignChinese, s.country.code
			if s.country.culture == "zh" {
				a.Nationality = applPick(r, []string{"US", "CA", "GB", "AU", "SG"})
			}
			if r.IntN(100) < 30 {
				a.Locale = "en"
			}
		} else if r.IntN(100) < 5 {
			a.Locale = "en"
		}
		sex := byte('m')
		if r.IntN(100) < 25 {
			sex = 'f'
		}
		sur := applPick(r, applSurnames)
		zhGiven, pinyin, spaced := applChineseGiven(r, sex)
		a.NameZH = sur.zh + zhGiven
		given, family = applUpper(pinyin), sur.latin
		switch dialect, ok := applDialectSurnames[sur.zh]; {
		case a.Category == applForeignChinese && (a.Nationality == "SG" || a.Nationality == "MY") && ok && r.IntN(100) < 75:
			a.Name, family = dialect+" "+spaced, dialect
		case a.Category == applForeignChinese && r.IntN(100) < 30:
			given = applPick(r, applEnglishGiven[sex])
			a.Name = given + " " + sur.latin
		case a.Category == applChineseAbroad && r.IntN(100) < 15:
			a.Name = sur.latin + " " + given
		default:
			a.Name = given + " " + sur.latin
		}
	}

	age := 30 + r.IntN(16)
	switch u := r.IntN(100); {
	case s.reject == "age":
		age = 56 + r.IntN(3)
	case s.reject == "bachelor":
		age = 26 + r.IntN(3)
	case u < 12:
		age = 26 + r.IntN(4)
	case u < 25:
		age = 46 + r.IntN(10)
	}
	a.Born = time.Date(2018, 6, 30, 0, 0, 0, 0, time.UTC).AddDate(-age, 0, -r.IntN(364))

	a.Degree = applPick(r, []string{"doctorate", "doctorate", "doctorate", "doctorate", "doctorate", "doctorate", "master", "master", "master", "bachelor"})
	if a.Degree == "doctorate" && age < 29 {
		a.Degree = "master"
	}
	a.DegreeCountry = g.degreeCountry(a, s.country, age)
	gradAge := map[string]int{"bachelor": 22, "master": 24 + r.IntN(3), "doctorate": 27 + r.IntN(4)}[a.Degree]
	a.YearsAbroad = max(0, age-gradAge-r.IntN(2))
	switch {
	case s.reject == "degree-cn":
		a.Degree, a.DegreeCountry, a.YearsAbroad = applPick(r, []string{"master", "doctorate"}), "CN", 1+r.IntN(2)
	case s.reject == "bachelor":
		a.Degree, a.YearsAbroad = "bachelor", r.IntN(3)
		if a.DegreeCountry == "CN" {
			a.DegreeCountry = s.country.code
		}
	case a.DegreeCountry == "CN":
		a.YearsAbroad = max(3, a.YearsAbroad)
	case a.Degree == "bachelor":
		a.YearsAbroad = max(3, a.YearsAbroad)
	}
	a.Institution = applPick(r, applUniversities[a.DegreeCountry]).name

	org := applPick(r, applUniversities[s.country.code])
	if firms := applOrgsFor(a.Track, applFirms[s.country.code]); len(firms) > 0 && r.IntN(100) < 45 {
		org = applPick(r, firms)
	}
	a.Employer = org.name
	a.Email = g.email(given, family, org.domain)
}

// applChineseGiven draws a Chinese given name for a man ('m') or a woman ('f'): the
// characters, the pinyin as one word ("Xiaoming") and with a space per syllable ("Xiao Ming").
func applChineseGiven(r *rand.Rand, sex byte) (zh, pinyin, spaced string) {
	var one, all []applGiven
	for _, c := range applGivenChars {
		if strings.IndexByte(c.use, sex) >= 0 {
			all = append(all, c)
			if strings.Contains(c.use, "s") {
				one = append(one, c)
			}
		}
	}
	if r.IntN(100) < 25 {
		c := applPick(r, one)
		return c.zh, c.latin, applUpper(c.latin)
	}
	c1, c2 := applPick(r, all), applPick(r, all)
	return c1.zh + c2.zh, c1.latin + c2.latin, applUpper(c1.latin) + " " + applUpper(c2.latin)
}

// applOrgsFor keeps the organisations working in the track (universities work in all).
func applOrgsFor(track string, orgs []applOrg) []applOrg {
	letter := track[:1] // "a", "h" or "e"
	var out []applOrg
	for _, o := range orgs {
		if o.tracks == "" || strings.Contains(o.tracks, letter) {
			out = append(out, o)
		}
	}
	return out
}

// degreeCountry draws where the lead took the highest degree: mostly the country of
// residence, else the US, Britain or another big host; a few in China (those have worked
// abroad long enough, see person).
func (g *applGen) degreeCountry(a *demoApplicant, c applCountry, age int) string {
	r := g.r
	if a.Category == applForeignNonChinese {
		if r.IntN(100) < 80 {
			return a.Nationality
		}
		return applPick(r, []string{"US", "GB"})
	}
	switch u := r.IntN(100); {
	case u < 60:
		return c.code
	case u < 74:
		return "US"
	case u < 82:
		return "GB"
	case u < 88 && age >= 33:
		return "CN"
	default:
		return applPick(r, []string{"DE", "FR", "JP", "SG", "AU", "CA", "HK", "NL", "CH"})
	}
}

// email makes a unique lower-case address from the name at the domain.
func (g *applGen) email(given, family, domain string) string {
	gv, fm := applASCII(given), applASCII(family)
	forms := []string{gv + "." + fm, gv[:1] + fm, fm + "." + gv, gv + fm, gv + "." + fm[:1] + "." + fm}
	start := g.r.IntN(3) // most use given.family; some the initial or family.given
	if g.r.IntN(100) < 60 {
		start = 0
	}
	for i := range forms {
		if e := forms[(start+i)%len(forms)] + "@" + domain; !g.emails[e] {
			g.emails[e] = true
			return e
		}
	}
	for n := 2; ; n++ {
		if e := fmt.Sprintf("%s.%s%d@%s", gv, fm, n, domain); !g.emails[e] {
			g.emails[e] = true
			return e
		}
	}
}

// applASCII lower-cases a name for a mail address: accents dropped (ü as ue), spaces,
// hyphens and apostrophes removed.
func applASCII(s string) string {
	repl := map[rune]string{'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'é': "e", 'è': "e", 'ê': "e", 'á': "a",
		'à': "a", 'í': "i", 'ó': "o", 'ú': "u", 'ñ': "n", 'ç': "c", 'å': "a", 'ø': "o", 'ï': "i"}
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch {
		case repl[c] != "":
			b.WriteString(repl[c])
		case c >= 'a' && c <= 'z':
			b.WriteRune(c)
		}
	}
	return b.String()
}

// project draws the project: a free technology × application pair of the track, title,
// summary, keywords, stage and funding need.
func (g *applGen) project(d *applDraft) {
	r, a := g.r, &d.a
	pool := g.pools[a.Track]
	for {
		i := r.IntN(len(pool))
		d.combo = pool[i]
		pool[i] = pool[len(pool)-1]
		pool = pool[:len(pool)-1]
		f := &applFamilies[d.combo.family]
		if len(f.products) > 0 {
			d.product = r.IntN(len(f.products))
		}
		a.TitleZH, a.TitleEN = applTitle(f, d.combo, d.product)
		if !g.titles[a.TitleZH] && !g.titles[a.TitleEN] {
			break
		}
	}
	g.pools[a.Track] = pool
	g.titles[a.TitleZH], g.titles[a.TitleEN] = true, true
	f := &applFamilies[d.combo.family]
	t, app := f.techs[d.combo.tech], f.apps[d.combo.app]

	a.Stage = applPick(r, []string{"idea", "idea", "idea", "idea", "prototype", "prototype", "prototype", "prototype",
		"prototype", "prototype", "prototype", "prototype", "prototype", "revenue", "revenue", "revenue", "revenue",
		"revenue", "revenue", "scaling", "scaling"})
	if f.drug && a.Stage != "idea" {
		a.Stage = "prototype"
	}
	millions := map[string][]int64{"idea": {2, 3, 5}, "prototype": {3, 5, 8, 10}, "revenue": {5, 10, 15, 20, 30},
		"scaling": {20, 30, 50}}[a.Stage]
	a.FundingNeed = applPick(r, millions) * 1_000_000

	zh, en := []string{}, []string{}
	lead := applPick(r, f.lead)
	var p applTerm
	if len(f.products) > 0 {
		p = f.products[d.product]
	}
	zh = append(zh, applFill(lead[0], t.zh, app.zh, p.zh, t.zh))
	en = append(en, applFill(lead[1], t.en, app.en, p.en, applNoun(t)))
	bzh, ben := applPick(r, f.benefits)(r)
	szh, sen := applStageSentence(r, a.Stage, f.drug)
	switch n := r.IntN(4); {
	case a.Stage == "idea" || n == 1: // an idea has nothing to report yet
		zh, en = append(zh, szh), append(en, sen)
	case n == 0:
		zh, en = append(zh, bzh), append(en, ben)
	default:
		zh, en = append(zh, bzh, szh), append(en, ben, sen)
	}
	a.SummaryZH, a.SummaryEN = strings.Join(zh, ""), strings.Join(en, " ")

	kw := []string{t.zh, app.kw}
	if t.kw != "" {
		kw = append(kw, t.kw)
	}
	tk := applTrackKeywords[a.Track]
	if r.IntN(2) == 0 || len(kw) < 3 {
		kw = append(kw, tk[r.IntN(2)])
	}
	if r.IntN(3) == 0 {
		kw = append(kw, t.field)
	}
	if !slices.ContainsFunc(kw, applHasHan) {
		kw = append(kw, tk[0])
	}
	a.Keywords = applDedupe(kw, 5)

	fields := []string{t.field}
	for _, i := range r.Perm(len(f.fields))[:1+r.IntN(3)] {
		fields = append(fields, f.fields[i])
	}
	a.Fields = applDedupe(fields, 4)
	if len(a.Fields) < 2 {
		a.Fields = append(a.Fields, applPick(r, slices.DeleteFunc(slices.Clone(f.fields), func(s string) bool { return s == a.Fields[0] })))
	}
}

// applTitle is the bilingual title of a technology × application (× product).
func applTitle(f *applFamily, c applCombo, product int) (zh, en string) {
	t, a := f.techs[c.tech], f.apps[c.app]
	if f.device {
		return "面向" + a.zh + "的" + t.zh, applCapitalize(t.en + " for " + a.en)
	}
	p := f.products[product]
	return "基于" + t.zh + "的" + a.zh + p.zh, applCapitalize(t.en + " " + p.en + " for " + a.en)
}

// applFill fills a summary template: {T}, {A}, {P}, {N}, then {a} as the article of the
// word after it.
func applFill(tmpl, t, a, p, n string) string {
	s := strings.NewReplacer("{T}", t, "{A}", a, "{P}", p, "{N}", n).Replace(tmpl)
	for {
		i := strings.Index(s, "{a} ")
		if i < 0 {
			return s
		}
		s = s[:i] + applArticle(s[i+4:]) + " " + s[i+4:]
	}
}

// applNoun is a technology as a noun: the plural of a countable one ("surgical robots").
func applNoun(t applTerm) string {
	switch {
	case !strings.Contains(t.tags, "+"):
		return t.en
	case strings.HasSuffix(t.en, "y"):
		return strings.TrimSuffix(t.en, "y") + "ies"
	default:
		return t.en + "s"
	}
}

// applArticle is "a" or "an" for the phrase.
func applArticle(phrase string) string {
	word, _, _ := strings.Cut(phrase, " ")
	switch word {
	case "mRNA", "FPGA":
		return "an"
	case "MEMS", "CRISPR", "CAR-T":
		return "a"
	}
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}

// applCapitalize upper-cases the first letter unless the first word is like "mRNA".
func applCapitalize(s string) string {
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return applUpper(s)
}

// applUpper upper-cases the first letter of an ASCII word.
func applUpper(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// applStageSentence is the bilingual sentence on where the project stands; drug projects
// speak of research and candidates.
func applStageSentence(r *rand.Rand, stage string, drug bool) (zh, en string) {
	switch {
	case drug && stage == "idea":
		m := 6 + 6*r.IntN(3)
		return fmt.Sprintf("项目处于早期研究阶段，计划落地后%d个月内确定候选分子。", m),
			fmt.Sprintf("The project is at an early research stage and plans to select its lead candidate within %d months of landing.", m)
	case drug:
		n := 2 + r.IntN(6)
		return fmt.Sprintf("候选药物已完成临床前研究，正与%d家药企洽谈合作。", n),
			fmt.Sprintf("Preclinical studies of the lead candidate are complete and partnering talks are under way with %d pharmaceutical companies.", n)
	case stage == "idea":
		m := 6 + 3*r.IntN(4)
		return fmt.Sprintf("项目目前处于概念验证阶段，计划落地后%d个月内完成样机。", m),
			fmt.Sprintf("The project is at proof-of-concept stage and plans a prototype within %d months of landing.", m)
	case stage == "prototype":
		n := 2 + r.IntN(8)
		return fmt.Sprintf("目前已完成样机开发，正与%d家潜在客户洽谈试用。", n),
			fmt.Sprintf("A prototype is complete and trials are being discussed with %d potential customers.", n)
	case stage == "revenue":
		wan := int64(30 + 10*r.IntN(150))
		return fmt.Sprintf("产品已实现销售，2017年营业收入约%d万元。", wan),
			fmt.Sprintf("The product is on sale, with 2017 revenue of about %s.", applRMB(wan*10000))
	default:
		n := 3 + r.IntN(15)
		return fmt.Sprintf("产品已进入规模化推广阶段，客户遍及%d个国家和地区。", n),
			fmt.Sprintf("The product is being rolled out at scale, with customers in %d countries and regions.", n)
	}
}

// applRMB writes yuan for English text: "RMB 850,000" or "RMB 3.2 million".
func applRMB(yuan int64) string {
	if yuan < 1_000_000 {
		return "RMB " + applThousands(yuan)
	}
	return "RMB " + strings.TrimSuffix(fmt.Sprintf("%.1f", float64(yuan)/1e6), ".0") + " million"
}

// applThousands writes n with thousands separators.
func applThousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// applHasHan reports whether s has a Chinese character.
func applHasHan(s string) bool {
	return strings.ContainsFunc(s, func(c rune) bool { return unicode.Is(unicode.Han, c) })
}

// applDedupe drops repeated and empty strings and keeps at most n.
func applDedupe(xs []string, n int) []string {
	var out []string
	for _, x := range xs {
		if x != "" && !slices.Contains(out, x) && len(out) < n {
			out = append(out, x)
		}
	}
	return out
}

// applSlug makes the last part of a pitch video address from an English title.
func applSlug(title string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(title) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	for len(s) > 60 {
		s = s[:strings.LastIndexByte(s, '-')]
	}
	return "2018-" + s
}

// team draws one to four members besides the lead.
func (g *applGen) team(a *demoApplicant, c applCountry) []demoMember {
	r := g.r
	n := applPick(r, []int{1, 1, 2, 2, 2, 2, 3, 3, 3, 4})
	roles := append(slices.Clone(applRoles[""]), applRoles[a.Track]...)
	var out []demoMember
	for _, i := range r.Perm(len(roles))[:n] {
		chinese := c.culture == "zh" || r.IntN(100) < 65
		if a.Category == applForeignNonChinese {
			chinese = r.IntN(100) < 20
		}
		var name string
		if chinese {
			sex := byte('m')
			if r.IntN(100) < 30 {
				sex = 'f'
			}
			_, given, _ := applChineseGiven(r, sex)
			name = applUpper(given) + " " + applPick(r, applSurnames).latin
		} else {
			pool := applLocalNames[c.culture]
			name = applPick(r, pool.given) + " " + applPick(r, pool.family)
		}
		inst := a.Employer
		switch u := r.IntN(100); {
		case chinese && u < 25:
			inst = applPick(r, applUniversities["CN"]).name
		case u < 55:
			orgs := append(slices.Clone(applUniversities[c.code]), applOrgsFor(a.Track, applFirms[c.code])...)
			inst = applPick(r, orgs).name
		}
		out = append(out, demoMember{Name: name, Role: roles[i], Institution: inst})
	}
	return out
}

// applHourWeights are how likely an entry is sent in each local hour of the day.
var applHourWeights = [24]int{2, 1, 0, 0, 0, 0, 0, 1, 3, 5, 6, 6, 4, 5, 6, 6, 6, 5, 3, 3, 4, 5, 5, 4}

// submitted draws when the entry came in: 30% evenly over the round, 35% on a rising
// curve, the rest in the last two weeks and the last three days; at a waking hour of the
// applicant's time zone.
func (g *applGen) submitted(c applCountry) time.Time {
	r := g.r
	open, close := applicantScreening()
	total := 0
	for _, w := range applHourWeights {
		total += w
	}
	for {
		var f float64
		switch u := r.Float64(); {
		case u < 0.3:
			f = r.Float64()
		case u < 0.65:
			f = math.Sqrt(r.Float64())
		case u < 0.87:
			f = 1 - 0.15*r.Float64()
		default:
			f = 1 - 0.03*r.Float64()
		}
		loc := time.FixedZone("", 60*applPick(r, c.utcOffsets))
		day := open.Add(time.Duration(f * float64(close.Sub(open)))).In(loc)
		h, w := 0, r.IntN(total)
		for ; w >= applHourWeights[h]; h++ {
			w -= applHourWeights[h]
		}
		t := time.Date(day.Year(), day.Month(), day.Day(), h, r.IntN(60), r.IntN(60), 0, loc).UTC()
		if !t.Before(open) && !t.After(close) {
			return t
		}
	}
}

// duplicates marks three duplicates among the sorted drafts: two leads entering a second
// project in another track (the same person: name, address, birth date), and one project
// entered again by someone else with a title differing by a word.
func (g *applGen) duplicates(ds []*applDraft) {
	r := g.r
	used := map[int]bool{}
	ok := func(i int) bool { return !used[i] && !ds[i].reject }
	for made := 0; made < 2; {
		j := len(ds)/2 + r.IntN(len(ds)-len(ds)/2)
		b := &ds[j].a
		if !ok(j) || b.Category == applForeignNonChinese {
			continue
		}
		var cand []int
		for i := 0; i < j; i++ {
			if a := &ds[i].a; ok(i) && a.Category != applForeignNonChinese && a.Residence == b.Residence && a.Track != b.Track {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			continue
		}
		i := applPick(r, cand)
		a := &ds[i].a
		delete(g.emails, b.Email)
		b.Name, b.NameZH, b.Email, b.Locale, b.Nationality, b.Category = a.Name, a.NameZH, a.Email, a.Locale, a.Nationality, a.Category
		b.Born, b.Degree, b.DegreeCountry, b.Institution, b.Employer, b.YearsAbroad = a.Born, a.Degree, a.DegreeCountry, a.Institution, a.Employer, a.YearsAbroad
		b.Fields = slices.Clone(a.Fields)
		b.DuplicateOf = i
		used[i], used[j] = true, true
		made++
	}
	for {
		j := len(ds)/2 + r.IntN(len(ds)-len(ds)/2)
		if !ok(j) {
			continue
		}
		b := &ds[j].a
		var cand []int
		for i := 0; i < j; i++ {
			if a := &ds[i].a; ok(i) && a.Track == b.Track && a.Email != b.Email && len(applFamilies[ds[i].combo.family].products) > 1 {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			continue
		}
		i := applPick(r, cand)
		a, f := &ds[i].a, &applFamilies[ds[i].combo.family]
		p := (ds[i].product + 1 + r.IntN(len(f.products)-1)) % len(f.products)
		zh, en := applTitle(f, ds[i].combo, p)
		if g.titles[zh] || g.titles[en] {
			continue
		}
		ds[j].combo, ds[j].product = ds[i].combo, p
		b.TitleZH, b.TitleEN, b.SummaryZH, b.SummaryEN = zh, en, a.SummaryZH, a.SummaryEN
		b.Keywords, b.Fields = slices.Clone(a.Keywords), slices.Clone(a.Fields)
		if b.PitchURL != "" {
			b.PitchURL = "https://video.example.org/pitch/" + applSlug(en)
		}
		b.DuplicateOf = i
		return
	}
}

// finalists advances the best eligible, non-duplicate entries of each cell, exactly
// finalQuotas, then gives the prizes: per division as applicantPrizes, ranked overall by
// the final's scores, the three first prizes to three different divisions.
func (g *applGen) finalists(ds []*applDraft) {
	final := map[*applDraft]float64{}
	var winners []*applDraft
	for _, div := range demoDivisions {
		var fin []*applDraft
		for ti, t := range demoTracks {
			var cell []*applDraft
			for _, d := range ds {
				if d.a.Division == div.Code && d.a.Track == t.Code && d.a.DuplicateOf < 0 && applicantEligible(d.a) {
					cell = append(cell, d)
				}
			}
			slices.SortStableFunc(cell, func(x, y *applDraft) int { return cmp.Compare(y.score, x.score) })
			for _, d := range cell[:finalQuotas[div.Code][ti]] {
				d.a.Finalist = true
				final[d] = d.score + 0.7*g.r.NormFloat64()
				fin = append(fin, d)
			}
		}
		slices.SortStableFunc(fin, func(x, y *applDraft) int { return cmp.Compare(final[y], final[x]) })
		winners = append(winners, fin[:applicantPrizes[div.Code]]...)
	}
	slices.SortStableFunc(winners, func(x, y *applDraft) int { return cmp.Compare(final[y], final[x]) })
	firsts := map[string]bool{}
	for _, d := range winners {
		if len(firsts) < 3 && !firsts[d.a.Division] {
			d.a.PrizeRank, firsts[d.a.Division] = 1, true
		}
	}
	seconds := 0
	for _, d := range winners {
		switch {
		case d.a.PrizeRank == 1:
		case seconds < 5:
			d.a.PrizeRank = 2
			seconds++
		default:
			d.a.PrizeRank = 3
		}
	}
}
