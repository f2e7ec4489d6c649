package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/jobs"
	"github.com/haizhi-dev/haizhi/internal/mail"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// testClock is a settable clock shared by the database and the runner: tests move time
// forward instead of sleeping.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock { return &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a fresh database with SMTP delivery enabled, its job queue and its clock.
type env struct {
	db    *sqldb.DB
	queue *sqldb.JobQueue
	clock *testClock
	sys   context.Context
}

// eachDB runs fn on a fresh database of every dialect apptest offers.
func eachDB(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	composer, err := mail.NewComposer()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range apptest.Dialects() {
		t.Run(d, func(t *testing.T) {
			clock := newTestClock()
			db := apptest.MustOpenDB(t, d, sqldb.Options{Now: clock.Now, Composer: composer,
				PublicURL: "https://haizhi.example", MailEnabled: true})
			fn(t, &env{db: db, queue: sqldb.NewJobQueue(db), clock: clock, sys: apptest.Sys()})
		})
	}
}

// runner returns a runner on e's queue and clock with the handlers. Any error it logs
// fails the test: the queue should never refuse the runner's bookkeeping.
func (e *env) runner(t *testing.T, node string, handlers map[string]jobs.Handler) *jobs.Runner {
	t.Helper()
	return &jobs.Runner{Queue: e.queue, Node: node, Handlers: handlers, Logger: slog.New(failOnError{t}),
		Now: e.clock.Now, Lease: time.Minute}
}

// mustEnqueue adds a job due at runAt (now when zero).
func (e *env) mustEnqueue(t *testing.T, kind string, payload any, runAt time.Time) *haizhi.Job {
	t.Helper()
	j, err := e.queue.EnqueueJob(context.Background(), kind, payload, runAt)
	if err != nil {
		t.Fatalf("enqueue %s: %v", kind, err)
	}
	return j
}

// mustJob reads a job back from the queue.
func (e *env) mustJob(t *testing.T, id int64) *haizhi.Job {
	t.Helper()
	list, _, err := e.queue.FindJobs(e.sys, "", haizhi.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range list {
		if j.ID == id {
			return j
		}
	}
	t.Fatalf("job %d not found", id)
	return nil
}

// failOnError is a log handler that fails the test on every error-level record.
type failOnError struct{ t *testing.T }

func (h failOnError) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelError }
func (h failOnError) WithAttrs([]slog.Attr) slog.Handler           { return h }
func (h failOnError) WithGroup(string) slog.Handler                { return h }
func (h failOnError) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	r.Attrs(func(a slog.Attr) bool { fmt.Fprintf(&b, " %s", a); return true })
	h.t.Errorf("runner logged an error: %s%s", r.Message, b.String())
	return nil
}

// payloadN reads the "n" of a test job's payload.
func payloadN(t *testing.T, job *haizhi.Job) int {
	t.Helper()
	var p struct{ N int }
	if err := json.Unmarshal(job.Payload, &p); err != nil {
		t.Fatalf("payload %s: %v", job.Payload, err)
	}
	return p.N
}

func TestBackoff(t *testing.T) {
	for _, tc := range []struct {
		attempt int
		want    time.Duration
	}{
		{-1, 10 * time.Second}, {0, 10 * time.Second}, {1, 10 * time.Second}, {2, 20 * time.Second},
		{3, 40 * time.Second}, {9, 2560 * time.Second}, {10, time.Hour}, {11, time.Hour}, {1000, time.Hour},
	} {
		if got := jobs.Backoff(tc.attempt); got != tc.want {
			t.Errorf("Backoff(%d) = %v, want %v", tc.attempt, got, tc.want)
		}
	}
}

func TestPermanent(t *testing.T) {
	cause := errors.New("bad input")
	err := jobs.Permanent(cause)
	if !errors.Is(err, cause) || err.Error() != "bad input" {
		t.Fatalf("Permanent(%v) = %v, does not wrap its cause", cause, err)
	}
}

