package demo

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// applResidenceDivision is where each country or region of residence belongs.
var applResidenceDivision = map[string]string{
	"US": "north-america", "CA": "north-america",
	"GB": "europe", "DE": "europe", "FR": "europe", "NL": "europe", "SE": "europe", "CH": "europe", "IT": "europe",
	"ES": "europe", "BE": "europe", "DK": "europe", "FI": "europe", "IE": "europe", "AT": "europe", "NO": "europe",
	"PL": "europe", "PT": "europe",
	"JP": "asia-pacific", "KR": "asia-pacific", "SG": "asia-pacific", "IL": "asia-pacific", "IN": "asia-pacific",
	"MY": "asia-pacific", "TH": "asia-pacific", "VN": "asia-pacific", "ID": "asia-pacific", "PH": "asia-pacific",
	"AU": "oceania", "NZ": "oceania",
	"HK": "greater-china", "MO": "greater-china", "TW": "greater-china",
}

func TestDemoApplicantsDeterministic(t *testing.T) {
	a, b := demoApplicants(), demoApplicants()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two calls differ")
	}
	a[0].Name, a[0].Fields[0], a[0].Team[0].Name = "x", "x", "x"
	if c := demoApplicants(); !reflect.DeepEqual(b, c) {
		t.Fatal("changing one result changed the next: shared state")
	}
}

func TestDemoApplicantsShape(t *testing.T) {
	as := demoApplicants()
	if len(as) != 444 {
		t.Fatalf("%d applicants, want 444", len(as))
	}
	residences, divisions, tracks, cells := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	foreign := 0
	for i, a := range as {
		residences[a.Residence]++
		divisions[a.Division]++
		tracks[a.Track]++
		cells[a.Division+"/"+a.Track]++
		if d, ok := applResidenceDivision[a.Residence]; !ok || d != a.Division {
			t.Errorf("%d: residence %s in division %s", i, a.Residence, a.Division)
		}
		if a.Category == applForeignNonChinese {
			foreign++
		}
	}
	if len(residences) != 27 {
		t.Errorf("%d countries of residence, want 27", len(residences))
	}
	if foreign != 39 {
		t.Errorf("%d foreign non-Chinese leads, want 39", foreign)
	}
	around := map[string]int{"north-america": 120, "europe": 130, "asia-pacific": 90, "oceania": 34, "greater-china": 70}
	for d, n := range around {
		if divisions[d] < n-10 || divisions[d] > n+10 {
			t.Errorf("%s: %d entries, want about %d", d, divisions[d], n)
		}
	}
	if len(divisions) != 5 {
		t.Errorf("divisions %v", divisions)
	}
	share := map[string]float64{"ai": 0.40, "health": 0.33, "equipment": 0.27}
	for tr, s := range share {
		if got := float64(tracks[tr]) / 444; got < s-0.03 || got > s+0.03 {
			t.Errorf("track %s: %.2f of entries, want about %.2f", tr, got, s)
		}
	}
	if len(tracks) != 3 {
		t.Errorf("tracks %v", tracks)
	}
	for _, d := range demoDivisions {
		for i, tr := range demoTracks {
			if q := finalQuotas[d.Code][i]; cells[d.Code+"/"+tr.Code] <= q {
				t.Errorf("%s/%s: %d entries for %d final places", d.Code, tr.Code, cells[d.Code+"/"+tr.Code], q)
			}
		}
	}
	for _, c := range []string{"US", "GB", "DE", "CA", "AU", "JP", "SG", "FR"} {
		if residences[c] < 15 {
			t.Errorf("%s: only %d entries", c, residences[c])
		}
	}
}

