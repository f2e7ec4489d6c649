package schedule_test

import (
	"reflect"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/schedule"
)

// people builds participants from id → available slots.
func people(avail map[string][]string) []schedule.Participant {
	var ps []schedule.Participant
	for _, id := range []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7"} {
		if a, ok := avail[id]; ok {
			ps = append(ps, schedule.Participant{ID: id, Available: a})
		}
	}
	return ps
}

// Each crafted event leaves exactly one meeting out, for a known reason.
func TestScheduleReasons(t *testing.T) {
	both := []string{"s1", "s2"}
	cases := []struct {
		name string
		ev   schedule.Event
		want schedule.Reason
	}{
		{
			name: "unknown participant",
			ev: schedule.Event{Slots: both, Tables: 2, Participants: people(map[string][]string{"p1": both}),
				Meetings: []schedule.Meeting{{ID: "m1", A: "p1", B: "ghost"}}},
			want: schedule.Reason{Code: schedule.ReasonUnknownParticipant, Meeting: "m1", Participants: []string{"ghost"},
				Text: "Meeting m1 cannot take place: ghost is not a participant of the event."},
		},
		{
			name: "unavailable",
			ev: schedule.Event{Slots: both, Tables: 2, Participants: people(map[string][]string{"p1": both, "p2": {}}),
				Meetings: []schedule.Meeting{{ID: "m1", A: "p1", B: "p2"}}},
			want: schedule.Reason{Code: schedule.ReasonUnavailable, Meeting: "m1", Participants: []string{"p2", "p1"},
				Text: "p2 is not available in any slot, so cannot meet p1."},
		},
		{
			name: "no common slot",
			ev: schedule.Event{Slots: both, Tables: 2, Participants: people(map[string][]string{"p1": {"s1"}, "p2": {"s2"}}),
				Meetings: []schedule.Meeting{{ID: "m1", A: "p1", B: "p2"}}},
			want: schedule.Reason{Code: schedule.ReasonNoCommonSlot, Meeting: "m1", Participants: []string{"p1", "p2"},
				Text: "p1 and p2 have no common free slot."},
		},
		{
			// p2 meets p3 and p4 (priority 3), who are free only then; m1 cannot fit.
			name: "participant busy, higher priority",
			ev: schedule.Event{Slots: both, Tables: 3,
				Participants: people(map[string][]string{"p1": both, "p2": both, "p3": {"s1"}, "p4": {"s2"}}),
				Meetings: []schedule.Meeting{{ID: "m1", A: "p1", B: "p2"}, {ID: "m2", A: "p2", B: "p3", Priority: 3},
					{ID: "m3", A: "p4", B: "p2", Priority: 3}}},
			want: schedule.Reason{Code: schedule.ReasonParticipantBusy, Meeting: "m1", Participants: []string{"p2", "p1"},
				Slots: both, Outranked: true,
				Text: "p2's free slots shared with p1 (s1, s2) are all taken by higher-priority meetings."},
		},
		{
			// The same with equal priorities: still p2 who is busy, but not outranked.
			name: "participant busy",
			ev: schedule.Event{Slots: both, Tables: 3,
				Participants: people(map[string][]string{"p1": both, "p2": both, "p3": {"s1"}, "p4": {"s2"}}),
				Meetings: []schedule.Meeting{{ID: "m2", A: "p2", B: "p3"}, {ID: "m3", A: "p4", B: "p2"},
					{ID: "m1", A: "p1", B: "p2"}}},
			want: schedule.Reason{Code: schedule.ReasonParticipantBusy, Meeting: "m1", Participants: []string{"p2", "p1"},
				Slots: both, Text: "p2's free slots shared with p1 (s1, s2) are all taken by other meetings."},
		},
		{
			// p1 is busy at s1 (with p3), p2 at s2 (with p4).
			name: "both busy",
			ev: schedule.Event{Slots: both, Tables: 3,
				Participants: people(map[string][]string{"p1": both, "p2": both, "p3": {"s1"}, "p4": {"s2"}}),
				Meetings: []schedule.Meeting{{ID: "m1", A: "p1", B: "p2"}, {ID: "m2", A: "p1", B: "p3", Priority: 3},
					{ID: "m3", A: "p2", B: "p4", Priority: 3}}},
			want: schedule.Reason{Code: schedule.ReasonBothBusy, Meeting: "m1", Participants: []string{"p1", "p2"},
				Slots: both, Outranked: true,
				Text: "In every slot p1 and p2 share (s1, s2), one of them is already in another meeting, always by a meeting of higher priority."},
		},
		{
			name: "both busy everywhere",
			ev: schedule.Event{Slots: []string{"s1"}, Tables: 3,
				Participants: people(map[string][]string{"p1": {"s1"}, "p2": {"s1"}, "p3": {"s1"}, "p4": {"s1"}}),
				Meetings: []schedule.Meeting{{ID: "m1", A: "p1", B: "p2"}, {ID: "m2", A: "p1", B: "p3"},
					{ID: "m3", A: "p2", B: "p4"}}},
			want: schedule.Reason{Code: schedule.ReasonBothBusy, Meeting: "m1", Participants: []string{"p1", "p2"},
				Slots: []string{"s1"}, Text: "p1 and p2 are both in other meetings in every slot they share (s1)."},
		},
		{
			name: "tables full",
			ev: schedule.Event{Slots: []string{"s1"}, Tables: 1,
				Participants: people(map[string][]string{"p1": {"s1"}, "p2": {"s1"}, "p3": {"s1"}, "p4": {"s1"}}),
				Meetings:     []schedule.Meeting{{ID: "m1", A: "p1", B: "p2"}, {ID: "m2", A: "p3", B: "p4", Priority: 2}}},
			want: schedule.Reason{Code: schedule.ReasonTablesFull, Meeting: "m1", Participants: []string{"p1", "p2"},
				Slots: []string{"s1"}, Outranked: true,
				Text: "Every table is taken in the slots p1 and p2 share (s1), all by higher-priority meetings."},
		},
		{
			// s1 is full (p3–p4, p5–p6), and at s2 p1 meets p7.
			name: "no room",
			ev: schedule.Event{Slots: both, Tables: 2,
				Participants: people(map[string][]string{"p1": both, "p2": both, "p3": {"s1"}, "p4": {"s1"},
					"p5": {"s1"}, "p6": {"s1"}, "p7": {"s2"}}),
				Meetings: []schedule.Meeting{{ID: "m1", A: "p1", B: "p2"}, {ID: "m2", A: "p3", B: "p4", Priority: 3},
					{ID: "m3", A: "p5", B: "p6", Priority: 3}, {ID: "m4", A: "p1", B: "p7", Priority: 3}}},
			want: schedule.Reason{Code: schedule.ReasonNoRoom, Meeting: "m1", Participants: []string{"p1", "p2"},
				Slots: both, Outranked: true,
				Text: "In every slot p1 and p2 share (s1, s2), one of them is already in another meeting or every table is taken, always by a meeting of higher priority."},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := MustSchedule(t, c.ev)
			if len(res.Unscheduled) != 1 {
				t.Fatalf("unscheduled %+v, want one", res.Unscheduled)
			}
			if got := res.Unscheduled[0]; !reflect.DeepEqual(got, c.want) {
				t.Fatalf("reason\n got %+v\nwant %+v", got, c.want)
			}
			if got := res.Unscheduled[0].String(); got != c.want.Text {
				t.Errorf("String() = %q", got)
			}
		})
	}
}
