package main

import (
	"context"
	"fmt"
	"time"

	"github.com/haizhi-dev/haizhi/internal/config"
	"github.com/haizhi-dev/haizhi/internal/demo"
)

// runServe serves the site on the configured database.
func runServe(ctx context.Context, e *env, args []string) error {
	cfg, err := loadConfig(e, "serve", "serve [flags]", args)
	if err != nil {
		return err
	}
	logger := cfg.NewLogger(e.stderr)
	db, err := openDB(ctx, cfg, logger, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	return serveApp(ctx, e, cfg, db, logger, nil)
}

// runDemo loads the demo data set into the configured database (embedded SQLite in the
// data directory by default) unless it is there already, prints one login per role, and
// serves the site.
func runDemo(ctx context.Context, e *env, args []string) error {
	var seed uint64
	cfg, err := loadConfigWith(e, "demo", "demo [flags]", args, func(fs *flagSet) {
		fs.Uint64Var(&seed, "seed", 2018, "seed of the demo data set (same seed, same data)")
	})
	if err != nil {
		return err
	}
	logger := cfg.NewLogger(e.stderr)
	clock := &demo.Clock{}
	db, err := openDB(ctx, cfg, logger, clock.Now)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := services(db)
	blobs, closeBlobs, err := openBlobs(cfg)
	if err != nil {
		return err
	}
	defer closeBlobs()
	svc.Blobs = blobs
	ds := demo.Services{Units: svc.Units, Users: svc.Users, Posts: svc.Posts, Competitions: svc.Competitions, Entries: svc.Entries, Rankings: svc.Rankings, Judges: svc.Judges, Assignments: svc.Assignments, Scoring: svc.Scoring, Blobs: svc.Blobs, Live: svc.Live, Needs: svc.Needs, Sites: svc.Sites}
	if !demo.Loaded(ctx, ds) {
		start := time.Now()
		fmt.Fprintln(e.stdout, "Loading the demo data set …")
		if _, err := demo.Load(ctx, ds, clock, demo.Options{Seed: seed}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Loaded in %s.\n", time.Since(start).Round(time.Millisecond))
	}
	return serveApp(ctx, e, cfg, db, logger, func(url string) { printDemoBanner(e, cfg, url) })
}

func printDemoBanner(e *env, cfg config.Config, url string) {
	fmt.Fprintf(e.stdout, "\nHaizhi demo is running at %s (database: %s)\n", url, cfg.Dialect())
	fmt.Fprintf(e.stdout, "Sign in with any of these accounts; the password is %q:\n\n", demo.Password)
	for _, l := range demo.Logins() {
		fmt.Fprintf(e.stdout, "  %-11s %-34s %s\n", l.Role, l.Email, l.Unit)
	}
	fmt.Fprintln(e.stdout, "\nMail is not sent in the demo: sign in as admin and open the outbox. Press Ctrl+C to stop.")
}
