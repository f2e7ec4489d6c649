package haizhi

import (
	"fmt"
	"strings"
	"testing"
)

func TestOrgKey(t *testing.T) {
	for a, b := range map[string]string{
		"Fraunhofer-Gesellschaft e.V.": "fraunhofer gesellschaft",
		"Tsinghua University":          "tsinghua univ.",
		"浙江大学":                         "浙江",
		"Arm Ltd":                      "ARM",
	} {
		if OrgKey(a) != OrgKey(b) {
			t.Errorf("OrgKey(%q) = %q, OrgKey(%q) = %q", a, OrgKey(a), b, OrgKey(b))
		}
	}
	if OrgKey("MIT") == OrgKey("Caltech") {
		t.Error("different organisations match")
	}
}

func TestEntryConflicts(t *testing.T) {
	e := &Entry{ID: 7, EditionID: 1, Referrer: "Paris workstation",
		Lead:    Talent{Email: "lead@x.example", Institution: "Sorbonne Université", Employer: "Inria"},
		Project: Project{Team: []TeamMember{{Name: "Li Wei", Role: "CTO", Institution: "Tsinghua University"}}}}
	for _, tc := range []struct {
		judge Judge
		want  string
	}{
		{Judge{UserID: 1, Name: "Prof. A", Email: "a@x.example", Institution: "INRIA"}, "[institution:Inria]"},
		{Judge{UserID: 2, Name: "Li Wei", Email: "li@x.example", Institution: "Tsinghua Univ."}, "[team:Li Wei institution:Tsinghua University (Li Wei)]"},
		{Judge{UserID: 3, Name: "Lead", Email: "LEAD@x.example", Institution: "Elsewhere"}, "[team:lead@x.example]"},
		{Judge{UserID: 4, Name: "P", Email: "p@x.example", Institution: "Paris Workstation"}, "[referrer:Paris workstation]"},
		{Judge{UserID: 5, Name: "Li Wei", Email: "other@x.example", Institution: "Peking University"}, "[]"}, // a namesake elsewhere
	} {
		var got []string
		for _, c := range EntryConflicts(&tc.judge, e) {
			got = append(got, string(c.Kind)+":"+c.Evidence)
		}
		if s := fmt.Sprint(got); s != tc.want {
			t.Errorf("judge %d: %s, want %s", tc.judge.UserID, s, tc.want)
		}
	}
}

func TestJudgeAffinity(t *testing.T) {
	words := func(s string) []string { return strings.Fields(strings.ToLower(s)) }
	e := &Entry{TrackCode: "equipment", Project: Project{TitleEN: "Solid state battery cells", Keywords: []string{"drones"}}}
	for _, tc := range []struct {
		j    Judge
		want float64
	}{
		{Judge{Tracks: []string{"equipment"}, Keywords: []string{"battery", "drones"}}, 1},
		{Judge{Tracks: []string{"equipment"}, Keywords: []string{"battery", "vaccines"}}, 0.75},
		{Judge{Tracks: []string{"ai"}, Keywords: []string{"solid state"}}, 0.5},
		{Judge{Tracks: []string{"ai"}}, 0},
	} {
		if got := JudgeAffinity(&tc.j, e, words); got != tc.want {
			t.Errorf("%+v: %v, want %v", tc.j, got, tc.want)
		}
	}
}
