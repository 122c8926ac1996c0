package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestSecondInterruptStops starts a build that cannot stop (a page whose
// template never ends, as a read from a hung network mount never does)
// and checks that a second Ctrl-C ends ssg at once: the first only asks
// the build to stop, which it cannot until the page is done.
func TestSecondInterruptStops(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no interrupt signal to send")
	}
	bin := ssgBinary(t)
	site := t.TempDir()
	for name, text := range map[string]string{
		"content/reviews/a.md": "---\ntitle: T\nfilm: F\ndate: 2024-01-01\n---\nBody.\n",
		// One page, a single worker busy till the signal ends it.
		"templates/404.html": `{{define "main"}}{{range 1000000000000000}}{{end}}{{end}}`,
	} {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The first signal must find the page rendering, or the build stops
	// cleanly and there is no second one to test: each try waits longer.
	for wait := 10 * time.Millisecond; wait < 10*time.Second; wait *= 2 {
		if interrupted(t, bin, site, wait) {
			return
		}
	}
	t.Fatal("every build stopped at the first Ctrl-C: none was caught rendering")
}

// interrupted builds site, sends Ctrl-C wait after the build has begun
// and again until ssg ends, and reports whether a second one ended it.
func interrupted(t *testing.T, bin, site string, wait time.Duration) bool {
	t.Helper()
	os.RemoveAll(filepath.Join(site, "public"))
	cmd := exec.Command(bin, "build", "--src", site)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// The output folder's staging folder is made once the build has
	// begun, after ssg listens for signals.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(site, "public/.ssg-staging")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("ssg build never began")
		}
	}
	time.Sleep(wait)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	// Signals after the first must end ssg. They are sent until it ends,
	// so that a slow machine handling the first late does not fail the
	// test.
	deadline := time.After(10 * time.Second)
	for {
		select {
		case err := <-done:
			if err == nil {
				t.Fatal("ssg build stopped by Ctrl-C exited 0")
			}
			status, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
			return status.Signaled() // else it stopped cleanly at the first
		case <-deadline:
			t.Fatal("ssg build did not stop within 10 s of a second Ctrl-C")
		case <-time.After(100 * time.Millisecond):
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
		}
	}
}
