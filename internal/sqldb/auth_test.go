package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// lastToken returns the token of the newest mail to addr whose link has path.
func lastToken(t *testing.T, db *sqldb.DB, addr, path string) string {
	t.Helper()
	sys := haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("test"))
	list, _, err := sqldb.NewMailService(db).FindMail(sys, haizhi.MailFilter{To: addr, Page: haizhi.Page{Limit: 1}})
	if err != nil || len(list) == 0 {
		t.Fatalf("no mail to %s: %v", addr, err)
	}
	prefix := "link=https://haizhi.example" + path + "?token="
	for line := range strings.SplitSeq(list[0].Text, "\n") {
		if tok, ok := strings.CutPrefix(line, prefix); ok {
			return tok
		}
	}
	t.Fatalf("newest mail to %s has no %s link: %q", addr, path, list[0].Text)
	return ""
}

func mailCount(t *testing.T, db *sqldb.DB, addr string) int {
	t.Helper()
	sys := haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("test"))
	_, n, err := sqldb.NewMailService(db).FindMail(sys, haizhi.MailFilter{To: addr})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAuthenticate(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		auth := sqldb.NewAuthService(db)
		ctx := context.Background()
		const pw = "correct horse battery"
		ada := mustUser(t, db, tr, "ada@example.com", pw, haizhi.RoleOperator, tr.yuhang)
		mustUser(t, db, tr, "bob@example.com", pw, haizhi.RoleJudge, tr.park)

		t.Run("success returns the user with grants and is audited as them", func(t *testing.T) {
			u, err := auth.Authenticate(ctx, " ADA@example.com", pw, "192.0.2.10")
			if err != nil || u.ID != ada.ID || len(u.Grants) != 1 || u.LastLoginAt == nil {
				t.Fatalf("sign in: %+v %v", u, err)
			}
			evs, _, _ := sqldb.NewAuditService(db).FindAuditEvents(tr.sys, haizhi.AuditFilter{Action: "user.sign_in"})
			if len(evs) != 1 || evs[0].Actor != "ada@example.com" || evs[0].IP != "192.0.2.10" {
				t.Fatalf("sign-in event: %+v", evs)
			}
		})
		t.Run("wrong password and unknown email look alike", func(t *testing.T) {
			_, err1 := auth.Authenticate(ctx, "bob@example.com", "not the password", "192.0.2.11")
			_, err2 := auth.Authenticate(ctx, "nobody@example.com", "not the password", "192.0.2.11")
			if err1 != haizhi.ErrBadCredentials || err2 != haizhi.ErrBadCredentials {
				t.Fatalf("errors differ: %v / %v", err1, err2)
			}
		})
		t.Run("five failures throttle the account, even with the right password", func(t *testing.T) {
			for i := range 4 { // one failure already recorded above
				if _, err := auth.Authenticate(ctx, "bob@example.com", "guess", fmt.Sprintf("198.51.100.%d", i)); err != haizhi.ErrBadCredentials {
					t.Fatalf("failure %d: %v", i, err)
				}
			}
			if _, err := auth.Authenticate(ctx, "bob@example.com", pw, "198.51.100.99"); err != haizhi.ErrThrottled {
				t.Fatalf("sixth attempt: %v", err)
			}
			clock.Advance(haizhi.LoginWindow + time.Second)
			if _, err := auth.Authenticate(ctx, "bob@example.com", pw, "198.51.100.99"); err != nil {
				t.Fatalf("after the window: %v", err)
			}
		})
		t.Run("success clears the account's failures", func(t *testing.T) {
			for range 4 {
				auth.Authenticate(ctx, "bob@example.com", "guess", "198.51.100.1")
			}
			if _, err := auth.Authenticate(ctx, "bob@example.com", pw, "198.51.100.1"); err != nil {
				t.Fatal(err)
			}
			for range 4 {
				auth.Authenticate(ctx, "bob@example.com", "guess", "198.51.100.1")
			}
			if _, err := auth.Authenticate(ctx, "bob@example.com", pw, "198.51.100.1"); err != nil {
				t.Fatalf("failures before the success still count: %v", err)
			}
		})
		t.Run("thirty failures throttle the address", func(t *testing.T) {
			clock.Advance(haizhi.LoginWindow + time.Second)
			const ip = "203.0.113.66"
			for i := range haizhi.LoginMaxPerIP {
				if _, err := auth.Authenticate(ctx, fmt.Sprintf("spray%d@example.com", i), "guess", ip); err != haizhi.ErrBadCredentials {
					t.Fatalf("failure %d: %v", i, err)
				}
			}
			if _, err := auth.Authenticate(ctx, "ada@example.com", pw, ip); err != haizhi.ErrThrottled {
				t.Fatalf("from the throttled address: %v", err)
			}
			if _, err := auth.Authenticate(ctx, "ada@example.com", pw, "203.0.113.67"); err != nil {
				t.Fatalf("from another address: %v", err)
			}
		})
		t.Run("failures are purged once they no longer count", func(t *testing.T) {
			var before int
			db.SQL().QueryRow(`SELECT COUNT(*) FROM login_failures`).Scan(&before)
			clock.Advance(haizhi.LoginWindow + time.Second)
			n, err := sqldb.NewJobQueue(db).PurgeOld(ctx, clock.Now().Add(-24*time.Hour))
			var after int
			db.SQL().QueryRow(`SELECT COUNT(*) FROM login_failures`).Scan(&after)
			if err != nil || before < haizhi.LoginMaxPerIP || after != 0 || n < before {
				t.Fatalf("purge: %d of %d, %d left, %v", n, before, after, err)
			}
		})
		t.Run("a user without a password cannot sign in", func(t *testing.T) {
			mustUser(t, db, tr, "nopw@example.com", "", haizhi.RoleJudge, tr.park)
			if _, err := auth.Authenticate(ctx, "nopw@example.com", "", "192.0.2.1"); err != haizhi.ErrBadCredentials {
				t.Fatalf("empty password: %v", err)
			}
		})
		if n := mustAuditOK(t, db); n == 0 {
			t.Fatal("empty audit")
		}
	})
}

