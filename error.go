package haizhi

import (
	"errors"
	"fmt"
)

// Error codes. They say what went wrong in terms of the domain; internal/httpx maps them to
// HTTP status codes and the i18n catalogue maps each Error.Key to a message in the user's
// language.
const (
	ECONFLICT     = "conflict"          // the record changed or already exists
	EFORBIDDEN    = "forbidden"         // the actor may not do this
	EINTERNAL     = "internal"          // a fault of ours; logged, never shown in detail
	EINVALID      = "invalid"           // the input is wrong; Fields says where
	ENOTFOUND     = "not_found"         // no such record, or not visible to the actor
	ETOOLARGE     = "too_large"         // a body or an upload is over its limit
	ETOOMANY      = "too_many_requests" // throttled
	EUNAUTHORIZED = "unauthorized"      // no valid session or token
	EUNAVAILABLE  = "unavailable"       // a dependency (database, mail) is down
)

// Error is the error every service returns for a condition the user can act on.
//
// Key names a message in the i18n catalogues (for example "error.email_taken"); Message is
// the English text used in logs, the CLI and as a fallback. Fields maps a form field name to
// the catalogue key of its problem, so a form can show each error beside its field.
type Error struct {
	Code    string
	Key     string
	Message string
	Fields  map[string]string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("haizhi error: code=%s message=%s", e.Code, e.Message)
	}
	return fmt.Sprintf("haizhi error: code=%s message=%s fields=%v", e.Code, e.Message, e.Fields)
}

// Errorf returns an *Error with the given code, catalogue key and English message.
func Errorf(code, key, format string, args ...any) *Error {
	return &Error{Code: code, Key: key, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error carrying per-field problems. fields maps a field name
// to a catalogue key.
func Invalid(fields map[string]string) *Error {
	return &Error{Code: EINVALID, Key: "error.invalid", Message: "Some fields are not valid.", Fields: fields}
}

// ErrorCode returns the code of err: the code of an *Error in its chain, EINTERNAL for any
// other error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorKey returns the catalogue key of err, or "error.internal" when err is not an *Error.
func ErrorKey(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Key != "" {
		return e.Key
	}
	if errors.As(err, &e) {
		return "error." + e.Code
	}
	return "error.internal"
}

// ErrorMessage returns the English message of err, or "Internal error." when err is not an
// *Error (internal details are never shown to users).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorFields returns the per-field problems of err, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Standard errors shared by many services.
var (
	// ErrForbidden is returned when the actor lacks the permission for the record's unit.
	ErrForbidden = &Error{Code: EFORBIDDEN, Key: "error.forbidden", Message: "You do not have permission to do this."}
	// ErrUnauthorized is returned when no user is signed in.
	ErrUnauthorized = &Error{Code: EUNAUTHORIZED, Key: "error.unauthorized", Message: "Please sign in."}
)

// NotFound returns an ENOTFOUND error for a record type, e.g. NotFound("post").
func NotFound(recordType string) *Error {
	return &Error{Code: ENOTFOUND, Key: "error.not_found", Message: recordType + " not found."}
}
