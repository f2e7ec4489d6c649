package blob_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/blob"
)

// MustDir returns a directory store in a fresh temporary directory, and that directory.
func MustDir(tb testing.TB) (*blob.Dir, string) {
	tb.Helper()
	root := filepath.Join(tb.TempDir(), "blobs")
	d, err := blob.NewDir(root)
	if err != nil {
		tb.Fatalf("NewDir: %v", err)
	}
	tb.Cleanup(func() { _ = d.Close() })
	return d, root
}

func TestDir(t *testing.T) {
	d, root := MustDir(t)
	testStore(t, d)
	// No temporary file may survive any of the above, failed Puts included.
	_ = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

func TestDirLayout(t *testing.T) {
	d, root := MustDir(t)
	ctx := context.Background()
	mustPut(t, d, "entries/2026/ab/cd/x.pdf", samplePDF(100), "application/pdf")
	b, err := os.ReadFile(filepath.Join(root, "entries/2026/ab/cd/x.pdf"))
	if err != nil || !bytes.Equal(b, samplePDF(100)) {
		t.Fatalf("blob not at its key under the root: %v", err)
	}
	meta, err := os.ReadFile(filepath.Join(root, "entries/2026/ab/cd/.x.pdf.meta"))
	if err != nil || string(meta) != "application/pdf\n" {
		t.Errorf("sidecar = %q, %v", meta, err)
	}

	// A file copied in by hand has no sidecar: its type is sniffed.
	if err := os.WriteFile(filepath.Join(root, "entries/manual.png"), samplePNG(), 0o600); err != nil {
		t.Fatal(err)
	}
	if info, err := d.Stat(ctx, "entries/manual.png"); err != nil || info.ContentType != "image/png" {
		t.Errorf("Stat of a file without sidecar = %+v, %v; want image/png", info, err)
	}

	// A directory is not a blob.
	if _, err := d.Open(ctx, "entries/2026"); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
		t.Errorf("Open of a directory = %v, want ENOTFOUND", err)
	}
	if _, err := d.Stat(ctx, "entries/2026"); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
		t.Errorf("Stat of a directory = %v, want ENOTFOUND", err)
	}

	// Delete removes the sidecar too.
	if err := d.Delete(ctx, "entries/2026/ab/cd/x.pdf"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "entries/2026/ab/cd/.x.pdf.meta")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("sidecar survived Delete: %v", err)
	}
}

func TestDirPutIsAtomic(t *testing.T) {
	// While a Put is streaming, nothing is visible under its key; if the process died at
	// that moment, only a hidden temporary file would remain.
	d, root := MustDir(t)
	ctx := context.Background()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- d.Put(ctx, "entries/slow.pdf", pr, -1, "application/pdf") }()
	if _, err := pw.Write(samplePDF(4096)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Stat(ctx, "entries/slow.pdf"); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
		t.Errorf("mid-upload Stat = %v, want ENOTFOUND", err)
	}
	if _, err := os.Stat(filepath.Join(root, "entries/slow.pdf")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("mid-upload the final file exists: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(root, "entries"))
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), ".slow.pdf.tmp-") {
		t.Errorf("mid-upload directory holds %v, want one hidden temporary file", entries)
	}
	_ = pw.Close()
	if err := <-done; err != nil {
		t.Fatalf("Put: %v", err)
	}
	if got := mustRead(t, d, "entries/slow.pdf"); !bytes.Equal(got, samplePDF(4096)) {
		t.Errorf("read back %d bytes", len(got))
	}
}

func TestDirEscapes(t *testing.T) {
	ctx := context.Background()
	d, root := MustDir(t)
	outside := filepath.Join(filepath.Dir(root), "outside")
	if err := os.MkdirAll(outside, 0o700); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(outside, "secret.txt")
	if err := os.WriteFile(secret, []byte("top secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Symbolic links planted inside the store, pointing out of it.
	if err := os.Symlink(outside, filepath.Join(root, "linkdir")); err != nil {
		t.Skipf("cannot create symbolic links here: %v", err)
	}
	if err := os.Symlink(secret, filepath.Join(root, "linkfile.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../outside/secret.txt", filepath.Join(root, "relative.txt")); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		key     string
		refused func(error) bool
	}{
		{"parent", "../outside/secret.txt", isKeyError},
		{"parent deep", "a/b/../../../outside/secret.txt", isKeyError},
		{"absolute", secret, isKeyError},
		{"backslash", `..\outside\secret.txt`, isKeyError},
		{"NUL", "linkfile.txt\x00", isKeyError},
		{"symlinked directory", "linkdir/secret.txt", isError},
		{"symlinked file", "linkfile.txt", isError},
		{"relative symlink", "relative.txt", isError},
	}
	for _, tt := range tests {
		t.Run("read/"+tt.name, func(t *testing.T) {
			if rc, err := d.Open(ctx, tt.key); !tt.refused(err) {
				if rc != nil {
					b, _ := io.ReadAll(rc)
					rc.Close()
					t.Fatalf("Open(%q) read %q from outside the root", tt.key, b)
				}
				t.Errorf("Open(%q) = %v", tt.key, err)
			}
			if _, err := d.Stat(ctx, tt.key); !tt.refused(err) {
				t.Errorf("Stat(%q) = %v, want refusal", tt.key, err)
			}
		})
	}
	for _, tt := range tests[:6] {
		t.Run("write/"+tt.name, func(t *testing.T) {
			if err := d.Put(ctx, tt.key, strings.NewReader("overwritten"), 11, "text/plain"); !tt.refused(err) {
				t.Errorf("Put(%q) = %v, want refusal", tt.key, err)
			}
			if err := d.Delete(ctx, tt.key); !tt.refused(err) {
				t.Errorf("Delete(%q) = %v, want refusal", tt.key, err)
			}
		})
	}
	// Putting a blob where a symbolic link to a file lies replaces the link itself (rename
	// does not follow it): the file outside stays as it was.
	mustPut(t, d, "linkfile.txt", []byte("inside"), "text/plain")
	if fi, err := os.Lstat(filepath.Join(root, "linkfile.txt")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("Put over a symbolic link did not replace it with a file: %v", err)
	}
	if err := d.Delete(ctx, "relative.txt"); err != nil {
		t.Errorf("Delete of a link = %v", err)
	}
	// Put through the symlinked directory must not create anything outside.
	if err := d.Put(ctx, "linkdir/planted.txt", strings.NewReader("x"), 1, "text/plain"); err == nil {
		t.Error("Put through a symlinked directory succeeded")
	}
	if b, _ := os.ReadFile(secret); string(b) != "top secret" {
		t.Errorf("the file outside the root was changed to %q", b)
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 1 {
		t.Errorf("files were created outside the root: %v", entries)
	}
	if _, err := os.Stat(secret); err != nil {
		t.Errorf("the file outside the root was removed: %v", err)
	}
}

func isKeyError(err error) bool { return haizhi.ErrorKey(err) == "error.blob_key" }

func isError(err error) bool { return err != nil }

func TestNewDirErrors(t *testing.T) {
	if _, err := blob.NewDir(""); err == nil {
		t.Error("NewDir(\"\") succeeded")
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := blob.NewDir(file); err == nil {
		t.Error("NewDir on a regular file succeeded")
	}
}
