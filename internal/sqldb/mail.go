package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/haizhi-dev/haizhi"
)

// mailSendJob is the job kind that sends one queued message; it must match
// jobs.KindMailSend (sqldb does not import the jobs package).
const mailSendJob = "mail.send"

// enqueueMail renders a message with the configured composer and stores it in the same
// transaction as the write that caused it, so mail goes out exactly when that write
// commits. With SMTP configured the message is queued and a "mail.send" job is added;
// otherwise it goes to the outbox for admins to read. data holds the composer's named
// values (name, link, role, unit, site); "site" defaults to the public URL.
func enqueueMail(tx *Tx, to, locale, kind string, data map[string]string) error {
	c := tx.db.opts.Composer
	if c == nil {
		return fmt.Errorf("enqueue %s mail: no mail composer configured", kind)
	}
	if data == nil {
		data = map[string]string{}
	}
	if _, ok := data["site"]; !ok {
		data["site"] = tx.db.opts.PublicURL
	}
	subject, text, err := c.Compose(kind, locale, data)
	if err != nil {
		return fmt.Errorf("compose %s mail: %w", kind, err)
	}
	status := haizhi.MailOutbox
	if tx.db.opts.MailEnabled {
		status = haizhi.MailQueued
	}
	id, err := tx.InsertID(`INSERT INTO mail_messages (to_addr, subject, body, kind, status, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		to, subject, text, kind, string(status), tx.now)
	if err != nil {
		return fmt.Errorf("enqueue %s mail: %w", kind, err)
	}
	if status == haizhi.MailQueued {
		if _, err := insertJob(tx, mailSendJob, map[string]int64{"id": id}, tx.now); err != nil {
			return fmt.Errorf("enqueue %s mail: %w", kind, err)
		}
	}
	return nil
}

// MailService implements haizhi.MailService, and records delivery for the mail job.
type MailService struct{ db *DB }

// NewMailService returns the mail service of db.
func NewMailService(db *DB) *MailService { return &MailService{db: db} }

var _ haizhi.MailService = (*MailService)(nil)

const mailColumns = `id, to_addr, subject, body, kind, status, attempts, last_error, created_at, sent_at`

func scanMail(s interface{ Scan(...any) error }) (*haizhi.MailMessage, error) {
	m := &haizhi.MailMessage{}
	var sent sql.NullTime
	err := s.Scan(&m.ID, &m.To, &m.Subject, &m.Text, &m.Kind, &m.Status, &m.Attempts, &m.LastError, &m.CreatedAt, &sent)
	m.CreatedAt, m.SentAt = m.CreatedAt.UTC(), timePtr(sent)
	return m, err
}

// authorizeOutbox lets in holders of PermOutboxView on any unit: mail belongs to no unit.
func authorizeOutbox(ctx context.Context) error {
	if haizhi.ActorFromContext(ctx).CanAnywhere(haizhi.PermOutboxView) {
		return nil
	}
	return haizhi.Authorize(ctx, haizhi.PermOutboxView, "")
}

// FindMail lists messages newest first, filtered by status and by a part of the address
// (PermOutboxView on any unit).
func (s *MailService) FindMail(ctx context.Context, f haizhi.MailFilter) ([]*haizhi.MailMessage, int, error) {
	if err := authorizeOutbox(ctx); err != nil {
		return nil, 0, err
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	where, args := []string{"1 = 1"}, []any{}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if f.To != "" {
		where, args = append(where, `lower(to_addr) LIKE ? ESCAPE '\'`), append(args, likePattern(f.To))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM mail_messages WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count mail: %w", err)
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	rows, err := tx.Query(`SELECT `+mailColumns+` FROM mail_messages WHERE `+cond+` ORDER BY id DESC`+pageClause(p),
		append(args, p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find mail: %w", err)
	}
	defer rows.Close()
	var out []*haizhi.MailMessage
	for rows.Next() {
		m, err := scanMail(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan mail: %w", err)
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

// FindMailByID returns one message (PermOutboxView on any unit); ENOTFOUND if missing.
func (s *MailService) FindMailByID(ctx context.Context, id int64) (*haizhi.MailMessage, error) {
	if err := authorizeOutbox(ctx); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	m, err := scanMail(tx.QueryRow(`SELECT `+mailColumns+` FROM mail_messages WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("mail")
	} else if err != nil {
		return nil, fmt.Errorf("find mail: %w", err)
	}
	return m, nil
}

// MarkMailSent records that a message was delivered. Only the system actor (the mail
// job) may call it. Delivery bookkeeping is not audited: the message row is the record.
func (s *MailService) MarkMailSent(ctx context.Context, id int64) error {
	return s.mark(ctx, id, `UPDATE mail_messages SET status = ?, sent_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?`,
		func(tx *Tx) []any { return []any{string(haizhi.MailSent), tx.now, id} })
}

// MarkMailFailed records a failed delivery attempt with its cause; final marks the
// message failed for good, otherwise it stays queued for the job's retry. Only the system
// actor may call it.
func (s *MailService) MarkMailFailed(ctx context.Context, id int64, cause string, final bool) error {
	status := haizhi.MailQueued
	if final {
		status = haizhi.MailFailed
	}
	cause = truncateRunes(cause, 1000)
	return s.mark(ctx, id, `UPDATE mail_messages SET status = ?, attempts = attempts + 1, last_error = ? WHERE id = ?`,
		func(*Tx) []any { return []any{string(status), cause, id} })
}

func (s *MailService) mark(ctx context.Context, id int64, query string, args func(*Tx) []any) error {
	if a := haizhi.ActorFromContext(ctx); a == nil || !a.System {
		return haizhi.ErrForbidden
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.Exec(query, args(tx)...)
	if err != nil {
		return fmt.Errorf("mark mail %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return haizhi.NotFound("mail")
	}
	return tx.Commit()
}

// truncateRunes cuts s to at most n runes, so stored error texts stay small.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
