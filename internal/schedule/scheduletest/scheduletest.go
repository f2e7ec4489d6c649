// Package scheduletest generates matchmaking events and checks timetables, for the tests
// and benchmarks of package schedule and for the generator of `haizhi schedule` files.
package scheduletest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"

	"github.com/haizhi-dev/haizhi/internal/schedule"
)

// Realistic is the benchmark shape: a day of slots (the first half in the
// morning from 09:00, the second in the afternoon from 13:30, 20 minutes each), tables
// tables, participants of whom 60% are there all day (missing a slot now and then for a
// talk or a call), 15% only in the morning, 15% only in the afternoon and 10% for a
// stretch of the day; and meetings accepted between a requester drawn at random and a
// target drawn by popularity (a power law), at most 30 per participant, so that popular
// participants are in demand well beyond their slots. Priorities are 1 (70%), 2 (22%)
// and 3 (8%).
func Realistic(seed uint64, participants, meetings, slots, tables int) schedule.Event {
	r := rand.New(rand.NewPCG(seed, 5))
	ev := schedule.Event{Tables: tables, Seed: seed}
	half := (slots + 1) / 2
	for s := range slots {
		minute := 9*60 + 20*s
		if s >= half {
			minute = 13*60 + 30 + 20*(s-half)
		}
		ev.Slots = append(ev.Slots, fmt.Sprintf("%02d:%02d", minute/60, minute%60))
	}
	for i := range participants {
		pt := schedule.Participant{ID: fmt.Sprintf("p%d", i)}
		lo, hi, miss := 0, slots, 0.08
		switch x := r.Float64(); {
		case x < 0.15:
			hi, miss = half, 0.03
		case x < 0.30:
			lo, miss = half, 0.03
		case x < 0.40:
			n := slots/2 + r.IntN(slots/4+1)
			lo = r.IntN(slots - n + 1)
			hi, miss = lo+n, 0
		}
		for s := lo; s < hi; s++ {
			if r.Float64() >= miss {
				pt.Available = append(pt.Available, ev.Slots[s])
			}
		}
		ev.Participants = append(ev.Participants, pt)
	}
	// Popularity: a random rank per participant, weight rank^−0.8.
	cum := make([]float64, participants)
	total := 0.0
	for i, rank := range r.Perm(participants) {
		total += math.Pow(float64(rank+1), -0.8)
		cum[i] = total
	}
	const maxMeetings = 30
	degree := make([]int, participants)
	seen := map[[2]int]bool{}
	for len(ev.Meetings) < meetings {
		a := r.IntN(participants)
		x := r.Float64() * total
		b := pick(cum, x)
		if a == b || degree[a] >= maxMeetings || degree[b] >= maxMeetings || seen[[2]int{min(a, b), max(a, b)}] {
			continue
		}
		seen[[2]int{min(a, b), max(a, b)}] = true
		degree[a]++
		degree[b]++
		prio := 1
		switch x := r.Float64(); {
		case x < 0.08:
			prio = 3
		case x < 0.30:
			prio = 2
		}
		ev.Meetings = append(ev.Meetings, schedule.Meeting{ID: fmt.Sprintf("m%d", len(ev.Meetings)),
			A: ev.Participants[a].ID, B: ev.Participants[b].ID, Priority: prio})
	}
	return ev
}

