package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// genesisHash is the PrevHash of the first event.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Audit records an event to append when the transaction commits. summary is marshalled to
// JSON; it must never hold secrets.
func (tx *Tx) Audit(action, recordType string, recordID any, unitPath string, summary any) {
	a := tx.Actor()
	ev := &haizhi.AuditEvent{
		At: tx.now, Actor: a.AuditName(), Action: action, RecordType: recordType,
		RecordID: fmt.Sprint(recordID), UnitPath: unitPath,
	}
	if a != nil {
		ev.ActorID, ev.IP, ev.RequestID = a.UserID, a.IP, a.RequestID
	}
	if summary != nil {
		b, err := json.Marshal(summary)
		if err != nil {
			b = []byte(strconv.Quote(fmt.Sprint(summary)))
		}
		ev.Summary = string(b)
	}
	tx.pending = append(tx.pending, ev)
}

// flushAudit appends pending events to the chain: it takes the chain lock (PostgreSQL),
// reads the tail, and inserts each event with the next id and its hash.
func (tx *Tx) flushAudit() error {
	if len(tx.pending) == 0 {
		return nil
	}
	if q := tx.db.dialect.serializeAudit(); q != "" {
		if _, err := tx.Exec(q); err != nil {
			return err
		}
	}
	var lastID int64
	prev := genesisHash
	err := tx.QueryRow(`SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1`).Scan(&lastID, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	for _, ev := range tx.pending {
		ev.ID = lastID + 1
		ev.PrevHash = prev
		ev.Hash = auditHash(ev)
		if _, err := tx.Exec(`INSERT INTO audit_events (id, at, actor_id, actor, action, record_type, record_id, unit_path, summary, ip, request_id, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ev.ID, ev.At, ev.ActorID, ev.Actor, ev.Action, ev.RecordType, ev.RecordID, ev.UnitPath, ev.Summary, ev.IP, ev.RequestID, ev.PrevHash, ev.Hash); err != nil {
			return err
		}
		lastID, prev = ev.ID, ev.Hash
	}
	tx.pending = nil
	return nil
}

// auditHash is SHA-256 over the event's fields and the previous hash, each field
// length-prefixed so that no two different events encode alike.
func auditHash(ev *haizhi.AuditEvent) string {
	h := sha256.New()
	for _, f := range []string{
		strconv.FormatInt(ev.ID, 10),
		ev.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(ev.ActorID, 10),
		ev.Actor, ev.Action, ev.RecordType, ev.RecordID, ev.UnitPath, ev.Summary, ev.IP, ev.RequestID,
		ev.PrevHash,
	} {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AuditService reads and verifies the audit log.
type AuditService struct{ db *DB }

// NewAuditService returns the audit service of db.
func NewAuditService(db *DB) *AuditService { return &AuditService{db: db} }

const auditColumns = `id, at, actor_id, actor, action, record_type, record_id, unit_path, summary, ip, request_id, prev_hash, hash`

func scanAudit(s interface{ Scan(...any) error }) (*haizhi.AuditEvent, error) {
	ev := &haizhi.AuditEvent{}
	err := s.Scan(&ev.ID, &ev.At, &ev.ActorID, &ev.Actor, &ev.Action, &ev.RecordType, &ev.RecordID, &ev.UnitPath,
		&ev.Summary, &ev.IP, &ev.RequestID, &ev.PrevHash, &ev.Hash)
	ev.At = ev.At.UTC()
	return ev, err
}

// FindAuditEvents lists events newest first within the actor's PermAuditView scope.
// Events with no unit (sign-ins, system work) are visible to holders of the root only.
func (s *AuditService) FindAuditEvents(ctx context.Context, f haizhi.AuditFilter) ([]*haizhi.AuditEvent, int, error) {
	a := haizhi.ActorFromContext(ctx)
	if !a.CanAnywhere(haizhi.PermAuditView) {
		return nil, 0, haizhi.Authorize(ctx, haizhi.PermAuditView, "")
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()

	scope, args := scopeClause("unit_path", a.Scope(haizhi.PermAuditView))
	if a.System || a.Can(haizhi.PermAuditView, rootPathOf(a)) {
		scope = "(" + scope + " OR unit_path = '')"
	}
	where := []string{scope}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.RecordType != "" {
		where, args = append(where, "record_type = ?"), append(args, f.RecordType)
	}
	if f.RecordID != "" {
		where, args = append(where, "record_id = ?"), append(args, f.RecordID)
	}
	if f.ActorID != 0 {
		where, args = append(where, "actor_id = ?"), append(args, f.ActorID)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count audit events: %w", err)
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	rows, err := tx.Query(`SELECT `+auditColumns+` FROM audit_events WHERE `+cond+` ORDER BY id DESC`+pageClause(p),
		append(args, p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find audit events: %w", err)
	}
	defer rows.Close()
	var out []*haizhi.AuditEvent
	for rows.Next() {
		ev, err := scanAudit(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan audit event: %w", err)
		}
		out = append(out, ev)
	}
	return out, total, rows.Err()
}

// VerifyAudit walks the chain in id order, in batches, and reports the first event whose
// id, previous hash or own hash does not match. It needs PermAuditView on the root (the
// check covers events of every unit) or the system actor.
func (s *AuditService) VerifyAudit(ctx context.Context) (*haizhi.AuditVerification, error) {
	a := haizhi.ActorFromContext(ctx)
	if !a.System && !a.Can(haizhi.PermAuditView, rootPathOf(a)) {
		return nil, haizhi.ErrForbidden
	}
	res := &haizhi.AuditVerification{OK: true}
	prev, lastID := genesisHash, int64(0)
	for {
		batch, err := s.auditBatch(ctx, lastID, 1000)
		if err != nil {
			return nil, err
		}
		for _, ev := range batch {
			res.Checked++
			switch {
			case ev.ID != lastID+1:
				return broken(res, lastID+1, fmt.Sprintf("event %d is missing (next id found is %d)", lastID+1, ev.ID)), nil
			case ev.PrevHash != prev:
				return broken(res, ev.ID, "previous-hash link does not match the event before it"), nil
			case auditHash(ev) != ev.Hash:
				return broken(res, ev.ID, "content does not match its hash (the row was changed)"), nil
			}
			prev, lastID = ev.Hash, ev.ID
		}
		if len(batch) < 1000 {
			return res, nil
		}
	}
}

func broken(res *haizhi.AuditVerification, id int64, reason string) *haizhi.AuditVerification {
	res.OK, res.BrokenID, res.Reason = false, id, reason
	return res
}

func (s *AuditService) auditBatch(ctx context.Context, after int64, n int) ([]*haizhi.AuditEvent, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.Query(`SELECT `+auditColumns+` FROM audit_events WHERE id > ? ORDER BY id LIMIT ?`, after, n)
	if err != nil {
		return nil, fmt.Errorf("read audit chain: %w", err)
	}
	defer rows.Close()
	var out []*haizhi.AuditEvent
	for rows.Next() {
		ev, err := scanAudit(rows)
		if err != nil {
			return nil, fmt.Errorf("scan audit event: %w", err)
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

// rootPathOf returns the shortest unit path among the actor's grants; a grant on the root
// unit is a path with a single id, "/1/".
func rootPathOf(a *haizhi.Actor) string {
	if a == nil {
		return ""
	}
	best := ""
	for _, g := range a.Grants {
		if best == "" || len(g.UnitPath) < len(best) {
			best = g.UnitPath
		}
	}
	if strings.Count(best, "/") == 2 {
		return best
	}
	return "" // not a root grant: Can fails for an empty path
}
