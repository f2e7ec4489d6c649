package httpx

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// Recover returns middleware that turns a panic in a handler into a logged error. The log
// line carries the panic value, the stack, the request id and the route. When nothing has
// been written yet the client gets a plain 500; when part of the response is already out,
// Recover re-panics with http.ErrAbortHandler so the server cuts the connection rather than
// let a truncated page look complete. A panic with http.ErrAbortHandler itself is passed
// on untouched: it is how a handler asks the server to abort.
func Recover(logger *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := record(w)
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v)
				}
				attrs := append(requestAttrs(r),
					slog.String("panic", fmt.Sprint(v)),
					slog.String("stack", string(debug.Stack())))
				logger.LogAttrs(r.Context(), slog.LevelError, "panic serving request", attrs...)
				if rec.written() {
					panic(http.ErrAbortHandler)
				}
				http.Error(rec, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			}()
			next.ServeHTTP(rec, r)
		})
	}
}

// requestAttrs are the attributes that identify a request in a log line: method, route
// pattern (or, when no route matched, the path), request id and client address. The path of
// a matched route is left out on purpose: it may carry a secret (a password-reset token),
// and the pattern already names the endpoint.
func requestAttrs(r *http.Request) []slog.Attr {
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs, slog.String("method", r.Method))
	if r.Pattern != "" {
		attrs = append(attrs, slog.String("route", r.Pattern))
	} else {
		attrs = append(attrs, slog.String("path", r.URL.Path))
	}
	if id := RequestIDFrom(r.Context()); id != "" {
		attrs = append(attrs, slog.String("request_id", id))
	}
	if ip := ClientIPFrom(r.Context()); ip != "" {
		attrs = append(attrs, slog.String("ip", ip))
	}
	return attrs
}
