package assign_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/haizhi-dev/haizhi/internal/assign"
	"github.com/haizhi-dev/haizhi/internal/assign/assigntest"
)

// lpOptimum solves the LP relaxation of in with gonum's simplex: one variable per allowed
// pair in [0, 1], entry rows Σ x = k, judge rows min ≤ Σ x ≤ max, institution rows
// Σ x ≤ m where the cap can bind, category rows Σ x ≥ 1. Every inequality gets its own
// slack column, so A has full row rank. It returns the maximum total affinity, or
// feasible false.
func lpOptimum(t *testing.T, in assign.Instance) (best float64, feasible bool) {
	t.Helper()
	type pair struct{ e, j int }
	score := map[pair]float64{}
	listed := map[pair]bool{}
	ei, ji := map[string]int{}, map[string]int{}
	for i, e := range in.Entries {
		ei[e.ID] = i
	}
	for i, j := range in.Judges {
		ji[j.ID] = i
	}
	for _, a := range in.Affinity {
		score[pair{ei[a.Entry], ji[a.Judge]}] = a.Score
		listed[pair{ei[a.Entry], ji[a.Judge]}] = true
	}
	conflict := map[pair]bool{}
	for _, c := range in.Conflicts {
		conflict[pair{ei[c.Entry], ji[c.Judge]}] = true
	}
	var pairs []pair
	for e := range in.Entries {
		for j := range in.Judges {
			p := pair{e, j}
			if !conflict[p] && (!in.OnlyListedPairs || listed[p]) {
				pairs = append(pairs, p)
			}
		}
	}
	type row struct {
		coef  map[int]float64 // variable → coefficient
		slack float64         // 0, +1 (≤) or −1 (≥)
		rhs   float64
	}
	var rows []row
	nx := len(pairs)
	for e, ent := range in.Entries {
		r := row{coef: map[int]float64{}, rhs: float64(ent.JudgesRequired)}
		for x, p := range pairs {
			if p.e == e {
				r.coef[x] = 1
			}
		}
		if len(r.coef) == 0 {
			if ent.JudgesRequired > 0 {
				return 0, false
			}
			continue
		}
		rows = append(rows, r)
		if m := ent.MaxPerInstitution; m > 0 {
			byInst := map[string]map[int]float64{}
			for x, p := range pairs {
				if inst := in.Judges[p.j].Institution; p.e == e && inst != "" {
					if byInst[inst] == nil {
						byInst[inst] = map[int]float64{}
					}
					byInst[inst][x] = 1
				}
			}
			for _, c := range byInst {
				rows = append(rows, row{coef: c, slack: 1, rhs: float64(m)})
			}
		}
		if c := ent.NeedCategory; c != "" && ent.JudgesRequired > 0 {
			r := row{coef: map[int]float64{}, slack: -1, rhs: 1}
			for x, p := range pairs {
				if p.e == e && in.Judges[p.j].Category == c {
					r.coef[x] = 1
				}
			}
			rows = append(rows, r)
		}
	}
	for j, jd := range in.Judges {
		hi := row{coef: map[int]float64{}, slack: 1, rhs: float64(jd.MaxLoad)}
		lo := row{coef: map[int]float64{}, slack: -1, rhs: float64(jd.MinLoad)}
		for x, p := range pairs {
			if p.j == j {
				hi.coef[x], lo.coef[x] = 1, 1
			}
		}
		rows = append(rows, hi, lo)
	}
	for x := range pairs { // x ≤ 1
		rows = append(rows, row{coef: map[int]float64{x: 1}, slack: 1, rhs: 1})
	}
	nSlack := 0
	for _, r := range rows {
		if r.slack != 0 {
			nSlack++
		}
	}
	A := mat.NewDense(len(rows), nx+nSlack, nil)
	b := make([]float64, len(rows))
	s := nx
	for i, r := range rows {
		for x, v := range r.coef {
			A.Set(i, x, v)
		}
		if r.slack != 0 {
			A.Set(i, s, r.slack)
			s++
		}
		b[i] = r.rhs
	}
	c := make([]float64, nx+nSlack)
	for x, p := range pairs {
		c[x] = -score[p]
	}
	opt, _, err := lp.Simplex(c, A, b, 1e-10, nil)
	switch {
	case errors.Is(err, lp.ErrInfeasible):
		return 0, false
	case err != nil:
		t.Fatalf("simplex: %v", err)
	}
	return -opt, true
}

