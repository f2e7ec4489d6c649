package schedule_test

import (
	"testing"

	"github.com/haizhi-dev/haizhi/internal/schedule"
	"github.com/haizhi-dev/haizhi/internal/schedule/scheduletest"
)

// The target: 650 participants, 3,000 accepted meetings, 16 slots, 60 tables in
// at most 5 s, with at least 98% of upper_bound scheduled. Run with
//
//	go test ./internal/schedule/ -run '^$' -bench . -benchtime 3x
func BenchmarkSchedule650x3000(b *testing.B) {
	benchmarkSchedule(b, scheduletest.Realistic(1, 650, 3000, 16, 60))
}

// BenchmarkSchedule650x3000Tables200 is the same event with 200 tables, so that the
// participants, not the tables, limit the timetable.
func BenchmarkSchedule650x3000Tables200(b *testing.B) {
	benchmarkSchedule(b, scheduletest.Realistic(1, 650, 3000, 16, 200))
}

// benchmarkSchedule times Schedule and reports the ratio of scheduled meetings to the
// upper bound, the counts and the total priority.
func benchmarkSchedule(b *testing.B, ev schedule.Event) {
	var res schedule.Result
	for b.Loop() {
		var err error
		if res, err = schedule.Schedule(ev); err != nil {
			b.Fatal(err)
		}
	}
	if err := scheduletest.Check(ev, res); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(res.Scheduled))/float64(res.UpperBound), "scheduled/bound")
	b.ReportMetric(float64(len(res.Scheduled)), "scheduled")
	b.ReportMetric(float64(res.UpperBound), "bound")
	b.ReportMetric(float64(res.TotalPriority), "priority")
}
