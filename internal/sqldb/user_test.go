package sqldb_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// testClock is a settable clock for sqldb.Options.Now.
type testClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration // added after every reading, to make time pass inside a transaction
}

func newTestClock() *testClock { return &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.t
	c.t = c.t.Add(c.step)
	return now
}

// Step makes every later reading of the clock move it on by d (0 stops it).
func (c *testClock) Step(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.step = d
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testComposer renders every value on a line of its own, so tests can read links back.
// Like the real composer it refuses a message whose required keys are missing.
type testComposer struct{}

func (testComposer) Compose(kind, locale string, data map[string]string) (string, string, error) {
	required := map[string][]string{"verify": {"link"}, "reset": {"link"}, "welcome_invite": {"link", "role", "unit"},
		"entry_update": {"change", "title", "edition", "link", "round", "reason", "note"}, "judge_assigned": {"edition", "round", "count", "link"}}
	for _, k := range required[kind] {
		if _, ok := data[k]; !ok {
			return "", "", fmt.Errorf("compose %s: no %q", kind, k)
		}
	}
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("kind=" + kind + "\nlocale=" + locale + "\n")
	for _, k := range keys {
		b.WriteString(k + "=" + data[k] + "\n")
	}
	return "[" + kind + "] " + data["name"], b.String(), nil
}

// eachDB runs fn on a fresh database of every dialect, opened with a test clock, the test
// composer and a public URL.
func eachDB(t *testing.T, mailEnabled bool, fn func(t *testing.T, db *sqldb.DB, clock *testClock)) {
	t.Helper()
	for _, d := range apptest.Dialects() {
		t.Run(d, func(t *testing.T) {
			clock := newTestClock()
			db := apptest.MustOpenDB(t, d, sqldb.Options{Now: clock.Now, Composer: testComposer{},
				PublicURL: "https://haizhi.example", MailEnabled: mailEnabled})
			fn(t, db, clock)
		})
	}
}

// tree is the unit tree most tests use: a city with two districts and a park in one.
type tree struct {
	sys                         context.Context
	city, yuhang, gongshu, park *haizhi.OrgUnit
}

func mustTree(t *testing.T, db *sqldb.DB) tree {
	t.Helper()
	tr := tree{sys: haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("test"))}
	units := sqldb.NewUnitService(db)
	tr.city = &haizhi.OrgUnit{Kind: haizhi.UnitCity, Code: "hangzhou", NameZH: "杭州市", NameEN: "Hangzhou"}
	if err := units.CreateUnit(tr.sys, tr.city); err != nil {
		t.Fatal(err)
	}
	tr.yuhang = &haizhi.OrgUnit{ParentID: tr.city.ID, Kind: haizhi.UnitDistrict, Code: "yuhang", NameZH: "余杭区", NameEN: "Yuhang"}
	tr.gongshu = &haizhi.OrgUnit{ParentID: tr.city.ID, Kind: haizhi.UnitDistrict, Code: "gongshu", NameZH: "拱墅区", NameEN: "Gongshu"}
	for _, u := range []*haizhi.OrgUnit{tr.yuhang, tr.gongshu} {
		if err := units.CreateUnit(tr.sys, u); err != nil {
			t.Fatal(err)
		}
	}
	tr.park = &haizhi.OrgUnit{ParentID: tr.yuhang.ID, Kind: haizhi.UnitPark, Code: "future-sci-tech", NameZH: "未来科技城", NameEN: "Future Sci-Tech City"}
	if err := units.CreateUnit(tr.sys, tr.park); err != nil {
		t.Fatal(err)
	}
	return tr
}

// mustUser creates a user through the service as the system.
func mustUser(t *testing.T, db *sqldb.DB, tr tree, email, password string, role haizhi.Role, unit *haizhi.OrgUnit) *haizhi.User {
	t.Helper()
	u, err := sqldb.NewUserService(db).CreateUser(tr.sys, haizhi.NewUser{Email: email, Name: strings.Split(email, "@")[0],
		Password: password, Role: role, UnitID: unit.ID})
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u
}

// as returns a context acting as u.
func as(u *haizhi.User) context.Context {
	return haizhi.NewContextWithActor(context.Background(), u.Actor("203.0.113.9", "req-1"))
}

// mustAuditOK verifies the chain and returns the number of events.
func mustAuditOK(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	res, err := sqldb.NewAuditService(db).VerifyAudit(haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("test")))
	if err != nil || !res.OK {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
	return res.Checked
}

