package web

import (
	"slices"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// roundStep is one round of an entry's status page.
type roundStep struct {
	Name             string
	OpensAt, Closes  time.Time
	State            string // "passed", "current", "rejected", "ahead"
	Decision         *haizhi.EntryDecision
	DecisionReason   string
	DecisionRoundKey string
}

// answerRow is one answered question shown read-only.
type answerRow struct {
	Label  string
	Values []string
}

// ruleCheck is one eligibility rule and whether the entry meets it.
type ruleCheck struct {
	Reason string
	State  string // "met", "failed", or "alternative" (failed, but another rule of its group is met)
}

// entryPage is what the entry's read-only pages show (the applicant's and the operator's).
type entryPage struct {
	Edition     *haizhi.Edition
	Entry       *haizhi.Entry
	Division    string
	Track       string
	Nationality string
	Residence   string
	DegreeIn    string
	Steps       []roundStep
	Answers     []answerRow
	Rules       []ruleCheck
	Decisions   []*haizhi.EntryDecision
	Deadline    time.Time
	CanSubmit   bool
	CanWithdraw bool
}

// newEntryPage lays out an entry for reading in v's language.
func newEntryPage(v *view, ed *haizhi.Edition, e *haizhi.Entry, decisions []*haizhi.EntryDecision) *entryPage {
	p := &entryPage{Edition: ed, Entry: e, Decisions: decisions, Deadline: editionDeadline(ed),
		Nationality: countryName(v.Locale, e.Lead.Nationality), Residence: countryName(v.Locale, e.Lead.Residence),
		DegreeIn: countryName(v.Locale, e.Lead.DegreeCountry)}
	for _, d := range ed.Structure.Divisions {
		if d.ID == e.DivisionID {
			p.Division = v.Name(d.NameZH, d.NameEN)
		}
	}
	for _, t := range ed.Structure.Tracks {
		if t.ID == e.TrackID {
			p.Track = v.Name(t.NameZH, t.NameEN)
		}
	}
	p.CanSubmit = e.Status == haizhi.EntryDraft && ed.Status == haizhi.EditionOpen && time.Now().Before(p.Deadline)
	p.CanWithdraw = e.Status != haizhi.EntryWithdrawn && e.Outcome != haizhi.OutcomeRejected && e.PrizeRank == 0
	// Rounds: those before the entry's current round are passed; the current one is
	// pending or rejected; later ones are ahead. A draft has reached none.
	current := slices.IndexFunc(ed.Structure.Rounds, func(r haizhi.Round) bool { return r.Kind == e.Round })
	for i, r := range ed.Structure.Rounds {
		st := roundStep{Name: v.Name(r.NameZH, r.NameEN), OpensAt: r.OpensAt, Closes: r.ClosesAt, State: "ahead"}
		switch {
		case e.Status != haizhi.EntrySubmitted || current < 0:
		case i < current:
			st.State = "passed"
		case i == current && e.Outcome == haizhi.OutcomeRejected:
			st.State = "rejected"
		case i == current && e.PrizeStatus == haizhi.PrizeAwarded:
			st.State = "prize"
		case i == current && r.Kind == haizhi.RoundFinal && ed.Status == haizhi.EditionFinished:
			st.State = "finalist"
		case i == current:
			st.State = "current"
		}
		for _, d := range decisions {
			if d.Round == r.Kind {
				st.Decision = d
				if d.Reason != "" {
					st.DecisionReason = v.T("reason." + string(d.Reason))
				}
			}
		}
		p.Steps = append(p.Steps, st)
	}
	for _, part := range appFormParts(v, ed.Form, e.Answers, nil) {
		for _, q := range part.Questions {
			if q.Type == string(haizhi.FieldFile) {
				continue
			}
			row := answerRow{Label: q.Label}
			if len(q.Options) > 0 {
				for _, o := range q.Options {
					if o.Selected {
						row.Values = append(row.Values, o.Label)
					}
				}
			} else {
				row.Values = q.Values
			}
			p.Answers = append(p.Answers, row)
		}
	}
	// Each rule as the entry meets it now; an alternative that fails while another of its
	// group passes is not held against the entry.
	if e.Eligible != nil {
		el := haizhi.Evaluate(ed.Rules, e.RuleAnswers(), p.Deadline)
		groupPassed := map[string]bool{}
		for _, res := range el.Results {
			if res.Rule.Group != "" && res.Passed {
				groupPassed[res.Rule.Group] = true
			}
		}
		for _, res := range el.Results {
			state := "failed"
			switch {
			case res.Passed:
				state = "met"
			case res.Rule.Group != "" && groupPassed[res.Rule.Group]:
				state = "alternative"
			}
			p.Rules = append(p.Rules, ruleCheck{Reason: strings.TrimSpace(v.Name(res.Rule.ReasonZH, res.Rule.ReasonEN)), State: state})
		}
	}
	return p
}
