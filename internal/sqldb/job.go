package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// JobQueue implements haizhi.JobQueue on the jobs and periodic_runs tables. Claiming,
// completing and failing jobs is the queue's own bookkeeping: it needs no actor and is
// not audited (the job row is the record); the work a job does audits as usual.
type JobQueue struct{ db *DB }

// NewJobQueue returns the job queue of db.
func NewJobQueue(db *DB) *JobQueue { return &JobQueue{db: db} }

var _ haizhi.JobQueue = (*JobQueue)(nil)

// defaultLease is used when ClaimJob is given no lease.
const defaultLease = 5 * time.Minute

const jobColumns = `id, kind, payload, status, run_at, attempts, max_attempts, last_error, locked_by, locked_until, created_at, done_at`

func scanJob(s interface{ Scan(...any) error }) (*haizhi.Job, error) {
	j := &haizhi.Job{}
	var payload string
	var lockedUntil, doneAt sql.NullTime
	err := s.Scan(&j.ID, &j.Kind, &payload, &j.Status, &j.RunAt, &j.Attempts, &j.MaxAttempts, &j.LastError, &j.LockedBy,
		&lockedUntil, &j.CreatedAt, &doneAt)
	j.Payload = json.RawMessage(payload)
	j.RunAt, j.CreatedAt = j.RunAt.UTC(), j.CreatedAt.UTC()
	j.LockedUntil, j.DoneAt = timePtr(lockedUntil), timePtr(doneAt)
	return j, err
}

