package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// The demo competition is the one of the seeds: the China (Hangzhou) Overseas Talent
// Innovation and Entrepreneurship Competition run by Yuhang district, with five global
// divisions and three industry tracks. 2018 is finished (70 finalists, 18 prizes in tiers
// of 3/5/10); the current year's edition is judged up to its final (judging.go); next
// year's edition is open.

var demoDivisions = []haizhi.Division{
	{Code: "north-america", NameZH: "北美赛区", NameEN: "North America"},
	{Code: "europe", NameZH: "欧洲赛区", NameEN: "Europe"},
	{Code: "asia-pacific", NameZH: "亚太赛区", NameEN: "Asia-Pacific"},
	{Code: "oceania", NameZH: "大洋洲赛区", NameEN: "Oceania"},
	{Code: "greater-china", NameZH: "大中华赛区", NameEN: "Greater China"},
}

var demoTracks = []haizhi.Track{
	{Code: "ai", NameZH: "人工智能", NameEN: "Artificial intelligence"},
	{Code: "health", NameZH: "大健康", NameEN: "Health"},
	{Code: "equipment", NameZH: "高端装备", NameEN: "High-end equipment"},
}

// finalQuotas splits the 70 final places over division x track, weighted like the entries
// of 2018 (Europe and North America sent the most, Oceania the fewest).
var finalQuotas = map[string][3]int{
	"north-america": {7, 6, 4}, "europe": {7, 6, 5}, "asia-pacific": {5, 4, 3},
	"oceania": {2, 2, 1}, "greater-china": {6, 5, 7},
}

// editionStructure is an edition's structure for a year: rounds from April to September
// (times in Hangzhou), semifinal quotas into the final, prize tiers 3/5/10.
func editionStructure(year int) haizhi.EditionStructure {
	at := func(m time.Month, d, h int) time.Time { return time.Date(year, m, d, h, 0, 0, 0, haizhi.Shanghai) }
	st := haizhi.EditionStructure{
		Divisions: demoDivisions, Tracks: demoTracks,
		Rounds: []haizhi.Round{
			{Kind: haizhi.RoundScreening, NameZH: "全球征集与海选", NameEN: "Global call and screening", OpensAt: at(4, 1, 9), ClosesAt: at(6, 30, 18)},
			{Kind: haizhi.RoundPreliminary, NameZH: "初赛（分赛区）", NameEN: "Preliminary (by division)", OpensAt: at(7, 1, 9), ClosesAt: at(7, 31, 18)},
			{Kind: haizhi.RoundSemifinal, NameZH: "复赛", NameEN: "Semifinal", OpensAt: at(8, 1, 9), ClosesAt: at(8, 31, 18)},
			{Kind: haizhi.RoundFinal, NameZH: "决赛（未来科技城）", NameEN: "Final (Future Sci-Tech City)", OpensAt: at(9, 20, 9), ClosesAt: at(9, 22, 18)},
		},
		PrizeTiers: []haizhi.PrizeTier{
			{Rank: 1, NameZH: "一等奖", NameEN: "First prize", Count: 3},
			{Rank: 2, NameZH: "二等奖", NameEN: "Second prize", Count: 5},
			{Rank: 3, NameZH: "三等奖", NameEN: "Third prize", Count: 10},
		},
	}
	for _, d := range demoDivisions {
		for i, t := range demoTracks {
			st.Quotas = append(st.Quotas, haizhi.Quota{Round: haizhi.RoundSemifinal, Division: d.Code, Track: t.Code, Count: finalQuotas[d.Code][i]})
		}
	}
	return st
}

