package haizhi

import (
	"context"
	"encoding/json"
	"time"
)

// JobStatus is where a background job is.
type JobStatus string

// Job statuses.
const (
	JobQueued  JobStatus = "queued"
	JobRunning JobStatus = "running"
	JobDone    JobStatus = "done"
	JobFailed  JobStatus = "failed" // gave up after MaxAttempts
)

// Job is a unit of background work kept in the database, so that any node may run it and
// a killed process loses nothing: a running job whose lease expires is claimed again.
type Job struct {
	ID          int64           `json:"id"`
	Kind        string          `json:"kind"`
	Payload     json.RawMessage `json:"payload"`
	Status      JobStatus       `json:"status"`
	RunAt       time.Time       `json:"run_at"`
	Attempts    int             `json:"attempts"`
	MaxAttempts int             `json:"max_attempts"`
	LastError   string          `json:"last_error,omitempty"`
	LockedBy    string          `json:"locked_by,omitempty"`
	LockedUntil *time.Time      `json:"locked_until,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	DoneAt      *time.Time      `json:"done_at,omitempty"`
}

// JobQueue stores background jobs.
type JobQueue interface {
	// EnqueueJob adds a job to run at runAt (now when zero).
	EnqueueJob(ctx context.Context, kind string, payload any, runAt time.Time) (*Job, error)
	// ClaimJob takes the next due job of one of the kinds for worker, leasing it for
	// lease. ENOTFOUND when none is due. Two workers never hold the same job.
	ClaimJob(ctx context.Context, worker string, kinds []string, lease time.Duration) (*Job, error)
	// CompleteJob marks a claimed job done.
	CompleteJob(ctx context.Context, id int64, worker string) error
	// FailJob records a failure; the job runs again at retryAt, or is marked failed when
	// it has used MaxAttempts or when retryAt is zero (a failure retrying cannot fix).
	FailJob(ctx context.Context, id int64, worker string, cause string, retryAt time.Time) error
	// ClaimPeriodic returns true for exactly one caller per (name, slot) across the
	// cluster; periodic work runs only when it returns true.
	ClaimPeriodic(ctx context.Context, name string, slot time.Time, node string) (bool, error)
	// FindJobs lists jobs, newest first (PermJobView).
	FindJobs(ctx context.Context, status JobStatus, page Page) ([]*Job, int, error)
}
