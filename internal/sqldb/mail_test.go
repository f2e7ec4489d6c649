package sqldb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

func TestMailOutbox(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		mails := sqldb.NewMailService(db)
		op := mustUser(t, db, tr, "op@yuhang.example", "op-password-1", haizhi.RoleOperator, tr.yuhang)
		judge := mustUser(t, db, tr, "judge@park.example", "", haizhi.RoleJudge, tr.park)

		list, n, err := mails.FindMail(as(op), haizhi.MailFilter{})
		if err != nil || n != 2 || list[0].To != judge.Email || list[0].Status != haizhi.MailOutbox || list[0].Kind != "welcome_invite" ||
			list[0].Subject != "[welcome_invite] judge" || !list[0].CreatedAt.Equal(clock.Now()) {
			t.Fatalf("outbox: %d %+v %v", n, list, err)
		}
		if m, err := mails.FindMailByID(as(op), list[1].ID); err != nil || m.To != op.Email || m.Kind != "verify" {
			t.Fatalf("by id: %+v %v", m, err)
		}
		if _, n, _ := mails.FindMail(as(op), haizhi.MailFilter{Status: haizhi.MailQueued}); n != 0 {
			t.Fatalf("%d queued without SMTP", n)
		}
		if _, n, _ := mails.FindMail(as(op), haizhi.MailFilter{To: "JUDGE@"}); n != 1 {
			t.Fatalf("filter by address: %d", n)
		}
		if _, n, _ := sqldb.NewJobQueue(db).FindJobs(tr.sys, "", haizhi.Page{}); n != 0 {
			t.Fatalf("%d jobs without SMTP", n)
		}
		wantCode(t, func() error { _, _, err := mails.FindMail(context.Background(), haizhi.MailFilter{}); return err }(), haizhi.EUNAUTHORIZED)
		wantCode(t, func() error { _, _, err := mails.FindMail(as(judge), haizhi.MailFilter{}); return err }(), haizhi.EFORBIDDEN)
		wantCode(t, func() error { _, err := mails.FindMailByID(as(judge), 1); return err }(), haizhi.EFORBIDDEN)
		wantCode(t, func() error { _, err := mails.FindMailByID(as(op), 999); return err }(), haizhi.ENOTFOUND)
		wantCode(t, mails.MarkMailSent(as(op), list[0].ID), haizhi.EFORBIDDEN)
	})
}

func TestMailQueued(t *testing.T) {
	eachDB(t, true, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		mails := sqldb.NewMailService(db)
		jobs := sqldb.NewJobQueue(db)
		jobsCtx := haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("jobs"))
		mustUser(t, db, tr, "judge@park.example", "", haizhi.RoleJudge, tr.park)

		list, _, err := mails.FindMail(tr.sys, haizhi.MailFilter{})
		if err != nil || len(list) != 1 || list[0].Status != haizhi.MailQueued {
			t.Fatalf("queued: %+v %v", list, err)
		}
		m := list[0]
		job, err := jobs.ClaimJob(context.Background(), "w1", []string{"mail.send"}, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		var payload struct{ ID int64 }
		if err := json.Unmarshal(job.Payload, &payload); err != nil || payload.ID != m.ID {
			t.Fatalf("payload %s: %v", job.Payload, err)
		}

		if err := mails.MarkMailFailed(jobsCtx, m.ID, "421 try later", false); err != nil {
			t.Fatal(err)
		}
		got, _ := mails.FindMailByID(jobsCtx, m.ID)
		if got.Status != haizhi.MailQueued || got.Attempts != 1 || got.LastError != "421 try later" {
			t.Fatalf("after a transient failure: %+v", got)
		}
		clock.Advance(time.Minute)
		if err := mails.MarkMailSent(jobsCtx, m.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = mails.FindMailByID(jobsCtx, m.ID)
		if got.Status != haizhi.MailSent || got.Attempts != 2 || got.SentAt == nil || !got.SentAt.Equal(clock.Now()) || got.LastError != "" {
			t.Fatalf("after sending: %+v", got)
		}
		if err := mails.MarkMailFailed(jobsCtx, m.ID, strings.Repeat("x", 5000), true); err != nil {
			t.Fatal(err)
		}
		got, _ = mails.FindMailByID(jobsCtx, m.ID)
		if got.Status != haizhi.MailFailed || len(got.LastError) != 1000 {
			t.Fatalf("after a permanent failure: %s %d", got.Status, len(got.LastError))
		}
		wantCode(t, mails.MarkMailSent(jobsCtx, 999), haizhi.ENOTFOUND)
		mustAuditOK(t, db)
	})
}

func TestMailNeedsComposer(t *testing.T) {
	apptest.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		tr := mustTree(t, db)
		_, err := sqldb.NewUserService(db).CreateUser(tr.sys, haizhi.NewUser{Email: "a@example.com", Name: "A", Role: haizhi.RoleJudge, UnitID: tr.park.ID})
		wantCode(t, err, haizhi.EINTERNAL)
		if _, n, _ := sqldb.NewUserService(db).FindUsers(tr.sys, haizhi.UserFilter{}); n != 0 {
			t.Fatalf("user created without its mail: %d", n)
		}
	})
}
