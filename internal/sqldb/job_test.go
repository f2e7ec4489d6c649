package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

func TestJobClaimIsExclusive(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		q := sqldb.NewJobQueue(db)
		ctx := context.Background()
		const n = 50
		for i := range n {
			if _, err := q.EnqueueJob(ctx, "test.work", map[string]int{"n": i}, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := q.EnqueueJob(ctx, "other.kind", nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
		var (
			mu      sync.Mutex
			claims  = map[int64]string{}
			claimed atomic.Int32
			wg      sync.WaitGroup
		)
		deadline := time.Now().Add(30 * time.Second)
		for w := range 2 {
			worker := fmt.Sprintf("w%d", w)
			wg.Go(func() {
				// PostgreSQL may answer "none" while the other worker holds the last
				// rows, so a worker stops only when every job is accounted for.
				for claimed.Load() < n && time.Now().Before(deadline) {
					job, err := q.ClaimJob(ctx, worker, []string{"test.work"}, time.Minute)
					if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
						continue
					} else if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					if prev, ok := claims[job.ID]; ok {
						t.Errorf("job %d claimed by %s and %s", job.ID, prev, worker)
					}
					claims[job.ID] = worker
					mu.Unlock()
					claimed.Add(1)
					if err := q.CompleteJob(ctx, job.ID, worker); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		if len(claims) != n || claimed.Load() != n {
			t.Fatalf("%d distinct jobs claimed %d times, want %d", len(claims), claimed.Load(), n)
		}
		if _, err := q.ClaimJob(ctx, "w0", []string{"test.work"}, time.Minute); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("claim after all done: %v", err)
		}
		if _, err := q.ClaimJob(ctx, "w0", nil, time.Minute); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("claim with no kinds: %v", err)
		}
		sys := haizhi.NewContextWithActor(ctx, haizhi.SystemActor("test"))
		if _, total, err := q.FindJobs(sys, haizhi.JobDone, haizhi.Page{}); err != nil || total != n {
			t.Fatalf("done jobs: %d %v", total, err)
		}
		if list, total, err := q.FindJobs(sys, "", haizhi.Page{Limit: 1}); err != nil || total != n+1 || list[0].Kind != "other.kind" {
			t.Fatalf("all jobs: %d %v", total, err)
		}
		wantCode(t, func() error { _, _, err := q.FindJobs(ctx, "", haizhi.Page{}); return err }(), haizhi.EUNAUTHORIZED)
	})
}

func TestJobLifecycle(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		q := sqldb.NewJobQueue(db)
		ctx := context.Background()
		kinds := []string{"test.work"}

		t.Run("future jobs wait", func(t *testing.T) {
			local := time.FixedZone("CST", 8*3600)
			j, err := q.EnqueueJob(ctx, "test.work", nil, clock.Now().Add(time.Hour).In(local))
			if err != nil || string(j.Payload) != "{}" || j.Status != haizhi.JobQueued || j.MaxAttempts != 8 {
				t.Fatalf("enqueue: %+v %v", j, err)
			}
			wantCode(t, func() error { _, err := q.ClaimJob(ctx, "w1", kinds, time.Minute); return err }(), haizhi.ENOTFOUND)
			clock.Advance(time.Hour)
			got, err := q.ClaimJob(ctx, "w1", kinds, time.Minute)
			if err != nil || got.ID != j.ID {
				t.Fatalf("due job: %+v %v", got, err)
			}
			if err := q.CompleteJob(ctx, j.ID, "w1"); err != nil {
				t.Fatal(err)
			}
			wantCode(t, q.CompleteJob(ctx, j.ID, "w1"), haizhi.ECONFLICT)
		})
		t.Run("an expired lease is claimed again", func(t *testing.T) {
			j, _ := q.EnqueueJob(ctx, "test.work", map[string]string{"k": "v"}, time.Time{})
			c1, err := q.ClaimJob(ctx, "w1", kinds, time.Minute)
			if err != nil || c1.ID != j.ID || c1.Attempts != 1 || c1.Status != haizhi.JobRunning || c1.LockedBy != "w1" ||
				!c1.LockedUntil.Equal(clock.Now().Add(time.Minute)) {
				t.Fatalf("claim: %+v %v", c1, err)
			}
			wantCode(t, func() error { _, err := q.ClaimJob(ctx, "w2", kinds, time.Minute); return err }(), haizhi.ENOTFOUND)
			clock.Advance(2 * time.Minute)
			c2, err := q.ClaimJob(ctx, "w2", kinds, time.Minute)
			if err != nil || c2.ID != j.ID || c2.Attempts != 2 || c2.LockedBy != "w2" {
				t.Fatalf("reclaim: %+v %v", c2, err)
			}
			wantCode(t, q.CompleteJob(ctx, j.ID, "w1"), haizhi.ECONFLICT)
			wantCode(t, q.FailJob(ctx, j.ID, "w1", "late", clock.Now()), haizhi.ECONFLICT)
			if err := q.CompleteJob(ctx, j.ID, "w2"); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("failures retry, then fail", func(t *testing.T) {
			j, _ := q.EnqueueJob(ctx, "test.work", nil, time.Time{})
			for attempt := 1; attempt <= 8; attempt++ {
				c, err := q.ClaimJob(ctx, "w1", kinds, time.Minute)
				if err != nil || c.ID != j.ID || c.Attempts != attempt {
					t.Fatalf("attempt %d: %+v %v", attempt, c, err)
				}
				if err := q.FailJob(ctx, j.ID, "w1", fmt.Sprintf("boom %d", attempt), clock.Now().Add(10*time.Second)); err != nil {
					t.Fatal(err)
				}
				if attempt < 8 {
					wantCode(t, func() error { _, err := q.ClaimJob(ctx, "w1", kinds, time.Minute); return err }(), haizhi.ENOTFOUND)
				}
				clock.Advance(10 * time.Second)
			}
			sys := haizhi.NewContextWithActor(ctx, haizhi.SystemActor("test"))
			list, _, _ := q.FindJobs(sys, haizhi.JobFailed, haizhi.Page{})
			if len(list) != 1 || list[0].ID != j.ID || list[0].LastError != "boom 8" || list[0].DoneAt == nil {
				t.Fatalf("failed jobs: %+v", list)
			}
			wantCode(t, func() error { _, err := q.ClaimJob(ctx, "w1", kinds, time.Minute); return err }(), haizhi.ENOTFOUND)
		})
		t.Run("no retry time fails at once", func(t *testing.T) {
			j, _ := q.EnqueueJob(ctx, "test.work", nil, time.Time{})
			q.ClaimJob(ctx, "w1", kinds, time.Minute)
			if err := q.FailJob(ctx, j.ID, "w1", "permanent", time.Time{}); err != nil {
				t.Fatal(err)
			}
			sys := haizhi.NewContextWithActor(ctx, haizhi.SystemActor("test"))
			if _, n, _ := q.FindJobs(sys, haizhi.JobFailed, haizhi.Page{}); n != 2 {
				t.Fatalf("%d failed jobs", n)
			}
		})
		t.Run("a job that dies on its last attempt fails", func(t *testing.T) {
			j, _ := q.EnqueueJob(ctx, "test.work", nil, time.Time{})
			for attempt := 1; attempt <= 8; attempt++ {
				if c, err := q.ClaimJob(ctx, "w1", kinds, time.Minute); err != nil || c.ID != j.ID {
					t.Fatalf("attempt %d: %v %v", attempt, c, err)
				}
				clock.Advance(2 * time.Minute) // the worker died
			}
			wantCode(t, func() error { _, err := q.ClaimJob(ctx, "w1", kinds, time.Minute); return err }(), haizhi.ENOTFOUND)
			sys := haizhi.NewContextWithActor(ctx, haizhi.SystemActor("test"))
			if list, _, _ := q.FindJobs(sys, haizhi.JobFailed, haizhi.Page{Limit: 1}); list[0].ID != j.ID || list[0].Attempts != 8 {
				t.Fatalf("dead job: %+v", list[0])
			}
		})
		t.Run("purge", func(t *testing.T) {
			q.ClaimPeriodic(ctx, "purge-test", clock.Now().Add(-48*time.Hour), "n1")
			clock.Advance(24 * time.Hour)
			n, err := q.PurgeOld(ctx, clock.Now().Add(-time.Hour))
			if err != nil || n != 2+1 { // two done jobs, one periodic claim
				t.Fatalf("purged %d: %v", n, err)
			}
			sys := haizhi.NewContextWithActor(ctx, haizhi.SystemActor("test"))
			if _, n, _ := q.FindJobs(sys, "", haizhi.Page{}); n != 3 {
				t.Fatalf("%d jobs left, want the 3 failed", n)
			}
		})
	})
}

func TestClaimPeriodic(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		q := sqldb.NewJobQueue(db)
		ctx := context.Background()
		slot := clock.Now().Truncate(time.Hour)
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 2 {
			node := fmt.Sprintf("node-%d", i)
			// The same instant in another zone is the same slot.
			s := slot
			if i == 1 {
				s = slot.In(time.FixedZone("CST", 8*3600))
			}
			wg.Go(func() {
				for range 5 {
					won, err := q.ClaimPeriodic(ctx, "digest", s, node)
					if err != nil {
						t.Error(err)
					}
					if won {
						wins.Add(1)
					}
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("%d winners for one slot", wins.Load())
		}
		if won, err := q.ClaimPeriodic(ctx, "digest", slot.Add(time.Hour), "node-1"); err != nil || !won {
			t.Fatalf("next slot: %v %v", won, err)
		}
		if won, err := q.ClaimPeriodic(ctx, "other", slot, "node-1"); err != nil || !won {
			t.Fatalf("other name: %v %v", won, err)
		}
	})
}
