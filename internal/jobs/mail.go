package jobs

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/haizhi-dev/haizhi"
)

// KindMailSend is the job kind that sends one queued mail message.
const KindMailSend = "mail.send"

// MailStore is what the mail job needs of storage.
type MailStore interface {
	FindMailByID(ctx context.Context, id int64) (*haizhi.MailMessage, error)
	MarkMailSent(ctx context.Context, id int64) error
	MarkMailFailed(ctx context.Context, id int64, cause string, final bool) error
}

// MailHandler returns the handler of KindMailSend: it loads the message and sends it.
// isPermanent tells a refusal that retrying cannot fix (an SMTP 5xx) from a transient one.
func MailHandler(store MailStore, sender haizhi.MailSender, isPermanent func(error) bool) Handler {
	return func(ctx context.Context, job *haizhi.Job) error {
		var p struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal(job.Payload, &p); err != nil || p.ID == 0 {
			return Permanent(fmt.Errorf("bad mail job payload %q", job.Payload))
		}
		ctx = haizhi.NewContextWithActor(ctx, haizhi.SystemActor("jobs"))
		m, err := store.FindMailByID(ctx, p.ID)
		if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
			return Permanent(fmt.Errorf("load mail %d: %w", p.ID, err))
		} else if err != nil {
			// A database that is briefly unreachable must not strand the message as
			// queued with no job left to send it: retry.
			return fmt.Errorf("load mail %d: %w", p.ID, err)
		}
		if m.Status == haizhi.MailSent {
			return nil // sent by an earlier attempt whose completion was lost
		}
		if err := sender.Send(ctx, m); err != nil {
			final := isPermanent(err) || job.Attempts >= job.MaxAttempts
			if merr := store.MarkMailFailed(ctx, m.ID, err.Error(), final); merr != nil {
				return merr
			}
			if isPermanent(err) {
				return Permanent(err)
			}
			return err
		}
		return store.MarkMailSent(ctx, m.ID)
	}
}
