// Package assign assigns judges to entries, optimally.
//
// Every entry gets exactly the number of distinct judges it requires, every judge's load
// stays within their minimum and maximum, no judge gets an entry they are in conflict
// with, and the total affinity of the chosen (entry, judge) pairs is as large as possible.
// Optionally an entry asks for at least one judge of a category (say "investor") and for
// at most m judges from any one institution.
//
// # The model
//
// Solve builds a min-cost flow network: each entry is a node that must send exactly
// JudgesRequired units; each allowed (entry, judge) pair is an arc of capacity 1 and cost
// −affinity; each judge is a node whose throughput must lie between MinLoad and MaxLoad
// (an arc to the sink with a lower and an upper bound). Lower bounds are handled exactly
// by the standard transformation: an arc a→b with bounds [l, h] becomes an arc of
// capacity h−l while a gets a demand of l and b a supply of l, so entries are supply
// nodes, judges with a minimum are demand nodes and the sink takes the rest. The flow is
// solved by successive shortest paths with node potentials (Dijkstra on reduced costs,
// Johnson's reweighting, early stop at the first node with unmet demand). Affinities are
// floats; the network uses integers: each score is multiplied by 1e6 and rounded, so the
// result is exactly optimal for the rounded scores and within 0.5e-6 per assigned pair
// of the float optimum. TotalAffinity sums the given float scores of the chosen pairs.
//
// The per-entry constraints are nodes between the entry and its judges, one tree per
// entry: "at most m from institution I" is an arc entry→(entry, I) of capacity m above the
// judges of I; "at least one of category C" is an arc entry→(entry, C) with lower bound 1
// above the judges of C. Together with the judges' bounds the constraint matrix is two
// laminar families, hence totally unimodular, and the flow optimum is the optimum. This
// holds exactly whenever every entry's tree is laminar:
//
//   - institution caps alone, any mix of institutions and categories: exact flow;
//   - category needs alone: exact flow;
//   - both on one entry, when the category's judges lie in a single capped institution,
//     or every capped institution is all of the category or none of it: exact flow.
//     (A cap only counts where it can bind: an institution with at most m judges open to
//     the entry, or a cap of m ≥ JudgesRequired, needs no node.)
//
// The remaining case is not a flow problem: an entry with a binding cap and a category
// need whose category judges sit in two or more "sources" (each capped institution that
// mixes the category with other judges is one source; the category's judges elsewhere
// are another). Solve then proceeds in steps, each exact about what it claims:
//
//  1. A relaxation that is one flow: each mixed institution of such an entry is split in
//     two, its judges of the category and the others, each part capped at m. If it is
//     infeasible, so is the instance (and its cut explains why); if its optimum keeps the
//     real caps, it is optimal. Otherwise its optimum bounds the optimum from above.
//  2. A second relaxation keeps every cap exact and drops those entries' category needs,
//     priced instead by Lagrange multipliers: a bonus on the entry's category judges,
//     raised while the entry lacks one. Its flow cost plus the bonuses bounds the optimum
//     for any bonuses; every flow met on the way that meets all needs is a candidate.
//  3. A best-first branch and bound over that relaxation: an entry that lacks its
//     category (or holds two while carrying a bonus) is branched on which source
//     provides its category judge, each branch again a laminar flow (earlier sources
//     excluded, so branches do not overlap). Nodes are re-solved by rerouting only the
//     entries whose decision changed.
//
// The search stops when the best assignment found reaches the best bound: Status is
// "optimal" and the result is exactly optimal (checked against exhaustive enumeration in
// the tests). It also stops after Instance.SearchLimit flow solves: then Status is
// "feasible", with the best assignment found and a Reason giving how far below the
// optimum it may be, or "unknown" when none was found. Instances without such entries
// never search: one flow decides them.
package assign

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Instance is one assignment problem. Its file format is that of `haizhi assign`, whose
// field names (judges_required, min_load, …) the errors of Validate use.
type Instance struct {
	// Entries are the entries to judge, in the order the result lists them.
	Entries []Entry
	// Judges are the judges available, in the order the result lists them within an entry.
	Judges []Judge
	// Affinity scores (entry, judge) pairs. A pair not listed scores 0 and is allowed
	// unless it is in Conflicts or OnlyListedPairs is set.
	Affinity []Affinity
	// Conflicts lists the pairs that must never be assigned.
	Conflicts []Conflict

	// OnlyListedPairs, when set, allows only the pairs listed in Affinity: an entry's
	// candidate judges are those scored for it. This keeps large sparse instances (tens of
	// candidates per entry out of thousands of judges) small; without it every
	// unconflicted pair is an arc.
	OnlyListedPairs bool
	// SearchLimit bounds the number of flow solves of the branch and bound that entries
	// combining a category need with a cross-cutting institution cap need (see the package
	// documentation); 0 means DefaultSearchLimit.
	SearchLimit int
}

