package match

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSharedTerms is how many shared terms a shared_terms reason lists.
const maxSharedTerms = 6

// reasons explains the pair of project p and item t of kind tk: the shared terms, then
// the facts in its favour.
func (m *Matcher) reasons(p int32, tk int, t int32) []Reason {
	var out []Reason
	if terms := m.sharedTerms(p, tk, t); len(terms) > 0 {
		list := strings.Join(terms, ", ")
		out = append(out, reason("shared_terms", "Shared terms: "+list+".", "terms", list))
	}
	pr := &m.corpus.Projects[p]
	f := m.facts(p, tk, t)
	if f.industry == 1 {
		out = append(out, reason("same_industry", "Same industry: "+pr.Industry+".", "industry", pr.Industry))
	}
	funding := pr.FundingNeed
	switch tk {
	case kNeed:
		n := &m.corpus.Needs[t]
		out = appendCover(out, "budget", funding, n.Budget, f.moneyProject)
	case kSite:
		s := &m.corpus.Sites[t]
		out = appendCover(out, "subsidy", funding, s.SubsidyCeiling, f.moneyProject)
		if s.Capacity > 0 {
			out = append(out, reason("site_has_room", fmt.Sprintf("The site can take %d more projects.", s.Capacity),
				"capacity", strconv.Itoa(s.Capacity)))
		}
	case kInvestor:
		v := &m.corpus.Investors[t]
		if f.moneyProject == 1 && funding > 0 {
			hi, hiText := "", "no upper limit"
			if v.TicketMax > 0 {
				hi, hiText = strconv.FormatInt(v.TicketMax, 10), yuan(v.TicketMax)
			}
			out = append(out, reason("funding_within_ticket",
				fmt.Sprintf("Funding need of %s is within the ticket of %s to %s.", yuan(funding), yuan(v.TicketMin), hiText),
				"funding", strconv.FormatInt(funding, 10), "min", strconv.FormatInt(v.TicketMin, 10), "max", hi))
		}
		if f.stage == 1 {
			out = append(out, reason("stage_in_focus", "Invests at the project's stage: "+pr.Stage+".", "stage", pr.Stage))
		}
	}
	if tk == kNeed && stageRank(pr.Stage) >= 2 {
		out = append(out, reason("mature_stage", "The project is already at the "+pr.Stage+" stage.", "stage", pr.Stage))
	}
	if f.location == 1 {
		loc := m.loc[tk][t]
		for _, pref := range m.prefs[p] {
			if within(loc, pref) {
				out = append(out, reason("preferred_location",
					fmt.Sprintf("Located in %s, where the project would like to land (%s).", loc.text, pref.text),
					"location", loc.text, "preferred", pref.text))
				break
			}
		}
	}
	return out
}

// appendCover appends the reason that the amount on offer (a budget or subsidy ceiling)
// covers all of the funding need, or at least half of it.
func appendCover(out []Reason, what string, funding, offer int64, share float64) []Reason {
	if funding <= 0 || offer <= 0 || share < 0.5 {
		return out
	}
	args := []string{"funding", strconv.FormatInt(funding, 10)}
	if what == "budget" {
		args = append(args, "budget", strconv.FormatInt(offer, 10))
		if share == 1 {
			return append(out, reason("funding_within_budget",
				fmt.Sprintf("Funding need of %s is within the budget of %s.", yuan(funding), yuan(offer)), args...))
		}
		pct := strconv.Itoa(int(share * 100))
		return append(out, reason("budget_covers_part",
			fmt.Sprintf("The budget of %s covers %s%% of the funding need of %s.", yuan(offer), pct, yuan(funding)),
			append(args, "percent", pct)...))
	}
	args = append(args, "ceiling", strconv.FormatInt(offer, 10))
	if share == 1 {
		return append(out, reason("subsidy_covers_funding",
			fmt.Sprintf("Subsidies of up to %s cover the funding need of %s.", yuan(offer), yuan(funding)), args...))
	}
	pct := strconv.Itoa(int(share * 100))
	return append(out, reason("subsidy_covers_part",
		fmt.Sprintf("Subsidies of up to %s cover %s%% of the funding need of %s.", yuan(offer), pct, yuan(funding)),
		append(args, "percent", pct)...))
}

func reason(code, text string, kv ...string) Reason {
	r := Reason{Code: code, Text: text, Args: make(map[string]string, len(kv)/2)}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Args[kv[i]] = kv[i+1]
	}
	return r
}

// sharedTerms returns the labels of the features the pair shares, heaviest first: a
// concept as "zh / en", a word as written. A concept is left out when a narrower one
// that implies it is listed (battery beside solid-state battery).
func (m *Matcher) sharedTerms(p int32, tk int, t int32) []string {
	var shared []sharedFeature
	m.textScores(p, tk, t, &shared)
	slices.SortStableFunc(shared, func(a, b sharedFeature) int { return cmp.Compare(b.weight, a.weight) })
	var shown []int32
	var labels []string
	for _, s := range shared {
		if len(labels) == maxSharedTerms {
			break
		}
		if int(s.f) < m.nConcepts {
			if slices.ContainsFunc(shown, func(c int32) bool { return slices.Contains(m.lx.ancestors[c], s.f) }) {
				continue
			}
			shown = append(shown, s.f)
			labels = append(labels, m.lx.terms.concepts[s.f].Label())
			continue
		}
		labels = append(labels, m.surface(m.rawName[int(s.f)-m.nConcepts], p, tk, t))
	}
	return labels
}

// surface returns how a token is written in the pair's texts: a stemmed English token
// (batteri) becomes the first word that starts with it (batteries); a Chinese token is
// its own surface.
func (m *Matcher) surface(tok string, p int32, tk int, t int32) string {
	if r, _ := utf8.DecodeRuneInString(tok); unicode.Is(unicode.Han, r) {
		return tok
	}
	pr := &m.corpus.Projects[p]
	texts := []string{pr.Title, strings.Join(pr.Keywords, " "), pr.Summary}
	switch tk {
	case kNeed:
		n := &m.corpus.Needs[t]
		texts = append(texts, n.Title, strings.Join(n.Keywords, " "), n.Description)
	case kSite:
		s := &m.corpus.Sites[t]
		texts = append(texts, s.Name, strings.Join(s.Keywords, " "), s.Policies)
	case kInvestor:
		v := &m.corpus.Investors[t]
		texts = append(texts, v.Name, strings.Join(v.Keywords, " "), v.Focus)
	}
	alt := ""
	if strings.HasSuffix(tok, "i") {
		alt = strings.TrimSuffix(tok, "i") + "y" // Porter2 turns a final y into i
	}
	for _, text := range texts {
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			lw := strings.ToLower(w)
			if strings.HasPrefix(lw, tok) || (alt != "" && lw == alt) {
				return lw
			}
		}
	}
	return tok
}

// yuan formats an amount of money in yuan the short English way: 5M yuan, 800K yuan.
func yuan(v int64) string {
	switch {
	case v >= 1_000_000:
		return trimZero(float64(v)/1e6) + "M yuan"
	case v >= 1_000:
		return trimZero(float64(v)/1e3) + "K yuan"
	}
	return strconv.FormatInt(v, 10) + " yuan"
}

func trimZero(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
