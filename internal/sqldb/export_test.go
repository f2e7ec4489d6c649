package sqldb

import (
	"context"
	"io/fs"
)

// MigrateFS applies the migrations in fsys; tests use it to prove a failing step leaves
// nothing behind.
func (db *DB) MigrateFS(ctx context.Context, fsys fs.FS) error {
	p, err := db.providerFS(fsys)
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// Rebind turns ? placeholders into the dialect's form, for tests writing SQL directly.
func (db *DB) Rebind(q string) string { return db.dialect.rebind(q) }
