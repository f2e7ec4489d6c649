package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/jobs"
	"github.com/haizhi-dev/haizhi/internal/mail"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// fakeSender stands in for SMTP: it records every message it is given and answers each
// call with the next of errs, then with success.
type fakeSender struct {
	errs []error
	got  []*haizhi.MailMessage
}

func (s *fakeSender) Send(ctx context.Context, m *haizhi.MailMessage) error {
	s.got = append(s.got, m)
	if len(s.got) <= len(s.errs) {
		return s.errs[len(s.got)-1]
	}
	return nil
}

// flakyMailStore is the real mail store whose first FindMailByID fails as a database
// that is briefly unreachable would.
type flakyMailStore struct {
	*sqldb.MailService
	failed bool
}

func (s *flakyMailStore) FindMailByID(ctx context.Context, id int64) (*haizhi.MailMessage, error) {
	if !s.failed {
		s.failed = true
		return nil, errors.New("find mail: connection reset by peer")
	}
	return s.MailService.FindMailByID(ctx, id)
}

// mailRunner returns a runner whose only handler is the mail job, over the real mail
// store (or store, when given) and the real SMTP error classifier.
func (e *env) mailRunner(t *testing.T, sender haizhi.MailSender, store jobs.MailStore) *jobs.Runner {
	t.Helper()
	if store == nil {
		store = sqldb.NewMailService(e.db)
	}
	return e.runner(t, "node-a", map[string]jobs.Handler{jobs.KindMailSend: jobs.MailHandler(store, sender, mail.IsPermanent)})
}

// mustQueuedMail invites a user, which queues a welcome message and its mail job, and
// returns both.
func (e *env) mustQueuedMail(t *testing.T) (*haizhi.MailMessage, *haizhi.Job) {
	t.Helper()
	unit := &haizhi.OrgUnit{Kind: haizhi.UnitCity, Code: "hangzhou", NameZH: "杭州市", NameEN: "Hangzhou"}
	if err := sqldb.NewUnitService(e.db).CreateUnit(e.sys, unit); err != nil {
		t.Fatal(err)
	}
	if _, err := sqldb.NewUserService(e.db).CreateUser(e.sys, haizhi.NewUser{Email: "judge@park.example", Name: "Judge",
		Locale: haizhi.LocaleEN, Role: haizhi.RoleJudge, UnitID: unit.ID}); err != nil {
		t.Fatal(err)
	}
	mails, _, err := sqldb.NewMailService(e.db).FindMail(e.sys, haizhi.MailFilter{})
	if err != nil || len(mails) != 1 || mails[0].Status != haizhi.MailQueued {
		t.Fatalf("queued mail: %+v %v", mails, err)
	}
	list, _, err := e.queue.FindJobs(e.sys, haizhi.JobQueued, haizhi.Page{})
	if err != nil || len(list) != 1 || list[0].Kind != jobs.KindMailSend {
		t.Fatalf("mail job: %+v %v", list, err)
	}
	return mails[0], list[0]
}

// mailState is the delivery state of a message, for failure messages (its body is long).
func mailState(m *haizhi.MailMessage) string {
	return fmt.Sprintf("status=%s attempts=%d last_error=%q sent_at=%v", m.Status, m.Attempts, m.LastError, m.SentAt)
}

// mustMail reads a message back from the store.
func (e *env) mustMail(t *testing.T, id int64) *haizhi.MailMessage {
	t.Helper()
	m, err := sqldb.NewMailService(e.db).FindMailByID(e.sys, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMailHandlerSends(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		m, j := e.mustQueuedMail(t)
		sender := &fakeSender{}
		e.mailRunner(t, sender, nil).Tick(context.Background())
		if len(sender.got) != 1 {
			t.Fatalf("sent %d messages", len(sender.got))
		}
		if s := sender.got[0]; s.ID != m.ID || s.To != "judge@park.example" || s.Subject != m.Subject || s.Text != m.Text {
			t.Fatalf("sent to %q: %q", s.To, s.Subject)
		}
		if got := e.mustMail(t, m.ID); got.Status != haizhi.MailSent || got.Attempts != 1 || got.SentAt == nil ||
			!got.SentAt.Equal(e.clock.Now()) || got.LastError != "" {
			t.Fatalf("mail after sending: %s", mailState(got))
		}
		if got := e.mustJob(t, j.ID); got.Status != haizhi.JobDone || got.Attempts != 1 {
			t.Fatalf("job after sending: %+v", got)
		}
	})
}

func TestMailHandlerRetriesTransientFailure(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		m, j := e.mustQueuedMail(t)
		busy := &textproto.Error{Code: 421, Msg: "try again later"}
		sender := &fakeSender{errs: []error{busy}}
		r := e.mailRunner(t, sender, nil)

		r.Tick(context.Background())
		if got := e.mustMail(t, m.ID); len(sender.got) != 1 || got.Status != haizhi.MailQueued || got.Attempts != 1 ||
			got.LastError != busy.Error() || got.SentAt != nil {
			t.Fatalf("mail after a 4xx reply (%d sends): %s", len(sender.got), mailState(got))
		}
		if got := e.mustJob(t, j.ID); got.Status != haizhi.JobQueued || got.Attempts != 1 ||
			!got.RunAt.Equal(e.clock.Now().Add(jobs.Backoff(1))) {
			t.Fatalf("job after a 4xx reply: %+v", got)
		}

		e.clock.Advance(jobs.Backoff(1))
		r.Tick(context.Background())
		if got := e.mustMail(t, m.ID); len(sender.got) != 2 || got.Status != haizhi.MailSent || got.Attempts != 2 ||
			got.LastError != "" || got.SentAt == nil || !got.SentAt.Equal(e.clock.Now()) {
			t.Fatalf("mail after the retry (%d sends): %s", len(sender.got), mailState(got))
		}
		if got := e.mustJob(t, j.ID); got.Status != haizhi.JobDone || got.Attempts != 2 {
			t.Fatalf("job after the retry: %+v", got)
		}
	})
}

