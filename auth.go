package haizhi

import (
	"context"
	"time"
)

// Throttle limits for sign-in, counted in the database so that every node sees them.
const (
	LoginWindow         = 15 * time.Minute
	LoginMaxPerAccount  = 5  // failures per account per window
	LoginMaxPerIP       = 30 // failures per IP address per window
	EmailTokenLifetime  = 48 * time.Hour
	ResetTokenLifetime  = time.Hour
	DefaultTokenMaxLife = 365 * 24 * time.Hour
)

// ErrBadCredentials is returned for an unknown email and for a wrong password alike, so
// that sign-in does not reveal which accounts exist.
var ErrBadCredentials = &Error{Code: EUNAUTHORIZED, Key: "error.bad_credentials", Message: "Email or password is incorrect."}

// ErrThrottled is returned when too many sign-ins failed for the account or the address.
var ErrThrottled = &Error{Code: ETOOMANY, Key: "error.throttled", Message: "Too many failed sign-ins. Please wait a few minutes."}

// APIToken is a personal token for the JSON API. Only its hash is stored; the plain token
// is shown once, when created.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"` // the first characters, to recognise it in lists
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// AuthService signs people in and manages the secrets that prove who they are.
type AuthService interface {
	// Authenticate checks an email and password. It refuses with ErrThrottled before
	// hashing when the account or ip has too many recent failures, and with
	// ErrBadCredentials for an unknown email, a wrong password or a disabled account.
	Authenticate(ctx context.Context, email, password, ip string) (*User, error)
	// UserForSession loads an enabled user with grants for a session; ENOTFOUND if the
	// user is gone or disabled.
	UserForSession(ctx context.Context, userID int64) (*User, error)

	// SendVerification mails the signed-in user (or, for PermUserManage holders, userID)
	// a link to verify their address and, if they have none, set a password.
	SendVerification(ctx context.Context, userID int64) error
	// VerifyEmail consumes a verification token; when newPassword is not empty it also
	// sets the password. EINVALID for an unknown, used or expired token.
	VerifyEmail(ctx context.Context, token, newPassword string) (*User, error)
	// RequestPasswordReset mails a reset link when the address belongs to an enabled
	// account, and does nothing otherwise; it never says which.
	RequestPasswordReset(ctx context.Context, email string) error
	// ResetPassword consumes a reset token and sets the password.
	ResetPassword(ctx context.Context, token, newPassword string) error
	// CheckEmailToken reports whether a token of the purpose ("verify" or "reset") is
	// usable, without consuming it.
	CheckEmailToken(ctx context.Context, purpose, token string) error

	// CreateAPIToken makes a token for the signed-in user; the plain token is returned once.
	CreateAPIToken(ctx context.Context, name string, lifetime time.Duration) (string, *APIToken, error)
	// FindAPITokens lists the signed-in user's tokens, newest first.
	FindAPITokens(ctx context.Context) ([]*APIToken, error)
	// RevokeAPIToken deletes one of the signed-in user's tokens.
	RevokeAPIToken(ctx context.Context, id int64) error
	// UserForAPIToken resolves a plain token to its enabled user; EUNAUTHORIZED otherwise.
	UserForAPIToken(ctx context.Context, token string) (*User, error)
}
