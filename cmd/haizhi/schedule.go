package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/haizhi-dev/haizhi/internal/schedule"
)

const scheduleSynopsis = "schedule --in FILE [--out FILE] [--seed N] [--iterations N] [--time-limit D]"

// runSchedule timetables a matchmaking event read from a JSON file and writes the
// timetable as JSON: exit 0 with a timetable (the meetings left out listed with their
// reasons), 1 for bad input, naming the field.
func runSchedule(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("haizhi schedule", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	inPath := fs.String("in", "", "event file to read (- for standard input; required)")
	outPath := fs.String("out", "-", "file to write the timetable to (- for standard output)")
	seed := fs.Uint64("seed", 1, "random seed of the search: the same seed gives the same timetable")
	iterations := fs.Int("iterations", schedule.DefaultIterations, "search attempts allowed after the greedy placement (the search usually stops well before)")
	timeLimit := fs.Duration("time-limit", 0, "stop the search after this long, e.g. 3s (0: no limit; a timetable cut short may differ from run to run)")
	fs.Usage = func() { scheduleUsage(e.stderr, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(e.stderr, "haizhi schedule: unexpected argument %q (see haizhi schedule --help)\n", fs.Arg(0))
		return errUsage
	case *inPath == "":
		fmt.Fprintln(e.stderr, "haizhi schedule: --in FILE is required (see haizhi schedule --help)")
		return errUsage
	case *iterations < 1:
		fmt.Fprintf(e.stderr, "haizhi schedule: --iterations %d: want at least 1\n", *iterations)
		return errUsage
	case *timeLimit < 0:
		fmt.Fprintf(e.stderr, "haizhi schedule: --time-limit %v: want 0 or more\n", *timeLimit)
		return errUsage
	}

	ev, err := readEvent(*inPath)
	if err != nil {
		return err
	}
	ev.Seed, ev.Iterations, ev.TimeLimit = *seed, *iterations, *timeLimit
	res, err := schedule.Schedule(ev)
	if err != nil {
		return fmt.Errorf("--in %s: %w", *inPath, err)
	}
	if err := writeTimetable(e, *outPath, res); err != nil {
		return err
	}
	if res.TimedOut {
		fmt.Fprintf(e.stderr, "haizhi schedule: warning: --time-limit %v stopped the search; another run may give another timetable\n", *timeLimit)
	}
	return nil
}

func scheduleUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: haizhi %s\n", scheduleSynopsis)
	fmt.Fprint(w, `
Places the accepted meetings of a matchmaking event into slots and tables so that the
total priority of the meetings held is as large as the search can make it: nobody in
two meetings at once, a meeting only in a slot both sides are available in, each
meeting of a slot at its own table, fixed placements kept. The input:

  {"slots": ["09:00", "09:20"], "tables": 60,
   "participants": [{"id": "p1", "available": ["09:00", "09:20"]}],
   "meetings": [{"id": "m1", "a": "p1", "b": "p2", "priority": 1}],
   "fixed": [{"meeting": "m1", "slot": "09:20", "table": 4}]}

Priority is optional (1 by default); a participant may have a "booth": a table of their
own where all their meetings sit and nobody else's. A meeting naming someone who is not
a participant is left out, with its reason. The output, exit 0:

  {"scheduled": [{"meeting": "m1", "slot": "09:20", "table": 4}],
   "unscheduled": [{"meeting": "m9", "reason": "p4 and p7 have no common free slot.", "code": "no_common_slot"}],
   "upper_bound": 920, "total_priority": 1210}

scheduled is ordered by slot, then table; unscheduled follows the input order. upper_bound
is a proven upper bound on the number of meetings any timetable of the event could hold.
Bad input exits 1 naming the field.

Flags:
`)
	fs.PrintDefaults()
}

// The file format. Required values are pointers, so that a missing one is reported
// rather than read as zero.
type eventFile struct {
	Slots        *[]string `json:"slots"`
	Tables       *int      `json:"tables"`
	Participants []struct {
		ID        string    `json:"id"`
		Available *[]string `json:"available"`
		Booth     *int      `json:"booth"`
	} `json:"participants"`
	Meetings []struct {
		ID       string `json:"id"`
		A        string `json:"a"`
		B        string `json:"b"`
		Priority *int   `json:"priority"`
	} `json:"meetings"`
	Fixed []struct {
		Meeting string `json:"meeting"`
		Slot    string `json:"slot"`
		Table   *int   `json:"table"`
	} `json:"fixed"`
}

// readEvent reads and decodes the event file, naming the field of any error.
func readEvent(path string) (schedule.Event, error) {
	fail := func(format string, a ...any) (schedule.Event, error) {
		return schedule.Event{}, fmt.Errorf("--in %s: "+format, append([]any{path}, a...)...)
	}
	var f eventFile
	if err := readJSONFile(path, "the event", &f); err != nil {
		return schedule.Event{}, err
	}

	if f.Slots == nil {
		return fail("slots: missing")
	}
	if f.Tables == nil {
		return fail("tables: missing")
	}
	ev := schedule.Event{Slots: *f.Slots, Tables: *f.Tables}
	for i, x := range f.Participants {
		if x.Available == nil {
			return fail("participants[%d].available: missing (list the slots, [] for none)", i)
		}
		pt := schedule.Participant{ID: x.ID, Available: *x.Available}
		if x.Booth != nil {
			if *x.Booth < 1 {
				return fail("participants[%d].booth: table %d is not among the tables 1 … %d", i, *x.Booth, ev.Tables)
			}
			pt.Booth = *x.Booth
		}
		ev.Participants = append(ev.Participants, pt)
	}
	for i, x := range f.Meetings {
		m := schedule.Meeting{ID: x.ID, A: x.A, B: x.B, Priority: 1}
		if x.Priority != nil {
			if *x.Priority < 1 {
				return fail("meetings[%d].priority: %d is not between 1 and %d", i, *x.Priority, schedule.MaxPriority)
			}
			m.Priority = *x.Priority
		}
		ev.Meetings = append(ev.Meetings, m)
	}
	for i, x := range f.Fixed {
		if x.Table == nil {
			return fail("fixed[%d].table: missing", i)
		}
		ev.Fixed = append(ev.Fixed, schedule.Placement{Meeting: x.Meeting, Slot: x.Slot, Table: *x.Table})
	}
	return ev, nil
}

// The output format.
type (
	timetableFile struct {
		Scheduled     []placementJSON   `json:"scheduled"`
		Unscheduled   []unscheduledJSON `json:"unscheduled"`
		UpperBound    int               `json:"upper_bound"`
		TotalPriority int               `json:"total_priority"`
	}
	placementJSON struct {
		Meeting string `json:"meeting"`
		Slot    string `json:"slot"`
		Table   int    `json:"table"`
	}
	unscheduledJSON struct {
		Meeting string `json:"meeting"`
		Reason  string `json:"reason"`
		Code    string `json:"code"`
	}
)

// writeTimetable writes res in the file format to path (- for standard output).
func writeTimetable(e *env, path string, res schedule.Result) error {
	out := timetableFile{Scheduled: make([]placementJSON, len(res.Scheduled)),
		Unscheduled: make([]unscheduledJSON, len(res.Unscheduled)),
		UpperBound:  res.UpperBound, TotalPriority: res.TotalPriority}
	for i, p := range res.Scheduled {
		out.Scheduled[i] = placementJSON(p)
	}
	for i, r := range res.Unscheduled {
		out.Unscheduled[i] = unscheduledJSON{Meeting: r.Meeting, Reason: r.Text, Code: string(r.Code)}
	}
	return writeJSONFile(e.stdout, path, out)
}
