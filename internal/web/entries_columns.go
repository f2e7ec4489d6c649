package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/i18n"
	"github.com/haizhi-dev/haizhi/internal/sheet"
)

// entryColumn is one column of the entries workbook: its heading, how an export fills it
// and how an import reads it. Import columns have a parse; export-only ones do not.
type entryColumn struct {
	sheet.Column
	aliases []string // headings accepted on import: both languages and the key
	get     func(e *haizhi.Entry) any
	parse   func(in *haizhi.ImportRow, cell string) string // the problem's catalogue key, or ""
}

// choices maps what people type for a coded value (the code, or its label in either
// language, case-insensitively) to the code, and lists the labels for a drop-down.
type choices struct {
	codes  map[string]string
	labels []string
	label  map[string]string // code → label in the reader's language
}

func newChoices(reader string, codes []string, labelOf func(locale, code string) string) choices {
	c := choices{codes: map[string]string{}, label: map[string]string{}}
	for _, code := range codes {
		c.codes[strings.ToLower(code)] = code
		for _, loc := range []string{haizhi.LocaleZH, haizhi.LocaleEN} {
			c.codes[strings.ToLower(labelOf(loc, code))] = code
		}
		c.label[code] = labelOf(reader, code)
		c.labels = append(c.labels, c.label[code])
	}
	return c
}

// lookup returns the code for what was typed; ok is false for an unknown value.
func (c choices) lookup(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	code, ok := c.codes[strings.ToLower(strings.TrimSpace(s))]
	return code, ok
}

