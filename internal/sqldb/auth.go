package sqldb

import (
	"context"
	"fmt"

	"github.com/alexedwards/argon2id"

	"github.com/haizhi-dev/haizhi"
)

// AuthService implements haizhi.AuthService: sign-in with throttling, email tokens for
// verification and password reset (this file), and API tokens (token.go).
type AuthService struct {
	db *DB
	// dummyHash is compared against when the email is unknown, so that an unknown
	// address costs the same time as a wrong password and timing does not reveal which
	// accounts exist. Its password is random and thrown away: nothing can match it.
	dummyHash string
}

// NewAuthService returns the auth service of db. It hashes one random password, which
// takes a few tens of milliseconds.
func NewAuthService(db *DB) *AuthService {
	s := &AuthService{db: db}
	if secret, err := newSecret(); err == nil {
		s.dummyHash, _ = hashPassword(secret)
	}
	return s
}

var _ haizhi.AuthService = (*AuthService)(nil)

// passwordParams are the argon2id parameters of new hashes: OWASP's minimum for argon2id
// (19 MiB, two passes, one lane), which keeps a sign-in near 20 ms and tests quick. A
// function rather than a variable, so nothing can change them at run time; old hashes
// carry their own parameters and keep verifying if these are raised.
func passwordParams() *argon2id.Params {
	return &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// hashPassword returns the argon2id hash of a password. Callers hash before beginning a
// write transaction: hashing takes tens of milliseconds and must not hold the write lock.
func hashPassword(password string) (string, error) {
	h, err := argon2id.CreateHash(password, passwordParams())
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return h, nil
}

// checkPassword reports whether password matches hash; an empty or malformed hash never
// matches.
func checkPassword(password, hash string) bool {
	if hash == "" {
		return false
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}

// signedIn returns the actor when it is a signed-in user (not a guest, not the system).
func signedIn(ctx context.Context) (*haizhi.Actor, error) {
	a := haizhi.ActorFromContext(ctx)
	if a == nil || a.UserID == 0 {
		return nil, haizhi.ErrUnauthorized
	}
	return a, nil
}

// resetRequestsPerLifetime caps reset mails per account within haizhi.ResetTokenLifetime,
// so that nobody can flood a mailbox through the reset form.
const resetRequestsPerLifetime = 3

// asUser returns ctx acting as u, keeping the request's IP and id, so that what a guest
// does after proving who they are (signing in, using a mailed link) is attributed to them.
func asUser(ctx context.Context, u *haizhi.User, ip string) context.Context {
	var requestID string
	if a := haizhi.ActorFromContext(ctx); a != nil {
		requestID = a.RequestID
		if ip == "" {
			ip = a.IP
		}
	}
	return haizhi.NewContextWithActor(ctx, u.Actor(ip, requestID))
}

// countFailures counts recent sign-in failures of key, stopping at limit so that a flood
// of failures does not make the count itself slow.
func countFailures(tx *Tx, key string, limit int) (int, error) {
	var n int
	err := tx.QueryRow(`SELECT COUNT(*) FROM (SELECT 1 FROM login_failures WHERE key = ? AND at > ? LIMIT ?) f`,
		key, tx.now.Add(-haizhi.LoginWindow), limit).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count sign-in failures: %w", err)
	}
	return n, nil
}

// Authenticate checks an email and password. Recent failures of the account or of ip are
// counted first, before any hashing: at haizhi.LoginMaxPerAccount or LoginMaxPerIP the
// answer is ErrThrottled. An unknown email, a wrong password, an account with no password
// yet and a disabled account all record a failure for the account and ip and return
// ErrBadCredentials, taking about the same time. Success records the sign-in and clears
// the account's failures.
func (s *AuthService) Authenticate(ctx context.Context, email, password, ip string) (*haizhi.User, error) {
	email = haizhi.NormalizeEmail(email)
	keys := []string{"acct:" + email}
	if ip != "" {
		keys = append(keys, "ip:"+ip)
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	for i, limit := range []int{haizhi.LoginMaxPerAccount, haizhi.LoginMaxPerIP}[:len(keys)] {
		n, err := countFailures(tx, keys[i], limit)
		if err != nil {
			return nil, err
		}
		if n >= limit {
			return nil, haizhi.ErrThrottled
		}
	}
	u, hash, err := findUser(tx, "email", email)
	if err != nil && haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
		return nil, err
	}
	if u != nil {
		if err := loadGrants(tx, u.Locale, u); err != nil {
			return nil, err
		}
	}
	tx.Rollback()

	if u == nil || hash == "" {
		hash = s.dummyHash
	}
	ok := checkPassword(password, hash)
	if !ok || u == nil || u.Disabled || hash == s.dummyHash {
		if err := s.recordFailure(ctx, keys); err != nil {
			return nil, err
		}
		return nil, haizhi.ErrBadCredentials
	}

	wtx, err := s.db.BeginTx(asUser(ctx, u, ip), true)
	if err != nil {
		return nil, err
	}
	defer wtx.Rollback()
	if _, err := wtx.Exec(`UPDATE users SET last_login_at = ? WHERE id = ?`, wtx.now, u.ID); err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	if _, err := wtx.Exec(`DELETE FROM login_failures WHERE key = ?`, keys[0]); err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	wtx.Audit("user.sign_in", "user", u.ID, "", nil)
	if err := wtx.Commit(); err != nil {
		return nil, err
	}
	now := wtx.now
	u.LastLoginAt = &now
	return u, nil
}

// recordFailure commits one failure row per key in its own transaction: the sign-in
// returns an error, but the failure must count. Failures are not audited: the table is
// their record, and an attacker could otherwise flood the audit chain.
func (s *AuthService) recordFailure(ctx context.Context, keys []string) error {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, k := range keys {
		if _, err := tx.Exec(`INSERT INTO login_failures (key, at) VALUES (?, ?)`, k, tx.now); err != nil {
			return fmt.Errorf("record sign-in failure: %w", err)
		}
	}
	return tx.Commit()
}

// UserForSession loads an enabled user with all grants; ENOTFOUND if the user is gone
// or disabled.
func (s *AuthService) UserForSession(ctx context.Context, userID int64) (*haizhi.User, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u, _, err := findUser(tx, "id", userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, haizhi.NotFound("user")
	}
	if err := loadGrants(tx, u.Locale, u); err != nil {
		return nil, err
	}
	return u, nil
}

// SendVerification mails a verification link to the signed-in user or, for holders of
// PermUserManage on one of the user's units, to userID: a "welcome_invite" when the user
// has no password yet (the link lets them set one), a "verify" otherwise.
func (s *AuthService) SendVerification(ctx context.Context, userID int64) error {
	a := haizhi.ActorFromContext(ctx)
	if a == nil {
		return haizhi.ErrUnauthorized
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	u, hash, err := findUser(tx, "id", userID)
	if err != nil {
		return err
	}
	if err := loadGrants(tx, u.Locale, u); err != nil {
		return err
	}
	path, ok := canOnUser(a, haizhi.PermUserManage, u)
	if isSelfOrSystem(a, u.ID) {
		path, ok = firstPath(u), true
	}
	if !ok {
		if _, visible := canOnUser(a, haizhi.PermUserView, u); visible {
			return haizhi.ErrForbidden
		}
		return haizhi.NotFound("user")
	}
	if u.Disabled {
		return haizhi.Errorf(haizhi.EINVALID, "error.invalid", "The account is disabled.")
	}
	kind := "verify"
	if hash == "" {
		kind = "welcome_invite"
	}
	if err := mailEmailToken(tx, u, tokenVerify, kind, inviteData(u, path)); err != nil {
		return err
	}
	tx.Audit("user.send_verification", "user", u.ID, path, map[string]any{"kind": kind})
	return tx.Commit()
}

// tokenUser finds the user of a usable email token, with the password hash.
func (s *AuthService) tokenUser(ctx context.Context, purpose, token string) (*haizhi.User, string, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	userID, err := findEmailToken(tx, purpose, token)
	if err != nil {
		return nil, "", err
	}
	return findUser(tx, "id", userID)
}

// VerifyEmail consumes a verification token, marks the address verified and, when
// newPassword is not empty, sets the password. A user without a password must give one
// (EINVALID with Fields["password"]). EINVALID "error.token_invalid" for an unknown,
// used or expired token.
func (s *AuthService) VerifyEmail(ctx context.Context, token, newPassword string) (*haizhi.User, error) {
	if newPassword != "" {
		if key := haizhi.PasswordProblem(newPassword); key != "" {
			return nil, haizhi.Invalid(map[string]string{"password": key})
		}
	}
	u, hash, err := s.tokenUser(ctx, tokenVerify, token)
	if err != nil {
		return nil, err
	}
	if newPassword == "" && hash == "" {
		// Checked before the token is consumed, so the user can try again with a password.
		return nil, haizhi.Invalid(map[string]string{"password": "error.password_short"})
	}
	var newHash string
	if newPassword != "" {
		if newHash, err = hashPassword(newPassword); err != nil {
			return nil, err
		}
	}
	tx, err := s.db.BeginTx(asUser(ctx, u, ""), true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if id, err := consumeEmailToken(tx, tokenVerify, token); err != nil {
		return nil, err
	} else if id != u.ID {
		return nil, errTokenInvalid()
	}
	if _, err := tx.Exec(`UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ?`, tx.now, tx.now, u.ID); err != nil {
		return nil, fmt.Errorf("verify email: %w", err)
	}
	if newHash != "" {
		if _, err := tx.Exec(`UPDATE users SET password_hash = ? WHERE id = ?`, newHash, u.ID); err != nil {
			return nil, fmt.Errorf("verify email: %w", err)
		}
	}
	if u, _, err = findUser(tx, "id", u.ID); err != nil {
		return nil, err
	}
	if err := loadGrants(tx, u.Locale, u); err != nil {
		return nil, err
	}
	tx.Audit("user.verify_email", "user", u.ID, firstPath(u), map[string]any{"password_set": newHash != ""})
	return u, tx.Commit()
}

// RequestPasswordReset mails a reset link when email belongs to an enabled account and
// does nothing otherwise, returning nil either way. At most three links go out per
// account within haizhi.ResetTokenLifetime; further requests are silently dropped.
func (s *AuthService) RequestPasswordReset(ctx context.Context, email string) error {
	email = haizhi.NormalizeEmail(email)
	if !haizhi.ValidEmail(email) {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	u, _, err := findUser(tx, "email", email)
	if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if u.Disabled {
		return nil
	}
	var recent int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM email_tokens WHERE user_id = ? AND purpose = ? AND created_at > ?`,
		u.ID, tokenReset, tx.now.Add(-haizhi.ResetTokenLifetime)).Scan(&recent); err != nil {
		return fmt.Errorf("request password reset: %w", err)
	}
	if recent >= resetRequestsPerLifetime {
		return nil
	}
	if err := mailEmailToken(tx, u, tokenReset, "reset", nil); err != nil {
		return err
	}
	tx.Audit("user.request_reset", "user", u.ID, "", nil)
	return tx.Commit()
}

// ResetPassword consumes a reset token and sets the password (EINVALID with
// Fields["password"] when it is too weak). Following the link proves the mailbox, so the
// address counts as verified; the account's sign-in failures are cleared.
func (s *AuthService) ResetPassword(ctx context.Context, token, newPassword string) error {
	if key := haizhi.PasswordProblem(newPassword); key != "" {
		return haizhi.Invalid(map[string]string{"password": key})
	}
	u, _, err := s.tokenUser(ctx, tokenReset, token)
	if err != nil {
		return err
	}
	newHash, err := hashPassword(newPassword)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(asUser(ctx, u, ""), true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if id, err := consumeEmailToken(tx, tokenReset, token); err != nil {
		return err
	} else if id != u.ID {
		return errTokenInvalid()
	}
	if _, err := tx.Exec(`UPDATE users SET password_hash = ?, email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ?`,
		newHash, tx.now, tx.now, u.ID); err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	if _, err := tx.Exec(`DELETE FROM login_failures WHERE key = ?`, "acct:"+u.Email); err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	tx.Audit("user.reset_password", "user", u.ID, "", nil)
	return tx.Commit()
}

// CheckEmailToken reports whether a token of the purpose ("verify" or "reset") is
// usable, without consuming it: nil, or EINVALID "error.token_invalid".
func (s *AuthService) CheckEmailToken(ctx context.Context, purpose, token string) error {
	if purpose != tokenVerify && purpose != tokenReset {
		return errTokenInvalid()
	}
	_, _, err := s.tokenUser(ctx, purpose, token)
	return err
}
