package schedule

import (
	"cmp"
	"slices"
)

// bounds are upper bounds over every timetable of an event.
type bounds struct {
	count    int   // on the number of meetings
	priority int64 // on the total priority
	// meetings, slots and flow are bounds 1, 2 and 3 of upperBound, on the meetings
	// besides the fixed ones; units is the maximum flow value F of bound 3.
	meetings, slots, flow int
	units                 int64
	// use is the guide: per meeting, the flow through it (see guide).
	use []int8
}

// upperBound bounds the number of meetings, and the total priority, of any timetable of
// the event. Every bound below is proven for an arbitrary timetable T, so the minimum of
// them holds too.
//
// Notation. T holds every fixed placement; let R be its other meetings. A participant is
// open at slot s when they are available at s and not in a fixed meeting at s. A meeting
// that is not fixed and names known participants is placeable at s when both are open at
// s; U is the set of meetings placeable in at least one slot. For a slot s let o(s) be
// the number of participants open at s with a meeting placeable at s, k(s) the pool
// tables (tables that are nobody's booth) not taken by a fixed meeting at s, b(s) the
// booth owners among the o(s), and c(s) = min(k(s) + b(s), ⌊o(s)/2⌋).
//
// Bound 1, meetings: every meeting of R sits in a slot where it is placeable, so R ⊆ U
// and |R| ≤ |U|.
//
// Bound 2, slots: the meetings of R at s each take two of the o(s) participants and no
// participant is in two of them, so there are at most ⌊o(s)/2⌋; the pool meetings among
// them sit at distinct pool tables free of fixed meetings, at most k(s); every other one
// has a booth owner open at s, each in at most one meeting, at most b(s). So R has at
// most c(s) meetings at s, and |R| ≤ Σ_s c(s).
//
// Bound 3, flow: take the network N with arcs source → L(s) of capacity 2c(s); L(s) →
// ℓ(p, s) of capacity 1 for each p open at s; ℓ(p, s) → in(m, p→q) for each meeting m
// of U between p and q placeable at s; in(m, p→q) → out(m, p→q) of capacity 1; out(m,
// p→q) → r(q, s) for each s where m is placeable; r(q, s) → R(s) of capacity 1; and
// R(s) → sink of capacity 2c(s) (the remaining arcs have capacity 1 too). From R build a
// flow: for each meeting m of R between p and q at slot s send one unit along source,
// L(s), ℓ(p, s), in(m, p→q), out(m, p→q), r(q, s), R(s), sink, and one along the same
// path with p and q swapped. It respects every capacity: L(s) and R(s) carry two units
// per meeting of R at s, at most 2c(s) by bound 2; ℓ(p, s) and r(p, s) carry one unit
// per meeting of p at s, at most one since nobody is in two meetings in a slot; the arc
// in(m, p→q) → out(m, p→q) carries one unit since m is placed once. The flow has value
// 2|R|, so |R| ≤ ⌊F/2⌋ for the maximum flow value F. (N relaxes the timetable twice: the
// two units of a meeting may use different slots, and one may flow without the other.
// It still captures each participant's limit: at most one meeting per open slot, and no
// more than their meetings in U; and each slot's. Since source arcs cap F at 2Σc(s) and
// the in → out arcs at 2|U|, bound 3 is never weaker than bounds 1 and 2; they are kept
// as a cheap check of the network.)
//
// Then |T| ≤ (fixed placements) + min(bound 1, bound 2, bound 3). For the priority:
// priorities are positive, so the priority of R is at most the sum of the |R| largest
// priorities in U, and |R| is at most the bound just proven.
func upperBound(p *problem) bounds {
	var fixed int
	var fixedPrio int64
	open := make([]bool, p.nP*p.nS)
	copy(open, p.avail)
	freeTables := make([]int, p.nS)
	for s := range freeTables {
		freeTables[s] = p.poolTables
	}
	for m := range p.nM {
		if s := int(p.fixedSlot[m]); s >= 0 {
			fixed++
			fixedPrio += int64(p.prio[m])
			open[int(p.a[m])*p.nS+s] = false
			open[int(p.b[m])*p.nS+s] = false
			if p.pool[m] {
				freeTables[s]--
			}
		}
	}
	// placeable[m] lists the slots where meeting m of U is placeable.
	placeable := make([][]int16, p.nM)
	var u []int32
	active := make([]bool, p.nP*p.nS) // open with a meeting placeable there
	for m := range p.nM {
		if p.fixedSlot[m] >= 0 || p.a[m] < 0 {
			continue
		}
		a, b := int(p.a[m])*p.nS, int(p.b[m])*p.nS
		for _, s := range p.common[m] {
			if open[a+int(s)] && open[b+int(s)] {
				placeable[m] = append(placeable[m], s)
				active[a+int(s)], active[b+int(s)] = true, true
			}
		}
		if len(placeable[m]) > 0 {
			u = append(u, int32(m))
		}
	}
	c := make([]int, p.nS)
	slotBound := 0
	for s := range p.nS {
		o, booths := 0, 0
		for q := range p.nP {
			if active[q*p.nS+s] {
				o++
				if p.booth[q] > 0 {
					booths++
				}
			}
		}
		c[s] = min(freeTables[s]+booths, o/2)
		slotBound += c[s]
	}
	units := flowBound(p, u, placeable, active, c)
	flow := int(units / 2)
	rest := min(len(u), slotBound, flow)

	prios := make([]int32, len(u))
	for i, m := range u {
		prios[i] = p.prio[m]
	}
	slices.SortFunc(prios, func(x, y int32) int { return cmp.Compare(y, x) })
	prio := fixedPrio
	for _, x := range prios[:rest] {
		prio += int64(x)
	}
	return bounds{count: fixed + rest, priority: prio, meetings: len(u), slots: slotBound, flow: flow, units: units,
		use: guide(p, u, placeable, active, c)}
}

