package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// The eligibility rules editor: one row per rule plus blank rows, the question chosen from
// the edition's active questions, option values comma-separated.

type ruleRow struct {
	Index                                   int
	Key, Group, Kind, Field, Values, Number string
	ReasonZH, ReasonEN                      string
	Errs                                    map[string]string
	KindOptions, FieldOptions               []option
}

// editionRules shows the editor.
func (s *Server) editionRules(w http.ResponseWriter, r *http.Request) {
	e, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderRules(w, r, http.StatusOK, e, rulesValues(e.Rules), e.Version, nil)
}

// editionRulesSave saves the rules and goes back to the edition.
func (s *Server) editionRulesSave(w http.ResponseWriter, r *http.Request) {
	s.saveEditionPart(w, r, s.renderRules, "rules.saved", "", func(id int64, version int, pf url.Values) (url.Values, error) {
		rules, err := parseRules(pf)
		if err != nil {
			return pf, err
		}
		if _, err := s.svc.Competitions.UpdateEditionRules(r.Context(), id, version, rules); err != nil {
			return rulesValues(rules), err // the service counts rules without the blank rows
		}
		return nil, nil
	})
}

func rulesValues(rules []haizhi.EligibilityRule) url.Values {
	v := url.Values{}
	for _, r := range rules {
		v.Add("rule_key", r.Key)
		v.Add("rule_group", r.Group)
		v.Add("rule_kind", string(r.Kind))
		v.Add("rule_field", r.Field)
		v.Add("rule_values", strings.Join(r.Values, ", "))
		num := ""
		if r.Kind == haizhi.RuleMin || r.Kind == haizhi.RuleMax || r.Kind == haizhi.RuleAgeMax {
			num = strconv.FormatFloat(r.Number, 'f', -1, 64)
		}
		v.Add("rule_number", num)
		v.Add("rule_reason_zh", r.ReasonZH)
		v.Add("rule_reason_en", r.ReasonEN)
	}
	return v
}

// parseRules reads the editor; rows without a key and a reason are skipped.
func parseRules(pf url.Values) ([]haizhi.EligibilityRule, error) {
	rules := []haizhi.EligibilityRule{}
	errs := map[string]string{}
	for i := range pf["rule_key"] {
		key, zh, en := strings.TrimSpace(at(pf, "rule_key", i)), at(pf, "rule_reason_zh", i), at(pf, "rule_reason_en", i)
		if key == "" && strings.TrimSpace(zh+en) == "" {
			continue
		}
		n := len(rules)
		r := haizhi.EligibilityRule{Key: key, Group: at(pf, "rule_group", i), Kind: haizhi.RuleKind(at(pf, "rule_kind", i)),
			Field: at(pf, "rule_field", i), ReasonZH: zh, ReasonEN: en}
		for _, v := range strings.FieldsFunc(at(pf, "rule_values", i), func(c rune) bool { return c == ',' || c == '，' }) {
			if v = strings.TrimSpace(v); v != "" {
				r.Values = append(r.Values, v)
			}
		}
		if raw := strings.TrimSpace(at(pf, "rule_number", i)); raw != "" {
			num, err := strconv.ParseFloat(raw, 64)
			if err != nil {
				errs[fmt.Sprintf("rules.%d.number", n)] = "error.not_a_number"
			}
			r.Number = num
		}
		rules = append(rules, r)
	}
	if len(errs) > 0 {
		return rules, haizhi.Invalid(errs)
	}
	return rules, nil
}

func (s *Server) renderRules(w http.ResponseWriter, r *http.Request, status int, e *haizhi.Edition, vals url.Values, version int, err error) {
	v := s.newView(r, "rules.title", nil)
	f := newForm(v, r, err)
	v.Form = f
	var rows []ruleRow
	for i := range len(vals["rule_key"]) + blankRows {
		row := ruleRow{Index: i, Key: at(vals, "rule_key", i), Group: at(vals, "rule_group", i), Kind: at(vals, "rule_kind", i),
			Field: at(vals, "rule_field", i), Values: at(vals, "rule_values", i), Number: at(vals, "rule_number", i),
			ReasonZH: at(vals, "rule_reason_zh", i), ReasonEN: at(vals, "rule_reason_en", i), Errs: rowErrors(f, fmt.Sprintf("rules.%d.", i), nil)}
		row.KindOptions = []option{{Value: "", Label: v.T("admin.choose")}}
		for _, k := range haizhi.RuleKinds() {
			row.KindOptions = append(row.KindOptions, option{Value: string(k), Label: v.T("rule_kind." + string(k)), Selected: string(k) == row.Kind})
		}
		row.FieldOptions = []option{{Value: "", Label: v.T("admin.choose")}}
		for _, q := range append(haizhi.StandardQuestions(), e.Form.Active()...) {
			row.FieldOptions = append(row.FieldOptions, option{Value: q.Key, Label: v.Name(q.LabelZH, q.LabelEN) + " (" + q.Key + ")", Selected: q.Key == row.Field})
		}
		rows = append(rows, row)
	}
	v.Data = map[string]any{"Edition": e, "Version": version, "Rules": rows}
	s.render(w, r, status, "edition_rules", v)
}