func TestDemoApplicantsFinalistsAndPrizes(t *testing.T) {
	as := demoApplicants()
	finalists, prizes := map[string]int{}, map[int]int{}
	prizeDivisions, firstDivisions := map[string]bool{}, map[string]bool{}
	total := 0
	for i, a := range as {
		if a.Finalist {
			total++
			finalists[a.Division+"/"+a.Track]++
			if !applicantEligible(a) || a.DuplicateOf >= 0 {
				t.Errorf("%d: finalist is ineligible or a duplicate", i)
			}
		}
		if a.PrizeRank != 0 {
			if !a.Finalist {
				t.Errorf("%d: prize %d without reaching the final", i, a.PrizeRank)
			}
			prizes[a.PrizeRank]++
			prizeDivisions[a.Division] = true
			if a.PrizeRank == 1 {
				firstDivisions[a.Division] = true
			}
		}
	}
	if total != 70 {
		t.Errorf("%d finalists, want 70", total)
	}
	for _, d := range demoDivisions {
		for i, tr := range demoTracks {
			if got, want := finalists[d.Code+"/"+tr.Code], finalQuotas[d.Code][i]; got != want {
				t.Errorf("%s/%s: %d finalists, want %d", d.Code, tr.Code, got, want)
			}
		}
	}
	if !reflect.DeepEqual(prizes, map[int]int{1: 3, 2: 5, 3: 10}) {
		t.Errorf("prizes by rank %v, want 3/5/10", prizes)
	}
	if len(prizeDivisions) != 5 || len(firstDivisions) != 3 {
		t.Errorf("prizes in %d divisions, first prizes in %d, want 5 and 3", len(prizeDivisions), len(firstDivisions))
	}
}

func TestDemoApplicantsPeople(t *testing.T) {
	as := demoApplicants()
	countries := map[string]bool{"CN": true}
	for _, c := range applCountries {
		countries[c.code] = true
	}
	emailRe := regexp.MustCompile(`^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]{2,}$`)
	ages, core, rejects := map[int]int{}, 0, 0
	for i, a := range as {
		if !countries[a.Nationality] || !countries[a.DegreeCountry] {
			t.Errorf("%d: nationality %q, degree country %q", i, a.Nationality, a.DegreeCountry)
		}
		if !emailRe.MatchString(a.Email) {
			t.Errorf("%d: email %q", i, a.Email)
		}
		if a.Name == "" || a.Institution == "" || a.Employer == "" {
			t.Errorf("%d: name %q, institution %q, employer %q", i, a.Name, a.Institution, a.Employer)
		}
		switch a.Category {
		case applForeignNonChinese:
			if a.NameZH != "" || a.Locale != "en" {
				t.Errorf("%d: foreign non-Chinese %q with Chinese name %q, locale %s", i, a.Name, a.NameZH, a.Locale)
			}
		case applForeignChinese, applChineseAbroad:
			if !applHasHan(a.NameZH) || applHasHan(a.Name) {
				t.Errorf("%d: %q / %q", i, a.Name, a.NameZH)
			}
			if (a.Category == applChineseAbroad) != (a.Nationality == "CN") {
				t.Errorf("%d: %s of nationality %s", i, a.Category, a.Nationality)
			}
		default:
			t.Errorf("%d: category %q", i, a.Category)
		}
		if a.Locale != "en" && a.Locale != "zh-CN" {
			t.Errorf("%d: locale %q", i, a.Locale)
		}
		if a.Born.Location() != time.UTC || a.Born.Hour() != 0 || a.Born.Minute() != 0 {
			t.Errorf("%d: born %v is not a date", i, a.Born)
		}
		age := applicantAge(a.Born)
		ages[age]++
		if age < 26 || age > 58 {
			t.Errorf("%d: aged %d", i, age)
		}
		if age >= 30 && age <= 45 {
			core++
		}
		if a.Degree != "bachelor" && a.Degree != "master" && a.Degree != "doctorate" {
			t.Errorf("%d: degree %q", i, a.Degree)
		}
		if a.YearsAbroad < 0 || a.YearsAbroad > age-18 {
			t.Errorf("%d: %d years abroad at %d", i, a.YearsAbroad, age)
		}
		if n := len(a.Fields); n < 2 || n > 4 {
			t.Errorf("%d: fields %v", i, a.Fields)
		}
		if n := len(a.Team); n < 1 || n > 4 {
			t.Errorf("%d: team of %d", i, n)
		}
		for _, m := range a.Team {
			if m.Name == "" || m.Role == "" || m.Institution == "" {
				t.Errorf("%d: member %+v", i, m)
			}
		}
		if !applicantEligible(a) {
			rejects++
			if a.Finalist {
				t.Errorf("%d: ineligible finalist", i)
			}
		}
	}
	if core*10 < len(as)*6 {
		t.Errorf("only %d of %d aged 30–45", core, len(as))
	}
	if rejects != applicantRejects {
		t.Errorf("%d ineligible applicants, want %d", rejects, applicantRejects)
	}
}

