package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSecondInterruptStops starts a build that blocks reading a review (a
// named pipe, as a hung network mount would) and checks that a second
// Ctrl-C ends ssg at once: the first only asks the build to stop, which
// it cannot while it waits in a system call.
func TestSecondInterruptStops(t *testing.T) {
	bin := ssgBinary(t)
	site := t.TempDir()
	if err := os.MkdirAll(filepath.Join(site, "content/reviews"), 0o755); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(site, "content/reviews/stuck.md")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	cmd := exec.Command(bin, "build", "--src", site)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// Opening the pipe's other end succeeds once ssg has opened it; ssg
	// then waits for bytes that never come.
	var w *os.File
	for deadline := time.Now().Add(10 * time.Second); w == nil; {
		f, err := os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		switch {
		case err == nil:
			w = f
		case !errors.Is(err, syscall.ENXIO) || time.Now().After(deadline):
			t.Fatalf("ssg build never opened the review: %v", err)
		default:
			time.Sleep(10 * time.Millisecond)
		}
	}
	defer w.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// The first signal asks the build to stop; those after it must end
	// ssg. They are sent until it ends, so that a slow machine handling
	// the first late does not fail the test.
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case err := <-done:
			if err == nil {
				t.Error("ssg build stopped by Ctrl-C exited 0")
			}
			return
		case <-deadline:
			t.Fatal("ssg build did not stop within 10 s of a second Ctrl-C")
		case <-time.After(100 * time.Millisecond):
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
		}
	}
}
