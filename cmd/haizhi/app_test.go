package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/config"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// readyzOf returns the status and reason /readyz of n answers.
func readyzOf(t *testing.T, n *node) (int, string) {
	t.Helper()
	res, err := http.Get(n.url("/readyz"))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct{ Reason string }
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, body.Reason
}

// A migration that goes missing under a running node (as when an older binary serves a
// database another node has just migrated further) makes it unready.
func TestReadyzPendingMigration(t *testing.T) {
	dir := t.TempDir()
	n := start(t, nil, "serve", "--addr", "127.0.0.1:0", "--data-dir", dir)
	if code, reason := readyzOf(t, n); code != http.StatusOK {
		t.Fatalf("readyz on a migrated database: %d %s", code, reason)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "haizhi.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`DELETE FROM goose_db_version WHERE version_id = (SELECT MAX(version_id) FROM goose_db_version)`); err != nil {
		t.Fatal(err)
	}
	if code, reason := readyzOf(t, n); code != http.StatusServiceUnavailable || !strings.Contains(reason, "1 migrations pending") {
		t.Fatalf("readyz with a pending migration: %d %q", code, reason)
	}
}

// readiness fails on a database never migrated and on one that is gone, on every dialect.
func TestReadiness(t *testing.T) {
	for _, dialect := range apptest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db, err := sqldb.Open(ctx, apptest.MustDSN(t, dialect), sqldb.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			cfg := config.Default()
			cfg.DataDir = t.TempDir()
			blobs, closeBlobs, err := openBlobs(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer closeBlobs()
			ready := readiness(db, blobs)

			if err := ready(ctx); err == nil || !strings.Contains(err.Error(), "migrations pending") {
				t.Fatalf("readiness before migrating: %v", err)
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if err := ready(ctx); err != nil {
				t.Fatalf("readiness after migrating: %v", err)
			}
			db.Close()
			if err := ready(ctx); err == nil || !strings.HasPrefix(err.Error(), "database: ") {
				t.Fatalf("readiness on a closed database: %v", err)
			}
		})
	}
}