// pick returns the first index whose cumulative weight exceeds x.
func pick(cum []float64, x float64) int {
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// Options shape a Random event.
type Options struct {
	Participants, Meetings, Slots, Tables int
	Avail                                 float64 // probability that a participant is available in a slot
	MaxPriority                           int     // priorities are drawn from 1 … MaxPriority
	Booths                                int     // the first Booths participants get tables 1 … Booths as booths
	Fixed                                 int     // fixed placements tried (each kept if possible)
	Unknown                               float64 // probability that a meeting names an unknown participant
}

// Random returns a random valid event; small ones are for comparing with exhaustive
// search.
func Random(r *rand.Rand, o Options) schedule.Event {
	ev := schedule.Event{Tables: o.Tables, Seed: r.Uint64()}
	for s := range o.Slots {
		ev.Slots = append(ev.Slots, fmt.Sprintf("s%d", s))
	}
	for i := range o.Participants {
		pt := schedule.Participant{ID: fmt.Sprintf("p%d", i)}
		for _, s := range ev.Slots {
			if r.Float64() < o.Avail {
				pt.Available = append(pt.Available, s)
			}
		}
		if i < o.Booths {
			pt.Booth = i + 1
		}
		ev.Participants = append(ev.Participants, pt)
	}
	for i := range o.Meetings {
		a := r.IntN(o.Participants)
		b := (a + 1 + r.IntN(o.Participants-1)) % o.Participants
		m := schedule.Meeting{ID: fmt.Sprintf("m%d", i), A: ev.Participants[a].ID, B: ev.Participants[b].ID,
			Priority: 1 + r.IntN(max(o.MaxPriority, 1))}
		if r.Float64() < o.Unknown {
			m.B = "stranger"
		}
		ev.Meetings = append(ev.Meetings, m)
	}
	for range o.Fixed {
		if f, ok := randomFixed(r, ev); ok {
			ev.Fixed = append(ev.Fixed, f)
		}
	}
	return ev
}

// randomFixed draws a placement that the event's fixed placements leave possible.
func randomFixed(r *rand.Rand, ev schedule.Event) (schedule.Placement, bool) {
	m := ev.Meetings[r.IntN(len(ev.Meetings))]
	s := ev.Slots[r.IntN(len(ev.Slots))]
	pts := map[string]schedule.Participant{}
	for _, pt := range ev.Participants {
		pts[pt.ID] = pt
	}
	a, okA := pts[m.A]
	b, okB := pts[m.B]
	if !okA || !okB || !contains(a.Available, s) || !contains(b.Available, s) {
		return schedule.Placement{}, false
	}
	used := map[int]bool{}
	for _, pt := range ev.Participants {
		if pt.Booth > 0 {
			used[pt.Booth] = true
		}
	}
	byID := map[string]schedule.Meeting{}
	for _, x := range ev.Meetings {
		byID[x.ID] = x
	}
	for _, f := range ev.Fixed {
		x := byID[f.Meeting]
		if f.Meeting == m.ID || f.Slot == s && (x.A == m.A || x.A == m.B || x.B == m.A || x.B == m.B) {
			return schedule.Placement{}, false
		}
		if f.Slot == s {
			used[f.Table] = true
		}
	}
	switch {
	case a.Booth > 0:
		return schedule.Placement{Meeting: m.ID, Slot: s, Table: a.Booth}, true
	case b.Booth > 0:
		return schedule.Placement{Meeting: m.ID, Slot: s, Table: b.Booth}, true
	}
	for t := 1; t <= ev.Tables; t++ {
		if !used[t] {
			return schedule.Placement{Meeting: m.ID, Slot: s, Table: t}, true
		}
	}
	return schedule.Placement{}, false
}

func contains(l []string, x string) bool {
	for _, y := range l {
		if y == x {
			return true
		}
	}
	return false
}

// Check verifies that res is a valid timetable of ev: every placement names a known
// meeting, slot and table; both sides are known and available; nobody is in two meetings
// in a slot; tables in a slot are distinct; booth meetings sit at a booth of theirs and
// other meetings at no booth; fixed placements are kept; every meeting is either placed
// once or left out once with a reason of its own; TotalPriority adds up; and the number
// placed is at most UpperBound. It returns the first violation.
func Check(ev schedule.Event, res schedule.Result) error {
	slots := map[string]bool{}
	for _, s := range ev.Slots {
		slots[s] = true
	}
	pts := map[string]schedule.Participant{}
	owner := map[int]string{}
	for _, pt := range ev.Participants {
		pts[pt.ID] = pt
		if pt.Booth > 0 {
			owner[pt.Booth] = pt.ID
		}
	}
	meetings := map[string]schedule.Meeting{}
	for _, m := range ev.Meetings {
		meetings[m.ID] = m
	}
	seen := map[string]bool{}
	busy := map[[2]string]string{}
	table := map[string]string{}
	total := 0
	for _, pl := range res.Scheduled {
		m, ok := meetings[pl.Meeting]
		if !ok || seen[pl.Meeting] {
			return fmt.Errorf("placement %v: unknown or repeated meeting", pl)
		}
		seen[pl.Meeting] = true
		if !slots[pl.Slot] || pl.Table < 1 || pl.Table > ev.Tables {
			return fmt.Errorf("placement %v: unknown slot or table out of range", pl)
		}
		for _, id := range []string{m.A, m.B} {
			pt, ok := pts[id]
			if !ok || !contains(pt.Available, pl.Slot) {
				return fmt.Errorf("placement %v: %s unknown or not available", pl, id)
			}
			if x, dup := busy[[2]string{id, pl.Slot}]; dup {
				return fmt.Errorf("placement %v: %s already in %s", pl, id, x)
			}
			busy[[2]string{id, pl.Slot}] = m.ID
		}
		key := fmt.Sprintf("%s/%d", pl.Slot, pl.Table)
		if x, dup := table[key]; dup {
			return fmt.Errorf("placement %v: table taken by %s", pl, x)
		}
		table[key] = m.ID
		ba, bb := pts[m.A].Booth, pts[m.B].Booth
		switch {
		case ba == 0 && bb == 0 && owner[pl.Table] != "":
			return fmt.Errorf("placement %v: at the booth of %s", pl, owner[pl.Table])
		case (ba != 0 || bb != 0) && pl.Table != ba && pl.Table != bb:
			return fmt.Errorf("placement %v: not at a booth of %s or %s", pl, m.A, m.B)
		}
		prio := m.Priority
		if prio == 0 {
			prio = 1
		}
		total += prio
	}
	for _, f := range ev.Fixed {
		found := false
		for _, pl := range res.Scheduled {
			found = found || pl == f
		}
		if !found {
			return fmt.Errorf("fixed placement %v not kept", f)
		}
	}
	for _, u := range res.Unscheduled {
		if _, ok := meetings[u.Meeting]; !ok || seen[u.Meeting] {
			return fmt.Errorf("unscheduled %q: unknown, repeated or also placed", u.Meeting)
		}
		if u.Code == "" || u.Text == "" {
			return fmt.Errorf("unscheduled %q: no reason", u.Meeting)
		}
		seen[u.Meeting] = true
	}
	if len(seen) != len(ev.Meetings) {
		return fmt.Errorf("%d meetings accounted for, want %d", len(seen), len(ev.Meetings))
	}
	if total != res.TotalPriority {
		return fmt.Errorf("TotalPriority %d, placements add up to %d", res.TotalPriority, total)
	}
	if len(res.Scheduled) > res.UpperBound {
		return fmt.Errorf("%d meetings placed, above UpperBound %d", len(res.Scheduled), res.UpperBound)
	}
	return nil
}

// WriteJSON writes ev in the `haizhi schedule` input format, one participant or meeting
// a line.
func WriteJSON(w io.Writer, ev schedule.Event) error {
	bw := bufio.NewWriter(w)
	js := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err) // strings and ints always marshal
		}
		return string(b)
	}
	fmt.Fprintf(bw, "{\"slots\": %s,\n \"tables\": %d,\n \"participants\": [", js(ev.Slots), ev.Tables)
	for i, pt := range ev.Participants {
		sep := ",\n  "
		if i == 0 {
			sep = "\n  "
		}
		avail := pt.Available
		if avail == nil {
			avail = []string{}
		}
		booth := ""
		if pt.Booth > 0 {
			booth = fmt.Sprintf(", \"booth\": %d", pt.Booth)
		}
		fmt.Fprintf(bw, "%s{\"id\": %s, \"available\": %s%s}", sep, js(pt.ID), js(avail), booth)
	}
	fmt.Fprint(bw, "],\n \"meetings\": [")
	for i, m := range ev.Meetings {
		sep := ",\n  "
		if i == 0 {
			sep = "\n  "
		}
		prio := max(m.Priority, 1)
		fmt.Fprintf(bw, "%s{\"id\": %s, \"a\": %s, \"b\": %s, \"priority\": %d}", sep, js(m.ID), js(m.A), js(m.B), prio)
	}
	fmt.Fprint(bw, "],\n \"fixed\": [")
	for i, f := range ev.Fixed {
		sep := ",\n  "
		if i == 0 {
			sep = "\n  "
		}
		fmt.Fprintf(bw, "%s{\"meeting\": %s, \"slot\": %s, \"table\": %d}", sep, js(f.Meeting), js(f.Slot), f.Table)
	}
	fmt.Fprint(bw, "]}\n")
	return bw.Flush()
}
