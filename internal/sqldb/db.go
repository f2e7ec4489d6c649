// Package sqldb is the one SQL implementation of Haizhi's service interfaces. The same
// queries run on SQLite (modernc.org/sqlite, pure Go) and PostgreSQL (pgx through
// database/sql); dialect.go holds the few places where the two differ.
//
// Every write follows one shape: BeginTx → defer Rollback → lower-case helpers taking *Tx
// → Commit. Audit events recorded on the transaction are appended to the hash chain inside
// the same transaction, just before it commits.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/haizhi-dev/haizhi"
)

// Options configure a DB beyond its DSN.
type Options struct {
	// Now is the clock; time.Now when nil. Tests fix it.
	Now func() time.Time
	// Logger receives internal errors; slog.Default() when nil.
	Logger *slog.Logger
	// PublicURL is the absolute base URL used in links sent by mail.
	PublicURL string
	// Composer renders mail; required for services that send mail.
	Composer haizhi.MailComposer
	// MailEnabled says an SMTP server is configured: new mail is queued for the mail job.
	// When false, mail goes to the outbox for admins to read.
	MailEnabled bool
	// MaxOpenConns caps the PostgreSQL pool (default 20).
	MaxOpenConns int
}

// DB is a handle on the database. On SQLite it holds two pools: one writer connection
// (SQLite allows one writer at a time; a single connection with BEGIN IMMEDIATE turns
// lock contention into orderly queueing instead of SQLITE_BUSY) and a pool of readers,
// which WAL lets run beside the writer. On PostgreSQL both are the same pool.
type DB struct {
	dialect dialect
	read    *sql.DB
	write   *sql.DB
	opts    Options
	dsn     string
}

// Open connects to the database named by dsn: "postgres://…" or "postgresql://…" for
// PostgreSQL; "sqlite:///path/file.db", "file:path" or a plain path for SQLite. It pings
// the database so that a wrong address fails here, with a one-line error.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	db := &DB{opts: opts, dsn: dsn}
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db.dialect = postgres{}
		err = db.openPostgres(dsn)
	default:
		db.dialect = sqlite{}
		err = db.openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.write.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot reach the %s database: %w", db.dialect.name(), rootCause(err))
	}
	return db, nil
}

func (db *DB) openPostgres(dsn string) error {
	if _, err := url.Parse(dsn); err != nil {
		return fmt.Errorf("malformed PostgreSQL URL: %w", err)
	}
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("malformed PostgreSQL URL: %w", rootCause(err))
	}
	n := db.opts.MaxOpenConns
	if n <= 0 {
		n = 20
	}
	pool.SetMaxOpenConns(n)
	pool.SetMaxIdleConns(n)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db.read, db.write = pool, pool
	return nil
}

// sqlitePath extracts the file path from the accepted SQLite DSN forms.
func sqlitePath(dsn string) (string, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite://"):
		p := strings.TrimPrefix(dsn, "sqlite://")
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		return p, nil
	case strings.HasPrefix(dsn, "file:"):
		p := strings.TrimPrefix(dsn, "file:")
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		return p, nil
	case strings.Contains(dsn, "://"):
		return "", fmt.Errorf("unsupported database URL scheme in %q (use postgres:// or a SQLite file path)", redactDSN(dsn))
	case dsn == "":
		return "", errors.New("empty database path")
	}
	return dsn, nil
}

func (db *DB) openSQLite(dsn string) error {
	path, err := sqlitePath(dsn)
	if err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("cannot create the data directory: %w", err)
		}
	}
	// Pragma order matters: journal_mode first (WAL lets readers run beside the writer),
	// then busy_timeout so a locked database waits instead of failing, then the rest.
	// foreign_keys is per connection, so it must be in the DSN, not run once.
	const pragmas = "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-16000)&_time_format=sqlite"
	wc, err := newStmtCachingConnector("file:" + path + "?" + pragmas + "&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("cannot open SQLite database: %w", err)
	}
	w := sql.OpenDB(wc)
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	rc, err := newStmtCachingConnector("file:" + path + "?" + pragmas + "&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return fmt.Errorf("cannot open SQLite database: %w", err)
	}
	r := sql.OpenDB(rc)
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	r.SetConnMaxLifetime(0)
	db.read, db.write = r, w
	return nil
}

