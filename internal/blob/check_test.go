package blob_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/blob"
)

// samplePDF returns a file of n bytes (n ≥ 64) that starts like a real PDF.
func samplePDF(n int) []byte {
	b := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
	for len(b) < n {
		b = append(b, "% padding line of the sample document\n"...)
	}
	return b[:n]
}

func samplePNG() []byte {
	return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"),
		bytes.Repeat([]byte{0}, 40)...)
}

func sampleJPEG() []byte {
	return append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"), bytes.Repeat([]byte{0x20}, 40)...)
}

func sampleGIF() []byte {
	return append([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00"), bytes.Repeat([]byte{0}, 30)...)
}

func sampleWebP() []byte {
	return append([]byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"), bytes.Repeat([]byte{0}, 30)...)
}

// sampleOOXML returns a small real zip shaped like an Office Open XML file.
func sampleOOXML(tb testing.TB, part string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", part} {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><x/>`)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestCheckAccepts(t *testing.T) {
	xlsx := sampleOOXML(t, "xl/workbook.xml")
	docx := sampleOOXML(t, "word/document.xml")
	big := samplePDF(100_000)
	tests := []struct {
		name        string
		file        string
		body        []byte
		allowed     []blob.Kind
		kind        blob.Kind
		ext         string
		contentType string
	}{
		{"pdf", "商业计划书.pdf", samplePDF(200), []blob.Kind{blob.PDF}, blob.PDF, ".pdf", "application/pdf"},
		{"pdf upper-case ext", "PLAN.PDF", samplePDF(200), []blob.Kind{blob.PDF}, blob.PDF, ".pdf", "application/pdf"},
		{"pdf larger than sniff", "plan.pdf", big, []blob.Kind{blob.PDF}, blob.PDF, ".pdf", "application/pdf"},
		{"png", "logo.png", samplePNG(), []blob.Kind{blob.Image}, blob.Image, ".png", "image/png"},
		{"jpg", "photo.jpg", sampleJPEG(), []blob.Kind{blob.Image}, blob.Image, ".jpg", "image/jpeg"},
		{"jpeg", "photo.JPEG", sampleJPEG(), []blob.Kind{blob.Image}, blob.Image, ".jpeg", "image/jpeg"},
		{"gif", "anim.gif", sampleGIF(), []blob.Kind{blob.Image}, blob.Image, ".gif", "image/gif"},
		{"webp", "pic.webp", sampleWebP(), []blob.Kind{blob.Image}, blob.Image, ".webp", "image/webp"},
		{"xlsx", "report.xlsx", xlsx, []blob.Kind{blob.Spreadsheet}, blob.Spreadsheet, ".xlsx",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"docx", "cv.docx", docx, []blob.Kind{blob.Document, blob.PDF}, blob.Document, ".docx",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"no kinds means all", "a.png", samplePNG(), nil, blob.Image, ".png", "image/png"},
		{"windows path", `C:\Users\李雷\Desktop\plan.pdf`, samplePDF(100), []blob.Kind{blob.PDF}, blob.PDF, ".pdf", "application/pdf"},
		{"exactly the limit", "limit.pdf", samplePDF(4096), []blob.Kind{blob.PDF}, blob.PDF, ".pdf", "application/pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit := int64(200_000)
			if tt.name == "exactly the limit" {
				limit = 4096
			}
			c, r, err := blob.Check(bytes.NewReader(tt.body), tt.file, limit, tt.allowed...)
			if err != nil {
				t.Fatalf("Check = %v", err)
			}
			if c.Kind != tt.kind || c.Ext != tt.ext || c.ContentType != tt.contentType {
				t.Errorf("Check = %+v, want kind %s ext %s type %s", c, tt.kind, tt.ext, tt.contentType)
			}
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatalf("reading checked upload: %v", err)
			}
			if !bytes.Equal(got, tt.body) {
				t.Errorf("checked reader gave %d bytes, want the %d uploaded", len(got), len(tt.body))
			}
		})
	}
}

func TestCheckRefuses(t *testing.T) {
	html := []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
	tests := []struct {
		name    string
		file    string
		body    []byte
		limit   int64
		allowed []blob.Kind
		code    string
		key     string
	}{
		{"html named pdf", "plan.pdf", html, 1 << 20, []blob.Kind{blob.PDF}, haizhi.EINVALID, "error.file_type"},
		{"png named pdf", "plan.pdf", samplePNG(), 1 << 20, []blob.Kind{blob.PDF}, haizhi.EINVALID, "error.file_type"},
		{"zip named pdf", "plan.pdf", sampleOOXML(t, "xl/workbook.xml"), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"pdf after whitespace", "plan.pdf", append([]byte("  \n"), samplePDF(100)...), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"pdf magic later", "plan.pdf", append([]byte("<html>"), samplePDF(100)...), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"text named pdf", "plan.pdf", []byte("%PDX-1.7 not really"), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"pdf named png", "logo.png", samplePDF(100), 1 << 20, []blob.Kind{blob.Image}, haizhi.EINVALID, "error.file_type"},
		{"jpeg named png", "logo.png", sampleJPEG(), 1 << 20, []blob.Kind{blob.Image}, haizhi.EINVALID, "error.file_type"},
		{"riff not webp", "pic.webp", append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), make([]byte, 30)...), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"pdf named xlsx", "report.xlsx", samplePDF(100), 1 << 20, []blob.Kind{blob.Spreadsheet}, haizhi.EINVALID, "error.file_type"},
		{"html named docx", "cv.docx", html, 1 << 20, []blob.Kind{blob.Document}, haizhi.EINVALID, "error.file_type"},
		{"kind not allowed", "logo.png", samplePNG(), 1 << 20, []blob.Kind{blob.PDF}, haizhi.EINVALID, "error.file_type"},
		{"docx where spreadsheet wanted", "cv.docx", sampleOOXML(t, "word/document.xml"), 1 << 20, []blob.Kind{blob.Spreadsheet}, haizhi.EINVALID, "error.file_type"},
		{"unknown extension", "setup.exe", []byte("MZ\x90\x00"), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"legacy xls", "old.xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"svg image", "logo.svg", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"no extension", "plan", samplePDF(100), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"double extension", "plan.pdf.exe", samplePDF(100), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"right-to-left override", "plan\u202Efdp.exe", samplePDF(100), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"empty name", "", samplePDF(100), 1 << 20, nil, haizhi.EINVALID, "error.file_type"},
		{"empty file", "plan.pdf", nil, 1 << 20, []blob.Kind{blob.PDF}, haizhi.EINVALID, "error.required"},
		{"head over limit", "plan.pdf", samplePDF(600), 100, []blob.Kind{blob.PDF}, haizhi.ETOOLARGE, "error.file_too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, r, err := blob.Check(bytes.NewReader(tt.body), tt.file, tt.limit, tt.allowed...)
			if haizhi.ErrorCode(err) != tt.code || haizhi.ErrorKey(err) != tt.key {
				t.Fatalf("Check = %v, want %s %s", err, tt.code, tt.key)
			}
			if r != nil {
				t.Errorf("Check refused but returned a reader")
			}
		})
	}
}

