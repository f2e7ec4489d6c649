// Package blob stores attachments (entry documents, reports, images) by key, either in a
// local directory confined with os.Root (Dir) or in any S3-compatible object store (S3),
// and checks uploads before they are stored (Check).
//
// A key is a slash-separated relative path such as "entries/2026/ab/cd/<random>.pdf"; make
// one with NewKey. Keys are validated by every Store method (see ValidateKey), so a key
// taken from a request can never reach outside the store.
//
// The usual upload path is:
//
//	c, r, err := blob.Check(file, header.Filename, 20<<20, blob.PDF)
//	if err != nil { … } // EINVALID error.file_type / error.required, ETOOLARGE error.file_too_large
//	key := blob.NewKey("entries/2026", c.Ext)
//	err = store.Put(ctx, key, r, -1, c.ContentType) // an ETOOLARGE read error comes back through Put
package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/haizhi-dev/haizhi"
)

// Store keeps attachments by key. Implementations are safe for concurrent use.
type Store interface {
	// Put stores the bytes of r under key, replacing any blob already there. size is the
	// exact number of bytes r yields, or -1 when unknown. A reader that is shorter or
	// longer than a non-negative size is an error and nothing is stored. A read error of r
	// (such as the ETOOLARGE error of a Check reader) is returned in the error chain, so
	// haizhi.ErrorCode sees it.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Open returns the content of the blob; the caller closes it. A missing key is a
	// haizhi.ENOTFOUND error. The readers of Dir and S3 also implement io.Seeker, so
	// http.ServeContent can answer range requests from them.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Stat describes the blob. A missing key is a haizhi.ENOTFOUND error.
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes the blob. A missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// Info describes a stored blob.
type Info struct {
	Key         string
	Size        int64
	ContentType string
	ModTime     time.Time
}

// MaxKeyLen is the longest key, in bytes, that ValidateKey accepts.
const MaxKeyLen = 512

// defaultContentType is used when a blob was stored without a content type.
const defaultContentType = "application/octet-stream"

// ValidateKey reports whether key is a safe store key, returning a haizhi.EINVALID error
// with catalogue key "error.blob_key" if not. A valid key:
//
//   - is non-empty, valid UTF-8 and at most MaxKeyLen bytes;
//   - does not start or end with "/" and has no empty segment ("a//b");
//   - has no segment that starts with "." (so no "." or ".." segments, and no hidden
//     names, which Dir reserves for its temporary and metadata files);
//   - contains no backslash, NUL or other control character.
func ValidateKey(key string) error {
	switch {
	case key == "":
		return keyError(key, "is empty")
	case len(key) > MaxKeyLen:
		return keyError(key, "is longer than %d bytes", MaxKeyLen)
	case !utf8.ValidString(key):
		return keyError(key, "is not valid UTF-8")
	case strings.HasPrefix(key, "/"):
		return keyError(key, "is absolute")
	case strings.HasSuffix(key, "/"):
		return keyError(key, "ends with a slash")
	}
	for _, c := range key {
		if c == '\\' || c < 0x20 || c == 0x7f {
			return keyError(key, "contains a backslash or control character")
		}
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" {
			return keyError(key, "has an empty segment")
		}
		if strings.HasPrefix(seg, ".") {
			return keyError(key, "has a segment starting with a dot")
		}
	}
	return nil
}

func keyError(key, format string, args ...any) error {
	// The key may be hostile (control characters, great length): quote and shorten it.
	shown := key
	if len(shown) > 80 {
		shown = strings.ToValidUTF8(shown[:80], "") + "…"
	}
	return haizhi.Errorf(haizhi.EINVALID, "error.blob_key", "Attachment key %s %s.", quote(shown), fmt.Sprintf(format, args...))
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		if c < 0x20 || c == 0x7f || c == '"' || c == '\\' {
			b.WriteString("\\x")
			b.WriteString(hex.EncodeToString([]byte{byte(c)}))
			continue
		}
		b.WriteRune(c)
	}
	b.WriteByte('"')
	return b.String()
}

// NewKey returns a new random key under prefix with the extension ext, shaped
// "<prefix>/ab/cd/<32 hex digits><ext>" so that no directory grows too large. ext may be
// given with or without its dot ("pdf" or ".pdf") or empty; it is lower-cased. prefix is a
// slash-separated path such as "entries/2026"; leading and trailing slashes are dropped.
// The random part has 128 bits from crypto/rand, so keys do not collide and cannot be
// guessed.
func NewKey(prefix, ext string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	id := hex.EncodeToString(b[:])
	ext = strings.ToLower(strings.TrimPrefix(ext, "."))
	if ext != "" {
		ext = "." + ext
	}
	var k strings.Builder
	if p := strings.Trim(prefix, "/"); p != "" {
		k.WriteString(p)
		k.WriteByte('/')
	}
	k.WriteString(id[0:2])
	k.WriteByte('/')
	k.WriteString(id[2:4])
	k.WriteByte('/')
	k.WriteString(id)
	k.WriteString(ext)
	return k.String()
}

// notFound is the error for a missing blob.
func notFound(key string) error {
	e := haizhi.NotFound("attachment")
	e.Message = "Attachment " + quote(key) + " not found."
	return e
}

// recordingReader remembers the first read error other than io.EOF, so that a store can
// return the caller's own error (an ETOOLARGE from a Check reader, say) even when a library
// between the reader and the store wraps or replaces it.
type recordingReader struct {
	ctx context.Context
	r   io.Reader
	n   int64
	err error
}

func (rr *recordingReader) Read(p []byte) (int, error) {
	if err := rr.ctx.Err(); err != nil {
		if rr.err == nil {
			rr.err = err
		}
		return 0, err
	}
	n, err := rr.r.Read(p)
	rr.n += int64(n)
	if err != nil && !errors.Is(err, io.EOF) && rr.err == nil {
		rr.err = err
	}
	return n, err
}

// cause returns the reader's own error when there was one, else err.
func (rr *recordingReader) cause(err error) error {
	if rr.err != nil && !errors.Is(err, rr.err) {
		return rr.err
	}
	return err
}
