package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/haizhi-dev/haizhi"
)

// countryCodes are the countries offered in the entry form's lists: where overseas
// talent lives and studies (the seeds name 27 countries for one edition) plus China's
// special administrative regions. Other codes typed through an import are accepted too.
var countryCodes = strings.Fields(`US CA MX BR AR CL GB IE DE FR NL BE LU CH AT IT ES PT DK SE NO FI IS PL CZ HU RO GR
	RU UA TR IL AE SA EG ZA NG KE IN PK BD LK TH VN MY SG ID PH JP KR AU NZ HK MO TW CN`)

// countryName names a country in the reader's language.
func countryName(locale, code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	tag := language.English
	if locale == haizhi.LocaleZH {
		tag = language.SimplifiedChinese
	}
	if n := display.Regions(tag).Name(r); n != "" {
		return n
	}
	return code
}

// countryOptions lists the countries sorted by name in the reader's language (pinyin
// order in Chinese), with a blank first choice.
func countryOptions(v *view, blank string) []option {
	opts := make([]option, 0, len(countryCodes)+1)
	for _, c := range countryCodes {
		opts = append(opts, option{Value: c, Label: countryName(v.Locale, c)})
	}
	tag := language.English
	if v.Locale == haizhi.LocaleZH {
		tag = language.MustParse("zh-u-co-pinyin")
	}
	col := collate.New(tag)
	sort.SliceStable(opts, func(i, j int) bool { return col.CompareString(opts[i].Label, opts[j].Label) < 0 })
	return append([]option{{Value: "", Label: blank}}, opts...)
}

// teamRows is how many team member rows the form shows: the members so far and two blank.
func teamRows(n int) int { return min(n+2, haizhi.MaxTeamMembers) }

// entryInputFrom reads the entry form. Question answers come as q_<key>; team members as
// parallel team_name, team_role, team_institution lists. The funding need is typed in
// units of 10,000 yuan (万元), as Chinese forms ask for it.
func entryInputFrom(pf url.Values) *haizhi.EntryInput {
	in := &haizhi.EntryInput{
		EditionID: formID(pf, "edition_id"), CreateKey: pf.Get("create_key"), DivisionCode: pf.Get("division"), TrackCode: pf.Get("track"),
		Referrer: pf.Get("referrer"), Answers: map[string][]string{},
	}
	in.Version, _ = strconv.Atoi(pf.Get("version"))
	l := &in.Lead
	l.Name, l.NameZH, l.Email, l.Locale = pf.Get("talent.name"), pf.Get("talent.name_zh"), pf.Get("talent.email"), pf.Get("talent.locale")
	l.Nationality, l.Residence, l.DegreeCountry = pf.Get("talent.nationality"), pf.Get("talent.residence"), pf.Get("talent.degree_country")
	l.Category, l.Degree = haizhi.NationalityCategory(pf.Get("talent.category")), haizhi.Degree(pf.Get("talent.degree"))
	l.Institution, l.Employer = pf.Get("talent.institution"), pf.Get("talent.employer")
	l.Fields = haizhi.SplitList(pf.Get("talent.fields"))
	if b, err := time.Parse(time.DateOnly, strings.TrimSpace(pf.Get("talent.born"))); err == nil {
		l.Born = b
	}
	l.YearsAbroad = atoiOr(pf.Get("talent.years_abroad"), -1)
	p := &in.Project
	p.TitleZH, p.TitleEN, p.SummaryZH, p.SummaryEN = pf.Get("project.title_zh"), pf.Get("project.title_en"), pf.Get("project.summary_zh"), pf.Get("project.summary_en")
	p.Keywords = haizhi.SplitList(pf.Get("project.keywords"))
	p.Stage = haizhi.ProjectStage(pf.Get("project.stage"))
	p.PitchURL = pf.Get("project.pitch_url")
	p.RegisteredLocally = pf.Get("project.registered_locally") == "yes"
	if s := strings.TrimSpace(pf.Get("project.funding_need")); s != "" {
		if wan, err := strconv.ParseFloat(s, 64); err == nil && wan >= 0 && wan < 1e7 {
			p.FundingNeed = int64(wan * 10_000)
		} else {
			p.FundingNeed = -1 // reported as out of range
		}
	}
	names, roles, insts := pf["team_name"], pf["team_role"], pf["team_institution"]
	for i := range names {
		m := haizhi.TeamMember{Name: names[i]}
		if i < len(roles) {
			m.Role = roles[i]
		}
		if i < len(insts) {
			m.Institution = insts[i]
		}
		p.Team = append(p.Team, m)
	}
	for k, vals := range pf {
		if key, ok := strings.CutPrefix(k, "q_"); ok {
			in.Answers[key] = vals
		}
	}
	return in
}

