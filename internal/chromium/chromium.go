// Package chromium drives a headless Chromium over the Chrome DevTools
// Protocol, for browser tests such as "the dev server reloads an edited
// page". Start launches an installed browser (see Find) with a fresh
// profile and connects to it on 127.0.0.1; NewPage opens a tab and loads a
// URL; Eval, WaitFor, Loads and Console inspect the tab. Nothing is
// downloaded, and the browser is told not to phone home. A Browser and its
// Pages are safe for concurrent use.
package chromium

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Find returns the path of an installed Chromium or Chrome, looked up in
// $PATH, or an error if there is none.
func Find() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", errors.New("no chromium, chromium-browser or google-chrome in $PATH")
}

// Browser is a running headless browser process and its DevTools
// connection. Close it to end the process.
type Browser struct {
	cmd    *exec.Cmd
	dir    string // the profile, removed by Close
	stderr *stderr
	conn   *conn

	exited  chan struct{} // closed when cmd.Wait returns
	waitErr error         // set before exited is closed

	closeOnce sync.Once
	closeErr  error
}

// closeGrace bounds how long Close waits for the browser to exit on its
// own before killing it.
const closeGrace = 3 * time.Second

// Start launches the browser at path, headless, with a fresh temporary
// profile, and connects to its DevTools endpoint. ctx bounds only the
// start-up; the browser runs until Close.
func Start(ctx context.Context, path string) (*Browser, error) {
	dir, err := os.MkdirTemp("", "chromium-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(path,
		"--headless",
		"--no-sandbox", // containers and CI often run as root
		"--disable-gpu",
		"--disable-quic",
		"--no-first-run",
		"--no-default-browser-check",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--disable-extensions",
		"--disable-breakpad",
		"--mute-audio",
		"--user-data-dir="+dir,
		"--remote-debugging-address=127.0.0.1",
		"--remote-debugging-port=0",
		"about:blank",
	)
	setProcAttr(cmd)
	b := &Browser{
		cmd:    cmd,
		dir:    dir,
		stderr: &stderr{url: make(chan string, 1)},
		exited: make(chan struct{}),
	}
	cmd.Stderr = b.stderr
	// Helpers that inherit stderr could keep cmd.Wait waiting for EOF.
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() {
		b.waitErr = cmd.Wait()
		close(b.exited)
	}()

	var url string
	select {
	case url = <-b.stderr.url:
	case <-b.exited:
		b.Close()
		return nil, fmt.Errorf("starting %s: exited before listening: %v\n%s", path, b.waitErr, b.stderr.tail())
	case <-ctx.Done():
		b.Close()
		return nil, fmt.Errorf("starting %s: %w\n%s", path, context.Cause(ctx), b.stderr.tail())
	}
	b.conn, err = dial(ctx, url)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("connecting to %s: %w", url, err)
	}
	return b, nil
}

// Close ends the browser: it asks it to quit, waiting up to a few seconds,
// then kills what is left of its process group, waits for the process and
// removes its profile. Close is safe to call more than once.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		if b.conn != nil {
			b.quit()
			b.conn.close()
		}
		killGroup(b.cmd.Process)
		<-b.exited
		b.closeErr = os.RemoveAll(b.dir)
	})
	return b.closeErr
}

// quit asks the browser to exit and waits up to closeGrace for it to do so.
// Quitting lets the browser stop and reap its helpers itself; killed
// helpers stay zombies until init reaps them, which can take a while.
func (b *Browser) quit() {
	select {
	case <-b.conn.done:
		return // the connection is gone, so there is no one to ask
	default:
	}
	ctx, cancel := context.WithTimeout(context.Background(), closeGrace)
	defer cancel()
	err := b.conn.call(ctx, "", "Browser.close", nil, nil)
	// The browser may drop the connection instead of answering.
	if err != nil && !errors.Is(err, errClosed) {
		return
	}
	select {
	case <-b.exited:
	case <-ctx.Done():
	}
}

// stderr collects the browser's standard error: it keeps the tail for
// error messages and sends the DevTools URL once it is printed.
type stderr struct {
	url chan string // buffered; receives one URL

	mu   sync.Mutex
	buf  []byte // the last tailSize bytes
	line []byte // the unfinished line, until the URL is found
	sent bool
}

const tailSize = 8 << 10

func (s *stderr) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = append(s.buf, p...)
	if len(s.buf) > tailSize {
		s.buf = s.buf[len(s.buf)-tailSize:]
	}
	if s.sent {
		return len(p), nil
	}
	s.line = append(s.line, p...)
	for {
		i := bytes.IndexByte(s.line, '\n')
		if i < 0 {
			break
		}
		line := string(s.line[:i])
		s.line = s.line[i+1:]
		if _, url, ok := strings.Cut(line, "DevTools listening on "); ok {
			s.url <- strings.TrimSpace(url)
			s.sent, s.line = true, nil
			break
		}
	}
	return len(p), nil
}

func (s *stderr) tail() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.buf)
}
