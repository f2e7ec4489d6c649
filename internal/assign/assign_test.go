package assign_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/assign"
	"github.com/haizhi-dev/haizhi/internal/assign/assigntest"
)

func judges(ids ...string) []assign.Judge {
	var js []assign.Judge
	for _, id := range ids {
		js = append(js, assign.Judge{ID: id, MaxLoad: 10})
	}
	return js
}

func TestValidateNamesTheField(t *testing.T) {
	nan := math.NaN()
	base := func() assign.Instance {
		return assign.Instance{
			Entries:  []assign.Entry{{ID: "e1", JudgesRequired: 1}},
			Judges:   judges("j1", "j2"),
			Affinity: []assign.Affinity{{Entry: "e1", Judge: "j1", Score: 1}},
		}
	}
	cases := []struct {
		name string
		edit func(in *assign.Instance)
		want string
	}{
		{"duplicate entry", func(in *assign.Instance) { in.Entries = append(in.Entries, in.Entries[0]) }, `entries[1].id: duplicate id "e1"`},
		{"empty judge id", func(in *assign.Instance) { in.Judges[1].ID = "" }, "judges[1].id: empty"},
		{"duplicate judge", func(in *assign.Instance) { in.Judges[1].ID = "j1" }, `judges[1].id: duplicate id "j1"`},
		{"negative k", func(in *assign.Instance) { in.Entries[0].JudgesRequired = -1 }, "entries[0].judges_required"},
		{"negative cap", func(in *assign.Instance) { in.Entries[0].MaxPerInstitution = -2 }, "entries[0].max_per_institution"},
		{"negative min", func(in *assign.Instance) { in.Judges[0].MinLoad = -1 }, "judges[0].min_load"},
		{"negative max", func(in *assign.Instance) { in.Judges[1].MaxLoad = -1 }, "judges[1].max_load"},
		{"min above max", func(in *assign.Instance) { in.Judges[0].MinLoad = 11 }, "judges[0].min_load: 11 is above max_load 10"},
		{"unknown entry", func(in *assign.Instance) { in.Affinity[0].Entry = "ex" }, `affinity[0].entry: unknown entry "ex"`},
		{"unknown judge", func(in *assign.Instance) { in.Affinity[0].Judge = "jx" }, `affinity[0].judge: unknown judge "jx"`},
		{"NaN", func(in *assign.Instance) { in.Affinity[0].Score = nan }, "affinity[0].score: NaN"},
		{"infinite", func(in *assign.Instance) { in.Affinity[0].Score = math.Inf(1) }, "affinity[0].score: +Inf"},
		{"huge", func(in *assign.Instance) { in.Affinity[0].Score = 2e6 }, "affinity[0].score"},
		{"duplicate pair", func(in *assign.Instance) { in.Affinity = append(in.Affinity, in.Affinity[0]) }, "affinity[1]: duplicate pair"},
		{"conflict entry", func(in *assign.Instance) {
			in.Conflicts = []assign.Conflict{{Entry: "e9", Judge: "j1"}}
		}, `conflicts[0].entry: unknown entry "e9"`},
		{"conflict judge", func(in *assign.Instance) {
			in.Conflicts = []assign.Conflict{{Entry: "e1", Judge: "j9"}}
		}, `conflicts[0].judge: unknown judge "j9"`},
	}
	for _, c := range cases {
		in := base()
		c.edit(&in)
		err := in.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
		if _, err2 := assign.Solve(in); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("%s: Solve gave %v, Validate %v", c.name, err2, err)
		}
	}
	if err := base().Validate(); err != nil {
		t.Fatal(err)
	}
}

