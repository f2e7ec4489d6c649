package schedule_test

import (
	"math/rand/v2"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/schedule"
	"github.com/haizhi-dev/haizhi/internal/schedule/scheduletest"
)

// optimum finds by exhaustive search the largest number of meetings and, separately,
// the largest total priority that any timetable of ev can hold. It tries every slot (or
// none) for every meeting that is not fixed, so it is for tiny events only.
func optimum(ev schedule.Event) (count, priority int) {
	slot := map[string]int{}
	for i, s := range ev.Slots {
		slot[s] = i
	}
	type person struct {
		avail []bool
		booth bool
	}
	people := map[string]*person{}
	booths := 0
	for _, pt := range ev.Participants {
		x := &person{avail: make([]bool, len(ev.Slots)), booth: pt.Booth > 0}
		for _, s := range pt.Available {
			x.avail[slot[s]] = true
		}
		people[pt.ID] = x
		if x.booth {
			booths++
		}
	}
	pool := ev.Tables - booths
	type meeting struct {
		a, b     *person
		prio     int
		pool     bool
		fixed    int
		busyA    []bool
		busyB    []bool
		priority int
	}
	busy := map[*person][]bool{}
	for _, x := range people {
		busy[x] = make([]bool, len(ev.Slots))
	}
	load := make([]int, len(ev.Slots))
	fixed := map[string]int{}
	for _, f := range ev.Fixed {
		fixed[f.Meeting] = slot[f.Slot]
	}
	var free []meeting
	baseCount, basePrio := 0, 0
	for _, m := range ev.Meetings {
		a, b := people[m.A], people[m.B]
		if a == nil || b == nil {
			continue
		}
		x := meeting{a: a, b: b, prio: max(m.Priority, 1), pool: !a.booth && !b.booth}
		if s, ok := fixed[m.ID]; ok {
			busy[a][s], busy[b][s] = true, true
			if x.pool {
				load[s]++
			}
			baseCount++
			basePrio += x.prio
			continue
		}
		free = append(free, x)
	}
	var rec func(i, n, pr int)
	rec = func(i, n, pr int) {
		count, priority = max(count, n), max(priority, pr)
		if i == len(free) {
			return
		}
		rec(i+1, n, pr)
		m := free[i]
		for s := range ev.Slots {
			if !m.a.avail[s] || !m.b.avail[s] || busy[m.a][s] || busy[m.b][s] || m.pool && load[s] >= pool {
				continue
			}
			busy[m.a][s], busy[m.b][s] = true, true
			if m.pool {
				load[s]++
			}
			rec(i+1, n+1, pr+m.prio)
			busy[m.a][s], busy[m.b][s] = false, false
			if m.pool {
				load[s]--
			}
		}
	}
	rec(0, baseCount, basePrio)
	return count, priority
}

// TestScheduleExhaustive compares Schedule with exhaustive search on tiny random events:
// the upper bound must hold every time, and the total priority should be optimal.
func TestScheduleExhaustive(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	shapes := []scheduletest.Options{
		{Participants: 4, Meetings: 6, Slots: 3, Tables: 1, Avail: 0.7, MaxPriority: 1},
		{Participants: 5, Meetings: 7, Slots: 3, Tables: 2, Avail: 0.6, MaxPriority: 3},
		{Participants: 6, Meetings: 8, Slots: 2, Tables: 3, Avail: 0.8, MaxPriority: 2, Fixed: 2},
		{Participants: 5, Meetings: 8, Slots: 3, Tables: 2, Avail: 0.7, MaxPriority: 3, Booths: 1, Fixed: 1},
		{Participants: 7, Meetings: 8, Slots: 3, Tables: 3, Avail: 0.5, MaxPriority: 1, Booths: 2, Unknown: 0.1},
		{Participants: 8, Meetings: 9, Slots: 2, Tables: 4, Avail: 0.9, MaxPriority: 1},
	}
	const perShape = 150
	var optimal, boundTight, total int
	for i := range perShape * len(shapes) {
		ev := scheduletest.Random(r, shapes[i%len(shapes)])
		res, err := schedule.Schedule(ev)
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if err := scheduletest.Check(ev, res); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		count, prio := optimum(ev)
		if res.UpperBound < count {
			t.Fatalf("event %d: upper bound %d below the optimum %d\n%+v", i, res.UpperBound, count, ev)
		}
		if res.TotalPriority > prio {
			t.Fatalf("event %d: total priority %d above the optimum %d", i, res.TotalPriority, prio)
		}
		total++
		if res.TotalPriority == prio {
			optimal++
		} else if testing.Verbose() {
			t.Logf("event %d (shape %d): %d of %d", i, i%len(shapes), res.TotalPriority, prio)
		}
		if res.UpperBound == count {
			boundTight++
		}
	}
	t.Logf("%d events: optimal priority in %d, upper bound equal to the most meetings in %d", total, optimal, boundTight)
	if optimal < total*97/100 {
		t.Errorf("optimal priority in only %d of %d events", optimal, total)
	}
}
