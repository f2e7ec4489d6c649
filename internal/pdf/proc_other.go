//go:build !unix

package pdf

import "os/exec"

// killGroupOnCancel leaves cmd to exec.CommandContext's default, killing only the browser
// process: there is no process group to kill outside Unix. The package is written for
// Linux servers; elsewhere it compiles and works, but a cancelled print can leave
// Chromium's helper processes to exit on their own.
func killGroupOnCancel(cmd *exec.Cmd) {}

// killGroup does nothing outside Unix; see killGroupOnCancel.
func killGroup(cmd *exec.Cmd) {}