// Optimize keeps the query planner's statistics fresh. On SQLite it runs ANALYZE, which
// the planner needs
// to pick the right index for a filter among 100,000 entries; Open runs it once and the
// hourly housekeeping after that. PostgreSQL's autovacuum analyses by itself: nothing to do.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect.name() != "sqlite" {
		return nil
	}
	// A full ANALYZE, not PRAGMA optimize (which skips tables never analysed) nor a
	// sampled one (analysis_limit: its row counts came out five times too small and the
	// planner walked the whole edition for a rare filter). At SQLite's scale (100,000
	// entries) it takes well under a second, once an hour.
	if _, err := db.write.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Dialect is "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect.name() }

// SQL returns the writer pool, for health checks, metrics and tests.
func (db *DB) SQL() *sql.DB { return db.write }

// ReadSQL returns the reader pool (the writer pool on PostgreSQL).
func (db *DB) ReadSQL() *sql.DB { return db.read }

// Now returns the database's clock reading, in UTC and truncated to microseconds (the
// precision both databases keep).
func (db *DB) Now() time.Time { return db.opts.Now().UTC().Truncate(time.Microsecond) }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Tx wraps a transaction with the request's context, a fixed clock reading, the dialect
// and the audit events to append at commit.
type Tx struct {
	*sql.Tx
	db      *DB
	pool    *sql.DB
	ctx     context.Context
	now     time.Time
	pending []*haizhi.AuditEvent
}

// BeginTx starts a transaction. Write transactions go to the writer connection (on SQLite
// they start with BEGIN IMMEDIATE, so they take the write lock up front and never fail
// half-way with SQLITE_BUSY); read transactions go to the reader pool.
func (db *DB) BeginTx(ctx context.Context, write bool) (*Tx, error) {
	pool := db.read
	var opts *sql.TxOptions
	if write {
		pool = db.write
	} else if db.dialect.name() == "postgres" {
		opts = &sql.TxOptions{ReadOnly: true}
	}
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", unavailable(err))
	}
	return &Tx{Tx: tx, db: db, pool: pool, ctx: ctx, now: db.Now()}, nil
}

// Now is the transaction's clock reading: one instant for every row it writes.
func (tx *Tx) Now() time.Time { return tx.now }

// Actor is the actor of the transaction's context.
func (tx *Tx) Actor() *haizhi.Actor { return haizhi.ActorFromContext(tx.ctx) }

// Exec runs a statement written with ? placeholders.
func (tx *Tx) Exec(query string, args ...any) (sql.Result, error) {
	return tx.Tx.ExecContext(tx.ctx, tx.db.dialect.rebind(query), args...)
}

// Query runs a query written with ? placeholders.
func (tx *Tx) Query(query string, args ...any) (*sql.Rows, error) {
	return tx.Tx.QueryContext(tx.ctx, tx.db.dialect.rebind(query), args...)
}

// QueryRow runs a one-row query written with ? placeholders.
func (tx *Tx) QueryRow(query string, args ...any) *sql.Row {
	return tx.Tx.QueryRowContext(tx.ctx, tx.db.dialect.rebind(query), args...)
}

// InsertID runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) InsertID(query string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRow(query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// Commit appends the pending audit events to the chain and commits.
func (tx *Tx) Commit() error {
	if err := tx.flushAudit(); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if err := tx.Tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", unavailable(err))
	}
	return nil
}

// rootCause strips driver wrapping down to a short message for one-line CLI errors.
func rootCause(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// unavailable marks connection-level failures as EUNAVAILABLE and passes others through.
func unavailable(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	msg := err.Error()
	if strings.Contains(msg, "connection refused") || strings.Contains(msg, "bad connection") || strings.Contains(msg, "database is closed") {
		return &haizhi.Error{Code: haizhi.EUNAVAILABLE, Key: "error.unavailable", Message: "The database is not reachable."}
	}
	return err
}

// redactDSN hides a password in a URL-shaped DSN.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
