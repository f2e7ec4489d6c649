package schedule

import (
	"cmp"
	"slices"
	"time"
)

// chainLength bounds the steps of one ejection chain.
const chainLength = 40

// victimSamples is how many pool meetings of a full slot blockers looks at to choose the
// one to push out.
const victimSamples = 4

// kickPatience is how many kicks in a row may fail to find a better timetable before
// the search stops; kickReach bounds the breadth-first searches of a kick's repair for
// the meetings pushed out, kickNearby for the other meetings it tries.
const (
	kickPatience = 2000
	kickReach    = 300
	kickNearby   = 20
)

// improve improves the greedy timetable in two phases, and reports whether the
// deadline (when not zero) stopped it. Both stop once the total priority reaches bound
// or iterations attempts have been made; each augmenting search, chain or kick is one.
//
// The first phase runs rounds over the unscheduled meetings, highest priority first,
// trying an augmenting path and then an ejection chain for each, until a round changes
// nothing twice in a row: a local optimum. The second is an iterated local search: a
// kick forces a random unscheduled meeting in and repairs around it, and is kept when
// the timetable is no worse, so the search walks across timetables of equal value to
// find a way up. It stops after kickPatience kicks without a new best, and the best
// timetable seen is the result.
func (st *state) improve(iterations int, deadline time.Time, bound int64) (timedOut bool) {
	p := st.pr
	var cand []int32
	for m := range p.nM {
		if p.fixedSlot[m] < 0 && len(p.common[m]) > 0 {
			cand = append(cand, int32(m))
		}
	}
	if len(cand) == 0 {
		return false
	}
	slices.SortStableFunc(cand, func(x, y int32) int { return cmp.Compare(p.prio[y], p.prio[x]) })
	done := 0
	// spend counts one attempt and reports whether the search must stop.
	spend := func() bool {
		if st.total >= bound || done >= iterations {
			return true
		}
		if done++; done&63 == 0 && !deadline.IsZero() && time.Now().After(deadline) {
			timedOut = true
			return true
		}
		return false
	}
	for stale := 0; stale < 2; {
		st.setFloor()
		improved := false
		for _, m := range cand {
			if st.slot[m] >= 0 {
				continue
			}
			if spend() {
				return timedOut
			}
			if st.augment(m, 0) || st.chain(m) {
				improved = true
			}
		}
		if improved {
			stale = 0
		} else {
			stale++
		}
	}

	st.floor = 0 // kicks change the timetable too much for a floor to stay right
	best := slices.Clone(st.slot)
	bestTotal, bestCount := st.total, st.count
	defer func() {
		if better(bestTotal, int64(bestCount), st.total, int64(st.count)) {
			st.restore(best)
		}
	}()
	for since := 0; since < kickPatience; since++ {
		m := cand[st.rng.IntN(len(cand))]
		for try := 0; st.slot[m] >= 0 && try < 8; try++ {
			m = cand[st.rng.IntN(len(cand))]
		}
		if st.slot[m] >= 0 {
			continue
		}
		if spend() {
			return timedOut
		}
		st.kick(m, cand)
		if better(st.total, int64(st.count), bestTotal, int64(bestCount)) {
			copy(best, st.slot)
			bestTotal, bestCount, since = st.total, st.count, 0
		}
	}
	return false
}

// restore makes slot (a copy of st.slot taken earlier) the timetable again.
func (st *state) restore(slot []int32) {
	p := st.pr
	for m := range int32(p.nM) {
		if st.slot[m] >= 0 && p.fixedSlot[m] < 0 {
			st.take(m)
		}
	}
	for m := range int32(p.nM) {
		if slot[m] >= 0 && p.fixedSlot[m] < 0 {
			st.put(m, slot[m])
		}
	}
	st.undo = st.undo[:0]
}

// kick forces the unscheduled meeting m0 into one of its slots at random, pushing out
// what is in its way, then repairs around it: the meetings pushed out (by an augmenting
// path, or an ejection chain, which sees how its own moves free the way), then the
// other unscheduled meetings of their participants, who may now be free at that slot,
// and, if a pool table came free there, of the pool meetings that could use it, highest
// priority first. It keeps the result if the timetable is no worse than before, and
// undoes it otherwise.
func (st *state) kick(m0 int32, cand []int32) {
	p := st.pr
	common := p.common[m0]
	s := int32(common[st.rng.IntN(len(common))])
	st.chainID++
	var bl [3]int32
	n, _, ok := st.blockers(m0, s, &bl)
	if !ok {
		return
	}
	total, count, load := st.total, st.count, st.load[s]
	mark := len(st.undo)
	for _, x := range bl[:n] {
		st.unplace(x)
	}
	st.place(m0, s)
	st.pinned = m0
	defer func() { st.pinned = -1 }()
	st.bfsID++
	todo := st.todo[:0]
	add := func(m int32) {
		if st.slot[m] < 0 && st.seen[m] != st.bfsID {
			st.seen[m] = st.bfsID
			todo = append(todo, m)
		}
	}
	for _, x := range bl[:n] {
		for _, m := range st.byParticipant[p.a[x]] {
			add(m)
		}
		for _, m := range st.byParticipant[p.b[x]] {
			add(m)
		}
	}
	if st.load[s] < load {
		for i := 0; i < len(cand) && len(todo) < 4*kickNearby; i++ {
			if m := cand[i]; p.pool[m] && slices.Contains(p.common[m], int16(s)) {
				add(m)
			}
		}
	}
	slices.SortStableFunc(todo, func(x, y int32) int { return cmp.Compare(p.prio[y], p.prio[x]) })
	for _, m := range bl[:n] {
		if st.slot[m] < 0 && !st.augment(m, kickReach) {
			st.chain(m)
		}
	}
	for _, m := range todo {
		if st.slot[m] < 0 {
			st.augment(m, kickNearby)
		}
	}
	st.todo = todo
	if better(total, int64(count), st.total, int64(st.count)) {
		st.rollback(mark)
	}
	st.undo = st.undo[:0]
}

