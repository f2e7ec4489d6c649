package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/haizhi-dev/haizhi/internal/api"
	"github.com/haizhi-dev/haizhi/internal/config"
	"github.com/haizhi-dev/haizhi/internal/httpx"
	"github.com/haizhi-dev/haizhi/internal/i18n"
	"github.com/haizhi-dev/haizhi/internal/jobs"
	"github.com/haizhi-dev/haizhi/internal/mail"
	"github.com/haizhi-dev/haizhi/internal/pdf"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
	"github.com/haizhi-dev/haizhi/internal/web"
	"github.com/haizhi-dev/haizhi/internal/web/static"
)

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, cfg config.Config, logger *slog.Logger, now func() time.Time) (*sqldb.DB, error) {
	composer, err := mail.NewComposer()
	if err != nil {
		return nil, err
	}
	db, err := sqldb.Open(ctx, cfg.DSN(), sqldb.Options{
		Now: now, Logger: logger, PublicURL: cfg.PublicURL, Composer: composer, MailEnabled: cfg.SMTP.Host != "",
	})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Optimize(ctx); err != nil {
		logger.Warn("optimize", "err", err) // statistics only make queries faster
	}
	return db, nil
}

// serveApp runs the web server and the job runner on db until ctx ends, then shuts down
// gracefully: requests in flight finish within the grace period.
func serveApp(ctx context.Context, e *env, cfg config.Config, db *sqldb.DB, logger *slog.Logger, banner func(url string)) error {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", cfg.Addr, errors.Unwrap(err))
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// The pool statistics, labelled db_name: "haizhi" is the writer (the only pool on
	// PostgreSQL), "haizhi_read" the SQLite readers that serve every page's queries.
	if err := httpx.RegisterDBStats(reg, "haizhi", db.SQL()); err != nil {
		return err
	}
	if db.ReadSQL() != db.SQL() {
		if err := httpx.RegisterDBStats(reg, "haizhi_read", db.ReadSQL()); err != nil {
			return err
		}
	}
	blobs, closeBlobs, err := openBlobs(cfg)
	if err != nil {
		return err
	}
	defer closeBlobs()
	logger.Info("attachments", "store", blobs.String())
	svc := services(db)
	svc.Blobs = blobs
	bundle, err := i18n.New()
	if err != nil {
		return err
	}
	assets, err := static.New()
	if err != nil {
		return err
	}
	apiHandler, err := api.New(api.Services{Units: svc.Units, Users: svc.Users, Auth: svc.Auth, Posts: svc.Posts, Audit: svc.Audit},
		api.Options{Logger: logger, I18n: bundle, Assets: assets})
	if err != nil {
		return err
	}
	srv, err := web.New(svc, sqldb.NewSessionStore(db), web.Options{
		PublicURL: cfg.PublicURL, SessionLifetime: cfg.SessionLifetime, MaxBodyBytes: cfg.MaxBodyBytes,
		TrustedProxies: httpx.IPResolver{TrustedProxies: cfg.TrustedProxies}, Logger: logger,
		Metrics: httpx.NewMetrics(reg), MetricsHandler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
		API: apiHandler, Ready: readiness(db, blobs), Version: version, PDF: pdf.New(pdf.Config{Path: chromiumPath(cfg.Chromium)}),
	})
	if err != nil {
		return err
	}

	runner, err := jobRunner(cfg, db, logger)
	if err != nil {
		return err
	}
	jobsCtx, stopJobs := context.WithCancel(context.Background())
	jobsDone := make(chan struct{})
	go func() { _ = runner.Run(jobsCtx); close(jobsDone) }()
	defer func() { stopJobs(); <-jobsDone }()

	addr := ln.Addr().String()
	logger.Info("serving", "addr", addr, "public_url", cfg.PublicURL, "database", db.Dialect(), "version", version)
	if banner != nil {
		banner("http://" + addr)
	}
	if e.ready != nil {
		e.ready(addr)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute,
		IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	hs.RegisterOnShutdown(srv.CloseStreams) // scoreboards hang up; browsers reconnect elsewhere
	return httpx.Serve(ctx, hs, ln, cfg.ShutdownGrace)
}

// services builds the SQL implementation of every service.
func services(db *sqldb.DB) web.Services {
	return web.Services{
		Units: sqldb.NewUnitService(db), Users: sqldb.NewUserService(db), Auth: sqldb.NewAuthService(db),
		Posts: sqldb.NewPostService(db), Audit: sqldb.NewAuditService(db), Mail: sqldb.NewMailService(db),
		Jobs: sqldb.NewJobQueue(db), Competitions: sqldb.NewCompetitionService(db), Entries: sqldb.NewEntryService(db), Rankings: sqldb.NewRankingService(db),
		Duplicates: sqldb.NewDuplicateService(db), Judges: sqldb.NewJudgeService(db),
		Assignments: sqldb.NewAssignmentService(db), Scoring: sqldb.NewScoringService(db), Live: sqldb.NewLiveService(db), Needs: sqldb.NewNeedService(db), Sites: sqldb.NewSiteService(db),
	}
}

// readiness is ready when the database answers and no migration is pending.
func readiness(db *sqldb.DB, blobs *attachments) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		if err := db.Ping(ctx); err != nil {
			return fmt.Errorf("database: %w", err)
		}
		if err := blobs.Ping(ctx); err != nil {
			return fmt.Errorf("attachments: %w", err)
		}
		n, err := db.Pending(ctx)
		if err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("%d migrations pending", n)
		}
		return nil
	}
}

// jobRunner sets up background work: sending mail when SMTP is configured, and hourly
// housekeeping run once per cluster.
func jobRunner(cfg config.Config, db *sqldb.DB, logger *slog.Logger) (*jobs.Runner, error) {
	queue := sqldb.NewJobQueue(db)
	host, _ := os.Hostname()
	// hostname:pid:random, so that two nodes (or two servers in one test) never share a name.
	node := host + ":" + strconv.Itoa(os.Getpid()) + ":" + strconv.FormatUint(rand.Uint64()%1e6, 10)
	r := &jobs.Runner{Queue: queue, Node: node, Logger: logger, Handlers: map[string]jobs.Handler{}}
	if cfg.SMTP.Host != "" {
		sender, err := mail.NewSMTPSender(mail.SMTPConfig{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username,
			Password: cfg.SMTP.Password, From: cfg.SMTP.From, TLS: cfg.SMTP.TLS})
		if err != nil {
			return nil, err
		}
		r.Handlers[jobs.KindMailSend] = jobs.MailHandler(sqldb.NewMailService(db), sender, mail.IsPermanent)
	}
	r.Periodic = append(r.Periodic, jobs.Periodic{Name: "housekeeping", Every: time.Hour, Run: func(ctx context.Context) error {
		n, err := queue.PurgeOld(ctx, time.Now().AddDate(0, 0, -30))
		if err == nil && n > 0 {
			logger.Info("housekeeping", "purged", n)
		}
		if err != nil {
			return err
		}
		return db.Optimize(ctx)
	}})
	return r, nil
}

// chromiumPath is the configured Chromium, or the first one installed where Debian and
// Google put it.
func chromiumPath(configured string) string {
	if configured != "" {
		return configured
	}
	return pdf.Find(pdf.DefaultCandidates()...)
}
