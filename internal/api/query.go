package api

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// query reads a request's query parameters, collecting a problem per bad parameter so
// that one 400 names them all.
type query struct {
	values url.Values
	fields map[string]string
}

func newQuery(r *http.Request) *query {
	return &query{values: r.URL.Query(), fields: map[string]string{}}
}

// str returns a parameter's trimmed value, "" when absent.
func (q *query) str(name string) string { return strings.TrimSpace(q.values.Get(name)) }

// id returns a non-negative record id, 0 when absent.
func (q *query) id(name string) int64 {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		q.fields[name] = "error.not_a_number"
		return 0
	}
	return n
}

// optionalID is id, but nil when the parameter is absent, so that 0 can mean something.
func (q *query) optionalID(name string) *int64 {
	if q.str(name) == "" {
		return nil
	}
	n := q.id(name)
	return &n
}

// bool returns a true/false parameter, false when absent.
func (q *query) bool(name string) bool {
	s := q.str(name)
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		q.fields[name] = "error.choose_one"
	}
	return b
}

// oneOf returns a parameter that must be one of allowed, "" when absent.
func (q *query) oneOf(name string, allowed ...string) string {
	s := q.str(name)
	if s != "" && !slices.Contains(allowed, s) {
		q.fields[name] = "error.choose_one"
		return ""
	}
	return s
}

// positive returns a whole number of at least 1, or def when absent.
func (q *query) positive(name string, def int) int {
	s := q.str(name)
	if s == "" {
		return def
	}
	// 32 bits keep page × per_page far from overflowing an offset.
	n, err := strconv.ParseInt(s, 10, 32)
	switch {
	case err != nil:
		q.fields[name] = "error.not_a_number"
		return def
	case n < 1:
		q.fields[name] = "error.positive_number"
		return def
	}
	return int(n)
}

// page reads page (1-based) and per_page; per_page defaults to haizhi.DefaultPageSize
// and is clamped to haizhi.MaxPageSize.
func (q *query) page() haizhi.Page {
	return haizhi.PageFromNumber(q.positive("page", 1), q.positive("per_page", haizhi.DefaultPageSize))
}

// err returns EINVALID naming every bad parameter, or nil.
func (q *query) err() error {
	if len(q.fields) == 0 {
		return nil
	}
	return haizhi.Invalid(q.fields)
}

// pathID reads the {id} of the path; a value that is not a positive id names no record.
func pathID(r *http.Request, recordType string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || n < 1 {
		return 0, haizhi.NotFound(recordType)
	}
	return n, nil
}

// strs converts a list of string-typed enumeration values for oneOf.
func strs[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
