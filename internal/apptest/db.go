// Package apptest holds helpers for tests: databases on both dialects, fixtures, a running
// server. It is imported by _test files only.
package apptest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// PostgresEnv names the environment variable holding an admin DSN of a PostgreSQL
// database in which tests may create schemas. Storage tests run on PostgreSQL only when it
// is set.
const PostgresEnv = "HAIZHI_TEST_POSTGRES"

// Dialects returns the dialects to test on: always "sqlite", and "postgres" when
// HAIZHI_TEST_POSTGRES is set.
func Dialects() []string {
	if os.Getenv(PostgresEnv) != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// ForEachDB runs fn as a subtest on a fresh, migrated database of every dialect.
func ForEachDB(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(d, func(t *testing.T) {
			fn(t, MustOpenDB(t, d, sqldb.Options{}))
		})
	}
}

// MustDSN returns the DSN of a fresh, empty, isolated database of the dialect: a file in a
// temporary directory for SQLite, a new schema (dropped at cleanup) for PostgreSQL.
func MustDSN(tb testing.TB, dialect string) string {
	tb.Helper()
	switch dialect {
	case "sqlite":
		return filepath.Join(tb.TempDir(), "haizhi.db")
	case "postgres":
		admin := os.Getenv(PostgresEnv)
		if admin == "" {
			tb.Skip(PostgresEnv + " is not set")
		}
		var b [6]byte
		_, _ = rand.Read(b[:])
		schema := "t_" + hex.EncodeToString(b[:])
		db, err := sql.Open("pgx", admin)
		if err != nil {
			tb.Fatalf("open admin database: %v", err)
		}
		defer db.Close()
		if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
			tb.Fatalf("create schema: %v", err)
		}
		tb.Cleanup(func() {
			db, err := sql.Open("pgx", admin)
			if err != nil {
				return
			}
			defer db.Close()
			_, _ = db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		})
		u, err := url.Parse(admin)
		if err != nil {
			tb.Fatalf("parse %s: %v", PostgresEnv, err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	tb.Fatalf("unknown dialect %q", dialect)
	return ""
}

// MustOpenDB opens and migrates a fresh database of the dialect, closed at cleanup.
func MustOpenDB(tb testing.TB, dialect string, opts sqldb.Options) *sqldb.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := sqldb.Open(ctx, MustDSN(tb, dialect), opts)
	if err != nil {
		tb.Fatalf("open %s: %v", dialect, err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatalf("migrate %s: %v", dialect, err)
	}
	return db
}
