// Package schedule builds the timetable of a matchmaking event: it places accepted
// meetings into slots and tables.
//
// # The problem
//
// An Event has ordered slots, a number of tables, participants with the slots they are
// available in, meetings between two participants with a priority, and fixed placements
// (meetings already confirmed at a slot and table, which a re-run must keep). A timetable
// places some of the meetings so that
//
//   - nobody is in two meetings in one slot;
//   - a meeting is only in a slot both of its participants are available in;
//   - every meeting in a slot sits at its own table, numbered 1 … Tables;
//   - every fixed placement is kept as given.
//
// Schedule looks for the timetable with the largest total priority of its meetings: as
// many meetings as possible, the more important ones first.
//
// # Booths
//
// A participant may have a booth: a table that is theirs for the whole event (an
// exhibitor's stand). Their meetings always sit at their booth, and nobody else's meeting
// ever does, so a booth table is taken out of the common pool even in slots where its
// owner is free. A meeting between two booth owners sits at the booth of its side A
// (a fixed placement may put it at either booth). Two participants cannot share a booth.
// So, in every slot, the meetings without a booth owner ("pool meetings") share the
// Tables − (number of booths) pool tables, and a meeting with a booth owner needs no pool
// table at all.
//
// # The method
//
// The problem is NP-hard (a maximum-weight edge colouring with availability), so
// Schedule is a heuristic with a proven bound beside it:
//
//  1. A guide: a maximum flow in the network of the upper bound (see upperBound), taken
//     tier by tier of priority, says which meetings to favour. Someone asked for 30
//     meetings with 16 free slots must drop 14; the flow, which weighs every
//     participant's and every slot's limits at once, picks which so as to leave the
//     most meetings possible for everyone else.
//  2. Greedy: meetings by priority (highest first), then those the guide keeps, then
//     fewest free slots, each into the free slot that the meetings still waiting for its
//     participants want least.
//  3. Local search, in rounds over the unscheduled meetings, highest priority first,
//     until a round changes nothing twice: an augmenting path found by breadth-first
//     search (meetings moving from slot to slot, each into the place of the next, as in
//     the Kempe chains of edge colouring, ending in a free slot or by leaving out a
//     meeting of lower priority), else an ejection chain that may first lose priority
//     to gain more later. A change is kept only if it raises the total priority, or
//     keeps it and adds meetings.
//  4. Iterated local search: a kick forces a random unscheduled meeting in and repairs
//     around it; the result is kept when no worse, so the search walks across
//     timetables of equal value to find a way up, and stops after a run of kicks with no
//     new best. The best timetable seen is the result.
//
// The search stops early when the total priority reaches its bound (the sum of the
// largest priorities that the upper bound on the number of meetings allows), and after
// Event.Iterations attempts in all. Random choices come from Event.Seed, so a seed gives
// the same timetable every time, unless Event.TimeLimit cuts the search short
// (Result.TimedOut).
//
// Result.UpperBound is a proven upper bound on the number of meetings any timetable of
// the event could hold; see upperBound for the bounds and their proofs.
//
// # Unscheduled meetings
//
// Every meeting left out gets a Reason: a code with its parameters, for the web layer to
// word in any language, and an English text for an organiser ("p1 and p2 have no common
// free slot"). The timetable is maximal: no left-out meeting fits into any slot as it
// stands, so the reason always names what is in the way in each slot the two share.
package schedule

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"time"
)

// Event is one matchmaking event to timetable. The field names of the errors of Schedule
// are those of the `haizhi schedule` file format (slots, tables, participants[i].available,
// meetings[i].priority, fixed[i].table, …).
type Event struct {
	// Slots are the slot labels ("09:00", "09:20", …) in time order; unique and non-empty.
	Slots []string
	// Tables is the number of tables, numbered 1 … Tables; booths are among them.
	Tables int
	// Participants are the people or organisations that meet.
	Participants []Participant
	// Meetings are the accepted meetings to place. A meeting that names a participant not
	// in Participants (one who withdrew, say) is not an error: it is left out with the
	// reason ReasonUnknownParticipant.
	Meetings []Meeting
	// Fixed lists placements that must stay as given (confirmed meetings when the
	// timetable is re-run). Each must be possible on its own and with the others.
	Fixed []Placement
	// Seed drives the random choices of the search; the same seed gives the same result.
	Seed uint64
	// Iterations bounds the attempts of the search after the greedy placement (each
	// augmenting search, ejection chain or kick is one); 0 means DefaultIterations.
	Iterations int
	// TimeLimit, when positive, stops the search once that much time has passed, even if
	// iterations remain; the result is then no longer reproducible from the seed.
	TimeLimit time.Duration
}

