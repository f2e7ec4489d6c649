package haizhi_test

import (
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
)

func eligibilityForm() haizhi.AppForm {
	return haizhi.AppForm{
		Sections: []haizhi.FormSection{{Key: "talent", TitleZH: "人才"}},
		Fields: []haizhi.FormField{
			{Key: "degree", Section: "talent", Type: haizhi.FieldSingle, LabelZH: "学历",
				Options: []haizhi.FieldOption{{Value: "phd", LabelZH: "博士"}, {Value: "master", LabelZH: "硕士"}, {Value: "bachelor", LabelZH: "学士"}}},
			{Key: "years-abroad", Section: "talent", Type: haizhi.FieldNumber, LabelZH: "海外工作年限"},
			{Key: "born", Section: "talent", Type: haizhi.FieldDate, LabelZH: "出生日期"},
			{Key: "registered", Section: "talent", Type: haizhi.FieldSingle, LabelZH: "项目已在本地注册",
				Options: []haizhi.FieldOption{{Value: "yes", LabelZH: "是"}, {Value: "no", LabelZH: "否"}}},
		},
	}
}

// The rules of a typical year: an overseas doctorate or master's OR at least 3 years of
// work abroad; at most 55 years old; the project not yet registered locally.
func typicalRules() []haizhi.EligibilityRule {
	return []haizhi.EligibilityRule{
		{Key: "degree", Group: "overseas", Kind: haizhi.RuleOneOf, Field: "degree", Values: []string{"PhD", "master"}, ReasonZH: "需海外硕士及以上学历", ReasonEN: "An overseas master's or doctorate is needed"},
		{Key: "work", Group: "overseas", Kind: haizhi.RuleMin, Field: "years-abroad", Number: 3, ReasonZH: "或海外工作3年以上", ReasonEN: "or three years of work abroad"},
		{Key: "age", Kind: haizhi.RuleAgeMax, Field: "born", Number: 55, ReasonZH: "申报人年龄不超过55周岁", ReasonEN: "The lead applicant must be 55 or younger"},
		{Key: "not-local", Kind: haizhi.RuleNoneOf, Field: "registered", Values: []string{"yes"}, ReasonZH: "项目尚未在本地注册", ReasonEN: "The project must not be registered locally yet"},
	}
}

func TestEligibility(t *testing.T) {
	rules := typicalRules()
	if err := haizhi.ValidateRules(rules, eligibilityForm()); err != nil {
		t.Fatal(err)
	}
	if rules[0].Values[0] != "phd" {
		t.Fatalf("values not normalised: %v", rules[0].Values)
	}
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		answers map[string][]string
		failed  []string
	}{
		{"doctorate, young, not registered", map[string][]string{"degree": {"phd"}, "born": {"1985-01-01"}, "registered": {"no"}}, nil},
		{"bachelor but five years abroad", map[string][]string{"degree": {"bachelor"}, "years-abroad": {"5"}, "born": {"1985-01-01"}, "registered": {"no"}}, nil},
		{"bachelor, two years abroad", map[string][]string{"degree": {"bachelor"}, "years-abroad": {"2"}, "born": {"1985-01-01"}, "registered": {"no"}}, []string{"degree", "work"}},
		{"56 the day before the close", map[string][]string{"degree": {"phd"}, "born": {"1970-06-29"}, "registered": {"no"}}, []string{"age"}},
		{"55 until the birthday after", map[string][]string{"degree": {"phd"}, "born": {"1970-07-01"}, "registered": {"no"}}, nil},
		{"registered locally", map[string][]string{"degree": {"phd"}, "born": {"1985-01-01"}, "registered": {"yes"}}, []string{"not-local"}},
		{"nothing answered fails every rule", map[string][]string{}, []string{"degree", "work", "age", "not-local"}},
		{"unreadable answers fail", map[string][]string{"degree": {"phd"}, "born": {"1st May"}, "years-abroad": {"many"}, "registered": {"no"}}, []string{"age"}},
	}
	for _, c := range cases {
		got := haizhi.Evaluate(rules, c.answers, asOf)
		var failed []string
		for _, f := range got.Failed {
			failed = append(failed, f.Rule.Key)
		}
		if got.Eligible != (len(c.failed) == 0) || len(failed) != len(c.failed) || len(got.Results) != len(rules) {
			t.Errorf("%s: eligible=%v failed=%v, want %v", c.name, got.Eligible, failed, c.failed)
			continue
		}
		for i := range failed {
			if failed[i] != c.failed[i] {
				t.Errorf("%s: failed=%v, want %v", c.name, failed, c.failed)
			}
		}
	}
}

func TestValidateRules(t *testing.T) {
	bad := []haizhi.EligibilityRule{
		{Key: "rule-a", Kind: haizhi.RuleMin, Field: "degree", Number: 3, ReasonZH: "x"},                      // a choice is not a number
		{Key: "rule-b", Kind: haizhi.RuleOneOf, Field: "degree", Values: []string{"dsc"}, ReasonZH: "x"},      // unknown option
		{Key: "rule-c", Kind: haizhi.RuleMax, Field: "salary", Number: 3, ReasonZH: "x"},                      // unknown question
		{Key: "rule-d", Kind: haizhi.RuleAgeMax, Field: "born", Number: 0, ReasonZH: "x"},                     // no age
		{Key: "rule-e", Kind: "vibes", Field: "born"},                                                         // unknown kind, no reason
		{Key: "rule-a", Kind: haizhi.RuleNoneOf, Field: "registered", Values: []string{"yes"}, ReasonEN: "y"}, // duplicate key
	}
	f := haizhi.ErrorFields(haizhi.ValidateRules(bad, eligibilityForm()))
	want := map[string]string{"rules.0.field": "error.rule_field_type", "rules.1.values": "error.unknown_choice", "rules.2.field": "error.unknown_choice",
		"rules.3.number": "error.count_range", "rules.4.kind": "error.choose_one", "rules.4.reason_zh": "error.required_one_name", "rules.5.key": "error.duplicate"}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("%s = %q, want %q (all: %v)", k, f[k], v, f)
		}
	}
}