func findJob(tx *Tx, id int64) (*haizhi.Job, error) {
	j, err := scanJob(tx.QueryRow(`SELECT `+jobColumns+` FROM jobs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("job")
	} else if err != nil {
		return nil, fmt.Errorf("find job: %w", err)
	}
	return j, nil
}

// insertJob adds a queued job in tx; runAt zero means now. payload is marshalled to JSON
// (nil becomes {}).
func insertJob(tx *Tx, kind string, payload any, runAt time.Time) (int64, error) {
	if kind == "" {
		return 0, haizhi.Invalid(map[string]string{"kind": "error.required"})
	}
	body := []byte("{}")
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			return 0, fmt.Errorf("insert job: payload: %w", err)
		}
		body = b
	}
	if runAt.IsZero() {
		runAt = tx.now
	}
	id, err := tx.InsertID(`INSERT INTO jobs (kind, payload, status, run_at, created_at) VALUES (?, ?, ?, ?, ?)`,
		kind, string(body), string(haizhi.JobQueued), dbTime(runAt), tx.now)
	if err != nil {
		return 0, fmt.Errorf("insert job: %w", err)
	}
	return id, nil
}

// EnqueueJob adds a job to run at runAt (now when zero).
func (q *JobQueue) EnqueueJob(ctx context.Context, kind string, payload any, runAt time.Time) (*haizhi.Job, error) {
	tx, err := q.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	id, err := insertJob(tx, kind, payload, runAt)
	if err != nil {
		return nil, err
	}
	j, err := findJob(tx, id)
	if err != nil {
		return nil, err
	}
	return j, tx.Commit()
}

// ClaimJob takes the next due job of one of kinds for worker and leases it until now +
// lease (five minutes when lease is not positive); a running job whose lease has expired
// is due again. Attempts counts claims. ENOTFOUND when nothing is due or kinds is empty.
//
// On PostgreSQL the inner SELECT … FOR UPDATE SKIP LOCKED lets concurrent workers pass
// over a row another is claiming; on SQLite the single writer serialises claims.
func (q *JobQueue) ClaimJob(ctx context.Context, worker string, kinds []string, lease time.Duration) (*haizhi.Job, error) {
	if len(kinds) == 0 {
		return nil, haizhi.NotFound("job")
	}
	if lease <= 0 {
		lease = defaultLease
	}
	tx, err := q.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// A job whose last permitted attempt died with its worker (a crash, an OOM kill) would
	// otherwise be claimed for ever: fail it instead.
	if _, err := tx.Exec(`UPDATE jobs SET status = ?, done_at = ?, locked_until = NULL, last_error = ?
		WHERE status = ? AND locked_until < ? AND attempts >= max_attempts`,
		string(haizhi.JobFailed), tx.now, "lease expired on the last attempt", string(haizhi.JobRunning), tx.now); err != nil {
		return nil, fmt.Errorf("claim job: %w", err)
	}
	args := []any{string(haizhi.JobRunning), worker, tx.now.Add(lease),
		string(haizhi.JobQueued), tx.now, string(haizhi.JobRunning), tx.now}
	for _, k := range kinds {
		args = append(args, k)
	}
	var id int64
	err = tx.QueryRow(`UPDATE jobs SET status = ?, attempts = attempts + 1, locked_by = ?, locked_until = ?
		WHERE id = (SELECT id FROM jobs
			WHERE ((status = ? AND run_at <= ?) OR (status = ? AND locked_until < ?)) AND kind IN (`+qmarks(len(kinds))+`)
			ORDER BY run_at, id LIMIT 1`+q.db.dialect.skipLocked()+`)
		RETURNING id`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		// Commit anyway: jobs failed above for an expired last attempt stay failed.
		if err := tx.Commit(); err != nil {
			return nil, err
		}
		return nil, haizhi.NotFound("job")
	} else if err != nil {
		return nil, fmt.Errorf("claim job: %w", err)
	}
	j, err := findJob(tx, id)
	if err != nil {
		return nil, err
	}
	return j, tx.Commit()
}

// errNotHeld is returned when a worker reports on a job it no longer holds: its lease
// expired and another worker claimed the job, or the job is not running.
func errNotHeld(id int64, worker string) error {
	return haizhi.Errorf(haizhi.ECONFLICT, "error.conflict", "Job %d is not held by %s.", id, worker)
}

// CompleteJob marks a job done; ECONFLICT when worker no longer holds it.
func (q *JobQueue) CompleteJob(ctx context.Context, id int64, worker string) error {
	tx, err := q.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.Exec(`UPDATE jobs SET status = ?, done_at = ?, locked_until = NULL, last_error = ''
		WHERE id = ? AND status = ? AND locked_by = ?`,
		string(haizhi.JobDone), tx.now, id, string(haizhi.JobRunning), worker)
	if err != nil {
		return fmt.Errorf("complete job: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotHeld(id, worker)
	}
	return tx.Commit()
}

// FailJob records a failed attempt. The job is queued again for retryAt, or marked
// failed when it has used its attempts or retryAt is zero. ECONFLICT when worker no
// longer holds it.
func (q *JobQueue) FailJob(ctx context.Context, id int64, worker string, cause string, retryAt time.Time) error {
	tx, err := q.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var attempts, maxAttempts int
	err = tx.QueryRow(`SELECT attempts, max_attempts FROM jobs WHERE id = ? AND status = ? AND locked_by = ?`,
		id, string(haizhi.JobRunning), worker).Scan(&attempts, &maxAttempts)
	if errors.Is(err, sql.ErrNoRows) {
		return errNotHeld(id, worker)
	} else if err != nil {
		return fmt.Errorf("fail job: %w", err)
	}
	cause = truncateRunes(cause, 2000)
	var res sql.Result
	if retryAt.IsZero() || attempts >= maxAttempts {
		res, err = tx.Exec(`UPDATE jobs SET status = ?, last_error = ?, done_at = ?, locked_until = NULL
			WHERE id = ? AND status = ? AND locked_by = ?`,
			string(haizhi.JobFailed), cause, tx.now, id, string(haizhi.JobRunning), worker)
	} else {
		res, err = tx.Exec(`UPDATE jobs SET status = ?, last_error = ?, run_at = ?, locked_by = '', locked_until = NULL
			WHERE id = ? AND status = ? AND locked_by = ?`,
			string(haizhi.JobQueued), cause, dbTime(retryAt), id, string(haizhi.JobRunning), worker)
	}
	if err != nil {
		return fmt.Errorf("fail job: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotHeld(id, worker)
	}
	return tx.Commit()
}

// ClaimPeriodic inserts the (name, slot) row; the one caller whose insert lands gets
// true, every other caller false, on every node of the cluster.
func (q *JobQueue) ClaimPeriodic(ctx context.Context, name string, slot time.Time, node string) (bool, error) {
	tx, err := q.db.BeginTx(ctx, true)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	res, err := tx.Exec(`INSERT INTO periodic_runs (name, slot, node, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		name, dbTime(slot), node, tx.now)
	if err != nil {
		return false, fmt.Errorf("claim periodic %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim periodic %s: %w", name, err)
	}
	return n == 1, tx.Commit()
}

// FindJobs lists jobs newest first, all statuses when status is empty (PermJobView on
// any unit: jobs belong to no unit).
func (q *JobQueue) FindJobs(ctx context.Context, status haizhi.JobStatus, page haizhi.Page) ([]*haizhi.Job, int, error) {
	if !haizhi.ActorFromContext(ctx).CanAnywhere(haizhi.PermJobView) {
		return nil, 0, haizhi.Authorize(ctx, haizhi.PermJobView, "")
	}
	tx, err := q.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	cond, args := "1 = 1", []any{}
	if status != "" {
		cond, args = "status = ?", append(args, string(status))
	}
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM jobs WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count jobs: %w", err)
	}
	if page.CountOnly {
		return nil, total, nil
	}
	p := page.Normalize()
	rows, err := tx.Query(`SELECT `+jobColumns+` FROM jobs WHERE `+cond+` ORDER BY id DESC`+pageClause(p), append(args, p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find jobs: %w", err)
	}
	defer rows.Close()
	var out []*haizhi.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan job: %w", err)
		}
		out = append(out, j)
	}
	return out, total, rows.Err()
}

// PurgeOld deletes what housekeeping no longer needs: jobs done before before, periodic
// claims for slots before before, used or expired email tokens that expired before
// before, sign-in failures older than haizhi.LoginWindow (they no longer count) and
// expired sessions. It returns how many rows went. Failed jobs are kept for inspection.
func (q *JobQueue) PurgeOld(ctx context.Context, before time.Time) (int, error) {
	tx, err := q.db.BeginTx(ctx, true)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	before = dbTime(before)
	steps := []struct {
		query string
		args  []any
	}{
		{`DELETE FROM jobs WHERE status = ? AND done_at < ?`, []any{string(haizhi.JobDone), before}},
		{`DELETE FROM periodic_runs WHERE slot < ?`, []any{before}},
		{`DELETE FROM email_tokens WHERE expires_at < ?`, []any{before}},
		{`DELETE FROM login_failures WHERE at < ?`, []any{tx.now.Add(-haizhi.LoginWindow)}},
		{`DELETE FROM sessions WHERE expiry < ?`, []any{tx.now}},
	}
	total := 0
	for _, st := range steps {
		res, err := tx.Exec(st.query, st.args...)
		if err != nil {
			return 0, fmt.Errorf("purge: %s: %w", strings.Fields(st.query)[2], err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
	}
	return total, tx.Commit()
}
