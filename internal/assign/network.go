package assign

import (
	"cmp"
	"slices"
)

// network is the flow network of a problem together with its current flow and node
// potentials. Nodes are numbered: first the subtree nodes (each entry's root followed by
// its constraint nodes), then the judges, then the sink. Arcs leave subtree nodes only:
// to child constraint nodes ("group arcs") or to judges ("pair arcs"); the residual
// reverse of a pair arc is kept as the judge's list of assigned arcs, and a judge's arc
// to the sink as two numbers, so a Dijkstra step from a judge costs its load, not the
// number of entries.
type network struct {
	p      *problem
	nSub   int32
	nJudge int32
	sink   int32

	first     []int32 // per subtree node: its arcs are first[v] … first[v+1]-1
	parentArc []int32 // per subtree node: the group arc into it; -1 for an entry's root
	inCap     []int32 // per subtree node: the capacity of that arc before lower bounds
	owner     []int32 // per subtree node: its entry
	root      []int32 // per entry (plus one): its nodes are root[e] … root[e+1]-1

	head, tail []int32
	cost       []int64
	rcap       []int32 // residual capacity
	ucap       []int32 // capacity less the lower bound: flow = ucap − rcap

	sources  [][]source // per entry: where its category judge may come from
	decision []int8     // per entry: the source that must provide it; -1 relaxed
	bonus    []int64    // per entry: Lagrange multiplier of a relaxed category need
	split    []int      // entries whose mixed institutions were split (a relaxation)

	assigned [][]int32 // per judge: the pair arcs carrying flow into it
	tRes     []int32   // per judge: residual capacity of judge→sink
	tCap     []int32   // per judge: MaxLoad − MinLoad

	excess []int64 // per node: supply (> 0) or unmet demand (< 0)
	pi     []int64 // per node: potential; reduced costs of residual arcs are ≥ 0
	active []int32 // subtree nodes that may have excess, each once
	queued []bool  // per subtree node: in active

	dij dijkstra
}

// source is one place an entry's category judge may come from: the judges of the
// category outside capped institutions that mix categories (node P), or the category's
// judges of one such institution. Choosing it puts a lower bound of 1 on arc.
type source struct {
	arc        int32   // group arc into the source's node
	members    []int32 // pair arcs to the source's judges of the category
	memberCost []int64 // their costs without a bonus
	best       int64   // lowest cost among members, to try the best source first
}

// isPair reports whether arc a leads to a judge.
func (n *network) isPair(a int32) bool { return n.head[a] >= n.nSub }

// mixed reports whether entry e's constraints are not laminar: its category judge may
// come from two or more sources.
func (n *network) mixed(e int) bool { return len(n.sources[e]) >= 2 }

// localNode is a constraint node of one entry while its tree is being built.
type localNode struct {
	parent int32 // local index; -1 for the root
	cap    int32
	arcs   []localArc
}

type localArc struct {
	judge int32
	cost  int64
}

