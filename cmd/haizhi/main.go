// Command haizhi is the whole of Haizhi in one binary: the web server, the demo, and the
// tools that operators run (migrations, users, audit verification, backups).
//
//	haizhi demo                 serve a demo site on embedded SQLite with realistic data
//	haizhi serve                serve the site
//	haizhi migrate up|status    apply or list database migrations
//	haizhi unit add             create an organisation unit
//	haizhi user add             create an account with a role on a unit
//	haizhi audit verify         check the audit log's hash chain
//	haizhi backup --to FILE     online backup of the SQLite database
//	haizhi assign --in FILE     assign judges to entries (JSON in, JSON out)
//	haizhi schedule --in FILE   timetable a matchmaking event's meetings (JSON in, JSON out)
//	haizhi match eval --in FILE measure recommendation quality on a labelled set
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
	"slices"
	"strings"
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

// command is one command, or a group of subcommands (migrate up, user add, …).
type command struct {
	name    string
	summary string
	// run runs the command with the arguments after its name; nil for a group.
	run func(ctx context.Context, env *env, args []string) error
	// sub lists the subcommands of a group.
	sub []command
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
		{name: "serve", summary: "serve the site", run: runServe},
		{name: "demo", summary: "serve a demo site with realistic data on embedded SQLite", run: runDemo},
		{name: "migrate", summary: "database migrations", sub: []command{
			{name: "up", summary: "apply every pending migration and list them all", run: runMigrateUp},
			{name: "status", summary: "list the migrations and whether each is applied", run: runMigrateStatus},
		}},
		{name: "unit", summary: "organisation units", sub: []command{
			{name: "add", summary: "create a unit (without --parent: the root of a fresh installation)", run: runUnitAdd},
		}},
		{name: "user", summary: "accounts", sub: []command{
			{name: "add", summary: "create an account with a role on a unit", run: runUserAdd},
		}},
		{name: "audit", summary: "the audit log", sub: []command{
			{name: "verify", summary: "check the audit log's hash chain and name the first broken event", run: runAuditVerify},
		}},
		{name: "backup", summary: "backup --to FILE: online copy of the SQLite database", run: runBackup},
		{name: "assign", summary: "assign judges to entries optimally: JSON instance in, JSON result out", run: runAssign},
		{name: "schedule", summary: "timetable a matchmaking event's meetings into slots and tables: JSON in, JSON out", run: runSchedule},
		{name: "match", summary: "project recommendations", sub: []command{
			{name: "eval", summary: "measure recommendation quality on a labelled set: JSON in, precision@5, recall@10, nDCG@10 out", run: runMatchEval},
		}},
		{name: "version", summary: "print the version", run: runVersion},
	}
}

// errUsage marks a usage error: the message has been printed with the command's help.
var errUsage = errors.New("usage")

// exitError is a failure whose command chose the exit code, as `haizhi assign` exits 2
// when no assignment exists; err, when set, is printed as one line like any error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// Main runs the command line and returns the exit code: 0 on success, 2 for a usage
// error, 1 for any other failure (printed as one line on stderr), or the code a command
// chose with an exitError.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	return mainEnv(ctx, args, &env{stdout: stdout, stderr: stderr, getenv: getenv})
}

func mainEnv(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 {
		usage(e.stderr)
		return 2
	}
	if isHelp(args[0]) {
		if args[0] == "help" && len(args) > 1 {
			// "haizhi help migrate up" is "haizhi migrate up --help".
			return mainEnv(ctx, append(slices.Clone(args[1:]), "--help"), e)
		}
		usage(e.stderr)
		return 0
	}
	i := slices.IndexFunc(commands(), func(c command) bool { return c.name == args[0] })
	if i < 0 {
		fmt.Fprintf(e.stderr, "haizhi: unknown command %q\n\n", args[0])
		usage(e.stderr)
		return 2
	}
	c := commands()[i]
	name, args := c.name, args[1:]
	if c.sub != nil {
		s, err := subcommand(e, c, args)
		if err != nil {
			return exitCode(e, name, err)
		}
		c, name, args = s, name+" "+s.name, args[1:]
	}
	return exitCode(e, name, c.run(ctx, e, args))
}

// exitCode maps the error of the command called name to the exit code, printing it as
// one line unless it was a usage error (already explained) or a request for help. An
// exitError gives its own code.
func exitCode(e *env, name string, err error) int {
	var ee *exitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ee):
		if ee.err != nil {
			fmt.Fprintf(e.stderr, "haizhi %s: %v\n", name, ee.err)
		}
		return ee.code
	case errors.Is(err, errUsage):
		return 2
	default:
		fmt.Fprintf(e.stderr, "haizhi %s: %v\n", name, err)
		return 1
	}
}

// subcommand returns the subcommand of group g named by args[0]. Otherwise it prints the
// group's help and returns flag.ErrHelp when help was asked for, or prints why and returns
// errUsage: the group's help when no subcommand is given, one line for an unknown one.
func subcommand(e *env, g command, args []string) (command, error) {
	if len(args) == 0 || isHelp(args[0]) {
		groupUsage(e.stderr, g)
		if len(args) == 0 {
			return command{}, errUsage
		}
		return command{}, flag.ErrHelp
	}
	var names []string
	for _, s := range g.sub {
		if s.name == args[0] {
			return s, nil
		}
		names = append(names, s.name)
	}
	want := strings.Join(names, " or ")
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(e.stderr, "haizhi %s: want a subcommand (%s) before the flags, got %q (see haizhi %s --help)\n", g.name, want, args[0], g.name)
	} else {
		fmt.Fprintf(e.stderr, "haizhi %s: unknown subcommand %q (want %s; see haizhi %s --help)\n", g.name, args[0], want, g.name)
	}
	return command{}, errUsage
}

func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "--help" || arg == "-help"
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Haizhi (海智) — the platform that attracts overseas talent and their projects.")
	fmt.Fprintln(w, "\nUsage: haizhi <command> [flags]   (haizhi <command> --help for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		if c.sub == nil {
			fmt.Fprintf(w, "  %-15s %s\n", c.name, c.summary)
		}
		for _, s := range c.sub {
			fmt.Fprintf(w, "  %-15s %s\n", c.name+" "+s.name, s.summary)
		}
	}
}

func groupUsage(w io.Writer, g command) {
	fmt.Fprintf(w, "haizhi %s: %s\n", g.name, g.summary)
	fmt.Fprintf(w, "\nUsage: haizhi %s <subcommand> [flags]   (haizhi %s <subcommand> --help for its flags)\n", g.name, g.name)
	fmt.Fprintln(w, "\nSubcommands:")
	for _, s := range g.sub {
		fmt.Fprintf(w, "  %-8s %s\n", s.name, s.summary)
	}
}

// newFlagSet returns a flag set that prints its usage to the command's stderr.
func newFlagSet(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("haizhi "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: haizhi %s\n", synopsis)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(e.stderr, "\nFlags (each also read from the environment variable it names):")
			fs.PrintDefaults()
		}
	}
	return fs
}

// runVersion prints the version.
func runVersion(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "version", "version")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "haizhi version: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	fmt.Fprintln(e.stdout, "haizhi", version)
	return nil
}