// auditActions returns the actions of the audit log, oldest first.
func auditActions(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	sys := haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("test"))
	evs, _, err := sqldb.NewAuditService(db).FindAuditEvents(sys, haizhi.AuditFilter{Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(evs) - 1; i >= 0; i-- {
		out = append(out, evs[i].Action)
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if haizhi.ErrorCode(err) != code {
		t.Fatalf("err = %v, want code %s", err, code)
	}
}

func emails(users []*haizhi.User) []string {
	var out []string
	for _, u := range users {
		out = append(out, u.Email)
	}
	return out
}

func TestUserService(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		users := sqldb.NewUserService(db)
		auth := sqldb.NewAuthService(db)
		alice := mustUser(t, db, tr, "Alice@City.example ", "alice-password", haizhi.RoleAdmin, tr.city)
		if alice.Email != "alice@city.example" || alice.Locale != haizhi.LocaleZH || len(alice.Grants) != 1 || alice.Grants[0].UnitName != "杭州市" {
			t.Fatalf("alice = %+v", alice)
		}
		op := mustUser(t, db, tr, "op@yuhang.example", "op-password-1", haizhi.RoleOperator, tr.yuhang)
		admY := mustUser(t, db, tr, "adm@yuhang.example", "adm-password-1", haizhi.RoleAdmin, tr.yuhang)
		clock.Advance(time.Second)
		judge, err := users.CreateUser(as(admY), haizhi.NewUser{Email: "judge@park.example", Name: "Judge Park", Locale: "en-GB",
			Role: haizhi.RoleJudge, UnitID: tr.park.ID})
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Second)
		x := mustUser(t, db, tr, "x@gongshu.example", "", haizhi.RoleApplicant, tr.gongshu)

		t.Run("duplicate email is a conflict on the field", func(t *testing.T) {
			_, err := users.CreateUser(tr.sys, haizhi.NewUser{Email: "ALICE@city.example", Name: "Other", Role: haizhi.RoleLeader, UnitID: tr.city.ID})
			if haizhi.ErrorCode(err) != haizhi.ECONFLICT || haizhi.ErrorKey(err) != "error.email_taken" || haizhi.ErrorFields(err)["email"] != "error.email_taken" {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("invalid input and unknown unit", func(t *testing.T) {
			_, err := users.CreateUser(tr.sys, haizhi.NewUser{Email: "nope", Role: "pilot"})
			f := haizhi.ErrorFields(err)
			if f["email"] == "" || f["name"] == "" || f["role"] == "" || f["unit_id"] == "" {
				t.Fatalf("err = %v", err)
			}
			_, err = users.CreateUser(tr.sys, haizhi.NewUser{Email: "a@b.example", Name: "A", Role: haizhi.RoleJudge, UnitID: 999})
			if haizhi.ErrorFields(err)["unit_id"] == "" {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("the invitation or verification mail goes out", func(t *testing.T) {
			mails := sqldb.NewMailService(db)
			list, _, err := mails.FindMail(tr.sys, haizhi.MailFilter{To: "judge@park"})
			if err != nil || len(list) != 1 {
				t.Fatalf("mail: %v %v", list, err)
			}
			m := list[0]
			if m.Kind != "welcome_invite" || m.Status != haizhi.MailOutbox || !strings.Contains(m.Text, "link=https://haizhi.example/verify?token=") ||
				!strings.Contains(m.Text, "locale=en\n") || !strings.Contains(m.Text, "unit=Future Sci-Tech City") || !strings.Contains(m.Text, "role=judge") {
				t.Fatalf("mail = %+v", m)
			}
			list, _, _ = mails.FindMail(tr.sys, haizhi.MailFilter{To: "op@yuhang.example"})
			if len(list) != 1 || list[0].Kind != "verify" {
				t.Fatalf("mail = %v", list)
			}
		})
		t.Run("a district operator sees the district's subtree only", func(t *testing.T) {
			list, total, err := users.FindUsers(as(op), haizhi.UserFilter{Sort: "email"})
			if err != nil {
				t.Fatal(err)
			}
			if got := emails(list); total != 3 || !slices.Equal(got, []string{"adm@yuhang.example", "judge@park.example", "op@yuhang.example"}) {
				t.Fatalf("operator sees %d: %v", total, got)
			}
			if _, err := users.FindUserByID(as(op), x.ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
				t.Fatalf("sibling district user visible: %v", err)
			}
			if _, err := users.FindUserByID(as(op), alice.ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
				t.Fatalf("city admin visible to district operator: %v", err)
			}
			if u, err := users.FindUserByID(as(op), judge.ID); err != nil || len(u.Grants) != 1 || u.Grants[0].UnitPath != tr.park.Path {
				t.Fatalf("judge: %+v %v", u, err)
			}
			if u, err := users.FindUserByID(as(x), x.ID); err != nil || u.Email != x.Email {
				t.Fatalf("self: %v %v", u, err)
			}
			all, total, err := users.FindUsers(as(alice), haizhi.UserFilter{})
			if err != nil || total != 5 || all[0].Email != "x@gongshu.example" {
				t.Fatalf("city admin sees %d: %v %v", total, emails(all), err)
			}
			if list, n, _ := users.FindUsers(as(x), haizhi.UserFilter{}); n != 0 || len(list) != 0 {
				t.Fatalf("applicant lists users: %v", emails(list))
			}
		})
		t.Run("a district admin manages its subtree, not a sibling's", func(t *testing.T) {
			_, err := users.CreateUser(as(admY), haizhi.NewUser{Email: "g@gongshu.example", Name: "G", Role: haizhi.RoleJudge, UnitID: tr.gongshu.ID})
			wantCode(t, err, haizhi.EFORBIDDEN)
			_, err = users.CreateUser(as(op), haizhi.NewUser{Email: "g@yuhang.example", Name: "G", Role: haizhi.RoleJudge, UnitID: tr.yuhang.ID})
			wantCode(t, err, haizhi.EFORBIDDEN)
			_, err = users.CreateUser(context.Background(), haizhi.NewUser{Email: "g@yuhang.example", Name: "G", Role: haizhi.RoleJudge, UnitID: tr.yuhang.ID})
			wantCode(t, err, haizhi.EUNAUTHORIZED)
			_, err = users.GrantRole(as(admY), x.ID, haizhi.RoleJudge, tr.gongshu.ID)
			wantCode(t, err, haizhi.EFORBIDDEN)
		})
		t.Run("grants: one row per user, each list shows only grants in scope", func(t *testing.T) {
			g, err := users.GrantRole(as(admY), judge.ID, haizhi.RoleLiaison, tr.yuhang.ID)
			if err != nil || g.UnitName != "余杭区" || g.UnitPath != tr.yuhang.Path {
				t.Fatalf("grant: %+v %v", g, err)
			}
			_, err = users.GrantRole(as(admY), judge.ID, haizhi.RoleLiaison, tr.yuhang.ID)
			if haizhi.ErrorCode(err) != haizhi.ECONFLICT || haizhi.ErrorKey(err) != "error.grant_exists" {
				t.Fatalf("duplicate grant: %v", err)
			}
			if _, err := users.GrantRole(as(admY), 9999, haizhi.RoleJudge, tr.park.ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
				t.Fatalf("grant to nobody: %v", err)
			}
			if _, err := users.GrantRole(as(admY), x.ID, haizhi.RoleJudge, tr.park.ID); err != nil {
				t.Fatal(err)
			}
			list, total, err := users.FindUsers(as(op), haizhi.UserFilter{Sort: "email"})
			if err != nil || total != 4 || len(list) != 4 {
				t.Fatalf("after grants: %d %v %v", total, emails(list), err)
			}
			for _, u := range list {
				switch u.Email {
				case "judge@park.example":
					if len(u.Grants) != 2 {
						t.Fatalf("judge grants: %+v", u.Grants)
					}
				case "x@gongshu.example":
					if len(u.Grants) != 1 || u.Grants[0].UnitID != tr.park.ID {
						t.Fatalf("x's grant in the sibling district leaked: %+v", u.Grants)
					}
				}
			}
			if u, _ := users.FindUserByID(as(alice), x.ID); len(u.Grants) != 2 {
				t.Fatalf("city admin sees x's grants: %+v", u.Grants)
			}
		})
		t.Run("filters, sorts and paging", func(t *testing.T) {
			cases := []struct {
				f    haizhi.UserFilter
				want []string
				n    int
			}{
				{haizhi.UserFilter{Query: "PARK"}, []string{"judge@park.example"}, 1},
				{haizhi.UserFilter{Query: "judge park"}, []string{"judge@park.example"}, 1},
				{haizhi.UserFilter{Query: "%"}, nil, 0},
				{haizhi.UserFilter{Role: haizhi.RoleAdmin, Sort: "email"}, []string{"adm@yuhang.example", "alice@city.example"}, 2},
				{haizhi.UserFilter{UnitID: tr.park.ID, Sort: "email"}, []string{"judge@park.example", "x@gongshu.example"}, 2},
				{haizhi.UserFilter{UnitID: tr.yuhang.ID, Role: haizhi.RoleJudge, Sort: "name"}, []string{"judge@park.example", "x@gongshu.example"}, 2},
				{haizhi.UserFilter{Sort: "created", Page: haizhi.Page{Limit: 2}}, []string{"alice@city.example", "op@yuhang.example"}, 5},
				{haizhi.UserFilter{Sort: "-created", Page: haizhi.Page{Limit: 2, Offset: 1}}, []string{"judge@park.example", "adm@yuhang.example"}, 5},
				{haizhi.UserFilter{Sort: "password_hash; --", Page: haizhi.Page{Limit: 1}}, []string{"x@gongshu.example"}, 5},
			}
			for _, c := range cases {
				list, n, err := users.FindUsers(as(alice), c.f)
				if err != nil || n != c.n || !slices.Equal(emails(list), c.want) {
					t.Errorf("%+v: got %d %v %v, want %d %v", c.f, n, emails(list), err, c.n, c.want)
				}
			}
		})
		t.Run("revoke", func(t *testing.T) {
			err := users.RevokeGrant(as(admY), x.Grants[0].ID) // x's grant on gongshu
			wantCode(t, err, haizhi.ENOTFOUND)
			err = users.RevokeGrant(as(op), judge.Grants[0].ID)
			wantCode(t, err, haizhi.EFORBIDDEN)
			err = users.RevokeGrant(as(alice), alice.Grants[0].ID)
			if haizhi.ErrorCode(err) != haizhi.EINVALID || haizhi.ErrorKey(err) != "error.last_admin_grant" {
				t.Fatalf("own last admin grant: %v", err)
			}
			if err := users.RevokeGrant(as(admY), judge.Grants[0].ID); err != nil {
				t.Fatal(err)
			}
			if u, _ := users.FindUserByID(tr.sys, judge.ID); len(u.Grants) != 1 || u.Grants[0].Role != haizhi.RoleLiaison {
				t.Fatalf("after revoke: %+v", u.Grants)
			}
			wantCode(t, users.RevokeGrant(as(admY), judge.Grants[0].ID), haizhi.ENOTFOUND)
		})
		t.Run("disable", func(t *testing.T) {
			if err := users.SetUserDisabled(as(admY), admY.ID, true); haizhi.ErrorKey(err) != "error.cannot_disable_self" {
				t.Fatalf("disable self: %v", err)
			}
			wantCode(t, users.SetUserDisabled(as(op), judge.ID, true), haizhi.EFORBIDDEN)
			wantCode(t, users.SetUserDisabled(as(admY), alice.ID, true), haizhi.ENOTFOUND)
			if _, err := auth.UserForSession(context.Background(), op.ID); err != nil {
				t.Fatal(err)
			}
			if err := users.SetUserDisabled(as(admY), op.ID, true); err != nil {
				t.Fatal(err)
			}
			wantCode(t, func() error { _, err := auth.UserForSession(context.Background(), op.ID); return err }(), haizhi.ENOTFOUND)
			if _, err := auth.Authenticate(context.Background(), op.Email, "op-password-1", "192.0.2.1"); err != haizhi.ErrBadCredentials {
				t.Fatalf("disabled sign-in: %v", err)
			}
			if err := users.SetUserDisabled(as(admY), op.ID, false); err != nil {
				t.Fatal(err)
			}
			if u, err := auth.UserForSession(context.Background(), op.ID); err != nil || u.Disabled || len(u.Grants) != 1 {
				t.Fatalf("enabled again: %+v %v", u, err)
			}
		})
		t.Run("locale and password", func(t *testing.T) {
			if err := users.SetLocale(as(judge), "en-US"); err != nil {
				t.Fatal(err)
			}
			wantCode(t, users.SetLocale(as(judge), "fr"), haizhi.EINVALID)
			wantCode(t, users.SetLocale(tr.sys, "en"), haizhi.EUNAUTHORIZED)
			if u, _ := users.FindUserByID(as(judge), judge.ID); u.Locale != haizhi.LocaleEN {
				t.Fatalf("locale = %q", u.Locale)
			}
			err := users.ChangePassword(as(op), "wrong-password", "new-password-1")
			if haizhi.ErrorFields(err)["old_password"] == "" {
				t.Fatalf("wrong old password: %v", err)
			}
			if err := users.ChangePassword(as(op), "op-password-1", "short"); haizhi.ErrorFields(err)["new_password"] != "error.password_short" {
				t.Fatalf("short new password: %v", err)
			}
			if err := users.ChangePassword(as(op), "op-password-1", "new-password-1"); err != nil {
				t.Fatal(err)
			}
			if _, err := auth.Authenticate(context.Background(), op.Email, "new-password-1", "192.0.2.1"); err != nil {
				t.Fatalf("sign in with the new password: %v", err)
			}
			if err := users.ChangePassword(as(x), "", "new-password-1"); haizhi.ErrorCode(err) != haizhi.EINVALID {
				t.Fatalf("no password yet: %v", err)
			}
		})

		mustAuditOK(t, db)
		acts := strings.Join(auditActions(t, db), " ")
		for _, want := range []string{"user.create", "user.grant", "user.revoke", "user.disable", "user.enable", "user.set_locale", "user.change_password", "user.sign_in"} {
			if !strings.Contains(acts, want) {
				t.Errorf("audit lacks %s: %s", want, acts)
			}
		}
		if strings.Contains(acts, "password_hash") {
			t.Error("audit mentions a password hash")
		}
	})
}
