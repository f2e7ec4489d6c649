package sheet_test

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sheet"
)

type status string

func TestWriterReadRoundTrip(t *testing.T) {
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, haizhi.Shanghai)
	at := time.Date(2024, 5, 1, 6, 30, 0, 0, time.UTC) // 14:30 in Beijing
	headers := []string{"编号 Code", "项目名称", "Count", "Big", "Amount", "Date", "At", "Flag", "Status", "Empty"}
	b := MustWorkbook(t, headers,
		[]any{"E-001", "海智 · 深海机器人 🚀", 42, int64(1 << 40), 3.25, day, at, true, status("open"), nil},
		[]any{" padded ", "line\nbreak", -7, int64(0), 0.1, &day, time.Time{}, false, status("closed"), math.NaN()},
		[]any{"", "ctl\x01char", uint8(3), int32(9), float32(1.5), nil, nil, nil, nil, ""},
	)
	tb := mustRead(t, b)
	if got := strings.Join(tb.Headers, "|"); got != strings.Join(headers, "|") {
		t.Fatalf("headers = %q", tb.Headers)
	}
	if len(tb.Rows) != 3 {
		t.Fatalf("rows = %d, want 3", len(tb.Rows))
	}
	r := tb.Rows[0]
	if r.Number != 2 {
		t.Errorf("first row number = %d, want 2", r.Number)
	}
	want := []string{"E-001", "海智 · 深海机器人 🚀", "42", "1099511627776", "3.25", "45413", "", "1", "open"}
	for i, w := range want {
		if i == 6 {
			continue
		}
		if got := r.Cell(i); got != w {
			t.Errorf("row 2 cell %d (%s) = %q, want %q", i, headers[i], got, w)
		}
	}
	if got, ok := sheet.ParseDate(r.Cell(5)); !ok || !got.Equal(day) {
		t.Errorf("date cell %q parses to %v %v, want %v", r.Cell(5), got, ok, day)
	}
	if got, ok := sheet.ParseDate(r.Cell(6)); !ok || !got.Equal(at) {
		t.Errorf("date-time cell %q parses to %v %v, want %v", r.Cell(6), got, ok, at)
	}
	r = tb.Rows[1]
	if r.Cells[0] != " padded " || r.Cell(0) != "padded" {
		t.Errorf("Cells keep spaces, Cell trims: %q %q", r.Cells[0], r.Cell(0))
	}
	if r.Cell(1) != "line\nbreak" || r.Cell(3) != "0" || r.Cell(6) != "" || r.Cell(7) != "0" {
		t.Errorf("row 3 = %q", r.Cells)
	}
	if len(r.Cells) != 9 {
		t.Errorf("NaN should leave the last cell empty and trimmed: %q", r.Cells)
	}
	r = tb.Rows[2]
	if r.Cell(0) != "" || r.Cell(2) != "3" || r.Cell(4) != "1.5" || r.Cell(99) != "" || r.Cell(-1) != "" {
		t.Errorf("row 4 = %q", r.Cells)
	}
	if !strings.HasPrefix(r.Cell(1), "ctl") {
		t.Errorf("control character cell = %q", r.Cell(1))
	}
	if i := tb.Index("project name", "项目名称"); i != 1 {
		t.Errorf("Index(项目名称) = %d", i)
	}
	if i := tb.Index(" CODE "); i != -1 {
		t.Errorf("Index(CODE) = %d, want -1 (the heading is 编号 Code)", i)
	}
	if i := tb.Index("编号code", "x"); i != 0 {
		t.Errorf("Index(编号code) = %d", i)
	}
}

