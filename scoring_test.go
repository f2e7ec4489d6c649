package haizhi

import "testing"

func TestRubricValidate(t *testing.T) {
	r := RoundRubric{Criteria: []RubricCriterion{
		{Key: "a", NameZH: "甲", Weight: 1, Min: 0, Max: 10, Step: 3},
		{Key: "a", NameEN: "B", Weight: 0, Min: 5, Max: 5},
	}}
	f := ErrorFields(r.Validate())
	for _, k := range []string{"criteria.0.step", "criteria.1.key", "criteria.1.weight", "criteria.1.max"} {
		if f[k] == "" {
			t.Errorf("no problem at %s: %v", k, f)
		}
	}
	ok := RoundRubric{Criteria: []RubricCriterion{{Key: "tech", NameZH: "甲", Weight: 2, Min: 1, Max: 5, Step: 0.5}, {Key: "team", NameEN: "B", Weight: 1, Min: 0, Max: 100}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if total, err := ok.Total(map[string]float64{"tech": 5, "team": 40}); err != nil || total != 80 { // (2*1 + 1*0.4)/3
		t.Errorf("total %v %v", total, err)
	}
	if _, err := ok.Total(map[string]float64{"tech": 4.2, "team": 40}); ErrorFields(err)["scores.tech"] != "error.score_off_step" {
		t.Errorf("off step: %v", err)
	}
}
