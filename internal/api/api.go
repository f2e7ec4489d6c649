// Package api serves Haizhi's JSON API under /api/v1: the organisation tree, users,
// portal posts and the audit log, for scripts and other systems.
//
// Callers authenticate with a personal API token only (Authorization: Bearer hz_…);
// a browser session is ignored, so that a page on another site can never use a signed-in
// user's cookie against the API. Every route declares its permission in the table in
// routes.go, exactly like the web pages; the services then check each record's unit.
// The OpenAPI 3.1 document (openapi.json, embedded) describes every route and is served
// at /api/v1/openapi.json, with a Swagger UI page at /api/v1/docs.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/httpx"
	"github.com/haizhi-dev/haizhi/internal/i18n"
	"github.com/haizhi-dev/haizhi/internal/web/static"
)

// Prefix is the path under which the web server mounts the API: mux.Handle(api.Prefix, a).
const Prefix = "/api/v1/"

// DefaultMaxBodyBytes is the largest JSON request body accepted when Options does not say.
const DefaultMaxBodyBytes = 1 << 20

// Services are the domain services the API calls.
type Services struct {
	Units haizhi.UnitService
	Users haizhi.UserService
	Auth  haizhi.AuthService
	Posts haizhi.PostService
	Audit haizhi.AuditService
}

// Options configure the API. Zero values get defaults: slog.Default(), freshly loaded
// catalogues and assets, and DefaultMaxBodyBytes.
type Options struct {
	// Logger receives internal errors.
	Logger *slog.Logger
	// I18n translates error messages; share the web server's bundle.
	I18n *i18n.Bundle
	// Assets serve Swagger UI on the docs page; share the web server's assets.
	Assets *static.Assets
	// MaxBodyBytes limits a JSON request body; larger bodies are answered 413.
	MaxBodyBytes int64
}

// API is the JSON API. Create it with New; it is an http.Handler to mount at Prefix.
type API struct {
	svc      Services
	opts     Options
	mux      *http.ServeMux
	routes   []Route
	spec     []byte // the OpenAPI document, served as it is embedded
	docsPage *docsPage
	docsCSP  string
}

// New builds the API: it checks the services, the embedded OpenAPI document and the
// documentation page's assets, and installs the route table. It fails rather than serve
// a broken document or page.
func New(svc Services, opts Options) (*API, error) {
	if svc.Units == nil || svc.Users == nil || svc.Auth == nil || svc.Posts == nil || svc.Audit == nil {
		return nil, errors.New("api: every service is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	var err error
	if opts.I18n == nil {
		if opts.I18n, err = i18n.New(); err != nil {
			return nil, fmt.Errorf("api: %w", err)
		}
	}
	if opts.Assets == nil {
		if opts.Assets, err = static.New(); err != nil {
			return nil, fmt.Errorf("api: %w", err)
		}
	}
	if err := opts.Assets.Check("swagger-ui.js", "swagger-ui.css", "api-docs.js"); err != nil {
		return nil, fmt.Errorf("api: docs page: %w", err)
	}
	if !json.Valid(openAPISpec) {
		return nil, errors.New("api: the embedded openapi.json is not valid JSON")
	}
	// Swagger UI sets inline styles; only the docs page relaxes style-src for them.
	docsCSP := strings.Replace(httpx.DefaultCSP, "style-src 'self';", "style-src 'self' 'unsafe-inline';", 1)
	if docsCSP == httpx.DefaultCSP {
		return nil, errors.New("api: httpx.DefaultCSP has no \"style-src 'self';\" to relax for the docs page")
	}
	a := &API{svc: svc, opts: opts, mux: http.NewServeMux(), spec: openAPISpec, docsCSP: docsCSP}
	if a.docsPage, err = parseDocsPage(opts.Assets); err != nil {
		return nil, err
	}
	a.routes = a.table()
	a.register()
	return a, nil
}

// ServeHTTP implements http.Handler. The request goes to the internal mux unchanged, so
// that the route pattern it records (r.Pattern) is seen by the web server's access log
// and metrics, which hold the same request.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }
