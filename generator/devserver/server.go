package devserver

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"ssg/generator"
)

// Options configure Serve.
type Options struct {
	// Addr is the host:port to listen on: 127.0.0.1:1313 when empty. Port
	// 0 picks a free one.
	Addr string
	// Fixed means the user chose Addr: a busy port is an error. Otherwise
	// the next free port is taken, and said.
	Fixed bool
	// Write also writes every good build to the output folder.
	Write bool
	// Quiet is how long the files must stay still before a rebuild starts:
	// an editor's save or a checkout touching many files ends in one
	// rebuild. 10 ms when 0.
	Quiet time.Duration
	// Ready, when set, is called with the site's URL once it is served.
	Ready func(url string)
	// Out receives the one line that says where the site is served.
	Out io.Writer
	// Rebuilt, when set, is called after every build that was not
	// cancelled, once its outcome is served and published to open pages.
	Rebuilt func(changed []string, res *generator.Result, err error)
}

// placeholder is served before the first good build.
const placeholder = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ssg: the site has not built yet</title></head>
<body><p>The site has not built yet: fix the problems listed, and this page reloads.</p></body></html>
`

// maxWait bounds how long a stream of changes can hold back a rebuild.
const maxWait = time.Second

// Serve builds cfg's site into memory, serves it over HTTP and rebuilds it
// on every change until ctx ends. It returns nil when ctx ends and an error
// when it cannot start (a busy port, an unreadable site folder). A build
// error never stops it: the last good site stays served and open pages show
// the error.
func Serve(ctx context.Context, cfg generator.Config, opts Options) error {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:1313"
	}
	if opts.Quiet <= 0 {
		opts.Quiet = 10 * time.Millisecond
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	root, err := os.OpenRoot(cfg.Src)
	if err != nil {
		return fmt.Errorf("site folder: %w", err)
	}
	defer root.Close()
	// Watch before the first build, so that no save is missed.
	watch, err := newWatcher(cfg.Src, cfg.Out)
	if err != nil {
		return err
	}
	defer watch.close()

	// The port first: a busy one is known before a long first build.
	ln, err := listen(opts.Addr, opts.Fixed, log)
	if err != nil {
		return err
	}
	s := &server{cfg: cfg, opts: opts, log: log, session: generator.NewSession(root.FS(), cfg), hub: newHub(), watch: watch}
	// Until a build succeeds, every page is a placeholder that shows the
	// errors and reloads once they are fixed.
	s.current.Store(&Snapshot{Files: map[string]*File{"404.html": {Data: []byte(placeholder), Hash: sha256.Sum256([]byte(placeholder))}}})
	s.rebuild(ctx, []string{"."})
	if ctx.Err() != nil {
		ln.Close()
		return nil // stopped during the first build
	}
	srv := &http.Server{
		Handler:           newHandler(s.current.Load, s.hub, hostChecker(ln.Addr().String())),
		ReadHeaderTimeout: 10 * time.Second,
		// "OPTIONS *" gets the handler's 405 like every other method.
		DisableGeneralOptionsHandler: true,
		BaseContext:                  func(net.Listener) context.Context { return ctx },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	url := browseURL(ln.Addr(), s.current.Load().Root)
	fmt.Fprintf(opts.Out, "Serving %s at %s (Ctrl-C to stop)\n", cfg.Src, url)
	if opts.Ready != nil {
		opts.Ready(url)
	}

	err = s.loop(ctx, watch)
	s.hub.close()
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
	if serr := <-served; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// server is one running dev server. The loop goroutine owns session;
// current is read by request handlers.
type server struct {
	cfg     generator.Config
	opts    Options
	log     *slog.Logger
	session rebuilder
	watch   *watcher // nil in tests of rebuild alone
	hub     *hub
	current atomic.Pointer[Snapshot]
	built   bool // a build has succeeded
	// Written by rebuild, read by loop once rebuild has returned.
	cancelled bool      // the last build was cancelled
	next      time.Time // when the next future-dated review is due
}

// rebuilder is what the server rebuilds the site with: a
// *generator.Session, or a test's stand-in that fails or is cancelled
// after handing the pages in view out early.
type rebuilder interface {
	RebuildFirst(ctx context.Context, first []string, early func(generator.Early), changed ...string) (*generator.Result, error)
	Outside() []string
}

// clockChange stands for no file but the time: a review's date came.
const clockChange = "(a review's date came)"

// loop collects changes and rebuilds once they pause. A change arriving
// during a build cancels it, and the build starts again with both, unless
// changes have held the site back for maxWait already: then the build in
// flight finishes first, so that a stream of changes cannot starve it.
func (s *server) loop(ctx context.Context, watch *watcher) error {
	pending := map[string]bool{}
	var oldest time.Time // of the changes no finished build has seen
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	clock := time.NewTimer(time.Hour)
	s.wake(clock)
	// add notes a change and restarts the quiet period, even for a path
	// already pending: a file written in pieces is still being saved. It
	// reports whether the path is new.
	add := func(ev fsnotify.Event) bool {
		p, err := watch.handle(ev)
		if err != nil {
			s.log.Error("watching", "err", err)
		}
		if p == "" {
			return false
		}
		if oldest.IsZero() {
			oldest = time.Now()
		}
		if time.Since(oldest) < maxWait {
			timer.Reset(s.opts.Quiet)
		}
		if pending[p] {
			return false
		}
		pending[p] = true
		return true
	}
	overflow := func(err error) {
		s.log.Warn("watching", "err", err)
		if errors.Is(err, fsnotify.ErrEventOverflow) {
			// Events were lost, folders made meanwhile among them: watch
			// every folder again, and read everything.
			if err := watch.addTrees(); err != nil {
				s.log.Error("watching", "err", err)
			}
			pending["."] = true
			timer.Reset(s.opts.Quiet)
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-watch.w.Events:
			if !ok {
				return nil
			}
			add(ev)
		case err, ok := <-watch.w.Errors:
			if !ok {
				return nil
			}
			overflow(err)
		case <-clock.C:
			pending[clockChange] = true
			timer.Reset(0)
		case <-timer.C:
			if len(pending) == 0 {
				continue
			}
			changed := make([]string, 0, len(pending))
			for p := range pending {
				changed = append(changed, p)
			}
			clear(pending)
			bctx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() {
				defer close(done)
				s.rebuild(bctx, changed)
			}()
			stop := ctx.Done()
		building:
			for {
				select {
				case <-done:
					break building
				case ev, ok := <-watch.w.Events:
					if ok && add(ev) && time.Since(oldest) < maxWait {
						cancel() // stale already: start again with both
					}
				case err, ok := <-watch.w.Errors:
					if ok {
						overflow(err)
					}
				case <-stop:
					cancel()
					stop = nil
				}
			}
			cancel()
			if ctx.Err() != nil {
				return nil
			}
			if s.cancelled {
				// Carry its changes into the next build.
				for _, p := range changed {
					pending[p] = true
				}
			} else {
				oldest = time.Time{}
				if len(pending) > 0 {
					oldest = time.Now()
				}
				s.wake(clock)
			}
			if len(pending) > 0 {
				timer.Reset(s.opts.Quiet)
			}
		}
	}
}

// wake sets clock to the moment the next future-dated review is due, when
// a build left one out (and at most a day ahead, to look again).
func (s *server) wake(clock *time.Timer) {
	clock.Stop()
	if !s.next.IsZero() {
		clock.Reset(min(max(time.Until(s.next), 0), 24*time.Hour))
	}
}

// rebuild runs one build and publishes its outcome.
func (s *server) rebuild(ctx context.Context, changed []string) {
	start := time.Now()
	prev := s.current.Load()
	// The pages in view render first and are shown as soon as they are
	// (reloading their browsers) while the rest of the rebuild goes on.
	var first []string
	var shown *Snapshot
	var shownAfter time.Duration
	if prev != nil {
		first = s.hub.pages(prev)
	}
	res, err := s.session.RebuildFirst(ctx, first, func(e generator.Early) {
		if shown = early(prev, e); shown != nil {
			shownAfter = time.Since(start)
			s.current.Store(shown)
			s.hub.publish(prev, shown)
			// The rebuild's workers hold every core until the Go
			// scheduler preempts them, up to 10 ms later: let the
			// streams just woken write their reload first.
			runtime.Gosched()
		}
	}, changed...)
	if s.watch != nil {
		// The files the build read elsewhere in the site, before the
		// outcome is out: one edited as soon as it shows is seen.
		if err := s.watch.want(s.session.Outside()); err != nil {
			s.log.Error("watching", "err", err)
		}
	}
	// Whatever the rebuild's end, the requests it held back go on: to its
	// result, or (failed, cancelled) to the pages shown early and the last
	// good build's others.
	release := func() {}
	if shown != nil {
		release = sync.OnceFunc(func() { close(shown.pending) })
		defer release()
		prev = shown
		if err != nil {
			// Served as a build of its own from now on: the next build's
			// result compares with it as with any other, files it lacks
			// included.
			settled := *shown
			settled.pending, settled.stale, settled.shown, settled.pages = nil, nil, nil, false
			s.current.Store(&settled)
			prev = &settled
			release()
		}
	}
	// A build that finished is published even if a change came just after:
	// the session counts on it.
	s.cancelled = err != nil && ctx.Err() != nil
	if s.cancelled {
		return
	}
	if s.opts.Rebuilt != nil {
		defer func() { s.opts.Rebuilt(changed, res, err) }()
	}
	what := describe(changed)
	if err != nil {
		// A review's date coming cannot fix the site: wait for an edit,
		// whose build looks at the clock again, rather than rebuild
		// again at once, and again, once the date has passed.
		s.next = time.Time{}
		s.hub.fail(problems(err))
		msg := "build failed; still serving the last good site"
		if !s.built {
			msg = "build failed; pages show the problems until it builds"
		}
		s.log.Error(msg, "changed", what, "took", time.Since(start).Round(time.Millisecond), "err", err)
		return
	}
	s.built = true
	s.next = res.NextPublish
	next := newSnapshot(prev, res)
	s.current.Store(next)
	s.hub.publish(prev, next)
	release()
	differ := len(next.diff.changed) + len(next.diff.removed)
	if shown != nil {
		differ += len(shown.diff.changed) // the pages in view
	}
	if what == "everything" {
		s.log.Info("built", "reviews", res.Reviews, "films", res.Films, "pages", len(res.Files), "took", time.Since(start).Round(100*time.Microsecond))
	} else {
		args := []any{"changed", what, "rendered", res.Rendered, "files_changed", differ,
			"took", time.Since(start).Round(100 * time.Microsecond)}
		if shown != nil {
			args = append(args, "shown_after", shownAfter.Round(100*time.Microsecond))
		}
		s.log.Info("rebuilt", args...)
		s.log.Debug("rebuild stages", "ms", res.Stages, "snapshot", time.Since(start)-res.Took)
	}
	if s.opts.Write {
		st, err := generator.Write(s.cfg, res)
		if err != nil {
			s.log.Error("writing the output folder", "err", err)
			return
		}
		s.log.Debug("wrote", "written", st.Written, "unchanged", st.Unchanged, "removed", st.Removed)
	}
}

// describe names what changed for the terminal: one path, or the first and
// a count.
func describe(changed []string) string {
	switch {
	case len(changed) == 1 && changed[0] == ".":
		return "everything"
	case len(changed) == 1:
		return changed[0]
	}
	first := changed[0]
	for _, p := range changed {
		if p < first {
			first = p
		}
	}
	return fmt.Sprintf("%s and %d more", first, len(changed)-1)
}

// newSnapshot makes the served form of a build, with what differs from
// prev. Files whose bytes are shared with prev (the session keeps
// unchanged pages) keep their entry; only the others are hashed.
func newSnapshot(prev *Snapshot, res *generator.Result) *Snapshot {
	next := &Snapshot{Root: res.Site.Root, Files: make(map[string]*File, len(res.Files)), id: snapshots.Add(1), diff: &diff{from: prev.id}}
	kept := 0 // paths prev has too
	for _, f := range res.Files {
		old := prev.Files[f.Path]
		if old != nil {
			kept++
			if sameBytes(old.Data, f.Data) {
				next.Files[f.Path] = old
				continue
			}
		}
		nf := &File{Data: f.Data, Hash: sha256.Sum256(f.Data), Look: res.Looks[f.Path]}
		next.Files[f.Path] = nf
		if old == nil || old.Hash != nf.Hash {
			next.diff.changed = append(next.diff.changed, f.Path)
		}
	}
	if kept < len(prev.Files) {
		for p := range prev.Files {
			if next.Files[p] == nil {
				next.diff.removed = append(next.diff.removed, p)
			}
		}
	}
	return next
}

// sameBytes reports whether a and b are the same slice of memory.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// fileLine finds "path:line:" in an error line: content and settings errors
// start with it, template errors carry it after the page's URL.
var fileLine = regexp.MustCompile(`((?:content|data|templates|static)/[^\s:]+|ssg\.toml)(?::(\d+))?(?::\d+)?:`)

// problems turns a build error into the overlay's list, one per line.
func problems(err error) []Problem {
	var out []Problem
	for _, line := range strings.Split(err.Error(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		p := Problem{Message: line}
		if m := fileLine.FindStringSubmatchIndex(line); m != nil {
			p.File = line[m[2]:m[3]]
			if m[4] >= 0 {
				p.Line, _ = strconv.Atoi(line[m[4]:m[5]])
			}
			if m[0] == 0 {
				p.Message = strings.TrimSpace(line[m[1]:])
			}
		}
		out = append(out, p)
	}
	return out
}

// browseURL is the address of the site served on addr with root, as a
// browser can open it: a server listening on every address ("0.0.0.0:1313"
// is "[::]:1313" once listening) is opened at localhost, which browsers
// refuse neither as an address nor as a Host.
func browseURL(addr net.Addr, root string) string {
	host := addr.String()
	if a, err := netip.ParseAddrPort(host); err == nil && a.Addr().IsUnspecified() {
		host = net.JoinHostPort("localhost", strconv.Itoa(int(a.Port())))
	}
	return "http://" + host + root + "/"
}

// listen opens addr. When its port is taken and the user did not choose
// it, the next free port of the following 20 is used, and said.
func listen(addr string, fixed bool, log *slog.Logger) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil || !errors.Is(err, syscall.EADDRINUSE) {
		if err != nil {
			return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
		}
		return ln, nil
	}
	host, portText, _ := net.SplitHostPort(addr)
	port, _ := strconv.Atoi(portText)
	if fixed || port == 0 {
		return nil, fmt.Errorf("%s is in use by another program: stop it or choose another port with --addr", addr)
	}
	for p := port + 1; p <= port+20 && p < 65536; p++ {
		next := net.JoinHostPort(host, strconv.Itoa(p))
		if ln, err := net.Listen("tcp", next); err == nil {
			log.Warn("port busy; using the next free one", "busy", addr, "using", next)
			return ln, nil
		}
	}
	return nil, fmt.Errorf("%s and the 20 ports after it are in use: choose another with --addr", addr)
}
