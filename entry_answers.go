package haizhi

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// StandardQuestions are the lead's and the project's own fields seen as questions, so that
// eligibility rules can test them like the edition's questions ("an overseas degree",
// "not yet registered locally"). Their keys hold a dot, which a form's keys cannot, so
// they never clash.
func StandardQuestions() []FormField {
	opt := func(v, zh, en string) FieldOption { return FieldOption{Value: v, LabelZH: zh, LabelEN: en} }
	yesNo := []FieldOption{opt("yes", "是", "Yes"), opt("no", "否", "No")}
	return []FormField{
		{Key: "talent.category", Section: "standard", Type: FieldSingle, LabelZH: "国籍类别", LabelEN: "Nationality category",
			Options: []FieldOption{opt(string(CategoryForeignNonChinese), "外籍非华裔", "Foreign, non-Chinese"),
				opt(string(CategoryForeignChinese), "外籍华人", "Foreign national of Chinese descent"),
				opt(string(CategoryChineseAbroad), "华侨、海外留学人员", "Chinese citizen abroad")}},
		{Key: "talent.born", Section: "standard", Type: FieldDate, LabelZH: "第一申报人出生日期", LabelEN: "Lead applicant's date of birth"},
		{Key: "talent.degree", Section: "standard", Type: FieldSingle, LabelZH: "最高学历", LabelEN: "Highest degree",
			Options: []FieldOption{opt(string(DegreeDoctorate), "博士", "Doctorate"), opt(string(DegreeMaster), "硕士", "Master's"),
				opt(string(DegreeBachelor), "学士", "Bachelor's"), opt(string(DegreeOther), "其他", "Other")}},
		{Key: "talent.overseas_degree", Section: "standard", Type: FieldSingle, LabelZH: "海外学历（最高学历在境外取得时）", LabelEN: "Overseas degree (the highest, when earned abroad)",
			Options: []FieldOption{opt(string(DegreeDoctorate), "海外博士", "Doctorate from abroad"), opt(string(DegreeMaster), "海外硕士", "Master's from abroad"),
				opt(string(DegreeBachelor), "海外学士", "Bachelor's from abroad"), opt(string(DegreeOther), "其他海外学历", "Other degree from abroad"),
				opt("none", "无海外学历", "No degree from abroad")}},
		{Key: "talent.years_abroad", Section: "standard", Type: FieldNumber, LabelZH: "海外工作年限", LabelEN: "Years of work abroad"},
		{Key: "project.stage", Section: "standard", Type: FieldSingle, LabelZH: "项目阶段", LabelEN: "Project stage",
			Options: []FieldOption{opt(string(StageIdea), "创意", "Idea"), opt(string(StagePrototype), "样机 / 原型", "Prototype"),
				opt(string(StageRevenue), "已有收入", "Earning revenue"), opt(string(StageScaling), "规模化", "Scaling")}},
		{Key: "project.funding_need", Section: "standard", Type: FieldNumber, LabelZH: "融资需求（万元）", LabelEN: "Funding needed (10,000 RMB)"},
		{Key: "project.registered_locally", Section: "standard", Type: FieldSingle, LabelZH: "项目已在本地注册公司", LabelEN: "Project already registered locally", Options: yesNo},
	}
}

// RuleAnswers returns what the eligibility rules read of an entry: the standard questions
// from its lead and project, and the answers to the edition's questions.
func (e *Entry) RuleAnswers() map[string][]string {
	out := make(map[string][]string, len(e.Answers)+8)
	for k, v := range e.Answers {
		out[k] = v
	}
	yes := func(b bool) []string {
		if b {
			return []string{"yes"}
		}
		return []string{"no"}
	}
	set := func(k, v string) {
		if v != "" {
			out[k] = []string{v}
		}
	}
	set("talent.category", string(e.Lead.Category))
	if !e.Lead.Born.IsZero() {
		set("talent.born", e.Lead.Born.Format(time.DateOnly))
	}
	set("talent.degree", string(e.Lead.Degree))
	switch {
	case e.Lead.DegreeCountry == "" || e.Lead.Degree == "":
	case e.Lead.OverseasDegree():
		out["talent.overseas_degree"] = []string{string(e.Lead.Degree)}
	default:
		out["talent.overseas_degree"] = []string{"none"}
	}
	set("talent.years_abroad", strconv.Itoa(e.Lead.YearsAbroad))
	set("project.stage", string(e.Project.Stage))
	set("project.funding_need", strconv.FormatInt(e.Project.FundingNeed/10_000, 10))
	out["project.registered_locally"] = yes(e.Project.RegisteredLocally)
	return out
}

// CleanAnswers normalises answers to the active questions of form and reports problems by
// "answers.<key>". Answers to unknown or retired questions are dropped from the result
// (storage keeps what was stored for retired ones). complete asks that every required
// question is answered, as on submit; file questions are answered by attachments, which
// the caller checks (hasFile).
func CleanAnswers(form AppForm, answers map[string][]string, complete bool, hasFile func(key string) bool) (map[string][]string, error) {
	out := map[string][]string{}
	errs := map[string]string{}
	for _, f := range form.Active() {
		var vals []string
		for _, v := range answers[f.Key] {
			if v = strings.TrimSpace(v); v != "" {
				vals = append(vals, v)
			}
		}
		key := "answers." + f.Key
		if f.Type == FieldFile {
			if complete && f.Required && (hasFile == nil || !hasFile(f.Key)) {
				errs[key] = "error.required"
			}
			continue
		}
		if len(vals) == 0 {
			if complete && f.Required {
				errs[key] = "error.required"
			}
			continue
		}
		if f.Type != FieldMultiple {
			vals = vals[:1]
		}
		if problem := answerProblem(f, vals); problem != "" {
			errs[key] = problem
		}
		out[f.Key] = vals
	}
	if len(errs) > 0 {
		return out, Invalid(errs)
	}
	return out, nil
}

// answerProblem returns the catalogue key of what is wrong with vals for field f, or "".
func answerProblem(f FormField, vals []string) string {
	v := vals[0]
	switch f.Type {
	case FieldShortText:
		if utf8.RuneCountInString(v) > 200 {
			return "error.too_long"
		}
	case FieldLongText:
		if utf8.RuneCountInString(v) > 6000 {
			return "error.too_long"
		}
	case FieldNumber:
		if n, err := strconv.ParseFloat(v, 64); err != nil || n < -1e12 || n > 1e12 {
			return "error.number_invalid"
		}
	case FieldDate:
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "error.date_invalid"
		}
	case FieldURL:
		if !ValidWebURL(v) {
			return "error.url_invalid"
		}
	case FieldSingle, FieldMultiple:
		for _, x := range vals {
			if !slices.ContainsFunc(f.Options, func(o FieldOption) bool { return o.Value == x }) {
				return "error.unknown_choice"
			}
		}
	}
	return ""
}
