package assign

// The min-cost flow: successive shortest paths from each node with excess to the nearest
// node with unmet demand, Dijkstra on reduced costs c(u,v) + π(u) − π(v), which stay
// non-negative on every residual arc. Dijkstra stops at the first node with unmet demand
// it settles (t); only settled nodes v change potential, by d(v) − d(t), which keeps
// every reduced cost non-negative and makes the path's arcs tight, so the flow is always
// optimal for the demands it has met. A node whose Dijkstra reaches no unmet demand is
// stuck: the nodes it reaches form a closed set that no later augmentation enters, so its
// excess can never be routed and the instance (as the network stands) is infeasible.
//
// Arcs on a path are coded as int32: a ≥ 0 below len(head) is arc a forward;
// len(head)+j is judge j's arc to the sink; −1−c is the reverse of code c.

type heapItem struct {
	d int64
	v int32
}

type dijkstra struct {
	dist    []int64
	parent  []int32
	seen    []uint32 // dist[v] is valid when seen[v] == epoch
	done    []uint32 // v is settled when done[v] == epoch
	epoch   uint32
	heap    []heapItem
	settled []int32
}

func (d *dijkstra) init(nodes int) {
	d.dist = make([]int64, nodes)
	d.parent = make([]int32, nodes)
	d.seen = make([]uint32, nodes)
	d.done = make([]uint32, nodes)
}

func (d *dijkstra) push(it heapItem) {
	h := append(d.heap, it)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].d <= it.d {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = it
	d.heap = h
}

func (d *dijkstra) pop() heapItem {
	h := d.heap
	top := h[0]
	last := h[len(h)-1]
	h = h[:len(h)-1]
	i, n := 0, len(h)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1].d < h[c].d {
			c++
		}
		if last.d <= h[c].d {
			break
		}
		h[i] = h[c]
		i = c
	}
	if n > 0 {
		h[i] = last
	}
	d.heap = h
	return top
}

// relax offers v the distance du + rc over the arc coded code.
func (n *network) relax(du int64, u, v int32, cost int64, code int32) {
	d := &n.dij
	if d.done[v] == d.epoch {
		return
	}
	nd := du + cost + n.pi[u] - n.pi[v]
	if d.seen[v] != d.epoch || nd < d.dist[v] {
		d.seen[v] = d.epoch
		d.dist[v] = nd
		d.parent[v] = code
		d.push(heapItem{nd, v})
	}
}

// shortestPath runs Dijkstra from s to the nearest node with unmet demand, updates the
// potentials and returns that node, or -1 when none is reachable.
func (n *network) shortestPath(s int32) int32 {
	d := &n.dij
	d.epoch++
	if d.epoch == 0 { // wrapped: clear the stamps
		clear(d.seen)
		clear(d.done)
		d.epoch = 1
	}
	d.heap = d.heap[:0]
	d.settled = d.settled[:0]
	d.seen[s] = d.epoch
	d.dist[s] = 0
	d.push(heapItem{0, s})
	nArcs := int32(len(n.head))
	target := int32(-1)
	for len(d.heap) > 0 {
		it := d.pop()
		u := it.v
		if d.done[u] == d.epoch || it.d > d.dist[u] {
			continue
		}
		d.done[u] = d.epoch
		d.settled = append(d.settled, u)
		if n.excess[u] < 0 {
			target = u
			break
		}
		du := it.d
		switch {
		case u < n.nSub:
			for a := n.first[u]; a < n.first[u+1]; a++ {
				if n.rcap[a] > 0 {
					n.relax(du, u, n.head[a], n.cost[a], a)
				}
			}
			if pa := n.parentArc[u]; pa >= 0 && n.ucap[pa] > n.rcap[pa] {
				n.relax(du, u, n.tail[pa], -n.cost[pa], -1-pa)
			}
		case u < n.sink:
			j := u - n.nSub
			for _, a := range n.assigned[j] {
				n.relax(du, u, n.tail[a], -n.cost[a], -1-a)
			}
			if n.tRes[j] > 0 {
				n.relax(du, u, n.sink, 0, nArcs+j)
			}
		default:
			for j := int32(0); j < n.nJudge; j++ {
				if n.tCap[j] > n.tRes[j] {
					n.relax(du, u, n.nSub+j, 0, -1-(nArcs+j))
				}
			}
		}
	}
	if target < 0 {
		return -1
	}
	dt := d.dist[target]
	for _, v := range d.settled {
		n.pi[v] += d.dist[v] - dt
	}
	return target
}

// residual returns the residual capacity of the arc coded c and the node it leaves.
func (n *network) residual(c int32) (r int64, from int32) {
	nArcs := int32(len(n.head))
	switch {
	case c >= nArcs:
		j := c - nArcs
		return int64(n.tRes[j]), n.nSub + j
	case c >= 0:
		return int64(n.rcap[c]), n.tail[c]
	}
	r0 := -1 - c
	if r0 >= nArcs {
		j := r0 - nArcs
		return int64(n.tCap[j] - n.tRes[j]), n.sink
	}
	return int64(n.ucap[r0] - n.rcap[r0]), n.head[r0]
}

// push sends delta along the arc coded c.
func (n *network) push(c int32, delta int32) {
	nArcs := int32(len(n.head))
	switch {
	case c >= nArcs:
		n.tRes[c-nArcs] -= delta
	case c >= 0:
		n.rcap[c] -= delta
		if n.isPair(c) {
			j := n.head[c] - n.nSub
			n.assigned[j] = append(n.assigned[j], c)
		}
	default:
		r := -1 - c
		if r >= nArcs {
			n.tRes[r-nArcs] += delta
			return
		}
		n.rcap[r] += delta
		if n.isPair(r) {
			n.unassign(r)
		}
	}
}

// augment sends as much as the path from s to t (found by shortestPath) carries.
func (n *network) augment(s, t int32) {
	delta := min(n.excess[s], -n.excess[t])
	for v := t; v != s; {
		r, from := n.residual(n.dij.parent[v])
		delta = min(delta, r)
		v = from
	}
	for v := t; v != s; {
		c := n.dij.parent[v]
		_, from := n.residual(c)
		n.push(c, int32(delta))
		v = from
	}
	n.excess[s] -= delta
	n.excess[t] += delta
}

// run routes the excess of every active node and returns the nodes left with excess
// (none when the network's demands are all met). Stuck nodes stay active, so a later run
// tries them again after entries change.
func (n *network) run() []int32 {
	var stuck []int32
	for _, v := range n.active {
		n.queued[v] = false
		for n.excess[v] > 0 {
			t := n.shortestPath(v)
			if t < 0 {
				stuck = append(stuck, v)
				break
			}
			n.augment(v, t)
		}
	}
	n.active = append(n.active[:0], stuck...)
	for _, v := range stuck {
		n.queued[v] = true
	}
	return stuck
}

// totalCost is the cost of the current flow: the sum of the costs of assigned pairs.
func (n *network) totalCost() int64 {
	var c int64
	for _, l := range n.assigned {
		for _, a := range l {
			c += n.cost[a]
		}
	}
	return c
}
