package main

import (
	"strings"
	"testing"
)

// Every command and subcommand answers --help with exit 0 and lists its flags; a group
// lists its subcommands, one line each.
func TestHelp(t *testing.T) {
	configFlags := []string{"-addr", "-data-dir", "-database-url", "-log-level"}
	cases := []struct {
		cmd  string
		want []string
	}{
		{"serve", configFlags},
		{"demo", append([]string{"-seed"}, configFlags...)},
		{"migrate", []string{"\n  up ", "\n  status "}},
		{"migrate up", configFlags},
		{"migrate status", configFlags},
		{"unit", []string{"\n  add "}},
		{"unit add", append([]string{"-code", "-kind", "-name-zh", "-name-en", "-parent"}, configFlags...)},
		{"user", []string{"\n  add "}},
		{"user add", append([]string{"-email", "-name", "-role", "-unit", "-password", "-locale"}, configFlags...)},
		{"audit", []string{"\n  verify "}},
		{"audit verify", configFlags},
		{"backup", append([]string{"-to"}, configFlags...)},
		{"version", nil},
	}
	for _, c := range cases {
		for _, help := range []string{"--help", "-h"} {
			t.Run(c.cmd+" "+help, func(t *testing.T) {
				code, out := run(t, nil, append(strings.Fields(c.cmd), help)...)
				if code != 0 || !strings.Contains(out, "Usage: haizhi "+c.cmd) {
					t.Fatalf("exit %d, output:\n%s", code, out)
				}
				for _, w := range c.want {
					if !strings.Contains(out, w) {
						t.Errorf("help lacks %q:\n%s", w, out)
					}
				}
			})
		}
	}

	// "haizhi help CMD" is "haizhi CMD --help".
	if code, out := run(t, nil, "help", "user", "add"); code != 0 || !strings.Contains(out, "-email") {
		t.Fatalf("help user add: exit %d\n%s", code, out)
	}
	// The overview lists every command, a group's as one line per subcommand.
	for _, args := range [][]string{{"--help"}, {"help"}, {"-h"}} {
		code, out := run(t, nil, args...)
		if code != 0 {
			t.Fatalf("haizhi %v: exit %d\n%s", args, code, out)
		}
		for _, c := range commands() {
			names := []string{c.name}
			if c.sub != nil {
				names = nil
				for _, s := range c.sub {
					names = append(names, c.name+" "+s.name)
				}
			}
			for _, name := range names {
				if !strings.Contains(out, "\n  "+name+" ") {
					t.Errorf("haizhi %v does not list %q:\n%s", args, name, out)
				}
			}
		}
	}
}

// A wrong command line exits 2. Unknown subcommands and stray arguments are one line
// naming the culprit; a group without a subcommand shows its help.
func TestUsageErrors(t *testing.T) {
	oneLine := []struct {
		args []string
		want string
	}{
		{[]string{"user", "delete"}, `haizhi user: unknown subcommand "delete"`},
		{[]string{"migrate", "down"}, `haizhi migrate: unknown subcommand "down" (want up or status`},
		{[]string{"migrate", "--data-dir", "x", "up"}, `got "--data-dir"`},
		{[]string{"serve", "now"}, `haizhi serve: unexpected argument "now"`},
		{[]string{"audit", "verify", "all"}, `haizhi audit verify: unexpected argument "all"`},
		{[]string{"version", "2"}, `haizhi version: unexpected argument "2"`},
		{[]string{"backup"}, "--to FILE is required"},
	}
	for _, c := range oneLine {
		code, out := run(t, nil, c.args...)
		if code != 2 || strings.Count(out, "\n") != 1 || !strings.Contains(out, c.want) {
			t.Errorf("haizhi %v: exit %d, output:\n%s", c.args, code, out)
		}
	}
	for _, group := range []string{"migrate", "unit", "user", "audit"} {
		if code, out := run(t, nil, group); code != 2 || !strings.Contains(out, "Subcommands:") {
			t.Errorf("haizhi %s: exit %d, output:\n%s", group, code, out)
		}
	}
	if code, out := run(t, nil, "bogus"); code != 2 || !strings.Contains(out, `unknown command "bogus"`) {
		t.Errorf("haizhi bogus: exit %d, output:\n%s", code, out)
	}
	if code, out := run(t, nil); code != 2 || !strings.Contains(out, "Commands:") {
		t.Errorf("haizhi: exit %d, output:\n%s", code, out)
	}
}
