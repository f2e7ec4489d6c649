package match_test

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/haizhi-dev/haizhi/internal/match"
	"github.com/haizhi-dev/haizhi/internal/textseg"
)

// simpleTokens is a tokenizer with no dictionary: lower-cased runs of letters and digits,
// and runs of Chinese characters cut into overlapping pairs (a lone character stays).
func simpleTokens(s string) []string {
	var out []string
	var word []rune
	var han []rune
	flushWord := func() {
		if len(word) > 0 {
			out = append(out, strings.ToLower(string(word)))
			word = word[:0]
		}
	}
	flushHan := func() {
		if len(han) == 1 {
			out = append(out, string(han))
		}
		for i := 0; i+1 < len(han); i++ {
			out = append(out, string(han[i:i+2]))
		}
		han = han[:0]
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan()
			word = append(word, r)
		default:
			flushWord()
			flushHan()
		}
	}
	flushWord()
	flushHan()
	return out
}

// MustMatcher builds a Matcher or fails the test.
func MustMatcher(tb testing.TB, c match.Corpus, opt match.Options) *match.Matcher {
	tb.Helper()
	if opt.Tokenize == nil {
		opt.Tokenize = simpleTokens
	}
	m, err := match.New(c, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// batteryCorpus is a Chinese project on solid-state batteries for drones, needs in English
// (one relevant, one not), a site and an investor.
func batteryCorpus() match.Corpus {
	return match.Corpus{
		Projects: []match.Project{{
			ID: "p1", Title: "无人机用固态电池", Summary: "硫化物固态电池，能量密度450Wh/kg，让无人机续航提升60%。",
			Industry: "equipment", Keywords: []string{"固态电池", "无人机"}, Stage: "prototype",
			FundingNeed: 5_000_000, PreferredLocations: []string{"余杭区"},
		}, {
			ID: "p2", Title: "眼底影像人工智能筛查", Summary: "自动筛查糖尿病视网膜病变。", Industry: "health", Stage: "revenue",
		}},
		Needs: []match.Need{{
			ID: "n1", Title: "Solid-state batteries for our UAV fleet",
			Description: "Drone maker needs safer batteries with higher energy density.",
			Industry:    "equipment", Location: "杭州市余杭区", Budget: 8_000_000,
		}, {
			ID: "n2", Title: "Canteen payment system", Description: "A hospital canteen needs a payment system.",
			Industry: "health", Location: "Hangzhou", Budget: 200_000,
		}, {
			ID: "n3", Title: "Solid-state batteries for our UAV fleet",
			Description: "Drone maker needs safer batteries with higher energy density.",
			Industry:    "equipment", Location: "Ningbo", Budget: 100_000,
		}},
		Sites: []match.Site{{
			ID: "s1", Name: "未来科技城无人机产业园", Industries: []string{"equipment", "ai"},
			Policies: "电池与无人机项目最高补助1000万元，提供厂房。", SubsidyCeiling: 10_000_000,
			Location: "余杭区", Capacity: 12,
		}},
		Investors: []match.Investor{{
			ID: "v1", Name: "Deep Tech Fund", Industries: []string{"equipment"}, Stages: []string{"prototype", "revenue"},
			TicketMin: 2_000_000, TicketMax: 10_000_000, Focus: "batteries, energy storage and drones",
		}},
	}
}

func reasonByCode(r match.Recommendation, code string) (match.Reason, bool) {
	i := slices.IndexFunc(r.Reasons, func(x match.Reason) bool { return x.Code == code })
	if i < 0 {
		return match.Reason{}, false
	}
	return r.Reasons[i], true
}

// A Chinese project meets an English need through the term list, and the recommendation
// says why, with both tokenizers.
func TestMatchReasonsAcrossLanguages(t *testing.T) {
	for name, tok := range map[string]match.Tokenizer{"simple": simpleTokens, "textseg": textseg.Default().Tokens} {
		m := MustMatcher(t, batteryCorpus(), match.Options{Tokenize: tok})
		recs, err := m.ForProject("p1", match.KindNeed, 5, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[0].Target != "n1" || recs[1].Target != "n3" {
			t.Fatalf("%s: got %+v, want n1 then n3 (n2 shares nothing)", name, recs)
		}
		r := recs[0]
		shared, ok := reasonByCode(r, "shared_terms")
		if !ok {
			t.Fatalf("%s: no shared_terms in %+v", name, r.Reasons)
		}
		for _, want := range []string{"固态电池 / solid-state battery", "无人机 / drone", "能量密度 / energy density"} {
			if !strings.Contains(shared.Args["terms"], want) {
				t.Errorf("%s: shared terms %q lack %q", name, shared.Args["terms"], want)
			}
		}
		if strings.Contains(shared.Args["terms"], "电池 / battery,") {
			t.Errorf("%s: %q lists battery beside the narrower solid-state battery", name, shared.Args["terms"])
		}
		want := map[string]map[string]string{
			"same_industry":         {"industry": "equipment"},
			"funding_within_budget": {"funding": "5000000", "budget": "8000000"},
			"preferred_location":    {"location": "杭州市余杭区", "preferred": "余杭区"},
		}
		for code, args := range want {
			got, ok := reasonByCode(r, code)
			if !ok || !reflect.DeepEqual(got.Args, args) {
				t.Errorf("%s: reason %s = %+v, want args %v", name, code, got, args)
			}
		}
		if got, _ := reasonByCode(r, "funding_within_budget"); got.Text != "Funding need of 5M yuan is within the budget of 8M yuan." {
			t.Errorf("%s: text %q", name, got.Text)
		}
		if _, ok := reasonByCode(recs[1], "preferred_location"); ok {
			t.Errorf("%s: Ningbo reported as in the preferred 余杭区", name)
		}
	}
}

// Reciprocity: n3 has n1's text but a budget of 100 yuan and lies outside the preferred
// district, so the project's side is weak; n4 has n1's text, budget and place but asks
// for much else besides, so the need's side is weak (the project covers little of it).
// Both rank below n1, and each score is the harmonic mean of its sides.
func TestMatchReciprocalWeakSide(t *testing.T) {
	c := batteryCorpus()
	n4 := c.Needs[0]
	n4.ID = "n4"
	n4.Description += " We also need canteen payment software, a parking app, office furniture, " +
		"cleaning services, translation of our manuals, a new website, legal advice on leases and staff training."
	c.Needs = append(c.Needs, n4)
	m := MustMatcher(t, c, match.Options{})
	recs, err := m.ForProject("p1", match.KindNeed, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]match.Recommendation{}
	for _, r := range recs {
		by[r.Target] = r
	}
	good, poor, broad := by["n1"], by["n3"], by["n4"]
	for _, r := range []match.Recommendation{good, poor, broad} {
		t.Logf("%s: score %.3f, project side %.3f, need side %.3f", r.Target, r.Score, r.ProjectSide, r.TargetSide)
	}
	if recs[0].Target != "n1" || poor.Target == "" || broad.Target == "" {
		t.Fatalf("got %+v, want n1 first, n3 and n4 present", recs)
	}
	if poor.ProjectSide > good.ProjectSide*0.8 || poor.TargetSide > good.TargetSide || poor.Score >= good.Score {
		t.Errorf("n3 (budget 100 yuan, Ningbo): %+v, n1: %+v", poor, good)
	}
	if broad.TargetSide > good.TargetSide*0.8 || math.Abs(broad.ProjectSide-good.ProjectSide) > 0.1*good.ProjectSide || broad.Score >= good.Score {
		t.Errorf("n4 (asks for much else): %+v, n1: %+v", broad, good)
	}
	for _, r := range recs {
		a, b := r.ProjectSide, r.TargetSide
		if hm := 2 * a * b / (a + b); math.Abs(r.Score-hm) > 1e-12 {
			t.Errorf("%s: score %v, harmonic mean of sides %v", r.Target, r.Score, hm)
		}
		if r.Score > (a+b)/2 || r.Score < min(a, b) {
			t.Errorf("%s: score %v outside [min side, mean of sides] of %v, %v", r.Target, r.Score, a, b)
		}
	}
}

func TestMatchSitesAndInvestors(t *testing.T) {
	m := MustMatcher(t, batteryCorpus(), match.Options{})
	sites, err := m.ForProject("p1", match.KindSite, 3, nil)
	if err != nil || len(sites) != 1 {
		t.Fatalf("sites: %+v, %v", sites, err)
	}
	for code, args := range map[string]map[string]string{
		"subsidy_covers_funding": {"funding": "5000000", "ceiling": "10000000"},
		"site_has_room":          {"capacity": "12"},
		"preferred_location":     {"location": "余杭区", "preferred": "余杭区"},
		"same_industry":          {"industry": "equipment"},
	} {
		if got, ok := reasonByCode(sites[0], code); !ok || !reflect.DeepEqual(got.Args, args) {
			t.Errorf("site reason %s = %+v, want %v", code, got, args)
		}
	}
	invs, err := m.ForProject("p1", match.KindInvestor, 3, nil)
	if err != nil || len(invs) != 1 {
		t.Fatalf("investors: %+v, %v", invs, err)
	}
	if got, ok := reasonByCode(invs[0], "funding_within_ticket"); !ok ||
		!reflect.DeepEqual(got.Args, map[string]string{"funding": "5000000", "min": "2000000", "max": "10000000"}) ||
		got.Text != "Funding need of 5M yuan is within the ticket of 2M yuan to 10M yuan." {
		t.Errorf("funding_within_ticket = %+v", got)
	}
	if got, ok := reasonByCode(invs[0], "stage_in_focus"); !ok || got.Args["stage"] != "prototype" {
		t.Errorf("stage_in_focus = %+v", got)
	}
	projects, err := m.ForSite("s1", 5, nil)
	if err != nil || len(projects) != 1 || projects[0].Project != "p1" || projects[0].Target != "s1" || projects[0].Kind != match.KindSite {
		t.Errorf("ForSite: %+v, %v", projects, err)
	}
	if !reflect.DeepEqual(projects[0], sites[0]) {
		t.Errorf("the pair scores differently from the two sides:\n%+v\n%+v", projects[0], sites[0])
	}
}

func TestMatchExcludedNeverReturned(t *testing.T) {
	c := genCorpus(7, 200, 2000)
	m := MustMatcher(t, c, match.Options{Tokenize: textseg.Default().Tokens})
	before, err := m.ForEveryProject(match.KindNeed, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Exclude the best two needs of every project.
	var pairs []match.Pair
	for _, recs := range before {
		for _, r := range recs[:min(2, len(recs))] {
			pairs = append(pairs, match.Pair{Project: r.Project, Kind: match.KindNeed, Target: r.Target})
		}
	}
	ex := match.NewExcluded(pairs...)
	after, err := m.ForEveryProject(match.KindNeed, 10, ex)
	if err != nil {
		t.Fatal(err)
	}
	for i, recs := range after {
		for _, r := range recs {
			if ex.Has(match.Pair{Project: r.Project, Kind: r.Kind, Target: r.Target}) {
				t.Fatalf("excluded pair %s–%s recommended", r.Project, r.Target)
			}
		}
		// What remains keeps its order: the old third is the new first.
		if len(before[i]) > 2 && (len(recs) == 0 || recs[0].Target != before[i][2].Target) {
			t.Errorf("%s: after excluding two, first is %v, want %s", c.Projects[i].ID, recs, before[i][2].Target)
		}
	}
	// From the need's side too.
	for _, p := range pairs[:20] {
		recs, err := m.ForNeed(p.Target, 50, ex)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.Project == p.Project {
				t.Errorf("ForNeed(%s) returned the excluded project %s", p.Target, p.Project)
			}
		}
	}
}

func TestMatchDeterministic(t *testing.T) {
	c := genCorpus(3, 300, 3000)
	tok := textseg.Default().Tokens
	a := MustMatcher(t, c, match.Options{Tokenize: tok, Workers: 1})
	b := MustMatcher(t, c, match.Options{Tokenize: tok, Workers: 4})
	ra, _ := a.ForEveryProject(match.KindNeed, 10, nil)
	rb, _ := b.ForEveryProject(match.KindNeed, 10, nil)
	if !reflect.DeepEqual(ra, rb) {
		t.Fatal("one worker and four give different recommendations")
	}
	for i := range 20 {
		one, _ := b.ForProject(c.Projects[i].ID, match.KindNeed, 10, nil)
		if !reflect.DeepEqual(one, ra[i]) {
			t.Fatalf("%s: ForProject and ForEveryProject differ", c.Projects[i].ID)
		}
	}
}

// Skipping common features when gathering candidates (Options.MaxPostings) loses little:
// the generated corpus with the same 10% cap as the default, against the exact answer.
// (At 50,000 needs the default keeps 98.5% of the exact top 10; see docs/perf.md.)
func TestMatchPruningAgreesWithExact(t *testing.T) {
	c := genCorpus(5, 400, 5000)
	tok := textseg.Default().Tokens
	pruned := MustMatcher(t, c, match.Options{Tokenize: tok, MaxPostings: 500})
	exact := MustMatcher(t, c, match.Options{Tokenize: tok, MaxPostings: -1, Candidates: -1})
	rp, _ := pruned.ForEveryProject(match.KindNeed, 10, nil)
	re, _ := exact.ForEveryProject(match.KindNeed, 10, nil)
	same, total := 0, 0
	for i := range re {
		want := map[string]bool{}
		for _, r := range re[i] {
			want[r.Target] = true
		}
		total += len(want)
		for _, r := range rp[i] {
			if want[r.Target] {
				same++
			}
		}
	}
	share := float64(same) / float64(total)
	t.Logf("pruned top 10 holds %d of the exact top 10's %d needs (%.1f%%)", same, total, 100*share)
	if share < 0.97 {
		t.Errorf("pruned top 10 agrees with the exact one on %.1f%%, want ≥ 97%%", 100*share)
	}
}

func TestMatchValidate(t *testing.T) {
	cases := []struct {
		edit func(c *match.Corpus)
		want string
	}{
		{func(c *match.Corpus) { c.Projects[1].ID = "" }, "projects[1].id: empty"},
		{func(c *match.Corpus) { c.Projects[1].ID = "p1" }, `projects[1].id: duplicate id "p1"`},
		{func(c *match.Corpus) { c.Projects[0].Title, c.Projects[0].Summary = "", " " }, "projects[0].title: empty"},
		{func(c *match.Corpus) { c.Projects[0].Stage = "series-a" }, `projects[0].stage: unknown stage "series-a"`},
		{func(c *match.Corpus) { c.Projects[0].FundingNeed = -1 }, "projects[0].funding_need: -1 is negative"},
		{func(c *match.Corpus) { c.Needs[2].ID = "n1" }, `needs[2].id: duplicate id "n1"`},
		{func(c *match.Corpus) { c.Needs[0].Title, c.Needs[0].Description = "", "" }, "needs[0].title: empty"},
		{func(c *match.Corpus) { c.Needs[1].Budget = match.MaxMoney + 1 }, "needs[1].budget"},
		{func(c *match.Corpus) { c.Sites[0].Capacity = -3 }, "sites[0].capacity: -3 is negative"},
		{func(c *match.Corpus) { c.Sites[0].SubsidyCeiling = -5 }, "sites[0].subsidy_ceiling"},
		{func(c *match.Corpus) { c.Investors[0].Stages[1] = "x" }, `investors[0].stages[1]: unknown stage "x"`},
		{func(c *match.Corpus) { c.Investors[0].TicketMin = 20_000_000 }, "investors[0].ticket_min: 20000000 is above ticket_max 10000000"},
	}
	for _, tc := range cases {
		c := batteryCorpus()
		c.Investors[0].Stages = slices.Clone(c.Investors[0].Stages)
		tc.edit(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
			continue
		}
		if _, err2 := match.New(c, match.Options{Tokenize: simpleTokens}); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("New gave %v, Validate %v", err2, err)
		}
	}
	if _, err := match.New(batteryCorpus(), match.Options{}); err == nil {
		t.Error("New without a tokenizer succeeded")
	}
	for _, w := range []match.Weights{{Facts: 1.5}, {Facts: 0.5, Money: -1}, {Facts: 0.5, Stage: math.NaN()}} {
		if _, err := match.New(batteryCorpus(), match.Options{Tokenize: simpleTokens, Weights: w}); err == nil {
			t.Errorf("weights %+v accepted", w)
		}
	}
	m := MustMatcher(t, batteryCorpus(), match.Options{})
	if _, err := m.ForProject("nope", match.KindNeed, 3, nil); !errors.Is(err, match.ErrNotFound) {
		t.Errorf("unknown project: %v", err)
	}
	if _, err := m.ForNeed("nope", 3, nil); !errors.Is(err, match.ErrNotFound) {
		t.Errorf("unknown need: %v", err)
	}
	if _, err := m.ForProject("p1", "project", 3, nil); err == nil {
		t.Error("unknown kind accepted")
	}
	if _, err := m.ForProject("p1", match.KindNeed, 0, nil); err == nil {
		t.Error("k = 0 accepted")
	}
}
