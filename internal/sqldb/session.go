package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/scs/v2"
)

// SessionStore keeps scs sessions in the sessions table, so that every node behind a
// load balancer sees every session. Reads use the reader pool, writes the writer. Session
// writes are not audited: they are the sign-in's bookkeeping, and the sign-in itself is.
// Expired rows are ignored by Find and All and deleted by JobQueue.PurgeOld.
type SessionStore struct{ db *DB }

// NewSessionStore returns the session store of db.
func NewSessionStore(db *DB) *SessionStore { return &SessionStore{db: db} }

var (
	_ scs.Store            = (*SessionStore)(nil)
	_ scs.CtxStore         = (*SessionStore)(nil)
	_ scs.IterableStore    = (*SessionStore)(nil)
	_ scs.IterableCtxStore = (*SessionStore)(nil)
)

// Find returns the data of an unexpired session; found is false when there is none.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// FindCtx is Find with a context.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.read.QueryRowContext(ctx, s.db.dialect.rebind(`SELECT data FROM sessions WHERE token = ? AND expiry > ?`),
		token, s.db.Now()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("find session: %w", unavailable(err))
	}
	return b, true, nil
}

// Commit adds a session or replaces its data and expiry.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// CommitCtx is Commit with a context.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := s.db.write.ExecContext(ctx, s.db.dialect.rebind(`INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`), token, b, dbTime(expiry))
	if err != nil {
		return fmt.Errorf("commit session: %w", unavailable(err))
	}
	return nil
}

// Delete removes a session; deleting a missing one is not an error.
func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// DeleteCtx is Delete with a context.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	if _, err := s.db.write.ExecContext(ctx, s.db.dialect.rebind(`DELETE FROM sessions WHERE token = ?`), token); err != nil {
		return fmt.Errorf("delete session: %w", unavailable(err))
	}
	return nil
}

// All returns the data of every unexpired session by token.
func (s *SessionStore) All() (map[string][]byte, error) {
	return s.AllCtx(context.Background())
}

// AllCtx is All with a context.
func (s *SessionStore) AllCtx(ctx context.Context) (map[string][]byte, error) {
	rows, err := s.db.read.QueryContext(ctx, s.db.dialect.rebind(`SELECT token, data FROM sessions WHERE expiry > ?`), s.db.Now())
	if err != nil {
		return nil, fmt.Errorf("all sessions: %w", unavailable(err))
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var token string
		var b []byte
		if err := rows.Scan(&token, &b); err != nil {
			return nil, fmt.Errorf("scan session: %w", err)
		}
		out[token] = b
	}
	return out, rows.Err()
}
