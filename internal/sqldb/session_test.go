package sqldb_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

func TestSessionStore(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		s := sqldb.NewSessionStore(db)
		if err := s.Commit("tok-a", []byte("alpha"), clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit("tok-b", []byte{0, 1, 2, 255}, clock.Now().Add(2*time.Hour).In(time.FixedZone("CST", 8*3600))); err != nil {
			t.Fatal(err)
		}
		b, found, err := s.Find("tok-a")
		if err != nil || !found || string(b) != "alpha" {
			t.Fatalf("find: %q %v %v", b, found, err)
		}
		if _, found, err := s.Find("missing"); err != nil || found {
			t.Fatalf("missing: %v %v", found, err)
		}

		// Commit replaces data and expiry.
		if err := s.Commit("tok-a", []byte("alpha-2"), clock.Now().Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		all, err := s.All()
		if err != nil || len(all) != 2 || string(all["tok-a"]) != "alpha-2" || !bytes.Equal(all["tok-b"], []byte{0, 1, 2, 255}) {
			t.Fatalf("all: %v %v", all, err)
		}

		clock.Advance(2*time.Hour + time.Second)
		if _, found, _ := s.Find("tok-b"); found {
			t.Fatal("expired session found")
		}
		if all, _ := s.All(); len(all) != 1 {
			t.Fatalf("all after expiry: %v", all)
		}
		if b, found, _ := s.FindCtx(context.Background(), "tok-a"); !found || string(b) != "alpha-2" {
			t.Fatalf("extended session: %q %v", b, found)
		}

		if err := s.Delete("tok-a"); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete("tok-a"); err != nil {
			t.Fatalf("delete twice: %v", err)
		}
		if _, found, _ := s.Find("tok-a"); found {
			t.Fatal("deleted session found")
		}
		if n, err := sqldb.NewJobQueue(db).PurgeOld(context.Background(), clock.Now()); err != nil || n != 1 {
			t.Fatalf("purge expired sessions: %d %v", n, err)
		}

		// The store works inside scs.
		m := scs.New()
		m.Store = s
		m.Lifetime = 5 * 365 * 24 * time.Hour // scs uses the real clock, the store the test clock
		ctx, err := m.Load(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		m.Put(ctx, "user_id", int64(42))
		token, _, err := m.Commit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ctx2, err := m.Load(context.Background(), token)
		if err != nil || m.GetInt64(ctx2, "user_id") != 42 {
			t.Fatalf("round trip through scs: %v", err)
		}
	})
}
