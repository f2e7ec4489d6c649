// Package web serves Haizhi's HTML pages: the public portal, sign-in and account pages,
// each role's home, and the administration pages. Pages are rendered on the server with
// html/template (parsed once at start) and enhanced with htmx; every route declares its
// permission in the table in routes.go.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/blob"
	"github.com/haizhi-dev/haizhi/internal/httpx"
	"github.com/haizhi-dev/haizhi/internal/i18n"
	"github.com/haizhi-dev/haizhi/internal/pdf"
	"github.com/haizhi-dev/haizhi/internal/web/static"
)

// Services are the domain services the pages call.
type Services struct {
	Units haizhi.UnitService
	Users haizhi.UserService
	Auth  haizhi.AuthService
	Posts haizhi.PostService
	Audit haizhi.AuditService
	Mail  haizhi.MailService
	Jobs  haizhi.JobQueue

	Competitions haizhi.CompetitionService
	Entries      haizhi.EntryService
	Rankings     haizhi.RankingService
	Duplicates   haizhi.DuplicateService
	Judges       haizhi.JudgeService
	Assignments  haizhi.AssignmentService
	Scoring      haizhi.ScoringService
	Live         haizhi.LiveService
	Needs        haizhi.NeedService
	Sites        haizhi.SiteService
	// Blobs keeps attachments (the entries' business plans and images).
	Blobs blob.Store
}

// Options configure the server.
type Options struct {
	PublicURL       string // absolute; its scheme decides secure cookies, its origin is trusted for CSRF
	SessionLifetime time.Duration
	MaxBodyBytes    int64
	TrustedProxies  httpx.IPResolver
	Logger          *slog.Logger
	Metrics         *httpx.Metrics // nil: no request metrics
	MetricsHandler  http.Handler   // served at /metrics; nil: 404
	API             http.Handler   // served under /api/v1/; nil: none
	// Ready reports whether the server can serve: database reachable, migrations applied.
	Ready func(ctx context.Context) error
	// Version is shown in the footer and /healthz.
	Version string
	// PDF prints documents (score sheets) to PDF; nil or without Chromium, the PDF links
	// answer 503 and the print-ready page remains.
	PDF *pdf.Printer
}

// Server is the web application. Create it with New; it is an http.Handler.
type Server struct {
	svc      Services
	opts     Options
	i18n     *i18n.Bundle
	assets   *static.Assets
	tmpl     *templates
	sessions *scs.SessionManager
	handler  http.Handler
	secure   bool
	// The live final's scoreboards, and the signal that ends their streams at shutdown.
	live      *liveHub
	closing   chan struct{}
	closeOnce sync.Once
}

// New builds the server: parses templates, checks assets, wires the middleware and routes.
// store keeps sessions (the database, so that any node serves any user).
func New(svc Services, store scs.Store, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.SessionLifetime <= 0 {
		opts.SessionLifetime = 12 * time.Hour
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 32 << 20
	}
	bundle, err := i18n.New()
	if err != nil {
		return nil, err
	}
	assets, err := static.New()
	if err != nil {
		return nil, err
	}
	s := &Server{svc: svc, opts: opts, i18n: bundle, assets: assets, closing: make(chan struct{})}
	s.live = newLiveHub(svc.Live, opts.Logger)
	if opts.PDF == nil {
		opts.PDF = pdf.New(pdf.Config{})
		s.opts.PDF = opts.PDF
	}
	s.secure = strings.HasPrefix(opts.PublicURL, "https://")
	if s.tmpl, err = parseTemplates(s.funcs()); err != nil {
		return nil, err
	}

	sm := scs.New()
	sm.Store = store
	sm.Lifetime = opts.SessionLifetime
	sm.IdleTimeout = 0
	sm.Cookie.Name = "haizhi_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = s.secure
	sm.Cookie.Path = "/"
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.serverError(w, r, err)
	}
	s.sessions = sm

	mux := http.NewServeMux()
	s.register(mux)

	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(opts.PublicURL); err == nil && u.Scheme != "" && u.Host != "" {
		if err := cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, err
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden, "error.csrf")
	}))

	// Order matters: the mux records the route pattern on the request it is given, so the
	// access log and metrics must sit after every middleware that replaces the request
	// (sessions and the actor loader do, through WithContext).
	mws := []httpx.Middleware{
		httpx.Recover(opts.Logger),
		httpx.RequestID,
		httpx.ClientIP(opts.TrustedProxies),
		httpx.SecurityHeaders(httpx.SecurityOptions{HSTS: s.secure}),
		sm.LoadAndSave,
		s.loadActor,
		// After the session, so the refusal page speaks the user's language.
		cop.Handler,
		s.requireOrigin,
		httpx.AccessLog(opts.Logger),
	}
	if opts.Metrics != nil {
		mws = append(mws, opts.Metrics.Middleware)
	}
	mws = append(mws, httpx.Recover(opts.Logger), httpx.MaxBody(opts.MaxBodyBytes))
	s.handler = httpx.Chain(mux, mws...)
	return s, nil
}

// requireOrigin refuses a form post that says nowhere where it comes from. Cross-origin
// protection lets such requests through (they are what non-browser clients send), but
// every browser names the origin of a post, so on the pages a post with neither Origin nor
// Sec-Fetch-Site is not a person at a form. The API is exempt: it trusts bearer tokens
// only, never a cookie, so it cannot be forged from another site.
func (s *Server) requireOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			if r.Header.Get("Origin") == "" && r.Header.Get("Sec-Fetch-Site") == "" && !strings.HasPrefix(r.URL.Path, "/api/") {
				s.renderError(w, r, http.StatusForbidden, "error.csrf")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// loadActor resolves the signed-in user of the session (if any) into the request's
// actor. A session whose user was disabled or removed is destroyed.
func (s *Server) loadActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if id := s.sessions.GetInt64(ctx, sessionUserID); id != 0 {
			u, err := s.svc.Auth.UserForSession(ctx, id)
			switch {
			case err == nil:
				a := u.Actor(httpx.ClientIPFrom(ctx), httpx.RequestIDFrom(ctx))
				ctx = haizhi.NewContextWithActor(ctx, a)
			case haizhi.ErrorCode(err) == haizhi.ENOTFOUND:
				_ = s.sessions.Destroy(ctx)
			default:
				s.serverError(w, r, err)
				return
			}
		} else {
			ctx = haizhi.NewContextWithActor(ctx, nil)
		}
		next.ServeHTTP(w, r.WithContext(withGuestInfo(ctx, httpx.ClientIPFrom(ctx), httpx.RequestIDFrom(ctx))))
	})
}

const (
	sessionUserID = "user_id"
	sessionFlash  = "flash"
	langCookie    = "haizhi_lang"
)

type guestKey struct{}

// guestInfo carries the IP and request id of a request with no actor, so that writes by
// guests (sign-in, password reset) are still attributed in the audit log.
type guestInfo struct{ ip, requestID string }

func withGuestInfo(ctx context.Context, ip, rid string) context.Context {
	return context.WithValue(ctx, guestKey{}, guestInfo{ip, rid})
}

// guestActorContext returns ctx with an actor that carries only IP and request id, for
// calls made on behalf of a guest.
func guestActorContext(ctx context.Context) context.Context {
	if haizhi.ActorFromContext(ctx) != nil {
		return ctx
	}
	g, _ := ctx.Value(guestKey{}).(guestInfo)
	return haizhi.NewContextWithActor(ctx, &haizhi.Actor{IP: g.ip, RequestID: g.requestID})
}