// laminar reports whether every entry's constraints form a tree (see the package
// documentation): then the flow is exact and the LP relaxation integral.
func laminar(in assign.Instance) bool {
	conflict := map[[2]string]bool{}
	for _, c := range in.Conflicts {
		conflict[[2]string{c.Entry, c.Judge}] = true
	}
	listed := map[[2]string]bool{}
	for _, a := range in.Affinity {
		listed[[2]string{a.Entry, a.Judge}] = true
	}
	for _, e := range in.Entries {
		m, k := e.MaxPerInstitution, e.JudgesRequired
		if e.NeedCategory == "" || k == 0 || m == 0 || m >= k {
			continue
		}
		count, cat := map[string]int{}, map[string]int{}
		for _, j := range in.Judges {
			p := [2]string{e.ID, j.ID}
			if conflict[p] || j.MaxLoad == 0 || (in.OnlyListedPairs && !listed[p]) || j.Institution == "" {
				continue
			}
			count[j.Institution]++
			if j.Category == e.NeedCategory {
				cat[j.Institution]++
			}
		}
		sources := 0
		free := false // a category judge outside capped institutions that mix categories
		for _, j := range in.Judges {
			p := [2]string{e.ID, j.ID}
			if conflict[p] || j.MaxLoad == 0 || (in.OnlyListedPairs && !listed[p]) || j.Category != e.NeedCategory {
				continue
			}
			if i := j.Institution; i == "" || count[i] <= m || cat[i] == count[i] {
				free = true
			}
		}
		if free {
			sources++
		}
		for i, n := range count {
			if n > m && cat[i] > 0 && cat[i] < n {
				sources++
			}
		}
		if sources > 1 {
			return false
		}
	}
	return true
}

// TestSolveMatchesLP checks optimality against gonum's simplex on random small instances
// whose constraints are laminar: the LP relaxation of a flow is integral, so the optimal
// totals must agree to 1e-6 and the LP must be infeasible exactly when Solve says so.
// On the others (category need and institution cap cutting across each other) the LP only
// bounds the optimum from above.
func TestSolveMatchesLP(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	compared, infeasible, bounded := 0, 0, 0
	codes := map[assign.ReasonCode]int{}
	for i := 0; compared < 400; i++ {
		o := assigntest.Options{Entries: 3 + r.IntN(6), Judges: 3 + r.IntN(4), MaxK: 3,
			Conflicts: 0.1, Listed: 0.8, OnlyListed: r.IntN(3) == 0, Slack: 1.1 + r.Float64(),
			Categories: []string{"", "investor", "technical"}, Institutions: []string{"", "A", "B", "C"},
			NeedCategory: 0.3, Cap: 0.3}
		switch i % 4 {
		case 0:
			o.Categories, o.Institutions = nil, nil
		case 1: // few candidates and tight loads: bottlenecks that only the flow finds
			o.MaxK, o.Listed, o.Conflicts, o.OnlyListed, o.Slack = 2, 0.55, 0, true, 1+0.3*r.Float64()
		}
		in := assigntest.Random(r, o)
		res, err := assign.Solve(in)
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		want, feasible := lpOptimum(t, in)
		if !laminar(in) {
			if res.Status == assign.StatusOptimal && (!feasible || res.TotalAffinity > want+1e-6) {
				t.Fatalf("instance %d: %s %v above the LP bound %v (feasible %v)", i, res.Status, res.TotalAffinity, want, feasible)
			}
			bounded++
			continue
		}
		compared++
		if !feasible {
			infeasible++
			if res.Status != assign.StatusInfeasible {
				t.Fatalf("instance %d: LP infeasible, Solve says %s\n%+v", i, res.Status, in)
			}
			if len(res.Reasons) == 0 {
				t.Fatalf("instance %d: infeasible without reasons", i)
			}
			for _, x := range res.Reasons {
				codes[x.Code]++
			}
			continue
		}
		if res.Status != assign.StatusOptimal {
			t.Fatalf("instance %d: LP optimum %v, Solve says %s: %v\n%+v", i, want, res.Status, res.Reasons, in)
		}
		if err := assigntest.Check(in, res); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		if math.Abs(res.TotalAffinity-want) > 1e-6 {
			t.Fatalf("instance %d: total affinity %v, LP optimum %v\n%+v", i, res.TotalAffinity, want, in)
		}
	}
	t.Logf("%d instances compared with the LP (%d infeasible), %d non-laminar ones bounded; reasons %v", compared, infeasible, bounded, codes)
	if infeasible < 20 || compared-infeasible < 200 {
		t.Fatalf("too few of one kind: %d infeasible of %d", infeasible, compared)
	}
	// Some infeasible instances must get past the prechecks to the flow's cuts.
	if codes[assign.ReasonEntriesBottleneck]+codes[assign.ReasonJudgesMinBottleneck] < 5 {
		t.Fatalf("too few flow-level infeasibilities: %v", codes)
	}
}