// DefaultSearchLimit is the number of flow solves the branch and bound may spend when
// Instance.SearchLimit is 0.
const DefaultSearchLimit = 2000

// Entry is an entry needing judges.
type Entry struct {
	// ID names the entry; unique among entries.
	ID string
	// JudgesRequired is the exact number of distinct judges the entry gets.
	JudgesRequired int
	// NeedCategory, when set, asks for at least one judge whose Category equals it. It is
	// ignored for an entry that requires no judges.
	NeedCategory string
	// MaxPerInstitution, when positive, allows at most that many judges of one
	// institution. Judges without an institution are not counted.
	MaxPerInstitution int
}

// Judge is a judge who can take entries.
type Judge struct {
	// ID names the judge; unique among judges.
	ID string
	// MinLoad and MaxLoad bound the number of entries the judge gets.
	MinLoad, MaxLoad int
	// Category is the judge's kind ("investor", "technical", …) and Institution where
	// they work; either may be empty (no institution: no cap applies).
	Category, Institution string
}

// Affinity is how well a judge suits an entry; higher is better.
type Affinity struct {
	Entry, Judge string
	Score        float64
}

// Conflict forbids a judge from judging an entry.
type Conflict struct {
	Entry, Judge string
}

// Pair is one assignment: the judge judges the entry.
type Pair struct {
	Entry, Judge string
}

// The values of Result.Status.
const (
	// StatusOptimal: Assignments meet every constraint and no assignment has a larger
	// total affinity.
	StatusOptimal = "optimal"
	// StatusInfeasible: no assignment meets the constraints; Reasons say why.
	StatusInfeasible = "infeasible"
	// StatusFeasible: the search limit was reached; Assignments meet every constraint and
	// a Reason with code ReasonNotProvenOptimal bounds the gap to the optimum.
	StatusFeasible = "feasible"
	// StatusUnknown: the search limit was reached before any assignment was found.
	StatusUnknown = "unknown"
)

// Result is the outcome of Solve.
type Result struct {
	// Status is StatusOptimal, StatusInfeasible, StatusFeasible or StatusUnknown.
	Status string
	// TotalAffinity is the sum of the scores of Assignments.
	TotalAffinity float64
	// Assignments are ordered by entry, then judge, each in the order of the Instance.
	Assignments []Pair
	// Reasons explain an infeasible instance (or a result not proven optimal).
	Reasons []Reason
}

// scale turns float scores into the integer costs of the network.
const scale = 1e6

// maxScore bounds |Score| so that sums of scaled costs stay far from int64 overflow.
const maxScore = 1e6

// problem is a validated instance with ids resolved to indices.
type problem struct {
	in      *Instance
	k       []int
	listed  [][]listedPair // per entry, sorted by judge index
	conflic [][]int32      // per entry, sorted judge indices
}

type listedPair struct {
	judge int32
	cost  int64 // −round(score × scale)
	score float64
}

// Validate reports the first problem that makes the instance unusable: an empty or
// duplicate id, an unknown id in Affinity or Conflicts, a negative or inverted load, a
// negative JudgesRequired or MaxPerInstitution, a duplicate affinity pair, a score that is
// NaN, infinite or beyond ±1e6. The error names the field as in the JSON format, for
// example "affinity[3].judge". An instance that is valid may still be infeasible.
func (in Instance) Validate() error {
	_, err := compile(&in)
	return err
}

