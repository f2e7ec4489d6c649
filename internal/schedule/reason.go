package schedule

import (
	"fmt"
	"strings"
)

// ReasonCode says why a meeting was left out, so that a caller can word the reason in
// another language from the Reason's fields.
type ReasonCode string

// The reason codes. Participants and Slots of the Reason are as each one says; Meeting is
// always the meeting left out.
const (
	// ReasonUnknownParticipant: Participants (one or both sides) are not participants of
	// the event.
	ReasonUnknownParticipant ReasonCode = "unknown_participant"
	// ReasonUnavailable: Participants[0] is not available in any slot; Participants[1]
	// is the other side.
	ReasonUnavailable ReasonCode = "participant_unavailable"
	// ReasonNoCommonSlot: the two sides, Participants, are each available at some time
	// but never at the same time.
	ReasonNoCommonSlot ReasonCode = "no_common_slot"
	// ReasonParticipantBusy: Participants[0] is in other meetings in every slot, Slots,
	// that they share with Participants[1]. Outranked: all of those meetings have a
	// higher priority.
	ReasonParticipantBusy ReasonCode = "participant_busy"
	// ReasonBothBusy: in every slot the two sides share (Slots), one or the other of them
	// (Participants) is in another meeting, neither in all of them.
	ReasonBothBusy ReasonCode = "both_busy"
	// ReasonTablesFull: every table that the meeting could sit at is taken in every slot
	// the two sides (Participants) share (Slots), while neither side is busy in all of
	// them. Outranked: every meeting at those tables has a higher priority.
	ReasonTablesFull ReasonCode = "tables_full"
	// ReasonNoRoom: in each slot the two sides (Participants) share (Slots), one of them
	// is in another meeting or every table is taken.
	ReasonNoRoom ReasonCode = "no_room"
)

// Reason explains why a meeting is not in the timetable, as a code with its parameters
// and in plain English (Text).
type Reason struct {
	Code ReasonCode
	// Meeting is the id of the meeting left out.
	Meeting string
	// Participants are the participants the reason is about (see the codes).
	Participants []string
	// Slots are the slots the two sides share, where the reason says what is in the way.
	Slots []string
	// Outranked is set when, in every slot the two sides share, something of higher
	// priority than the meeting stands in its way: the busy participant's meeting for
	// ReasonParticipantBusy, every meeting at the pool tables for ReasonTablesFull, and
	// either of those for the other codes.
	Outranked bool
	// Text explains the reason to an organiser, in English.
	Text string
}

// String returns the reason's English text.
func (r Reason) String() string { return r.Text }

// names lists ids for a sentence: at most ten, then how many more.
func names(ids []string) string {
	const most = 10
	if len(ids) <= most {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:most], ", ") + fmt.Sprintf(" and %d more", len(ids)-most)
}

// explain gives the reason why meeting m is unscheduled in the final, maximal timetable.
func (st *state) explain(m int32) Reason {
	p := st.pr
	mt := p.ev.Meetings[m]
	r := Reason{Meeting: mt.ID, Participants: []string{mt.A, mt.B}}
	if p.a[m] < 0 {
		r.Code, r.Participants = ReasonUnknownParticipant, nil
		for _, id := range []string{mt.A, mt.B} {
			known := false
			for _, pt := range p.ev.Participants {
				known = known || pt.ID == id
			}
			if !known {
				r.Participants = append(r.Participants, id)
			}
		}
		who := r.Participants[0] + " is not a participant"
		if len(r.Participants) == 2 {
			who = r.Participants[0] + " and " + r.Participants[1] + " are not participants"
		}
		r.Text = fmt.Sprintf("Meeting %s cannot take place: %s of the event.", mt.ID, who)
		return r
	}
	if len(p.common[m]) == 0 {
		for i, x := range []int32{p.a[m], p.b[m]} {
			if len(p.ev.Participants[x].Available) == 0 {
				r.Code = ReasonUnavailable
				r.Participants = []string{r.Participants[i], r.Participants[1-i]}
				r.Text = fmt.Sprintf("%s is not available in any slot, so cannot meet %s.", r.Participants[0], r.Participants[1])
				return r
			}
		}
		r.Code = ReasonNoCommonSlot
		r.Text = fmt.Sprintf("%s and %s have no common free slot.", mt.A, mt.B)
		return r
	}
	prio := p.prio[m]
	aAll, bAll, fullAll, busyAll, outranked := true, true, true, true, true
	aOut, bOut, fullOut := true, true, true
	for _, s16 := range p.common[m] {
		s := int(s16)
		r.Slots = append(r.Slots, p.ev.Slots[s])
		x, y := st.at[int(p.a[m])*p.nS+s], st.at[int(p.b[m])*p.nS+s]
		full := p.pool[m] && int(st.load[s]) >= p.poolTables
		aAll = aAll && x >= 0
		bAll = bAll && y >= 0
		fullAll = fullAll && full
		busyAll = busyAll && (x >= 0 || y >= 0)
		aOut = aOut && x >= 0 && p.prio[x] > prio
		bOut = bOut && y >= 0 && p.prio[y] > prio
		fullOut = fullOut && full && st.lowestAt(int32(s)) > prio
		outranked = outranked && (x >= 0 && p.prio[x] > prio || y >= 0 && p.prio[y] > prio || full && st.lowestAt(int32(s)) > prio)
	}
	shared := names(r.Slots)
	switch {
	case aAll && bAll:
		r.Code, r.Outranked = ReasonBothBusy, outranked
		r.Text = fmt.Sprintf("%s and %s are both in other meetings in every slot they share (%s).", mt.A, mt.B, shared)
	case aAll || bAll:
		busy, other, out := mt.A, mt.B, aOut
		if !aAll {
			busy, other, out = mt.B, mt.A, bOut
		}
		r.Code, r.Participants, r.Outranked = ReasonParticipantBusy, []string{busy, other}, out
		kind := "other"
		if out {
			kind = "higher-priority"
		}
		r.Text = fmt.Sprintf("%s's free slots shared with %s (%s) are all taken by %s meetings.", busy, other, shared, kind)
	case fullAll:
		r.Code, r.Outranked = ReasonTablesFull, fullOut
		by := ""
		if fullOut {
			by = ", all by higher-priority meetings"
		}
		r.Text = fmt.Sprintf("Every table is taken in the slots %s and %s share (%s)%s.", mt.A, mt.B, shared, by)
	case busyAll:
		r.Code, r.Outranked = ReasonBothBusy, outranked
		r.Text = fmt.Sprintf("In every slot %s and %s share (%s), one of them is already in another meeting.", mt.A, mt.B, shared)
	default:
		r.Code, r.Outranked = ReasonNoRoom, outranked
		r.Text = fmt.Sprintf("In every slot %s and %s share (%s), one of them is already in another meeting or every table is taken.", mt.A, mt.B, shared)
	}
	if r.Outranked && r.Code != ReasonParticipantBusy && r.Code != ReasonTablesFull {
		r.Text = strings.TrimSuffix(r.Text, ".") + ", always by a meeting of higher priority."
	}
	return r
}

// lowestAt returns the lowest priority among the pool meetings at slot s, fixed ones
// included, computed for all slots at the first call (the timetable is final by then).
func (st *state) lowestAt(s int32) int32 {
	p := st.pr
	if st.low == nil {
		st.low = make([]int32, p.nS)
		for i := range st.low {
			st.low[i] = MaxPriority + 1
		}
		for m, t := range st.slot {
			if t >= 0 && p.pool[m] {
				st.low[t] = min(st.low[t], p.prio[m])
			}
		}
	}
	return st.low[s]
}
