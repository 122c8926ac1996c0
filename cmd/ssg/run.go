package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"ssg/generator"
	"ssg/generator/devserver"
)

// errHelpShown ends a command whose -h printed its flags: success.
var errHelpShown = errors.New("help shown")

// usageError is bad usage: exit code 2. printed means the flag package has
// already told the user, so main does not say it twice.
type usageError struct {
	msg     string
	printed bool
}

func (e usageError) Error() string { return e.msg }

// command is one subcommand. detail, when set, is what `ssg help` says of
// it beyond its summary.
type command struct {
	name    string
	summary string
	usage   string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
	detail  string
}

func commands() []command {
	return []command{
		{"build", "build the site into its output folder", "ssg build [--src DIR] [--out DIR] [--drafts] [--future] [--base-url URL] [-v]", runBuild, ""},
		{"serve", "preview the site: serve it, rebuild on every save, reload the browser", "ssg serve [--src DIR] [--addr 127.0.0.1:1313] [--drafts] [--future] [--write] [--out DIR] [-v]", runServe, ""},
		{"check", "check the reviews and every link within the built site, writing nothing", "ssg check [--src DIR] [--drafts] [--future] [--base-url URL]", runCheck, checkDetail},
		{"new", "write a new draft review and print its path", `ssg new review "Film Title" [--year YEAR] [--rating RATING] [--src DIR]`, runNew, newDetail},
		{"version", "print the version", "ssg version", runVersion, ""},
		{"help", "explain a command", "ssg help [command]", runHelp, ""},
	}
}

// run is the whole command, callable from tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return usageError{msg: "ssg: no command given"}
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], stdout, stderr)
			if errors.Is(err, errHelpShown) {
				return nil
			}
			return err
		}
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(stdout)
		return nil
	}
	if args[0] == "--version" {
		return runVersion(ctx, nil, stdout, stderr)
	}
	usage(stderr)
	return usageError{msg: fmt.Sprintf("ssg: unknown command %q", args[0])}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "ssg builds static film-review blogs.\n\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'ssg help COMMAND' for a command's flags.")
}

// flags makes a command's flag set; its errors are returned, not printed
// twice.
func flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses args and refuses stray arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return flagError(fs, err)
	}
	if fs.NArg() > 0 {
		return usageError{msg: fmt.Sprintf("ssg %s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	return nil
}

// flagError is the error of a command whose flags did not parse: -h, or a
// usage error the flag package has printed.
func flagError(fs *flag.FlagSet, err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return errHelpShown
	}
	return usageError{msg: fmt.Sprintf("ssg %s: %v", fs.Name(), err), printed: true}
}

func logger(stderr io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{} // a terminal has its own clock
			}
			return a
		}}))
}

// buildMemoryLimit is the heap ssg build aims to stay under unless
// GOMEMLIMIT says otherwise.
const buildMemoryLimit = 1800 << 20

