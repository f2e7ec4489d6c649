package demo

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// workstations are the overseas workstations (海外工作站) that referred part of 2018's
// entries, by division.
var workstations = map[string]string{
	"north-america": "杭州海外人才工作站（硅谷）", "europe": "杭州海外人才工作站（慕尼黑）",
	"asia-pacific": "杭州海外人才工作站（新加坡）", "oceania": "杭州海外人才工作站（悉尼）", "greater-china": "杭州海外人才工作站（香港）",
}

// safeEmail keeps a generated address off real domains: the demo never writes to a real
// institution's mailbox, even in its outbox.
func safeEmail(addr string) string {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok {
		return addr
	}
	return local + "@" + strings.ReplaceAll(domain, ".", "-") + ".example"
}

// importRow turns a generated 2018 applicant into an import row, with answers to the
// edition's own questions drawn from its index.
func importRow(i int, a demoApplicant) haizhi.ImportRow {
	in := haizhi.EntryInput{
		DivisionCode: a.Division, TrackCode: a.Track, Source: haizhi.SourceDirect,
		Lead: haizhi.Talent{Name: a.Name, NameZH: a.NameZH, Email: safeEmail(a.Email), Locale: a.Locale, Nationality: a.Nationality,
			Category: haizhi.NationalityCategory(a.Category), Residence: a.Residence, Born: a.Born, Degree: haizhi.Degree(a.Degree),
			DegreeCountry: a.DegreeCountry, Institution: a.Institution, Employer: a.Employer, YearsAbroad: a.YearsAbroad, Fields: a.Fields},
		Project: haizhi.Project{TitleZH: a.TitleZH, TitleEN: a.TitleEN, SummaryZH: a.SummaryZH, SummaryEN: a.SummaryEN,
			Keywords: a.Keywords, Stage: haizhi.ProjectStage(a.Stage), FundingNeed: a.FundingNeed, PitchURL: a.PitchURL},
		Answers: map[string][]string{
			"landing-plan": {[]string{"within-1-year", "within-1-year", "1-3-years", "undecided"}[i%4]},
			"heard-from":   {[]string{"workstation", "website", "colleague", "social-media", "website"}[i%5]},
			"patents":      {fmt.Sprint((i * 7) % 13)},
		},
	}
	for _, m := range a.Team {
		in.Project.Team = append(in.Project.Team, haizhi.TeamMember{Name: m.Name, Role: m.Role, Institution: m.Institution})
	}
	// One in five came through an overseas workstation.
	if i%5 == 2 {
		in.Source, in.Referrer = haizhi.SourcePartner, workstations[a.Division]
	}
	return haizhi.ImportRow{Row: i + 2, Input: in, SubmittedAt: a.SubmittedAt}
}