// DefaultIterations is the number of search attempts Schedule allows when
// Event.Iterations is 0. The search usually ends well before, when it stops improving:
// the 650 participants and 3,000 meetings take 5,000 to 15,000.
const DefaultIterations = 200_000

// MaxPriority is the largest priority a meeting may have.
const MaxPriority = 1_000_000

// Participant is someone who takes part in meetings.
type Participant struct {
	// ID names the participant; unique among participants.
	ID string
	// Available lists the slots the participant can meet in. Repeats are ignored.
	Available []string
	// Booth, when positive, is the participant's own table (1 … Tables): all their
	// meetings sit there and nobody else's does. 0 means no booth.
	Booth int
}

// Meeting is an accepted meeting between participants A and B.
type Meeting struct {
	// ID names the meeting; unique among meetings.
	ID string
	// A and B are the participants' ids; they must differ.
	A, B string
	// Priority weighs the meeting (1 … MaxPriority; 0 means 1): the timetable maximises
	// the total priority of the meetings it holds.
	Priority int
}

// Placement puts a meeting at a table in a slot.
type Placement struct {
	Meeting string
	Slot    string
	Table   int
}

// Result is a timetable.
type Result struct {
	// Scheduled are the placed meetings, fixed ones included, ordered by slot (in the
	// order of Event.Slots), then table.
	Scheduled []Placement
	// Unscheduled gives the reason of each meeting left out, in the order of
	// Event.Meetings.
	Unscheduled []Reason
	// UpperBound is a proven upper bound on the number of meetings any timetable of the
	// event can hold (fixed placements kept), so len(Scheduled)/UpperBound is a floor on
	// how close Scheduled comes to the most meetings possible.
	UpperBound int
	// TotalPriority is the sum of the priorities of Scheduled.
	TotalPriority int
	// TimedOut reports that Event.TimeLimit stopped the search before its iterations
	// were spent.
	TimedOut bool
}

// Schedule timetables the event. The error is non-nil only for invalid input; it is a
// *FieldError naming the offending field.
func Schedule(ev Event) (Result, error) {
	start := time.Now()
	p, err := compile(&ev)
	if err != nil {
		return Result{}, err
	}
	b := upperBound(p)
	st := newState(p, ev.Seed)
	st.greedy(b.use)
	iterations := ev.Iterations
	if iterations == 0 {
		iterations = DefaultIterations
	}
	var deadline time.Time
	if ev.TimeLimit > 0 {
		deadline = start.Add(ev.TimeLimit)
	}
	timedOut := st.improve(iterations, deadline, b.priority)
	st.fill()
	return st.result(b.count, timedOut), nil
}

// result turns the state into a Result: tables for the pool meetings (the lowest free
// pool tables of their slot, in the order of the meetings), booths for the others.
func (st *state) result(upper int, timedOut bool) Result {
	p := st.pr
	res := Result{UpperBound: upper, TotalPriority: int(st.total), TimedOut: timedOut}
	table := make([]int32, p.nM)
	used := make([]bool, p.tables+1)
	for s := range p.nS {
		clear(used)
		for t := 1; t <= p.tables; t++ {
			used[t] = p.boothOwner[t] >= 0
		}
		for m := range p.nM {
			if st.slot[m] == int32(s) && p.fixedTable[m] > 0 {
				used[p.fixedTable[m]] = true
			}
		}
		next := 1
		for m := range p.nM {
			if st.slot[m] != int32(s) {
				continue
			}
			switch {
			case p.fixedTable[m] > 0:
				table[m] = p.fixedTable[m]
			case p.pool[m]:
				for used[next] {
					next++
				}
				used[next] = true
				table[m] = int32(next)
			case p.booth[p.a[m]] > 0:
				table[m] = p.booth[p.a[m]]
			default:
				table[m] = p.booth[p.b[m]]
			}
		}
	}
	for m := range p.nM {
		if s := st.slot[m]; s >= 0 {
			res.Scheduled = append(res.Scheduled, Placement{Meeting: p.ev.Meetings[m].ID, Slot: p.ev.Slots[s], Table: int(table[m])})
		} else {
			res.Unscheduled = append(res.Unscheduled, st.explain(int32(m)))
		}
	}
	slotIdx := func(pl Placement) int { return p.slotIdx[pl.Slot] }
	slices.SortFunc(res.Scheduled, func(x, y Placement) int {
		return cmp.Or(cmp.Compare(slotIdx(x), slotIdx(y)), cmp.Compare(x.Table, y.Table))
	})
	return res
}

// newRand returns the search's random source for a seed.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5c4ed01e)) }
