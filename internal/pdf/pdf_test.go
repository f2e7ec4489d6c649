package pdf_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/haizhi-dev/haizhi/internal/pdf"
)

// chromiumPath returns the Chromium binary named by $HAIZHI_CHROMIUM and skips the test
// when the variable is unset; CI sets it to /usr/bin/chromium.
func chromiumPath(tb testing.TB) string {
	tb.Helper()
	path := os.Getenv("HAIZHI_CHROMIUM")
	if path == "" {
		tb.Skip("HAIZHI_CHROMIUM is not set")
	}
	if pdf.Find(path) == "" {
		tb.Fatalf("HAIZHI_CHROMIUM=%s is not an executable file", path)
	}
	return path
}

// mustPrint prints html with p and fails the test on an error or a result that is not a
// PDF.
func mustPrint(tb testing.TB, p *pdf.Printer, html string) []byte {
	tb.Helper()
	b, err := p.Print(context.Background(), []byte(html))
	if err != nil {
		tb.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		tb.Fatalf("result starts with %q, not %%PDF-", b[:min(len(b), 16)])
	}
	return b
}

// writeScript writes an executable shell script standing in for Chromium and returns its
// path.
func writeScript(tb testing.TB, body string) string {
	tb.Helper()
	if runtime.GOOS == "windows" {
		tb.Skip("needs a shell script as a stand-in for Chromium")
	}
	path := filepath.Join(tb.TempDir(), "fake-chromium")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		tb.Fatal(err)
	}
	return path
}