// bruteForce enumerates every assignment of a tiny instance and returns the best total
// affinity, or feasible false.
func bruteForce(in assign.Instance) (best float64, feasible bool) {
	ji := map[string]int{}
	for i, j := range in.Judges {
		ji[j.ID] = i
	}
	score := map[[2]string]float64{}
	listed := map[[2]string]bool{}
	for _, a := range in.Affinity {
		score[[2]string{a.Entry, a.Judge}] = a.Score
		listed[[2]string{a.Entry, a.Judge}] = true
	}
	conflict := map[[2]string]bool{}
	for _, c := range in.Conflicts {
		conflict[[2]string{c.Entry, c.Judge}] = true
	}
	// options[e]: the judge sets entry e may get on its own, with their scores.
	type option struct {
		judges []int
		score  float64
	}
	options := make([][]option, len(in.Entries))
	for e, ent := range in.Entries {
		var pick func(from int, set []int)
		pick = func(from int, set []int) {
			if len(set) == ent.JudgesRequired {
				per := map[string]int{}
				cat := false
				s := 0.0
				for _, j := range set {
					jd := in.Judges[j]
					if jd.Institution != "" {
						per[jd.Institution]++
						if ent.MaxPerInstitution > 0 && per[jd.Institution] > ent.MaxPerInstitution {
							return
						}
					}
					cat = cat || jd.Category == ent.NeedCategory
					s += score[[2]string{ent.ID, jd.ID}]
				}
				if ent.NeedCategory != "" && len(set) > 0 && !cat {
					return
				}
				options[e] = append(options[e], option{append([]int(nil), set...), s})
				return
			}
			for j := from; j < len(in.Judges); j++ {
				p := [2]string{ent.ID, in.Judges[j].ID}
				if conflict[p] || (in.OnlyListedPairs && !listed[p]) {
					continue
				}
				pick(j+1, append(set, j))
			}
		}
		pick(0, nil)
	}
	load := make([]int, len(in.Judges))
	best = math.Inf(-1)
	var walk func(e int, total float64)
	walk = func(e int, total float64) {
		if e == len(in.Entries) {
			for j, jd := range in.Judges {
				if load[j] < jd.MinLoad {
					return
				}
			}
			best = max(best, total)
			return
		}
	next:
		for _, o := range options[e] {
			for _, j := range o.judges {
				if load[j] == in.Judges[j].MaxLoad {
					continue next
				}
			}
			for _, j := range o.judges {
				load[j]++
			}
			walk(e+1, total+o.score)
			for _, j := range o.judges {
				load[j]--
			}
		}
	}
	walk(0, 0)
	return best, !math.IsInf(best, -1)
}

// TestSolveMatchesBruteForce checks the branch and bound where the constraints are not a
// flow: tiny instances where entries need a category and cap institutions that mix
// categories, against every assignment enumerated.
func TestSolveMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	const instances = 2000
	mixed, feasible, searched := 0, 0, 0
	for i := 0; i < instances; i++ {
		in := assigntest.Random(r, assigntest.Options{Entries: 3 + r.IntN(2), Judges: 4 + r.IntN(3), MaxK: 3,
			Conflicts: 0.05, Listed: 0.9, Slack: 1.2 + r.Float64(),
			Categories: []string{"investor", "technical"}, Institutions: []string{"A", "B", ""},
			NeedCategory: 0.9, Cap: 0.9})
		for e := range in.Entries {
			in.Entries[e].MaxPerInstitution = min(in.Entries[e].MaxPerInstitution, 1)
			if in.Entries[e].NeedCategory != "" {
				in.Entries[e].NeedCategory = "investor"
			}
		}
		// Investors score low, so the relaxation tends to leave them out and the search
		// has to branch.
		for x, a := range in.Affinity {
			if in.Judges[judgeNumber(a.Judge)].Category == "investor" {
				in.Affinity[x].Score -= 1
			}
		}
		if !laminar(in) {
			mixed++
		}
		res, solves, err := assign.SolveCountingFlows(in)
		if err != nil {
			t.Fatal(err)
		}
		if solves > 1 {
			searched++
		}
		want, ok := bruteForce(in)
		if !ok {
			if res.Status != assign.StatusInfeasible {
				t.Fatalf("instance %d: no assignment exists, Solve says %s %v\n%+v", i, res.Status, res.Assignments, in)
			}
			continue
		}
		feasible++
		if res.Status != assign.StatusOptimal {
			t.Fatalf("instance %d: optimum %v, Solve says %s %v\n%+v", i, want, res.Status, res.Reasons, in)
		}
		if err := assigntest.Check(in, res); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		if math.Abs(res.TotalAffinity-want) > 1e-6 {
			t.Fatalf("instance %d: total affinity %v, optimum %v\n%+v", i, res.TotalAffinity, want, in)
		}
	}
	t.Logf("%d instances (%d not laminar, %d branched), %d feasible", instances, mixed, searched, feasible)
	if mixed < 300 || searched < 100 || feasible < 800 {
		t.Fatalf("too few mixed (%d), branched (%d) or feasible (%d) instances", mixed, searched, feasible)
	}
}

// judgeNumber is the index of a judge named by assigntest.Random ("j3" → 3).
func judgeNumber(id string) int {
	n := 0
	for _, c := range id[1:] {
		n = n*10 + int(c-'0')
	}
	return n
}
