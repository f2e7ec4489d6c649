package haizhi

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// NationalityCategory is how the seeds count applicants: foreign non-Chinese leads are
// reported separately (外籍非华裔) from overseas Chinese.
type NationalityCategory string

// Nationality categories.
const (
	CategoryForeignNonChinese NationalityCategory = "foreign_non_chinese" // 外籍非华裔
	CategoryForeignChinese    NationalityCategory = "foreign_chinese"     // 外籍华人
	CategoryChineseAbroad     NationalityCategory = "chinese_abroad"      // 华侨、海外留学人员 (Chinese citizens abroad)
)

// NationalityCategories lists the categories in display order.
func NationalityCategories() []NationalityCategory {
	return []NationalityCategory{CategoryForeignNonChinese, CategoryForeignChinese, CategoryChineseAbroad}
}

// Valid reports whether c is a known category.
func (c NationalityCategory) Valid() bool { return slices.Contains(NationalityCategories(), c) }

// Degree is the highest degree of a talent.
type Degree string

// Degrees.
const (
	DegreeDoctorate Degree = "doctorate"
	DegreeMaster    Degree = "master"
	DegreeBachelor  Degree = "bachelor"
	DegreeOther     Degree = "other"
)

// Degrees lists the degrees, highest first.
func Degrees() []Degree { return []Degree{DegreeDoctorate, DegreeMaster, DegreeBachelor, DegreeOther} }

// Valid reports whether d is a known degree.
func (d Degree) Valid() bool { return slices.Contains(Degrees(), d) }

// HomeCountry is the ISO 3166 code of the country Haizhi's users attract talent to; a
// degree from elsewhere is an overseas degree.
const HomeCountry = "CN"

// Talent is a person who brings a project: the lead applicant of an entry. A talent may
// have an account (UserID) or have been referred or imported without one.
type Talent struct {
	ID            int64               `json:"id"`
	UserID        int64               `json:"user_id,omitempty"`
	Name          string              `json:"name"`    // as the person writes it
	NameZH        string              `json:"name_zh"` // Chinese name, if any
	Email         string              `json:"email"`
	Locale        string              `json:"locale"`
	Nationality   string              `json:"nationality"` // ISO 3166-1 alpha-2
	Category      NationalityCategory `json:"category"`
	Residence     string              `json:"residence"` // ISO 3166-1 alpha-2
	Born          time.Time           `json:"born"`      // a date (UTC midnight); zero when unknown
	Degree        Degree              `json:"degree"`
	DegreeCountry string              `json:"degree_country"` // ISO 3166-1 alpha-2
	Institution   string              `json:"institution"`    // of the highest degree
	Employer      string              `json:"employer"`
	YearsAbroad   int                 `json:"years_abroad"` // of work, not study
	Fields        []string            `json:"fields"`       // expertise keywords
	CreatedAt     time.Time           `json:"created_at"`
	UpdatedAt     time.Time           `json:"updated_at"`
}

// OverseasDegree reports whether the highest degree was earned outside HomeCountry.
func (t *Talent) OverseasDegree() bool {
	return t.DegreeCountry != "" && t.DegreeCountry != HomeCountry
}

// ValidCountry reports whether s looks like an ISO 3166-1 alpha-2 code (two capitals).
func ValidCountry(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// Validate normalises the profile and reports problems by field. complete asks for
// everything a submitted entry needs; a draft needs only a name and an email.
func (t *Talent) Validate(complete bool) error {
	fields := map[string]string{}
	t.Name, t.NameZH = strings.TrimSpace(t.Name), strings.TrimSpace(t.NameZH)
	t.Email = NormalizeEmail(t.Email)
	t.Institution, t.Employer = strings.TrimSpace(t.Institution), strings.TrimSpace(t.Employer)
	t.Nationality = strings.ToUpper(strings.TrimSpace(t.Nationality))
	t.Residence = strings.ToUpper(strings.TrimSpace(t.Residence))
	t.DegreeCountry = strings.ToUpper(strings.TrimSpace(t.DegreeCountry))
	t.Fields = cleanList(t.Fields, 10)
	if t.Locale = NormalizeLocale(t.Locale); t.Locale == "" {
		t.Locale = LocaleZH
	}
	checkText(fields, "talent.name", t.Name, 100, true)
	checkText(fields, "talent.name_zh", t.NameZH, 50, false)
	checkText(fields, "talent.institution", t.Institution, 200, complete)
	checkText(fields, "talent.employer", t.Employer, 200, false)
	if !ValidEmail(t.Email) {
		fields["talent.email"] = "error.email_invalid"
	}
	for key, code := range map[string]string{"talent.nationality": t.Nationality, "talent.residence": t.Residence, "talent.degree_country": t.DegreeCountry} {
		if code == "" && complete {
			fields[key] = "error.required"
		} else if code != "" && !ValidCountry(code) {
			fields[key] = "error.choose_one"
		}
	}
	if t.Category == "" && complete {
		fields["talent.category"] = "error.required"
	} else if t.Category != "" && !t.Category.Valid() {
		fields["talent.category"] = "error.choose_one"
	}
	if t.Degree == "" && complete {
		fields["talent.degree"] = "error.required"
	} else if t.Degree != "" && !t.Degree.Valid() {
		fields["talent.degree"] = "error.choose_one"
	}
	if t.Born.IsZero() && complete {
		fields["talent.born"] = "error.required"
	} else if !t.Born.IsZero() {
		t.Born = DateOnly(t.Born)
		if y := t.Born.Year(); y < 1920 || y > 2015 {
			fields["talent.born"] = "error.date_range"
		}
	}
	if t.YearsAbroad < 0 || t.YearsAbroad > 70 {
		fields["talent.years_abroad"] = "error.count_range"
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// DateOnly returns the calendar date of t as UTC midnight.
func DateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// checkText trims nothing (callers do) and records a required or too-long problem.
func checkText(fields map[string]string, key, s string, max int, required bool) {
	switch {
	case s == "" && required:
		fields[key] = "error.required"
	case utf8.RuneCountInString(s) > max:
		fields[key] = "error.too_long"
	}
}

// cleanList trims items, drops empty and repeated ones (case-insensitively) and keeps at
// most max.
func cleanList(items []string, max int) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" || seen[strings.ToLower(it)] || utf8.RuneCountInString(it) > 50 {
			continue
		}
		seen[strings.ToLower(it)] = true
		out = append(out, it)
		if len(out) == max {
			break
		}
	}
	return out
}

// SplitList splits a comma-, semicolon- or newline-separated list as people type it,
// with Chinese punctuation too.
func SplitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '\n' || r == '，' || r == '；' || r == '、'
	})
}
