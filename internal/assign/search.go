package assign

import (
	"container/heap"
	"fmt"
	"math"
	"slices"
)

// bbNode is a node of the branch and bound: the decisions of its ancestors plus its own
// (entry's category judge comes from source branch), and the cost of its relaxation.
type bbNode struct {
	parent *bbNode
	entry  int32
	branch int8
	bound  int64
	seq    int
}

type bbQueue []*bbNode

func (q bbQueue) Len() int { return len(q) }
func (q bbQueue) Less(i, j int) bool {
	if q[i].bound != q[j].bound {
		return q[i].bound < q[j].bound
	}
	return q[i].seq < q[j].seq
}
func (q bbQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *bbQueue) Push(x any)   { *q = append(*q, x.(*bbNode)) }
func (q *bbQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// searcher solves a problem: one flow, then a branch and bound when entries combine a
// category need with a cross-cutting institution cap.
type searcher struct {
	n      *network
	mixed  []int // entries with two or more category sources
	want   []int8
	solves int
	limit  int
	seq    int

	rootBound int64
	floor     int64   // no assignment costs less: the split relaxation's optimum
	best      *Result // the best assignment meeting every need, and its cost
	bestCost  int64
}

// search solves the validated, prechecked problem p; it also returns the number of flow
// solves it took. It first solves a relaxation that is one flow: entries whose category
// need cuts across a capped institution have that institution split in two, its judges of
// the category and the others, each part capped. No assignment beats the relaxation's
// optimum, and when that optimum keeps the real caps it is the answer; otherwise it is a
// floor for the branch and bound.
func search(p *problem) (Result, int) {
	r := newSearcher(newNetwork(p, true))
	if stuck := r.solve(); len(stuck) > 0 {
		return Result{Status: StatusInfeasible, Reasons: r.n.explain(stuck)}, r.solves
	}
	if r.meetsCaps() {
		return r.result(StatusOptimal, nil), r.solves
	}
	s := newSearcher(newNetwork(p, false))
	s.solves = r.solves
	s.floor = r.n.totalCost()
	res := s.search()
	return res, s.solves
}

func newSearcher(n *network) *searcher {
	s := &searcher{n: n, want: make([]int8, len(n.p.in.Entries))}
	for e := range n.p.in.Entries {
		if n.mixed(e) {
			s.mixed = append(s.mixed, e)
		}
	}
	return s
}

// meetsCaps reports whether the flow of a split network keeps the institution caps of
// the entries it split.
func (s *searcher) meetsCaps() bool {
	n := s.n
	for _, e := range n.split {
		per := map[string]int{}
		for a := n.first[n.root[e]]; a < n.first[n.root[e+1]]; a++ {
			if n.isPair(a) && n.ucap[a] > n.rcap[a] {
				inst := n.p.in.Judges[n.head[a]-n.nSub].Institution
				per[inst]++
				if inst != "" && per[inst] > n.p.in.Entries[e].MaxPerInstitution {
					return false
				}
			}
		}
	}
	return true
}

func (s *searcher) search() Result {
	n, p := s.n, s.n.p
	if stuck := s.solve(); len(stuck) > 0 {
		return Result{Status: StatusInfeasible, Reasons: n.explain(stuck)}
	}
	if s.pick() < 0 {
		return s.result(StatusOptimal, nil)
	}
	s.limit = p.in.SearchLimit
	if s.limit <= 0 {
		s.limit = DefaultSearchLimit
	}

	// Tighten the relaxation with Lagrange multipliers before branching; the bound of
	// every node below uses them.
	s.ascend()
	if s.best == nil {
		s.dive()
	}
	root := &bbNode{entry: -1, bound: s.rootBound}
	q := &bbQueue{root}
	proven := false
	for {
		if q.Len() == 0 {
			proven = true
			break
		}
		nd := (*q)[0]
		if s.best != nil && (nd.bound >= s.bestCost || s.bestCost <= s.floor) {
			proven = true
			break
		}
		if s.solves >= s.limit {
			break
		}
		heap.Pop(q)
		s.moveTo(nd)
		s.solve()
		e := s.pick()
		if e < 0 { // the best relaxation is an assignment that meets every need: optimal
			s.offer()
			proven = true
			break
		}
		for b := range n.sources[e] {
			child := &bbNode{parent: nd, entry: int32(e), branch: int8(b)}
			s.moveTo(child)
			if len(s.solve()) > 0 {
				continue
			}
			child.bound = s.bound()
			if s.best != nil && child.bound >= s.bestCost {
				continue
			}
			if s.pick() < 0 {
				s.offer()
				continue
			}
			s.seq++
			child.seq = s.seq
			heap.Push(q, child)
		}
	}

	switch {
	case s.best != nil && proven:
		return *s.best
	case proven:
		return Result{Status: StatusInfeasible, Reasons: []Reason{s.categoryCapConflict()}}
	case s.best != nil:
		gap := float64(s.bestCost-max((*q)[0].bound, s.floor)) / scale
		res := *s.best
		res.Status = StatusFeasible
		res.Reasons = []Reason{{Code: ReasonNotProvenOptimal, Entries: s.mixedIDs(), Gap: gap,
			Text: fmt.Sprintf("The search limit (%d flow solves) was reached before this assignment was proven optimal; the optimum is at most %.6g higher in total affinity. Raise the search limit to search longer.", s.limit, gap)}}
		return res
	default:
		return Result{Status: StatusUnknown, Reasons: []Reason{{Code: ReasonSearchLimit, Entries: s.mixedIDs(),
			Text: fmt.Sprintf("The search limit (%d flow solves) was reached before any assignment meeting the category needs together with the institution caps was found. Raise the search limit, or relax max_per_institution or need_category for entries %s.", s.limit, names(s.mixedIDs())),
		}}}
	}
}

// bound is the Lagrangian bound of the current flow: no assignment meeting the decisions
// costs less. A relaxed entry's bonus λ lowers the cost of its category judges; the term
// λ·(1 − judges of the category) is ≤ 0 for any assignment meeting the need, so the
// flow's cost plus Σ λ bounds those assignments from below.
func (s *searcher) bound() int64 {
	b := s.n.totalCost()
	for _, e := range s.mixed {
		if s.n.decision[e] < 0 {
			b += s.n.bonus[e]
		}
	}
	return b
}

// trueCost is the cost of the current flow without bonuses.
func (s *searcher) trueCost() int64 {
	c := s.n.totalCost()
	for _, e := range s.mixed {
		if s.n.decision[e] < 0 {
			c += s.n.bonus[e] * int64(s.countCategory(e))
		}
	}
	return c
}

// offer records the current flow as the best assignment if it meets every need and
// costs less than the best so far.
func (s *searcher) offer() {
	for _, e := range s.mixed {
		if s.n.decision[e] < 0 && s.countCategory(e) == 0 {
			return
		}
	}
	if c := s.trueCost(); s.best == nil || c < s.bestCost {
		res := s.result(StatusOptimal, nil)
		s.best, s.bestCost = &res, c
	}
}

// ascend raises the relaxation's bound by steps on the multipliers: an entry lacking its
// category gets a bonus raised by at least the reduced cost of its cheapest category
// judge, and by a shrinking fraction of the spread of its costs; an entry with two or
// more while holding a bonus has it halved. It keeps the
// multipliers of the best bound, and records every assignment met on the way.
func (s *searcher) ascend() {
	n := s.n
	s.rootBound = s.bound()
	bestBonus := slices.Clone(n.bonus)
	stepFactor := 0.5
	for it := 0; it < 50 && s.solves < s.limit; it, stepFactor = it+1, stepFactor*0.8 {
		s.offer()
		if s.best != nil && (s.bestCost == s.rootBound || s.bestCost <= s.floor) {
			break
		}
		changed := false
		for _, e := range s.mixed {
			switch c := s.countCategory(e); {
			case c == 0:
				n.bonus[e] += max(s.cheapestCategoryStep(e), int64(float64(s.spread(e))*stepFactor))
			case c >= 2 && n.bonus[e] > 0:
				n.bonus[e] /= 2
			default:
				continue
			}
			n.setEntry(e, -1)
			changed = true
		}
		if !changed || len(s.solve()) > 0 {
			break
		}
		if b := s.bound(); b > s.rootBound {
			s.rootBound = b
			copy(bestBonus, n.bonus)
		}
	}
	s.offer()
	for _, e := range s.mixed {
		if n.bonus[e] != bestBonus[e] {
			n.bonus[e] = bestBonus[e]
			n.setEntry(e, -1)
		}
	}
	s.solve()
}

// cheapestCategoryStep is the bonus step for entry e, which lacks its category: one more
// than the least reduced cost of an arc to one of its category judges.
func (s *searcher) cheapestCategoryStep(e int) int64 {
	n := s.n
	step := int64(scale) // 1.0 of affinity when no category arc has room
	for _, src := range n.sources[e] {
		for _, a := range src.members {
			if n.rcap[a] > 0 {
				step = min(step, n.cost[a]+n.pi[n.tail[a]]-n.pi[n.head[a]])
			}
		}
	}
	return step + 1
}

// spread is the difference between the highest and the lowest cost of entry e's pairs:
// the scale of a bonus that can change its choice of judges.
func (s *searcher) spread(e int) int64 {
	n := s.n
	lo, hi := int64(0), int64(0)
	for a := n.first[n.root[e]]; a < n.first[n.root[e+1]]; a++ {
		if n.isPair(a) {
			lo, hi = min(lo, n.cost[a]), max(hi, n.cost[a])
		}
	}
	return hi - lo
}

// dive looks for a first assignment meeting every need: it fixes every entry that lacks
// its category to its best source and solves again, until none lacks it or the flow
// fails. It leaves the network's decisions to the next moveTo.
func (s *searcher) dive() {
	var nd *bbNode
	for {
		var lacking []int
		for _, e := range s.mixed {
			if s.n.decision[e] < 0 && s.countCategory(e) == 0 {
				lacking = append(lacking, e)
			}
		}
		if len(lacking) == 0 {
			s.offer()
			return
		}
		for _, e := range lacking {
			nd = &bbNode{parent: nd, entry: int32(e), branch: 0}
		}
		s.moveTo(nd)
		if len(s.solve()) > 0 {
			return
		}
	}
}

// solve runs the flow and counts it.
func (s *searcher) solve() []int32 {
	s.solves++
	return s.n.run()
}

// moveTo applies the decisions of nd to the network, re-laying only the entries whose
// decision changes.
func (s *searcher) moveTo(nd *bbNode) {
	for _, e := range s.mixed {
		s.want[e] = -1
	}
	for x := nd; x != nil; x = x.parent {
		if x.entry >= 0 && s.want[x.entry] < 0 {
			s.want[x.entry] = x.branch
		}
	}
	for _, e := range s.mixed {
		if s.n.decision[e] != s.want[e] {
			s.n.setEntry(e, s.want[e])
		}
	}
}

// pick returns the entry to branch on: the first relaxed entry lacking its category, else
// the first whose bonus leaves the bound below the assignment's cost (two or more judges
// of the category while holding a bonus); -1 when the relaxation's flow is an assignment
// meeting every need at the cost of its bound.
func (s *searcher) pick() int {
	slack := -1
	for _, e := range s.mixed {
		if s.n.decision[e] >= 0 {
			continue
		}
		switch c := s.countCategory(e); {
		case c == 0:
			return e
		case c >= 2 && s.n.bonus[e] > 0 && slack < 0:
			slack = e
		}
	}
	return slack
}

// countCategory counts entry e's judges of its needed category.
func (s *searcher) countCategory(e int) int {
	n, c := s.n, 0
	for _, src := range n.sources[e] {
		for _, a := range src.members {
			if n.ucap[a] > n.rcap[a] {
				c++
			}
		}
	}
	return c
}

func (s *searcher) mixedIDs() []string {
	var ids []string
	for _, e := range s.mixed {
		ids = append(ids, s.n.p.in.Entries[e].ID)
	}
	return ids
}

// result reads the assignment off the network.
func (s *searcher) result(status string, reasons []Reason) (res Result) {
	n := s.n
	in := n.p.in
	res = Result{Status: status, Reasons: reasons, Assignments: []Pair{}}
	var js []int32
	var sum, comp float64 // Neumaier's compensated sum: totals of many decimals stay exact
	defer func() { res.TotalAffinity = sum + comp }()
	for e := range in.Entries {
		js = js[:0]
		for a := n.first[n.root[e]]; a < n.first[n.root[e+1]]; a++ {
			if n.isPair(a) && n.ucap[a] > n.rcap[a] {
				js = append(js, n.head[a]-n.nSub)
			}
		}
		slices.Sort(js)
		for _, j := range js {
			res.Assignments = append(res.Assignments, Pair{Entry: in.Entries[e].ID, Judge: in.Judges[j].ID})
			if i, ok := slices.BinarySearchFunc(n.p.listed[e], j, func(l listedPair, j int32) int { return int(l.judge - j) }); ok {
				x := n.p.listed[e][i].score
				t := sum + x
				if math.Abs(sum) >= math.Abs(x) {
					comp += (sum - t) + x
				} else {
					comp += (x - t) + sum
				}
				sum = t
			}
		}
	}
	return res
}