// A small instance solved by hand: unlisted pairs score 0 and are allowed, conflicts are
// not, and the output follows the instance's order.
func TestSolveSmall(t *testing.T) {
	in := assign.Instance{
		Entries: []assign.Entry{{ID: "e2", JudgesRequired: 2}, {ID: "e1", JudgesRequired: 1}},
		Judges:  []assign.Judge{{ID: "jb", MaxLoad: 1}, {ID: "ja", MaxLoad: 2}, {ID: "jc", MaxLoad: 2}},
		Affinity: []assign.Affinity{
			{Entry: "e1", Judge: "jb", Score: 0.9}, {Entry: "e2", Judge: "jb", Score: 0.5},
			{Entry: "e2", Judge: "ja", Score: 0.4},
		},
		Conflicts: []assign.Conflict{{Entry: "e1", Judge: "ja"}},
	}
	res, err := assign.Solve(in)
	if err != nil {
		t.Fatal(err)
	}
	// jb (max 1) is worth more to e1 (0.9) than to e2 (0.5); e2 takes ja and jc (0).
	want := []assign.Pair{{Entry: "e2", Judge: "ja"}, {Entry: "e2", Judge: "jc"}, {Entry: "e1", Judge: "jb"}}
	if res.Status != assign.StatusOptimal || !reflect.DeepEqual(res.Assignments, want) || math.Abs(res.TotalAffinity-1.3) > 1e-9 {
		t.Fatalf("got %+v", res)
	}
	in.OnlyListedPairs = true // now e2 cannot use jc and e1 only jb: e2 gets jb and ja
	res, _ = assign.Solve(in)
	if res.Status != assign.StatusInfeasible || res.Reasons[0].Code != assign.ReasonEntriesBottleneck {
		t.Fatalf("only listed: %+v", res)
	}
}

