package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

// openCaching opens one SQLite connection through the statement-caching connector, so
// every query in a test meets the same cache.
func openCaching(t *testing.T) *sql.DB {
	t.Helper()
	c, err := newStmtCachingConnector("file:" + filepath.Join(t.TempDir(), "c.db") + "?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO t (v) VALUES ('a'), ('b'), ('c')`); err != nil {
		t.Fatal(err)
	}
	return db
}

func cachedCount(t *testing.T, db *sql.DB) int {
	t.Helper()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	n := -1
	err = conn.Raw(func(dc any) error {
		n = len(dc.(*stmtCachingConn).stmts)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestStmtCacheReusesAndRebinds(t *testing.T) {
	db := openCaching(t)
	for i, want := range []string{"a", "b", "c", "a"} {
		var v string
		if err := db.QueryRow(`SELECT v FROM t WHERE id = ?`, i%3+1).Scan(&v); err != nil || v != want {
			t.Fatalf("query %d: %q %v", i, v, err)
		}
	}
	if n := cachedCount(t, db); n != 1 {
		t.Fatalf("%d statements cached for one query text", n)
	}
	// Writes go through the cache too, and later reads see them.
	for range 2 {
		if _, err := db.Exec(`UPDATE t SET v = v || '!' WHERE id = ?`, 1); err != nil {
			t.Fatal(err)
		}
	}
	var v string
	if err := db.QueryRow(`SELECT v FROM t WHERE id = ?`, 1).Scan(&v); err != nil || v != "a!!" {
		t.Fatalf("after updates: %q %v", v, err)
	}
}

// A query run inside the loop over its own rows must not reset the outer cursor.
func TestStmtCacheNestedUseOfOneText(t *testing.T) {
	db := openCaching(t)
	const q = `SELECT id, v FROM t WHERE id >= ? ORDER BY id`
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	rows, err := tx.Query(q, 1)
	if err != nil {
		t.Fatal(err)
	}
	var outer []string
	for rows.Next() {
		var id int
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		var inner int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM (`+q+`)`, id).Scan(&inner); err != nil {
			t.Fatal(err)
		}
		inner2, err := tx.Query(q, id)
		if err != nil {
			t.Fatal(err)
		}
		k := 0
		for inner2.Next() {
			k++
		}
		inner2.Close()
		if k != inner {
			t.Fatalf("inner query saw %d rows, want %d", k, inner)
		}
		outer = append(outer, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(outer) != "[a b c]" {
		t.Fatalf("outer cursor was disturbed: %v", outer)
	}
}

// Rows closed early, a cancelled query and an error leave the statement usable.
func TestStmtCacheAfterEarlyCloseCancelAndError(t *testing.T) {
	db := openCaching(t)
	const q = `SELECT v FROM t ORDER BY id`
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	rows.Next()
	rows.Close()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.QueryContext(ctx, q); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled query: %v", err)
	}
	if _, err := db.Exec(`INSERT INTO t (id, v) VALUES (?, ?)`, 1, "dup"); err == nil {
		t.Fatal("duplicate key accepted")
	}
	if _, err := db.Exec(`INSERT INTO t (id, v) VALUES (?, ?)`, 4, "d"); err != nil {
		t.Fatalf("insert after a failed one: %v", err)
	}
	var got []string
	rows, err = db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v string
		rows.Scan(&v)
		got = append(got, v)
	}
	rows.Close()
	if fmt.Sprint(got) != "[a b c d]" {
		t.Fatalf("got %v", got)
	}
}

// Scripts are not cached; past the bound new texts still run, unprepared; a schema
// change does not break a cached statement.
func TestStmtCacheBoundsAndSchemaChange(t *testing.T) {
	db := openCaching(t)
	for i := range maxStmtsPerConn + 20 {
		var n int
		if err := db.QueryRow(fmt.Sprintf(`SELECT COUNT(*) + %d FROM t`, i)).Scan(&n); err != nil || n != 3+i {
			t.Fatalf("query %d: %d %v", i, n, err)
		}
	}
	if n := cachedCount(t, db); n != maxStmtsPerConn {
		t.Fatalf("%d statements cached, bound is %d", n, maxStmtsPerConn)
	}
	db2 := openCaching(t)
	const q = `SELECT * FROM t WHERE id = ?`
	cols := func() int {
		rows, err := db2.Query(q, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		c, _ := rows.Columns()
		return len(c)
	}
	if cols() != 2 {
		t.Fatal("columns before")
	}
	if _, err := db2.Exec(`ALTER TABLE t ADD COLUMN w TEXT; SELECT 1`); err != nil {
		t.Fatal(err)
	}
	if n := cols(); n != 3 {
		t.Fatalf("cached statement after ALTER TABLE has %d columns", n)
	}
}
