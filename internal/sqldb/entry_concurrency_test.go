package sqldb_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// parallel runs fn(i) for i in [0, n) on up to width goroutines and returns the first error.
func parallel(n, width int, fn func(i int) error) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	sem := make(chan struct{}, width)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := fn(i); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// TestFiveHundredSubmitAtOnce: 500 applicants submit in the same minute, each with a
// double click (two submits at once) and a retried draft save (the same create key
// twice). Every entry lands exactly once, every applicant gets one confirmation, and the
// audit chain holds.
func TestFiveHundredSubmitAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 500 applicants")
	}
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		const n = 500
		tr := mustTree(t, db)
		svc := sqldb.NewEntryService(db)
		op, ed := mustOpenEdition(t, db, tr)
		users := make([]*haizhi.User, n)
		entries := make([]int64, n)
		err := parallel(n, 20, func(i int) error {
			users[i] = mustApplicant(t, db, tr, fmt.Sprintf("applicant%03d@example.org", i))
			ctx := as(users[i])
			in := entryInput(ed, fmt.Sprintf("key-%03d", i), users[i].Email, fmt.Sprintf("项目%03d", i))
			var ids [2]int64
			if err := parallel(2, 2, func(j int) error {
				e, err := svc.SaveEntry(ctx, in)
				if err == nil {
					ids[j] = e.ID
				}
				return err
			}); err != nil {
				return fmt.Errorf("draft %d: %w", i, err)
			}
			if ids[0] != ids[1] {
				return fmt.Errorf("draft %d: a retried save made two entries %v", i, ids)
			}
			entries[i] = ids[0]
			attachPlan(t, svc, ctx, ids[0])
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// The same minute: every applicant clicks submit twice at once.
		err = parallel(n*2, n*2, func(k int) error {
			i := k / 2
			e, err := svc.SubmitEntry(as(users[i]), entries[i])
			if err != nil {
				return fmt.Errorf("submit %d: %w", i, err)
			}
			if e.Status != haizhi.EntrySubmitted {
				return fmt.Errorf("submit %d: status %s", i, e.Status)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, total, err := svc.FindEntries(as(op), haizhi.EntryFilter{EditionID: ed.ID, Page: haizhi.CountOnly})
		if err != nil || total != n {
			t.Fatalf("entries = %d, want %d: %v", total, n, err)
		}
		_, submitted, err := svc.FindEntries(as(op), haizhi.EntryFilter{EditionID: ed.ID, Status: haizhi.EntrySubmitted, Page: haizhi.CountOnly})
		if err != nil || submitted != n {
			t.Fatalf("submitted = %d, want %d: %v", submitted, n, err)
		}
		var mails int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM mail_messages WHERE kind = 'entry_update'`).Scan(&mails); err != nil || mails != n {
			t.Fatalf("confirmation mails = %d, want %d: %v", mails, n, err)
		}
		mustAuditOK(t, db)
	})
}
