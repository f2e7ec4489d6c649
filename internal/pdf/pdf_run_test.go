package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi/internal/pdf"
)

// TestPrintTooLarge checks that an oversized document is refused before anything is
// started or written: the stand-in for Chromium leaves a mark when it runs.
func TestPrintTooLarge(t *testing.T) {
	mark := filepath.Join(t.TempDir(), "ran")
	tmp := t.TempDir()
	p := pdf.New(pdf.Config{Path: writeScript(t, "touch "+mark+"\n"), TempDir: tmp})
	html := append([]byte("<!doctype html><p>"), bytes.Repeat([]byte("评"), pdf.MaxHTMLSize/3)...)

	_, err := p.Print(context.Background(), html)
	if !errors.Is(err, pdf.ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	if _, err := os.Stat(mark); err == nil {
		t.Error("Chromium was started for a document over the limit")
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("temporary directory has %d entries, want none", len(entries))
	}
}

// TestPrintFailures checks, with stand-ins for Chromium, that a failed run is reported
// with what Chromium said on its standard error, that a file that is not a PDF is not
// returned as one, and that nothing is left in the temporary directory.
func TestPrintFailures(t *testing.T) {
	// writeOut writes its argument to the --print-to-pdf file.
	const writeOut = `for a in "$@"; do case "$a" in --print-to-pdf=*) printf '%s' "$1" > "${a#--print-to-pdf=}";; esac; done` + "\n"
	tests := []struct {
		name   string
		script string
		want   string
	}{
		{"exit status", "echo '[1:1:ERROR:dbus/bus.cc] Failed to connect to the bus' >&2\necho 'Trace/breakpoint trap: no usable font' >&2\nexit 133\n", "no usable font"},
		{"no output", "exit 0\n", "wrote no PDF"},
		{"not a PDF", "set -- '<html>oops</html>' \"$@\"\n" + writeOut, "not a PDF"},
		{"truncated", "set -- '%PDF-1.4\n1 0 obj' \"$@\"\n" + writeOut, "incomplete PDF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			p := pdf.New(pdf.Config{Path: writeScript(t, tt.script), TempDir: tmp})
			b, err := p.Print(context.Background(), []byte("<!doctype html><p>x"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Print = %d bytes, error %v; want an error containing %q", len(b), err, tt.want)
			}
			if strings.Contains(err.Error(), "dbus") {
				t.Errorf("error %q repeats D-Bus noise", err)
			}
			if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
				t.Errorf("temporary directory has %d entries after the failure, want none", len(entries))
			}
		})
	}
	t.Run("success", func(t *testing.T) {
		p := pdf.New(pdf.Config{Path: writeScript(t, "set -- '%PDF-1.4\n%%EOF\n' \"$@\"\n"+writeOut)})
		if b := mustPrint(t, p, "<!doctype html><p>x"); string(b) != "%PDF-1.4\n%%EOF\n" {
			t.Errorf("Print = %q, want the stand-in's file", b)
		}
	})
}

// TestPrintStops checks that a print cut short by its context or by the Printer's timeout
// returns promptly with the right error and leaves no Chromium process behind: not the
// browser's process group, and not the crash handlers, which run in groups of their own
// and leave once the browser has gone.
func TestPrintStops(t *testing.T) {
	path := chromiumPath(t)
	if runtime.GOOS != "linux" {
		t.Skip("inspects /proc")
	}
	// Chromium's helpers die with the browser, but a launcher script that does not exec
	// the browser (Debian's does) would keep it alive when only the script were killed.
	wrapper := writeScript(t, path+` "$@"`+"\n")
	tests := []struct {
		name    string
		path    string
		timeout time.Duration // of the Printer; 0 means the test cancels instead
		want    error
	}{
		{"cancelled", path, 0, context.Canceled},
		{"timed out", path, 1500 * time.Millisecond, context.DeadlineExceeded},
		{"cancelled through a launcher", wrapper, 0, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			p := pdf.New(pdf.Config{Path: tt.path, TempDir: tmp, Timeout: tt.timeout})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			start := time.Now()
			go func() {
				// The script keeps the page from ever loading, so Chromium never prints and
				// only the kill can end it.
				_, err := p.Print(ctx, []byte(`<!doctype html><p>评分表</p><script>for (;;) {}</script>`))
				done <- err
			}()

			// Wait until Chromium has started a renderer, so that there is a tree of
			// processes to stop, or, for the timeout, until it has been stopped anyway.
			groups := map[int]bool{}
			seen := map[int]bool{}
			renderer := false
			var err error
			returned := false
			for deadline := time.Now().Add(20 * time.Second); !renderer && !returned; {
				if time.Now().After(deadline) {
					t.Fatal("no Chromium renderer appeared within 20s")
				}
				select {
				case err = <-done:
					returned = true
				case <-time.After(10 * time.Millisecond):
				}
				for _, pr := range processesMentioning(tmp) {
					groups[pr.pgid] = true
					seen[pr.pid] = true
					renderer = renderer || strings.Contains(pr.cmdline, "--type=renderer")
				}
			}
			if len(seen) == 0 {
				t.Fatalf("Print returned %v before any Chromium process was seen", err)
			}
			t.Logf("saw %d Chromium processes in %d process groups (renderer: %v)", len(seen), len(groups), renderer)
			if groups[ownGroup()] {
				t.Fatal("Chromium runs in the test's own process group")
			}

			var stopped time.Time
			if tt.timeout == 0 {
				if returned {
					t.Fatalf("Print returned %v before it was cancelled", err)
				}
				cancel()
				stopped = time.Now()
			} else {
				stopped = start.Add(tt.timeout)
			}
			if !returned {
				select {
				case err = <-done:
				case <-time.After(tt.timeout + 10*time.Second):
					t.Fatal("Print did not return after it was stopped")
				}
			}
			late := time.Since(stopped)
			t.Logf("Print returned %v after being stopped: %v", late.Round(time.Millisecond), err)
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if late > 3*time.Second {
				t.Errorf("Print returned %v after being stopped, want within 3s", late)
			}

			// Killed processes are gone at once, bar reaping; the crash handlers notice
			// that the browser is gone and exit by themselves a moment later.
			var left []process
			for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				left = nil
				for _, pr := range allProcesses() {
					if pr.state != 'Z' && (groups[pr.pgid] || strings.Contains(pr.cmdline+pr.environ, tmp)) {
						left = append(left, pr)
					}
				}
				if len(left) == 0 {
					break
				}
			}
			for _, pr := range left {
				t.Errorf("process %d (group %d) still running: %.120s", pr.pid, pr.pgid, pr.cmdline)
			}
		})
	}
}