// loadEntries2018 imports 2018's entries, as the operators did from the old spreadsheets
// when the platform went live, then records the rounds' decisions (an hour apart, that
// afternoon; the applicants were mailed): screening rejects the
// ineligible and the copied project; the preliminary keeps the finalists and as many
// others; the semifinal sends the 70 finalists to the final.
func (l *loader) loadEntries2018(ed *haizhi.Edition) error {
	if l.s.Entries == nil {
		return nil
	}
	ctx := l.operatorCtx()
	apps := demoApplicants()
	rows := make([]haizhi.ImportRow, len(apps))
	for i, a := range apps {
		rows[i] = importRow(i, a)
	}
	res, err := l.s.Entries.ImportEntries(ctx, ed.ID, rows, haizhi.ImportAllOrNothing)
	if err != nil {
		return fmt.Errorf("import 2018 entries: %w", err)
	}
	if !res.Written || res.Created != len(apps) {
		return fmt.Errorf("import 2018 entries: %d created of %d, problems %v", res.Created, len(apps), res.Problems)
	}
	// The import lists entries in row order: find each applicant's entry by its title.
	ids := make([]int64, len(apps))
	byTitle := map[string]int64{}
	for page := 0; ; page++ {
		list, _, err := l.s.Entries.FindEntries(ctx, haizhi.EntryFilter{EditionID: ed.ID, Sort: "submitted", Page: haizhi.Page{Offset: page * haizhi.MaxPageSize, Limit: haizhi.MaxPageSize}})
		if err != nil {
			return err
		}
		for _, e := range list {
			byTitle[e.Lead.Email+"|"+e.Project.TitleEN] = e.ID
		}
		if len(list) < haizhi.MaxPageSize {
			break
		}
	}
	for i, a := range apps {
		if ids[i] = byTitle[safeEmail(a.Email)+"|"+a.TitleEN]; ids[i] == 0 {
			return fmt.Errorf("2018 entry %d not found after import", i)
		}
	}
	// The decisions of each round, recorded after the import.
	l.at(l.now.AddDate(0, -17, 0).Add(2 * time.Hour))
	var ineligible, copied, passed []int64
	for i, a := range apps {
		switch {
		case !applicantEligible(a):
			ineligible = append(ineligible, ids[i])
		case a.DuplicateOf >= 0 && !sameLead(a, apps[a.DuplicateOf]):
			copied = append(copied, ids[i])
		default:
			passed = append(passed, ids[i])
		}
	}
	decide := func(ids []int64, o haizhi.RoundOutcome, r haizhi.RejectReason, note string) error {
		if len(ids) == 0 {
			return nil
		}
		_, err := l.s.Entries.DecideEntries(ctx, haizhi.Decision{EditionID: ed.ID, EntryIDs: ids, Outcome: o, Reason: r, Note: note})
		return err
	}
	if err := decide(ineligible, haizhi.OutcomeRejected, haizhi.ReasonIneligible, ""); err != nil {
		return err
	}
	if err := decide(copied, haizhi.OutcomeRejected, haizhi.ReasonDuplicate, "与已报名项目内容雷同。"); err != nil {
		return err
	}
	if err := decide(passed, haizhi.OutcomeAdvanced, "", ""); err != nil {
		return err
	}
	// Preliminary (by division, in July) and semifinal (August).
	keep := map[string]int{}
	var prelimIn, prelimOut, finalists, semiOut []int64
	for i, a := range apps {
		if !applicantEligible(a) || (a.DuplicateOf >= 0 && !sameLead(a, apps[a.DuplicateOf])) {
			continue
		}
		cell := a.Division + "/" + a.Track
		switch {
		case a.Finalist:
			prelimIn, finalists = append(prelimIn, ids[i]), append(finalists, ids[i])
		case keep[cell] < finalQuota(a.Division, a.Track):
			keep[cell]++
			prelimIn, semiOut = append(prelimIn, ids[i]), append(semiOut, ids[i])
		default:
			prelimOut = append(prelimOut, ids[i])
		}
	}
	l.at(l.now.AddDate(0, -17, 0).Add(3 * time.Hour))
	if err := decide(prelimOut, haizhi.OutcomeRejected, haizhi.ReasonBelowLine, ""); err != nil {
		return err
	}
	if err := decide(prelimIn, haizhi.OutcomeAdvanced, "", ""); err != nil {
		return err
	}
	l.at(l.now.AddDate(0, -17, 0).Add(4 * time.Hour))
	if err := decide(semiOut, haizhi.OutcomeRejected, haizhi.ReasonBelowLine, ""); err != nil {
		return err
	}
	if err := decide(finalists, haizhi.OutcomeAdvanced, "", "恭喜晋级决赛，决赛将于9月20日在未来科技城举行。"); err != nil {
		return err
	}
	return l.loadPrizes2018(ed, apps, ids)
}

// loadPrizes2018 records the final's scores (the trimmed means of the roadshow), awards
// the 18 prizes by tier, and replays the due diligence of one third prize: withdrawn
// because the company had been registered elsewhere, and offered to and accepted by the
// next-ranked finalist.
func (l *loader) loadPrizes2018(ed *haizhi.Edition, apps []demoApplicant, ids []int64) error {
	if l.s.Rankings == nil {
		return nil
	}
	ctx := l.operatorCtx()
	type fin struct {
		id   int64
		tier int
	}
	var fins []fin
	for i, a := range apps {
		if a.Finalist {
			tier := a.PrizeRank
			if tier == 0 {
				tier = 4
			}
			fins = append(fins, fin{ids[i], tier})
		}
	}
	slices.SortStableFunc(fins, func(a, b fin) int { return a.tier - b.tier })
	scores := map[int64]*float64{}
	for i, f := range fins {
		s := math.Round((97.5-float64(i)*0.37)*100) / 100
		scores[f.id] = &s
	}
	l.at(l.now.AddDate(0, -17, 0).Add(4*time.Hour + 30*time.Minute))
	if err := l.s.Rankings.SaveScores(ctx, ed.ID, haizhi.RoundFinal, scores); err != nil {
		return fmt.Errorf("final scores: %w", err)
	}
	if n, err := l.s.Rankings.AwardPrizes(ctx, ed.ID); err != nil || n != 18 {
		return fmt.Errorf("prizes: %d awarded: %v", n, err)
	}
	last := fins[17].id // the last third prize
	next, err := l.s.Rankings.RevokePrize(ctx, last, "经尽职调查，该项目赛前已在外地注册公司并享受当地落地政策，与大赛落地要求不符，经组委会研究撤销获奖资格。")
	if err != nil {
		return fmt.Errorf("due diligence: %w", err)
	}
	return l.s.Rankings.AcceptPrize(ctx, next)
}

// sameLead reports whether two applicants are the same person.
func sameLead(a, b demoApplicant) bool { return a.Email == b.Email }

// finalQuota is the final places of a division and track.
func finalQuota(division, track string) int {
	for i, t := range demoTracks {
		if t.Code == track {
			return finalQuotas[division][i]
		}
	}
	return 0
}