// atoiOr parses a whole number, giving bad when the text is not one ("" is 0).
func atoiOr(s string, bad int) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return bad
	}
	return n
}

// entryFormValues fills the form's values from a saved entry, for the edit page.
func entryFormValues(e *haizhi.Entry) url.Values {
	vals := url.Values{}
	set := func(k, v string) {
		if v != "" {
			vals.Set(k, v)
		}
	}
	l, p := &e.Lead, &e.Project
	set("division", e.DivisionCode)
	set("track", e.TrackCode)
	set("referrer", e.Referrer)
	set("talent.name", l.Name)
	set("talent.name_zh", l.NameZH)
	set("talent.email", l.Email)
	set("talent.locale", l.Locale)
	set("talent.nationality", l.Nationality)
	set("talent.category", string(l.Category))
	set("talent.residence", l.Residence)
	if !l.Born.IsZero() {
		set("talent.born", l.Born.Format(time.DateOnly))
	}
	set("talent.degree", string(l.Degree))
	set("talent.degree_country", l.DegreeCountry)
	set("talent.institution", l.Institution)
	set("talent.employer", l.Employer)
	set("talent.years_abroad", strconv.Itoa(l.YearsAbroad))
	set("talent.fields", strings.Join(l.Fields, ", "))
	set("project.title_zh", p.TitleZH)
	set("project.title_en", p.TitleEN)
	set("project.summary_zh", p.SummaryZH)
	set("project.summary_en", p.SummaryEN)
	set("project.keywords", strings.Join(p.Keywords, ", "))
	set("project.stage", string(p.Stage))
	if p.FundingNeed > 0 {
		set("project.funding_need", strconv.FormatFloat(float64(p.FundingNeed)/10_000, 'f', -1, 64))
	}
	if p.RegisteredLocally {
		set("project.registered_locally", "yes")
	}
	set("project.pitch_url", p.PitchURL)
	for _, m := range p.Team {
		vals.Add("team_name", m.Name)
		vals.Add("team_role", m.Role)
		vals.Add("team_institution", m.Institution)
	}
	for k, vs := range e.Answers {
		vals["q_"+k] = vs
	}
	return vals
}

// teamMemberRow is one row of the team table on the form.
type teamMemberRow struct {
	Index                   int
	Name, Role, Institution string
	Error                   string
}

// entryFormData is everything the entry form template needs.
type entryFormData struct {
	Edition   *haizhi.Edition
	Entry     *haizhi.Entry // nil for a new entry
	CreateKey string
	Deadline  time.Time
	F         map[string]field // the lead's and project's fields by name
	Team      []teamMemberRow
	Parts     []formPart
	Partner   bool // a partner refers the entry: ask for the referring organisation
}