func TestTickRunsDueJobs(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		var ran []int
		r := e.runner(t, "node-a", map[string]jobs.Handler{"test.work": func(ctx context.Context, job *haizhi.Job) error {
			ran = append(ran, payloadN(t, job))
			return nil
		}})
		j1 := e.mustEnqueue(t, "test.work", map[string]int{"n": 1}, time.Time{})
		j2 := e.mustEnqueue(t, "test.work", map[string]int{"n": 2}, time.Time{})
		later := e.mustEnqueue(t, "test.work", map[string]int{"n": 3}, e.clock.Now().Add(time.Hour))
		other := e.mustEnqueue(t, "test.other", nil, time.Time{})

		r.Tick(context.Background())
		if fmt.Sprint(ran) != "[1 2]" {
			t.Fatalf("first tick ran %v, want the two due jobs in order", ran)
		}
		for _, id := range []int64{j1.ID, j2.ID} {
			if j := e.mustJob(t, id); j.Status != haizhi.JobDone || j.Attempts != 1 || j.DoneAt == nil || !j.DoneAt.Equal(e.clock.Now()) {
				t.Fatalf("job %d after running: %+v", id, j)
			}
		}
		if j := e.mustJob(t, later.ID); j.Status != haizhi.JobQueued || j.Attempts != 0 {
			t.Fatalf("future job: %+v", j)
		}
		if j := e.mustJob(t, other.ID); j.Status != haizhi.JobQueued || j.Attempts != 0 {
			t.Fatalf("job of a kind without a handler was claimed: %+v", j)
		}

		r.Tick(context.Background())
		if len(ran) != 2 {
			t.Fatalf("second tick ran %v", ran)
		}
		e.clock.Advance(time.Hour)
		r.Tick(context.Background())
		if fmt.Sprint(ran) != "[1 2 3]" || e.mustJob(t, later.ID).Status != haizhi.JobDone {
			t.Fatalf("after an hour ran %v, job %+v", ran, e.mustJob(t, later.ID))
		}
	})
}

func TestTickRetriesWithBackoff(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		calls := 0
		r := e.runner(t, "node-a", map[string]jobs.Handler{"test.work": func(context.Context, *haizhi.Job) error {
			calls++
			if calls <= 2 {
				return fmt.Errorf("relay busy %d", calls)
			}
			return nil
		}})
		j := e.mustEnqueue(t, "test.work", nil, time.Time{})

		r.Tick(context.Background())
		got := e.mustJob(t, j.ID)
		if calls != 1 || got.Status != haizhi.JobQueued || got.Attempts != 1 || got.LastError != "relay busy 1" ||
			got.LockedBy != "" || !got.RunAt.Equal(e.clock.Now().Add(jobs.Backoff(1))) {
			t.Fatalf("after a transient failure (%d calls): %+v", calls, got)
		}
		e.clock.Advance(jobs.Backoff(1) - time.Second)
		r.Tick(context.Background())
		if calls != 1 {
			t.Fatalf("retried %v early", time.Second)
		}
		e.clock.Advance(time.Second)
		r.Tick(context.Background())
		got = e.mustJob(t, j.ID)
		if calls != 2 || got.Status != haizhi.JobQueued || got.Attempts != 2 || got.LastError != "relay busy 2" ||
			!got.RunAt.Equal(e.clock.Now().Add(jobs.Backoff(2))) {
			t.Fatalf("after the second failure (%d calls): %+v", calls, got)
		}
		e.clock.Advance(jobs.Backoff(2))
		r.Tick(context.Background())
		got = e.mustJob(t, j.ID)
		if calls != 3 || got.Status != haizhi.JobDone || got.Attempts != 3 || got.LastError != "" {
			t.Fatalf("after the third attempt (%d calls): %+v", calls, got)
		}
	})
}

func TestTickGivesUpAfterMaxAttempts(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		calls := 0
		r := e.runner(t, "node-a", map[string]jobs.Handler{"test.work": func(context.Context, *haizhi.Job) error {
			calls++
			return errors.New("still down")
		}})
		j := e.mustEnqueue(t, "test.work", nil, time.Time{})
		for attempt := 1; attempt <= j.MaxAttempts; attempt++ {
			r.Tick(context.Background())
			got := e.mustJob(t, j.ID)
			want := haizhi.JobQueued
			if attempt == j.MaxAttempts {
				want = haizhi.JobFailed
			}
			if calls != attempt || got.Attempts != attempt || got.Status != want {
				t.Fatalf("attempt %d (%d calls): %+v", attempt, calls, got)
			}
			e.clock.Advance(jobs.Backoff(attempt))
		}
		e.clock.Advance(24 * time.Hour)
		r.Tick(context.Background())
		if got := e.mustJob(t, j.ID); calls != j.MaxAttempts || got.DoneAt == nil || got.LastError != "still down" {
			t.Fatalf("failed job (%d calls): %+v", calls, got)
		}
	})
}

