package generator

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"ssg/generator/output"
	"ssg/generator/site"
)

// Result describes a finished build.
type Result struct {
	Files   []output.File // every output file, sorted by path
	Site    *site.Site
	BaseURL string // the site's public URL, from ssg.toml or Config; empty when unset
	Reviews int    // published reviews
	Films   int
	Stats   output.Stats // what Build wrote; zero for Render
	Took    time.Duration
	// Rendered counts the pages executed; a Session's rebuild skips pages
	// whose inputs did not change.
	Rendered int
	// Patched is set when a Session's rebuild changed only reviews'
	// bodies and was applied to the last build in place.
	Patched bool
	// Looks holds the key without its stylesheet URL of each page rendered
	// (all pages on a first build), by output path: a page whose Look is
	// unchanged changed at most in that link.
	Looks map[string][32]byte
	// Stages times the build's steps.
	Stages Stages
	// NextPublish is the date of the earliest review left out for being
	// dated in the future; zero when there is none. A build at that time
	// publishes it.
	NextPublish time.Time
	// Warnings are the site's problems that do not fail the build, such
	// as a name spelled two ways, sorted by file (site.Site.Warnings).
	Warnings []error
	// Encoded counts the posters whose copies this build made; the others'
	// came from the session's memory, or (Build) were already in the
	// output folder.
	Encoded int
}

// Stages are the times of a build's steps: reading reviews, building the
// model, keying every page, rendering the pages whose key changed, waiting
// for the posters' copies (made while pages render) and assembling the
// output. Templates and static files are read between Model and Plan,
// untimed.
type Stages struct {
	Load, Model, Plan, Render, Posters, Assemble time.Duration
}

// LogValue shows the stages in milliseconds.
func (s Stages) LogValue() slog.Value {
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) }
	return slog.StringValue(fmt.Sprintf("load=%s model=%s plan=%s render=%s posters=%s assemble=%s",
		ms(s.Load), ms(s.Model), ms(s.Plan), ms(s.Render), ms(s.Posters), ms(s.Assemble)))
}

// Render builds the site in fsys (a site folder: content/, optional
// data/films/, templates/, static/ and ssg.toml) into memory. Every content problem is
// reported at once, sorted by file and line.
func Render(ctx context.Context, fsys fs.FS, cfg Config) (*Result, error) {
	return NewSession(fsys, cfg).Rebuild(ctx)
}

// Build renders cfg.Src and writes it to the output folder, each page as
// soon as it is rendered. A build that fails leaves the folder as it was.
// The Result has no Files, and its Site's reviews no longer hold their
// bodies: Build lets go of each once the pages showing it are written.
func Build(ctx context.Context, cfg Config) (*Result, error) {
	start := time.Now()
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	out, err := outputDir(cfg)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(cfg.Src)
	if err != nil {
		return nil, fmt.Errorf("site folder: %w", err)
	}
	defer root.Close()
	w, err := output.Claim(out)
	if err != nil {
		return nil, err
	}
	s := NewSession(root.FS(), cfg)
	if cfg.NoCache {
		w.ClearCache()
	} else {
		s.disk = openCache(w, log)
	}
	s.out = func(paths []string) (*sink, error) {
		if err := w.Expect(paths); err != nil {
			return nil, err
		}
		return &sink{put: w.Put, keep: w.Keep}, nil
	}
	res, err := s.Rebuild(ctx)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		s.disk.close()
		w.Abort()
		return nil, err
	}
	committing := time.Now()
	if s.disk != nil {
		s.disk.save(s.cacheDeps()...)
	}
	if res.Stats, err = w.Commit(); err != nil {
		return nil, err
	}
	res.Took = time.Since(start)
	log.Debug("stages", "ms", res.Stages, "commit", time.Since(committing).Round(time.Millisecond))
	for _, w := range res.Warnings {
		log.Warn(w.Error())
	}
	if res.BaseURL == "" {
		log.Warn("base_url is not set: no feeds or sitemap.xml were written, and canonical links are relative; " +
			"set base_url in ssg.toml or pass --base-url")
	}
	attrs := []any{"reviews", res.Reviews, "films", res.Films, "pages", res.Stats.Written + res.Stats.Unchanged,
		"written", res.Stats.Written, "unchanged", res.Stats.Unchanged, "removed", res.Stats.Removed,
		"rendered", res.Rendered}
	if res.Encoded > 0 {
		attrs = append(attrs, "posters_made", res.Encoded)
	}
	log.Info("built", append(attrs, "took", res.Took.Round(time.Millisecond))...)
	return res, nil
}

// Write makes cfg's output folder hold exactly res's files, rewriting only
// the ones that changed.
func Write(cfg Config, res *Result) (output.Stats, error) {
	out, err := outputDir(cfg)
	if err != nil {
		return output.Stats{}, err
	}
	return output.Write(out, res.Files)
}

// outputDir resolves the output folder and refuses one that would overwrite
// the site: the site folder itself, a folder containing it, or one inside
// its content/, data/, templates/ or static/.
func outputDir(cfg Config) (string, error) {
	src, err := filepath.Abs(cfg.Src)
	if err != nil {
		return "", err
	}
	out := cfg.Out
	if out == "" {
		out = filepath.Join(src, "public")
	}
	if out, err = filepath.Abs(out); err != nil {
		return "", err
	}
	src, out = realPath(src), realPath(out)
	if within(src, out) {
		return "", fmt.Errorf("output folder %s is the site folder or contains it: choose another", out)
	}
	for _, d := range []string{"content", "data", "templates", "static"} {
		// Each may be a link to another folder of the site.
		if within(out, realPath(filepath.Join(src, d))) {
			return "", fmt.Errorf("output folder %s is inside the site's %s/: choose another", out, d)
		}
	}
	return out, nil
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// realPath resolves symlinks in the longest existing prefix of p, so that
// two spellings of one folder compare equal.
func realPath(p string) string {
	var rest []string
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{r}, rest...)...)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(append([]string{p}, rest...)...)
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}
