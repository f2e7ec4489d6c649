package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
)

// Dir is a Store in a local directory. Every file operation goes through an os.Root, so no
// key, and no symbolic link planted inside the directory, can reach a file outside it.
//
// Layout: the blob with key "a/b/c.pdf" is the file "<root>/a/b/c.pdf". Its content type
// is kept in a sidecar file "<root>/a/b/.c.pdf.meta" holding the type as one line of text;
// a blob without a sidecar (copied in by hand, say) reports the type sniffed from its
// first 512 bytes. Names starting with "." are reserved for sidecars and temporary files,
// which is why ValidateKey refuses key segments starting with a dot.
//
// Put writes to a temporary file "<dir>/.<name>.tmp-<random>" in the blob's own directory,
// syncs it and renames it over the final name, so a crash never leaves a half-written blob
// under its key (at worst a stale temporary file, which is never visible as a blob). The
// sidecar is written the same way and renamed into place just before the blob, once the
// blob's content is complete, so a failed upload leaves no trace.
type Dir struct {
	root *os.Root
}

// Compile-time check that *Dir is a Store.
var _ Store = (*Dir)(nil)

// Permissions of what Dir creates: private to the service's user and group.
const (
	dirPerm  = 0o750
	filePerm = 0o640
)

// NewDir opens (creating it if needed) the directory root as a Store. Close it when done.
func NewDir(root string) (*Dir, error) {
	if root == "" {
		return nil, errors.New("blob: directory store: empty root")
	}
	if err := os.MkdirAll(root, dirPerm); err != nil {
		return nil, fmt.Errorf("blob: directory store: %w", err)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("blob: directory store: %w", err)
	}
	return &Dir{root: r}, nil
}

// Close releases the directory handle. The Dir must not be used afterwards.
func (d *Dir) Close() error {
	return d.root.Close()
}

// Put stores r under key; see Store.Put.
func (d *Dir) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("blob: put %s: %w", key, err)
	}
	if contentType == "" {
		contentType = defaultContentType
	}
	if strings.ContainsAny(contentType, "\r\n") {
		return fmt.Errorf("blob: put %s: content type contains a line break", key)
	}
	if dir := path.Dir(key); dir != "." {
		if err := d.root.MkdirAll(dir, dirPerm); err != nil {
			return fmt.Errorf("blob: put %s: %w", key, err)
		}
	}
	// The content is streamed into a temporary file first; only when it is complete does
	// the sidecar go in place and the blob get renamed under its key. A failed upload (too
	// large, client gone) thus changes nothing visible, not even the sidecar.
	rr := &recordingReader{ctx: ctx, r: r}
	tmp, err := d.writeTemp(key, key, rr, size)
	if err != nil {
		return err
	}
	meta, err := d.writeTemp(key, metaName(key), strings.NewReader(contentType+"\n"), -1)
	if err == nil {
		err = d.rename(key, meta, metaName(key))
	}
	if err == nil {
		err = d.rename(key, tmp, key)
	}
	if err != nil {
		_ = d.root.Remove(tmp)
		return err
	}
	d.syncDir(path.Dir(key))
	return nil
}

// writeTemp writes r to a new temporary file beside name, syncs and closes it, and
// returns its name. size, when not negative, is the exact length r must have.
func (d *Dir) writeTemp(key, name string, r io.Reader, size int64) (_ string, err error) {
	tmp := tempName(name)
	f, err := d.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return "", fmt.Errorf("blob: put %s: %w", key, err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = d.root.Remove(tmp)
		}
	}()
	src := r
	if size >= 0 {
		// Read one byte more than announced so a longer reader is caught too.
		src = io.LimitReader(r, size+1)
	}
	n, err := io.Copy(f, src)
	if err != nil {
		if rr, ok := r.(*recordingReader); ok {
			err = rr.cause(err)
		}
		return "", fmt.Errorf("blob: put %s: %w", key, err)
	}
	if size >= 0 && n != size {
		return "", fmt.Errorf("blob: put %s: reader gave %d bytes, size says %d", key, n, size)
	}
	if err = f.Sync(); err != nil {
		return "", fmt.Errorf("blob: put %s: %w", key, err)
	}
	if err = f.Close(); err != nil {
		return "", fmt.Errorf("blob: put %s: %w", key, err)
	}
	return tmp, nil
}

// rename moves the temporary file tmp to name, removing tmp if that fails.
func (d *Dir) rename(key, tmp, name string) error {
	if err := d.root.Rename(tmp, name); err != nil {
		_ = d.root.Remove(tmp)
		return fmt.Errorf("blob: put %s: %w", key, err)
	}
	return nil
}

// syncDir makes a rename durable. It is best effort: some file systems cannot sync a
// directory, and the blob is already complete under its name.
func (d *Dir) syncDir(dir string) {
	f, err := d.root.Open(dir)
	if err != nil {
		return
	}
	_ = f.Sync()
	_ = f.Close()
}

// Open returns the content of the blob; see Store.Open.
func (d *Dir) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := ValidateKey(key); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := d.root.Open(key)
	if err != nil {
		return nil, d.pathError("open", key, err)
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("blob: open %s: %w", key, err)
	}
	if !fi.Mode().IsRegular() {
		_ = f.Close()
		return nil, notFound(key)
	}
	return f, nil
}

// Stat describes the blob; see Store.Stat.
func (d *Dir) Stat(ctx context.Context, key string) (Info, error) {
	if err := ValidateKey(key); err != nil {
		return Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	fi, err := d.root.Stat(key)
	if err != nil {
		return Info{}, d.pathError("stat", key, err)
	}
	if !fi.Mode().IsRegular() {
		return Info{}, notFound(key)
	}
	ct, err := d.contentType(key)
	if err != nil {
		return Info{}, fmt.Errorf("blob: stat %s: %w", key, err)
	}
	return Info{Key: key, Size: fi.Size(), ContentType: ct, ModTime: fi.ModTime()}, nil
}

// contentType reads the sidecar of key, or sniffs the blob when there is none.
func (d *Dir) contentType(key string) (string, error) {
	b, err := d.readSmall(metaName(key), 1024)
	if err == nil {
		if ct := strings.TrimSpace(string(b)); ct != "" {
			return ct, nil
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	head, err := d.readSmall(key, 512)
	if err != nil {
		return "", err
	}
	return http.DetectContentType(head), nil
}

// readSmall reads at most limit bytes from the start of name.
func (d *Dir) readSmall(name string, limit int64) ([]byte, error) {
	f, err := d.root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// Delete removes the blob and its sidecar; see Store.Delete.
func (d *Dir) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, name := range []string{key, metaName(key)} {
		if err := d.root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return d.pathError("delete", key, err)
		}
	}
	return nil
}

// pathError turns a file-system error into ENOTFOUND when the file does not exist, and
// wraps it otherwise (an os.Root escape attempt through a symbolic link lands here, as an
// internal error worth logging).
func (d *Dir) pathError(op, key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return notFound(key)
	}
	return fmt.Errorf("blob: %s %s: %w", op, key, err)
}

// metaName is the sidecar holding the content type of key.
func metaName(key string) string {
	dir, name := path.Split(key)
	return dir + "." + name + ".meta"
}

// tempName is a fresh temporary name beside name.
func tempName(name string) string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	dir, base := path.Split(name)
	base = strings.TrimPrefix(base, ".")
	return dir + "." + base + ".tmp-" + hex.EncodeToString(b[:])
}