// readingGCPercent is GOGC while ssg build reads and plans, unless GOGC
// says otherwise; rendering goes back to the default, 100.
const readingGCPercent = 400

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := generator.DefaultConfig()
	fs := flags("build", stderr)
	fs.StringVar(&cfg.Src, "src", ".", "the site `folder`")
	fs.StringVar(&cfg.Out, "out", "", "the output `folder` (default SRC/public)")
	fs.BoolVar(&cfg.Drafts, "drafts", false, "publish drafts too")
	fs.BoolVar(&cfg.Future, "future", false, "publish reviews dated in the future too")
	fs.StringVar(&cfg.BaseURL, "base-url", "", "the site's public `URL`, overriding ssg.toml's base_url")
	fs.BoolVar(&cfg.NoCache, "no-cache", false, "keep no build cache in the output folder, and remove one left there")
	verbose := fs.Bool("v", false, "log debug detail")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file`")
	memProfile := fs.String("memprofile", "", "write a heap profile, taken at the end of the build, to `file`")
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, err := generator.ParseBaseURL(cfg.BaseURL); err != nil {
		return usageError{msg: "ssg build: --base-url " + err.Error()}
	}
	stop, err := startProfiles(*cpuProfile, *memProfile)
	if err != nil {
		return err
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit: the garbage collector runs more often as the heap
		// nears it, instead of letting it grow to twice what is live. A
		// build keeps about 10 KB per review (its place in the model, and
		// its rendered body from parsing to its pages without the build
		// cache), so 100,000 reviews stay under 2 GB; past the limit the
		// collector never takes more than half the CPU.
		debug.SetMemoryLimit(buildMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		// Until pages render, the live heap is a small part of the
		// peak: the collector may let it grow five times over instead of
		// twice, and runs a quarter as often. That takes a seventh off a
		// rebuild with nothing changed and a twentieth off a full build,
		// with about the same peak (BENCHMARKS.md).
		was := debug.SetGCPercent(readingGCPercent)
		cfg.Rendering = func() { debug.SetGCPercent(was) }
		// A build that fails before its pages render never calls
		// Rendering: run may be called again in this process (tests).
		defer debug.SetGCPercent(was)
	}
	if !isTerminal(stderr) {
		cfg.Logger = logger(stderr, *verbose)
		_, err = generator.Build(ctx, cfg)
		return errors.Join(err, stop())
	}
	// On a terminal, a build that takes more than a second shows how far
	// it has got on its last line, under the log.
	line := &status{w: stderr}
	cfg.Logger = logger(line, *verbose)
	cfg.Progress = new(generator.Progress)
	quit, done := make(chan struct{}), make(chan struct{})
	go showProgress(line, cfg.Progress, time.Second, 100*time.Millisecond, quit, done)
	_, err = generator.Build(ctx, cfg)
	close(quit)
	<-done
	return errors.Join(err, stop())
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := generator.DefaultConfig()
	cfg.Now = time.Time{} // each rebuild publishes by the time it runs
	var opts devserver.Options
	fs := flags("serve", stderr)
	fs.StringVar(&cfg.Src, "src", ".", "the site `folder`")
	fs.StringVar(&opts.Addr, "addr", "127.0.0.1:1313", "the `host:port` to listen on; other hosts can reach the preview only if you name an outside address")
	fs.BoolVar(&cfg.Drafts, "drafts", false, "publish drafts too")
	fs.BoolVar(&cfg.Future, "future", false, "publish reviews dated in the future too")
	fs.BoolVar(&opts.Write, "write", false, "also write every good build to the output folder")
	fs.StringVar(&cfg.Out, "out", "", "the output `folder` for --write (default SRC/public)")
	verbose := fs.Bool("v", false, "log debug detail")
	if err := parse(fs, args); err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "addr" {
			opts.Fixed = true
		}
	})
	if _, _, err := net.SplitHostPort(opts.Addr); err != nil {
		return usageError{msg: fmt.Sprintf("ssg serve: --addr %q: want host:port, like 127.0.0.1:1313", opts.Addr)}
	}
	cfg.Logger = logger(stderr, *verbose)
	opts.Out = stdout
	// A rebuild keeps its workers busy until the scheduler preempts
	// them, up to 10 ms at a time: a processor more than the workers lets
	// the server answer at once (the reload event, the page asked next).
	// Setting GOMAXPROCS stops the runtime from following a container's
	// CPU limit as it changes; serve reads it once, at start.
	cfg.Workers = runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cfg.Workers + 1))
	return devserver.Serve(ctx, cfg, opts)
}

// version is set by -ldflags "-X main.version=…"; else the module's.
var version = ""

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if err := parse(flags("version", stderr), args); err != nil {
		return err
	}
	v := version
	if v == "" {
		v = "(devel)"
		if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
			v = info.Main.Version
		}
	}
	fmt.Fprintln(stdout, "ssg", v)
	return nil
}

func runHelp(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			fmt.Fprintf(stdout, "%s\n\n%s.\n", c.usage, strings.ToUpper(c.summary[:1])+c.summary[1:])
			if c.detail != "" {
				fmt.Fprintf(stdout, "\n%s\n\n", c.detail)
			}
			if c.name != "help" {
				// A command's -h prints its flags and their defaults.
				c.run(context.Background(), []string{"-h"}, stdout, stdout)
			}
			return nil
		}
	}
	return usageError{msg: fmt.Sprintf("ssg help: unknown command %q", args[0])}
}
