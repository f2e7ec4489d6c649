package haizhi

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Locales Haizhi speaks. zh-CN is the default.
const (
	LocaleZH = "zh-CN"
	LocaleEN = "en"
)

// NormalizeLocale maps any language tag to a supported locale ("" when unknown).
func NormalizeLocale(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "zh"):
		return LocaleZH
	case strings.HasPrefix(s, "en"):
		return LocaleEN
	}
	return ""
}

// User is a person who signs in. Grants are loaded by FindUserByID and FindUsers.
type User struct {
	ID              int64      `json:"id"`
	Email           string     `json:"email"`
	Name            string     `json:"name"`
	Locale          string     `json:"locale"`
	EmailVerifiedAt *time.Time `json:"email_verified_at,omitempty"`
	Disabled        bool       `json:"disabled"`
	LastLoginAt     *time.Time `json:"last_login_at,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	Grants          []Grant    `json:"grants"`
}

// Actor builds the actor for a request made by u.
func (u *User) Actor(ip, requestID string) *Actor {
	return &Actor{UserID: u.ID, Email: u.Email, Name: u.Name, Locale: u.Locale, Grants: u.Grants, IP: ip, RequestID: requestID}
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// NewUser is what it takes to create an account with a first role.
type NewUser struct {
	Email    string
	Name     string
	Locale   string
	Password string // empty: the user sets one through the verification mail
	Role     Role
	UnitID   int64
}

// Validate checks and normalises the fields.
func (n *NewUser) Validate() error {
	fields := map[string]string{}
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if !ValidEmail(n.Email) {
		fields["email"] = "error.email_invalid"
	}
	if n.Name == "" {
		fields["name"] = "error.required"
	} else if utf8.RuneCountInString(n.Name) > 100 {
		fields["name"] = "error.too_long"
	}
	if n.Locale = NormalizeLocale(n.Locale); n.Locale == "" {
		n.Locale = LocaleZH
	}
	if n.Password != "" {
		if key := PasswordProblem(n.Password); key != "" {
			fields["password"] = key
		}
	}
	if !n.Role.Valid() {
		fields["role"] = "error.choose_one"
	}
	if n.UnitID <= 0 {
		fields["unit_id"] = "error.choose_one"
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// NormalizeEmail trims and lower-cases an address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s is a plain address (no display name) of sane length.
func ValidEmail(s string) bool {
	if len(s) > 254 || !strings.Contains(s, "@") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

// PasswordProblem returns the catalogue key of what is wrong with a new password, or "".
func PasswordProblem(p string) string {
	switch n := utf8.RuneCountInString(p); {
	case n < MinPasswordLength:
		return "error.password_short"
	case len(p) > 256:
		return "error.too_long"
	}
	return ""
}

// UserFilter selects users. Results are limited to users holding a grant inside the
// actor's PermUserView scope.
type UserFilter struct {
	Query  string // matches email and name
	Role   Role
	UnitID int64  // users with a grant on this unit or below it
	Sort   string // "email", "name", "created" or "-created" (newest first, the default)
	Page   Page
}

// UserService manages accounts and their roles.
type UserService interface {
	// FindUserByID returns a user with grants. Users may read themselves; otherwise
	// PermUserView on a unit where the user holds a grant. ENOTFOUND if missing or hidden.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUsers lists users in the actor's scope with the total count.
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
	// CreateUser creates an account with its first grant (PermUserManage on the unit) and
	// mails a verification link (which also lets the user set a password). ECONFLICT when
	// the email is taken.
	CreateUser(ctx context.Context, n NewUser) (*User, error)
	// GrantRole gives a user a role on a unit (PermUserManage on the unit). Granting the
	// same role on the same unit twice is ECONFLICT.
	GrantRole(ctx context.Context, userID int64, role Role, unitID int64) (*Grant, error)
	// RevokeGrant removes a grant (PermUserManage on its unit).
	RevokeGrant(ctx context.Context, grantID int64) error
	// SetUserDisabled disables or enables an account (PermUserManage on one of its units);
	// a disabled user's sessions and tokens stop working at once.
	SetUserDisabled(ctx context.Context, userID int64, disabled bool) error
	// SetLocale changes the signed-in user's language.
	SetLocale(ctx context.Context, locale string) error
	// RegisterApplicant creates an applicant's own account (anyone may call it) with the
	// applicant role on the unit of the edition they want to enter, which must be taking
	// entries, and mails a verification link. ECONFLICT when the email is taken.
	RegisterApplicant(ctx context.Context, r Registration) (*User, error)
	// ChangePassword changes the signed-in user's password after checking the old one.
	ChangePassword(ctx context.Context, oldPassword, newPassword string) error
}

// Registration is what an applicant gives to open their own account.
type Registration struct {
	Email     string
	Name      string
	Password  string
	Locale    string
	EditionID int64
}

// Validate checks and normalises the fields; a password is required.
func (r *Registration) Validate() error {
	n := NewUser{Email: r.Email, Name: r.Name, Locale: r.Locale, Password: r.Password, Role: RoleApplicant, UnitID: 1}
	err := n.Validate()
	fields := ErrorFields(err)
	if fields == nil {
		fields = map[string]string{}
	}
	if r.Password == "" {
		fields["password"] = "error.required"
	}
	if r.EditionID <= 0 {
		fields["edition_id"] = "error.choose_one"
	}
	r.Email, r.Name, r.Locale = n.Email, n.Name, n.Locale
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}
