package schedule

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// state is a timetable under construction: every change goes through place and unplace,
// which log it so that a chain of changes can be undone.
type state struct {
	pr      *problem
	slot    []int32   // per meeting: its slot, or −1
	at      []int32   // per participant × slot: the meeting there, or −1
	load    []int32   // per slot: pool meetings there (fixed ones included)
	members [][]int32 // per slot: the pool meetings there that are not fixed
	pos     []int32   // per meeting: its index in members[slot]
	total   int64     // priorities of the placed meetings
	count   int       // placed meetings
	undo    []change
	lock    []uint32 // per meeting: the chain that placed it, which must not push it out
	chainID uint32
	rng     *rand.Rand
	low     []int32 // per slot: the lowest priority of its pool meetings, once final

	// The breadth-first search of augment: seen[m] == bfsID marks a meeting reached,
	// through via[m] moving into viaSlot[m]; cursor[s] is how much of members[s] the
	// search has reached.
	bfsID   uint32
	seen    []uint32
	via     []int32
	viaSlot []int32
	cursor  []int32
	queue   []int32
	moves   []change // a path to apply: meeting, slot to go to
	todo    []int32  // the meetings a kick repairs
	pinned  int32    // the meeting a kick placed, which its repair must not move, or −1
	floor   int32    // see setFloor; 0 when unknown

	byParticipant [][]int32 // per participant: their meetings that are not fixed
}

// change records that meeting m was at slot from (−1: unscheduled) before a change.
type change struct{ m, from int32 }

// newState returns the timetable of the fixed placements alone, with the search's
// random source for seed.
func newState(p *problem, seed uint64) *state {
	st := &state{pr: p, slot: make([]int32, p.nM), at: make([]int32, p.nP*p.nS),
		load: make([]int32, p.nS), members: make([][]int32, p.nS), pos: make([]int32, p.nM),
		lock: make([]uint32, p.nM), rng: newRand(seed), pinned: -1,
		seen: make([]uint32, p.nM), via: make([]int32, p.nM), viaSlot: make([]int32, p.nM), cursor: make([]int32, p.nS)}
	for i := range st.slot {
		st.slot[i] = -1
	}
	for i := range st.at {
		st.at[i] = -1
	}
	st.byParticipant = make([][]int32, p.nP)
	for m := range p.nM {
		if s := p.fixedSlot[m]; s >= 0 {
			st.place(int32(m), s)
		} else if len(p.common[m]) > 0 {
			st.byParticipant[p.a[m]] = append(st.byParticipant[p.a[m]], int32(m))
			st.byParticipant[p.b[m]] = append(st.byParticipant[p.b[m]], int32(m))
		}
	}
	st.undo = st.undo[:0]
	return st
}

// place puts meeting m at slot s, logged for rollback.
func (st *state) place(m, s int32) {
	st.undo = append(st.undo, change{m, -1})
	st.put(m, s)
}

// unplace takes meeting m out of its slot, logged for rollback.
func (st *state) unplace(m int32) {
	st.undo = append(st.undo, change{m, st.slot[m]})
	st.take(m)
}

// put places m at s without logging.
func (st *state) put(m, s int32) {
	p := st.pr
	st.slot[m] = s
	st.at[int(p.a[m])*p.nS+int(s)] = m
	st.at[int(p.b[m])*p.nS+int(s)] = m
	if p.pool[m] {
		st.load[s]++
		if p.fixedSlot[m] < 0 {
			st.pos[m] = int32(len(st.members[s]))
			st.members[s] = append(st.members[s], m)
		}
	}
	st.total += int64(p.prio[m])
	st.count++
}

// take removes m from its slot without logging.
func (st *state) take(m int32) {
	p := st.pr
	s := st.slot[m]
	st.slot[m] = -1
	st.at[int(p.a[m])*p.nS+int(s)] = -1
	st.at[int(p.b[m])*p.nS+int(s)] = -1
	if p.pool[m] {
		st.load[s]--
		l := st.members[s]
		i, last := st.pos[m], l[len(l)-1]
		l[i], st.pos[last] = last, i
		st.members[s] = l[:len(l)-1]
	}
	st.total -= int64(p.prio[m])
	st.count--
}

// rollback undoes the changes logged after mark.
func (st *state) rollback(mark int) {
	for i := len(st.undo) - 1; i >= mark; i-- {
		c := st.undo[i]
		if st.slot[c.m] >= 0 {
			st.take(c.m)
		}
		if c.from >= 0 {
			st.put(c.m, c.from)
		}
	}
	st.undo = st.undo[:mark]
}

// fits reports whether m can go to slot s as the timetable stands.
func (st *state) fits(m, s int32) bool {
	p := st.pr
	return st.at[int(p.a[m])*p.nS+int(s)] < 0 && st.at[int(p.b[m])*p.nS+int(s)] < 0 &&
		(!p.pool[m] || int(st.load[s]) < p.poolTables)
}

// greedy places the meetings in order of priority, then of the guide's flow through them
// (use, see guide), then of fewest slots not blocked by fixed placements, each into the
// free slot that the meetings still waiting for its two participants want least.
func (st *state) greedy(use []int8) {
	p := st.pr
	var order []int32
	for m := range p.nM {
		if p.fixedSlot[m] < 0 && len(p.common[m]) > 0 {
			order = append(order, int32(m))
		}
	}
	open := make([]int, p.nM) // slots not blocked by a fixed meeting
	tie := make([]uint32, p.nM)
	demand := make([]int32, p.nP*p.nS) // waiting meetings of participant × slot
	for _, m := range order {
		for _, s := range p.common[m] {
			if st.at[int(p.a[m])*p.nS+int(s)] < 0 && st.at[int(p.b[m])*p.nS+int(s)] < 0 {
				open[m]++
			}
			demand[int(p.a[m])*p.nS+int(s)]++
			demand[int(p.b[m])*p.nS+int(s)]++
		}
		tie[m] = st.rng.Uint32()
	}
	slices.SortFunc(order, func(x, y int32) int {
		return cmp.Or(cmp.Compare(p.prio[y], p.prio[x]), cmp.Compare(use[y], use[x]), cmp.Compare(open[x], open[y]), cmp.Compare(tie[x], tie[y]), cmp.Compare(x, y))
	})
	for _, m := range order {
		a, b := int(p.a[m])*p.nS, int(p.b[m])*p.nS
		best, bestScore, bestLoad := int32(-1), int32(0), int32(0)
		for _, s := range p.common[m] {
			demand[a+int(s)]--
			demand[b+int(s)]--
			if !st.fits(m, int32(s)) {
				continue
			}
			score := demand[a+int(s)] + demand[b+int(s)]
			if best < 0 || score < bestScore || score == bestScore && st.load[s] < bestLoad {
				best, bestScore, bestLoad = int32(s), score, st.load[s]
			}
		}
		if best >= 0 {
			st.put(m, best)
		}
	}
}

// fill places every unscheduled meeting that fits somewhere as the timetable stands, so
// that the timetable is maximal and every reason names what is in the way.
func (st *state) fill() {
	p := st.pr
	for m := range int32(p.nM) {
		if st.slot[m] >= 0 || p.a[m] < 0 {
			continue
		}
		for _, s := range p.common[m] {
			if st.fits(m, int32(s)) {
				st.put(m, int32(s))
				break
			}
		}
	}
	st.undo = st.undo[:0]
}
