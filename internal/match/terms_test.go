package match_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/match"
	"github.com/haizhi-dev/haizhi/internal/textseg"
)

func TestMatchDefaultTerms(t *testing.T) {
	terms := match.DefaultTerms()
	if terms.Len() < 250 {
		t.Errorf("%d concepts, want a few hundred", terms.Len())
	}
	c, ok := terms.Concept("solid_state_battery")
	if !ok || c.Parent != "battery" || c.Category != "equipment" || c.Label() != "固态电池 / solid-state battery" {
		t.Errorf("solid_state_battery = %+v", c)
	}
	// No token of one word maps to two concepts: a stemmer collision (machining and
	// machine both become machin) would join unrelated topics.
	if shared := match.SharedTokens(textseg.Default().Tokens, terms); len(shared) > 0 {
		t.Errorf("tokens mapping to several concepts: %v", shared)
	}
}

// The three industries' vocabulary maps across languages with the production tokenizer.
func TestMatchTermsAcrossLanguages(t *testing.T) {
	tok := textseg.Default().Tokens
	cases := []struct {
		concept string
		texts   []string
	}{
		{"battery", []string{"电池", "battery", "batteries", "锂电池"}},
		{"solid_state_battery", []string{"固态电池", "solid-state batteries", "全固态电池"}},
		{"drone", []string{"无人机", "drone", "drones", "UAV", "unmanned aerial vehicle"}},
		{"ai", []string{"人工智能", "AI", "artificial intelligence"}},
		{"machine_learning", []string{"机器学习", "machine learning"}},
		{"computer_vision", []string{"计算机视觉", "机器视觉", "computer vision", "machine vision"}},
		{"llm", []string{"大模型", "大语言模型", "large language models", "LLM"}},
		{"chip", []string{"芯片", "chips", "集成电路"}},
		{"antibody", []string{"抗体", "antibodies", "单克隆抗体"}},
		{"adc", []string{"抗体偶联药物", "antibody-drug conjugates", "ADC"}},
		{"medical_device", []string{"医疗器械", "medical devices"}},
		{"diagnostics", []string{"诊断", "diagnostics", "体外诊断"}},
		{"drug_delivery", []string{"药物递送", "drug delivery"}},
		{"robot", []string{"机器人", "robots", "robotics"}},
		{"energy_storage", []string{"储能", "energy storage"}},
		{"laser", []string{"激光", "lasers", "飞秒激光"}},
		{"sensor", []string{"传感器", "sensors"}},
		{"new_material", []string{"新材料", "new materials", "advanced materials"}},
		{"lidar", []string{"激光雷达", "LiDAR"}},
		{"sodium_ion", []string{"钠离子电池", "sodium-ion batteries"}},
	}
	for _, c := range cases {
		for _, text := range c.texts {
			if got := match.ConceptsOf(tok, match.DefaultTerms(), text); !slices.Contains(got, c.concept) {
				t.Errorf("%q → %v, want %s", text, got, c.concept)
			}
		}
	}
	// A narrower concept brings its ancestors; places are not topics.
	if got := match.ConceptsOf(tok, match.DefaultTerms(), "钠离子电池储能"); !slices.Contains(got, "battery") || !slices.Contains(got, "energy_storage") {
		t.Errorf("钠离子电池储能 → %v, want battery and energy_storage among them", got)
	}
	if got := match.ConceptsOf(tok, match.DefaultTerms(), "杭州市余杭区"); len(got) != 0 {
		t.Errorf("a place counted as topics: %v", got)
	}
}

func TestMatchParseTermsErrors(t *testing.T) {
	const ok = "# a comment\n\nbattery\t-\tequipment\t电池\tbattery\n"
	if terms, err := match.ParseTerms(ok); err != nil || terms.Len() != 1 {
		t.Fatalf("valid list: %v", err)
	}
	cases := []struct{ text, want string }{
		{ok + "x\t-\tai\n", "terms line 4: want 5 tab-separated columns, got 3"},
		{ok + "Battery2\t-\tai\t电\tb\n", `terms line 4: id "Battery2"`},
		{ok + "battery\t-\tai\t电\tb\n", `terms line 4: id "battery" already on line 3`},
		{ok + "cell\t-\tbio\t细胞\tcell\n", `terms line 4: category "bio"`},
		{ok + "cell\t-\tai\t\t\n", `terms line 4: concept "cell" has no variant`},
		{ok + "cell\tnope\tai\t细胞\tcell\n", `terms line 4: parent "nope" of "cell" is not a concept`},
		{"a\tb\tai\tx\tx\nb\ta\tai\ty\ty\n", "form a cycle"},
	}
	for _, c := range cases {
		if _, err := match.ParseTerms(c.text); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}
