package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"ssg/generator/content"
	"ssg/generator/output"
	"ssg/generator/poster"
	"ssg/generator/site"
	"ssg/generator/slug"
)

// posterDir is the output folder of posters' copies. Their names change
// with their bytes (poster.Source.Name), so a host may cache them forever.
const posterDir = "posters"

// posterRequest names a poster file to publish, and the file that names it:
// a review, or a film's data file.
type posterRequest struct {
	Path string // the poster's slash path in the site: content/reviews/x/poster.jpg
	By   string // the file that names it: content/reviews/x/index.md
	Line int    // the line of By that names it; 0 when unknown
	Base string // the start of its copies' names: the film's slug
}

// posterRequests asks for the poster of every review that names a file,
// and of every film data file that names one. A review's URL or /path is
// published as written; a file name is beside the review (or below its
// folder), and must stay in content/. A data file's poster is a path from
// the site folder, which content.ParseFilmFile checked.
func posterRequests(reviews []*content.Review, films []*content.FilmFile) ([]posterRequest, []error) {
	var reqs []posterRequest
	var errs []error
	for _, d := range films {
		if d.Poster != "" {
			reqs = append(reqs, posterRequest{Path: d.Poster, By: d.File, Line: d.Lines["poster"], Base: d.Slug})
		}
	}
	for _, r := range reviews {
		if r.Poster == "" || strings.HasPrefix(r.Poster, "/") || strings.HasPrefix(r.Poster, "http://") || strings.HasPrefix(r.Poster, "https://") {
			continue
		}
		p, err := posterPath(r.File, r.Poster)
		if err != nil {
			errs = append(errs, content.Errorf(r.File, r.PosterLine, "poster %q: %v", r.Poster, err))
			continue
		}
		reqs = append(reqs, posterRequest{Path: p, By: r.File, Line: r.PosterLine, Base: slug.Make(r.Film)})
	}
	return reqs, errs
}