func TestWriterLayout(t *testing.T) {
	var buf bytes.Buffer
	w := sheet.NewWriter(&buf)
	if err := w.Row("x"); err == nil {
		t.Fatal("Row before Sheet: no error")
	}
	cols := []sheet.Column{{Header: "项目名称", Width: 40}, {Header: "Code"}}
	if err := w.Sheet("Entries", cols); err != nil {
		t.Fatal(err)
	}
	if err := w.Row("a", struct{}{}); err == nil {
		t.Fatal("a struct cell: no error")
	}
	if err := w.Row("a", "b"); err != nil {
		t.Fatal(err)
	}
	if err := w.Sheet("entries", cols); err == nil {
		t.Fatal("duplicate sheet name: no error")
	}
	if err := w.Sheet("Bad/Name", cols); err == nil {
		t.Fatal("sheet name with a slash: no error")
	}
	if err := w.Sheet("Second", cols[:1]); err != nil {
		t.Fatal(err)
	}
	if err := w.Row("第二"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err == nil {
		t.Fatal("second Close: no error")
	}

	f := MustOpen(t, buf.Bytes())
	if got := f.GetSheetList(); strings.Join(got, ",") != "Entries,Second" {
		t.Fatalf("sheets = %v", got)
	}
	panes, err := f.GetPanes("Entries")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, %v; want the first row frozen", panes, err)
	}
	id, _ := f.GetCellStyle("Entries", "A1")
	st, err := f.GetStyle(id)
	if err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("heading style = %+v, %v; want bold", st, err)
	}
	if wd, _ := f.GetColWidth("Entries", "A"); wd != 40 {
		t.Errorf("width A = %v, want 40", wd)
	}
	if wd, _ := f.GetColWidth("Entries", "B"); wd < 10 {
		t.Errorf("width B = %v, want a default of at least 10", wd)
	}
	second, err := sheet.Read(bytes.NewReader(buf.Bytes()), "SECOND", sheet.Limits{})
	if err != nil || len(second.Rows) != 1 || second.Rows[0].Cell(0) != "第二" {
		t.Fatalf("Read(SECOND) = %+v, %v", second, err)
	}
}

// exportRow is a row of twenty values of the kinds an entries export holds.
func exportRow(i int, day time.Time) []any {
	return []any{
		fmt.Sprintf("E-%06d", i), "深海探测机器人项目", "Deep-sea exploration robot", i, int64(i) * 1000,
		float64(i) / 3, day, day.Add(time.Duration(i) * time.Minute), i%2 == 0, "上海市浦东新区",
		"人工智能", "Artificial intelligence", "张三", "zhang.san@example.com", "+86 138 0013 8000",
		"初赛 Preliminary", 87.5, "已提交", "https://example.com/entries/" + fmt.Sprint(i), "备注：无",
	}
}

func benchmarkWrite(b *testing.B, rows int) {
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, haizhi.Shanghai)
	cols := make([]sheet.Column, 20)
	for i := range cols {
		cols[i] = sheet.Column{Header: fmt.Sprintf("列 %d", i+1)}
	}
	vals := make([][]any, 1000)
	for i := range vals {
		vals[i] = exportRow(i, day)
	}
	b.ReportAllocs()
	peak, stop := sampleHeap()
	var size int64
	for b.Loop() {
		cw := &countingWriter{}
		w := sheet.NewWriter(cw)
		if err := w.Sheet("Entries", cols); err != nil {
			b.Fatal(err)
		}
		for i := range rows {
			if err := w.Row(vals[i%len(vals)]...); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	stop()
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(size)/(1<<20), "xlsx-MB")
}

// sampleHeap records the largest HeapInuse seen every 5 ms until stop is called.
func sampleHeap() (peak *atomic.Uint64, stop func()) {
	peak = new(atomic.Uint64)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return peak, func() { close(done); <-finished }
}

// BenchmarkWrite100k streams 100,000 rows of 20 columns; peak-heap-MB, sampled every 5 ms
// through writing and closing, should match BenchmarkWrite10k's: excelize spills the
// sheet to a temporary file past 16 MB and zips it from there.
func BenchmarkWrite100k(b *testing.B) { benchmarkWrite(b, 100_000) }

// BenchmarkWrite10k is the same export with a tenth of the rows, for comparison.
func BenchmarkWrite10k(b *testing.B) { benchmarkWrite(b, 10_000) }

// BenchmarkRead10k reads an upload of 10,000 rows of 20 columns, the default limit.
func BenchmarkRead10k(b *testing.B) {
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, haizhi.Shanghai)
	headers := make([]string, 20)
	for i := range headers {
		headers[i] = fmt.Sprintf("列 %d", i+1)
	}
	rows := make([][]any, 10_000)
	for i := range rows {
		rows[i] = exportRow(i, day)
	}
	data := MustWorkbook(b, headers, rows...)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		t, err := sheet.Read(bytes.NewReader(data), "", sheet.DefaultLimits())
		if err != nil || len(t.Rows) != 10_000 {
			b.Fatal(err)
		}
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)
