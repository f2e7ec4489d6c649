package httpx

import (
	"log/slog"
	"net/http"

	"github.com/haizhi-dev/haizhi"
)

// StatusOf returns the HTTP status for a haizhi error code. EINVALID maps to 400 Bad
// Request, for a malformed body and for values that fail validation alike, so that a
// client checks one status and reads the error's fields to learn which. Unknown codes,
// EINTERNAL and "" map to 500.
func StatusOf(code string) int {
	switch code {
	case haizhi.EINVALID:
		return http.StatusBadRequest
	case haizhi.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case haizhi.EFORBIDDEN:
		return http.StatusForbidden
	case haizhi.ENOTFOUND:
		return http.StatusNotFound
	case haizhi.ECONFLICT:
		return http.StatusConflict
	case haizhi.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case haizhi.ETOOMANY:
		return http.StatusTooManyRequests
	case haizhi.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// LogIfInternal logs err at Error level when it is an internal error (code EINTERNAL: any
// error that is not a *haizhi.Error, or one with that code), with the request's method,
// route, request id and client address. Errors the user can act on are not logged: they
// are answers, not faults. Call it before rendering an error response.
func LogIfInternal(logger *slog.Logger, r *http.Request, err error) {
	if err == nil || haizhi.ErrorCode(err) != haizhi.EINTERNAL {
		return
	}
	attrs := append(requestAttrs(r), slog.String("err", err.Error()))
	logger.LogAttrs(r.Context(), slog.LevelError, "internal error", attrs...)
}

// jsonError is the body of an error response.
type jsonError struct {
	Error jsonErrorBody `json:"error"`
}

type jsonErrorBody struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// WriteJSONError answers with err as JSON, with the status StatusOf gives for its code:
//
//	{"error":{"code":"invalid","message":"…","fields":{"email":"…"},"request_id":"…"}}
//
// translate turns a catalogue key into a message in the user's language; the message and
// each field's problem are translated with it, falling back to the English message (and
// to the key, for fields) when translate is nil or returns "" or the key itself. Internal
// errors show only a generic message, never their detail; log them with LogIfInternal.
func WriteJSONError(w http.ResponseWriter, r *http.Request, err error, translate func(key string) string) {
	code := haizhi.ErrorCode(err)
	if code == "" {
		code = haizhi.EINTERNAL
	}
	key, message, fields := haizhi.ErrorKey(err), haizhi.ErrorMessage(err), haizhi.ErrorFields(err)
	if code == haizhi.EINTERNAL {
		key, message, fields = "error.internal", "Internal error.", nil
	}
	tr := func(key, fallback string) string {
		if translate != nil {
			if s := translate(key); s != "" && s != key {
				return s
			}
		}
		return fallback
	}
	body := jsonErrorBody{
		Code:      code,
		Message:   tr(key, message),
		RequestID: RequestIDFrom(r.Context()),
	}
	if len(fields) > 0 {
		body.Fields = make(map[string]string, len(fields))
		for field, fieldKey := range fields {
			body.Fields[field] = tr(fieldKey, fieldKey)
		}
	}
	if code == haizhi.ETOOLARGE {
		// The rest of the body may be unread; closing spares the server from reading it.
		w.Header().Set("Connection", "close")
	}
	_ = WriteJSON(w, StatusOf(code), jsonError{Error: body})
}
