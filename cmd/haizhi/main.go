// Command haizhi is the whole of Haizhi in one binary: the web server, the demo, and the
// tools that operators run (migrations, users, audit verification, backups).
//
//	haizhi demo                 serve a demo site on embedded SQLite with realistic data
//	haizhi serve                serve the site
//	haizhi migrate up|status    apply or list database migrations
//	haizhi user add             create an account with a role on a unit
//	haizhi audit verify         check the audit log's hash chain
//	haizhi backup --to FILE     online backup of the SQLite database
//	haizhi version              print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Asia/Shanghai must resolve on machines without a zone database
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch of the outside world, so tests can run Main in-process.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// ready, when set, receives the listening address once a server accepts connections.
	ready func(addr string)
}

func commands() []command {
	return []command{
		{"serve", "serve the site", runServe},
		{"demo", "serve a demo site with realistic data on embedded SQLite", runDemo},
		{"migrate", "apply (up) or list (status) database migrations", runMigrate},
		{"unit", "organisation units: unit add --code … --kind … --name-zh … [--parent …]", runUnit},
		{"user", "accounts: user add --email … --name … --role … --unit …", runUser},
		{"audit", "audit verify: check the audit log's hash chain", runAudit},
		{"backup", "backup --to FILE: online copy of the SQLite database", runBackup},
		{"version", "print the version", func(_ context.Context, e *env, _ []string) error {
			fmt.Fprintln(e.stdout, "haizhi", version)
			return nil
		}},
	}
}

// errUsage marks a usage error: the message has been printed with the command's help.
var errUsage = errors.New("usage")

// Main runs the command line and returns the exit code: 0 on success, 2 for a usage
// error, 1 for any other failure (printed as one line on stderr).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	return mainEnv(ctx, args, &env{stdout: stdout, stderr: stderr, getenv: getenv})
}

func mainEnv(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		default:
			fmt.Fprintf(e.stderr, "haizhi %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "haizhi: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Haizhi (海智) — the platform that attracts overseas talent and their projects.")
	fmt.Fprintln(w, "\nUsage: haizhi <command> [flags]   (haizhi <command> --help for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
}

// newFlagSet returns a flag set that prints its usage to the command's stderr.
func newFlagSet(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("haizhi "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: haizhi %s\n\nFlags (each also read from the environment variable it names):\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}