func TestEmailTokens(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		auth := sqldb.NewAuthService(db)
		users := sqldb.NewUserService(db)
		ctx := context.Background()
		carol := mustUser(t, db, tr, "carol@example.com", "", haizhi.RoleApplicant, tr.park)

		t.Run("verify sets a password once", func(t *testing.T) {
			tok := lastToken(t, db, carol.Email, "/verify")
			if err := auth.CheckEmailToken(ctx, "verify", tok); err != nil {
				t.Fatal(err)
			}
			if err := auth.CheckEmailToken(ctx, "reset", tok); haizhi.ErrorKey(err) != "error.token_invalid" {
				t.Fatalf("wrong purpose: %v", err)
			}
			_, err := auth.VerifyEmail(ctx, tok, "")
			if haizhi.ErrorFields(err)["password"] != "error.password_short" {
				t.Fatalf("no password given: %v", err)
			}
			u, err := auth.VerifyEmail(ctx, tok, "carol-password")
			if err != nil || u.EmailVerifiedAt == nil || !u.EmailVerifiedAt.Equal(clock.Now()) || len(u.Grants) != 1 {
				t.Fatalf("verify: %+v %v", u, err)
			}
			_, err = auth.VerifyEmail(ctx, tok, "carol-password")
			if haizhi.ErrorCode(err) != haizhi.EINVALID || haizhi.ErrorKey(err) != "error.token_invalid" {
				t.Fatalf("second use: %v", err)
			}
			if _, err := auth.Authenticate(ctx, carol.Email, "carol-password", "192.0.2.1"); err != nil {
				t.Fatalf("sign in after verify: %v", err)
			}
		})
		t.Run("verification links expire", func(t *testing.T) {
			if err := auth.SendVerification(as(carol), carol.ID); err != nil {
				t.Fatal(err)
			}
			tok := lastToken(t, db, carol.Email, "/verify")
			clock.Advance(haizhi.EmailTokenLifetime - time.Minute)
			if err := auth.CheckEmailToken(ctx, "verify", tok); err != nil {
				t.Fatalf("before expiry: %v", err)
			}
			clock.Advance(2 * time.Minute)
			if err := auth.CheckEmailToken(ctx, "verify", tok); haizhi.ErrorKey(err) != "error.token_invalid" {
				t.Fatalf("after expiry: %v", err)
			}
			if _, err := auth.VerifyEmail(ctx, tok, ""); haizhi.ErrorKey(err) != "error.token_invalid" {
				t.Fatalf("verify after expiry: %v", err)
			}
		})
		t.Run("who may send verification", func(t *testing.T) {
			dave := mustUser(t, db, tr, "dave@example.com", "dave-password", haizhi.RoleJudge, tr.gongshu)
			admY := mustUser(t, db, tr, "admy@example.com", "admy-password", haizhi.RoleAdmin, tr.yuhang)
			wantCode(t, auth.SendVerification(as(dave), carol.ID), haizhi.ENOTFOUND)
			wantCode(t, auth.SendVerification(as(admY), dave.ID), haizhi.ENOTFOUND)
			wantCode(t, auth.SendVerification(ctx, carol.ID), haizhi.EUNAUTHORIZED)
			n := mailCount(t, db, carol.Email)
			if err := auth.SendVerification(as(admY), carol.ID); err != nil {
				t.Fatal(err)
			}
			if mailCount(t, db, carol.Email) != n+1 {
				t.Fatal("no mail sent")
			}
			// An invited user without a password gets the welcome mail again, naming the
			// role and unit the sender manages, in the user's language.
			erin, err := sqldb.NewUserService(db).CreateUser(tr.sys, haizhi.NewUser{Email: "erin@example.com", Name: "Erin",
				Locale: "en", Role: haizhi.RoleJudge, UnitID: tr.gongshu.ID})
			if err != nil {
				t.Fatal(err)
			}
			admG := mustUser(t, db, tr, "admg@example.com", "admg-password", haizhi.RoleAdmin, tr.gongshu)
			if err := auth.SendVerification(as(admG), erin.ID); err != nil {
				t.Fatalf("resend invitation: %v", err)
			}
			list, _, err := sqldb.NewMailService(db).FindMail(tr.sys, haizhi.MailFilter{To: erin.Email, Page: haizhi.Page{Limit: 1}})
			if err != nil || len(list) != 1 || list[0].Kind != "welcome_invite" || !strings.Contains(list[0].Text, "role=judge\n") ||
				!strings.Contains(list[0].Text, "unit=Gongshu\n") {
				t.Fatalf("invitation resent: %+v %v", list, err)
			}
		})
		t.Run("reset", func(t *testing.T) {
			if err := auth.RequestPasswordReset(ctx, "nobody@example.com"); err != nil {
				t.Fatal(err)
			}
			if mailCount(t, db, "nobody@example.com") != 0 {
				t.Fatal("mail to an unknown address")
			}
			if err := auth.RequestPasswordReset(ctx, " Carol@Example.com"); err != nil {
				t.Fatal(err)
			}
			tok := lastToken(t, db, carol.Email, "/reset")
			if err := auth.ResetPassword(ctx, tok, "short"); haizhi.ErrorFields(err)["password"] != "error.password_short" {
				t.Fatalf("short: %v", err)
			}
			if err := auth.ResetPassword(ctx, "forged-token", "carol-password-2"); haizhi.ErrorKey(err) != "error.token_invalid" {
				t.Fatalf("forged: %v", err)
			}
			if err := auth.ResetPassword(ctx, tok, "carol-password-2"); err != nil {
				t.Fatal(err)
			}
			if err := auth.ResetPassword(ctx, tok, "carol-password-3"); haizhi.ErrorKey(err) != "error.token_invalid" {
				t.Fatalf("second use: %v", err)
			}
			if _, err := auth.Authenticate(ctx, carol.Email, "carol-password-2", "192.0.2.1"); err != nil {
				t.Fatalf("sign in after reset: %v", err)
			}

			// Reset links live an hour.
			auth.RequestPasswordReset(ctx, carol.Email)
			tok = lastToken(t, db, carol.Email, "/reset")
			clock.Advance(haizhi.ResetTokenLifetime + time.Second)
			if err := auth.ResetPassword(ctx, tok, "carol-password-4"); haizhi.ErrorKey(err) != "error.token_invalid" {
				t.Fatalf("expired: %v", err)
			}
		})
		t.Run("a newer reset link retires the older", func(t *testing.T) {
			auth.RequestPasswordReset(ctx, carol.Email)
			old := lastToken(t, db, carol.Email, "/reset")
			auth.RequestPasswordReset(ctx, carol.Email)
			newer := lastToken(t, db, carol.Email, "/reset")
			if err := auth.ResetPassword(ctx, newer, "carol-password-5"); err != nil {
				t.Fatal(err)
			}
			if err := auth.CheckEmailToken(ctx, "reset", old); haizhi.ErrorKey(err) != "error.token_invalid" {
				t.Fatalf("older link still works: %v", err)
			}
		})
		t.Run("reset mails are capped", func(t *testing.T) {
			clock.Advance(haizhi.ResetTokenLifetime + time.Second)
			n := mailCount(t, db, carol.Email)
			for range 5 {
				if err := auth.RequestPasswordReset(ctx, carol.Email); err != nil {
					t.Fatal(err)
				}
			}
			if got := mailCount(t, db, carol.Email) - n; got != 3 {
				t.Fatalf("%d reset mails, want 3", got)
			}
		})
		t.Run("a disabled user's links stop working", func(t *testing.T) {
			clock.Advance(haizhi.ResetTokenLifetime + time.Second)
			auth.RequestPasswordReset(ctx, carol.Email)
			tok := lastToken(t, db, carol.Email, "/reset")
			if err := users.SetUserDisabled(tr.sys, carol.ID, true); err != nil {
				t.Fatal(err)
			}
			if err := auth.CheckEmailToken(ctx, "reset", tok); haizhi.ErrorKey(err) != "error.token_invalid" {
				t.Fatalf("disabled user's link: %v", err)
			}
		})

		mustAuditOK(t, db)
		acts := strings.Join(auditActions(t, db), " ")
		for _, want := range []string{"user.verify_email", "user.send_verification", "user.request_reset", "user.reset_password"} {
			if !strings.Contains(acts, want) {
				t.Errorf("audit lacks %s: %s", want, acts)
			}
		}
	})
}

