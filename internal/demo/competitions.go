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
// of 3/5/10); the current year's edition is open.

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
// platform went live (after the accounts, before the news).
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
	return l.addEdition(2018, haizhi.EditionFinished)
}

// loadNextEdition sets up next year's edition as a draft, as the operators are doing now
// (the call for entries is a draft post too).
func (l *loader) loadNextEdition() error {
	if l.competition == nil {
		return nil
	}
	l.at(l.now.Add(-26 * time.Hour))
	return l.addEdition(l.now.In(haizhi.Shanghai).Year()+1, haizhi.EditionDraft)
}

func (l *loader) addEdition(year int, status haizhi.EditionStatus) error {
	ctx := l.operatorCtx()
	e := &haizhi.Edition{CompetitionID: l.competition.ID, Year: year, Status: status,
		NameZH: fmt.Sprintf("%d年大赛", year), NameEN: fmt.Sprintf("%d competition", year)}
	if err := l.s.Competitions.CreateEdition(ctx, e); err != nil {
		return fmt.Errorf("edition %d: %w", year, err)
	}
	e2, err := l.s.Competitions.UpdateEditionStructure(ctx, e.ID, e.Version, editionStructure(year))
	if err != nil {
		return fmt.Errorf("edition %d structure: %w", year, err)
	}
	e3, err := l.s.Competitions.UpdateEditionForm(ctx, e.ID, e2.Version, applicationForm())
	if err != nil {
		return fmt.Errorf("edition %d form: %w", year, err)
	}
	if _, err := l.s.Competitions.UpdateEditionRules(ctx, e.ID, e3.Version, eligibilityRules()); err != nil {
		return fmt.Errorf("edition %d rules: %w", year, err)
	}
	return nil
}

// eligibilityRules are the conditions of entry: an overseas master's or doctorate or
// three years of work abroad, and a lead applicant of at most 55.
func eligibilityRules() []haizhi.EligibilityRule {
	return []haizhi.EligibilityRule{
		{Key: "overseas-degree", Group: "overseas", Kind: haizhi.RuleOneOf, Field: "degree", Values: []string{"phd", "master"},
			ReasonZH: "须具有海外硕士及以上学历，", ReasonEN: "An overseas master's degree or doctorate,"},
		{Key: "years-abroad", Group: "overseas", Kind: haizhi.RuleMin, Field: "years-abroad", Number: 3,
			ReasonZH: "或在海外工作3年以上。", ReasonEN: "or at least three years of work abroad, is required."},
		{Key: "age", Kind: haizhi.RuleAgeMax, Field: "born", Number: 55,
			ReasonZH: "第一申报人年龄不超过55周岁。", ReasonEN: "The lead applicant must be 55 or younger."},
	}
}

// applicationForm is the entry form of the Hangzhou competition: the talent, then the
// project (the business plan is checked as a PDF on upload).
func applicationForm() haizhi.AppForm {
	opt := func(v, zh, en string) haizhi.FieldOption {
		return haizhi.FieldOption{Value: v, LabelZH: zh, LabelEN: en}
	}
	return haizhi.AppForm{
		Sections: []haizhi.FormSection{
			{Key: "talent", TitleZH: "人才信息", TitleEN: "About the lead applicant"},
			{Key: "project", TitleZH: "项目信息", TitleEN: "About the project"},
		},
		Fields: []haizhi.FormField{
			{Key: "nationality-category", Section: "talent", Type: haizhi.FieldSingle, Required: true, LabelZH: "国籍类别", LabelEN: "Nationality category",
				Options: []haizhi.FieldOption{opt("foreign", "外籍非华裔", "Foreign, non-Chinese"), opt("overseas-chinese", "外籍华人 / 海外华侨", "Overseas Chinese"), opt("returnee", "留学回国人员", "Returning Chinese graduate")}},
			{Key: "born", Section: "talent", Type: haizhi.FieldDate, Required: true, LabelZH: "出生日期", LabelEN: "Date of birth"},
			{Key: "residence", Section: "talent", Type: haizhi.FieldShortText, Required: true, LabelZH: "现居住国家或地区", LabelEN: "Country of residence"},
			{Key: "degree", Section: "talent", Type: haizhi.FieldSingle, Required: true, LabelZH: "最高学历（海外院校）", LabelEN: "Highest degree (from an overseas university)",
				Options: []haizhi.FieldOption{opt("phd", "博士", "Doctorate"), opt("master", "硕士", "Master's"), opt("bachelor", "学士", "Bachelor's")}},
			{Key: "years-abroad", Section: "talent", Type: haizhi.FieldNumber, Required: true, LabelZH: "海外工作年限", LabelEN: "Years of work abroad",
				HelpZH: "不含求学时间。", HelpEN: "Not counting years of study."},
			{Key: "employer", Section: "talent", Type: haizhi.FieldShortText, LabelZH: "现任职单位", LabelEN: "Current employer"},
			{Key: "summary", Section: "project", Type: haizhi.FieldLongText, Required: true, LabelZH: "项目简介", LabelEN: "Project summary",
				HelpZH: "技术、产品、市场与团队，1000字以内。", HelpEN: "Technology, product, market and team, in up to 600 words."},
			{Key: "stage", Section: "project", Type: haizhi.FieldSingle, Required: true, LabelZH: "项目阶段", LabelEN: "Stage",
				Options: []haizhi.FieldOption{opt("idea", "创意阶段", "Idea"), opt("prototype", "样机 / 原型", "Prototype"), opt("revenue", "已有收入", "Earning revenue")}},
			{Key: "funding-need", Section: "project", Type: haizhi.FieldNumber, LabelZH: "融资需求（万元）", LabelEN: "Funding needed (10,000 RMB)"},
			{Key: "business-plan", Section: "project", Type: haizhi.FieldFile, Required: true, LabelZH: "商业计划书（PDF，20MB以内）", LabelEN: "Business plan (PDF, up to 20 MB)"},
			{Key: "pitch-video", Section: "project", Type: haizhi.FieldURL, LabelZH: "路演视频链接", LabelEN: "Pitch video link"},
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
