package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// UserService implements haizhi.UserService.
type UserService struct{ db *DB }

// NewUserService returns the user service of db.
func NewUserService(db *DB) *UserService { return &UserService{db: db} }

var _ haizhi.UserService = (*UserService)(nil)

const userColumns = `u.id, u.email, u.name, u.locale, u.email_verified_at, u.disabled, u.last_login_at, u.created_at, u.updated_at`

// scanUser scans userColumns followed by any extra destinations.
func scanUser(s interface{ Scan(...any) error }, extra ...any) (*haizhi.User, error) {
	u := &haizhi.User{}
	var verified, lastLogin sql.NullTime
	dest := append([]any{&u.ID, &u.Email, &u.Name, &u.Locale, &verified, &u.Disabled, &lastLogin, &u.CreatedAt, &u.UpdatedAt}, extra...)
	err := s.Scan(dest...)
	u.EmailVerifiedAt, u.LastLoginAt = timePtr(verified), timePtr(lastLogin)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, err
}

// timePtr turns a nullable column into a UTC *time.Time.
func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}

// dbTime puts a caller's time in the form every stored time has: UTC, microseconds. On
// SQLite times are compared as text, so a time in another zone would compare wrongly.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// pageClause is "LIMIT n OFFSET ?" for a normalized page, with the limit written into
// the text: SQLite re-plans a prepared statement on every use when LIMIT is a bound
// parameter (it may use the value to plan), which undid the statement cache. Limits are
// few (page sizes), so the distinct texts stay few; the offset stays a parameter.
func pageClause(p haizhi.Page) string {
	return " LIMIT " + strconv.Itoa(p.Limit) + " OFFSET ?"
}

// qmarks returns n comma-separated placeholders for an IN list.
func qmarks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// findUser loads a user by a column without grants or permission checks. It also returns
// the password hash, which never leaves this package.
func findUser(tx *Tx, col string, v any) (*haizhi.User, string, error) {
	var hash string
	u, err := scanUser(tx.QueryRow(`SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.`+col+` = ?`, v), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", haizhi.NotFound("user")
	} else if err != nil {
		return nil, "", fmt.Errorf("find user: %w", err)
	}
	return u, hash, nil
}