// entryColumns lays out the entries workbook for an edition in the reader's language:
// the place in the competition, the lead, the project, the source, then each question of
// the edition's form (retired ones too, on export), then (export only) where the entry
// stands and its decisions.
func (s *Server) entryColumns(v *view, ed *haizhi.Edition, export bool) []entryColumn {
	both := [2]*i18n.Localizer{s.i18n.Localizer(haizhi.LocaleZH), s.i18n.Localizer(haizhi.LocaleEN)}
	tr := func(key string) func(locale, code string) string {
		return func(locale, code string) string { return s.i18n.Localizer(locale).T(key + code) }
	}
	var divCodes, trackCodes []string
	divNames, trackNames := map[string][2]string{}, map[string][2]string{}
	for _, d := range ed.Structure.Divisions {
		divCodes, divNames[d.Code] = append(divCodes, d.Code), [2]string{d.NameZH, d.NameEN}
	}
	for _, t := range ed.Structure.Tracks {
		trackCodes, trackNames[t.Code] = append(trackCodes, t.Code), [2]string{t.NameZH, t.NameEN}
	}
	named := func(names map[string][2]string) func(locale, code string) string {
		return func(locale, code string) string { return haizhi.Localized(locale, names[code][0], names[code][1]) }
	}
	divisions := newChoices(v.Locale, divCodes, named(divNames))
	tracks := newChoices(v.Locale, trackCodes, named(trackNames))
	countries := newChoices(v.Locale, countryCodes, countryName)
	categories := newChoices(v.Locale, codesOf(haizhi.NationalityCategories()), tr("category."))
	degrees := newChoices(v.Locale, codesOf(haizhi.Degrees()), tr("degree."))
	stages := newChoices(v.Locale, codesOf(haizhi.ProjectStages()), tr("stage."))
	sources := newChoices(v.Locale, codesOf(haizhi.EntrySources()), tr("source."))
	yesNo := newChoices(v.Locale, []string{"yes", "no"}, tr("entries."))
	languages := newChoices(v.Locale, []string{haizhi.LocaleZH, haizhi.LocaleEN}, func(_, code string) string {
		return map[string]string{haizhi.LocaleZH: "中文", haizhi.LocaleEN: "English"}[code]
	})

	var cols []entryColumn
	add := func(key, labelKey string, width float64, required bool, opts *choices, get func(e *haizhi.Entry) any, parse func(in *haizhi.ImportRow, cell string) string) {
		c := entryColumn{Column: sheet.Column{Key: key, Header: v.T(labelKey), Width: width, Required: required}, get: get, parse: parse}
		c.aliases = []string{key, both[0].T(labelKey), both[1].T(labelKey)}
		if opts != nil {
			c.Options = opts.labels
		}
		cols = append(cols, c)
	}
	coded := func(c choices, set func(in *haizhi.ImportRow, code string)) func(in *haizhi.ImportRow, cell string) string {
		return func(in *haizhi.ImportRow, cell string) string {
			code, ok := c.lookup(cell)
			if !ok {
				return "sheet.problem.not_in_list"
			}
			set(in, code)
			return ""
		}
	}
	text := func(set func(in *haizhi.ImportRow, s string)) func(in *haizhi.ImportRow, cell string) string {
		return func(in *haizhi.ImportRow, cell string) string { set(in, cell); return "" }
	}
	if export {
		add("id", "entries.col_id", 8, false, nil, func(e *haizhi.Entry) any { return e.ID }, nil)
	}
	add("division", "entries.division", 14, true, &divisions, func(e *haizhi.Entry) any { return divisions.label[e.DivisionCode] },
		coded(divisions, func(in *haizhi.ImportRow, c string) { in.Input.DivisionCode = c }))
	add("track", "entries.track", 14, true, &tracks, func(e *haizhi.Entry) any { return tracks.label[e.TrackCode] },
		coded(tracks, func(in *haizhi.ImportRow, c string) { in.Input.TrackCode = c }))
	add("title_zh", "entries.title_zh", 30, false, nil, func(e *haizhi.Entry) any { return e.Project.TitleZH },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Project.TitleZH = s }))
	add("title_en", "entries.title_en", 30, false, nil, func(e *haizhi.Entry) any { return e.Project.TitleEN },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Project.TitleEN = s }))
	add("lead_name", "entries.col_lead_name", 18, true, nil, func(e *haizhi.Entry) any { return e.Lead.Name },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Lead.Name = s }))
	add("lead_name_zh", "entries.lead_name_zh", 12, false, nil, func(e *haizhi.Entry) any { return e.Lead.NameZH },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Lead.NameZH = s }))
	add("email", "entries.lead_email", 24, true, nil, func(e *haizhi.Entry) any { return e.Lead.Email },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Lead.Email = s }))
	add("language", "entries.lead_locale", 10, false, &languages, func(e *haizhi.Entry) any { return languages.label[e.Lead.Locale] },
		coded(languages, func(in *haizhi.ImportRow, c string) { in.Input.Lead.Locale = c }))
	add("nationality", "entries.nationality", 12, true, &countries, func(e *haizhi.Entry) any { return countryName(v.Locale, e.Lead.Nationality) },
		country(countries, func(in *haizhi.ImportRow, c string) { in.Input.Lead.Nationality = c }))
	add("category", "entries.category", 16, true, &categories, func(e *haizhi.Entry) any { return categories.label[string(e.Lead.Category)] },
		coded(categories, func(in *haizhi.ImportRow, c string) { in.Input.Lead.Category = haizhi.NationalityCategory(c) }))
	add("residence", "entries.residence", 12, true, &countries, func(e *haizhi.Entry) any { return countryName(v.Locale, e.Lead.Residence) },
		country(countries, func(in *haizhi.ImportRow, c string) { in.Input.Lead.Residence = c }))
	add("born", "entries.born", 12, true, nil, func(e *haizhi.Entry) any { return dateOrEmpty(e.Lead.Born) },
		func(in *haizhi.ImportRow, cell string) string {
			if cell == "" {
				return ""
			}
			d, ok := sheet.ParseDate(cell)
			if !ok {
				return "sheet.problem.not_a_date"
			}
			in.Input.Lead.Born = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
			return ""
		})
	add("degree", "entries.degree", 10, true, &degrees, func(e *haizhi.Entry) any { return degrees.label[string(e.Lead.Degree)] },
		coded(degrees, func(in *haizhi.ImportRow, c string) { in.Input.Lead.Degree = haizhi.Degree(c) }))
	add("degree_country", "entries.degree_country", 12, true, &countries, func(e *haizhi.Entry) any { return countryName(v.Locale, e.Lead.DegreeCountry) },
		country(countries, func(in *haizhi.ImportRow, c string) { in.Input.Lead.DegreeCountry = c }))
	add("institution", "entries.institution", 24, true, nil, func(e *haizhi.Entry) any { return e.Lead.Institution },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Lead.Institution = s }))
	add("employer", "entries.employer", 20, false, nil, func(e *haizhi.Entry) any { return e.Lead.Employer },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Lead.Employer = s }))
	add("years_abroad", "entries.years_abroad", 10, false, nil, func(e *haizhi.Entry) any { return e.Lead.YearsAbroad },
		number(func(in *haizhi.ImportRow, f float64) { in.Input.Lead.YearsAbroad = int(f) }))
	add("fields", "entries.fields", 20, false, nil, func(e *haizhi.Entry) any { return strings.Join(e.Lead.Fields, ", ") },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Lead.Fields = haizhi.SplitList(s) }))
	add("summary_zh", "entries.summary_zh", 40, false, nil, func(e *haizhi.Entry) any { return e.Project.SummaryZH },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Project.SummaryZH = s }))
	add("summary_en", "entries.summary_en", 40, false, nil, func(e *haizhi.Entry) any { return e.Project.SummaryEN },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Project.SummaryEN = s }))
	add("keywords", "entries.keywords", 20, false, nil, func(e *haizhi.Entry) any { return strings.Join(e.Project.Keywords, ", ") },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Project.Keywords = haizhi.SplitList(s) }))
	add("stage", "entries.stage", 10, true, &stages, func(e *haizhi.Entry) any { return stages.label[string(e.Project.Stage)] },
		coded(stages, func(in *haizhi.ImportRow, c string) { in.Input.Project.Stage = haizhi.ProjectStage(c) }))
	add("funding_need", "entries.funding_need", 12, false, nil, func(e *haizhi.Entry) any { return float64(e.Project.FundingNeed) / 10_000 },
		number(func(in *haizhi.ImportRow, f float64) { in.Input.Project.FundingNeed = int64(f * 10_000) }))
	add("registered_locally", "entries.registered_locally", 10, false, &yesNo, func(e *haizhi.Entry) any { return yesNo.label[yesNoCode(e.Project.RegisteredLocally)] },
		coded(yesNo, func(in *haizhi.ImportRow, c string) { in.Input.Project.RegisteredLocally = c == "yes" }))
	add("pitch_url", "entries.pitch_url", 24, false, nil, func(e *haizhi.Entry) any { return e.Project.PitchURL },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Project.PitchURL = s }))
	add("team", "entries.col_team", 30, false, nil, func(e *haizhi.Entry) any { return teamText(e.Project.Team) },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Project.Team = parseTeam(s) }))
	add("source", "entries.source", 12, false, &sources, func(e *haizhi.Entry) any { return sources.label[string(e.Source)] },
		coded(sources, func(in *haizhi.ImportRow, c string) { in.Input.Source = haizhi.EntrySource(c) }))
	add("referrer", "entries.referrer", 20, false, nil, func(e *haizhi.Entry) any { return e.Referrer },
		text(func(in *haizhi.ImportRow, s string) { in.Input.Referrer = s }))
	add("submitted_at", "entries.submitted_at", 16, false, nil, func(e *haizhi.Entry) any {
		if e.SubmittedAt == nil {
			return ""
		}
		return *e.SubmittedAt
	}, func(in *haizhi.ImportRow, cell string) string {
		if cell == "" {
			return ""
		}
		t, ok := parseDateTime(cell)
		if !ok {
			return "sheet.problem.not_a_date"
		}
		in.SubmittedAt = t
		return ""
	})
	fields := ed.Form.Active()
	if export {
		fields = ed.Form.Fields
	}
	for _, f := range fields {
		if f.Type == haizhi.FieldFile {
			continue
		}
		cols = append(cols, questionColumn(v, f))
	}
	if export {
		add("status", "entries.status", 10, false, nil, func(e *haizhi.Entry) any { return v.T("entry_status." + string(e.Status)) }, nil)
		add("round", "entries.round", 12, false, nil, func(e *haizhi.Entry) any { return roundName(v, ed, e.Round) }, nil)
		add("outcome", "entries.outcome", 10, false, nil, func(e *haizhi.Entry) any {
			if e.Outcome == "" {
				return ""
			}
			return v.T("outcome." + string(e.Outcome))
		}, nil)
		add("eligible", "entries.eligible", 10, false, nil, func(e *haizhi.Entry) any {
			switch {
			case e.Eligible == nil:
				return v.T("entries.eligible_unknown")
			case *e.Eligible:
				return v.T("entries.eligible_yes")
			}
			return v.T("entries.eligible_no")
		}, nil)
		add("failed", "entries.col_failed", 30, false, nil, func(e *haizhi.Entry) any { return failedReasons(v, ed, e) }, nil)
	}
	return cols
}

