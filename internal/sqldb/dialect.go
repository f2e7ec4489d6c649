package sqldb

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite3 "modernc.org/sqlite"
)

// dialect isolates the few differences between SQLite and PostgreSQL. Everything else is
// one set of queries, written with ? placeholders.
type dialect interface {
	name() string
	// rebind turns ? placeholders into the dialect's form.
	rebind(query string) string
	// isUnique reports whether err is a unique-constraint violation.
	isUnique(err error) bool
	// serializeAudit is run before reading the chain's tail; it makes concurrent
	// transactions append one after another. SQLite's single writer already does.
	serializeAudit() string
	// skipLocked is appended to a SELECT that claims rows other workers may be claiming.
	skipLocked() string
	// matchTokens returns a condition on a row alias of a searchable table (entries,
	// needs) that holds when its search tokens contain every token (the last as a
	// prefix), and its one argument. index is the SQLite FTS5 table over the table's
	// search_tokens; PostgreSQL uses the GIN index on the column. Tokens come from
	// textseg, which never emits query syntax.
	matchTokens(index, alias string, tokens []string) (string, any)
	// pageQuery selects the entries whose ids the query ids lists (a page, ordered and
	// limited), joined to what an Entry shows, in order.
	pageQuery(ids, order string) string
}

type sqlite struct{}

func (sqlite) name() string           { return "sqlite" }
func (sqlite) rebind(q string) string { return q }
func (sqlite) serializeAudit() string { return "" }
func (sqlite) skipLocked() string     { return "" }
func (sqlite) isUnique(err error) bool {
	var e *sqlite3.Error
	// 2067 is SQLITE_CONSTRAINT_UNIQUE, 1555 SQLITE_CONSTRAINT_PRIMARYKEY.
	return errors.As(err, &e) && (e.Code() == 2067 || e.Code() == 1555)
}

type postgres struct{}

func (postgres) name() string { return "postgres" }

// auditLockID is an arbitrary constant naming the audit chain's advisory lock.
const auditLockID = 7_436_001

func (postgres) serializeAudit() string {
	return "SELECT pg_advisory_xact_lock(" + strconv.Itoa(auditLockID) + ")"
}
func (postgres) skipLocked() string { return " FOR UPDATE SKIP LOCKED" }
func (postgres) isUnique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

func (postgres) rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// likePattern escapes a user's search text for LIKE … ESCAPE '\' and wraps it in %.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(strings.TrimSpace(s))) + "%"
}

// scopeClause returns "(col LIKE ? OR col LIKE ? …)" with one arg per path, matching a unit
// path column against the actor's scope paths. An empty scope matches nothing.
func scopeClause(col string, paths []string) (string, []any) {
	if len(paths) == 0 {
		return "1 = 0", nil
	}
	parts := make([]string, len(paths))
	args := make([]any, len(paths))
	for i, p := range paths {
		if p == "/" {
			return "1 = 1", nil
		}
		parts[i] = col + " LIKE ?"
		args[i] = p + "%"
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}