func TestDemoApplicantsDuplicates(t *testing.T) {
	as := demoApplicants()
	samePerson, sameProject := 0, 0
	for j, b := range as {
		if b.DuplicateOf < 0 {
			continue
		}
		i := b.DuplicateOf
		if i >= j {
			t.Fatalf("%d duplicates the later %d", j, i)
		}
		a := as[i]
		switch {
		case a.Email == b.Email:
			samePerson++
			if a.Name != b.Name || !a.Born.Equal(b.Born) || (a.Track == b.Track && a.Division == b.Division) {
				t.Errorf("%d/%d: not the same person entering another track or division", i, j)
			}
		default:
			sameProject++
			if a.Name == b.Name || a.SummaryZH != b.SummaryZH || a.SummaryEN != b.SummaryEN || a.TitleZH == b.TitleZH {
				t.Errorf("%d/%d: not the same project from another person", i, j)
			}
			if d := applWordDiff(a.TitleEN, b.TitleEN); d < 1 || d > 2 {
				t.Errorf("%d/%d: titles %q and %q differ by %d words", i, j, a.TitleEN, b.TitleEN, d)
			}
		}
	}
	if samePerson != 2 || sameProject != 1 {
		t.Errorf("%d same-person and %d same-project duplicates, want 2 and 1", samePerson, sameProject)
	}
	byEmail := map[string][]int{}
	for i, a := range as {
		byEmail[a.Email] = append(byEmail[a.Email], i)
	}
	shared := 0
	for e, is := range byEmail {
		if len(is) > 1 {
			shared++
			if len(is) != 2 || as[is[1]].DuplicateOf != is[0] {
				t.Errorf("%s used by %v", e, is)
			}
		}
	}
	if shared != 2 {
		t.Errorf("%d shared addresses, want 2", shared)
	}
}

// applWordDiff is how many words of a are not in b, or of b not in a, whichever is more.
func applWordDiff(a, b string) int {
	count := func(x, y string) int {
		n := 0
		for _, w := range strings.Fields(x) {
			if !strings.Contains(" "+y+" ", " "+w+" ") {
				n++
			}
		}
		return n
	}
	return max(count(a, b), count(b, a))
}