// TestPrintConcurrently prints three documents at once with room for one Chromium and
// checks that all succeed and that no two browsers ever ran at the same time.
func TestPrintConcurrently(t *testing.T) {
	path := chromiumPath(t)
	if testing.Short() {
		t.Skip("prints three documents one after another")
	}
	tmp := t.TempDir()
	p := pdf.New(pdf.Config{Path: path, TempDir: tmp, MaxProcesses: 1})

	var most atomic.Int32
	stop := make(chan struct{})
	var watching sync.WaitGroup
	if runtime.GOOS == "linux" {
		watching.Go(func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				dirs := map[string]bool{}
				for _, pr := range processesMentioning(tmp) {
					if m := userDataDir.FindStringSubmatch(pr.cmdline); m != nil {
						dirs[m[1]] = true
					}
				}
				if n := int32(len(dirs)); n > most.Load() {
					most.Store(n)
				}
			}
		})
	}

	var printing sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		printing.Go(func() {
			_, errs[i] = p.Print(context.Background(), []byte(scoreSheet))
		})
	}
	printing.Wait()
	close(stop)
	watching.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("print %d: %v", i, err)
		}
	}
	if n := most.Load(); n > 1 {
		t.Errorf("%d Chromium browsers ran at once, want at most 1", n)
	}
}

// BenchmarkPrint measures one score sheet from Chromium's start to the PDF's bytes.
func BenchmarkPrint(b *testing.B) {
	p := pdf.New(pdf.Config{Path: chromiumPath(b)})
	for b.Loop() {
		mustPrint(b, p, scoreSheet)
	}
}

// process is what the tests need to know of a running process.
type process struct {
	pid, pgid int
	state     byte
	cmdline   string
	environ   string
}

// allProcesses lists the processes in /proc; processes that end while it reads are left
// out.
func allProcesses() []process {
	entries, _ := os.ReadDir("/proc")
	var ps []process
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		dir := filepath.Join("/proc", e.Name())
		stat, err := os.ReadFile(filepath.Join(dir, "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp …; comm may contain spaces and parentheses.
		rest := stat[bytes.LastIndexByte(stat, ')')+1:]
		f := strings.Fields(string(rest))
		if len(f) < 3 {
			continue
		}
		pgid, _ := strconv.Atoi(f[2])
		cmdline, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
		environ, _ := os.ReadFile(filepath.Join(dir, "environ"))
		ps = append(ps, process{
			pid:     pid,
			pgid:    pgid,
			state:   f[0][0],
			cmdline: string(bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '})),
			environ: string(bytes.ReplaceAll(environ, []byte{0}, []byte{' '})),
		})
	}
	return ps
}

// processesMentioning lists the live processes whose command line or environment
// contains s.
func processesMentioning(s string) []process {
	var ps []process
	for _, pr := range allProcesses() {
		if pr.state != 'Z' && strings.Contains(pr.cmdline+pr.environ, s) {
			ps = append(ps, pr)
		}
	}
	return ps
}

// ownGroup returns the test process's group, read from /proc to keep this file free of
// the Unix-only syscall package.
func ownGroup() int {
	for _, pr := range allProcesses() {
		if pr.pid == os.Getpid() {
			return pr.pgid
		}
	}
	return -1
}
