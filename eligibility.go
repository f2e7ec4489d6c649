package haizhi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RuleKind is how an eligibility rule tests an answer.
type RuleKind string

// Rule kinds.
const (
	RuleOneOf  RuleKind = "one_of"  // the choice answer is one of Values
	RuleNoneOf RuleKind = "none_of" // the choice answer is none of Values
	RuleMin    RuleKind = "min"     // the number answer is at least Number
	RuleMax    RuleKind = "max"     // the number answer is at most Number
	RuleAgeMax RuleKind = "age_max" // the date answer (a birth date) gives an age of at most Number at the edition's screening close
)

// RuleKinds lists the rule kinds.
func RuleKinds() []RuleKind { return []RuleKind{RuleOneOf, RuleNoneOf, RuleMin, RuleMax, RuleAgeMax} }

// Valid reports whether k is a known kind.
func (k RuleKind) Valid() bool { return slices.Contains(RuleKinds(), k) }

// fieldTypes are the question types a rule of kind k can test.
func (k RuleKind) fieldTypes() []FieldType {
	switch k {
	case RuleOneOf, RuleNoneOf:
		return []FieldType{FieldSingle, FieldMultiple}
	case RuleMin, RuleMax:
		return []FieldType{FieldNumber}
	case RuleAgeMax:
		return []FieldType{FieldDate}
	}
	return nil
}

// EligibilityRule is one condition of entry, kept as data so operators can state the
// rules of their year: "an overseas doctorate or master's", "at least 3 years of work
// abroad", "under 55". Rules sharing a Group are alternatives (one must pass); all other
// rules must each pass. The reason is shown, in the reader's language, when it fails.
type EligibilityRule struct {
	Key      string   `json:"key"`
	Group    string   `json:"group,omitempty"`
	Kind     RuleKind `json:"kind"`
	Field    string   `json:"field"` // key of the question it tests
	Values   []string `json:"values,omitempty"`
	Number   float64  `json:"number,omitempty"`
	ReasonZH string   `json:"reason_zh"`
	ReasonEN string   `json:"reason_en"`
}

// ValidateRules normalises rules and checks them against form: each tests an active
// question of the form, or one of the StandardQuestions, of a type it can read, and names
// known options.
func ValidateRules(rules []EligibilityRule, form AppForm) error {
	errs := map[string]string{}
	fields := map[string]FormField{}
	for _, f := range append(StandardQuestions(), form.Active()...) {
		fields[f.Key] = f
	}
	keys := map[string]bool{}
	for i := range rules {
		r := &rules[i]
		p := fmt.Sprintf("rules.%d.", i)
		r.Key, r.Group, r.Field = strings.TrimSpace(strings.ToLower(r.Key)), strings.TrimSpace(strings.ToLower(r.Group)), strings.TrimSpace(strings.ToLower(r.Field))
		r.ReasonZH, r.ReasonEN = strings.TrimSpace(r.ReasonZH), strings.TrimSpace(r.ReasonEN)
		checkCode(errs, p, "key", r.Key, keys)
		if !r.Kind.Valid() {
			errs[p+"kind"] = "error.choose_one"
		}
		f, ok := fields[r.Field]
		switch {
		case !ok:
			errs[p+"field"] = "error.unknown_choice"
		case r.Kind.Valid() && !slices.Contains(r.Kind.fieldTypes(), f.Type):
			errs[p+"field"] = "error.rule_field_type"
		case r.Kind == RuleOneOf || r.Kind == RuleNoneOf:
			if len(r.Values) == 0 {
				errs[p+"values"] = "error.required"
			}
			for j, v := range r.Values {
				r.Values[j] = strings.TrimSpace(strings.ToLower(v))
				if !slices.ContainsFunc(f.Options, func(o FieldOption) bool { return o.Value == r.Values[j] }) {
					errs[p+"values"] = "error.unknown_choice"
				}
			}
		}
		if r.Kind == RuleAgeMax && (r.Number < 1 || r.Number > 120) {
			errs[p+"number"] = "error.count_range"
		}
		if r.ReasonZH == "" && r.ReasonEN == "" {
			errs[p+"reason_zh"] = "error.required_one_name"
		}
	}
	if len(errs) > 0 {
		return Invalid(errs)
	}
	return nil
}

// RuleResult is the outcome of one rule for one entry.
type RuleResult struct {
	Rule   EligibilityRule `json:"rule"`
	Passed bool            `json:"passed"`
}

// Eligibility is the outcome of all rules: Eligible, and the rules that failed (a group
// counts as failed when none of its rules passed; then all its rules are listed).
type Eligibility struct {
	Eligible bool         `json:"eligible"`
	Results  []RuleResult `json:"results"`
	Failed   []RuleResult `json:"failed"`
}

// Evaluate applies rules to answers (question key → the answer's values; a choice of
// several has several) with ages taken at asOf. A missing or unreadable answer fails the
// rule: eligibility must be shown, not assumed.
func Evaluate(rules []EligibilityRule, answers map[string][]string, asOf time.Time) Eligibility {
	out := Eligibility{Eligible: true, Results: []RuleResult{}, Failed: []RuleResult{}}
	groupPassed := map[string]bool{}
	for _, r := range rules {
		res := RuleResult{Rule: r, Passed: passes(r, answers[r.Field], asOf)}
		out.Results = append(out.Results, res)
		if r.Group != "" && res.Passed {
			groupPassed[r.Group] = true
		}
	}
	for _, res := range out.Results {
		failed := !res.Passed
		if g := res.Rule.Group; g != "" {
			failed = !groupPassed[g]
		}
		if failed {
			out.Eligible = false
			out.Failed = append(out.Failed, res)
		}
	}
	return out
}

func passes(r EligibilityRule, answer []string, asOf time.Time) bool {
	var vals []string
	for _, a := range answer {
		if a = strings.TrimSpace(a); a != "" {
			vals = append(vals, strings.ToLower(a))
		}
	}
	if len(vals) == 0 {
		return false
	}
	switch r.Kind {
	case RuleOneOf:
		return slices.ContainsFunc(vals, func(v string) bool { return slices.Contains(r.Values, v) })
	case RuleNoneOf:
		return !slices.ContainsFunc(vals, func(v string) bool { return slices.Contains(r.Values, v) })
	case RuleMin, RuleMax:
		n, err := strconv.ParseFloat(vals[0], 64)
		if err != nil {
			return false
		}
		if r.Kind == RuleMin {
			return n >= r.Number
		}
		return n <= r.Number
	case RuleAgeMax:
		born, err := time.Parse(time.DateOnly, vals[0])
		if err != nil || born.After(asOf) {
			return false
		}
		return float64(ageAt(born, asOf)) <= r.Number
	}
	return false
}

// ageAt is the age in whole years on day at of someone born on born.
func ageAt(born, at time.Time) int {
	y1, m1, d1 := born.Date()
	y2, m2, d2 := at.Date()
	age := y2 - y1
	if m2 < m1 || (m2 == m1 && d2 < d1) {
		age--
	}
	return age
}
