package blob

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode"

	"github.com/haizhi-dev/haizhi"
)

// Kind is a family of files an upload field accepts.
type Kind string

// Kinds of accepted files.
const (
	PDF         Kind = "pdf"         // .pdf
	Image       Kind = "image"       // .png, .jpg, .jpeg, .webp, .gif
	Spreadsheet Kind = "spreadsheet" // .xlsx (Office Open XML)
	Document    Kind = "document"    // .docx (Office Open XML)
)

// SniffLen is how many leading bytes Check reads to recognise a file.
const SniffLen = 512

// fileType is one accepted extension: what its content must look like.
type fileType struct {
	kind        Kind
	contentType string // what we store and serve
	sniffed     string // what http.DetectContentType must say
	magic       func(head []byte) bool
}

// zipMagic is the local file header signature that starts every .xlsx and .docx.
const zipMagic = "PK\x03\x04"

// fileTypes maps a lower-case extension to its expectations. It is a function, not a
// package variable, so no mutable state lives at package level.
func fileTypes(ext string) (fileType, bool) {
	switch ext {
	case ".pdf":
		return fileType{PDF, "application/pdf", "application/pdf", prefix("%PDF-")}, true
	case ".png":
		return fileType{Image, "image/png", "image/png", prefix("\x89PNG\r\n\x1a\n")}, true
	case ".jpg", ".jpeg":
		return fileType{Image, "image/jpeg", "image/jpeg", prefix("\xff\xd8\xff")}, true
	case ".gif":
		return fileType{Image, "image/gif", "image/gif", func(h []byte) bool {
			return bytes.HasPrefix(h, []byte("GIF87a")) || bytes.HasPrefix(h, []byte("GIF89a"))
		}}, true
	case ".webp":
		return fileType{Image, "image/webp", "image/webp", func(h []byte) bool {
			return len(h) >= 12 && bytes.Equal(h[0:4], []byte("RIFF")) && bytes.Equal(h[8:12], []byte("WEBP"))
		}}, true
	case ".xlsx":
		return fileType{Spreadsheet, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"application/zip", prefix(zipMagic)}, true
	case ".docx":
		return fileType{Document, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			"application/zip", prefix(zipMagic)}, true
	}
	return fileType{}, false
}

func prefix(p string) func([]byte) bool {
	return func(h []byte) bool { return bytes.HasPrefix(h, []byte(p)) }
}

// Checked describes an upload that passed Check.
type Checked struct {
	// Kind is the family the file belongs to.
	Kind Kind
	// Ext is the canonical lower-case extension with its dot, e.g. ".pdf"; pass it to NewKey.
	Ext string
	// ContentType is the MIME type to store and serve, e.g. "application/pdf".
	ContentType string
	// Name is the declared file name made safe to show and to put in a
	// Content-Disposition header: base name only, no control characters, at most 200
	// characters.
	Name string
}

// Check recognises an upload before it is stored. It reads the first SniffLen bytes of r,
// and accepts the file only if
//
//   - the extension of declaredName is one of the kinds in allowed (every kind when allowed
//     is empty),
//   - the content starts with that format's signature (PDF "%PDF-", PNG, JPEG, WebP, GIF;
//     .xlsx and .docx the zip signature "PK\x03\x04") and http.DetectContentType agrees,
//   - the file is not empty and its head is within limit.
//
// Refusals are haizhi.EINVALID errors with key "error.file_type" (wrong or mismatched type)
// or "error.required" (empty file), and haizhi.ETOOLARGE with key "error.file_too_large".
//
// On success it returns a reader that yields the whole file (the bytes already read
// followed by the rest of r) and fails with the ETOOLARGE error as soon as more than limit
// bytes have passed through it, so the limit holds while streaming and the file is never
// buffered whole. Store the returned reader, not r. limit must be positive.
//
// Check does not look inside zip containers: that an .xlsx really is a workbook is for the
// importer that opens it to say.
func Check(r io.Reader, declaredName string, limit int64, allowed ...Kind) (Checked, io.Reader, error) {
	if limit <= 0 {
		return Checked{}, nil, fmt.Errorf("blob: check: limit %d is not positive", limit)
	}
	name := cleanName(declaredName)
	ext := strings.ToLower(path.Ext(name))
	ft, ok := fileTypes(ext)
	if !ok || (len(allowed) > 0 && !containsKind(allowed, ft.kind)) {
		return Checked{}, nil, haizhi.Errorf(haizhi.EINVALID, "error.file_type",
			"Files of type %q are not accepted here (accepted: %s).", ext, kindList(allowed))
	}

	head := make([]byte, SniffLen)
	n, err := io.ReadFull(r, head)
	head = head[:n]
	switch {
	case errors.Is(err, io.EOF):
		return Checked{}, nil, haizhi.Errorf(haizhi.EINVALID, "error.required", "The file %q is empty.", name)
	case errors.Is(err, io.ErrUnexpectedEOF):
		// A file shorter than SniffLen: all of it is in head.
	case err != nil:
		return Checked{}, nil, fmt.Errorf("blob: check %q: %w", name, err)
	}
	if int64(n) > limit {
		return Checked{}, nil, tooLarge(limit)
	}
	if sniffed := http.DetectContentType(head); !ft.magic(head) || sniffed != ft.sniffed {
		return Checked{}, nil, haizhi.Errorf(haizhi.EINVALID, "error.file_type",
			"The file %q is not a real %s file (its content looks like %s).", name, ext, sniffed)
	}
	c := Checked{Kind: ft.kind, Ext: ext, ContentType: ft.contentType, Name: name}
	rest := io.MultiReader(bytes.NewReader(head), r)
	return c, &limitReader{r: rest, left: limit, limit: limit}, nil
}

func containsKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func kindList(ks []Kind) string {
	if len(ks) == 0 {
		ks = []Kind{PDF, Image, Spreadsheet, Document}
	}
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// tooLarge is the error of an upload over limit bytes.
func tooLarge(limit int64) error {
	return haizhi.Errorf(haizhi.ETOOLARGE, "error.file_too_large",
		"The file is larger than %s.", humanSize(limit))
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitReader passes at most limit bytes and then fails with the ETOOLARGE error. Unlike
// io.LimitReader it does not stop quietly at the limit: it reads one byte further to tell
// "exactly limit bytes" (accepted) from "more" (refused).
type limitReader struct {
	r     io.Reader
	left  int64 // bytes still allowed
	limit int64
	err   error
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	if int64(n) > l.left {
		n = int(l.left)
		l.left = 0
		l.err = tooLarge(l.limit)
		return n, l.err
	}
	l.left -= int64(n)
	return n, err
}

// cleanName reduces a declared upload name to a safe display name: the last path element
// (browsers on Windows may send "C:\Users\…\file.pdf"), without control or format
// characters, trimmed, at most 200 characters with the extension kept.
func cleanName(s string) string {
	s = strings.ReplaceAll(s, "\\", "/")
	s = path.Base(strings.TrimRight(s, "/"))
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '"' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	s = strings.TrimSpace(s)
	if s == "." || s == "/" {
		s = ""
	}
	if r := []rune(s); len(r) > 200 {
		ext := []rune(path.Ext(s))
		if len(ext) > 20 {
			ext = nil
		}
		s = string(r[:200-len(ext)]) + string(ext)
	}
	return s
}
