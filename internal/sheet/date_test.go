package sheet_test

import (
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sheet"
)

func TestParseDate(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, haizhi.Shanghai) }
	at := func(y, m, d, h, mi, s int) time.Time {
		return time.Date(y, time.Month(m), d, h, mi, s, 0, haizhi.Shanghai)
	}
	ok := []struct {
		in   string
		want time.Time
	}{
		{"2024-05-01", day(2024, 5, 1)},
		{" 2024-5-1 ", day(2024, 5, 1)},
		{"2024/5/1", day(2024, 5, 1)},
		{"2024/05/01", day(2024, 5, 1)},
		{"2024.5.1", day(2024, 5, 1)},
		{"2024年5月1日", day(2024, 5, 1)},
		{"2024年05月01号", day(2024, 5, 1)},
		{"2024 年 5 月 1 日", day(2024, 5, 1)},
		{"2024年5月1日 14:30", at(2024, 5, 1, 14, 30, 0)},
		{"2024年5月1日14:30", at(2024, 5, 1, 14, 30, 0)},
		{"２０２４年５月１日", day(2024, 5, 1)},
		{"2024-02-29", day(2024, 2, 29)},
		{"2024-05-01 14:30", at(2024, 5, 1, 14, 30, 0)},
		{"2024/5/1 9:05:07", at(2024, 5, 1, 9, 5, 7)},
		{"2024-05-01T14:30:00", at(2024, 5, 1, 14, 30, 0)},
		{"2024-05-01T06:30:00Z", at(2024, 5, 1, 14, 30, 0)},
		{"45413", day(2024, 5, 1)},
		{"45413.0", day(2024, 5, 1)},
		{"45413.604166666664", at(2024, 5, 1, 14, 30, 0)},
		{"1", day(1900, 1, 1)},
		{"59", day(1900, 2, 28)},
		{"61", day(1900, 3, 1)},
		{"1899", day(1905, 3, 13)},
		{"2958465", day(9999, 12, 31)},
	}
	for _, tt := range ok {
		got, good := sheet.ParseDate(tt.in)
		if !good || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, good, tt.want)
		}
	}
	bad := []string{
		"", " ", "2024", "2100", "1900", "60", "0", "-1", "2958466", "1e5", "0x10", "NaN", "Inf",
		"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-05-00", "2024-05-32",
		"5/1/2024", "01/05/2024", "24-5-1", "2024-05", "2024-05-01-02", "2024-05/01", "2024--05-01",
		"2024年5月", "2024年13月1日", "2024-05-01 25:00", "2024-05-01 14", "2024-05-01 14:60",
		"2024-+5-01", "May 1, 2024", "tomorrow", "２０２４",
	}
	for _, in := range bad {
		if got, good := sheet.ParseDate(in); good {
			t.Errorf("ParseDate(%q) = %v, want failure", in, got)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-05-01", "2024年5月1日", "45413.5", "2024/5/1 9:05", "2024-05-01T06:30:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := sheet.ParseDate(s); ok && (d.Year() < 1800 || d.Year() > 10000) {
			t.Errorf("ParseDate(%q) = %v", s, d)
		}
	})
}
