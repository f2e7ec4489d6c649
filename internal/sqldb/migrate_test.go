package sqldb_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// TestFailedMigrationLeavesNoHalfStep runs a migration whose second statement fails: the
// table its first statement created must not exist, and the version must not be recorded.
func TestFailedMigrationLeavesNoHalfStep(t *testing.T) {
	for _, dialect := range apptest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db, err := sqldb.Open(ctx, apptest.MustDSN(t, dialect), sqldb.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			fsys := fstest.MapFS{
				"00001_ok.sql":     {Data: []byte("-- +goose Up\nCREATE TABLE first_step (id INTEGER);\n-- +goose Down\nDROP TABLE first_step;\n")},
				"00002_broken.sql": {Data: []byte("-- +goose Up\nCREATE TABLE half_step (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n-- +goose Down\nDROP TABLE half_step;\n")},
			}
			if err := db.MigrateFS(ctx, fsys); err == nil {
				t.Fatal("broken migration applied")
			}
			var n int
			if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM first_step`).Scan(&n); err != nil {
				t.Fatalf("first step not applied: %v", err)
			}
			if _, err := db.SQL().Exec(`SELECT COUNT(*) FROM half_step`); err == nil {
				t.Fatal("half of the failed step was left behind")
			}
			var max int64
			if err := db.SQL().QueryRow(`SELECT MAX(version_id) FROM goose_db_version`).Scan(&max); err != nil || max != 1 {
				t.Fatalf("recorded version %d (%v), want 1", max, err)
			}
		})
	}
}
