package demo

// The projects of the demo applicants (2018's and the judged edition's): bilingual titles,
// summaries, keywords, stages and funding needs drawn from the vocabulary of
// entries_vocab.go.

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"
)

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
	szh, sen := applStageSentence(r, g.ed.year-1, a.Stage, f.drug)
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

// applStageSentence is the bilingual sentence on where the project stands, with revenue of
// the year before the edition (lastYear); drug projects speak of research and candidates.
func applStageSentence(r *rand.Rand, lastYear int, stage string, drug bool) (zh, en string) {
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
		return fmt.Sprintf("产品已实现销售，%d年营业收入约%d万元。", lastYear, wan),
			fmt.Sprintf("The product is on sale, with %d revenue of about %s.", lastYear, applRMB(wan*10000))
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

// applSlug makes the last part of a pitch video address from the edition's year and an
// English title.
func applSlug(year int, title string) string {
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
	return fmt.Sprint(year) + "-" + s
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
	open, close := g.ed.open, g.ed.close
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
			b.PitchURL = "https://video.example.org/pitch/" + applSlug(g.ed.year, en)
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