func TestAPITokens(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		auth := sqldb.NewAuthService(db)
		ctx := context.Background()
		eve := mustUser(t, db, tr, "eve@example.com", "eve-password", haizhi.RoleOperator, tr.yuhang)
		fay := mustUser(t, db, tr, "fay@example.com", "fay-password", haizhi.RoleOperator, tr.yuhang)

		if _, _, err := auth.CreateAPIToken(as(eve), " ", 0); haizhi.ErrorFields(err)["name"] != "error.required" {
			t.Fatalf("no name: %v", err)
		}
		if _, _, err := auth.CreateAPIToken(as(eve), strings.Repeat("名", 81), 0); haizhi.ErrorFields(err)["name"] != "error.too_long" {
			t.Fatalf("long name: %v", err)
		}
		if _, _, err := auth.CreateAPIToken(as(eve), "ci", 3*365*24*time.Hour); haizhi.ErrorFields(err)["lifetime"] == "" {
			t.Fatalf("three years: %v", err)
		}
		wantCode(t, func() error { _, _, err := auth.CreateAPIToken(tr.sys, "ci", 0); return err }(), haizhi.EUNAUTHORIZED)

		plain, tok, err := auth.CreateAPIToken(as(eve), "  reporting  ", 0)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(plain, "hz_") || len(plain) != 46 || tok.Prefix != plain[:10] || tok.Name != "reporting" ||
			!tok.ExpiresAt.Equal(clock.Now().Add(haizhi.DefaultTokenMaxLife)) {
			t.Fatalf("token %q: %+v", plain, tok)
		}
		var stored string
		db.SQL().QueryRow(`SELECT token_hash FROM api_tokens`).Scan(&stored)
		if stored == "" || strings.Contains(stored, plain[3:]) {
			t.Fatalf("stored %q", stored)
		}

		u, err := auth.UserForAPIToken(ctx, plain)
		if err != nil || u.ID != eve.ID || len(u.Grants) != 1 {
			t.Fatalf("resolve: %+v %v", u, err)
		}
		list, err := auth.FindAPITokens(as(eve))
		if err != nil || len(list) != 1 || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(clock.Now()) {
			t.Fatalf("tokens: %+v %v", list, err)
		}
		first := *list[0].LastUsedAt
		clock.Advance(30 * time.Second)
		auth.UserForAPIToken(ctx, plain)
		if list, _ := auth.FindAPITokens(as(eve)); !list[0].LastUsedAt.Equal(first) {
			t.Fatalf("last use rewritten within a minute: %v", list[0].LastUsedAt)
		}
		clock.Advance(31 * time.Second)
		auth.UserForAPIToken(ctx, plain)
		if list, _ := auth.FindAPITokens(as(eve)); !list[0].LastUsedAt.Equal(clock.Now()) {
			t.Fatalf("last use not refreshed after a minute: %v", list[0].LastUsedAt)
		}

		for _, bad := range []string{"", "hz_", plain + "x", "Bearer " + plain} {
			if _, err := auth.UserForAPIToken(ctx, bad); err != haizhi.ErrUnauthorized {
				t.Fatalf("%q: %v", bad, err)
			}
		}
		if list, _ := auth.FindAPITokens(as(fay)); len(list) != 0 {
			t.Fatalf("fay sees eve's tokens: %v", list)
		}
		wantCode(t, auth.RevokeAPIToken(as(fay), tok.ID), haizhi.ENOTFOUND)

		short, _, err := auth.CreateAPIToken(as(eve), "short-lived", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if list, _ := auth.FindAPITokens(as(eve)); len(list) != 2 || list[0].Name != "short-lived" {
			t.Fatalf("newest first: %+v", list)
		}
		clock.Advance(time.Hour)
		if _, err := auth.UserForAPIToken(ctx, short); err != haizhi.ErrUnauthorized {
			t.Fatalf("expired: %v", err)
		}

		if err := sqldb.NewUserService(db).SetUserDisabled(tr.sys, eve.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.UserForAPIToken(ctx, plain); err != haizhi.ErrUnauthorized {
			t.Fatalf("disabled user: %v", err)
		}
		sqldb.NewUserService(db).SetUserDisabled(tr.sys, eve.ID, false)
		if err := auth.RevokeAPIToken(as(eve), tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.UserForAPIToken(ctx, plain); err != haizhi.ErrUnauthorized {
			t.Fatalf("revoked: %v", err)
		}

		mustAuditOK(t, db)
		acts := strings.Join(auditActions(t, db), " ")
		if strings.Count(acts, "api_token.create") != 2 || strings.Count(acts, "api_token.revoke") != 1 {
			t.Fatalf("audit: %s", acts)
		}
	})
}