// better reports whether (gain, added) beats (bestGain, bestAdded): more priority, or as
// much with more meetings.
func better(gain, added, bestGain, bestAdded int64) bool {
	return gain > bestGain || gain == bestGain && added > bestAdded
}

// chain tries to place the unscheduled meeting m0 by an ejection chain: m0 goes to the
// slot where what is in its way (see blockers) has the least priority, ties broken at
// random; the most valuable meeting pushed out then does the same, never straight back
// to the slot it left, while any other goes to a free slot if it has one or stays out;
// and so on, until a meeting lands in a free slot, finds no slot, or chainLength steps
// have been made. Unlike augment, each step sees the moves before it. The best prefix of
// the chain is kept if it improves the timetable (more priority, or as much with more
// meetings) and the rest undone; chain reports whether anything was kept.
func (st *state) chain(m0 int32) bool {
	p := st.pr
	mark := len(st.undo)
	st.chainID++
	var gain, added, bestGain, bestAdded int64
	bestMark := mark
	cur, banned := m0, int32(-1)
	var bl, bestBl [3]int32
	for range chainLength {
		bestS, bestN, bestCost, ties := int32(-1), 0, int64(0), 0
		for _, s16 := range p.common[cur] {
			s := int32(s16)
			if s == banned {
				continue
			}
			n, cost, ok := st.blockers(cur, s, &bl)
			if !ok {
				continue
			}
			switch {
			case bestS < 0 || cost < bestCost || cost == bestCost && n < bestN:
				ties = 1
			case cost == bestCost && n == bestN:
				if ties++; st.rng.IntN(ties) != 0 {
					continue
				}
			default:
				continue
			}
			bestS, bestN, bestCost, bestBl = s, n, cost, bl
		}
		if bestS < 0 {
			break
		}
		for _, x := range bestBl[:bestN] {
			st.unplace(x)
		}
		st.place(cur, bestS)
		st.lock[cur] = st.chainID
		gain += int64(p.prio[cur]) - bestCost
		added += 1 - int64(bestN)
		if bestN == 0 {
			if better(gain, added, bestGain, bestAdded) {
				bestGain, bestAdded, bestMark = gain, added, len(st.undo)
			}
			break
		}
		// The chain follows the most valuable meeting pushed out; any other goes back
		// into a free slot if it finds one, or stays out.
		out := bestBl[:bestN]
		slices.SortFunc(out, func(x, y int32) int { return cmp.Compare(p.prio[y], p.prio[x]) })
		for _, x := range out[1:] {
			for _, s := range p.common[x] {
				if int32(s) != bestS && st.fits(x, int32(s)) {
					st.place(x, int32(s))
					gain += int64(p.prio[x])
					added++
					break
				}
			}
		}
		if better(gain, added, bestGain, bestAdded) {
			bestGain, bestAdded, bestMark = gain, added, len(st.undo)
		}
		cur, banned = out[0], bestS
	}
	st.rollback(bestMark)
	return bestMark > mark
}

// blockers lists in bl the meetings that must leave slot s for m to go there: the other
// meetings of its participants and, when s has no pool table left for a pool meeting,
// the lowest-priority one of a few pool meetings of s drawn at random. It returns their
// number and total priority, or ok false when a fixed meeting, or one placed earlier in
// the current chain, is in the way.
func (st *state) blockers(m, s int32, bl *[3]int32) (n int, cost int64, ok bool) {
	p := st.pr
	poolOut := int32(0)
	for _, x := range [2]int32{st.at[int(p.a[m])*p.nS+int(s)], st.at[int(p.b[m])*p.nS+int(s)]} {
		if x < 0 || n == 1 && bl[0] == x {
			continue
		}
		if p.fixedSlot[x] >= 0 || st.lock[x] == st.chainID || x == st.pinned {
			return 0, 0, false
		}
		bl[n] = x
		n++
		cost += int64(p.prio[x])
		if p.pool[x] {
			poolOut++
		}
	}
	if !p.pool[m] || int(st.load[s]-poolOut) < p.poolTables {
		return n, cost, true
	}
	l := st.members[s]
	victim := int32(-1)
	for range min(victimSamples, len(l)) {
		x := l[st.rng.IntN(len(l))]
		if st.lock[x] == st.chainID || x == st.pinned || n > 0 && bl[0] == x || n > 1 && bl[1] == x {
			continue
		}
		if victim < 0 || p.prio[x] < p.prio[victim] {
			victim = x
		}
	}
	if victim < 0 {
		return 0, 0, false
	}
	bl[n] = victim
	return n + 1, cost + int64(p.prio[victim]), true
}

