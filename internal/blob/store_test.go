package blob_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/blob"
)

// testStore runs the behaviour every Store must have.
func testStore(t *testing.T, s blob.Store) {
	ctx := context.Background()

	t.Run("RoundTrip", func(t *testing.T) {
		key := blob.NewKey("entries/2026", ".pdf")
		body := samplePDF(3000)
		before := time.Now().Add(-2 * time.Second)
		if err := s.Put(ctx, key, bytes.NewReader(body), int64(len(body)), "application/pdf"); err != nil {
			t.Fatalf("Put: %v", err)
		}
		info, err := s.Stat(ctx, key)
		if err != nil {
			t.Fatalf("Stat: %v", err)
		}
		if info.Key != key || info.Size != int64(len(body)) || info.ContentType != "application/pdf" {
			t.Errorf("Stat = %+v, want key %q size %d application/pdf", info, key, len(body))
		}
		if info.ModTime.Before(before) || info.ModTime.After(time.Now().Add(2*time.Second)) {
			t.Errorf("Stat ModTime = %v, not about now", info.ModTime)
		}
		if got := mustRead(t, s, key); !bytes.Equal(got, body) {
			t.Errorf("Open read %d bytes, differing from the %d put", len(got), len(body))
		}
		rc, err := s.Open(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		rs, ok := rc.(io.ReadSeeker)
		if !ok {
			t.Errorf("Open returned a %T, not an io.ReadSeeker", rc)
		} else if _, err := rs.Seek(1000, io.SeekStart); err != nil {
			t.Errorf("Seek: %v", err)
		} else if part, _ := io.ReadAll(rs); !bytes.Equal(part, body[1000:]) {
			t.Errorf("read after Seek gave %d bytes, want %d", len(part), len(body)-1000)
		}
		_ = rc.Close()
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if _, err := s.Stat(ctx, key); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Errorf("Stat after Delete = %v, want ENOTFOUND", err)
		}
	})

	t.Run("Overwrite", func(t *testing.T) {
		key := blob.NewKey("posts", ".png")
		mustPut(t, s, key, []byte("first version, longer than the second"), "text/plain; charset=utf-8")
		mustPut(t, s, key, []byte("second"), "image/png")
		if got := string(mustRead(t, s, key)); got != "second" {
			t.Errorf("after overwrite read %q", got)
		}
		if info, _ := s.Stat(ctx, key); info.ContentType != "image/png" || info.Size != 6 {
			t.Errorf("after overwrite Stat = %+v", info)
		}
	})

	t.Run("UnknownSize", func(t *testing.T) {
		key := blob.NewKey("reports", ".xlsx")
		body := bytes.Repeat([]byte("海智"), 10000)
		if err := s.Put(ctx, key, bytes.NewReader(body), -1, ""); err != nil {
			t.Fatalf("Put size -1: %v", err)
		}
		if got := mustRead(t, s, key); !bytes.Equal(got, body) {
			t.Errorf("read back %d bytes, want %d", len(got), len(body))
		}
		if info, _ := s.Stat(ctx, key); info.ContentType != "application/octet-stream" {
			t.Errorf("empty content type stored as %q, want application/octet-stream", info.ContentType)
		}
	})

	t.Run("Missing", func(t *testing.T) {
		key := blob.NewKey("entries", ".pdf")
		if _, err := s.Open(ctx, key); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Errorf("Open missing = %v, want ENOTFOUND", err)
		}
		if _, err := s.Stat(ctx, key); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Errorf("Stat missing = %v, want ENOTFOUND", err)
		}
		if err := s.Delete(ctx, key); err != nil {
			t.Errorf("Delete missing = %v, want nil", err)
		}
	})

	t.Run("InvalidKeys", func(t *testing.T) {
		for _, key := range []string{"", "../escape.pdf", "/etc/passwd", "a/../../b", `a\b`, "a\x00b", "a/.hidden"} {
			checks := map[string]error{
				"Put":    s.Put(ctx, key, strings.NewReader("x"), 1, "text/plain"),
				"Delete": s.Delete(ctx, key),
			}
			_, checks["Open"] = s.Open(ctx, key)
			_, checks["Stat"] = s.Stat(ctx, key)
			for op, err := range checks {
				if haizhi.ErrorKey(err) != "error.blob_key" {
					t.Errorf("%s(%q) = %v, want EINVALID error.blob_key", op, key, err)
				}
			}
		}
	})

	t.Run("SizeMismatch", func(t *testing.T) {
		key := blob.NewKey("entries", ".pdf")
		if err := s.Put(ctx, key, strings.NewReader("short"), 100, "application/pdf"); err == nil {
			t.Errorf("Put with a reader shorter than size succeeded")
		}
		if _, err := s.Stat(ctx, key); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Errorf("a failed Put left a blob: Stat = %v", err)
		}
		if err := s.Put(ctx, key, strings.NewReader("longer than said"), 4, "application/pdf"); err == nil {
			t.Errorf("Put with a reader longer than size succeeded")
		}
		if _, err := s.Stat(ctx, key); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Errorf("a failed Put left a blob: Stat = %v", err)
		}
	})

	t.Run("TooLargeThroughPut", func(t *testing.T) {
		// The ETOOLARGE error of a Check reader must come back out of Put intact, so the
		// web layer can answer 413 with the right message.
		_, r, err := blob.Check(bytes.NewReader(samplePDF(10_000)), "plan.pdf", 4096, blob.PDF)
		if err != nil {
			t.Fatalf("Check: %v", err)
		}
		key := blob.NewKey("entries", ".pdf")
		err = s.Put(ctx, key, r, -1, "application/pdf")
		if haizhi.ErrorCode(err) != haizhi.ETOOLARGE || haizhi.ErrorKey(err) != "error.file_too_large" {
			t.Fatalf("Put of an oversize upload = %v, want ETOOLARGE error.file_too_large", err)
		}
		if _, err := s.Stat(ctx, key); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Errorf("an oversize upload left a blob: Stat = %v", err)
		}
	})

	t.Run("TooLargeWithUnderstatedSize", func(t *testing.T) {
		// The size a client declares can be a lie; the Check limit still holds.
		_, r, err := blob.Check(bytes.NewReader(samplePDF(10_000)), "plan.pdf", 4096, blob.PDF)
		if err != nil {
			t.Fatalf("Check: %v", err)
		}
		key := blob.NewKey("entries", ".pdf")
		if err := s.Put(ctx, key, r, 4096, "application/pdf"); haizhi.ErrorCode(err) != haizhi.ETOOLARGE {
			t.Fatalf("Put = %v, want ETOOLARGE", err)
		}
		if _, err := s.Stat(ctx, key); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Errorf("an oversize upload left a blob: Stat = %v", err)
		}
	})

	t.Run("ReaderError", func(t *testing.T) {
		key := blob.NewKey("entries", ".pdf")
		boom := errors.New("client went away")
		r := io.MultiReader(strings.NewReader("%PDF-1.7 partial"), errReader{boom})
		if err := s.Put(ctx, key, r, -1, "application/pdf"); !errors.Is(err, boom) {
			t.Errorf("Put with failing reader = %v, want it to wrap %v", err, boom)
		}
		if _, err := s.Stat(ctx, key); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Errorf("a failed Put left a blob under its key: Stat = %v", err)
		}
	})

	t.Run("FailedOverwriteKeepsOld", func(t *testing.T) {
		key := blob.NewKey("entries", ".pdf")
		old := samplePDF(500)
		mustPut(t, s, key, old, "application/pdf")
		r := io.MultiReader(strings.NewReader("new content"), errReader{errors.New("upload aborted")})
		if err := s.Put(ctx, key, r, -1, "text/plain"); err == nil {
			t.Fatal("Put with a failing reader succeeded")
		}
		if got := mustRead(t, s, key); !bytes.Equal(got, old) {
			t.Errorf("a failed overwrite changed the blob to %q", got)
		}
		if info, _ := s.Stat(ctx, key); info.ContentType != "application/pdf" {
			t.Errorf("a failed overwrite changed the content type to %q", info.ContentType)
		}
	})

	t.Run("ConcurrentPuts", func(t *testing.T) {
		const n = 32
		keys := make([]string, n)
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			// Half share one fan-out directory, so directory creation races too.
			keys[i] = fmt.Sprintf("concurrent/shared/%02d.txt", i)
			if i%2 == 1 {
				keys[i] = blob.NewKey("concurrent", ".txt")
			}
			wg.Go(func() {
				body := bytes.Repeat([]byte{byte('a' + i%26)}, 1000+i)
				errs <- s.Put(ctx, keys[i], bytes.NewReader(body), int64(len(body)), "text/plain")
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent Put: %v", err)
			}
		}
		for i, key := range keys {
			want := bytes.Repeat([]byte{byte('a' + i%26)}, 1000+i)
			if got := mustRead(t, s, key); !bytes.Equal(got, want) {
				t.Errorf("%s: read %d bytes, want %d of %q", key, len(got), len(want), want[0])
			}
		}
	})

	t.Run("CanceledContext", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		key := blob.NewKey("entries", ".pdf")
		if err := s.Put(cctx, key, strings.NewReader("data"), 4, "text/plain"); !errors.Is(err, context.Canceled) {
			t.Errorf("Put with canceled context = %v, want context.Canceled", err)
		}
	})
}

func mustPut(tb testing.TB, s blob.Store, key string, body []byte, contentType string) {
	tb.Helper()
	if err := s.Put(context.Background(), key, bytes.NewReader(body), int64(len(body)), contentType); err != nil {
		tb.Fatalf("Put %s: %v", key, err)
	}
}

func mustRead(tb testing.TB, s blob.Store, key string) []byte {
	tb.Helper()
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		tb.Fatalf("Open %s: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		tb.Fatalf("read %s: %v", key, err)
	}
	return b
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
