// Package pdf prints self-contained HTML documents to PDF with a headless Chromium run as a
// subprocess: printable score sheets of a live final, generated reports, in Chinese and
// English.
//
// Each document gets its own Chromium process, profile and temporary directory, all removed
// afterwards, so nothing is shared between documents and no browser stays running between
// prints. Start-up dominates the cost (seconds, not milliseconds), which suits documents
// printed on request, not pages rendered per visitor.
//
// Chromium runs with its sandbox off (--no-sandbox, needed when the server runs as root or
// in a container without user namespaces) and with every host name mapped to "not found",
// so a document can neither fetch nor send anything over the network. It can still read
// local files through file:// links, so the HTML must come from our own templates
// (html/template escapes the data in it), never from a user verbatim.
//
// What is printed is right, but text copied or extracted from the PDF can show a few common
// ideographs as look-alike radicals (一 as ⼀, 目 as ⽬, 页 as ⻚): Noto CJK draws both with
// one glyph, and Chromium maps each glyph back to a single character.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// MaxHTMLSize is the largest document, in bytes, that Print accepts. Images belong in the
// document as data: URLs, so this leaves room for a few photographs or charts.
const MaxHTMLSize = 20 << 20

// MaxPDFSize is the largest PDF, in bytes, that Print returns.
const MaxPDFSize = 100 << 20

// DefaultTimeout bounds one document when Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// DefaultMaxProcesses bounds the Chromium processes of one Printer when
// Config.MaxProcesses is zero. Each takes a few hundred megabytes and most of a CPU core
// while it starts.
const DefaultMaxProcesses = 2

// ErrUnavailable is returned, wrapped, by Print when no Chromium is configured or the
// configured path is not an executable file. Callers can test for it with errors.Is and
// offer the HTML version of the document instead.
var ErrUnavailable = errors.New("pdf: chromium is not available")

// ErrTooLarge is returned, wrapped, by Print when the HTML is larger than MaxHTMLSize or
// Chromium produced a PDF larger than MaxPDFSize.
var ErrTooLarge = errors.New("pdf: document too large")

// DefaultCandidates returns the paths where Debian, Ubuntu and Google install Chromium or
// Chrome, in the order Find should try them. It returns a new slice on every call.
func DefaultCandidates() []string {
	return []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}
}

// Find returns the first of candidates that names an executable regular file, or "" when
// none does. It does not search $PATH; give absolute paths, typically
// Find(DefaultCandidates()...).
func Find(candidates ...string) string {
	for _, c := range candidates {
		if isExecutable(c) {
			return c
		}
	}
	return ""
}

// Config configures a Printer.
type Config struct {
	// Path is the Chromium binary, used as given (no $PATH search). Empty means printing is
	// unavailable and Print returns ErrUnavailable.
	Path string
	// Timeout bounds one document from Chromium's start to its exit, not counting the wait
	// for a free process slot; 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxProcesses is how many Chromium processes may run at once; 0 means
	// DefaultMaxProcesses. Further calls to Print wait for a slot, or for their context.
	MaxProcesses int
	// TempDir is where each document's temporary directory is made; "" means os.TempDir().
	TempDir string
}

// Printer prints HTML documents to PDF. Create it with New; it is safe for concurrent use.
// A nil or zero Printer is valid and unavailable: Print returns ErrUnavailable.
type Printer struct {
	path    string
	timeout time.Duration
	tempDir string
	slots   chan struct{} // a semaphore: one token per running Chromium
}

// New returns a Printer configured by c. It does not check c.Path; see Available.
func New(c Config) *Printer {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxProcesses <= 0 {
		c.MaxProcesses = DefaultMaxProcesses
	}
	return &Printer{
		path:    c.Path,
		timeout: c.Timeout,
		tempDir: c.TempDir,
		slots:   make(chan struct{}, c.MaxProcesses),
	}
}

