package main

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"ssg/generator"
)

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 28981: "28,981", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for the progress goroutine and the
// test to share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestShowProgress runs the progress line against a buffer standing for
// the terminal: it draws the counts as they move, log lines written
// meanwhile erase it first, and it erases itself when the build ends.
func TestShowProgress(t *testing.T) {
	var out lockedBuffer
	line := &status{w: &out}
	var p generator.Progress
	p.Files.Store(10_000)
	p.Loaded.Store(4_512)
	quit, done := make(chan struct{}), make(chan struct{})
	go showProgress(line, &p, 0, time.Millisecond, quit, done)

	waitFor := func(s string) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !strings.Contains(out.String(), s); {
			if time.Now().After(deadline) {
				t.Fatalf("progress never showed %q; output %q", s, out.String())
			}
			time.Sleep(time.Millisecond)
		}
	}
	waitFor("ssg: 4,512 of 10,000 reviews read")
	p.Loaded.Store(10_000)
	p.Pages.Store(28_981)
	p.Rendered.Store(1_234)
	waitFor("ssg: 10,000 reviews read, 1,234 of 28,981 pages rendered")
	p.Posters.Store(2_000)
	p.Made.Store(15)
	waitFor("ssg: 10,000 reviews read, 1,234 of 28,981 pages rendered, 15 of 2,000 posters made")
	fmt.Fprintln(line, "level=WARN msg=careful")
	waitFor("level=WARN msg=careful\n" + eraseLine + "ssg: 10,000 reviews read") // drawn again below
	close(quit)
	<-done

	got := out.String()
	if !strings.Contains(got, eraseLine+"level=WARN msg=careful\n") {
		t.Errorf("a log line did not erase the progress line first: %q", got)
	}
	if !strings.HasSuffix(got, eraseLine) {
		t.Errorf("the progress line was left on the terminal: %q", got[max(0, len(got)-80):])
	}
}

// TestShowProgressQuickBuild checks that a build done before the delay
// draws nothing.
func TestShowProgressQuickBuild(t *testing.T) {
	var out lockedBuffer
	quit, done := make(chan struct{}), make(chan struct{})
	go showProgress(&status{w: &out}, new(generator.Progress), time.Hour, time.Millisecond, quit, done)
	close(quit)
	<-done
	if out.String() != "" {
		t.Errorf("a quick build drew %q", out.String())
	}
}
