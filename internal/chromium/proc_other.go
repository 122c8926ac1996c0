//go:build !linux

package chromium

import (
	"os"
	"os/exec"
)

// setProcAttr does nothing: process groups and a parent-death signal are
// set up on Linux only.
func setProcAttr(cmd *exec.Cmd) {}

// killGroup kills p; elsewhere than Linux its helpers are left to exit on
// their own.
func killGroup(p *os.Process) {
	p.Kill()
}
