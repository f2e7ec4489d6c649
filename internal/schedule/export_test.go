package schedule

// Bounds returns bounds 1, 2 and 3 of upperBound (on the meetings besides the fixed
// ones) for the event, and half the maximum flow value of bound 3 before rounding down,
// so tests can check each against other solvers.
func Bounds(ev Event) (meetings, slots, flow int, halfFlow float64, err error) {
	p, err := compile(&ev)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	b := upperBound(p)
	return b.meetings, b.slots, b.flow, float64(b.units) / 2, nil
}

// MaxFlow returns the maximum flow value from node 0 to node n−1 of the network with n
// nodes and the given arcs (from, to, capacity), computed by the package's Dinic.
func MaxFlow(n int, arcs [][3]int) int64 {
	g := newNetwork(n, len(arcs))
	for _, a := range arcs {
		g.addArc(int32(a[0]), int32(a[1]), int32(a[2]))
	}
	return g.maxFlow(0, int32(n-1))
}