func compile(in *Instance) (*problem, error) {
	entries := make(map[string]int32, len(in.Entries))
	for i, e := range in.Entries {
		if e.ID == "" {
			return nil, fmt.Errorf("entries[%d].id: empty", i)
		}
		if p, dup := entries[e.ID]; dup {
			return nil, fmt.Errorf("entries[%d].id: duplicate id %q (also entries[%d])", i, e.ID, p)
		}
		entries[e.ID] = int32(i)
		if e.JudgesRequired < 0 {
			return nil, fmt.Errorf("entries[%d].judges_required: %d is negative", i, e.JudgesRequired)
		}
		if e.MaxPerInstitution < 0 {
			return nil, fmt.Errorf("entries[%d].max_per_institution: %d is negative", i, e.MaxPerInstitution)
		}
	}
	judges := make(map[string]int32, len(in.Judges))
	for i, j := range in.Judges {
		if j.ID == "" {
			return nil, fmt.Errorf("judges[%d].id: empty", i)
		}
		if p, dup := judges[j.ID]; dup {
			return nil, fmt.Errorf("judges[%d].id: duplicate id %q (also judges[%d])", i, j.ID, p)
		}
		judges[j.ID] = int32(i)
		if j.MinLoad < 0 {
			return nil, fmt.Errorf("judges[%d].min_load: %d is negative", i, j.MinLoad)
		}
		if j.MaxLoad < 0 {
			return nil, fmt.Errorf("judges[%d].max_load: %d is negative", i, j.MaxLoad)
		}
		if j.MinLoad > j.MaxLoad {
			return nil, fmt.Errorf("judges[%d].min_load: %d is above max_load %d", i, j.MinLoad, j.MaxLoad)
		}
	}
	p := &problem{in: in, k: make([]int, len(in.Entries)),
		listed: make([][]listedPair, len(in.Entries)), conflic: make([][]int32, len(in.Entries))}
	for i, e := range in.Entries {
		p.k[i] = e.JudgesRequired
	}
	// Duplicate pairs are found through a map only for pairs listed more than once per
	// entry, so a dense instance does not pay for a map of every pair.
	for i, a := range in.Affinity {
		e, ok := entries[a.Entry]
		if !ok {
			return nil, fmt.Errorf("affinity[%d].entry: unknown entry %q", i, a.Entry)
		}
		j, ok := judges[a.Judge]
		if !ok {
			return nil, fmt.Errorf("affinity[%d].judge: unknown judge %q", i, a.Judge)
		}
		if math.IsNaN(a.Score) || math.IsInf(a.Score, 0) || math.Abs(a.Score) > maxScore {
			return nil, fmt.Errorf("affinity[%d].score: %v is not a number between -1e6 and 1e6", i, a.Score)
		}
		p.listed[e] = append(p.listed[e], listedPair{judge: j, cost: -int64(math.Round(a.Score * scale)), score: a.Score})
	}
	for e := range p.listed {
		l := p.listed[e]
		slices.SortFunc(l, func(a, b listedPair) int { return cmp.Compare(a.judge, b.judge) })
		for x := 1; x < len(l); x++ {
			if l[x].judge == l[x-1].judge {
				return nil, duplicatePair(in, int32(e), l[x].judge)
			}
		}
	}
	for i, c := range in.Conflicts {
		e, ok := entries[c.Entry]
		if !ok {
			return nil, fmt.Errorf("conflicts[%d].entry: unknown entry %q", i, c.Entry)
		}
		j, ok := judges[c.Judge]
		if !ok {
			return nil, fmt.Errorf("conflicts[%d].judge: unknown judge %q", i, c.Judge)
		}
		p.conflic[e] = append(p.conflic[e], j)
	}
	for e := range p.conflic {
		slices.Sort(p.conflic[e])
		p.conflic[e] = slices.Compact(p.conflic[e])
	}
	return p, nil
}

// duplicatePair names the first two positions in Affinity of the pair (e, j).
func duplicatePair(in *Instance, e, j int32) error {
	first := -1
	for i, a := range in.Affinity {
		if a.Entry == in.Entries[e].ID && a.Judge == in.Judges[j].ID {
			if first >= 0 {
				return fmt.Errorf("affinity[%d]: duplicate pair (entry %q, judge %q), first at affinity[%d]", i, a.Entry, a.Judge, first)
			}
			first = i
		}
	}
	return fmt.Errorf("affinity: duplicate pair (entry %q, judge %q)", in.Entries[e].ID, in.Judges[j].ID)
}

// Solve finds an assignment of maximum total affinity, or explains why none exists. The
// error is non-nil only for an invalid instance (see Validate).
func Solve(in Instance) (Result, error) {
	p, err := compile(&in)
	if err != nil {
		return Result{}, err
	}
	if reasons := precheck(p); len(reasons) > 0 {
		return Result{Status: StatusInfeasible, Reasons: reasons}, nil
	}
	res, _ := search(p)
	return res, nil
}
