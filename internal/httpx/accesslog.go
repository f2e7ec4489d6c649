package httpx

import (
	"log/slog"
	"net/http"
	"time"
)

// AccessLog returns middleware that logs one line per request at Info level (Warn for 5xx
// responses): method, route pattern, status, bytes written, duration, request id and
// client address. The route pattern is read from r.Pattern after the handler returns; see
// the package documentation for the order this needs. Requests that matched no route are
// logged with their path instead.
func AccessLog(logger *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := record(w)
			next.ServeHTTP(rec, r)
			status := rec.statusCode()
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelWarn
			}
			attrs := append(requestAttrs(r),
				slog.Int("status", status),
				slog.Int64("bytes", rec.bytes),
				slog.Duration("duration", time.Since(start)))
			logger.LogAttrs(r.Context(), level, "request", attrs...)
		})
	}
}