// loadGrants sets the grants of users in one query, with unit paths and names in the
// locale (zh-CN when empty).
func loadGrants(tx *Tx, locale string, users ...*haizhi.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := make(map[int64]*haizhi.User, len(users))
	args := make([]any, 0, len(users))
	for _, u := range users {
		u.Grants = []haizhi.Grant{}
		byID[u.ID] = u
		args = append(args, u.ID)
	}
	rows, err := tx.Query(`SELECT g.id, g.user_id, g.role, g.unit_id, o.path, o.name_zh, o.name_en
		FROM grants g JOIN org_units o ON o.id = g.unit_id
		WHERE g.user_id IN (`+qmarks(len(args))+`) ORDER BY g.user_id, o.path, g.role`, args...)
	if err != nil {
		return fmt.Errorf("load grants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g haizhi.Grant
		var zh, en string
		if err := rows.Scan(&g.ID, &g.UserID, &g.Role, &g.UnitID, &g.UnitPath, &zh, &en); err != nil {
			return fmt.Errorf("scan grant: %w", err)
		}
		g.UnitName = haizhi.Localized(locale, zh, en)
		byID[g.UserID].Grants = append(byID[g.UserID].Grants, g)
	}
	return rows.Err()
}

// readerLocale is the locale for display names: the actor's, or zh-CN.
func readerLocale(a *haizhi.Actor) string {
	if a != nil && a.Locale != "" {
		return a.Locale
	}
	return haizhi.LocaleZH
}

// isSelfOrSystem reports whether the actor is the system or the user userID.
func isSelfOrSystem(a *haizhi.Actor, userID int64) bool {
	return a != nil && (a.System || (a.UserID != 0 && a.UserID == userID))
}

// canOnUser returns the path of the first of u's grants on which the actor holds p, and
// whether there is one. The system and the user themselves pass with path "".
func canOnUser(a *haizhi.Actor, p haizhi.Permission, u *haizhi.User) (string, bool) {
	if isSelfOrSystem(a, u.ID) && p == haizhi.PermUserView {
		return "", true
	}
	if a != nil && a.System {
		return firstPath(u), true
	}
	for _, g := range u.Grants {
		if a.Can(p, g.UnitPath) {
			return g.UnitPath, true
		}
	}
	return "", false
}

// firstPath is the unit path used to file an event about u in the audit log.
func firstPath(u *haizhi.User) string {
	if len(u.Grants) > 0 {
		return u.Grants[0].UnitPath
	}
	return ""
}

// inviteData is the role and unit a welcome mail names: the user's grant on the unit at
// path (the one the sender manages), else the first grant; empty when there is none. Unit
// names are as the grants were loaded (SendVerification loads them in the user's locale);
// the composer turns the role code into the role's name.
func inviteData(u *haizhi.User, path string) map[string]string {
	data := map[string]string{"role": "", "unit": ""}
	for i, g := range u.Grants {
		if g.UnitPath == path || i == 0 {
			data["role"], data["unit"] = string(g.Role), g.UnitName
		}
		if g.UnitPath == path {
			break
		}
	}
	return data
}

// hideGrants keeps only the grants inside the actor's PermUserView scope, unless the actor
// is the user or the system: a district operator should not learn of roles elsewhere.
func hideGrants(a *haizhi.Actor, u *haizhi.User) {
	if isSelfOrSystem(a, u.ID) {
		return
	}
	out := u.Grants[:0]
	for _, g := range u.Grants {
		if a.Can(haizhi.PermUserView, g.UnitPath) {
			out = append(out, g)
		}
	}
	u.Grants = out
}

// FindUserByID returns a user with grants: to the user, to the system, or to holders of
// PermUserView on a unit where the user holds a grant. ENOTFOUND otherwise.
func (s *UserService) FindUserByID(ctx context.Context, id int64) (*haizhi.User, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findVisibleUser(tx, id)
}

func findVisibleUser(tx *Tx, id int64) (*haizhi.User, error) {
	a := tx.Actor()
	u, _, err := findUser(tx, "id", id)
	if err != nil {
		return nil, err
	}
	if err := loadGrants(tx, readerLocale(a), u); err != nil {
		return nil, err
	}
	if _, ok := canOnUser(a, haizhi.PermUserView, u); !ok {
		return nil, haizhi.NotFound("user")
	}
	hideGrants(a, u)
	return u, nil
}

// userSorts whitelists the sort orders of FindUsers.
var userSorts = map[string]string{
	"email":    "u.email, u.id",
	"name":     "u.name, u.id",
	"created":  "u.created_at, u.id",
	"-created": "u.created_at DESC, u.id DESC",
}

// FindUsers lists users holding a grant inside the actor's PermUserView scope, with the
// total count before paging. Role and UnitID narrow the grants that qualify a user.
func (s *UserService) FindUsers(ctx context.Context, f haizhi.UserFilter) ([]*haizhi.User, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()

	a := tx.Actor()
	scope, args := scopeClause("o.path", a.Scope(haizhi.PermUserView))
	// EXISTS rather than a join: a user with several grants is listed once.
	exists := `EXISTS (SELECT 1 FROM grants g JOIN org_units o ON o.id = g.unit_id WHERE g.user_id = u.id AND ` + scope
	if f.Role != "" {
		exists, args = exists+` AND g.role = ?`, append(args, string(f.Role))
	}
	if f.UnitID != 0 {
		exists, args = exists+` AND o.path LIKE ((SELECT path FROM org_units WHERE id = ?) || '%')`, append(args, f.UnitID)
	}
	where := []string{exists + `)`}
	if f.Query != "" {
		pat := likePattern(f.Query)
		where = append(where, `(lower(u.email) LIKE ? ESCAPE '\' OR lower(u.name) LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM users u WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	order, ok := userSorts[f.Sort]
	if !ok {
		order = userSorts["-created"]
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	rows, err := tx.Query(`SELECT `+userColumns+` FROM users u WHERE `+cond+` ORDER BY `+order+pageClause(p),
		append(args, p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find users: %w", err)
	}
	defer rows.Close()
	var out []*haizhi.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan user: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find users: %w", err)
	}
	rows.Close()
	if err := loadGrants(tx, readerLocale(a), out...); err != nil {
		return nil, 0, err
	}
	for _, u := range out {
		hideGrants(a, u)
	}
	return out, total, nil
}

// CreateUser creates an account and its first grant (PermUserManage on the unit), and
// mails a verification link: a "welcome_invite" when no password was given (the link
// lets the user set one), a "verify" otherwise. ECONFLICT when the email is taken.
func (s *UserService) CreateUser(ctx context.Context, n haizhi.NewUser) (*haizhi.User, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var hash string
	if n.Password != "" {
		h, err := hashPassword(n.Password)
		if err != nil {
			return nil, err
		}
		hash = h
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	unit, err := findUnit(tx, "id", n.UnitID)
	if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
		return nil, haizhi.Invalid(map[string]string{"unit_id": "error.choose_one"})
	} else if err != nil {
		return nil, err
	}
	if err := haizhi.Authorize(ctx, haizhi.PermUserManage, unit.Path); err != nil {
		return nil, err
	}
	u := &haizhi.User{Email: n.Email, Name: n.Name, Locale: n.Locale, CreatedAt: tx.now, UpdatedAt: tx.now}
	u.ID, err = tx.InsertID(`INSERT INTO users (email, name, locale, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		u.Email, u.Name, u.Locale, hash, u.CreatedAt, u.UpdatedAt)
	if tx.db.dialect.isUnique(err) {
		return nil, &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.email_taken", Message: "This email address is already registered.",
			Fields: map[string]string{"email": "error.email_taken"}}
	} else if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	g, err := insertGrant(tx, u.ID, n.Role, unit)
	if err != nil {
		return nil, err
	}
	u.Grants = []haizhi.Grant{*g}
	kind := "verify"
	if hash == "" {
		kind = "welcome_invite"
	}
	data := map[string]string{"role": string(n.Role), "unit": unit.Name(u.Locale)}
	if err := mailEmailToken(tx, u, tokenVerify, kind, data); err != nil {
		return nil, err
	}
	tx.Audit("user.create", "user", u.ID, unit.Path, map[string]any{"email": u.Email, "name": u.Name, "locale": u.Locale,
		"role": n.Role, "unit_id": unit.ID, "password_set": hash != ""})
	return u, tx.Commit()
}

// insertGrant adds a grant; ECONFLICT when the user already holds the role on the unit.
func insertGrant(tx *Tx, userID int64, role haizhi.Role, unit *haizhi.OrgUnit) (*haizhi.Grant, error) {
	id, err := tx.InsertID(`INSERT INTO grants (user_id, role, unit_id, created_at) VALUES (?, ?, ?, ?)`, userID, string(role), unit.ID, tx.now)
	if tx.db.dialect.isUnique(err) {
		return nil, haizhi.Errorf(haizhi.ECONFLICT, "error.grant_exists", "The user already holds the role %s on this unit.", role)
	} else if err != nil {
		return nil, fmt.Errorf("insert grant: %w", err)
	}
	return &haizhi.Grant{ID: id, UserID: userID, Role: role, UnitID: unit.ID, UnitPath: unit.Path,
		UnitName: unit.Name(readerLocale(tx.Actor()))}, nil
}

// GrantRole gives a user a role on a unit (PermUserManage on the unit). ECONFLICT when
// the user already holds it; ENOTFOUND when the user does not exist.
func (s *UserService) GrantRole(ctx context.Context, userID int64, role haizhi.Role, unitID int64) (*haizhi.Grant, error) {
	if !role.Valid() {
		return nil, haizhi.Invalid(map[string]string{"role": "error.choose_one"})
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	unit, err := findUnit(tx, "id", unitID)
	if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
		return nil, haizhi.Invalid(map[string]string{"unit_id": "error.choose_one"})
	} else if err != nil {
		return nil, err
	}
	if err := haizhi.Authorize(ctx, haizhi.PermUserManage, unit.Path); err != nil {
		return nil, err
	}
	if _, _, err := findUser(tx, "id", userID); err != nil {
		return nil, err
	}
	g, err := insertGrant(tx, userID, role, unit)
	if err != nil {
		return nil, err
	}
	tx.Audit("user.grant", "user", userID, unit.Path, map[string]any{"grant_id": g.ID, "role": role, "unit_id": unit.ID})
	return g, tx.Commit()
}

// RevokeGrant removes a grant (PermUserManage on its unit). A user may not revoke their
// own last admin grant (EINVALID), so that nobody locks themselves out by accident.
// ENOTFOUND when the grant is missing or outside the actor's PermUserView scope.
func (s *UserService) RevokeGrant(ctx context.Context, grantID int64) error {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var g haizhi.Grant
	err = tx.QueryRow(`SELECT g.id, g.user_id, g.role, g.unit_id, o.path FROM grants g JOIN org_units o ON o.id = g.unit_id WHERE g.id = ?`, grantID).
		Scan(&g.ID, &g.UserID, &g.Role, &g.UnitID, &g.UnitPath)
	if errors.Is(err, sql.ErrNoRows) {
		return haizhi.NotFound("grant")
	} else if err != nil {
		return fmt.Errorf("revoke grant: %w", err)
	}
	a := tx.Actor()
	if !a.Can(haizhi.PermUserManage, g.UnitPath) {
		if a.Can(haizhi.PermUserView, g.UnitPath) || isSelfOrSystem(a, g.UserID) {
			return haizhi.Authorize(ctx, haizhi.PermUserManage, g.UnitPath)
		}
		return haizhi.NotFound("grant")
	}
	if g.Role == haizhi.RoleAdmin && a.UserID == g.UserID {
		var others int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM grants WHERE user_id = ? AND role = ? AND id <> ?`, g.UserID, string(haizhi.RoleAdmin), g.ID).Scan(&others); err != nil {
			return fmt.Errorf("revoke grant: %w", err)
		}
		if others == 0 {
			return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.last_admin_grant", Message: "You cannot revoke your own last admin role."}
		}
	}
	if _, err := tx.Exec(`DELETE FROM grants WHERE id = ?`, g.ID); err != nil {
		return fmt.Errorf("revoke grant: %w", err)
	}
	tx.Audit("user.revoke", "user", g.UserID, g.UnitPath, map[string]any{"grant_id": g.ID, "role": g.Role, "unit_id": g.UnitID})
	return tx.Commit()
}

// SetUserDisabled disables or enables an account (PermUserManage on one of its units).
// Nobody may disable themselves. Sessions and API tokens of a disabled user stop working
// at once, since UserForSession and UserForAPIToken read the flag on every request.
func (s *UserService) SetUserDisabled(ctx context.Context, userID int64, disabled bool) error {
	a := haizhi.ActorFromContext(ctx)
	if a == nil {
		return haizhi.ErrUnauthorized
	}
	if disabled && a.UserID != 0 && a.UserID == userID {
		return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.cannot_disable_self", Message: "You cannot disable your own account."}
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	u, _, err := findUser(tx, "id", userID)
	if err != nil {
		return err
	}
	if err := loadGrants(tx, haizhi.LocaleZH, u); err != nil {
		return err
	}
	path, ok := canOnUser(a, haizhi.PermUserManage, u)
	if !ok {
		if _, visible := canOnUser(a, haizhi.PermUserView, u); visible {
			return haizhi.ErrForbidden
		}
		return haizhi.NotFound("user")
	}
	if u.Disabled == disabled {
		return nil
	}
	if _, err := tx.Exec(`UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?`, disabled, tx.now, userID); err != nil {
		return fmt.Errorf("set user disabled: %w", err)
	}
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	tx.Audit(action, "user", userID, path, nil)
	return tx.Commit()
}

// SetLocale changes the signed-in user's language; EINVALID for an unknown locale.
func (s *UserService) SetLocale(ctx context.Context, locale string) error {
	a, err := signedIn(ctx)
	if err != nil {
		return err
	}
	loc := haizhi.NormalizeLocale(locale)
	if loc == "" {
		return haizhi.Invalid(map[string]string{"locale": "error.choose_one"})
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.Exec(`UPDATE users SET locale = ?, updated_at = ? WHERE id = ?`, loc, tx.now, a.UserID)
	if err != nil {
		return fmt.Errorf("set locale: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return haizhi.NotFound("user")
	}
	tx.Audit("user.set_locale", "user", a.UserID, "", map[string]any{"locale": loc})
	return tx.Commit()
}

// ChangePassword sets the signed-in user's password after checking the old one
// (EINVALID with Fields["old_password"] when it is wrong, Fields["new_password"] when the
// new one is too weak).
func (s *UserService) ChangePassword(ctx context.Context, oldPassword, newPassword string) error {
	a, err := signedIn(ctx)
	if err != nil {
		return err
	}
	if key := haizhi.PasswordProblem(newPassword); key != "" {
		return haizhi.Invalid(map[string]string{"new_password": key})
	}
	rtx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return err
	}
	_, oldHash, err := findUser(rtx, "id", a.UserID)
	rtx.Rollback()
	if err != nil {
		return err
	}
	if !checkPassword(oldPassword, oldHash) {
		return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.password_wrong", Message: "The current password is not correct.",
			Fields: map[string]string{"old_password": "error.password_wrong"}}
	}
	newHash, err := hashPassword(newPassword)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The old hash in the condition makes a concurrent change win cleanly instead of
	// being overwritten by a password checked against a hash that is gone.
	res, err := tx.Exec(`UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?`, newHash, tx.now, a.UserID, oldHash)
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return haizhi.Errorf(haizhi.ECONFLICT, "error.conflict", "The password was changed meanwhile.")
	}
	tx.Audit("user.change_password", "user", a.UserID, "", nil)
	return tx.Commit()
}
