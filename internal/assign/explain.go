package assign

import (
	"fmt"
	"strings"
)

// ReasonCode says which kind of reason a Reason is, so that a caller can word it in
// another language from the Reason's fields.
type ReasonCode string

// The reason codes. Each lists the Reason fields it sets.
const (
	// ReasonCapacityShort: the entries need Need judge places in all, the judges' max
	// loads add up to Have; Short = Need − Have.
	ReasonCapacityShort ReasonCode = "capacity_short"
	// ReasonMinimumsExceedDemand: the judges' min loads add up to Need, the entries need
	// only Have places; Short = Need − Have.
	ReasonMinimumsExceedDemand ReasonCode = "minimums_exceed_demand"
	// ReasonEntryTooFewJudges: entry Entries[0] needs Need judges but only Have judges
	// (Judges, listed when there are at most ten) are free of conflicts with it and can
	// take entries.
	ReasonEntryTooFewJudges ReasonCode = "entry_too_few_judges"
	// ReasonEntryInstitutionCap: entry Entries[0] needs Need judges but at most Cap per
	// institution allows only Have.
	ReasonEntryInstitutionCap ReasonCode = "entry_institution_cap"
	// ReasonEntryNoCategory: entry Entries[0] needs a judge of Category and none is free
	// of conflicts with it.
	ReasonEntryNoCategory ReasonCode = "entry_no_category"
	// ReasonJudgeMinUnreachable: judge Judges[0] must judge at least Need entries but only
	// Have entries needing judges are free of conflicts with them.
	ReasonJudgeMinUnreachable ReasonCode = "judge_min_unreachable"
	// ReasonEntriesBottleneck: entries Entries need Need judges in all but can get only
	// Have, because the judges they could still get (Judges) are at their max loads, or
	// the institutions Institutions at their cap.
	ReasonEntriesBottleneck ReasonCode = "entries_bottleneck"
	// ReasonCategoryBottleneck: entry Entries[0] cannot get a judge of Category: those it
	// could get (Judges) are at their max loads or their institution at its cap.
	ReasonCategoryBottleneck ReasonCode = "category_bottleneck"
	// ReasonJudgesMinBottleneck: judges Judges must judge at least Need entries in all
	// (their min loads) but only Have assignments can reach them from the entries open to
	// them (Entries).
	ReasonJudgesMinBottleneck ReasonCode = "judges_min_bottleneck"
	// ReasonCategoryCapConflict: no assignment meets the category needs of Entries
	// together with their institution caps and the judges' loads.
	ReasonCategoryCapConflict ReasonCode = "category_cap_conflict"
	// ReasonNotProvenOptimal: the search limit was reached; the optimum is at most Gap
	// above the result's TotalAffinity. Entries are those that needed the search.
	ReasonNotProvenOptimal ReasonCode = "not_proven_optimal"
	// ReasonSearchLimit: the search limit was reached before any assignment was found.
	ReasonSearchLimit ReasonCode = "search_limit"
)

// Reason is one explanation, in plain English (Text) and as a code with its parameters,
// of why no assignment exists (or why a result is not proven optimal).
type Reason struct {
	Code         ReasonCode
	Entries      []string
	Judges       []string
	Institutions []string
	Category     string
	// Need and Have are what is required and what is possible; Short = Need − Have is
	// what a fix must add (or, for minimums, remove).
	Need, Have, Short int
	// Cap is the entry's max_per_institution, for ReasonEntryInstitutionCap.
	Cap int
	// Gap bounds the distance to the optimum, for ReasonNotProvenOptimal.
	Gap float64
	// Text explains the reason and what would fix it, in English.
	Text string
}

// String returns the reason's English text.
func (r Reason) String() string { return r.Text }

// names lists ids for a sentence: at most ten, then how many more.
func names(ids []string) string {
	const most = 10
	if len(ids) <= most {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:most], ", ") + fmt.Sprintf(" and %d more", len(ids)-most)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// precheck finds the reasons that need no flow: totals, and entries or judges that
