package schedule

import "fmt"

// FieldError is invalid input: Field names the field as in the `haizhi schedule` file
// format ("participants[3].available[2]", "fixed[0].table") and Problem says what is
// wrong with it.
type FieldError struct {
	Field   string
	Problem string
}

// Error returns "field: problem".
func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

func fieldErr(field, format string, a ...any) error {
	return &FieldError{Field: field, Problem: fmt.Sprintf(format, a...)}
}

// problem is a validated event with ids resolved to indices.
type problem struct {
	ev         *Event
	nS, nP, nM int
	tables     int
	poolTables int // tables that are nobody's booth
	slotIdx    map[string]int
	avail      []bool  // participant × slot
	booth      []int32 // per participant: its booth table, or 0
	boothOwner []int32 // per table 0 … tables: the participant whose booth it is, or −1
	a, b       []int32 // per meeting: its participants, −1 when unknown
	prio       []int32
	pool       []bool    // per meeting: neither side has a booth, so it needs a pool table
	common     [][]int16 // per meeting: the slots both sides are available in
	fixedSlot  []int32   // per meeting: its fixed slot, or −1
	fixedTable []int32   // per meeting: its fixed table, or 0
	fixedAt    []int     // per meeting: its index in Event.Fixed, or −1
}

// Validate reports the first problem that makes the event unusable, as a *FieldError:
// an empty or duplicate slot or id, a negative table count, an unknown slot in a
// participant's availability, a booth outside the tables or shared, a meeting of a
// participant with themself, a priority outside 1 … MaxPriority, a negative iteration
// count, and a fixed placement that is impossible on its own or with the fixed
// placements before it (unknown meeting or slot, a participant unavailable or already
// in a fixed meeting at that slot, a table out of range, taken, or not the meeting's
// booth). A valid event always has a timetable: the fixed placements alone.
func (ev Event) Validate() error {
	_, err := compile(&ev)
	return err
}

func compile(ev *Event) (*problem, error) {
	p := &problem{ev: ev, nS: len(ev.Slots), nP: len(ev.Participants), nM: len(ev.Meetings),
		tables: ev.Tables, slotIdx: make(map[string]int, len(ev.Slots))}
	for i, s := range ev.Slots {
		if s == "" {
			return nil, fieldErr(fmt.Sprintf("slots[%d]", i), "empty")
		}
		if j, dup := p.slotIdx[s]; dup {
			return nil, fieldErr(fmt.Sprintf("slots[%d]", i), "duplicate slot %q (also slots[%d])", s, j)
		}
		p.slotIdx[s] = i
	}
	if ev.Tables < 0 {
		return nil, fieldErr("tables", "%d is negative", ev.Tables)
	}
	if ev.Iterations < 0 {
		return nil, fieldErr("iterations", "%d is negative", ev.Iterations)
	}
	p.boothOwner = make([]int32, ev.Tables+1)
	for t := range p.boothOwner {
		p.boothOwner[t] = -1
	}
	pidx := make(map[string]int32, p.nP)
	p.avail = make([]bool, p.nP*p.nS)
	p.booth = make([]int32, p.nP)
	booths := 0
	for i, pt := range ev.Participants {
		field := fmt.Sprintf("participants[%d]", i)
		if pt.ID == "" {
			return nil, fieldErr(field+".id", "empty")
		}
		if j, dup := pidx[pt.ID]; dup {
			return nil, fieldErr(field+".id", "duplicate id %q (also participants[%d])", pt.ID, j)
		}
		pidx[pt.ID] = int32(i)
		for k, label := range pt.Available {
			s, ok := p.slotIdx[label]
			if !ok {
				return nil, fieldErr(fmt.Sprintf("%s.available[%d]", field, k), "unknown slot %q", label)
			}
			p.avail[i*p.nS+s] = true
		}
		if pt.Booth != 0 {
			if pt.Booth < 1 || pt.Booth > ev.Tables {
				return nil, fieldErr(field+".booth", "table %d is not among the tables 1 … %d", pt.Booth, ev.Tables)
			}
			if o := p.boothOwner[pt.Booth]; o >= 0 {
				return nil, fieldErr(field+".booth", "table %d is already the booth of %q (participants[%d])", pt.Booth, ev.Participants[o].ID, o)
			}
			p.boothOwner[pt.Booth] = int32(i)
			p.booth[i] = int32(pt.Booth)
			booths++
		}
	}
	p.poolTables = ev.Tables - booths

	midx := make(map[string]int, p.nM)
	p.a, p.b = make([]int32, p.nM), make([]int32, p.nM)
	p.prio = make([]int32, p.nM)
	p.pool = make([]bool, p.nM)
	p.common = make([][]int16, p.nM)
	p.fixedSlot, p.fixedTable, p.fixedAt = make([]int32, p.nM), make([]int32, p.nM), make([]int, p.nM)
	for i, m := range ev.Meetings {
		field := fmt.Sprintf("meetings[%d]", i)
		if m.ID == "" {
			return nil, fieldErr(field+".id", "empty")
		}
		if j, dup := midx[m.ID]; dup {
			return nil, fieldErr(field+".id", "duplicate id %q (also meetings[%d])", m.ID, j)
		}
		midx[m.ID] = i
		if m.A == "" {
			return nil, fieldErr(field+".a", "empty")
		}
		if m.B == "" {
			return nil, fieldErr(field+".b", "empty")
		}
		if m.A == m.B {
			return nil, fieldErr(field+".b", "%q is also side a: a meeting needs two participants", m.B)
		}
		prio := m.Priority
		if prio == 0 {
			prio = 1
		}
		if prio < 1 || prio > MaxPriority {
			return nil, fieldErr(field+".priority", "%d is not between 1 and %d", m.Priority, MaxPriority)
		}
		p.prio[i] = int32(prio)
		p.fixedSlot[i], p.fixedAt[i] = -1, -1
		a, okA := pidx[m.A]
		b, okB := pidx[m.B]
		if !okA || !okB {
			p.a[i], p.b[i] = -1, -1 // left out with ReasonUnknownParticipant
			continue
		}
		p.a[i], p.b[i] = a, b
		p.pool[i] = p.booth[a] == 0 && p.booth[b] == 0
		for s := range p.nS {
			if p.avail[int(a)*p.nS+s] && p.avail[int(b)*p.nS+s] {
				p.common[i] = append(p.common[i], int16(s))
			}
		}
	}
	if err := compileFixed(p, midx); err != nil {
		return nil, err
	}
	return p, nil
}

