package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// judgedShare scales 2018's entries per country to the judged edition's: about 180.
const judgedShare = 0.4

// judgedForeignShare is the share of entries led by foreign non-Chinese applicants, as in
// 2018 (39 of 444).
const judgedForeignShare = 39.0 / 444

// applEditionJudged describes the judged edition's applicants for the generator: 2018's
// countries at judgedShare of their entries (at least two each, so all 27 are there),
// each division's entries split over the tracks as in 2018, about 9% foreign
// non-Chinese leads named from the local names of the countries they live in, and five
// applicants who fail the rules of entry. It is deterministic from seed and year.
func applEditionJudged(year int, open, close time.Time, seed uint64) *applEdition {
	r := rand.New(rand.NewPCG(seed, uint64(year)))
	ed := &applEdition{year: year, seed: [2]uint64{seed ^ 0x5eed, uint64(year)}, open: open, close: close,
		cells: map[string][3]int{}, rejects: 5}
	perDivision, total := map[string]int{}, 0
	for _, c := range applCountries {
		c.entries = max(2, int(math.Round(float64(c.entries)*judgedShare)))
		ed.countries = append(ed.countries, c)
		perDivision[c.division] += c.entries
		total += c.entries
	}
	for _, d := range demoDivisions {
		was, n := applicantCells[d.Code], perDivision[d.Code]
		sum := float64(was[0] + was[1] + was[2])
		ai := int(math.Round(float64(n*was[0]) / sum))
		health := int(math.Round(float64(n*was[1]) / sum))
		ed.cells[d.Code] = [3]int{ai, health, n - ai - health}
	}
	// Foreign non-Chinese leads live where local names are not Chinese, more of them
	// where more entries come from, never more than half of a country's entries.
	var hosts []applCountry
	weight := 0
	for _, c := range ed.countries {
		if c.culture != "zh" {
			hosts = append(hosts, c)
			weight += c.entries
		}
	}
	taken, names := map[string]int{}, map[string]bool{}
	for want := int(math.Round(judgedForeignShare * float64(total))); len(ed.foreign) < want; {
		w := r.IntN(weight)
		c := hosts[0]
		for _, h := range hosts {
			if w < h.entries {
				c = h
				break
			}
			w -= h.entries
		}
		local := applLocalNames[c.culture]
		name := applPick(r, local.given) + " " + applPick(r, local.family)
		if taken[c.code] >= c.entries/2 || names[name] {
			continue
		}
		taken[c.code]++
		names[name] = true
		ed.foreign = append(ed.foreign, applForeignLead{name: name, nationality: c.code, residence: c.code})
	}
	return ed
}

// judgedApplicants generates the judged edition's applicants, sorted by submission time.
func judgedApplicants(ed *applEdition) []demoApplicant {
	_, drafts := generateApplicants(ed)
	return applicantsOf(drafts)
}

// loadJudgedEntries enters the judged edition's applicants, as the divisions' organisers
// sent them in the morning after the call closed (their submission times kept), then
// records the screening: the entries that fail the rules of entry and the copy of another
// entry's project are rejected, the others go on to the preliminary round. It returns the
// entry ids in the order of apps.
func (l *loader) loadJudgedEntries(ed *haizhi.Edition, apps []demoApplicant, day func(days, hour int) time.Time) ([]int64, error) {
	ctx := l.operatorCtx()
	rows := make([]haizhi.ImportRow, len(apps))
	for i, a := range apps {
		rows[i] = importRow(i, a)
	}
	l.at(day(-23, 9))
	res, err := l.s.Entries.ImportEntries(ctx, ed.ID, rows, haizhi.ImportAllOrNothing)
	if err != nil {
		return nil, fmt.Errorf("import %d entries: %w", ed.Year, err)
	}
	if !res.Written || res.Created != len(apps) {
		return nil, fmt.Errorf("import %d entries: %d created of %d, problems %v", ed.Year, res.Created, len(apps), res.Problems)
	}
	byLead := map[string]int64{}
	eligible := map[int64]bool{}
	for page := 0; ; page++ {
		list, _, err := l.s.Entries.FindEntries(ctx, haizhi.EntryFilter{EditionID: ed.ID, Sort: "submitted",
			Page: haizhi.Page{Offset: page * haizhi.MaxPageSize, Limit: haizhi.MaxPageSize}})
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			byLead[e.Lead.Email+"|"+e.Project.TitleEN] = e.ID
			eligible[e.ID] = e.Eligible != nil && *e.Eligible
		}
		if len(list) < haizhi.MaxPageSize {
			break
		}
	}
	ids := make([]int64, len(apps))
	var ineligible, copied, passed []int64
	for i, a := range apps {
		if ids[i] = byLead[safeEmail(a.Email)+"|"+a.TitleEN]; ids[i] == 0 {
			return nil, fmt.Errorf("%d entry %d not found after import", ed.Year, i)
		}
		switch {
		case !eligible[ids[i]]: // as the edition's rules found on import
			ineligible = append(ineligible, ids[i])
		case a.DuplicateOf >= 0 && !sameLead(a, apps[a.DuplicateOf]):
			copied = append(copied, ids[i])
		default:
			passed = append(passed, ids[i])
		}
	}
	l.at(day(-22, 15))
	for _, d := range []haizhi.Decision{
		{EditionID: ed.ID, EntryIDs: ineligible, Outcome: haizhi.OutcomeRejected, Reason: haizhi.ReasonIneligible},
		{EditionID: ed.ID, EntryIDs: copied, Outcome: haizhi.OutcomeRejected, Reason: haizhi.ReasonDuplicate, Note: "与已报名项目内容雷同。"},
		{EditionID: ed.ID, EntryIDs: passed, Outcome: haizhi.OutcomeAdvanced, Note: "恭喜通过海选，进入初审（网络评审）。"},
	} {
		if len(d.EntryIDs) == 0 {
			continue
		}
		if _, err := l.s.Entries.DecideEntries(ctx, d); err != nil {
			return nil, fmt.Errorf("screening %d: %w", ed.Year, err)
		}
	}
	return ids, nil
}