func newNetwork(p *problem, split bool) *network {
	in := p.in
	nJ := int32(len(in.Judges))
	n := &network{p: p, nJudge: nJ, root: make([]int32, len(in.Entries)+1),
		sources: make([][]source, len(in.Entries)), decision: make([]int8, len(in.Entries)),
		bonus: make([]int64, len(in.Entries))}

	instOf, catOf, cats := judgeClasses(in)
	nInst := 0
	for _, i := range instOf {
		nInst = max(nInst, int(i)+1)
	}
	// In a split network an institution's judges of the needed category count as an
	// institution of their own (numbered nInst higher).
	instCount := make([]int32, 2*nInst)
	instCat := make([]int32, 2*nInst)
	instNode := make([]int32, 2*nInst)
	instCNode := make([]int32, 2*nInst)
	var touched []int32
	var allowed []listedPair
	var nodes []localNode
	// Size the arc arrays once: an instance of every pair has tens of millions of arcs,
	// and growing them by appending would briefly hold two copies.
	arcs := arcBound(p)
	n.head = make([]int32, 0, arcs)
	n.tail = make([]int32, 0, arcs)
	n.cost = make([]int64, 0, arcs)
	n.rcap = make([]int32, 0, arcs)

	for e, ent := range in.Entries {
		k := p.k[e]
		allowed = allowedJudges(p, e, allowed[:0])
		need := int32(-1)
		if c, ok := cats[ent.NeedCategory]; ok && ent.NeedCategory != "" && k > 0 {
			need = c
		}
		m := int32(ent.MaxPerInstitution)
		capOn := m > 0 && int(m) < k
		splitEntry := false
		instKey := func(j int32) int32 {
			if i := instOf[j]; splitEntry && i >= 0 && catOf[j] == need {
				return i + int32(nInst)
			}
			return instOf[j]
		}
		count := func() {
			for _, t := range touched {
				instCount[t], instCat[t], instNode[t], instCNode[t] = 0, 0, -1, -1
			}
			touched = touched[:0]
			for _, a := range allowed {
				if i := instKey(a.judge); i >= 0 {
					if instCount[i] == 0 {
						touched = append(touched, i)
						instNode[i], instCNode[i] = -1, -1
					}
					instCount[i]++
					if need >= 0 && catOf[a.judge] == need {
						instCat[i]++
					}
				}
			}
		}
		count()
		capped := func(i int32) bool { return i >= 0 && capOn && instCount[i] > m }
		pure := func(i int32) bool { return instCat[i] == instCount[i] }
		if split && need >= 0 && capOn {
			sources, free := 0, false
			for _, a := range allowed {
				if i := instKey(a.judge); catOf[a.judge] == need && (!capped(i) || pure(i)) {
					free = true
				}
			}
			if free {
				sources++
			}
			for _, i := range touched {
				if capped(i) && instCat[i] > 0 && !pure(i) {
					sources++
				}
			}
			if sources >= 2 {
				splitEntry = true
				n.split = append(n.split, e)
				count()
			}
		}

		nodes = append(nodes[:0], localNode{parent: -1})
		newNode := func(parent, cap int32) int32 {
			nodes = append(nodes, localNode{parent: parent, cap: cap})
			return int32(len(nodes) - 1)
		}
		nodeP := int32(-1)
		var srcNodes []int32 // local node of each source, in creation order
		if need >= 0 {
			for _, a := range allowed {
				if i := instKey(a.judge); catOf[a.judge] == need && (!capped(i) || pure(i)) {
					nodeP = newNode(0, int32(k))
					srcNodes = append(srcNodes, nodeP)
					break
				}
			}
		}
		for _, a := range allowed {
			i := instKey(a.judge)
			isC := need >= 0 && catOf[a.judge] == need
			tailNode := int32(0)
			switch {
			case capped(i) && isC && pure(i):
				if instNode[i] < 0 {
					instNode[i] = newNode(nodeP, m)
				}
				tailNode = instNode[i]
			case capped(i):
				if instNode[i] < 0 {
					instNode[i] = newNode(0, m)
				}
				tailNode = instNode[i]
				if isC { // a capped institution mixing categories: its own source
					if instCNode[i] < 0 {
						instCNode[i] = newNode(instNode[i], m)
						srcNodes = append(srcNodes, instCNode[i])
					}
					tailNode = instCNode[i]
				}
			case isC:
				tailNode = nodeP
			}
			nodes[tailNode].arcs = append(nodes[tailNode].arcs, localArc{judge: a.judge, cost: a.cost})
		}

		// Lay the entry's nodes out; each node's arcs are its child group arcs (children
		// are created after their parent) followed by its pair arcs.
		base := int32(len(n.owner))
		n.root[e] = base
		children := make([][]int32, len(nodes))
		for l := 1; l < len(nodes); l++ {
			children[nodes[l].parent] = append(children[nodes[l].parent], int32(l))
		}
		srcArc := make(map[int32]int32, len(srcNodes))
		for l, nd := range nodes {
			n.first = append(n.first, int32(len(n.head)))
			n.owner = append(n.owner, int32(e))
			n.inCap = append(n.inCap, nd.cap)
			n.parentArc = append(n.parentArc, -1)
			for _, c := range children[l] {
				srcArc[c] = int32(len(n.head))
				n.addArc(base+int32(l), base+c, 0, nd.cap)
			}
			for _, a := range nd.arcs {
				n.addArc(base+int32(l), -1-a.judge, a.cost, 1)
			}
		}
		for l := 1; l < len(nodes); l++ {
			n.parentArc[base+int32(l)] = srcArc[int32(l)]
		}
		for _, s := range srcNodes {
			src := source{arc: srcArc[s], best: 1 << 62}
			collectMembers(n, base, nodes, children, s, need, catOf, &src)
			n.sources[e] = append(n.sources[e], src)
		}
		slices.SortStableFunc(n.sources[e], func(a, b source) int { return cmp.Compare(a.best, b.best) })
		n.decision[e] = -1
		if len(n.sources[e]) == 1 {
			n.decision[e] = 0
		}
	}
	n.nSub = int32(len(n.owner))
	n.root[len(in.Entries)] = n.nSub
	n.first = append(n.first, int32(len(n.head)))
	n.sink = n.nSub + nJ
	// Pair arcs were laid with head −1−judge: now that nSub is known, make it a node id.
	for a, h := range n.head {
		if h < 0 {
			n.head[a] = n.nSub + (-1 - h)
		}
	}
	n.ucap = slices.Clone(n.rcap)

	nodesTotal := int(n.sink) + 1
	n.excess = make([]int64, nodesTotal)
	n.pi = make([]int64, nodesTotal)
	n.assigned = make([][]int32, nJ)
	n.tRes = make([]int32, nJ)
	n.tCap = make([]int32, nJ)
	var demand int64
	for _, k := range p.k {
		demand += int64(k)
	}
	for j, jd := range in.Judges {
		n.tCap[j] = int32(jd.MaxLoad - jd.MinLoad)
		n.tRes[j] = n.tCap[j]
		n.excess[n.nSub+int32(j)] = -int64(jd.MinLoad)
		demand -= int64(jd.MinLoad)
	}
	n.excess[n.sink] = -demand
	n.queued = make([]bool, n.nSub)
	n.dij.init(nodesTotal)
	for e := range in.Entries {
		n.setEntry(e, n.decision[e])
	}
	return n
}

