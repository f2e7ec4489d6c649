package sqldb

import (
	"context"
	"database/sql/driver"
	"errors"
	"reflect"
	"strings"

	sqlite3 "modernc.org/sqlite"
)

// The pure-Go SQLite driver parses every query it is handed, and a page runs the same
// few dozen query texts over and over: parsing was a quarter of a portal page's CPU. The
// connector below keeps prepared statements per connection, where SQLite wants them
// (a statement belongs to one connection), so no pool is ever asked for a second
// connection while a transaction holds one.

// maxStmtsPerConn bounds each connection's cache. Queries are built from fixed fragments,
// so the number of distinct texts is small (a few per filter combination); past the
// bound new texts run unprepared, as before.
const maxStmtsPerConn = 256

// stmtCachingConnector opens SQLite connections that reuse prepared statements.
type stmtCachingConnector struct {
	inner driver.Connector
}

func newStmtCachingConnector(dsn string) (driver.Connector, error) {
	inner, err := sqlite3.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return stmtCachingConnector{inner: inner}, nil
}

func (c stmtCachingConnector) Driver() driver.Driver { return c.inner.Driver() }

func (c stmtCachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	// The interfaces database/sql relies on; the driver has had them for years, so their
	// absence is a programming error worth failing loudly on.
	inner, ok := conn.(innerConn)
	if !ok {
		conn.Close()
		return nil, errors.New("sqldb: the SQLite driver's connection lacks context methods")
	}
	return &stmtCachingConn{innerConn: inner, stmts: map[string]*cachedStmt{}}, nil
}

// innerConn is what the wrapper needs of the driver's connection.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// stmtCachingConn is one connection with its prepared statements. database/sql uses a
// connection from one goroutine at a time, so the map needs no lock.
type stmtCachingConn struct {
	innerConn
	stmts map[string]*cachedStmt
}

// cachedStmt is a prepared statement and whether rows of it are still open: SQLite steps
// one cursor per statement, so a second use while the first is open (a query run inside
// the loop over its own rows) gets a fresh statement instead.
type cachedStmt struct {
	stmt interface {
		driver.Stmt
		driver.StmtQueryContext
		driver.StmtExecContext
	}
	busy bool
}

// cacheable reports whether query is one statement worth keeping: scripts (migrations)
// and transaction control run unprepared.
func cacheable(query string) bool {
	return !strings.Contains(query, ";")
}

// acquire returns the cached statement for query, preparing it on first use, or nil to
// run the query unprepared.
func (c *stmtCachingConn) acquire(ctx context.Context, query string) (*cachedStmt, error) {
	if !cacheable(query) {
		return nil, nil
	}
	cs := c.stmts[query]
	if cs == nil {
		if len(c.stmts) >= maxStmtsPerConn {
			return nil, nil
		}
		st, err := c.innerConn.PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		full, ok := st.(interface {
			driver.StmtQueryContext
			driver.StmtExecContext
		})
		if !ok {
			st.Close()
			return nil, nil
		}
		cs = &cachedStmt{stmt: struct {
			driver.Stmt
			driver.StmtQueryContext
			driver.StmtExecContext
		}{st, full, full}}
		c.stmts[query] = cs
	}
	if cs.busy {
		return nil, nil
	}
	cs.busy = true
	return cs, nil
}

// QueryContext runs query on its cached statement; the statement is free again when the
// rows close.
func (c *stmtCachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.innerConn.QueryContext(ctx, query, args)
	}
	rows, err := cs.stmt.QueryContext(ctx, args)
	if err != nil {
		cs.busy = false
		return nil, err
	}
	return newReleasingRows(rows, cs), nil
}

// ExecContext runs query on its cached statement.
func (c *stmtCachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.innerConn.ExecContext(ctx, query, args)
	}
	defer func() { cs.busy = false }()
	return cs.stmt.ExecContext(ctx, args)
}

// Close finalizes the cached statements and closes the connection.
func (c *stmtCachingConn) Close() error {
	var errs []error
	for q, cs := range c.stmts {
		errs = append(errs, cs.stmt.Close())
		delete(c.stmts, q)
	}
	return errors.Join(append(errs, c.innerConn.Close())...)
}

// releasingRows marks its statement free when closed. It passes on the column-type
// methods of the driver's rows, which database/sql looks for by interface.
type releasingRows struct {
	driver.Rows
	cs *cachedStmt
}

func newReleasingRows(r driver.Rows, cs *cachedStmt) driver.Rows {
	return &releasingRows{Rows: r, cs: cs}
}

func (r *releasingRows) Close() error {
	err := r.Rows.Close()
	r.cs.busy = false
	return err
}

func (r *releasingRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *releasingRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *releasingRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}