// Available reports whether the Printer's path names an executable regular file. It does
// not start Chromium, so a broken installation still shows up only as an error of Print.
func (p *Printer) Available() bool {
	return p != nil && isExecutable(p.path)
}

// Print renders html, a complete UTF-8 document that needs nothing from the network, to a
// PDF and returns its bytes. The document is read as UTF-8 whatever charset it declares.
//
// Pages are A4 unless the document sets its own size with an @page rule (for example
// "@page { size: A4 landscape; margin: 12mm }"); Chromium adds no header or footer.
// Backgrounds are printed only where the document asks with "print-color-adjust: exact".
//
// Print waits for a free process slot (or ctx), then runs Chromium for at most the
// configured timeout; when ctx ends or the timeout passes it kills Chromium's whole process
// group and returns an error wrapping ctx.Err() or context.DeadlineExceeded. It returns an
// error wrapping ErrUnavailable when there is no Chromium and ErrTooLarge when html is
// larger than MaxHTMLSize, in both cases without starting anything. Other failures carry
// the last lines Chromium wrote to its standard error.
func (p *Printer) Print(ctx context.Context, html []byte) ([]byte, error) {
	if !p.Available() {
		if p == nil || p.path == "" {
			return nil, fmt.Errorf("%w: no path configured", ErrUnavailable)
		}
		return nil, fmt.Errorf("%w: %s is not an executable file", ErrUnavailable, p.path)
	}
	if len(html) > MaxHTMLSize {
		return nil, fmt.Errorf("%w: html is %d bytes, the limit is %d", ErrTooLarge, len(html), MaxHTMLSize)
	}

	select {
	case p.slots <- struct{}{}:
		defer func() { <-p.slots }()
	case <-ctx.Done():
		return nil, fmt.Errorf("pdf: waiting for a chromium slot: %w", ctx.Err())
	}

	dir, err := os.MkdirTemp(p.tempDir, "haizhi-pdf-")
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	defer os.RemoveAll(dir)
	// Chromium needs an absolute file:// URL; MkdirTemp returns a relative path when
	// TempDir is relative.
	if dir, err = filepath.Abs(dir); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	in := filepath.Join(dir, "in.html")
	out := filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(in, withDefaults(html), 0o600); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}

	runCtx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	stderr := &tailBuffer{max: 16 << 10}
	cmd := exec.CommandContext(runCtx, p.path,
		"--headless",
		"--no-sandbox",
		"--disable-gpu",
		"--disable-dev-shm-usage", // /dev/shm is often tiny in containers
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--disable-extensions",
		"--disable-default-apps",
		"--no-first-run",
		"--no-default-browser-check",
		"--mute-audio",
		"--hide-scrollbars",
		// Even with the flags above Chromium asks Google for updates and accounts at
		// start-up; with no host resolving (IP literals included), neither those requests
		// nor anything the document links to leaves the machine.
		"--host-resolver-rules=MAP * ~NOTFOUND",
		"--no-pdf-header-footer",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--print-to-pdf="+out,
		fileURL(in),
	)
	// Chromium writes crash reports and certificate stores under $HOME and the XDG
	// directories; keep them in the temporary directory so a print leaves nothing behind
	// and works where the service user's home is read-only.
	cmd.Env = append(os.Environ(),
		"HOME="+dir,
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
	)
	cmd.Dir = dir
	cmd.Stderr = stderr
	killGroupOnCancel(cmd)
	// Chromium's helper processes inherit the stderr pipe; if one outlives the browser,
	// stop waiting for the pipe to close after a moment instead of hanging.
	cmd.WaitDelay = 2 * time.Second

	runErr := cmd.Run()
	// The browser normally takes its helpers with it; make sure of it, also after success.
	killGroup(cmd)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("pdf: chromium: %w", ctx.Err())
	}
	if runCtx.Err() != nil {
		return nil, fmt.Errorf("pdf: chromium did not finish within %v: %w%s", p.timeout, runCtx.Err(), stderr.lastLines())
	}
	// ErrWaitDelay means Chromium exited well but a helper kept the stderr pipe open
	// (killed above); the PDF is judged by itself below.
	if runErr != nil && !errors.Is(runErr, exec.ErrWaitDelay) {
		return nil, fmt.Errorf("pdf: chromium: %w%s", runErr, stderr.lastLines())
	}

	pdf, err := readPDF(out)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w%s", err, stderr.lastLines())
	}
	return pdf, nil
}

