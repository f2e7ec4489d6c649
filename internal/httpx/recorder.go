package httpx

import (
	"io"
	"net/http"
)

// recorder is a ResponseWriter that remembers the status and counts the bytes written, for
// AccessLog, Metrics and Recover. It passes Flush on, answers Unwrap so that
// http.ResponseController reaches the server's writer (for Hijack, deadlines and full
// duplex), and implements io.ReaderFrom so that file responses keep using sendfile.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// record returns w as a *recorder, reusing it when an outer middleware already wrapped it,
// so that stacking AccessLog, Metrics and Recover adds one wrapper, not three.
func record(w http.ResponseWriter) *recorder {
	if rec, ok := w.(*recorder); ok {
		return rec
	}
	return &recorder{ResponseWriter: w}
}

// written reports whether the status line has been sent.
func (rw *recorder) written() bool { return rw.status != 0 }

// statusCode is the status sent, or 200 when the handler wrote nothing at all (the server
// then sends an empty 200).
func (rw *recorder) statusCode() int {
	if rw.status == 0 {
		return http.StatusOK
	}
	return rw.status
}

// WriteHeader records the first final status. Informational 1xx responses (103 Early Hints)
// may precede it and are passed on without being recorded; 101 Switching Protocols is final.
func (rw *recorder) WriteHeader(code int) {
	if rw.status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		rw.status = code
	}
	rw.ResponseWriter.WriteHeader(code)
}

func (rw *recorder) Write(b []byte) (int, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	n, err := rw.ResponseWriter.Write(b)
	rw.bytes += int64(n)
	return n, err
}

// ReadFrom lets io.Copy use the underlying writer's ReadFrom (sendfile for files).
func (rw *recorder) ReadFrom(src io.Reader) (int64, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	// io.Copy to the inner writer uses its ReaderFrom when it has one, and a buffer
	// otherwise; either way our own Write is bypassed, so count here.
	n, err := io.Copy(rw.ResponseWriter, src)
	rw.bytes += n
	return n, err
}

// Flush implements http.Flusher for handlers that assert it directly.
func (rw *recorder) Flush() { _ = rw.FlushError() }

// FlushError is what http.ResponseController.Flush calls; it reports when the underlying
// writer cannot flush.
func (rw *recorder) FlushError() error {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	return http.NewResponseController(rw.ResponseWriter).Flush()
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (rw *recorder) Unwrap() http.ResponseWriter { return rw.ResponseWriter }
