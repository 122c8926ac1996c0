package chromium

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startBrowser starts the installed browser for t, or skips t if there is
// none, unless SSG_REQUIRE_BROWSER=1.
func startBrowser(t *testing.T) *Browser {
	t.Helper()
	path, err := Find()
	if err != nil {
		if os.Getenv("SSG_REQUIRE_BROWSER") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	b, err := Start(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	})
	return b
}

const testPage = `<!doctype html>
<title>test</title>
<button id=b onclick="setTimeout(() => this.textContent = 'clicked', 50)">click</button>
<script>
console.log("loaded", location.search);
const events = new EventSource("/events" + location.search);
events.onopen = () => window.opened = true;
events.onmessage = e => e.data === "reload" ? location.reload() : window.got = e.data;
</script>
`

// testServer serves testPage at / and, at /events?id, an event stream
// that sends what the test writes to send[id], the way the dev server
// pushes reloads.
func testServer(t *testing.T, ids ...string) (url string, send map[string]chan string) {
	send = map[string]chan string{}
	for _, id := range ids {
		send[id] = make(chan string)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, testPage)
	})
	mux.HandleFunc("GET /events", func(w http.ResponseWriter, r *http.Request) {
		ch := send[r.URL.RawQuery]
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		for {
			select {
			case msg := <-ch:
				fmt.Fprintf(w, "data: %s\n\n", msg)
				w.(http.Flusher).Flush()
			case <-r.Context().Done():
				return
			}
		}
	})
	srv := httptest.NewServer(mux) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return srv.URL, send
}

func TestPage(t *testing.T) {
	url, send := testServer(t, "a", "b")
	b := startBrowser(t) // closed before the server, whose Close waits for streams
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	newPage := func(t *testing.T, url string) *Page {
		t.Helper()
		p, err := b.NewPage(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("console of %s:\n%s", url, strings.Join(p.Console(), "\n"))
			}
			p.Close(context.WithoutCancel(ctx))
		})
		return p
	}
	eval := func(t *testing.T, p *Page, expr string) string {
		t.Helper()
		v, err := p.Eval(ctx, expr)
		if err != nil {
			t.Fatal(err)
		}
		return string(v)
	}

	t.Run("eval", func(t *testing.T) {
		p := newPage(t, url)
		tests := []struct {
			expr, want, err string
		}{
			{expr: "1 + 2", want: "3"},
			{expr: "document.title", want: `"test"`},
			{expr: "[...document.querySelectorAll('button')].map(b => b.id)", want: `["b"]`},
			{expr: "new Promise(r => setTimeout(() => r({ok: true}), 10))", want: `{"ok":true}`},
			{expr: "undefined", want: "null"},
			{expr: "0 / 0", want: `"NaN"`},
			{expr: "nope()", err: "ReferenceError: nope is not defined"},
			{expr: "Promise.reject(new Error('no'))", err: "Error: no"},
		}
		for _, tt := range tests {
			t.Run(tt.expr, func(t *testing.T) {
				v, err := p.Eval(ctx, tt.expr)
				if tt.err != "" {
					if err == nil || !strings.Contains(err.Error(), tt.err) {
						t.Fatalf("Eval(%q) = %s, %v; want error containing %q", tt.expr, v, err, tt.err)
					}
					return
				}
				if err != nil || string(v) != tt.want {
					t.Fatalf("Eval(%q) = %s, %v; want %s", tt.expr, v, err, tt.want)
				}
			})
		}
	})

	t.Run("wait for", func(t *testing.T) {
		p := newPage(t, url)
		eval(t, p, "document.getElementById('b').click()")
		if err := p.WaitFor(ctx, "document.getElementById('b').textContent === 'clicked'"); err != nil {
			t.Fatal(err)
		}

		short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		err := p.WaitFor(short, "document.title === 'other'")
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "document.title === 'other'") || !strings.Contains(err.Error(), "last value: false") {
			t.Fatalf("WaitFor of a false expression = %v; want a deadline error naming it and its last value", err)
		}
	})

	t.Run("console", func(t *testing.T) {
		p := newPage(t, url)
		// Events come before the response of the call that caused them.
		eval(t, p, "console.error('oops', 42)")
		eval(t, p, "setTimeout(() => { throw new Error('boom') }); new Promise(r => setTimeout(r, 10))")
		got := p.Console()
		for _, want := range []string{"console.log: loaded ", "console.error: oops 42", "exception: Uncaught Error: boom"} {
			if !slices.Contains(got, want) {
				t.Errorf("Console() = %q; want it to contain %q", got, want)
			}
		}
	})

	t.Run("reload", func(t *testing.T) {
		p := newPage(t, url)
		if n := p.Loads(); n != 1 {
			t.Fatalf("Loads() after NewPage = %d; want 1", n)
		}
		// Reload from a timer, so that Eval returns before the document
		// that runs it goes away.
		eval(t, p, "window.marker = 1; setTimeout(() => location.reload())")
		if err := p.WaitLoad(ctx, 2); err != nil {
			t.Fatal(err)
		}
		if got := eval(t, p, "window.marker"); got != "null" {
			t.Errorf("window.marker after reload = %s; want null", got)
		}
	})

	t.Run("live reload", func(t *testing.T) {
		a, b := newPage(t, url+"/?a"), newPage(t, url+"/?b")
		for _, p := range []*Page{a, b} {
			if err := p.WaitFor(ctx, "window.opened"); err != nil {
				t.Fatal(err)
			}
			eval(t, p, "window.marker = 1")
		}
		na, nb := a.Loads(), b.Loads()
		for id, msg := range map[string]string{"a": "reload", "b": "ping"} {
			select {
			case send[id] <- msg:
			case <-ctx.Done():
				t.Fatalf("sending %q to %s: %v", msg, id, ctx.Err())
			}
		}
		if err := a.WaitLoad(ctx, na+1); err != nil {
			t.Fatal(err)
		}
		if got := eval(t, a, "window.marker"); got != "null" {
			t.Errorf("a: window.marker after reload = %s; want null", got)
		}
		// Once b has handled its message, it has had its chance to
		// reload; its load count and marker show that it did not.
		if err := b.WaitFor(ctx, "window.got === 'ping'"); err != nil {
			t.Fatal(err)
		}
		if n := b.Loads(); n != nb {
			t.Errorf("b: Loads() = %d after a message that does not reload; want %d", n, nb)
		}
		if got := eval(t, b, "window.marker"); got != "1" {
			t.Errorf("b: window.marker = %s; want 1", got)
		}
		if err := a.WaitFor(ctx, "window.opened"); err != nil {
			t.Fatalf("a: the event stream did not reopen after the reload: %v", err)
		}
	})
}