func TestTickFailsPermanentErrorsAtOnce(t *testing.T) {
	for name, fail := range map[string]error{
		"permanent": jobs.Permanent(errors.New("bad input")),
		"wrapped":   fmt.Errorf("parse: %w", jobs.Permanent(errors.New("bad input"))),
	} {
		t.Run(name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, e *env) {
				calls := 0
				r := e.runner(t, "node-a", map[string]jobs.Handler{"test.work": func(context.Context, *haizhi.Job) error {
					calls++
					return fail
				}})
				j := e.mustEnqueue(t, "test.work", nil, time.Time{})
				r.Tick(context.Background())
				got := e.mustJob(t, j.ID)
				if calls != 1 || got.Status != haizhi.JobFailed || got.Attempts != 1 || got.LastError != fail.Error() ||
					got.DoneAt == nil || !got.DoneAt.Equal(e.clock.Now()) {
					t.Fatalf("after a permanent failure (%d calls): %+v", calls, got)
				}
				e.clock.Advance(24 * time.Hour)
				r.Tick(context.Background())
				if calls != 1 {
					t.Fatalf("a permanently failed job ran again")
				}
			})
		})
	}
}

func TestTickFailsJobWithoutHandler(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		r := e.runner(t, "node-a", map[string]jobs.Handler{"test.work": nil})
		j := e.mustEnqueue(t, "test.work", nil, time.Time{})
		r.Tick(context.Background())
		if got := e.mustJob(t, j.ID); got.Status != haizhi.JobFailed || got.Attempts != 1 ||
			got.LastError != `no handler for job kind "test.work"` {
			t.Fatalf("job without a handler: %+v", got)
		}
	})
}

func TestTickRecoversFromPanic(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		var ran []int
		panicked := false
		r := e.runner(t, "node-a", map[string]jobs.Handler{"test.work": func(_ context.Context, job *haizhi.Job) error {
			n := payloadN(t, job)
			if n == 1 && !panicked {
				panicked = true
				panic("boom")
			}
			ran = append(ran, n)
			return nil
		}})
		j1 := e.mustEnqueue(t, "test.work", map[string]int{"n": 1}, time.Time{})
		j2 := e.mustEnqueue(t, "test.work", map[string]int{"n": 2}, time.Time{})

		r.Tick(context.Background()) // a panic escaping Tick would end the test binary
		got := e.mustJob(t, j1.ID)
		if !panicked || got.Status != haizhi.JobQueued || got.Attempts != 1 || got.LastError != "job panicked: boom" ||
			!got.RunAt.Equal(e.clock.Now().Add(jobs.Backoff(1))) {
			t.Fatalf("panicking job: %+v", got)
		}
		if fmt.Sprint(ran) != "[2]" || e.mustJob(t, j2.ID).Status != haizhi.JobDone {
			t.Fatalf("the job after the panic: ran %v, %+v", ran, e.mustJob(t, j2.ID))
		}
		e.clock.Advance(jobs.Backoff(1))
		r.Tick(context.Background())
		if got := e.mustJob(t, j1.ID); fmt.Sprint(ran) != "[2 1]" || got.Status != haizhi.JobDone || got.Attempts != 2 {
			t.Fatalf("retry after the panic: ran %v, %+v", ran, got)
		}
	})
}

func TestTickRunsPeriodicOncePerSlot(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		runs := map[string]int{}
		periodic := func(node string) jobs.Periodic {
			return jobs.Periodic{Name: "digest", Every: time.Hour, Run: func(context.Context) error {
				runs[node]++
				return nil
			}}
		}
		a, b := e.runner(t, "node-a", nil), e.runner(t, "node-b", nil)
		a.Periodic, b.Periodic = []jobs.Periodic{periodic("node-a")}, []jobs.Periodic{periodic("node-b")}
		tickBoth := func() {
			a.Tick(context.Background())
			b.Tick(context.Background())
			a.Tick(context.Background())
		}
		tickBoth()
		if runs["node-a"] != 1 || runs["node-b"] != 0 {
			t.Fatalf("first slot: %v", runs)
		}
		e.clock.Advance(59 * time.Minute)
		tickBoth()
		if runs["node-a"]+runs["node-b"] != 1 {
			t.Fatalf("same slot ran again: %v", runs)
		}
		e.clock.Advance(time.Minute)
		b.Tick(context.Background())
		a.Tick(context.Background())
		if runs["node-a"] != 1 || runs["node-b"] != 1 {
			t.Fatalf("next slot: %v", runs)
		}
	})
}
