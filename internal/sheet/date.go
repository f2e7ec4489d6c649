package sheet

import (
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"

	"github.com/haizhi-dev/haizhi"
)

// maxSerial is the Excel serial number of 9999-12-31, the last day Excel knows.
const maxSerial = 2958465

// ParseDate reads a date as operators type it or as Read returns a date cell, and returns
// it at midnight Beijing time (haizhi.Shanghai), or with its time of day when it has one.
// It accepts:
//
//   - year first with "-", "/" or "." between the parts: 2024-05-01, 2024/5/1, 2024.5.1;
//   - Chinese: 2024年5月1日 or 2024年5月1号 (full-width digits and spaces too);
//   - either of those followed by a time: 2024-05-01 14:30 or 14:30:05;
//   - ISO 8601 / RFC 3339 as in date cells stored as text: 2024-05-01T14:30:00(Z);
//   - an Excel serial number in the 1900 date system (45413 is 2024-05-01), which is
//     what Read returns for a date cell; a fraction is the time of day.
//
// The bool is false for anything else, for impossible dates (2024-02-30) and for a whole
// number between 1900 and 2100, which is a year rather than a serial number. Day-first
// and month-first forms such as 5/1/2024 are refused: they are ambiguous.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(width.Fold.String(s))
	if s == "" {
		return time.Time{}, false
	}
	if t, ok := parseSerial(s); ok {
		return t, true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.In(haizhi.Shanghai), true
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05.999999999", s, haizhi.Shanghai); err == nil {
		return t, true
	}
	date, clock := cutDate(s)
	y, m, d, ok := splitDate(date)
	if !ok {
		return time.Time{}, false
	}
	var hh, mm, ss int
	if clock = strings.TrimSpace(clock); clock != "" {
		if hh, mm, ss, ok = splitClock(clock); !ok {
			return time.Time{}, false
		}
	}
	t := time.Date(y, time.Month(m), d, hh, mm, ss, 0, haizhi.Shanghai)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false // 2024-02-30 would roll over into March
	}
	return t, true
}

// parseSerial reads an Excel serial date number.
func parseSerial(s string) (time.Time, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if !isDigits(whole) || (frac != "" && !isDigits(frac)) {
		return time.Time{}, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 1 || v >= maxSerial+1 {
		return time.Time{}, false
	}
	if v == math.Trunc(v) && v >= 1900 && v <= 2100 {
		return time.Time{}, false // a year, not a date
	}
	days := math.Floor(v)
	if days == 60 {
		return time.Time{}, false // 1900-02-29, which Excel counts and the calendar does not
	}
	// Serial 1 is 1900-01-01; from serial 61 on, Excel's phantom 29 February shifts the
	// count by one, so the epoch becomes 1899-12-30.
	epoch := time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	if days > 60 {
		epoch = epoch.AddDate(0, 0, -1)
	}
	secs := math.Round((v - days) * 86400)
	// Build the wall clock in UTC, then place it in Beijing time: the serial number is a
	// wall clock, and adding durations in a zone with past daylight saving would shift it.
	u := epoch.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	return time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), u.Second(), 0, haizhi.Shanghai), true
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// cutDate splits s into its date and the time of day after it: at the first space, or
// after 日 or 号 in the Chinese form, whose parts may have spaces between them.
func cutDate(s string) (date, clock string) {
	if strings.Contains(s, "年") {
		if i := strings.IndexAny(s, "日号"); i >= 0 {
			date, clock = s[:i], s[i+len("日"):]
		} else {
			date = s
		}
		return strings.ReplaceAll(date, " ", ""), clock
	}
	date, clock, _ = strings.Cut(s, " ")
	return date, clock
}

// splitDate reads year, month and day from 2024-05-01, 2024/5/1, 2024.5.1 or 2024年5月1日.
func splitDate(s string) (y, m, d int, ok bool) {
	var parts []string
	if strings.Contains(s, "年") {
		y, rest, ok1 := strings.Cut(s, "年")
		mo, day, ok2 := strings.Cut(rest, "月")
		if !ok1 || !ok2 {
			return 0, 0, 0, false
		}
		parts = []string{y, mo, day}
	} else {
		parts = strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
		if len(parts) != 3 || strings.Count(s, string(s[len(parts[0])])) != 2 {
			return 0, 0, 0, false
		}
	}
	if len(parts[0]) != 4 {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if !isDigits(p) || len(p) > 4 || (i > 0 && len(p) > 2) {
			return 0, 0, 0, false
		}
		v, err := strconv.Atoi(p)
		if err != nil {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	if n[0] < 1 || n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 {
		return 0, 0, 0, false
	}
	return n[0], n[1], n[2], true
}

// splitClock reads 14:30 or 14:30:05.
func splitClock(s string) (h, m, sec int, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		if !isDigits(p) || len(p) > 2 {
			return 0, 0, 0, false
		}
		v, err := strconv.Atoi(p)
		if err != nil {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	if n[0] > 23 || n[1] > 59 || n[2] > 59 {
		return 0, 0, 0, false
	}
	return n[0], n[1], n[2], true
}