// augment looks for an augmenting path from the unscheduled meeting m0 by breadth-first
// search: m0 goes into a slot where exactly one meeting is in its way (the other meeting
// of one participant, or a pool meeting of a full slot), that meeting moves to another
// slot where one meeting is in its way, and so on, until a meeting finds a free slot (a
// gain of m0's priority) or, failing that, the lowest-priority meeting reached, if below
// m0's, is left out instead. Each meeting is reached once, so a search costs at most the
// placed meetings times the slots; limit, when positive, stops it after that many
// meetings. The path found ignores how its own moves interact; it is applied and kept
// only if every move still fits.
func (st *state) augment(m0 int32, limit int) bool {
	p := st.pr
	// Without a free table anywhere and without booths, no meeting can find a free
	// slot: the search can only end by leaving out a meeting of lower priority.
	dropOnly := st.floor > 0 && p.poolTables == p.tables && !slices.ContainsFunc(st.load, func(l int32) bool { return int(l) < p.poolTables })
	if dropOnly && p.prio[m0] <= st.floor {
		return false
	}
	st.bfsID++
	id := st.bfsID
	st.seen[m0] = id
	st.queue = append(st.queue[:0], m0)
	for s := range st.cursor {
		st.cursor[s] = 0
	}
	best, term, termSlot := int32(-1), int32(-1), int32(-1)
	for i := 0; i < len(st.queue) && term < 0 && (limit <= 0 || i < limit); i++ {
		cur := st.queue[i]
		if cur != m0 && p.prio[cur] < p.prio[m0] && (best < 0 || p.prio[cur] < p.prio[best]) {
			if best = cur; dropOnly && p.prio[cur] <= st.floor {
				break
			}
		}
		common := p.common[cur]
		off := st.rng.IntN(len(common))
		for k := range common {
			s := int32(common[(k+off)%len(common)])
			if s == st.slot[cur] {
				continue
			}
			x, y := st.at[int(p.a[cur])*p.nS+int(s)], st.at[int(p.b[cur])*p.nS+int(s)]
			if x >= 0 && y >= 0 || x >= 0 && st.held(x) || y >= 0 && st.held(y) {
				continue
			}
			v := max(x, y) // the one meeting in the way, or −1
			full := p.pool[cur] && int(st.load[s]) >= p.poolTables && (v < 0 || !p.pool[v])
			switch {
			case v < 0 && !full:
				term, termSlot = cur, s
			case v >= 0 && !full:
				if st.seen[v] != id {
					st.seen[v], st.via[v], st.viaSlot[v] = id, cur, s
					st.queue = append(st.queue, v)
				}
			case v < 0 && full:
				l := st.members[s]
				for _, w := range l[st.cursor[s]:] {
					if st.seen[w] != id && w != st.pinned {
						st.seen[w], st.via[w], st.viaSlot[w] = id, cur, s
						st.queue = append(st.queue, w)
					}
				}
				st.cursor[s] = int32(len(l))
			}
			if term >= 0 {
				break
			}
		}
	}
	end := term
	if end < 0 {
		if end = best; end < 0 {
			return false
		}
	}
	// Take every meeting of the path out, then put each where the path sends it.
	mark := len(st.undo)
	st.moves = st.moves[:0]
	if term >= 0 {
		st.moves = append(st.moves, change{term, termSlot})
	}
	for n := end; n != m0; n = st.via[n] {
		st.moves = append(st.moves, change{st.via[n], st.viaSlot[n]})
		st.unplace(n)
	}
	for _, mv := range st.moves {
		if !st.fits(mv.m, mv.from) {
			st.rollback(mark)
			return false
		}
		st.place(mv.m, mv.from)
	}
	return true
}

// setFloor sets floor to the lowest priority of the placed meetings that are not fixed
// (0 when there is none), for augment.
func (st *state) setFloor() {
	p := st.pr
	st.floor = 0
	for m, s := range st.slot {
		if s >= 0 && p.fixedSlot[m] < 0 && (st.floor == 0 || p.prio[m] < st.floor) {
			st.floor = p.prio[m]
		}
	}
}

// held reports whether meeting x must stay where it is: it is fixed, or it is the
// meeting a kick is trying.
func (st *state) held(x int32) bool { return st.pr.fixedSlot[x] >= 0 || x == st.pinned }