func TestClose(t *testing.T) {
	b := startBrowser(t)
	if _, err := b.NewPage(t.Context(), "about:blank"); err != nil {
		t.Fatal(err)
	}
	pid := b.cmd.Process.Pid
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if p, err := os.FindProcess(pid); err == nil {
		if err := p.Signal(syscall.Signal(0)); !errors.Is(err, os.ErrProcessDone) && !errors.Is(err, syscall.ESRCH) {
			t.Errorf("browser process %d: signal 0 = %v; want it gone", pid, err)
		}
	}
	if _, err := os.Stat(b.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("profile %s: Stat = %v; want it removed", b.dir, err)
	}
	if live := liveInGroup(t, pid); len(live) > 0 {
		t.Errorf("processes %v of the browser's process group are still running", live)
	}
	if err := b.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

// liveInGroup returns the processes of process group pgid that are not
// zombies (which wait for init to reap them), read from /proc.
func liveInGroup(t *testing.T, pgid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Logf("not checking the process group: %v", err)
		return nil
	}
	var live []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // gone since ReadDir
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and parens.
		i := strings.LastIndexByte(string(stat), ')')
		f := strings.Fields(string(stat[i+1:]))
		if len(f) >= 3 && f[2] == strconv.Itoa(pgid) && f[0] != "Z" && f[0] != "X" {
			live = append(live, pid)
		}
	}
	return live
}

func TestStartFails(t *testing.T) {
	path, err := exec.LookPath("false")
	if err != nil {
		t.Skip(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	b, err := Start(ctx, path)
	if err == nil {
		b.Close()
		t.Fatal("Start of a program that exits at once succeeded")
	}
	if !strings.Contains(err.Error(), "exited before listening") {
		t.Errorf("Start = %v; want an error saying it exited before listening", err)
	}
}
