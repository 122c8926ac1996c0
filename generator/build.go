package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"ssg"
	"ssg/generator/content"
	"ssg/generator/markdown"
	"ssg/generator/output"
	"ssg/generator/render"
	"ssg/generator/site"
)

// Result describes a finished build.
type Result struct {
	Files   []output.File // every output file, sorted by path
	Site    *site.Site
	Reviews int // published reviews
	Films   int
	Stats   output.Stats // what Build wrote; zero for Render
	Took    time.Duration
}

// Render builds the site in fsys (a site folder: content/, optional
// templates/, static/ and ssg.toml) into memory. Every content problem is
// reported at once, sorted by file and line.
func Render(ctx context.Context, fsys fs.FS, cfg Config) (*Result, error) {
	start := time.Now()
	set, err := loadSettings(fsys, cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	md := markdown.New(markdown.Options{UnsafeHTML: set.Markdown.UnsafeHTML})
	reviews, loadErr := content.Load(ctx, fsys, content.Options{Scale: set.scale, Location: set.location, Markdown: md})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	now := cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	// The model is built even when some reviews failed, so that URL
	// collisions among the rest are reported in the same run.
	model, err := site.Build(site.Published(reviews, now, cfg.Drafts, cfg.Future),
		site.Options{Scale: set.scale, PerPage: set.PerPage, Root: set.root})
	if err := content.Join([]error{loadErr, err}); err != nil {
		return nil, err
	}
	themeFS, err := overlay(fsys, "templates", ssg.Theme())
	if err != nil {
		return nil, err
	}
	theme, err := render.Load(themeFS)
	if err != nil {
		return nil, err
	}
	files, err := theme.Render(ctx, model, render.Info{
		Title: set.Title, BaseURL: set.BaseURL, Root: set.root, Language: set.Language,
	})
	if err != nil {
		return nil, err
	}
	files, err = addStatic(fsys, files)
	if err != nil {
		return nil, err
	}
	return &Result{Files: files, Site: model, Reviews: len(model.Reviews), Films: len(model.Films), Took: time.Since(start)}, nil
}

// Build renders cfg.Src and writes it to the output folder. A build that
// fails writes nothing.
func Build(ctx context.Context, cfg Config) (*Result, error) {
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
	res, err := Render(ctx, root.FS(), cfg)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if res.Stats, err = output.Write(out, res.Files); err != nil {
		return nil, err
	}
	log.Info("built", "reviews", res.Reviews, "films", res.Films, "pages", len(res.Files),
		"written", res.Stats.Written, "unchanged", res.Stats.Unchanged, "removed", res.Stats.Removed, "took", res.Took.Round(time.Millisecond))
	return res, nil
}

// outputDir resolves the output folder and refuses one that would overwrite
// the site: the site folder itself, a folder containing it, or one inside
// its content/, templates/ or static/.
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
	for _, d := range []string{"content", "templates", "static"} {
		if within(out, filepath.Join(src, d)) {
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

// addStatic adds the site's static/ files to files; a static file may
// replace a theme asset but not a page.
func addStatic(fsys fs.FS, files []output.File) ([]output.File, error) {
	at := make(map[string]int, len(files))
	for i, f := range files {
		at[f.Path] = i
	}
	var errs []error
	err := fs.WalkDir(fsys, "static", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == "static" {
				return fs.SkipDir
			}
			return err
		}
		if e.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(p, "static/")
		if !output.ValidPath(rel) {
			errs = append(errs, &content.Error{File: p, Err: errors.New("this file name cannot be published")})
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		f := output.File{Path: rel, Data: data}
		if i, ok := at[rel]; ok {
			if strings.HasSuffix(rel, ".html") || strings.HasSuffix(rel, ".xml") {
				errs = append(errs, &content.Error{File: p, Err: fmt.Errorf("would replace the page /%s that ssg builds", rel)})
				return nil
			}
			files[i] = f
			return nil
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	if err := content.Join(errs); err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}
