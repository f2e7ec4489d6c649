package haizhi

import (
	"context"
	"time"
)

// AuditEvent records one write: who, what, on which record, from where. Events form a hash
// chain: Hash covers the event's fields and PrevHash, so editing or deleting any row breaks
// the chain from that row on.
type AuditEvent struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id,omitempty"` // 0 for the system or a guest
	Actor      string    `json:"actor"`              // email, "system:<name>" or "guest"
	Action     string    `json:"action"`             // e.g. "post.publish"
	RecordType string    `json:"record_type"`
	RecordID   string    `json:"record_id"`
	UnitPath   string    `json:"unit_path,omitempty"`
	Summary    string    `json:"summary"` // JSON of the change, secrets never included
	IP         string    `json:"ip,omitempty"`
	RequestID  string    `json:"request_id,omitempty"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// AuditFilter selects events, newest first.
type AuditFilter struct {
	Action     string
	RecordType string
	RecordID   string
	ActorID    int64
	Page       Page
}

// AuditVerification is the result of checking the chain.
type AuditVerification struct {
	Checked  int    `json:"checked"`
	OK       bool   `json:"ok"`
	BrokenID int64  `json:"broken_id,omitempty"` // the first event that does not verify
	Reason   string `json:"reason,omitempty"`
}

// AuditService reads the log. Writes happen inside every other service's transaction.
type AuditService interface {
	// FindAuditEvents lists events within the actor's PermAuditView scope.
	FindAuditEvents(ctx context.Context, f AuditFilter) ([]*AuditEvent, int, error)
	// VerifyAudit walks the whole chain in order and reports the first broken event.
	VerifyAudit(ctx context.Context) (*AuditVerification, error)
}