// cannot be served whatever the others do.
func precheck(p *problem) []Reason {
	in := p.in
	var reasons []Reason
	var demand, capacity, mins int
	for _, k := range p.k {
		demand += k
	}
	for _, j := range in.Judges {
		capacity += j.MaxLoad
		mins += j.MinLoad
	}
	if demand > capacity {
		reasons = append(reasons, Reason{Code: ReasonCapacityShort, Need: demand, Have: capacity, Short: demand - capacity,
			Text: fmt.Sprintf("The entries need %s in all, but the judges' max loads add up to %d: %s missing. Raise max loads by %d in total, add judges, or lower judges_required.",
				plural(demand, "judge place", "judge places"), capacity, plural(demand-capacity, "place is", "places are"), demand-capacity)})
	}
	if mins > demand {
		reasons = append(reasons, Reason{Code: ReasonMinimumsExceedDemand, Need: mins, Have: demand, Short: mins - demand,
			Text: fmt.Sprintf("The judges' min loads add up to %d, but the entries need only %s. Lower min loads by %d in total, or raise judges_required.",
				mins, plural(demand, "judge place", "judge places"), mins-demand)})
	}

	_, catOf, cats := judgeClasses(in)
	open := make([]int, len(in.Judges)) // entries needing judges that judge j may take
	var allowed []listedPair
	candidates := func(n int) string {
		s := plural(n, "judge is", "judges are")
		if in.OnlyListedPairs {
			s = fmt.Sprintf("%d of its listed candidate judges %s", n, isAre(n))
		}
		return s
	}
	for e, ent := range in.Entries {
		k := p.k[e]
		if k == 0 {
			continue
		}
		allowed = allowedJudges(p, e, allowed[:0])
		for _, a := range allowed {
			open[a.judge]++
		}
		id := ent.ID
		if len(allowed) < k {
			r := Reason{Code: ReasonEntryTooFewJudges, Entries: []string{id}, Need: k, Have: len(allowed), Short: k - len(allowed)}
			list := ""
			if len(allowed) <= 10 {
				for _, a := range allowed {
					r.Judges = append(r.Judges, in.Judges[a.judge].ID)
				}
				if len(r.Judges) > 0 {
					list = " (" + names(r.Judges) + ")"
				}
			}
			r.Text = fmt.Sprintf("Entry %s needs %s, but only %s free of conflicts with it and able to take entries%s. Add judges, lift conflicts, or lower its judges_required to %d.",
				id, plural(k, "judge", "judges"), candidates(len(allowed)), list, len(allowed))
			reasons = append(reasons, r)
			continue
		}
		if m := ent.MaxPerInstitution; m > 0 && m < k {
			per := map[string]int{}
			reach := 0
			for _, a := range allowed {
				inst := in.Judges[a.judge].Institution
				if inst == "" || per[inst] < m {
					reach++
					if inst != "" {
						per[inst]++
					}
				}
			}
			if reach < k {
				reasons = append(reasons, Reason{Code: ReasonEntryInstitutionCap, Entries: []string{id}, Need: k, Have: reach, Short: k - reach, Cap: m,
					Text: fmt.Sprintf("Entry %s needs %s, but with at most %d per institution only %d can be found among the judges free of conflicts with it. Raise its max_per_institution, add judges from other institutions, or lower its judges_required to %d.",
						id, plural(k, "judge", "judges"), m, reach, reach)})
				continue
			}
		}
		if c := ent.NeedCategory; c != "" {
			found := false
			if ci, ok := cats[c]; ok {
				for _, a := range allowed {
					if catOf[a.judge] == ci {
						found = true
						break
					}
				}
			}
			if !found {
				reasons = append(reasons, Reason{Code: ReasonEntryNoCategory, Entries: []string{id}, Category: c, Need: 1,
					Text: fmt.Sprintf("Entry %s needs a judge of category %q, but no judge of that category is free of conflicts with it and able to take entries. Add a judge of category %q, or lift a conflict.", id, c, c)})
			}
		}
	}
	for j, jd := range in.Judges {
		if open[j] < jd.MinLoad {
			reasons = append(reasons, Reason{Code: ReasonJudgeMinUnreachable, Judges: []string{jd.ID}, Need: jd.MinLoad, Have: open[j], Short: jd.MinLoad - open[j],
				Text: fmt.Sprintf("Judge %s must judge at least %s, but only %s needing judges %s free of conflicts with them. Lower their min_load to %d, or lift conflicts.",
					jd.ID, plural(jd.MinLoad, "entry", "entries"), plural(open[j], "entry", "entries"), isAre(open[j]), open[j])})
		}
	}
	return reasons
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// categoryCapConflict explains a branch and bound that found no assignment.
func (s *searcher) categoryCapConflict() Reason {
	ids := s.mixedIDs()
	return Reason{Code: ReasonCategoryCapConflict, Entries: ids,
		Text: fmt.Sprintf("No assignment meets the category needs of entries %s together with their institution caps and the judges' loads. Allow more judges per institution, add judges of the needed categories from other institutions, or raise those judges' max loads.", names(ids))}
}
