package httpx

import (
	"errors"
	"net/http"

	"github.com/haizhi-dev/haizhi"
)

// MaxBody returns middleware that limits request bodies to limit bytes. A request whose
// Content-Length already says it is larger is answered 413 at once, without reading the
// body or calling the handler. Otherwise the body is wrapped in http.MaxBytesReader, so a
// chunked body (no Content-Length) or a lying one fails when the handler reads past the
// limit; the handler then sees an error for which IsTooLarge is true and should answer 413
// (DecodeJSON does this for JSON bodies). A limit of zero or less disables the limit.
func MaxBody(limit int64) Middleware {
	return func(next http.Handler) http.Handler {
		if limit <= 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > limit {
				// Ask the client to close: the server would otherwise have to read and
				// discard the body it refused in order to reuse the connection.
				w.Header().Set("Connection", "close")
				http.Error(w, "Request body too large.", http.StatusRequestEntityTooLarge)
				return
			}
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = http.MaxBytesReader(w, r.Body, limit)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// IsTooLarge reports whether err comes from reading a body past its limit: an
// *http.MaxBytesError in its chain (see MaxBody), or a haizhi error with code ETOOLARGE
// (as DecodeJSON returns).
func IsTooLarge(err error) bool {
	if err == nil {
		return false
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return true
	}
	var he *haizhi.Error
	return errors.As(err, &he) && he.Code == haizhi.ETOOLARGE
}
