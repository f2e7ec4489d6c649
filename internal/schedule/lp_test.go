package schedule_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/haizhi-dev/haizhi/internal/schedule"
	"github.com/haizhi-dev/haizhi/internal/schedule/scheduletest"
)

// row is one constraint of an LP for gonum's simplex: Σ coef·x (+ a slack of sign
// slack, 0 for an equality) = rhs.
type row struct {
	coef  map[int]float64
	slack float64
	rhs   float64
}

// maximise solves max Σ obj·x subject to rows and x ≥ 0 with gonum's simplex. Every
// inequality gets its own slack column.
func maximise(t *testing.T, nx int, obj map[int]float64, rows []row) float64 {
	t.Helper()
	nSlack := 0
	for _, r := range rows {
		if r.slack != 0 {
			nSlack++
		}
	}
	if len(rows) == 0 {
		return 0
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
	for x, v := range obj {
		c[x] = -v
	}
	opt, _, err := lp.Simplex(c, A, b, 1e-10, nil)
	if err != nil {
		t.Fatalf("simplex: %v", err)
	}
	return -opt
}

// TestScheduleMaxFlowMatchesLP checks the Dinic maximum flow that bound 3 uses against gonum's
// simplex on random layered networks: one variable per arc, at most its capacity, flow
// conserved at every inner node, the flow out of the source maximised. Every inner node
// has an arc from the layer before, so the conservation rows are independent.
func TestScheduleMaxFlowMatchesLP(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for i := range 200 {
		layers := 2 + r.IntN(3)
		width := 1 + r.IntN(4)
		n := 2 + layers*width
		node := func(l, k int) int { return 1 + l*width + k }
		var arcs [][3]int
		for k := range width {
			arcs = append(arcs, [3]int{0, node(0, k), r.IntN(4)})
			arcs = append(arcs, [3]int{node(layers-1, k), n - 1, r.IntN(4)})
		}
		for l := 1; l < layers; l++ {
			for k := range width {
				arcs = append(arcs, [3]int{node(l-1, r.IntN(width)), node(l, k), r.IntN(4)})
				for range r.IntN(3) {
					// Extra arcs, backwards or within a layer too, for cycles.
					from := node(r.IntN(layers), r.IntN(width))
					arcs = append(arcs, [3]int{from, node(l, k), r.IntN(4)})
				}
			}
		}
		var rows []row
		obj := map[int]float64{}
		for e, a := range arcs {
			rows = append(rows, row{coef: map[int]float64{e: 1}, slack: 1, rhs: float64(a[2])})
			if a[0] == 0 {
				obj[e]++
			}
			if a[1] == 0 {
				obj[e]--
			}
		}
		for v := 1; v < n-1; v++ {
			c := map[int]float64{}
			for e, a := range arcs {
				if a[0] == v {
					c[e]--
				}
				if a[1] == v {
					c[e]++
				}
			}
			rows = append(rows, row{coef: c})
		}
		want := maximise(t, len(arcs), obj, rows)
		if got := schedule.MaxFlow(n, arcs); math.Abs(float64(got)-want) > 1e-6 {
			t.Fatalf("network %d: Dinic %d, simplex %v\n%v", i, got, want, arcs)
		}
	}
}

// timetableLP solves an LP relaxation of the timetable of ev (which has no fixed
// placements): x(m, s) ≥ 0 for each slot s both sides of m are available in; each
// meeting placed at most once; each participant in at most one meeting per slot; the
// pool meetings of a slot within the pool tables; and all the meetings of a slot within
// c(s) = min(pool tables + booth owners, ⌊participants/2⌋), counting the participants
// with a meeting possible in that slot (bound 2 of package schedule proves these hold
// for every timetable; they are computed here afresh). It maximises the number of
// meetings.
func timetableLP(t *testing.T, ev schedule.Event) float64 {
	t.Helper()
	avail := map[string]map[string]bool{}
	booth := map[string]bool{}
	pool := ev.Tables
	for _, pt := range ev.Participants {
		avail[pt.ID] = map[string]bool{}
		for _, s := range pt.Available {
			avail[pt.ID][s] = true
		}
		if pt.Booth > 0 {
			booth[pt.ID] = true
			pool--
		}
	}
	type key struct{ who, slot string }
	perPerson := map[key]map[int]float64{}
	perSlot := map[string]map[int]float64{}
	allSlot := map[string]map[int]float64{}
	active := map[key]bool{}
	var rows []row
	obj := map[int]float64{}
	nx := 0
	for _, m := range ev.Meetings {
		if avail[m.A] == nil || avail[m.B] == nil {
			continue
		}
		once := map[int]float64{}
		for _, s := range ev.Slots {
			if !avail[m.A][s] || !avail[m.B][s] {
				continue
			}
			x := nx
			nx++
			obj[x], once[x] = 1, 1
			if allSlot[s] == nil {
				allSlot[s] = map[int]float64{}
			}
			allSlot[s][x] = 1
			for _, who := range []string{m.A, m.B} {
				active[key{who, s}] = true
				if perPerson[key{who, s}] == nil {
					perPerson[key{who, s}] = map[int]float64{}
				}
				perPerson[key{who, s}][x] = 1
			}
			if !booth[m.A] && !booth[m.B] {
				if perSlot[s] == nil {
					perSlot[s] = map[int]float64{}
				}
				perSlot[s][x] = 1
			}
		}
		if len(once) > 0 {
			rows = append(rows, row{coef: once, slack: 1, rhs: 1})
		}
	}
	for _, c := range perPerson {
		rows = append(rows, row{coef: c, slack: 1, rhs: 1})
	}
	for _, c := range perSlot {
		rows = append(rows, row{coef: c, slack: 1, rhs: float64(pool)})
	}
	for s, c := range allSlot {
		o, owners := 0, 0
		for k := range active {
			if k.slot == s {
				o++
				if booth[k.who] {
					owners++
				}
			}
		}
		rows = append(rows, row{coef: c, slack: 1, rhs: float64(min(pool+owners, o/2))})
	}
	return maximise(t, nx, obj, rows)
}

// TestScheduleBoundsAgainstLP checks the proofs of upperBound on random small events: the
// LP relaxation of timetableLP (gonum's simplex) bounds the exhaustive optimum, and the
// maximum flow of bound 3, whose network relaxes that LP further (a solution x gives a
// flow of 2x through each meeting and slot), is at least twice its value; bounds 1 and 2
// are never below bound 3.
func TestScheduleBoundsAgainstLP(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	shapes := []scheduletest.Options{
		{Participants: 5, Meetings: 7, Slots: 3, Tables: 1, Avail: 0.7, MaxPriority: 1},
		{Participants: 6, Meetings: 9, Slots: 3, Tables: 2, Avail: 0.7, MaxPriority: 1, Booths: 1},
		{Participants: 7, Meetings: 10, Slots: 2, Tables: 4, Avail: 0.8, MaxPriority: 1},
	}
	for i := range 300 {
		ev := scheduletest.Random(r, shapes[i%len(shapes)])
		meetings, slots, flow, halfFlow, err := schedule.Bounds(ev)
		if err != nil {
			t.Fatal(err)
		}
		relaxed := timetableLP(t, ev)
		best, _ := optimum(ev)
		if float64(best) > relaxed+1e-6 {
			t.Fatalf("event %d: optimum %d above the LP relaxation %v", i, best, relaxed)
		}
		if float64(flow) < math.Floor(relaxed+1e-6) {
			t.Fatalf("event %d: bound 3 is %d, below the LP relaxation %v\n%+v", i, flow, relaxed, ev)
		}
		if float64(halfFlow) < relaxed-1e-6 {
			t.Fatalf("event %d: half the maximum flow is %v, below the LP relaxation %v\n%+v", i, halfFlow, relaxed, ev)
		}
		if meetings < flow || slots < flow {
			t.Fatalf("event %d: bounds 1 and 2 (%d, %d) below bound 3 (%d)", i, meetings, slots, flow)
		}
	}
}