// newEntryFormData lays out the form for an edition with the values of v.Form (the
// typed values after a failed save, or the saved entry's).
func newEntryFormData(v *view, ed *haizhi.Edition, e *haizhi.Entry, createKey string) *entryFormData {
	d := &entryFormData{Edition: ed, Entry: e, CreateKey: createKey, Deadline: editionDeadline(ed), F: map[string]field{},
		Partner: v.Actor.CanAnywhere(haizhi.PermPartnerWork) && !v.Actor.CanAnywhere(haizhi.PermApplicantWork)}
	choose := v.T("admin.choose")
	add := func(name, typ, label string, required bool, opts ...option) {
		f := newField(v, name, typ, label, required)
		if opts != nil {
			f = f.withOptions(opts...)
		}
		d.F[name] = f
	}
	var divisions, tracks []option
	divisions = append(divisions, option{Value: "", Label: choose})
	for _, x := range ed.Structure.Divisions {
		divisions = append(divisions, option{Value: x.Code, Label: v.Name(x.NameZH, x.NameEN)})
	}
	tracks = append(tracks, option{Value: "", Label: choose})
	for _, x := range ed.Structure.Tracks {
		tracks = append(tracks, option{Value: x.Code, Label: v.Name(x.NameZH, x.NameEN)})
	}
	add("division", "select", "entries.division", true, divisions...)
	add("track", "select", "entries.track", true, tracks...)
	add("referrer", "text", "entries.referrer", d.Partner)
	countries := countryOptions(v, choose)
	categories := []option{{Value: "", Label: choose}}
	for _, c := range haizhi.NationalityCategories() {
		categories = append(categories, option{Value: string(c), Label: v.T("category." + string(c))})
	}
	degrees := []option{{Value: "", Label: choose}}
	for _, dg := range haizhi.Degrees() {
		degrees = append(degrees, option{Value: string(dg), Label: v.T("degree." + string(dg))})
	}
	stages := []option{{Value: "", Label: choose}}
	for _, st := range haizhi.ProjectStages() {
		stages = append(stages, option{Value: string(st), Label: v.T("stage." + string(st))})
	}
	add("talent.name", "text", "entries.lead_name", true)
	add("talent.name_zh", "text", "entries.lead_name_zh", false)
	add("talent.email", "email", "entries.lead_email", true)
	add("talent.locale", "select", "entries.lead_locale", false, option{Value: haizhi.LocaleEN, Label: "English"}, option{Value: haizhi.LocaleZH, Label: "中文"})
	add("talent.nationality", "select", "entries.nationality", true, countries...)
	add("talent.category", "select", "entries.category", true, categories...)
	add("talent.residence", "select", "entries.residence", true, countries...)
	add("talent.born", "date", "entries.born", true)
	add("talent.degree", "select", "entries.degree", true, degrees...)
	add("talent.degree_country", "select", "entries.degree_country", true, countries...)
	add("talent.institution", "text", "entries.institution", true)
	add("talent.employer", "text", "entries.employer", false)
	add("talent.years_abroad", "number", "entries.years_abroad", false)
	add("talent.fields", "text", "entries.fields", false)
	add("project.title_zh", "text", "entries.title_zh", false)
	add("project.title_en", "text", "entries.title_en", false)
	add("project.summary_zh", "textarea", "entries.summary_zh", false)
	add("project.summary_en", "textarea", "entries.summary_en", false)
	add("project.keywords", "text", "entries.keywords", false)
	add("project.stage", "select", "entries.stage", true, stages...)
	add("project.funding_need", "number", "entries.funding_need", false)
	add("project.pitch_url", "url", "entries.pitch_url", false)
	add("project.registered_locally", "select", "entries.registered_locally", false,
		option{Value: "no", Label: v.T("entries.no")}, option{Value: "yes", Label: v.T("entries.yes")})
	var vals url.Values
	if v.Form != nil {
		vals = v.Form.Values
	}
	names, roles, insts := vals["team_name"], vals["team_role"], vals["team_institution"]
	filled := 0
	for i, n := range names {
		if strings.TrimSpace(n) != "" || (i < len(roles) && strings.TrimSpace(roles[i]) != "") {
			filled = i + 1
		}
	}
	for i := range teamRows(filled) {
		row := teamMemberRow{Index: i}
		if i < len(names) {
			row.Name = names[i]
		}
		if i < len(roles) {
			row.Role = roles[i]
		}
		if i < len(insts) {
			row.Institution = insts[i]
		}
		row.Error = v.Form.Error("project.team." + strconv.Itoa(i) + ".name")
		d.Team = append(d.Team, row)
	}
	answers := map[string][]string{}
	errs := map[string]string{}
	for k, vs := range vals {
		if key, ok := strings.CutPrefix(k, "q_"); ok {
			answers[key] = vs
		}
	}
	if v.Form != nil {
		for k, msg := range v.Form.Errors {
			if key, ok := strings.CutPrefix(k, "answers."); ok {
				errs[key] = msg
			}
		}
	}
	d.Parts = appFormParts(v, ed.Form, answers, errs)
	return d
}

// editionDeadline is when the edition stops taking entries.
func editionDeadline(ed *haizhi.Edition) time.Time {
	if len(ed.Structure.Rounds) == 0 {
		return time.Time{}
	}
	return ed.Structure.Rounds[0].ClosesAt
}

// entryStatus answers with the status code for a failed entry save.
func entryFailStatus(err error) int {
	if haizhi.ErrorCode(err) == haizhi.ECONFLICT {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}
