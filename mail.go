package haizhi

import (
	"context"
	"time"
)

// MailStatus is where an outgoing message is.
type MailStatus string

// Mail statuses.
const (
	MailQueued MailStatus = "queued" // waiting for the mail job to send it by SMTP
	MailSent   MailStatus = "sent"
	MailFailed MailStatus = "failed" // gave up after retries
	MailOutbox MailStatus = "outbox" // no SMTP configured: kept for admins to read
)

// MailMessage is one outgoing plain-text message.
type MailMessage struct {
	ID        int64      `json:"id"`
	To        string     `json:"to"`
	Subject   string     `json:"subject"`
	Text      string     `json:"text"`
	Kind      string     `json:"kind"` // "verify", "reset", …
	Status    MailStatus `json:"status"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
}

// MailComposer renders a message of a kind in a locale from named values, e.g.
// Compose("reset", "en", {"name": "Ada", "link": "https://…"}).
type MailComposer interface {
	Compose(kind, locale string, data map[string]string) (subject, text string, err error)
}

// MailSender delivers a message, e.g. by SMTP.
type MailSender interface {
	Send(ctx context.Context, m *MailMessage) error
}

// MailFilter selects messages, newest first.
type MailFilter struct {
	Status MailStatus
	To     string
	Page   Page
}

// MailService reads outgoing mail (PermOutboxView).
type MailService interface {
	FindMail(ctx context.Context, f MailFilter) ([]*MailMessage, int, error)
	FindMailByID(ctx context.Context, id int64) (*MailMessage, error)
}