// codesOf turns a list of coded values into strings.
func codesOf[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// country reads a country as an ISO code or its name in either language; an unlisted
// two-letter code is taken as it is.
func country(c choices, set func(in *haizhi.ImportRow, code string)) func(in *haizhi.ImportRow, cell string) string {
	return func(in *haizhi.ImportRow, cell string) string {
		if code, ok := c.lookup(cell); ok {
			set(in, code)
			return ""
		}
		if up := strings.ToUpper(strings.TrimSpace(cell)); haizhi.ValidCountry(up) {
			set(in, up)
			return ""
		}
		return "sheet.problem.not_in_list"
	}
}

func number(set func(in *haizhi.ImportRow, f float64)) func(in *haizhi.ImportRow, cell string) string {
	return func(in *haizhi.ImportRow, cell string) string {
		if cell == "" {
			return ""
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(cell, ",", ""), 64)
		if err != nil || f < 0 || f > 1e9 {
			return "sheet.problem.not_a_number"
		}
		set(in, f)
		return ""
	}
}

// questionColumn is the column of one question of the edition's form; choices are read
// by value or by label.
func questionColumn(v *view, f haizhi.FormField) entryColumn {
	c := entryColumn{Column: sheet.Column{Key: "q_" + f.Key, Header: v.Name(f.LabelZH, f.LabelEN), Width: 20, Required: f.Required && !f.Retired}}
	c.aliases = []string{"q_" + f.Key, f.Key, f.LabelZH, f.LabelEN}
	opts := choices{codes: map[string]string{}, label: map[string]string{}}
	for _, o := range f.Options {
		for _, s := range []string{o.Value, o.LabelZH, o.LabelEN} {
			if s != "" {
				opts.codes[strings.ToLower(s)] = o.Value
			}
		}
		opts.label[o.Value] = v.Name(o.LabelZH, o.LabelEN)
		opts.labels = append(opts.labels, opts.label[o.Value])
	}
	if f.Type == haizhi.FieldSingle {
		c.Options = opts.labels
	}
	c.get = func(e *haizhi.Entry) any {
		vals := e.Answers[f.Key]
		if f.Type.HasOptions() {
			labels := make([]string, len(vals))
			for i, x := range vals {
				if labels[i] = opts.label[x]; labels[i] == "" {
					labels[i] = x
				}
			}
			return strings.Join(labels, "; ")
		}
		return strings.Join(vals, "; ")
	}
	c.parse = func(in *haizhi.ImportRow, cell string) string {
		if cell == "" {
			return ""
		}
		var vals []string
		if f.Type == haizhi.FieldMultiple {
			vals = haizhi.SplitList(cell)
		} else {
			vals = []string{cell}
		}
		if f.Type.HasOptions() {
			for i, x := range vals {
				code, ok := opts.codes[strings.ToLower(strings.TrimSpace(x))]
				if !ok {
					return "sheet.problem.not_in_list"
				}
				vals[i] = code
			}
		}
		if f.Type == haizhi.FieldDate {
			d, ok := sheet.ParseDate(cell)
			if !ok {
				return "sheet.problem.not_a_date"
			}
			vals = []string{d.Format(time.DateOnly)}
		}
		in.Input.Answers[f.Key] = vals
		return ""
	}
	return c
}

func yesNoCode(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func dateOrEmpty(t time.Time) any {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// teamText writes a team as "name (role, institution); …", the form parseTeam reads.
func teamText(team []haizhi.TeamMember) string {
	parts := make([]string, len(team))
	for i, m := range team {
		var extra []string
		for _, s := range []string{m.Role, m.Institution} {
			if s != "" {
				extra = append(extra, s)
			}
		}
		parts[i] = m.Name
		if len(extra) > 0 {
			parts[i] += " (" + strings.Join(extra, ", ") + ")"
		}
	}
	return strings.Join(parts, "; ")
}

// parseTeam reads "name (role, institution); name; …".
func parseTeam(s string) []haizhi.TeamMember {
	var out []haizhi.TeamMember
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '\n' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		m := haizhi.TeamMember{Name: part}
		if i := strings.IndexAny(part, "(（"); i > 0 {
			m.Name = strings.TrimSpace(part[:i])
			inner := strings.TrimRight(strings.TrimSpace(part[i:]), ")）")
			inner = strings.TrimLeft(inner, "(（")
			bits := strings.SplitN(inner, ",", 2)
			m.Role = strings.TrimSpace(bits[0])
			if len(bits) == 2 {
				m.Institution = strings.TrimSpace(bits[1])
			}
		}
		out = append(out, m)
	}
	return out
}

// parseDateTime reads a date, or a date and time in Beijing time ("2018-06-30 17:54").
func parseDateTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006/1/2 15:04"} {
		if t, err := time.ParseInLocation(layout, strings.TrimSpace(s), haizhi.Shanghai); err == nil {
			return t.UTC(), true
		}
	}
	if d, ok := sheet.ParseDate(s); ok {
		return d.UTC(), true
	}
	return time.Time{}, false
}

func roundName(v *view, ed *haizhi.Edition, k haizhi.RoundKind) string {
	for _, r := range ed.Structure.Rounds {
		if r.Kind == k {
			return v.Name(r.NameZH, r.NameEN)
		}
	}
	return string(k)
}

func failedReasons(v *view, ed *haizhi.Edition, e *haizhi.Entry) string {
	var out []string
	for _, k := range e.Failed {
		for _, r := range ed.Rules {
			if r.Key == k {
				out = append(out, v.Name(r.ReasonZH, r.ReasonEN))
			}
		}
	}
	return strings.Join(out, " ")
}
