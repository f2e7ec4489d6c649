package api

import (
	"log/slog"
	"net/http"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/httpx"
)

// list is the envelope of every list response.
type list[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// newList wraps one page of items; an empty page is [] rather than null.
func newList[T any](items []T, total int, p haizhi.Page) list[T] {
	if items == nil {
		items = []T{}
	}
	p = p.Normalize()
	return list[T]{Items: items, Total: total, Page: p.Number(), PerPage: p.Limit}
}

// errorEnvelope mirrors the body httpx.WriteJSONError writes, for the few answers that
// have no haizhi error code (405).
type errorEnvelope struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// json answers with v as JSON. A failure here is too late to change the status; it is
// logged.
func (a *API) json(w http.ResponseWriter, r *http.Request, status int, v any) {
	if err := httpx.WriteJSON(w, status, v); err != nil {
		a.opts.Logger.LogAttrs(r.Context(), slog.LevelWarn, "write api response",
			slog.String("route", r.Pattern), slog.String("request_id", httpx.RequestIDFrom(r.Context())),
			slog.String("err", err.Error()))
	}
}

// writeError answers with err as a JSON error in the caller's language, logging it first when
// it is internal.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	httpx.LogIfInternal(a.opts.Logger, r, err)
	httpx.WriteJSONError(w, r, err, a.translator(r))
}

// unauthorized is writeError with the bearer challenge that a 401 must carry.
func (a *API) unauthorized(w http.ResponseWriter, r *http.Request, err error) {
	if haizhi.ErrorCode(err) == haizhi.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", wwwAuthenticate)
	}
	a.writeError(w, r, err)
}

// writeErrorBody answers with an error envelope for a status that no haizhi code maps to.
func (a *API) writeErrorBody(w http.ResponseWriter, r *http.Request, status int, code, key, fallback string) {
	msg := a.translator(r)(key)
	if msg == "" || msg == key {
		msg = fallback
	}
	a.json(w, r, status, errorEnvelope{Error: errorBody{Code: code, Message: msg, RequestID: httpx.RequestIDFrom(r.Context())}})
}

// locale is the language of the caller: the token user's saved locale, else the
// Accept-Language header, else the default.
func (a *API) locale(r *http.Request) string {
	var userLocale string
	if actor := haizhi.ActorFromContext(r.Context()); actor != nil {
		userLocale = actor.Locale
	}
	return a.opts.I18n.Negotiate("", userLocale, r.Header.Get("Accept-Language"))
}

// translator returns the catalogue lookup of the caller's language.
func (a *API) translator(r *http.Request) func(key string) string {
	l := a.opts.I18n.Localizer(a.locale(r))
	return func(key string) string { return l.T(key) }
}

// created answers 201 with v and the Location of the new record.
func (a *API) created(w http.ResponseWriter, r *http.Request, location string, v any) {
	w.Header().Set("Location", location)
	a.json(w, r, http.StatusCreated, v)
}

// decode reads the JSON body into dst within the size limit; unknown fields are refused.
func (a *API) decode(w http.ResponseWriter, r *http.Request, dst any) error {
	return httpx.DecodeJSON(w, r, dst, a.opts.MaxBodyBytes)
}
