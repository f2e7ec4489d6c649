package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// The applicants of the demo's finished 2018 edition, shaped like the Hangzhou report in
// seeds/000: 444 entries from 27 countries and regions in five divisions and three tracks,
// 39 of them led by foreign non-Chinese applicants, 70 finalists split as finalQuotas and
// 18 prizes in tiers of 3/5/10. The same generator, with another seed and scale, draws
// the judged edition's applicants (judging_entries.go). The vocabulary lives in
// entries_vocab.go.

// demoMember is a team member besides the lead applicant: name, short English role (CTO,
// Chief scientist…) and institution.
type demoMember struct{ Name, Role, Institution string }

// demoApplicant is one generated entry (of 2018 or of the judged edition): the lead
// applicant, the project and what became of it.
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
	SubmittedAt   time.Time // UTC, within the edition's screening round
	Quality       float64   // latent quality of the project (standard normal, plus its stage and the lead's degree): what judges see
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

// applEdition is what the generator draws one edition's applicants for: its year and
// screening round, its seed, how many entries come from each country and from each
// division and track, its foreign non-Chinese leads and how many applicants fail the
// rules of entry.
type applEdition struct {
	year        int
	seed        [2]uint64
	open, close time.Time         // the screening round, UTC
	countries   []applCountry     // with this edition's entries per country
	cells       map[string][3]int // entries per division and track (ai, health, equipment)
	foreign     []applForeignLead // one entry each; their residences are among countries
	rejects     int               // applicants failing eligibility, besides the foreign leads
}

// applEdition2018 is the finished 2018 edition of the Hangzhou report.
func applEdition2018() *applEdition {
	open, close := applicantScreening()
	return &applEdition{year: 2018, seed: [2]uint64{2018, 444}, open: open, close: close, countries: applCountries,
		cells: applicantCells, foreign: applForeignLeads, rejects: applicantRejects}
}

// demoApplicants generates the 444 applicants of 2018, sorted by submission time. It is
// pure and deterministic: the same fixed PCG seed gives the same applicants every call.
func demoApplicants() []demoApplicant {
	g, drafts := generateApplicants(applEdition2018())
	g.finalists(drafts)
	return applicantsOf(drafts)
}

// applicantsOf returns the applicants of drafts, each with its latent quality.
func applicantsOf(drafts []*applDraft) []demoApplicant {
	out := make([]demoApplicant, len(drafts))
	for i, d := range drafts {
		out[i] = d.a
		out[i].Quality = d.score
	}
	return out
}

// generateApplicants draws the applicants of an edition, sorted by submission time, with
// its duplicates marked; finalists and prizes are left to the caller. It is pure and
// deterministic from the edition's seed.
func generateApplicants(ed *applEdition) (*applGen, []*applDraft) {
	g := &applGen{ed: ed, r: rand.New(rand.NewPCG(ed.seed[0], ed.seed[1])), emails: map[string]bool{}, titles: map[string]bool{}}
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
	return g, drafts
}

// applGen holds the state of one generation: the edition, the random source, the mail
// addresses and titles taken, and per track the technology × application pairs still free.
type applGen struct {
	ed     *applEdition
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

// plan lays out the edition's slots (444 in 2018): countries by division, tracks per
// division exactly as its cells, its foreign non-Chinese leads (39 in 2018), and the
// rejects among the others.
func (g *applGen) plan() []applSlot {
	var slots []applSlot
	for _, d := range demoDivisions {
		var div []applSlot
		for _, c := range g.ed.countries {
			if c.division != d.Code {
				continue
			}
			n := 0
			for i := range g.ed.foreign {
				if fl := &g.ed.foreign[i]; fl.residence == c.code {
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
			for n := 0; n < g.ed.cells[d.Code][ti]; n++ {
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
	for i := 0; i < g.ed.rejects; i++ {
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
		a.PitchURL = "https://video.example.org/pitch/" + applSlug(g.ed.year, a.TitleEN)
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
	closing := g.ed.close.In(haizhi.Shanghai)
	a.Born = time.Date(closing.Year(), closing.Month(), closing.Day(), 0, 0, 0, 0, time.UTC).AddDate(-age, 0, -r.IntN(364))

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
