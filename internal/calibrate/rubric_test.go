package calibrate

import (
	"errors"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
)

// fieldsOf returns the sorted field names of an EINVALID *haizhi.Error, failing otherwise.
func fieldsOf(tb testing.TB, err error) []string {
	tb.Helper()
	var e *haizhi.Error
	if !errors.As(err, &e) || e.Code != haizhi.EINVALID {
		tb.Fatalf("error %v is not an EINVALID *haizhi.Error", err)
	}
	return slices.Sorted(maps.Keys(e.Fields))
}

func TestRubricValidate(t *testing.T) {
	ok := Criterion{Key: "innovation", Weight: 30, Min: 0, Max: 10}
	for _, tc := range []struct {
		name   string
		rubric Rubric
		fields string // sorted faulty fields, "" when valid
	}{
		{"valid", Rubric{Criteria: []Criterion{ok, {Key: "team", Weight: 0.5, Min: 1, Max: 5}}}, ""},
		{"valid with step", Rubric{Criteria: []Criterion{ok}, Scale: Scale{Step: 0.5}}, ""},
		{"step 0.1 divides 0–1 despite binary", Rubric{Criteria: []Criterion{{Key: "a", Weight: 1, Min: 0, Max: 0.3}}, Scale: Scale{Step: 0.1}}, ""},
		{"empty", Rubric{}, "criteria"},
		{"empty key", Rubric{Criteria: []Criterion{{Key: " ", Weight: 1, Max: 1}}}, "criteria[0].key"},
		{"duplicate key", Rubric{Criteria: []Criterion{ok, ok}}, "criteria[1].key"},
		{"zero weight", Rubric{Criteria: []Criterion{{Key: "a", Max: 1}}}, "criteria[0].weight"},
		{"negative weight", Rubric{Criteria: []Criterion{{Key: "a", Weight: -1, Max: 1}}}, "criteria[0].weight"},
		{"NaN weight", Rubric{Criteria: []Criterion{{Key: "a", Weight: math.NaN(), Max: 1}}}, "criteria[0].weight"},
		{"infinite weight", Rubric{Criteria: []Criterion{{Key: "a", Weight: math.Inf(1), Max: 1}}}, "criteria[0].weight"},
		{"weights overflow", Rubric{Criteria: []Criterion{{Key: "a", Weight: math.MaxFloat64, Max: 1}, {Key: "b", Weight: math.MaxFloat64, Max: 1}}}, "criteria"},
		{"min equals max", Rubric{Criteria: []Criterion{{Key: "a", Weight: 1, Min: 5, Max: 5}}}, "criteria[0].max"},
		{"min above max", Rubric{Criteria: []Criterion{{Key: "a", Weight: 1, Min: 10, Max: 0}}}, "criteria[0].max"},
		{"NaN range", Rubric{Criteria: []Criterion{{Key: "a", Weight: 1, Min: math.NaN(), Max: 1}}}, "criteria[0].max"},
		{"negative step", Rubric{Criteria: []Criterion{ok}, Scale: Scale{Step: -1}}, "scale.step"},
		{"step does not divide", Rubric{Criteria: []Criterion{ok}, Scale: Scale{Step: 3}}, "criteria[0].max"},
		{"several at once", Rubric{Criteria: []Criterion{{Key: "a"}, {Key: "a", Weight: 1, Max: 1}}}, "criteria[0].max criteria[0].weight criteria[1].key"},
	} {
		err := tc.rubric.Validate()
		if tc.fields == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if got := strings.Join(fieldsOf(t, err), " "); got != tc.fields {
			t.Errorf("%s: fields %q, want %q (%v)", tc.name, got, tc.fields, err)
		}
	}
}

func TestRubricTotal(t *testing.T) {
	pitch := Rubric{Criteria: []Criterion{
		{Key: "innovation", Weight: 30, Min: 0, Max: 10},
		{Key: "market", Weight: 30, Min: 0, Max: 10},
		{Key: "team", Weight: 40, Min: 0, Max: 10},
	}, Scale: Scale{Step: 0.5}}
	// Different ranges: each criterion is first brought to 0–1 over its own range.
	mixed := Rubric{Criteria: []Criterion{
		{Key: "a", Weight: 1, Min: 0, Max: 10},
		{Key: "b", Weight: 3, Min: 1, Max: 5},
	}}
	for _, tc := range []struct {
		name   string
		rubric Rubric
		scores map[string]float64
		want   float64
		fields string // faulty fields when an error is expected
	}{
		// 100 × (30×0.8 + 30×0.7 + 40×0.9) / 100 = 24 + 21 + 36 = 81, exactly.
		{"weighted", pitch, map[string]float64{"innovation": 8, "market": 7, "team": 9}, 81, ""},
		{"half steps", pitch, map[string]float64{"innovation": 7.5, "market": 7, "team": 9}, 79.5, ""},
		{"all at min", pitch, map[string]float64{"innovation": 0, "market": 0, "team": 0}, 0, ""},
		{"all at max", pitch, map[string]float64{"innovation": 10, "market": 10, "team": 10}, 100, ""},
		// 100 × (1×0.5 + 3×0.75) / 4 = 68.75.
		{"mixed ranges", mixed, map[string]float64{"a": 5, "b": 4}, 68.75, ""},
		// 100 × (1×1/3 + 3×0) / 4 = 8.333…: not rounded here.
		{"not rounded", Rubric{Criteria: []Criterion{{Key: "a", Weight: 1, Max: 3}, {Key: "b", Weight: 3, Max: 1}}},
			map[string]float64{"a": 1, "b": 0}, 100.0 / 12, ""},
		{"missing", pitch, map[string]float64{"innovation": 8, "market": 7}, 0, "team"},
		{"above max", pitch, map[string]float64{"innovation": 10.5, "market": 7, "team": 9}, 0, "innovation"},
		{"below min", mixed, map[string]float64{"a": 5, "b": 0}, 0, "b"},
		{"NaN", mixed, map[string]float64{"a": math.NaN(), "b": 2}, 0, "a"},
		{"off step", pitch, map[string]float64{"innovation": 7.3, "market": 7, "team": 9}, 0, "innovation"},
		{"unknown criterion", mixed, map[string]float64{"a": 5, "b": 2, "impact": 3}, 0, "impact"},
		{"everything wrong", mixed, map[string]float64{"a": 11, "c": 1}, 0, "a b c"},
		{"invalid rubric", Rubric{}, map[string]float64{}, 0, "criteria"},
	} {
		got, err := tc.rubric.Total(tc.scores)
		if tc.fields != "" {
			if f := strings.Join(fieldsOf(t, err), " "); f != tc.fields {
				t.Errorf("%s: fields %q, want %q (%v)", tc.name, f, tc.fields, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: Total = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

func TestRubricTotalErrorKeys(t *testing.T) {
	r := Rubric{Criteria: []Criterion{{Key: "a", Weight: 1, Max: 10}, {Key: "b", Weight: 1, Max: 10}}}
	_, err := r.Total(map[string]float64{"a": 11, "z": 1})
	var e *haizhi.Error
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	want := map[string]string{"a": "error.score_out_of_range", "b": "error.score_missing", "z": "error.score_unknown_criterion"}
	if !maps.Equal(e.Fields, want) || e.Key != "error.score_invalid" {
		t.Errorf("key %s, fields %v; want %v", e.Key, e.Fields, want)
	}
	if !strings.Contains(e.Message, `"b" is not scored`) {
		t.Errorf("message %q does not name the missing criterion", e.Message)
	}
}
