package chromium

import (
	"os"
	"os/exec"
	"syscall"
)

// setProcAttr puts the browser in its own process group, so that Close can
// kill its helpers too, and has the kernel kill it if the test process
// dies without closing it.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// killGroup kills every process in p's process group.
func killGroup(p *os.Process) {
	syscall.Kill(-p.Pid, syscall.SIGKILL)
}
