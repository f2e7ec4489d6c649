package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/haizhi-dev/haizhi"
)

// Email token purposes.
const (
	tokenVerify = "verify"
	tokenReset  = "reset"
)

// apiTokenPrefix starts every API token, so that leaked tokens are easy to recognise.
const apiTokenPrefix = "hz_"

// MaxAPITokenLife is the longest lifetime an API token may be given.
const MaxAPITokenLife = 2 * 365 * 24 * time.Hour

// apiTokenTouchEvery is how stale last_used_at may get before a request refreshes it:
// it saves a write on every API call.
const apiTokenTouchEvery = time.Minute

// newSecret returns 32 random bytes, base64url-encoded without padding.
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashSecret is the stored form of a token: a leaked table does not leak usable tokens.
// Tokens carry 256 random bits, so a fast hash is enough.
func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// errTokenInvalid is returned for an unknown, used or expired email token.
func errTokenInvalid() error {
	return haizhi.Errorf(haizhi.EINVALID, "error.token_invalid", "The link is invalid, already used or expired.")
}

// createEmailToken stores a new single-use token for userID and returns it in plain.
func createEmailToken(tx *Tx, userID int64, purpose string, lifetime time.Duration) (string, error) {
	token, err := newSecret()
	if err != nil {
		return "", err
	}
	if _, err := tx.Exec(`INSERT INTO email_tokens (user_id, purpose, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)`,
		userID, purpose, hashSecret(token), tx.now.Add(lifetime), tx.now); err != nil {
		return "", fmt.Errorf("create email token: %w", err)
	}
	return token, nil
}

// mailEmailToken makes a token of the purpose for u and mails the link to it as a
// message of kind. data may add composer values; name and link are set here.
func mailEmailToken(tx *Tx, u *haizhi.User, purpose, kind string, data map[string]string) error {
	lifetime, path := haizhi.EmailTokenLifetime, "/verify"
	if purpose == tokenReset {
		lifetime, path = haizhi.ResetTokenLifetime, "/reset"
	}
	token, err := createEmailToken(tx, u.ID, purpose, lifetime)
	if err != nil {
		return err
	}
	if data == nil {
		data = map[string]string{}
	}
	data["name"] = u.Name
	data["link"] = strings.TrimSuffix(tx.db.opts.PublicURL, "/") + path + "?token=" + token
	return enqueueMail(tx, u.Email, u.Locale, kind, data)
}

// findEmailToken returns the user of a usable token (unused, unexpired, of an enabled
// user) without consuming it.
func findEmailToken(tx *Tx, purpose, token string) (int64, error) {
	var userID int64
	err := tx.QueryRow(`SELECT t.user_id FROM email_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.purpose = ? AND t.used_at IS NULL AND t.expires_at > ? AND u.disabled = FALSE`,
		hashSecret(token), purpose, tx.now).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errTokenInvalid()
	} else if err != nil {
		return 0, fmt.Errorf("find email token: %w", err)
	}
	return userID, nil
}

// consumeEmailToken marks a usable token used and returns its user. The conditional
// UPDATE makes a token single use even when two requests race with it. Every other
// unused token of the purpose for the user is retired with it: the newest link wins,
// older ones stop working.
func consumeEmailToken(tx *Tx, purpose, token string) (int64, error) {
	var userID int64
	err := tx.QueryRow(`UPDATE email_tokens SET used_at = ?
		WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id`,
		tx.now, hashSecret(token), purpose, tx.now).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errTokenInvalid()
	} else if err != nil {
		return 0, fmt.Errorf("consume email token: %w", err)
	}
	if _, err := tx.Exec(`UPDATE email_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL`,
		tx.now, userID, purpose); err != nil {
		return 0, fmt.Errorf("consume email token: %w", err)
	}
	return userID, nil
}

const apiTokenColumns = `id, user_id, name, prefix, created_at, expires_at, last_used_at`

func scanAPIToken(s interface{ Scan(...any) error }) (*haizhi.APIToken, error) {
	t := &haizhi.APIToken{}
	var used sql.NullTime
	err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedAt, &t.ExpiresAt, &used)
	t.CreatedAt, t.ExpiresAt, t.LastUsedAt = t.CreatedAt.UTC(), t.ExpiresAt.UTC(), timePtr(used)
	return t, err
}