// posterPath resolves a poster's name, written in the file by, to a slash
// path in the site, which must stay in by's top folder (content/).
func posterPath(by, name string) (string, error) {
	p := path.Join(path.Dir(by), name)
	top, _, _ := strings.Cut(by, "/")
	if !fs.ValidPath(p) || !strings.HasPrefix(p, top+"/") || strings.Contains(name, `\`) {
		return "", fmt.Errorf("want a file beside the review, like poster.jpg, or a URL")
	}
	return p, nil
}

// posters publishes the posters a site names. It reads each poster file
// and keeps its header (format, size, hash), reading it again only when
// told it changed; it plans the copies' names and sizes from the header,
// so the model and the pages need not wait; and it makes the copies in the
// background while pages render. In memory (a Session, ssg serve) it
// keeps the last good build's copies, and makes the others by reading the
// file once more and encoding it. Streamed to an output folder (ssg
// build), it keeps none: a copy the folder already holds, which an
// earlier build wrote under the same content-addressed name, is left
// there, and only a poster with a copy missing is encoded, its copies
// handed on as soon as made. A site's poster files are never all in
// memory at once. One goroutine owns it.
type posters struct {
	read     map[string]*posterFile // by slash path in the site, as last read
	made     map[[32]byte][][]byte  // the copies of the last good build's posters, by poster.Source.Sum
	progress *Progress              // counts the posters done; never nil
	workers  int                    // how many posters are read and made at once
}

// posterFile is a poster file as last read: its header, or what is wrong.
type posterFile struct {
	src *poster.Source
	err error
}

func newPosters(progress *Progress, workers int) *posters {
	if progress == nil {
		progress = new(Progress) // counted for no one
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return &posters{read: map[string]*posterFile{}, made: map[[32]byte][][]byte{}, progress: progress, workers: workers}
}

// forget drops what is known of the file or folder p, and reports
// whether there was anything.
func (ps *posters) forget(p string) bool {
	known := false
	for f := range ps.read {
		if f == p || strings.HasPrefix(f, p+"/") || p == "." {
			delete(ps.read, f)
			known = true
		}
	}
	return known
}

// posterPlan is what one build publishes.
type posterPlan struct {
	// byFile holds the copies of each file's poster, for site.Options.
	byFile map[string][]site.PosterFile
	// todo are the posters whose copies must be made; askedBy holds
	// the requests that name each poster.
	todo    []*poster.Source
	askedBy map[[32]byte][]posterRequest
	copies  map[string]posterCopy // by output path
	errs    []error
}

// posterCopy is the i-th copy of a poster, in the order of its Sizes.
type posterCopy struct {
	src *poster.Source
	i   int
}

// look reads the poster files of reqs that it has not read yet, in
// parallel, keeping only their headers, and forgets the files no request
// names.
func (ps *posters) look(ctx context.Context, fsys fs.FS, reqs []posterRequest) {
	var paths []string
	asked := make(map[string]bool, len(reqs))
	for _, r := range reqs {
		if ps.read[r.Path] == nil && !asked[r.Path] {
			paths = append(paths, r.Path)
		}
		asked[r.Path] = true
	}
	read := make([]*posterFile, len(paths))
	g, _ := errgroup.WithContext(ctx)
	g.SetLimit(ps.workers)
	for i, p := range paths {
		g.Go(func() error {
			// Only the header is kept: a poster whose copies must be
			// made is read again then, so that a site's posters are
			// never all in memory at once.
			src, err := readPoster(fsys, p)
			if src != nil {
				src = src.Header()
			}
			read[i] = &posterFile{src: src, err: err}
			return nil
		})
	}
	g.Wait()
	for i, p := range paths {
		ps.read[p] = read[i]
	}
	// Keep only what this build asked for: a later build reads the rest
	// again if it needs it.
	for p := range ps.read {
		if !asked[p] {
			delete(ps.read, p)
		}
	}
}

// plan plans the copies of the posters of reqs, which look has read; root
// prefixes their URLs. A request whose file is bad is an error naming the
// file that asks for it, and its line.
func (ps *posters) plan(reqs []posterRequest, root string) *posterPlan {
	pl := &posterPlan{byFile: map[string][]site.PosterFile{}, askedBy: map[[32]byte][]posterRequest{}, copies: map[string]posterCopy{}}
	queued := map[[32]byte]bool{}
	for _, r := range reqs {
		f := ps.read[r.Path]
		if f.err != nil {
			pl.errs = append(pl.errs, content.Errorf(r.By, r.Line, "poster %s: %w", r.Path, f.err))
			continue
		}
		s := f.src
		base := r.Base
		if base == "" {
			base = "poster"
		}
		var files []site.PosterFile
		var clash error
		for i, size := range s.Sizes() {
			out := posterDir + "/" + s.Name(base, size.Width)
			if other, ok := pl.copies[out]; ok && other.src.Sum != s.Sum {
				clash = content.Errorf(r.By, r.Line, "poster %s would be published as %s, like another poster: rename one of the files", r.Path, out)
				break
			}
			pl.copies[out] = posterCopy{s, i}
			files = append(files, site.PosterFile{URL: root + "/" + out, Width: size.Width, Height: size.Height})
		}
		if clash != nil {
			pl.errs = append(pl.errs, clash)
			continue
		}
		pl.byFile[r.By] = files
		pl.askedBy[s.Sum] = append(pl.askedBy[s.Sum], r)
		if ps.made[s.Sum] == nil && !queued[s.Sum] {
			queued[s.Sum] = true
			pl.todo = append(pl.todo, s)
		}
	}
	return pl
}

// showing returns the requests of reqs whose posters the model shows: every
// review's, and the data files' of films the site has. A data file that
// describes no film (a warning) publishes no copies.
func showing(reqs []posterRequest, model *site.Site) []posterRequest {
	films := make(map[string]bool, len(model.Films))
	for _, f := range model.Films {
		if f.Data != "" {
			films[f.Data] = true
		}
	}
	return slices.DeleteFunc(slices.Clone(reqs), func(r posterRequest) bool {
		return strings.HasPrefix(r.By, content.FilmDir+"/") && !films[r.By]
	})
}

// readPoster reads and checks one poster file.
func readPoster(fsys fs.FS, p string) (*poster.Source, error) {
	f, err := content.Open(fsys, p) // not fsys.Open: a named pipe would wait for a writer
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("there is no such file")
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, poster.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	return poster.Read(data)
}

// makeCopies reads the poster file p again and makes the copies of s,
// which it must still be.
func makeCopies(fsys fs.FS, p string, s *poster.Source) ([][]byte, error) {
	full, err := readPoster(fsys, p)
	if err != nil {
		return nil, err
	}
	if full.Sum != s.Sum {
		return nil, errors.New("the file changed while the site was built; build again")
	}
	return full.Make()
}

// sink takes a streamed build's output files (see opener).
type sink struct {
	put  func(path string, data []byte) error
	keep func(path string, valid func(io.ReaderAt, int64) bool) bool
}

// making is the copies of a plan's posters being made in the background.
type making struct {
	plan    *posterPlan
	sink    *sink      // nil when the copies are kept in memory
	made    [][][]byte // made[i] are the copies of plan.todo[i], unless sunk
	errs    []error
	encoded []bool // whether todo[i] was encoded rather than kept
	cancel  context.CancelFunc
	done    chan struct{}
}

// maxPixelsAtOnce bounds the pixels of the posters decoded at once, so that
// many cores on large posters stay within a few hundred megabytes.
const maxPixelsAtOnce = 2 * poster.MaxPixels

// start makes the copies of pl.todo on every core, reading the poster files
// of fsys again; wait collects them. With a sink, a poster whose copies the
// output folder already holds whole is not made at all, and the copies made
// go to the sink, not to memory.
func (ps *posters) start(ctx context.Context, fsys fs.FS, pl *posterPlan, sink *sink) *making {
	ctx, cancel := context.WithCancel(ctx)
	m := &making{plan: pl, sink: sink, made: make([][][]byte, len(pl.todo)), errs: make([]error, len(pl.todo)),
		encoded: make([]bool, len(pl.todo)), cancel: cancel, done: make(chan struct{})}
	ps.progress.Posters.Store(int64(len(pl.todo)))
	ps.progress.Made.Store(0)
	if len(pl.todo) == 0 {
		close(m.done)
		return m
	}
	// The output paths of each poster's copies: a poster two films share
	// is published under each film's name.
	var outs map[[32]byte][]string
	if sink != nil {
		outs = make(map[[32]byte][]string, len(pl.todo))
		for _, out := range slices.Sorted(maps.Keys(pl.copies)) {
			sum := pl.copies[out].src.Sum
			outs[sum] = append(outs[sum], out)
		}
	}
	go func() {
		defer close(m.done)
		budget := semaphore.NewWeighted(maxPixelsAtOnce)
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(ps.workers)
		for i, s := range pl.todo {
			g.Go(func() error {
				defer ps.progress.Made.Add(1)
				var missing []string
				if sink != nil {
					for _, out := range outs[s.Sum] {
						c := pl.copies[out]
						if !sink.keep(out, func(f io.ReaderAt, size int64) bool { return s.IsCopy(c.i, f, size) }) {
							missing = append(missing, out)
						}
					}
					if len(missing) == 0 {
						return nil
					}
				}
				pixels := int64(s.Width) * int64(s.Height)
				if err := budget.Acquire(gctx, pixels); err != nil {
					return err
				}
				copies, err := makeCopies(fsys, pl.askedBy[s.Sum][0].Path, s)
				budget.Release(pixels)
				if err != nil {
					m.errs[i] = err
					return nil
				}
				m.encoded[i] = true
				if sink == nil {
					m.made[i] = copies
					return gctx.Err()
				}
				for _, out := range missing {
					if err := sink.put(out, copies[pl.copies[out].i]); err != nil {
						return err
					}
				}
				return gctx.Err()
			})
		}
		if err := g.Wait(); err != nil {
			m.errs = append(m.errs, err)
		}
	}()
	return m
}

// stop cancels the work and waits for it; it is safe to call again.
func (m *making) stop() {
	m.cancel()
	<-m.done
}

// wait waits for the copies and, kept in memory, keeps them in ps for the
// next build. It returns the output files of the plan (none when they went
// to a sink), and how many posters were encoded.
func (ps *posters) wait(ctx context.Context, m *making) ([]output.File, int, error) {
	<-m.done
	m.cancel()
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	var errs []error
	encoded := 0
	for i, s := range m.plan.todo {
		if err := m.errs[i]; err != nil {
			for _, r := range m.plan.askedBy[s.Sum] {
				errs = append(errs, content.Errorf(r.By, r.Line, "poster %s: %w", r.Path, err))
			}
		}
		if m.encoded[i] {
			encoded++
		}
	}
	if len(m.errs) > len(m.plan.todo) {
		errs = append(errs, m.errs[len(m.plan.todo):]...)
	}
	if err := content.Join(errs); err != nil {
		return nil, 0, err
	}
	if m.sink != nil {
		// Copies this session made before go to the sink as well.
		todo := make(map[[32]byte]bool, len(m.plan.todo))
		for _, s := range m.plan.todo {
			todo[s.Sum] = true
		}
		for _, out := range slices.Sorted(maps.Keys(m.plan.copies)) {
			if c := m.plan.copies[out]; !todo[c.src.Sum] {
				if err := m.sink.put(out, ps.made[c.src.Sum][c.i]); err != nil {
					return nil, 0, err
				}
			}
		}
		return nil, encoded, nil
	}
	made := make(map[[32]byte][][]byte, len(m.plan.askedBy))
	for sum := range m.plan.askedBy {
		if c := ps.made[sum]; c != nil {
			made[sum] = c
		}
	}
	for i, s := range m.plan.todo {
		made[s.Sum] = m.made[i]
	}
	ps.made = made
	files := make([]output.File, 0, len(m.plan.copies))
	for _, out := range slices.Sorted(maps.Keys(m.plan.copies)) {
		c := m.plan.copies[out]
		files = append(files, output.File{Path: out, Data: made[c.src.Sum][c.i]})
	}
	return files, encoded, nil
}