// arcBound is an upper bound on the number of arcs of p's network: one per allowed pair,
// plus, for an entry with a cap or a category need, at most one constraint node per
// allowed judge and one more.
func arcBound(p *problem) int {
	in := p.in
	usable := 0
	for _, j := range in.Judges {
		if j.MaxLoad > 0 {
			usable++
		}
	}
	total := 0
	for e, ent := range in.Entries {
		allowed := 0
		if in.OnlyListedPairs {
			allowed = len(p.listed[e])
		} else {
			allowed = usable
		}
		total += allowed
		if ent.MaxPerInstitution > 0 || ent.NeedCategory != "" {
			total += allowed + 1
		}
	}
	return total
}

// collectMembers records in src the pair arcs below local node s that lead to judges of
// the needed category.
func collectMembers(n *network, base int32, nodes []localNode, children [][]int32, s, need int32, catOf []int32, src *source) {
	v := base + s
	for a := n.first[v]; a < int32(len(n.head)) && n.tail[a] == v; a++ {
		if h := n.head[a]; h < 0 {
			if catOf[-1-h] == need {
				src.members = append(src.members, a)
				src.memberCost = append(src.memberCost, n.cost[a])
				src.best = min(src.best, n.cost[a])
			}
		}
	}
	for _, c := range children[s] {
		collectMembers(n, base, nodes, children, c, need, catOf, src)
	}
}

func (n *network) addArc(from, to int32, cost int64, c int32) {
	n.head = append(n.head, to)
	n.tail = append(n.tail, from)
	n.cost = append(n.cost, cost)
	n.rcap = append(n.rcap, c)
}

// judgeClasses numbers the judges' institutions and categories (-1: none) and returns the
// category numbers by name.
func judgeClasses(in *Instance) (instOf, catOf []int32, cats map[string]int32) {
	insts := map[string]int32{}
	cats = map[string]int32{}
	instOf = make([]int32, len(in.Judges))
	catOf = make([]int32, len(in.Judges))
	for j, jd := range in.Judges {
		instOf[j], catOf[j] = -1, -1
		if jd.Institution != "" {
			if _, ok := insts[jd.Institution]; !ok {
				insts[jd.Institution] = int32(len(insts))
			}
			instOf[j] = insts[jd.Institution]
		}
		if jd.Category != "" {
			if _, ok := cats[jd.Category]; !ok {
				cats[jd.Category] = int32(len(cats))
			}
			catOf[j] = cats[jd.Category]
		}
	}
	return instOf, catOf, cats
}

