package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// MaxRegistrationsPerHour is how many applicant accounts one IP address may open in an
// hour.
const MaxRegistrationsPerHour = 10

// RegisterApplicant opens an applicant's own account; see haizhi.UserService. The
// applicant role is granted on the unit of the competition they enter: it carries only
// the applicant's workspace, where they see nothing but their own entries.
func (s *UserService) RegisterApplicant(ctx context.Context, r haizhi.Registration) (*haizhi.User, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	hash, err := hashPassword(r.Password)
	if err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ed, err := entryEdition(tx, r.EditionID)
	if haizhi.ErrorCode(err) == haizhi.ENOTFOUND || (err == nil && (ed.Status != haizhi.EditionOpen || tx.now.After(screeningClose(ed)))) {
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.edition_not_open", "The edition is not taking entries.")
	} else if err != nil {
		return nil, err
	}
	// A guest may open a few accounts an hour from one address, not a mail cannon's worth.
	if ip := tx.Actor().IP; ip != "" {
		var recent int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'user.register' AND ip = ? AND at > ?`,
			ip, tx.now.Add(-time.Hour)).Scan(&recent); err != nil {
			return nil, fmt.Errorf("count registrations: %w", err)
		}
		if recent >= MaxRegistrationsPerHour {
			return nil, haizhi.Errorf(haizhi.ETOOMANY, "error.too_many_registrations", "Too many accounts were opened from this address; try again later.")
		}
	}
	unit, err := findUnit(tx, "path", ed.UnitPath)
	if err != nil {
		return nil, err
	}
	u := &haizhi.User{Email: r.Email, Name: r.Name, Locale: r.Locale, CreatedAt: tx.now, UpdatedAt: tx.now}
	u.ID, err = tx.InsertID(`INSERT INTO users (email, name, locale, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		u.Email, u.Name, u.Locale, hash, u.CreatedAt, u.UpdatedAt)
	if tx.db.dialect.isUnique(err) {
		return nil, &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.email_registered", Message: "This email address is already registered; sign in instead.",
			Fields: map[string]string{"email": "error.email_registered"}}
	} else if err != nil {
		return nil, fmt.Errorf("register applicant: %w", err)
	}
	g, err := insertGrant(tx, u.ID, haizhi.RoleApplicant, unit)
	if err != nil {
		return nil, err
	}
	u.Grants = []haizhi.Grant{*g}
	if err := mailEmailToken(tx, u, tokenVerify, "verify", nil); err != nil {
		return nil, err
	}
	tx.Audit("user.register", "user", u.ID, unit.Path, map[string]any{"email": u.Email, "name": u.Name, "locale": u.Locale, "edition_id": ed.ID})
	return u, tx.Commit()
}
