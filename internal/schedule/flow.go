package schedule

// network is a flow network for Dinic's maximum-flow algorithm. Arcs are stored in
// pairs: arc e and its reverse e^1.
type network struct {
	head  []int32 // per node: its first arc, or −1
	next  []int32 // per arc: the next arc of its tail, or −1
	to    []int32
	cap   []int32 // residual capacity
	level []int32
	iter  []int32
	queue []int32
}

func newNetwork(nodes, arcs int) *network {
	g := &network{head: make([]int32, nodes), next: make([]int32, 0, 2*arcs),
		to: make([]int32, 0, 2*arcs), cap: make([]int32, 0, 2*arcs)}
	for i := range g.head {
		g.head[i] = -1
	}
	return g
}

// addNode adds a node and returns its index.
func (g *network) addNode() int32 {
	g.head = append(g.head, -1)
	return int32(len(g.head) - 1)
}

// addArc adds an arc u → v of capacity c (and its reverse of capacity 0).
func (g *network) addArc(u, v, c int32) {
	g.to = append(g.to, v, u)
	g.cap = append(g.cap, c, 0)
	e := int32(len(g.to) - 2)
	g.next = append(g.next, g.head[u], g.head[v])
	g.head[u], g.head[v] = e, e+1
}

// maxFlow returns the value of a maximum flow from s to t, leaving it in the residual
// capacities.
func (g *network) maxFlow(s, t int32) int64 {
	n := len(g.head)
	g.level = make([]int32, n)
	g.iter = make([]int32, n)
	var flow int64
	for g.bfs(s, t) {
		copy(g.iter, g.head)
		for {
			f := g.dfs(s, t, 1<<30)
			if f == 0 {
				break
			}
			flow += int64(f)
		}
	}
	return flow
}

// bfs labels the nodes with their distance from s in the residual network and reports
// whether t is reachable.
func (g *network) bfs(s, t int32) bool {
	for i := range g.level {
		g.level[i] = -1
	}
	g.level[s] = 0
	g.queue = append(g.queue[:0], s)
	for i := 0; i < len(g.queue); i++ {
		u := g.queue[i]
		for e := g.head[u]; e >= 0; e = g.next[e] {
			if v := g.to[e]; g.cap[e] > 0 && g.level[v] < 0 {
				g.level[v] = g.level[u] + 1
				g.queue = append(g.queue, v)
			}
		}
	}
	return g.level[t] >= 0
}

// dfs pushes up to f units from u to t along arcs that go one level down, and returns
// how many it pushed. The levels bound the depth by the number of layers of the network.
func (g *network) dfs(u, t int32, f int32) int32 {
	if u == t {
		return f
	}
	for ; g.iter[u] >= 0; g.iter[u] = g.next[g.iter[u]] {
		e := g.iter[u]
		v := g.to[e]
		if g.cap[e] <= 0 || g.level[v] != g.level[u]+1 {
			continue
		}
		if d := g.dfs(v, t, min(f, g.cap[e])); d > 0 {
			g.cap[e] -= d
			g.cap[e^1] += d
			return d
		}
	}
	return 0
}