// Infeasible instances say why, with the code and parameters a translation needs.
func TestInfeasibleReasons(t *testing.T) {
	entry := func(id string, k int) assign.Entry { return assign.Entry{ID: id, JudgesRequired: k} }
	listed := func(pairs ...string) []assign.Affinity { // "e1:j1"
		var a []assign.Affinity
		for _, p := range pairs {
			e, j, _ := strings.Cut(p, ":")
			a = append(a, assign.Affinity{Entry: e, Judge: j, Score: 1})
		}
		return a
	}
	cases := []struct {
		name string
		in   assign.Instance
		want assign.Reason // Code and the parameters that are set are compared
		text string
	}{
		{"only conflicted judges", assign.Instance{
			Entries: []assign.Entry{entry("e1", 2), entry("e2", 1)}, Judges: judges("j1", "j2", "j3"),
			Conflicts: []assign.Conflict{{Entry: "e1", Judge: "j1"}, {Entry: "e1", Judge: "j3"}},
		}, assign.Reason{Code: assign.ReasonEntryTooFewJudges, Entries: []string{"e1"}, Judges: []string{"j2"}, Need: 2, Have: 1, Short: 1},
			"Entry e1 needs 2 judges, but only 1 judge is free of conflicts with it"},
		{"capacity too small", assign.Instance{
			Entries: []assign.Entry{entry("e1", 2), entry("e2", 2)},
			Judges:  []assign.Judge{{ID: "j1", MaxLoad: 1}, {ID: "j2", MaxLoad: 2}},
		}, assign.Reason{Code: assign.ReasonCapacityShort, Need: 4, Have: 3, Short: 1},
			"Raise max loads by 1 in total"},
		{"minimums above demand", assign.Instance{
			Entries: []assign.Entry{entry("e1", 1)},
			Judges:  []assign.Judge{{ID: "j1", MinLoad: 1, MaxLoad: 1}, {ID: "j2", MinLoad: 1, MaxLoad: 2}},
		}, assign.Reason{Code: assign.ReasonMinimumsExceedDemand, Need: 2, Have: 1, Short: 1}, "Lower min loads by 1"},
		{"judge minimum unreachable", assign.Instance{
			Entries:   []assign.Entry{entry("e1", 1), entry("e2", 1), entry("e3", 1)},
			Judges:    []assign.Judge{{ID: "j1", MinLoad: 2, MaxLoad: 3}, {ID: "j2", MaxLoad: 3}},
			Conflicts: []assign.Conflict{{Entry: "e1", Judge: "j1"}, {Entry: "e2", Judge: "j1"}},
		}, assign.Reason{Code: assign.ReasonJudgeMinUnreachable, Judges: []string{"j1"}, Need: 2, Have: 1, Short: 1},
			"Judge j1 must judge at least 2 entries, but only 1 entry needing judges is free"},
		{"institution cap", assign.Instance{
			Entries: []assign.Entry{{ID: "e1", JudgesRequired: 3, MaxPerInstitution: 1}},
			Judges: []assign.Judge{{ID: "j1", MaxLoad: 1, Institution: "A"}, {ID: "j2", MaxLoad: 1, Institution: "A"},
				{ID: "j3", MaxLoad: 1, Institution: "B"}},
		}, assign.Reason{Code: assign.ReasonEntryInstitutionCap, Entries: []string{"e1"}, Need: 3, Have: 2, Short: 1, Cap: 1},
			"with at most 1 per institution only 2 can be found"},
		{"no judge of the category", assign.Instance{
			Entries:   []assign.Entry{{ID: "e1", JudgesRequired: 1, NeedCategory: "investor"}},
			Judges:    []assign.Judge{{ID: "j1", MaxLoad: 1, Category: "investor"}, {ID: "j2", MaxLoad: 1}},
			Conflicts: []assign.Conflict{{Entry: "e1", Judge: "j1"}},
		}, assign.Reason{Code: assign.ReasonEntryNoCategory, Entries: []string{"e1"}, Category: "investor", Need: 1},
			`needs a judge of category "investor"`},
		{"two entries share one judge", assign.Instance{
			Entries:  []assign.Entry{entry("e1", 1), entry("e2", 1), entry("e3", 1)},
			Judges:   []assign.Judge{{ID: "j1", MaxLoad: 1}, {ID: "j2", MaxLoad: 2}},
			Affinity: listed("e1:j1", "e2:j1", "e3:j2"), OnlyListedPairs: true,
		}, assign.Reason{Code: assign.ReasonEntriesBottleneck, Entries: []string{"e1", "e2"}, Judges: []string{"j1"}, Need: 2, Have: 1, Short: 1},
			"Entries e1, e2 need 2 judges in all but can get only 1: the judges they could still get (j1) are at their max loads; 1 judge place is missing. To fix it, raise the max loads of j1 by 1 in total"},
		{"minimums no entry can reach", assign.Instance{
			Entries: []assign.Entry{entry("e1", 1), entry("e2", 1), entry("e3", 1), entry("e4", 1), entry("e5", 1)},
			Judges: []assign.Judge{{ID: "j1", MinLoad: 2, MaxLoad: 2}, {ID: "j2", MinLoad: 2, MaxLoad: 2},
				{ID: "j3", MaxLoad: 10}},
			Affinity:        listed("e1:j1", "e1:j2", "e1:j3", "e2:j1", "e2:j2", "e3:j3", "e4:j3", "e5:j3"),
			OnlyListedPairs: true,
		}, assign.Reason{Code: assign.ReasonJudgesMinBottleneck, Judges: []string{"j1", "j2"}, Entries: []string{"e1", "e2"}, Need: 4, Have: 2, Short: 2},
			"judges j1, j2 must judge at least 4 entries in all, but only 2 assignments can reach them"},
		{"category judge full", assign.Instance{
			Entries: []assign.Entry{{ID: "e1", JudgesRequired: 1, NeedCategory: "investor"}, {ID: "e2", JudgesRequired: 2, NeedCategory: "investor"}},
			Judges:  []assign.Judge{{ID: "j1", MaxLoad: 1, Category: "investor"}, {ID: "j2", MaxLoad: 5}},
		}, assign.Reason{Code: assign.ReasonCategoryBottleneck, Entries: []string{"e2"}, Judges: []string{"j1"}, Category: "investor", Need: 1, Short: 1},
			`Entry e2 cannot get a judge of category "investor": the judges they could still get (j1) are at their max loads`},
		{"category judges taken", assign.Instance{
			Entries: []assign.Entry{{ID: "e1", JudgesRequired: 2, NeedCategory: "investor", MaxPerInstitution: 1}, entry("e2", 2)},
			Judges: []assign.Judge{{ID: "j1", MaxLoad: 1, Category: "investor", Institution: "A"}, {ID: "j2", MaxLoad: 1, Institution: "A"},
				{ID: "j3", MaxLoad: 1, Category: "investor", Institution: "B"}, {ID: "j4", MaxLoad: 1, Institution: "B"}},
			Affinity:        listed("e1:j1", "e1:j2", "e1:j3", "e1:j4", "e2:j1", "e2:j3"),
			OnlyListedPairs: true,
		}, assign.Reason{Code: assign.ReasonEntriesBottleneck, Entries: []string{"e1", "e2"}, Judges: []string{"j1", "j3"}, Category: "investor", Need: 4, Have: 3, Short: 1},
			`Entries e1, e2 need 4 judges in all but can get only 3 (e1 needs a judge of category "investor"): the judges they could still get (j1, j3) are at their max loads`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := assign.Solve(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != assign.StatusInfeasible || len(res.Reasons) == 0 {
				t.Fatalf("got %+v", res)
			}
			got := res.Reasons[0]
			if !strings.Contains(got.Text, c.text) {
				t.Errorf("text %q lacks %q", got.Text, c.text)
			}
			got.Text = ""
			if c.want.Judges == nil && got.Code != assign.ReasonEntriesBottleneck {
				got.Judges = nil
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("reason\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// mixedInstance has entries whose need for an investor cuts across capped institutions
// that mix investors with others, and investors that score low, so that the relaxations
// leave them out and the branch and bound has work to do.
func mixedInstance(seed uint64) assign.Instance {
	r := rand.New(rand.NewPCG(seed, seed))
	in := assigntest.Random(r, assigntest.Options{Entries: 400, Judges: 80, MaxK: 4, Conflicts: 0.05, Listed: 0.5, OnlyListed: true,
		Slack: 1.4, Categories: []string{"investor", "technical"}, Institutions: []string{"A", "B", "C", "D"},
		NeedCategory: 0.5, Cap: 0.6})
	for x, a := range in.Affinity {
		if in.Judges[judgeNumber(a.Judge)].Category == "investor" {
			in.Affinity[x].Score -= 0.5
		}
	}
	return in
}

// With a search limit too small to prove optimality, a mixed instance gets a valid
// assignment marked "feasible" with a gap that bounds the optimum.
func TestSearchLimit(t *testing.T) {
	in := mixedInstance(7)
	full, solves, err := assign.SolveCountingFlows(in)
	if err != nil || full.Status != assign.StatusOptimal || solves < 4 {
		t.Fatalf("%v %s after %d solves", err, full.Status, solves)
	}
	in.SearchLimit = 3
	res, err := assign.Solve(in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != assign.StatusFeasible || res.Reasons[0].Code != assign.ReasonNotProvenOptimal {
		t.Fatalf("limited: %s %v", res.Status, res.Reasons)
	}
	if err := assigntest.Check(in, res); err != nil {
		t.Fatal(err)
	}
	gap := res.Reasons[0].Gap
	if res.TotalAffinity > full.TotalAffinity+1e-9 || full.TotalAffinity > res.TotalAffinity+gap+1e-9 {
		t.Fatalf("limited %v + gap %v does not bound the optimum %v", res.TotalAffinity, gap, full.TotalAffinity)
	}
	t.Logf("optimum %v after %d solves; limited search %v with gap %v", full.TotalAffinity, solves, res.TotalAffinity, gap)
}

// Large random instances: every constraint holds. The laminar one (institutions of one
// category each) is solved by one flow; the mixed one by the branch and bound, and must
// come back optimal or, at the search limit, feasible.
func TestPropertiesLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	laminar := assigntest.Random(r, assigntest.Options{Entries: 1500, Judges: 250, MaxK: 5, Conflicts: 0.05, Listed: 0.6,
		Slack: 1.3, Categories: []string{"investor", "technical", ""}, Institutions: []string{"A", "B", "C", "D", "E", "F", ""},
		NeedCategory: 0.4, Cap: 0.5})
	for j := range laminar.Judges { // each institution holds one category
		if inst := laminar.Judges[j].Institution; inst != "" {
			laminar.Judges[j].Category = []string{"investor", "technical", ""}[int(inst[0]-'A')%3]
		}
	}
	mixed := mixedInstance(8)
	dense := assigntest.Dense(3, 500, 80, 5, 0.03)
	sparse := assigntest.Sparse(3, 4000, 600, 3, 30)
	for name, in := range map[string]assign.Instance{"laminar": laminar, "mixed": mixed, "dense": dense, "sparse": sparse} {
		res, solves, err := assign.SolveCountingFlows(in)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != assign.StatusOptimal && (name != "mixed" || res.Status != assign.StatusFeasible) {
			t.Fatalf("%s: %s %v", name, res.Status, res.Reasons)
		}
		if err := assigntest.Check(in, res); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		again, _ := assign.Solve(in)
		if !reflect.DeepEqual(res, again) {
			t.Fatalf("%s: two solves differ", name)
		}
		t.Logf("%s: %s after %d flow solves, %d pairs, total affinity %.3f", name, res.Status, solves, len(res.Assignments), res.TotalAffinity)
		if name == "mixed" && solves < 3 {
			t.Errorf("mixed: the search did not branch")
		}
	}
}