// compileFixed checks the fixed placements one by one against the event and the ones
// before them.
func compileFixed(p *problem, midx map[string]int) error {
	ev := p.ev
	busy := make(map[[2]int32]int, 2*len(ev.Fixed))  // (participant, slot) → fixed index
	tableAt := make(map[[2]int32]int, len(ev.Fixed)) // (table, slot) → fixed index
	for i, f := range ev.Fixed {
		field := fmt.Sprintf("fixed[%d]", i)
		m, ok := midx[f.Meeting]
		if !ok {
			if f.Meeting == "" {
				return fieldErr(field+".meeting", "empty")
			}
			return fieldErr(field+".meeting", "unknown meeting %q", f.Meeting)
		}
		mt := ev.Meetings[m]
		if j := p.fixedAt[m]; j >= 0 {
			return fieldErr(field+".meeting", "meeting %q is already fixed (fixed[%d])", f.Meeting, j)
		}
		if p.a[m] < 0 {
			return fieldErr(field+".meeting", "meeting %q has an unknown participant", f.Meeting)
		}
		s, ok := p.slotIdx[f.Slot]
		if !ok {
			if f.Slot == "" {
				return fieldErr(field+".slot", "empty")
			}
			return fieldErr(field+".slot", "unknown slot %q", f.Slot)
		}
		if f.Table < 1 || f.Table > p.tables {
			return fieldErr(field+".table", "table %d is not among the tables 1 … %d", f.Table, p.tables)
		}
		for _, x := range []int32{p.a[m], p.b[m]} {
			id := ev.Participants[x].ID
			if !p.avail[int(x)*p.nS+s] {
				return fieldErr(field+".slot", "%s is not available at %q (meeting %q)", id, f.Slot, f.Meeting)
			}
			if j, taken := busy[[2]int32{x, int32(s)}]; taken {
				return fieldErr(field+".slot", "%s is already in meeting %q at %q (fixed[%d])", id, ev.Fixed[j].Meeting, f.Slot, j)
			}
		}
		ba, bb := p.booth[p.a[m]], p.booth[p.b[m]]
		switch t := int32(f.Table); {
		case ba == 0 && bb == 0 && p.boothOwner[t] >= 0:
			return fieldErr(field+".table", "table %d is the booth of %s, kept for their meetings (meeting %q)",
				t, ev.Participants[p.boothOwner[t]].ID, f.Meeting)
		case ba != 0 && bb != 0 && t != ba && t != bb:
			return fieldErr(field+".table", "meeting %q must sit at table %d or %d, the booths of %s and %s", f.Meeting, ba, bb, mt.A, mt.B)
		case ba != 0 && bb == 0 && t != ba:
			return fieldErr(field+".table", "meeting %q must sit at table %d, the booth of %s", f.Meeting, ba, mt.A)
		case ba == 0 && bb != 0 && t != bb:
			return fieldErr(field+".table", "meeting %q must sit at table %d, the booth of %s", f.Meeting, bb, mt.B)
		}
		if j, taken := tableAt[[2]int32{int32(f.Table), int32(s)}]; taken {
			return fieldErr(field+".table", "table %d at %q is already taken by meeting %q (fixed[%d])", f.Table, f.Slot, ev.Fixed[j].Meeting, j)
		}
		busy[[2]int32{p.a[m], int32(s)}] = i
		busy[[2]int32{p.b[m], int32(s)}] = i
		tableAt[[2]int32{int32(f.Table), int32(s)}] = i
		p.fixedAt[m], p.fixedSlot[m], p.fixedTable[m] = i, int32(s), int32(f.Table)
	}
	return nil
}
