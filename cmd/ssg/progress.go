package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"ssg/generator"
)

// status is a terminal's last line kept for a build's live progress: log
// lines written through it first erase the progress line, which the next
// tick draws again below them.
type status struct {
	mu    sync.Mutex
	w     io.Writer
	shown bool
}

const eraseLine = "\r\x1b[K"

func (s *status) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.erase()
	return s.w.Write(p)
}

func (s *status) erase() {
	if s.shown {
		io.WriteString(s.w, eraseLine)
		s.shown = false
	}
}

func (s *status) draw(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	io.WriteString(s.w, eraseLine+line)
	s.shown = true
}

// showProgress draws p on s every tick once the build has run for delay,
// until stop is closed; it then erases its line and closes done.
func showProgress(s *status, p *generator.Progress, delay, tick time.Duration, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	start := time.Now()
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-stop:
		return
	case <-timer.C:
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		s.draw(progressLine(p, time.Since(start)))
		select {
		case <-stop:
			s.mu.Lock()
			s.erase()
			s.mu.Unlock()
			return
		case <-t.C:
		}
	}
}

// progressLine says where a build is: reading reviews, then rendering
// pages and making posters' copies.
func progressLine(p *generator.Progress, took time.Duration) string {
	secs := fmt.Sprintf("%.1fs", took.Seconds())
	if pages := p.Pages.Load(); pages > 0 {
		posters := ""
		if n := p.Posters.Load(); n > 0 {
			posters = fmt.Sprintf(", %s of %s posters made", count(p.Made.Load()), count(n))
		}
		return fmt.Sprintf("ssg: %s reviews read, %s of %s pages rendered%s · %s",
			count(p.Loaded.Load()), count(p.Rendered.Load()), count(pages), posters, secs)
	}
	return fmt.Sprintf("ssg: %s of %s reviews read · %s", count(p.Loaded.Load()), count(p.Files.Load()), secs)
}

// count writes n with thousands separators: 28,981.
func count(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// isTerminal reports whether w is a terminal (a character device), where
// a line that redraws itself makes sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb"
}
