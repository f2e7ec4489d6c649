package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// WriteJSON answers with status and v encoded as JSON. It encodes v before writing
// anything, so a value that cannot be encoded becomes a 500 with an error body rather
// than half a response; the returned error says so (or that the client went away).
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		err = fmt.Errorf("write json: %w", err)
		b = []byte(`{"error":{"code":"internal","message":"Internal error."}}`)
		status = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	_, werr := w.Write(append(b, '\n'))
	if err != nil {
		return err
	}
	return werr
}

// DecodeJSON reads one JSON value from the body of r into dst, reading at most limit bytes
// (no limit when limit <= 0). It is strict: unknown fields and anything after the value
// are refused. Every failure the client can fix is returned as a *haizhi.Error:
//
//   - an empty body, malformed JSON or trailing data: EINVALID with keys
//     "error.json_empty", "error.json_syntax" and "error.json_trailing";
//   - a value of the wrong type or an unknown field: EINVALID with Fields{"<field>":
//     "error.json_field"}, where <field> is the dotted JSON path (for example
//     "team.members");
//   - a body over the limit: ETOOLARGE with key "error.too_large".
//
// A *haizhi.Error returned by a type's UnmarshalJSON passes through unchanged. A dst that
// is not a non-nil pointer is a programming error and comes back as an internal error.
func DecodeJSON(w http.ResponseWriter, r *http.Request, dst any, limit int64) error {
	body := r.Body
	if body == nil {
		body = http.NoBody
	}
	if limit > 0 {
		body = http.MaxBytesReader(w, body, limit)
	}
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err, limit)
	}
	var extra json.RawMessage
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
		return nil
	case IsTooLarge(err):
		return tooLarge(limit)
	default:
		return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.json_trailing",
			Message: "The request body must hold a single JSON value."}
	}
}

// decodeError turns an error of json.Decoder.Decode into the error DecodeJSON returns.
func decodeError(err error, limit int64) error {
	var (
		he         *haizhi.Error
		syntaxErr  *json.SyntaxError
		typeErr    *json.UnmarshalTypeError
		invalidErr *json.InvalidUnmarshalError
	)
	switch {
	case errors.As(err, &he):
		return err
	case IsTooLarge(err):
		return tooLarge(limit)
	case errors.Is(err, io.EOF):
		return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.json_empty",
			Message: "The request body is empty; it must hold a JSON value."}
	case errors.As(err, &syntaxErr):
		return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.json_syntax",
			Message: fmt.Sprintf("The request body is not valid JSON (at byte %d).", syntaxErr.Offset)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.json_syntax",
			Message: "The request body is not valid JSON (it ends too soon)."}
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.json_syntax",
				Message: fmt.Sprintf("The request body must be a JSON %s, not %s.", jsonKind(typeErr.Type.Kind().String()), typeErr.Value)}
		}
		return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.invalid",
			Message: fmt.Sprintf("Field %q must be a JSON %s, not %s.", typeErr.Field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value),
			Fields:  map[string]string{typeErr.Field: "error.json_field"}}
	case errors.As(err, &invalidErr):
		return fmt.Errorf("decode json: %w", err)
	}
	// encoding/json has no error type for an unknown field; its message is stable:
	// `json: unknown field "name"`.
	if rest, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		field, uerr := strconv.Unquote(rest)
		if uerr != nil {
			field = rest
		}
		return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.invalid",
			Message: fmt.Sprintf("Field %q is not known.", field),
			Fields:  map[string]string{field: "error.json_field"}}
	}
	// What is left is a failure to read the body: the client went away or was too slow.
	return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.json_syntax",
		Message: "The request body could not be read."}
}

func tooLarge(limit int64) *haizhi.Error {
	return &haizhi.Error{Code: haizhi.ETOOLARGE, Key: "error.too_large",
		Message: fmt.Sprintf("The request body is larger than %d bytes.", limit)}
}

// jsonKind names the JSON type that decodes into a Go kind, for messages.
func jsonKind(goKind string) string {
	switch goKind {
	case "struct", "map":
		return "object"
	case "slice", "array":
		return "array"
	case "string":
		return "string"
	case "bool":
		return "boolean"
	default:
		return "number"
	}
}