// CreateAPIToken makes a token for the signed-in user and returns it in plain, once. The
// name is required (at most 80 characters); lifetime defaults to
// haizhi.DefaultTokenMaxLife and may not exceed MaxAPITokenLife.
func (s *AuthService) CreateAPIToken(ctx context.Context, name string, lifetime time.Duration) (string, *haizhi.APIToken, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return "", nil, err
	}
	name = strings.TrimSpace(name)
	fields := map[string]string{}
	if name == "" {
		fields["name"] = "error.required"
	} else if utf8.RuneCountInString(name) > 80 {
		fields["name"] = "error.too_long"
	}
	if lifetime == 0 {
		lifetime = haizhi.DefaultTokenMaxLife
	}
	if lifetime < 0 {
		fields["lifetime"] = "error.invalid"
	} else if lifetime > MaxAPITokenLife {
		fields["lifetime"] = "error.too_long"
	}
	if len(fields) > 0 {
		return "", nil, haizhi.Invalid(fields)
	}
	secret, err := newSecret()
	if err != nil {
		return "", nil, err
	}
	plain := apiTokenPrefix + secret
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return "", nil, err
	}
	defer tx.Rollback()
	t := &haizhi.APIToken{UserID: a.UserID, Name: name, Prefix: plain[:10], CreatedAt: tx.now, ExpiresAt: tx.now.Add(lifetime)}
	t.ID, err = tx.InsertID(`INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		t.UserID, t.Name, t.Prefix, hashSecret(plain), t.CreatedAt, t.ExpiresAt)
	if err != nil {
		return "", nil, fmt.Errorf("create API token: %w", err)
	}
	tx.Audit("api_token.create", "api_token", t.ID, "", map[string]any{"name": t.Name, "prefix": t.Prefix, "expires_at": t.ExpiresAt})
	if err := tx.Commit(); err != nil {
		return "", nil, err
	}
	return plain, t, nil
}

// FindAPITokens lists the signed-in user's tokens, newest first.
func (s *AuthService) FindAPITokens(ctx context.Context) ([]*haizhi.APIToken, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.Query(`SELECT `+apiTokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC`, a.UserID)
	if err != nil {
		return nil, fmt.Errorf("find API tokens: %w", err)
	}
	defer rows.Close()
	out := []*haizhi.APIToken{}
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, fmt.Errorf("scan API token: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken deletes one of the signed-in user's tokens; ENOTFOUND for anyone
// else's.
func (s *AuthService) RevokeAPIToken(ctx context.Context, id int64) error {
	a, err := signedIn(ctx)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var name, prefix string
	err = tx.QueryRow(`DELETE FROM api_tokens WHERE id = ? AND user_id = ? RETURNING name, prefix`, id, a.UserID).Scan(&name, &prefix)
	if errors.Is(err, sql.ErrNoRows) {
		return haizhi.NotFound("API token")
	} else if err != nil {
		return fmt.Errorf("revoke API token: %w", err)
	}
	tx.Audit("api_token.revoke", "api_token", id, "", map[string]any{"name": name, "prefix": prefix})
	return tx.Commit()
}

// UserForAPIToken resolves a plain token to its enabled user with grants, and notes its
// use (at most once a minute). ErrUnauthorized for an unknown or expired token or a
// disabled user.
func (s *AuthService) UserForAPIToken(ctx context.Context, token string) (*haizhi.User, error) {
	if !strings.HasPrefix(token, apiTokenPrefix) {
		return nil, haizhi.ErrUnauthorized
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var tokenID int64
	var expires time.Time
	var used sql.NullTime
	u, err := scanUser(tx.QueryRow(`SELECT `+userColumns+`, t.id, t.expires_at, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, hashSecret(token)), &tokenID, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.ErrUnauthorized
	} else if err != nil {
		return nil, fmt.Errorf("user for API token: %w", err)
	}
	if u.Disabled || !expires.After(tx.now) {
		return nil, haizhi.ErrUnauthorized
	}
	if err := loadGrants(tx, u.Locale, u); err != nil {
		return nil, err
	}
	now := tx.now
	tx.Rollback()
	if !used.Valid || now.Sub(used.Time) >= apiTokenTouchEvery {
		if err := s.touchAPIToken(ctx, tokenID); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// touchAPIToken sets last_used_at. It is bookkeeping, not a change anyone made, so it is
// not audited; the condition keeps concurrent requests from writing it twice.
func (s *AuthService) touchAPIToken(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)`,
		tx.now, id, tx.now.Add(-apiTokenTouchEvery)); err != nil {
		return fmt.Errorf("touch API token: %w", err)
	}
	return tx.Commit()
}