// fileURL returns the file:// URL of the absolute path name, escaped as a URL needs.
func fileURL(name string) string {
	path := filepath.ToSlash(name)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // C:/Users/… on Windows
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// readPDF reads the file Chromium printed to, refusing one larger than MaxPDFSize or one
// that is not a complete PDF.
func readPDF(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("chromium wrote no PDF: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() > MaxPDFSize {
		return nil, fmt.Errorf("%w: the PDF is %d bytes, the limit is %d", ErrTooLarge, fi.Size(), MaxPDFSize)
	}
	b := make([]byte, fi.Size())
	if _, err := f.ReadAt(b, 0); err != nil {
		return nil, fmt.Errorf("reading the PDF: %w", err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		return nil, fmt.Errorf("chromium wrote %d bytes that are not a PDF", len(b))
	}
	// A PDF ends with "%%EOF" and a line break or two; its absence means a truncated file.
	if !bytes.HasSuffix(bytes.TrimRight(b, "\r\n \t"), []byte("%%EOF")) {
		return nil, fmt.Errorf("chromium wrote an incomplete PDF of %d bytes", len(b))
	}
	return b, nil
}

// defaultsCSS makes A4 the page size. Placed before the document's own style sheets, it
// loses to any @page size they set.
const defaultsCSS = "<style>@page{size:A4}</style>"

// withDefaults returns html with a UTF-8 byte order mark, which outranks any charset the
// document declares (or Chromium guesses), and with defaultsCSS inserted after the doctype;
// inserted before it, the doctype would be ignored and the page laid out in quirks mode.
// The parser puts the style element into the head that the document's own <html> and
// <head> tags then continue.
func withDefaults(html []byte) []byte {
	bom := []byte("\xEF\xBB\xBF")
	html = bytes.TrimPrefix(html, bom)
	at := 0
	head := html[:min(len(html), 1024)]
	if i := bytes.Index(bytes.ToLower(head), []byte("<!doctype")); i >= 0 {
		if j := bytes.IndexByte(html[i:], '>'); j >= 0 {
			at = i + j + 1
		}
	}
	b := make([]byte, 0, len(bom)+len(html)+len(defaultsCSS))
	b = append(b, bom...)
	b = append(b, html[:at]...)
	b = append(b, defaultsCSS...)
	return append(b, html[at:]...)
}

// isExecutable reports whether name is a regular file with an execute bit set.
func isExecutable(name string) bool {
	if name == "" {
		return false
	}
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// tailBuffer keeps the last max bytes written to it: enough of Chromium's standard error
// to explain a failure without holding all of it.
type tailBuffer struct {
	max int
	mu  sync.Mutex
	b   []byte
}

// Write implements io.Writer; it never fails.
func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

// lastLines returns the last few meaningful lines of Chromium's standard error, prefixed
// by ": chromium said: ", or "" when there are none. It leaves out the D-Bus complaints
// every headless start on a server produces, and the Debian launcher's complaint about its
// own /dev/shm check, which would otherwise crowd out the cause.
func (t *tailBuffer) lastLines() string {
	const keep = 8
	t.mu.Lock()
	defer t.mu.Unlock()
	var lines []string
	for l := range strings.Lines(string(t.b)) {
		l = strings.TrimSpace(l)
		if l == "" || strings.Contains(l, "dbus/") || strings.Contains(l, "unexpected operator") {
			continue
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return ""
	}
	return ": chromium said: " + strings.Join(lines[max(0, len(lines)-keep):], " | ")
}
