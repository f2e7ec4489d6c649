// Package jobs runs background work kept in the database: queued jobs (mail first) with
// retries, and periodic jobs that run once per cluster however many nodes are up.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// Handler does one job. A returned error schedules a retry with backoff; an error
// wrapped by Permanent fails the job at once.
type Handler func(ctx context.Context, job *haizhi.Job) error

// Periodic is work that runs every Every, on exactly one node per period.
type Periodic struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context) error
}

// Runner claims and runs jobs. Start one per node; nodes share the work through the queue.
type Runner struct {
	Queue    haizhi.JobQueue
	Node     string // names this node in locks, e.g. hostname:pid
	Handlers map[string]Handler
	Periodic []Periodic
	Logger   *slog.Logger
	Now      func() time.Time
	Poll     time.Duration // how often to look for work when idle (default 1s)
	Lease    time.Duration // how long a claimed job is ours before others may retry it (default 5m)

	mu        sync.Mutex
	lastSlots map[string]time.Time
}

type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks an error that retrying cannot fix.
func Permanent(err error) error { return permanentError{err} }

func (r *Runner) defaults() {
	if r.Logger == nil {
		r.Logger = slog.Default()
	}
	if r.Now == nil {
		r.Now = time.Now
	}
	if r.Poll <= 0 {
		r.Poll = time.Second
	}
	if r.Lease <= 0 {
		r.Lease = 5 * time.Minute
	}
	if r.lastSlots == nil {
		r.lastSlots = map[string]time.Time{}
	}
}

// Run works until ctx is cancelled. A job in flight when ctx ends is left to its lease:
// another node (or this one, restarted) claims it again when the lease expires.
func (r *Runner) Run(ctx context.Context) error {
	r.mu.Lock()
	r.defaults()
	r.mu.Unlock()
	// Stagger nodes a little so they do not poll in lock step.
	jitter := time.Duration(rand.Int64N(int64(r.Poll)/2 + 1))
	t := time.NewTimer(jitter)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		r.Tick(ctx)
		t.Reset(r.Poll)
	}
}

// Tick runs due periodic work, then every due job, and returns. Tests call it directly.
func (r *Runner) Tick(ctx context.Context) {
	r.mu.Lock()
	r.defaults()
	r.mu.Unlock()
	r.runPeriodic(ctx)
	kinds := make([]string, 0, len(r.Handlers))
	for k := range r.Handlers {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	if len(kinds) == 0 {
		return
	}
	for ctx.Err() == nil {
		job, err := r.Queue.ClaimJob(ctx, r.Node, kinds, r.Lease)
		if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
			return
		} else if err != nil {
			if ctx.Err() == nil {
				r.Logger.Error("claim job", "err", err)
			}
			return
		}
		r.runJob(ctx, job)
	}
}

func (r *Runner) runJob(ctx context.Context, job *haizhi.Job) {
	start := r.Now()
	err := r.safeRun(ctx, job)
	log := r.Logger.With("job_id", job.ID, "kind", job.Kind, "attempt", job.Attempts, "duration_ms", r.Now().Sub(start).Milliseconds())
	if err == nil {
		if err := r.Queue.CompleteJob(ctx, job.ID, r.Node); err != nil {
			log.Error("complete job", "err", err)
		}
		return
	}
	retryAt := r.Now().Add(Backoff(job.Attempts))
	var perm permanentError
	if errors.As(err, &perm) {
		retryAt = time.Time{} // the queue fails a job at once when told no retry time
	}
	log.Warn("job failed", "err", err)
	if ferr := r.Queue.FailJob(ctx, job.ID, r.Node, err.Error(), retryAt); ferr != nil {
		log.Error("record job failure", "err", ferr)
	}
}

func (r *Runner) safeRun(ctx context.Context, job *haizhi.Job) (err error) {
	h := r.Handlers[job.Kind]
	if h == nil {
		return Permanent(fmt.Errorf("no handler for job kind %q", job.Kind))
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job panicked: %v", p)
		}
	}()
	return h(ctx, job)
}

// Backoff is the wait before retry n (1-based): 10s, 20s, 40s … capped at one hour.
func Backoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := 10 * time.Second
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// runPeriodic claims this period's slot of each periodic job; the one node whose claim
// wins runs it.
func (r *Runner) runPeriodic(ctx context.Context) {
	now := r.Now().UTC()
	for _, p := range r.Periodic {
		slot := now.Truncate(p.Every)
		r.mu.Lock()
		seen := !r.lastSlots[p.Name].Before(slot)
		r.lastSlots[p.Name] = slot
		r.mu.Unlock()
		if seen {
			continue
		}
		won, err := r.Queue.ClaimPeriodic(ctx, p.Name, slot, r.Node)
		if err != nil {
			r.Logger.Error("claim periodic job", "name", p.Name, "err", err)
			continue
		}
		if !won {
			continue
		}
		if err := p.Run(ctx); err != nil {
			r.Logger.Error("periodic job failed", "name", p.Name, "err", err)
		}
	}
}
