// Package httpx holds the small HTTP helpers and middleware that the web pages and the JSON
// API share: request ids, client addresses, security headers, body limits, panic recovery,
// access logs, Prometheus metrics, the mapping of domain error codes to HTTP, JSON helpers
// and a graceful server loop. It uses only net/http; middleware is a plain
// func(http.Handler) http.Handler.
//
// # Order of the middleware
//
// AccessLog and Metrics label a request by its route pattern, which http.ServeMux writes
// into the *http.Request it is given (r.Pattern) while routing. They read r.Pattern after
// the handler returns, from the same pointer they passed on, so every middleware between
// them and the mux must pass the request on unchanged: no r.WithContext, r.Clone or
// http.StripPrefix there. Middleware that adds to the context (RequestID, ClientIP, the
// session and actor loaders) therefore goes outside AccessLog and Metrics. The order that
// works, outermost first:
//
//	h := httpx.Chain(mux,
//		httpx.RequestID,
//		httpx.ClientIP(resolver),
//		httpx.SecurityHeaders(httpx.SecurityOptions{HSTS: https}),
//		httpx.AccessLog(logger),
//		metrics.Middleware,
//		httpx.Recover(logger),
//		httpx.MaxBody(limit),
//	)
//
// Recover and MaxBody keep the request pointer, so they may sit inside AccessLog; Recover
// should, so that a panic is logged and counted as the 500 it becomes. Middleware that
// loads the session or the actor into the context must likewise sit outside AccessLog and
// Metrics, or wrap each route's handler inside the mux, where r.Pattern is already set.
// When the pattern is lost anyway, AccessLog logs the path instead and Metrics uses the
// route label "unmatched", so a mistake costs detail, never unbounded label values.
package httpx

import "net/http"

// Middleware wraps a handler with behaviour that runs around it.
type Middleware = func(http.Handler) http.Handler

// Chain returns h wrapped in mws, the first of mws outermost: Chain(h, a, b) is a(b(h)),
// so a request passes through a, then b, then reaches h.
func Chain(h http.Handler, mws ...Middleware) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}
