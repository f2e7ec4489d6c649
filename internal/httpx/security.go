package httpx

import "net/http"

// DefaultCSP is the Content-Security-Policy of every page: everything from our own origin,
// images also from data: URLs, no inline script or style, no plugins, and no framing.
// Front-end libraries are vendored, so nothing needs another origin.
const DefaultCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'none'"

// hstsValue asks browsers to use https for a year. It leaves out includeSubDomains and
// preload: other hosts under a city's domain are not ours to force onto https.
const hstsValue = "max-age=31536000"

// SecurityOptions configure SecurityHeaders.
type SecurityOptions struct {
	// CSP is the Content-Security-Policy sent by default; DefaultCSP when empty. A handler
	// can replace it for one response with WithCSP.
	CSP string
	// HSTS sends Strict-Transport-Security. Set it only when the public URL is https:
	// a browser that sees the header refuses plain http to the host for a year.
	HSTS bool
}

// SecurityHeaders returns middleware that sets the browser security headers on every
// response before the handler runs: Content-Security-Policy, X-Content-Type-Options,
// Referrer-Policy, X-Frame-Options, Permissions-Policy, Cross-Origin-Opener-Policy and,
// when opts.HSTS is set, Strict-Transport-Security. Handlers may change them before they
// write the response (see WithCSP).
func SecurityHeaders(opts SecurityOptions) Middleware {
	csp := opts.CSP
	if csp == "" {
		csp = DefaultCSP
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			if opts.HSTS {
				h.Set("Strict-Transport-Security", hstsValue)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// WithCSP replaces the Content-Security-Policy of one response, for a page that needs a
// different policy (an API documentation page, say). Call it before writing the header or
// the body; afterwards it has no effect.
func WithCSP(w http.ResponseWriter, csp string) {
	w.Header().Set("Content-Security-Policy", csp)
}