// allowedJudges appends to dst the judges entry e may get, in judge order: the listed
// pairs (or, unless OnlyListedPairs, every judge, unlisted ones at cost 0) less its
// conflicts and the judges whose MaxLoad is 0.
func allowedJudges(p *problem, e int, dst []listedPair) []listedPair {
	judges := p.in.Judges
	conf := p.conflic[e]
	listed := p.listed[e]
	ok := func(j int32) bool {
		if judges[j].MaxLoad == 0 {
			return false
		}
		_, found := slices.BinarySearch(conf, j)
		return !found
	}
	if p.in.OnlyListedPairs {
		for _, l := range listed {
			if ok(l.judge) {
				dst = append(dst, l)
			}
		}
		return dst
	}
	li := 0
	for j := int32(0); j < int32(len(judges)); j++ {
		lp := listedPair{judge: j}
		if li < len(listed) && listed[li].judge == j {
			lp = listed[li]
			li++
		}
		if ok(j) {
			dst = append(dst, lp)
		}
	}
	return dst
}

// setEntry withdraws all flow of entry e, applies decision d (the source that must
// provide its category judge, -1 for none; sources before d are excluded) or, when the
// need is relaxed, the entry's bonus to its category judges, and gives the
// entry's nodes potentials under which every residual arc has a non-negative reduced cost.
// The rest of the network keeps its flow and potentials, so a later run only reroutes
// this entry's judges.
func (n *network) setEntry(e int, d int8) {
	n.decision[e] = d
	lo, hi := n.root[e], n.root[e+1]
	aLo, aHi := n.first[lo], n.first[hi]
	for a := aLo; a < aHi; a++ {
		if flow := n.ucap[a] - n.rcap[a]; flow > 0 && n.isPair(a) {
			n.unassign(a)
			n.excess[n.head[a]] -= int64(flow)
		}
		if n.isPair(a) {
			n.ucap[a] = 1
		} else {
			n.ucap[a] = n.inCap[n.head[a]]
		}
	}
	for v := lo; v < hi; v++ {
		n.excess[v] = 0
	}
	n.excess[lo] = int64(n.p.k[e])
	for s, src := range n.sources[e] {
		for i, a := range src.members {
			n.cost[a] = src.memberCost[i]
			if d < 0 {
				n.cost[a] -= n.bonus[e]
			}
		}
		switch {
		case int8(s) == d:
			n.ucap[src.arc]--
			n.excess[n.tail[src.arc]]--
			n.excess[n.head[src.arc]]++
		case int8(s) < d:
			for _, a := range src.members {
				n.ucap[a] = 0
			}
		}
	}
	copy(n.rcap[aLo:aHi], n.ucap[aLo:aHi])
	for v := lo; v < hi; v++ {
		if n.excess[v] > 0 && !n.queued[v] {
			n.queued[v] = true
			n.active = append(n.active, v)
		}
	}

	// Potentials: bottom up, the least value keeping every residual arc out of a node
	// non-negative (children are numbered after their parents); a node with no residual
	// arc out then takes its parent's value, top down.
	const unset = -1 << 63
	for v := hi - 1; v >= lo; v-- {
		best := int64(unset)
		for a := n.first[v]; a < n.first[v+1]; a++ {
			if n.rcap[a] > 0 && n.pi[n.head[a]] != unset {
				best = max(best, n.pi[n.head[a]]-n.cost[a])
			}
		}
		n.pi[v] = best
	}
	if n.pi[lo] == unset {
		n.pi[lo] = 0
	}
	for v := lo + 1; v < hi; v++ {
		if n.pi[v] == unset {
			n.pi[v] = n.pi[n.tail[n.parentArc[v]]]
		}
	}
}

// unassign removes pair arc a from its judge's list of assigned arcs.
func (n *network) unassign(a int32) {
	j := n.head[a] - n.nSub
	l := n.assigned[j]
	i := slices.Index(l, a)
	l[i] = l[len(l)-1]
	n.assigned[j] = l[:len(l)-1]
}
