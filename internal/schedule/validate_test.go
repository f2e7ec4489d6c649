package schedule_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/schedule"
)

// validEvent is a small valid event that the cases of TestScheduleValidate break one
// field at a time.
func validEvent() schedule.Event {
	return schedule.Event{
		Slots:  []string{"09:00", "09:20"},
		Tables: 4,
		Participants: []schedule.Participant{
			{ID: "p1", Available: []string{"09:00", "09:20"}},
			{ID: "p2", Available: []string{"09:00", "09:20"}},
			{ID: "p3", Available: []string{"09:20"}, Booth: 4},
		},
		Meetings: []schedule.Meeting{
			{ID: "m1", A: "p1", B: "p2", Priority: 2},
			{ID: "m2", A: "p1", B: "p3"},
			{ID: "m3", A: "p2", B: "p3"},
		},
		Fixed: []schedule.Placement{{Meeting: "m1", Slot: "09:00", Table: 1}},
	}
}

// Invalid input is a *FieldError naming the field as in the file format.
func TestScheduleValidate(t *testing.T) {
	if err := validEvent().Validate(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		change func(ev *schedule.Event)
		field  string
		want   string
	}{
		{"empty slot", func(ev *schedule.Event) { ev.Slots[1] = "" }, "slots[1]", "empty"},
		{"duplicate slot", func(ev *schedule.Event) { ev.Slots[1] = "09:00" }, "slots[1]", `duplicate slot "09:00" (also slots[0])`},
		{"negative tables", func(ev *schedule.Event) { ev.Tables = -1 }, "tables", "-1 is negative"},
		{"negative iterations", func(ev *schedule.Event) { ev.Iterations = -5 }, "iterations", "-5 is negative"},
		{"empty participant id", func(ev *schedule.Event) { ev.Participants[0].ID = "" }, "participants[0].id", "empty"},
		{"duplicate participant", func(ev *schedule.Event) { ev.Participants[1].ID = "p1" }, "participants[1].id", `duplicate id "p1" (also participants[0])`},
		{"unknown available slot", func(ev *schedule.Event) { ev.Participants[2].Available = []string{"09:20", "09:40"} },
			"participants[2].available[1]", `unknown slot "09:40"`},
		{"booth out of range", func(ev *schedule.Event) { ev.Participants[2].Booth = 5 }, "participants[2].booth", "table 5 is not among the tables 1 … 4"},
		{"shared booth", func(ev *schedule.Event) { ev.Participants[1].Booth = 4 }, "participants[2].booth", `table 4 is already the booth of "p2" (participants[1])`},
		{"empty meeting id", func(ev *schedule.Event) { ev.Meetings[1].ID = "" }, "meetings[1].id", "empty"},
		{"duplicate meeting", func(ev *schedule.Event) { ev.Meetings[2].ID = "m1" }, "meetings[2].id", `duplicate id "m1" (also meetings[0])`},
		{"empty side", func(ev *schedule.Event) { ev.Meetings[1].A = "" }, "meetings[1].a", "empty"},
		{"self meeting", func(ev *schedule.Event) { ev.Meetings[1].B = "p1" }, "meetings[1].b", `"p1" is also side a`},
		{"negative priority", func(ev *schedule.Event) { ev.Meetings[1].Priority = -1 }, "meetings[1].priority", "-1 is not between 1 and 1000000"},
		{"huge priority", func(ev *schedule.Event) { ev.Meetings[1].Priority = 1_000_001 }, "meetings[1].priority", "is not between 1 and 1000000"},
		{"fixed unknown meeting", func(ev *schedule.Event) { ev.Fixed[0].Meeting = "m9" }, "fixed[0].meeting", `unknown meeting "m9"`},
		{"fixed twice", func(ev *schedule.Event) {
			ev.Fixed = append(ev.Fixed, schedule.Placement{Meeting: "m1", Slot: "09:20", Table: 2})
		},
			"fixed[1].meeting", `meeting "m1" is already fixed (fixed[0])`},
		{"fixed unknown participant", func(ev *schedule.Event) { ev.Meetings[0].B = "ghost" }, "fixed[0].meeting", `meeting "m1" has an unknown participant`},
		{"fixed unknown slot", func(ev *schedule.Event) { ev.Fixed[0].Slot = "09:40" }, "fixed[0].slot", `unknown slot "09:40"`},
		{"fixed table 0", func(ev *schedule.Event) { ev.Fixed[0].Table = 0 }, "fixed[0].table", "table 0 is not among the tables 1 … 4"},
		{"fixed table too high", func(ev *schedule.Event) { ev.Fixed[0].Table = 5 }, "fixed[0].table", "table 5 is not among the tables 1 … 4"},
		{"fixed unavailable", func(ev *schedule.Event) { ev.Fixed = []schedule.Placement{{Meeting: "m2", Slot: "09:00", Table: 4}} },
			"fixed[0].slot", `p3 is not available at "09:00" (meeting "m2")`},
		{"fixed double-booked", func(ev *schedule.Event) {
			ev.Fixed = append(ev.Fixed, schedule.Placement{Meeting: "m2", Slot: "09:20", Table: 4},
				schedule.Placement{Meeting: "m3", Slot: "09:20", Table: 4})
		}, "fixed[2].slot", `p3 is already in meeting "m2" at "09:20" (fixed[1])`},
		{"fixed at a booth", func(ev *schedule.Event) { ev.Fixed[0].Table = 4 }, "fixed[0].table", `table 4 is the booth of p3, kept for their meetings (meeting "m1")`},
		{"fixed away from the booth", func(ev *schedule.Event) { ev.Fixed = []schedule.Placement{{Meeting: "m2", Slot: "09:20", Table: 2}} },
			"fixed[0].table", `meeting "m2" must sit at table 4, the booth of p3`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := validEvent()
			c.change(&ev)
			_, err := schedule.Schedule(ev)
			var fe *schedule.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v, want a *FieldError", err)
			}
			if fe.Field != c.field || !strings.Contains(fe.Problem, c.want) || err.Error() != fe.Field+": "+fe.Problem {
				t.Fatalf("error %q, want field %s and %q", err, c.field, c.want)
			}
		})
	}
}

// Two fixed meetings at one table in one slot are refused, naming the second.
func TestScheduleValidateTableTaken(t *testing.T) {
	ev := validEvent()
	ev.Participants = append(ev.Participants, schedule.Participant{ID: "p4", Available: []string{"09:00"}},
		schedule.Participant{ID: "p5", Available: []string{"09:00"}})
	ev.Meetings = append(ev.Meetings, schedule.Meeting{ID: "m4", A: "p4", B: "p5"})
	ev.Fixed = append(ev.Fixed, schedule.Placement{Meeting: "m4", Slot: "09:00", Table: 1})
	err := ev.Validate()
	if err == nil || err.Error() != `fixed[1].table: table 1 at "09:00" is already taken by meeting "m1" (fixed[0])` {
		t.Fatalf("error %v", err)
	}
}