var (
	// pageObject matches a page object but not the /Pages tree above the pages.
	pageObject = regexp.MustCompile(`/Type\s*/Page\b[^s]`)
	mediaBox   = regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`)
	// fontName finds embedded fonts by their PostScript names, which Chromium writes
	// uncompressed in the font descriptors, after a subset tag: /AAAAAA+NotoSansCJKsc-Regular.
	fontName = regexp.MustCompile(`/FontName\s*/[A-Z]{6}\+([A-Za-z0-9-]+)`)
	// userDataDir finds the profile of a Chromium process: one per browser and its helpers.
	userDataDir = regexp.MustCompile(`--user-data-dir=(\S+)`)
)

// pageCount counts the page objects in b.
func pageCount(b []byte) int { return len(pageObject.FindAll(b, -1)) }

// firstPageSize returns the width and height in points of the first MediaBox in b.
func firstPageSize(tb testing.TB, b []byte) (w, h float64) {
	tb.Helper()
	m := mediaBox.FindSubmatch(b)
	if m == nil {
		tb.Fatal("no /MediaBox in the PDF")
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	return w, h
}

// fontNames lists the embedded fonts of b.
func fontNames(b []byte) []string {
	var names []string
	for _, m := range fontName.FindAllSubmatch(b, -1) {
		names = append(names, string(m[1]))
	}
	return names
}

var (
	// stream finds the content of a PDF stream object.
	stream = regexp.MustCompile(`(?s)stream\r?\n(.*?)endstream`)
	// bfchar and bfrange find the mappings of a ToUnicode CMap: <glyph> <text> and
	// <first glyph> <last glyph> <text of the first>.
	bfchar      = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
	bfrange     = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
	cmapSection = regexp.MustCompile(`(?s)begin(bfchar|bfrange)(.*?)end(?:bfchar|bfrange)`)
)

// textRunes returns the characters that the text of b is made of, read from the ToUnicode
// maps of its fonts: a subset font maps just the glyphs used on the pages back to the
// characters they show, so a character is there only if it was typeset.
func textRunes(tb testing.TB, b []byte) map[rune]bool {
	tb.Helper()
	runes := map[rune]bool{}
	add := func(h []byte) {
		raw, err := hex.DecodeString(string(h))
		if err != nil || len(raw)%2 != 0 {
			return
		}
		units := make([]uint16, len(raw)/2)
		for i := range units {
			units[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
		}
		for _, r := range utf16.Decode(units) {
			runes[r] = true
		}
	}
	for _, m := range stream.FindAllSubmatch(b, -1) {
		zr, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		var cmap bytes.Buffer
		_, err = cmap.ReadFrom(zr)
		if err != nil || !bytes.Contains(cmap.Bytes(), []byte("begincmap")) {
			continue
		}
		for _, sec := range cmapSection.FindAllSubmatch(cmap.Bytes(), -1) {
			if string(sec[1]) == "bfchar" {
				for _, e := range bfchar.FindAllSubmatch(sec[2], -1) {
					add(e[2])
				}
				continue
			}
			for _, e := range bfrange.FindAllSubmatch(sec[2], -1) {
				lo, err1 := strconv.ParseUint(string(e[1]), 16, 32)
				hi, err2 := strconv.ParseUint(string(e[2]), 16, 32)
				first, err3 := strconv.ParseUint(string(e[3]), 16, 32)
				if err1 != nil || err2 != nil || err3 != nil || hi < lo || hi-lo > 0xFFFF {
					continue
				}
				for r := first; r <= first+hi-lo; r++ {
					runes[rune(r)] = true
				}
			}
		}
	}
	return runes
}

// missingText returns the characters of s, spaces aside, that are not in the text of b.
//
// Chromium (Skia) maps a glyph back to a single character, and Noto CJK shares the glyphs
// of some common ideographs with Kangxi and other radicals: 一 二 人 大 目 页 come out as
// ⼀ ⼆ ⼈ ⼤ ⽬ ⻚. Such characters print correctly but cannot be found this way, so the
// tests look for others.
func missingText(tb testing.TB, b []byte, s string) string {
	tb.Helper()
	have := textRunes(tb, b)
	var missing []rune
	for _, r := range s {
		if r != ' ' && !have[r] {
			missing = append(missing, r)
		}
	}
	return string(missing)
}

// hasCJKFont reports whether one of b's embedded fonts is from Noto CJK, which is the only
// installed font with Chinese glyphs, so Chinese text that reached the page uses it.
func hasCJKFont(b []byte) bool {
	for _, n := range fontNames(b) {
		if strings.HasPrefix(n, "Noto") && strings.Contains(n, "CJK") {
			return true
		}
	}
	return false
}

const scoreSheet = `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>§ 决赛评分表 Final score sheet</title>
<style>body { font-family: sans-serif } table { border-collapse: collapse } td, th { border: 1px solid #000; padding: 4px }</style>
</head>
<body>
<h1>海外人才创新创业大赛 · 决赛评分表</h1>
<h2>Overseas Talent Innovation Competition · Final score sheet</h2>
<table>
<tr><th>序号 No.</th><th>项目名称 Project</th><th>评分 Score</th></tr>
<tr><td>1</td><td>智能制造视觉检测 Machine-vision inspection</td><td></td></tr>
<tr><td>2</td><td>新型锂电池材料 Novel lithium battery materials</td><td></td></tr>
</table>
<p>评委签名 Judge's signature: ________</p>
</body>
</html>`

// TestPrintChineseAndEnglish prints a bilingual score sheet and checks that the result is
// one A4 page whose Chinese text is set in Noto CJK, that is, that the Chinese reached the
// page as glyphs and not as empty boxes.
func TestPrintChineseAndEnglish(t *testing.T) {
	p := pdf.New(pdf.Config{Path: chromiumPath(t)})
	start := time.Now()
	b := mustPrint(t, p, scoreSheet)
	t.Logf("Print took %v for %d bytes of PDF; fonts %v", time.Since(start).Round(time.Millisecond), len(b), fontNames(b))

	if !hasCJKFont(b) {
		t.Errorf("no Noto CJK font embedded; fonts: %v", fontNames(b))
	}
	if m := missingText(t, b, "海外才创新创业赛决评分表项名称签 Overseas Talent Final score sheet"); m != "" {
		t.Errorf("characters %q are not in the PDF's text", m)
	}
	if n := pageCount(b); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	// A4 is 210 mm × 297 mm, 595.28 × 841.89 points.
	if w, h := firstPageSize(t, b); w < 594 || w > 596 || h < 841 || h > 843 {
		t.Errorf("page is %v × %v points, want A4 (595 × 842)", w, h)
	}
	// Chromium's header shows the title, whose § the page itself does not.
	if textRunes(t, b)['§'] {
		t.Error("the PDF has the document's title on the page: Chromium printed a header")
	}
}

// TestPrintDocumentDecides checks what the document itself controls, its @page size over
// the A4 default and its page breaks, and what it does not: it is read as UTF-8 even when
// it declares another charset. It also prints from a temporary directory whose name needs
// escaping in a file:// URL.
func TestPrintDocumentDecides(t *testing.T) {
	tmp := filepath.Join(t.TempDir(), "print #1 评分%20")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	p := pdf.New(pdf.Config{Path: chromiumPath(t), TempDir: tmp})
	b := mustPrint(t, p, `<!doctype html><html><head><meta charset="windows-1252">
<style>@page { size: A4 landscape; margin: 10mm } section { break-after: page }</style></head>
<body><section>评分表 第一页 Page one</section><section>评分表 第二页 Page two</section><section>评分表 第三页 Page three</section></body></html>`)

	if w, h := firstPageSize(t, b); w < 841 || w > 843 || h < 594 || h > 596 {
		t.Errorf("page is %v × %v points, want A4 landscape (842 × 595)", w, h)
	}
	if n := pageCount(b); n != 3 {
		t.Errorf("%d pages, want 3", n)
	}
	// Read as windows-1252, 评分表 would be the mojibake è¯„åˆ†è¡¨.
	if m := missingText(t, b, "评分表第三"); m != "" {
		t.Errorf("characters %q are not in the PDF's text: the UTF-8 was misread", m)
	}
	if have := textRunes(t, b); have['è'] || have['å'] {
		t.Error("the PDF's text has mojibake: the UTF-8 was read as windows-1252")
	}
}

// TestPrintWithoutNetwork prints a document that links to a server on this machine and
// checks that Chromium fetched nothing from it and still printed.
func TestPrintWithoutNetwork(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
	}))
	defer srv.Close()
	p := pdf.New(pdf.Config{Path: chromiumPath(t)})
	mustPrint(t, p, fmt.Sprintf(`<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="%[1]s/style.css"></head>
<body><img src="%[1]s/logo.png"><img src="%[2]s/logo.png">评分表</body></html>`,
		srv.URL, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)))
	if n := hits.Load(); n != 0 {
		t.Errorf("Chromium made %d requests to a local server", n)
	}
}

// TestPrintUnavailable checks that a Printer without a usable Chromium says so, with
// ErrUnavailable, both through Available and through Print.
func TestPrintUnavailable(t *testing.T) {
	dir := t.TempDir()
	notExecutable := filepath.Join(dir, "chromium")
	if err := os.WriteFile(notExecutable, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var none *pdf.Printer
	if none.Available() {
		t.Error("Available() of a nil Printer is true")
	}
	if _, err := none.Print(context.Background(), []byte("<!doctype html><p>x")); !errors.Is(err, pdf.ErrUnavailable) {
		t.Errorf("Print of a nil Printer: error %v, want ErrUnavailable", err)
	}
	for _, path := range []string{"", filepath.Join(dir, "missing"), notExecutable, dir} {
		p := pdf.New(pdf.Config{Path: path})
		if p.Available() {
			t.Errorf("Available() with Path %q is true", path)
		}
		_, err := p.Print(context.Background(), []byte("<!doctype html><p>x"))
		if !errors.Is(err, pdf.ErrUnavailable) {
			t.Errorf("Print with Path %q: error %v, want ErrUnavailable", path, err)
		}
	}
}

// TestFind checks that Find skips what is not an executable file and keeps the order of
// its candidates.
func TestFind(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain")
	if err := os.WriteFile(plain, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	first, second := writeScript(t, ""), writeScript(t, "")
	if got := pdf.Find(filepath.Join(dir, "missing"), dir, plain, first, second); got != first {
		t.Errorf("Find = %q, want %q", got, first)
	}
	if got := pdf.Find(plain, dir); got != "" {
		t.Errorf("Find without an executable = %q, want \"\"", got)
	}
	if got := pdf.Find(); got != "" {
		t.Errorf("Find() = %q, want \"\"", got)
	}
	if len(pdf.DefaultCandidates()) == 0 {
		t.Error("DefaultCandidates is empty")
	}
}

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
