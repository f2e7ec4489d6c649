package sqldb

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrationFS embed.FS

// MigrationState is one migration and whether it is applied.
type MigrationState struct {
	Version int64
	Source  string
	Applied bool
}

func (db *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrationFS, "migrations/"+db.dialect.name())
	if err != nil {
		return nil, err
	}
	return db.providerFS(sub)
}

// providerFS builds the goose provider over a folder of migrations of db's dialect.
func (db *DB) providerFS(sub fs.FS) (*goose.Provider, error) {
	var opts []goose.ProviderOption
	gd := goose.DialectSQLite3
	if db.dialect.name() == "postgres" {
		gd = goose.DialectPostgres
		// Several nodes may start at once: a session advisory lock makes one of them
		// migrate while the others wait.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(gd, db.write, sub, opts...)
}

// Migrate applies every pending migration. Each step runs in its own transaction, so a
// failing step leaves the database at the previous version.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// MigrationStatus lists every known migration and whether it is applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]MigrationState, error) {
	p, err := db.provider()
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	out := make([]MigrationState, len(st))
	for i, s := range st {
		out[i] = MigrationState{Version: s.Source.Version, Source: s.Source.Path, Applied: s.State == goose.StateApplied}
	}
	return out, nil
}

// Pending reports how many migrations are not applied; /readyz is ready only at zero.
func (db *DB) Pending(ctx context.Context) (int, error) {
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range st {
		if !s.Applied {
			n++
		}
	}
	return n, nil
}

// Backup writes a consistent copy of a SQLite database to path while it stays in use
// (VACUUM INTO). The file must not exist. PostgreSQL is backed up with pg_dump instead.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect.name() != "sqlite" {
		return errors.New("backup is for the embedded SQLite database; on PostgreSQL use pg_dump (e.g. pg_dump -Fc \"$HAIZHI_DATABASE_URL\" > haizhi.dump)")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists", path)
	}
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
