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