func TestCheckStreamingLimit(t *testing.T) {
	for _, size := range []int{4097, 5000, 1 << 20} {
		_, r, err := blob.Check(bytes.NewReader(samplePDF(size)), "plan.pdf", 4096, blob.PDF)
		if err != nil {
			t.Fatalf("size %d: Check = %v (the head is under the limit, so Check must pass)", size, err)
		}
		n, err := io.Copy(io.Discard, r)
		if haizhi.ErrorCode(err) != haizhi.ETOOLARGE || haizhi.ErrorKey(err) != "error.file_too_large" {
			t.Fatalf("size %d: reading = %v, want ETOOLARGE error.file_too_large", size, err)
		}
		if n > 4096 {
			t.Errorf("size %d: %d bytes passed a 4096-byte limit", size, n)
		}
		// The error sticks.
		if _, err := r.Read(make([]byte, 10)); haizhi.ErrorCode(err) != haizhi.ETOOLARGE {
			t.Errorf("size %d: Read after the limit = %v, want ETOOLARGE again", size, err)
		}
	}
}

// endless is a PDF that never ends; it counts what is pulled from it.
type endless struct{ pulled int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.pulled == 0 && len(p) >= 5 {
		copy(p, "%PDF-")
		for i := 5; i < len(p); i++ {
			p[i] = 'x'
		}
	} else {
		for i := range p {
			p[i] = 'x'
		}
	}
	e.pulled += int64(len(p))
	return len(p), nil
}

func TestCheckDoesNotBuffer(t *testing.T) {
	src := &endless{}
	const limit = 8 << 20
	_, r, err := blob.Check(src, "huge.pdf", limit, blob.PDF)
	if err != nil {
		t.Fatalf("Check = %v", err)
	}
	if src.pulled > blob.SniffLen {
		t.Errorf("Check pulled %d bytes before the caller read anything, want ≤ %d", src.pulled, blob.SniffLen)
	}
	buf := make([]byte, 32<<10)
	var total int64
	for {
		n, err := r.Read(buf)
		total += int64(n)
		if err != nil {
			if haizhi.ErrorCode(err) != haizhi.ETOOLARGE {
				t.Fatalf("reading endless upload = %v, want ETOOLARGE", err)
			}
			break
		}
	}
	if total != limit {
		t.Errorf("passed %d bytes, want exactly the limit %d", total, limit)
	}
	if src.pulled > limit+int64(len(buf)) {
		t.Errorf("pulled %d bytes from the source for a %d limit", src.pulled, limit)
	}
}

func TestCheckName(t *testing.T) {
	long := strings.Repeat("很长的文件名", 50) + ".pdf"
	tests := map[string]string{
		"plan.pdf":                   "plan.pdf",
		`C:\fakepath\商业计划书.pdf`:      "商业计划书.pdf",
		"../../etc/plan.pdf":         "plan.pdf",
		"  spaced name.pdf  ":        "spaced name.pdf",
		"quo\"te\r\n.pdf":            "quote.pdf",
		"evil\u202Efdp.pdf":          "evilfdp.pdf",
		"bad\xffutf8.pdf":            "badutf8.pdf",
		long:                         string([]rune(long)[:196]) + ".pdf",
		"dir/sub/Report 2026 Q1.PDF": "Report 2026 Q1.PDF",
	}
	for in, want := range tests {
		c, _, err := blob.Check(bytes.NewReader(samplePDF(100)), in, 1<<20)
		if err != nil {
			t.Errorf("Check(%q) = %v", in, err)
			continue
		}
		if c.Name != want {
			t.Errorf("Check(%q).Name = %q, want %q", in, c.Name, want)
		}
	}
}

func TestCheckBadArguments(t *testing.T) {
	if _, _, err := blob.Check(bytes.NewReader(samplePDF(100)), "a.pdf", 0); err == nil {
		t.Error("Check with limit 0 succeeded")
	}
	boom := errors.New("network gone")
	_, _, err := blob.Check(errReader{boom}, "a.pdf", 100)
	if !errors.Is(err, boom) {
		t.Errorf("Check with failing reader = %v, want it to wrap %v", err, boom)
	}
}