// loadCompetition writes the competition and its finished 2018 edition, entered when the
// platform went live (after the accounts, before the news): its 444 entries imported
// from the old spreadsheets, the rounds decided, the edition closed and finished.
func (l *loader) loadCompetition() error {
	if l.s.Competitions == nil {
		return nil
	}
	l.at(l.now.AddDate(0, -17, 0))
	c := &haizhi.Competition{UnitID: l.units["yuhang"].ID, Code: "hangzhou-talent",
		NameZH: "中国（杭州）海外人才创新创业项目大赛", NameEN: "China (Hangzhou) Overseas Talent Innovation and Entrepreneurship Competition"}
	if err := l.s.Competitions.CreateCompetition(l.operatorCtx(), c); err != nil {
		return fmt.Errorf("competition: %w", err)
	}
	l.competition = c
	l.at(l.now.AddDate(0, -17, 0).Add(30 * time.Minute))
	e, err := l.addEdition(2018, editionStructure(2018))
	if err != nil {
		return err
	}
	if e, err = l.setStatus(e, haizhi.EditionOpen); err != nil {
		return err
	}
	l.at(l.now.AddDate(0, -17, 0).Add(time.Hour))
	if err := l.loadEntries2018(e); err != nil {
		return err
	}
	l.at(l.now.AddDate(0, -17, 0).Add(5 * time.Hour))
	if e, err = l.setStatus(e, haizhi.EditionClosed); err != nil {
		return err
	}
	_, err = l.setStatus(e, haizhi.EditionFinished)
	return err
}

// loadNextEdition opens next year's edition: the global call started nine days ago and
// runs to the end of June; the first entries are coming in.
func (l *loader) loadNextEdition() error {
	if l.competition == nil {
		return nil
	}
	l.at(l.now.Add(-12 * 24 * time.Hour))
	year := l.now.In(haizhi.Shanghai).Year() + 1
	st := editionStructure(year)
	st.Rounds[0].OpensAt = l.now.Add(-9 * 24 * time.Hour).Truncate(24 * time.Hour).Add(time.Hour) // 09:00 in Hangzhou
	e, err := l.addEdition(year, st)
	if err != nil {
		return err
	}
	l.at(l.now.Add(-9 * 24 * time.Hour))
	if e, err = l.setStatus(e, haizhi.EditionOpen); err != nil {
		return err
	}
	if err := l.loadOpenEntries(e); err != nil {
		return err
	}
	return l.loadJudges(e)
}

// addEdition creates a draft edition of the demo competition with its structure, form
// and rules.
func (l *loader) addEdition(year int, st haizhi.EditionStructure) (*haizhi.Edition, error) {
	ctx := l.operatorCtx()
	e := &haizhi.Edition{CompetitionID: l.competition.ID, Year: year,
		NameZH: fmt.Sprintf("%d年大赛", year), NameEN: fmt.Sprintf("%d competition", year)}
	if err := l.s.Competitions.CreateEdition(ctx, e); err != nil {
		return nil, fmt.Errorf("edition %d: %w", year, err)
	}
	e2, err := l.s.Competitions.UpdateEditionStructure(ctx, e.ID, e.Version, st)
	if err != nil {
		return nil, fmt.Errorf("edition %d structure: %w", year, err)
	}
	e3, err := l.s.Competitions.UpdateEditionForm(ctx, e.ID, e2.Version, applicationForm())
	if err != nil {
		return nil, fmt.Errorf("edition %d form: %w", year, err)
	}
	e4, err := l.s.Competitions.UpdateEditionRules(ctx, e.ID, e3.Version, eligibilityRules())
	if err != nil {
		return nil, fmt.Errorf("edition %d rules: %w", year, err)
	}
	return e4, nil
}

func (l *loader) setStatus(e *haizhi.Edition, st haizhi.EditionStatus) (*haizhi.Edition, error) {
	next, err := l.s.Competitions.SetEditionStatus(l.operatorCtx(), e.ID, e.Version, st)
	if err != nil {
		return nil, fmt.Errorf("edition %d to %s: %w", e.Year, st, err)
	}
	return next, nil
}