func TestMailHandlerFailsOnPermanentRefusal(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		m, j := e.mustQueuedMail(t)
		refusal := &textproto.Error{Code: 550, Msg: "mailbox unavailable"}
		sender := &fakeSender{errs: []error{refusal}}
		r := e.mailRunner(t, sender, nil)

		r.Tick(context.Background())
		if got := e.mustMail(t, m.ID); got.Status != haizhi.MailFailed || got.Attempts != 1 || got.LastError != refusal.Error() {
			t.Fatalf("mail after a 5xx reply: %s", mailState(got))
		}
		if got := e.mustJob(t, j.ID); got.Status != haizhi.JobFailed || got.Attempts != 1 || got.LastError != refusal.Error() {
			t.Fatalf("job after a 5xx reply: %+v", got)
		}
		e.clock.Advance(24 * time.Hour)
		r.Tick(context.Background())
		if len(sender.got) != 1 {
			t.Fatalf("refused mail sent %d times", len(sender.got))
		}
	})
}

func TestMailHandlerGivesUpAfterMaxAttempts(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		m, j := e.mustQueuedMail(t)
		sender := &fakeSender{}
		for range j.MaxAttempts {
			sender.errs = append(sender.errs, &textproto.Error{Code: 421, Msg: "try again later"})
		}
		r := e.mailRunner(t, sender, nil)
		for attempt := 1; attempt <= j.MaxAttempts; attempt++ {
			r.Tick(context.Background())
			mailStatus, jobStatus := haizhi.MailQueued, haizhi.JobQueued
			if attempt == j.MaxAttempts {
				mailStatus, jobStatus = haizhi.MailFailed, haizhi.JobFailed
			}
			gotMail, gotJob := e.mustMail(t, m.ID), e.mustJob(t, j.ID)
			if len(sender.got) != attempt || gotMail.Status != mailStatus || gotMail.Attempts != attempt ||
				gotJob.Status != jobStatus || gotJob.Attempts != attempt {
				t.Fatalf("attempt %d (%d sends): mail %s, job %+v", attempt, len(sender.got), mailState(gotMail), gotJob)
			}
			e.clock.Advance(jobs.Backoff(attempt))
		}
	})
}

func TestMailHandlerSkipsMailAlreadySent(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		m, j := e.mustQueuedMail(t)
		// An earlier worker claimed the job and sent the mail, then died before it could
		// complete the job.
		if _, err := e.queue.ClaimJob(context.Background(), "dead-node", []string{jobs.KindMailSend}, time.Minute); err != nil {
			t.Fatal(err)
		}
		jobsCtx := haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("jobs"))
		if err := sqldb.NewMailService(e.db).MarkMailSent(jobsCtx, m.ID); err != nil {
			t.Fatal(err)
		}
		sentAt := e.clock.Now()
		e.clock.Advance(2 * time.Minute) // the dead worker's lease expires

		sender := &fakeSender{}
		e.mailRunner(t, sender, nil).Tick(context.Background())
		if len(sender.got) != 0 {
			t.Fatalf("mail already sent was sent again (%d sends)", len(sender.got))
		}
		if got := e.mustJob(t, j.ID); got.Status != haizhi.JobDone || got.Attempts != 2 || got.LockedBy != "node-a" {
			t.Fatalf("job: %+v", got)
		}
		if got := e.mustMail(t, m.ID); got.Status != haizhi.MailSent || got.Attempts != 1 || !got.SentAt.Equal(sentAt) {
			t.Fatalf("mail: %s", mailState(got))
		}
	})
}

func TestMailHandlerFailsBadJobsAtOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		noID := e.mustEnqueue(t, jobs.KindMailSend, map[string]string{"to": "x@example.com"}, time.Time{})
		gone := e.mustEnqueue(t, jobs.KindMailSend, map[string]int64{"id": 424242}, time.Time{})
		sender := &fakeSender{}
		e.mailRunner(t, sender, nil).Tick(context.Background())
		if len(sender.got) != 0 {
			t.Fatalf("sent %d messages", len(sender.got))
		}
		for id, want := range map[int64]string{noID.ID: "bad mail job payload", gone.ID: "load mail 424242"} {
			if got := e.mustJob(t, id); got.Status != haizhi.JobFailed || got.Attempts != 1 || !strings.Contains(got.LastError, want) {
				t.Fatalf("job %d: %+v, want failed with %q", id, got, want)
			}
		}
	})
}

func TestMailHandlerRetriesStoreError(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		m, j := e.mustQueuedMail(t)
		sender := &fakeSender{}
		r := e.mailRunner(t, sender, &flakyMailStore{MailService: sqldb.NewMailService(e.db)})

		r.Tick(context.Background())
		if got := e.mustJob(t, j.ID); len(sender.got) != 0 || got.Status != haizhi.JobQueued || got.Attempts != 1 ||
			!strings.Contains(got.LastError, "connection reset") {
			t.Fatalf("job after the store failed (%d sends): %+v", len(sender.got), got)
		}
		e.clock.Advance(jobs.Backoff(1))
		r.Tick(context.Background())
		if got := e.mustMail(t, m.ID); len(sender.got) != 1 || got.Status != haizhi.MailSent {
			t.Fatalf("mail after the retry (%d sends): %s", len(sender.got), mailState(got))
		}
	})
}
