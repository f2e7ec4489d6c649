// Package haizhi is the domain of Haizhi (海智), the platform that runs the pipeline by
// which a city, district or offshore innovation base attracts overseas talent and their
// projects: competitions, judging, matchmaking, landing, and the figures that prove it.
//
// The package holds the nouns (types), their validation, the error codes, the roles and
// permissions, and the service interfaces. It imports only the standard library; the
// implementations live in internal/sqldb, the transports in internal/web and internal/api.
package haizhi

import "time"

// Shanghai is the zone times are shown in (China Standard Time); they are stored in UTC.
// Without a zone database it is the fixed UTC+8 China has kept since 1991.
var Shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// Page asks for one page of a list. Offset and Limit are applied in SQL; Limit is clamped
// to [1, MaxPageSize] by Normalize. CountOnly asks for the total alone: the list comes
// back empty and only the count query runs (the figures on a home page).
type Page struct {
	Offset    int
	Limit     int
	CountOnly bool
}

// CountOnly is the page of a figure: the total, no rows.
var CountOnly = Page{CountOnly: true}

// DefaultPageSize is the page size used when a request does not say.
const DefaultPageSize = 20

// MaxPageSize is the largest page any list returns.
const MaxPageSize = 200

// Normalize clamps the page to sane bounds.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultPageSize
	}
	if p.Limit > MaxPageSize {
		p.Limit = MaxPageSize
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}

// PageFromNumber converts a 1-based page number into a Page of the given size.
func PageFromNumber(n, size int) Page {
	if n < 1 {
		n = 1
	}
	p := Page{Limit: size}.Normalize()
	p.Offset = (n - 1) * p.Limit
	return p
}

// Number is the 1-based page number of p.
func (p Page) Number() int {
	p = p.Normalize()
	return p.Offset/p.Limit + 1
}

// Pages is the number of pages needed for total rows.
func (p Page) Pages(total int) int {
	p = p.Normalize()
	if total <= 0 {
		return 1
	}
	return (total + p.Limit - 1) / p.Limit
}

// Clock returns the current time. Services take it from their configuration so that
// tests can fix time.
type Clock func() time.Time