// eligibilityRules are the conditions of entry: an overseas master's or doctorate or
// three years of work abroad, a lead applicant of at most 55, and a project not yet
// registered as a local company.
func eligibilityRules() []haizhi.EligibilityRule {
	return []haizhi.EligibilityRule{
		{Key: "overseas-degree", Group: "overseas", Kind: haizhi.RuleOneOf, Field: "talent.overseas_degree", Values: []string{"doctorate", "master"},
			ReasonZH: "须具有海外硕士及以上学历，", ReasonEN: "An overseas master's degree or doctorate,"},
		{Key: "years-abroad", Group: "overseas", Kind: haizhi.RuleMin, Field: "talent.years_abroad", Number: 3,
			ReasonZH: "或在海外工作3年以上。", ReasonEN: "or at least three years of work abroad, is required."},
		{Key: "age", Kind: haizhi.RuleAgeMax, Field: "talent.born", Number: 55,
			ReasonZH: "第一申报人年龄不超过55周岁。", ReasonEN: "The lead applicant must be 55 or younger."},
		{Key: "not-registered", Kind: haizhi.RuleNoneOf, Field: "project.registered_locally", Values: []string{"yes"},
			ReasonZH: "项目尚未在杭州注册企业。", ReasonEN: "The project must not yet be registered as a company in Hangzhou."},
	}
}

// applicationForm is the Hangzhou competition's own questions, asked besides the lead's
// profile and the project (which every entry has): landing plans, how the applicant
// heard of the competition, patents and awards, and supporting documents.
func applicationForm() haizhi.AppForm {
	opt := func(v, zh, en string) haizhi.FieldOption {
		return haizhi.FieldOption{Value: v, LabelZH: zh, LabelEN: en}
	}
	return haizhi.AppForm{
		Sections: []haizhi.FormSection{
			{Key: "landing", TitleZH: "落地意向", TitleEN: "Plans in Hangzhou"},
			{Key: "record", TitleZH: "成果与荣誉", TitleEN: "Results and awards"},
		},
		Fields: []haizhi.FormField{
			{Key: "landing-plan", Section: "landing", Type: haizhi.FieldSingle, Required: true, LabelZH: "计划何时在杭州落地", LabelEN: "When do you plan to set up in Hangzhou?",
				Options: []haizhi.FieldOption{opt("within-1-year", "一年内", "Within a year"), opt("1-3-years", "一到三年内", "In one to three years"), opt("undecided", "尚未确定", "Not decided yet")}},
			{Key: "landing-needs", Section: "landing", Type: haizhi.FieldMultiple, LabelZH: "落地需要的支持", LabelEN: "Support you would need",
				Options: []haizhi.FieldOption{opt("space", "场地", "Office or lab space"), opt("funding", "资金", "Funding"), opt("housing", "人才公寓", "Housing"),
					opt("registration", "公司注册", "Company registration"), opt("partners", "产业对接", "Industry partners")}},
			{Key: "heard-from", Section: "landing", Type: haizhi.FieldSingle, LabelZH: "从何处得知本大赛", LabelEN: "How did you hear of the competition?",
				Options: []haizhi.FieldOption{opt("workstation", "海外工作站", "An overseas workstation"), opt("website", "大赛官网", "The competition's website"),
					opt("colleague", "同事朋友", "A colleague or friend"), opt("social-media", "社交媒体", "Social media")}},
			{Key: "patents", Section: "record", Type: haizhi.FieldNumber, LabelZH: "已授权专利数", LabelEN: "Patents granted", HelpZH: "含国内外发明专利。", HelpEN: "Inventions, in any country."},
			{Key: "awards", Section: "record", Type: haizhi.FieldLongText, LabelZH: "获奖情况", LabelEN: "Awards and prizes"},
			{Key: "supporting-docs", Section: "record", Type: haizhi.FieldFile, LabelZH: "证明材料（学历、专利等，PDF）", LabelEN: "Supporting documents (degrees, patents; PDF)"},
		},
	}
}

// operatorCtx acts as the demo operator, so the audit log names a person.
func (l *loader) operatorCtx() context.Context {
	if op := l.users["operator@demo.haizhi.org"]; op != nil {
		return haizhi.NewContextWithActor(l.ctx, op.Actor("", ""))
	}
	return l.ctx
}