func TestDemoApplicantsProjects(t *testing.T) {
	as := demoApplicants()
	titles := map[string]int{}
	chips, batteries, pitches := 0, 0, 0
	sentenceEN := regexp.MustCompile(`[.!?](\s|$)`)
	stages := map[string]int{}
	for i, a := range as {
		for _, s := range []string{a.TitleZH, a.TitleEN} {
			if j, ok := titles[s]; ok {
				t.Errorf("%d and %d share the title %q", j, i, s)
			}
			titles[s] = i
		}
		if !applHasHan(a.TitleZH) || applHasHan(a.TitleEN) || applHasHan(a.SummaryEN) || !applHasHan(a.SummaryZH) {
			t.Errorf("%d: languages mixed up in %q / %q", i, a.TitleZH, a.TitleEN)
		}
		nzh, nen := strings.Count(a.SummaryZH, "。"), len(sentenceEN.FindAllString(a.SummaryEN, -1))
		if nzh < 2 || nzh > 3 || nzh != nen {
			t.Errorf("%d: %d Chinese and %d English sentences:\n%s\n%s", i, nzh, nen, a.SummaryZH, a.SummaryEN)
		}
		if strings.Contains(a.SummaryEN, "{") || strings.Contains(a.SummaryZH, "{") {
			t.Errorf("%d: unfilled template: %s", i, a.SummaryEN)
		}
		if n := len(a.Keywords); n < 3 || n > 5 {
			t.Errorf("%d: keywords %v", i, a.Keywords)
		}
		hasZH, hasEN := false, false
		for _, k := range a.Keywords {
			if applHasHan(k) {
				hasZH = true
			} else {
				hasEN = true
			}
		}
		if !hasZH || !hasEN {
			t.Errorf("%d: keywords %v do not mix Chinese and English", i, a.Keywords)
		}
		if strings.Contains(a.TitleZH+a.SummaryZH, "芯片") {
			chips++
		}
		if strings.Contains(a.TitleZH+a.SummaryZH, "电池") || strings.Contains(strings.ToLower(a.TitleEN+a.SummaryEN), "battery") {
			batteries++
		}
		stages[a.Stage]++
		if a.FundingNeed < 2_000_000 || a.FundingNeed > 50_000_000 || a.FundingNeed%1_000_000 != 0 {
			t.Errorf("%d: funding need %d", i, a.FundingNeed)
		}
		if a.PitchURL != "" {
			pitches++
			if !strings.HasPrefix(a.PitchURL, "https://video.example.org/pitch/2018-") {
				t.Errorf("%d: pitch %q", i, a.PitchURL)
			}
		}
	}
	if chips < 15 || batteries < 10 {
		t.Errorf("%d entries mention 芯片 and %d batteries, want at least 15 and 10", chips, batteries)
	}
	if len(stages) != 4 || stages["idea"] == 0 || stages["scaling"] == 0 {
		t.Errorf("stages %v", stages)
	}
	if pitches < 200 || pitches > 400 {
		t.Errorf("%d of 444 with a pitch video", pitches)
	}
}

func TestDemoApplicantsSubmitted(t *testing.T) {
	open, close := applicantScreening()
	sc := editionStructure(2018).Rounds[0]
	if sc.Kind != haizhi.RoundScreening || !sc.OpensAt.Equal(open) || !sc.ClosesAt.Equal(close) {
		t.Fatalf("screening %v–%v, the 2018 edition says %v–%v", open, close, sc.OpensAt, sc.ClosesAt)
	}
	if want := time.Date(2018, 4, 1, 1, 0, 0, 0, time.UTC); !open.Equal(want) {
		t.Fatalf("opens %v", open)
	}
	as := demoApplicants()
	first, last := 0, 0
	for i, a := range as {
		if a.SubmittedAt.Location() != time.UTC || a.SubmittedAt.Before(open) || a.SubmittedAt.After(close) {
			t.Errorf("%d: submitted %v", i, a.SubmittedAt)
		}
		if i > 0 && a.SubmittedAt.Before(as[i-1].SubmittedAt) {
			t.Errorf("%d: not in order of submission", i)
		}
		if a.SubmittedAt.Before(open.AddDate(0, 0, 10)) {
			first++
		}
		if a.SubmittedAt.After(close.AddDate(0, 0, -10)) {
			last++
		}
	}
	if last < 3*first || last < 150 {
		t.Errorf("%d entries in the first ten days, %d in the last ten: no rush to the deadline", first, last)
	}
}

// TestDemoApplicantsDistribution logs the figures of the generated edition (go test -v).
func TestDemoApplicantsDistribution(t *testing.T) {
	as := demoApplicants()
	type row struct{ entries, finalists, prizes, foreign int }
	cells := map[string]*row{}
	countries := map[string]int{}
	for _, a := range as {
		countries[a.Residence]++
		for _, k := range []string{a.Division + " " + a.Track, a.Division, "all"} {
			if cells[k] == nil {
				cells[k] = &row{}
			}
			c := cells[k]
			c.entries++
			if a.Finalist {
				c.finalists++
			}
			if a.PrizeRank > 0 {
				c.prizes++
			}
			if a.Category == applForeignNonChinese {
				c.foreign++
			}
		}
	}
	keys := make([]string, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		c := cells[k]
		fmt.Fprintf(&b, "%-26s %4d entries %3d finalists %3d prizes %3d foreign\n", k, c.entries, c.finalists, c.prizes, c.foreign)
	}
	fmt.Fprintf(&b, "countries: %v\n", countries)
	t.Log("\n" + b.String())
}
