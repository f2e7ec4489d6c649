package main

import (
	"flag"

	"github.com/haizhi-dev/haizhi/internal/config"
)

type flagSet = flag.FlagSet

// loadConfig parses the common configuration flags of a command.
func loadConfig(e *env, name, synopsis string, args []string) (config.Config, error) {
	return loadConfigWith(e, name, synopsis, args, nil)
}

// loadConfigWith parses the configuration flags plus the command's own, added by extra.
// Positional arguments are left in the flag set's Args, returned through rest when set.
func loadConfigWith(e *env, name, synopsis string, args []string, extra func(fs *flagSet), rest ...*[]string) (config.Config, error) {
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
	if len(rest) > 0 {
		*rest[0] = fs.Args()
	}
	return cfg, nil
}
