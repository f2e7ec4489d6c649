package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// runMigrateUp applies the pending migrations, then lists them all.
func runMigrateUp(ctx context.Context, e *env, args []string) error {
	return runMigrate(ctx, e, "up", args)
}

// runMigrateStatus lists the migrations and whether each is applied.
func runMigrateStatus(ctx context.Context, e *env, args []string) error {
	return runMigrate(ctx, e, "status", args)
}

func runMigrate(ctx context.Context, e *env, sub string, args []string) error {
	cfg, err := loadConfig(e, "migrate "+sub, "migrate "+sub+" [flags]", args)
	if err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DSN(), sqldb.Options{Logger: cfg.NewLogger(e.stderr)})
	if err != nil {
		return err
	}
	defer db.Close()
	if sub == "up" {
		if err := db.Migrate(ctx); err != nil {
			return err
		}
	}
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	for _, s := range st {
		state := "pending"
		if s.Applied {
			state = "applied"
		}
		fmt.Fprintf(e.stdout, "%05d  %-8s %s\n", s.Version, state, s.Source)
	}
	return nil
}

// runUserAdd creates an account: user add --email … --name … --role … --unit CODE.
func runUserAdd(ctx context.Context, e *env, args []string) error {
	var email, name, role, unit, password, locale string
	cfg, err := loadConfigWith(e, "user add", "user add --email EMAIL --name NAME --role ROLE --unit CODE [flags]", args, func(fs *flagSet) {
		fs.StringVar(&email, "email", "", "the account's email address (required)")
		fs.StringVar(&name, "name", "", "the person's name (required)")
		fs.StringVar(&role, "role", "", "role: "+strings.Join(roleNames(), ", "))
		fs.StringVar(&unit, "unit", "", "code of the organisation unit the role is held on (required)")
		fs.StringVar(&password, "password", "", "initial password; when empty a mail lets the user set one")
		fs.StringVar(&locale, "locale", "zh-CN", "language of the account: zh-CN or en")
	})
	if err != nil {
		return err
	}
	if !slices.Contains(roleNames(), role) {
		return fmt.Errorf("--role must be one of %s", strings.Join(roleNames(), ", "))
	}
	logger := cfg.NewLogger(e.stderr)
	db, err := openDB(ctx, cfg, logger, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = haizhi.NewContextWithActor(ctx, haizhi.SystemActor("cli"))
	u, err := sqldb.NewUnitService(db).FindUnitByCode(ctx, unit)
	if err != nil {
		return fmt.Errorf("--unit %q: %s", unit, haizhi.ErrorMessage(err))
	}
	user, err := sqldb.NewUserService(db).CreateUser(ctx, haizhi.NewUser{Email: email, Name: name, Locale: locale,
		Password: password, Role: haizhi.Role(role), UnitID: u.ID})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(e.stdout, "created user %d <%s> as %s on %s (%s)\n", user.ID, user.Email, role, u.Code, u.NameZH)
	return nil
}

// runAuditVerify verifies the hash chain of the audit log and names the first broken event.
func runAuditVerify(ctx context.Context, e *env, args []string) error {
	cfg, err := loadConfig(e, "audit verify", "audit verify [flags]", args)
	if err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DSN(), sqldb.Options{Logger: cfg.NewLogger(e.stderr)})
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := sqldb.NewAuditService(db).VerifyAudit(haizhi.NewContextWithActor(ctx, haizhi.SystemActor("cli")))
	if err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("audit chain BROKEN at event %d: %s (%d events checked)", res.BrokenID, res.Reason, res.Checked)
	}
	fmt.Fprintf(e.stdout, "audit chain intact: %d events checked\n", res.Checked)
	return nil
}

// runBackup writes an online, consistent copy of the SQLite database.
func runBackup(ctx context.Context, e *env, args []string) error {
	var to string
	cfg, err := loadConfigWith(e, "backup", "backup --to FILE [flags]", args, func(fs *flagSet) {
		fs.StringVar(&to, "to", "", "file to write the backup to (must not exist)")
	})
	if err != nil {
		return err
	}
	if to == "" {
		fmt.Fprintln(e.stderr, "haizhi backup: --to FILE is required (see haizhi backup --help)")
		return errUsage
	}
	db, err := sqldb.Open(ctx, cfg.DSN(), sqldb.Options{Logger: cfg.NewLogger(e.stderr)})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, to); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written to %s\n", to)
	return nil
}

func roleNames() []string {
	var out []string
	for _, r := range haizhi.Roles() {
		out = append(out, string(r))
	}
	return out
}

// describe turns a domain error into one line naming the fields at fault.
func describe(err error) error {
	var he *haizhi.Error
	if !errors.As(err, &he) {
		return err
	}
	if len(he.Fields) == 0 {
		return errors.New(he.Message)
	}
	var parts []string
	for f, k := range he.Fields {
		parts = append(parts, f+": "+k)
	}
	slices.Sort(parts)
	return fmt.Errorf("%s (%s)", he.Message, strings.Join(parts, "; "))
}