// flowBound returns the maximum flow value F of the network N of upperBound; bound 3 is
// ⌊F/2⌋.
func flowBound(p *problem, u []int32, placeable [][]int16, active []bool, c []int) int64 {
	g := newFlowNetwork(p, u, placeable, active, c)
	for _, m := range u {
		g.addMeeting(m)
	}
	return g.maxFlow(flowSource, flowSink)
}

// guide returns, per meeting, the units (0, 1 or 2) that a flow in the network N of
// upperBound sends through it, a hint of which meetings a good timetable holds. The flow
// is maximal tier by tier: first through the meetings of the highest priority only, then
// the next priority added without taking flow away from the meetings chosen before, and
// so on; with a single priority it is a maximum flow.
func guide(p *problem, u []int32, placeable [][]int16, active []bool, c []int) []int8 {
	g := newFlowNetwork(p, u, placeable, active, c)
	byPrio := slices.Clone(u)
	slices.SortStableFunc(byPrio, func(x, y int32) int { return cmp.Compare(p.prio[y], p.prio[x]) })
	through := make([][2]int32, len(byPrio))
	for i := 0; i < len(byPrio); {
		j := i
		for j < len(byPrio) && p.prio[byPrio[j]] == p.prio[byPrio[i]] {
			through[j] = g.addMeeting(byPrio[j])
			j++
		}
		g.maxFlow(flowSource, flowSink)
		for _, arcs := range through[i:j] {
			for _, e := range arcs {
				g.cap[e^1] = 0 // flow through a chosen meeting stays
			}
		}
		i = j
	}
	use := make([]int8, p.nM)
	for i, m := range byPrio {
		for _, e := range through[i] {
			if g.cap[e] == 0 {
				use[m]++
			}
		}
	}
	return use
}

const flowSource, flowSink = 0, 1

// flowNetwork is the network N of upperBound under construction.
type flowNetwork struct {
	*network
	p           *problem
	placeable   [][]int16
	left, right []int32 // ℓ(p, s) and r(p, s) per participant × slot, 0 when not active
}

// newFlowNetwork returns N without its meetings: the source and sink arcs of the slots
// and the participants' nodes.
func newFlowNetwork(p *problem, u []int32, placeable [][]int16, active []bool, c []int) *flowNetwork {
	arcs := 2 * p.nS
	for _, m := range u {
		arcs += 2 * (2*len(placeable[m]) + 1)
	}
	g := &flowNetwork{network: newNetwork(2+2*p.nS, arcs+2*len(active)), p: p, placeable: placeable,
		left: make([]int32, len(active)), right: make([]int32, len(active))}
	for s := range p.nS {
		ls, rs := int32(2+s), int32(2+p.nS+s)
		g.addArc(flowSource, ls, int32(2*c[s]))
		g.addArc(rs, flowSink, int32(2*c[s]))
		for q := range p.nP {
			if i := q*p.nS + s; active[i] {
				g.left[i], g.right[i] = g.addNode(), g.addNode()
				g.addArc(ls, g.left[i], 1)
				g.addArc(g.right[i], rs, 1)
			}
		}
	}
	return g
}

// addMeeting adds meeting m's nodes in(m, a→b), out(m, a→b), in(m, b→a), out(m, b→a)
// and their arcs, and returns the two arcs in → out.
func (g *flowNetwork) addMeeting(m int32) [2]int32 {
	p := g.p
	var through [2]int32
	for d, dir := range [2][2]int32{{p.a[m], p.b[m]}, {p.b[m], p.a[m]}} {
		from, to := int(dir[0])*p.nS, int(dir[1])*p.nS
		in, out := g.addNode(), g.addNode()
		through[d] = int32(len(g.to))
		g.addArc(in, out, 1)
		for _, s := range g.placeable[m] {
			g.addArc(g.left[from+int(s)], in, 1)
			g.addArc(out, g.right[to+int(s)], 1)
		}
	}
	return through
}
