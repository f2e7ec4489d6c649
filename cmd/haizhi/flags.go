package main

import (
	"flag"
	"fmt"

	"github.com/haizhi-dev/haizhi/internal/config"
)

type flagSet = flag.FlagSet

// loadConfig parses the common configuration flags of a command.
func loadConfig(e *env, name, synopsis string, args []string) (config.Config, error) {
	return loadConfigWith(e, name, synopsis, args, nil)
}

// loadConfigWith parses the configuration flags plus the command's own, added by extra.
// No command takes positional arguments: one is a usage error.
func loadConfigWith(e *env, name, synopsis string, args []string, extra func(fs *flagSet)) (config.Config, error) {
	fs := newFlagSet(e, name, synopsis)
	if extra != nil {
		extra(fs)
	}
	cfg, err := config.Load(fs, args, e.getenv)
	if err != nil {
		if err == flag.ErrHelp {
			return cfg, err
		}
		if fs.Parsed() {
			return cfg, err // a configuration problem: one line, exit 1
		}
		return cfg, errUsage // a flag problem: flag already printed it with the usage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "haizhi %s: unexpected argument %q (see haizhi %s --help)\n", name, fs.Arg(0), name)
		return cfg, errUsage
	}
	return cfg, nil
}
