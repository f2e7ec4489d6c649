// Command gen writes a realistic matchmaking event (the benchmark of package schedule) as
// a `haizhi schedule` input file, to time the command on it:
//
//	go run ./internal/schedule/scheduletest/gen -o /tmp/event.json
//	haizhi schedule --in /tmp/event.json --out /tmp/timetable.json
//
// By default it is the event: 650 participants, 3,000 accepted meetings, 16
// slots and 60 tables.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/haizhi-dev/haizhi/internal/schedule/scheduletest"
)

func main() {
	out := flag.String("o", "-", "file to write (- for standard output)")
	seed := flag.Uint64("seed", 1, "random seed")
	participants := flag.Int("participants", 650, "number of participants")
	meetings := flag.Int("meetings", 3000, "number of accepted meetings (at most 15 per participant on average)")
	slots := flag.Int("slots", 16, "number of slots, half in the morning and half in the afternoon")
	tables := flag.Int("tables", 60, "number of tables")
	flag.Parse()
	if *participants < 2 || *meetings < 0 || *meetings > *participants*15 || *slots < 1 || *tables < 0 {
		fmt.Fprintln(os.Stderr, "gen: want at least 2 participants, at most 15 meetings per participant, at least 1 slot and 0 or more tables")
		os.Exit(2)
	}
	ev := scheduletest.Realistic(*seed, *participants, *meetings, *slots, *tables)
	w := os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	if err := scheduletest.WriteJSON(w, ev); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
