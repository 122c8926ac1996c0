package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"ssg"
	"ssg/generator/content"
	"ssg/generator/markdown"
	"ssg/generator/output"
	"ssg/generator/render"
	"ssg/generator/site"
)

// Session builds one site again and again, redoing only what changed: it
// keeps parsed reviews and film data files by file and content hash, the
// parsed theme, the
// site's static files and the last good output with each page's key, so a
// rebuild re-reads the files it is told about and re-renders only the pages
// whose key changed. Its results are always those of a fresh Render of the
// same files. A Session is not safe for concurrent use: one goroutine owns
// it. A Rebuild that fails or is cancelled leaves it ready for the next.
type Session struct {
	fsys  fs.FS
	cfg   Config
	links *linkFS // fsys, noting the symlinks read

	set    *Settings // nil when ssg.toml must be read again
	setSum [32]byte  // of ssg.toml's bytes, to tell a real change from a save
	opts   content.Options

	files    []string // review files, sorted; nil when content/ must be walked again
	misfiled []error  // files in the wrong place (content.Listing.Problems)
	reviews  map[string]*parsed
	stale    map[string]bool // cached reviews, comments and film data files to read again

	filmFiles []string // film data files, sorted; nil when data/films must be listed again
	strays    []error  // other files in data/films
	films     map[string]*parsedFilm
	// Comments: each commented review's comment files, by review file;
	// each comment file as last read; and each commented review's copy
	// with its comments, by review file.
	commentFiles map[string][]string
	comments     map[string]*parsedComment
	discussions  map[string]*discussion

	theme   *render.Theme // nil when templates/ changed
	static  []output.File // the site's static/ files; nil when static/ changed
	posters *posters      // the posters' files and copies

	pages map[string]page // the pages rendered, by output path: the last good output's and maybe newer
	gen   uint64          // counts the rebuilds that got as far as updating pages
	model *site.Cache     // what the model derives from each review
	order order
	last  *built // the last good build, while templates, static/ and settings stay

	// out, when set, takes the pages as they are rendered instead of the
	// session keeping them (see stream).
	out opener
	// disk, when set, is the cache that ssg build keeps in the output
	// folder: out's pages whose key and file did not change since the
	// last build are not rendered, and reviews' bodies are rendered
	// through it.
	disk *diskCache

	// first and early, during RebuildFirst: the pages to render before
	// the others, and who is told when they are.
	first []string
	early func(Early)
	// root is the last good build's site.Root, under which a dev server
	// serves what is handed out early.
	root string

	// linked holds the paths each file read through symlinks leads
	// through (the links on the way, the file at the end), by file read;
	// posterFiles the posters film data files name outside the site's
	// own folders; outside both, as Outside returns them.
	linked      map[string][]string
	posterFiles []string
	outside     []string
}

// Early is what RebuildFirst hands out before its rebuild ends: the new
// output of the pages asked for first, and which other pages the rebuild
// is rendering again. A dev server shows the first at once and holds
// requests for the others until the rebuild's result.
type Early struct {
	Files []output.File       // the pages asked for first that changed
	Looks map[string][32]byte // their Looks, as in Result
	Stale []string            // the paths of every other page rendered again
	// Unplanned is set when the pages were rendered before the rebuild
	// knew which others change: then every other page may, and Stale is
	// empty.
	Unplanned bool
}

// built is a good build kept for patching: an edit that changes only what
// pages show of reviews, or moves them in time (site.Patch), is applied to
// its model and plan in place.
type built struct {
	model *site.Site
	plan  *render.Plan
	files []output.File // sorted by path, as returned
	at    []int         // at[i] is the index in files of plan.Jobs[i]
}

// parsed is one review file as last read.
type parsed struct {
	sum    [32]byte
	review *content.Review
	err    error
}

// parsedFilm is one film data file as last read.
type parsedFilm struct {
	sum  [32]byte
	film *content.FilmFile
	err  error
}

// page is one rendered page: its key and output.
type page struct {
	key  render.Key
	data []byte
	gen  uint64 // the rebuild whose plan last had the page
}

// NewSession starts a session on the site in fsys. Nothing is read until
// the first Rebuild.
func NewSession(fsys fs.FS, cfg Config) *Session {
	links := newLinkFS(fsys)
	return &Session{fsys: links, links: links, cfg: cfg, reviews: map[string]*parsed{}, stale: map[string]bool{}, films: map[string]*parsedFilm{},
		comments: map[string]*parsedComment{}, discussions: map[string]*discussion{}, posters: newPosters(cfg.Progress, cfg.Workers)}
}

// Rebuild builds the site, re-reading the given slash paths from the site
// folder (files or folders, changed, created or deleted) and whatever the
// session has not read yet; "." means everything. A path outside
// content/, data/, templates/, static/ and ssg.toml matters only when the
// build read it (see Outside).
func (s *Session) Rebuild(ctx context.Context, changed ...string) (*Result, error) {
	return s.RebuildFirst(ctx, nil, nil, changed...)
}

// RebuildFirst is Rebuild, rendering the pages at the output paths first
// lists before any other. When one of them changed, early is called with
// their output as soon as they are rendered, while the rest still render:
// from a render worker, so it must be quick and must not call the
// session. It is called at most once, and not when the rebuild fails
// before; the rebuild may still fail or be cancelled after. On the whole
// path (an edit that changes the set of pages), the pages are rendered
// before the others are keyed, and every other page may change. Nothing
// is handed out early when the theme, the static files or the site's root
// (base_url's path) changed.
func (s *Session) RebuildFirst(ctx context.Context, first []string, early func(Early), changed ...string) (*Result, error) {
	s.first, s.early = first, early
	defer func() { s.first, s.early = nil, nil }()
	res, err := s.rebuild(ctx, changed)
	if err == nil {
		s.root = s.set.root
	}
	s.follow()
	return res, err
}

// rebuild is RebuildFirst, s.first and s.early set.
func (s *Session) rebuild(ctx context.Context, changed []string) (*Result, error) {
	start := time.Now()
	for _, p := range changed {
		s.invalidate(p)
	}
	// Pages in view are handed out early only when the theme and the
	// static files stay: those a dev server serves at once.
	if s.theme == nil || s.static == nil {
		s.early = nil
	}
	if s.set == nil {
		if err := s.readSettings(); err != nil {
			return nil, err
		}
	}
	if s.set.root != s.root {
		// Pages handed out early are served with the last good
		// build's, under its root: at a new root they would be served
		// at the old URLs, then be gone at the rebuild's end, and open
		// pages would reload twice.
		s.early = nil
	}
	var stages Stages
	mark := time.Now()
	lap := func(d *time.Duration) {
		now := time.Now()
		*d, mark = now.Sub(mark), now
	}
	now := s.cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	reviews, loadErr := s.load(ctx, now)
	films, filmErr := s.loadFilms(ctx)
	loadErr = content.Join([]error{loadErr, filmErr})
	lap(&stages.Load)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if reviews == nil && loadErr != nil && s.files == nil {
		return nil, loadErr // no content/ to read
	}
	// The model is built even when some reviews failed, so that URL
	// collisions among the rest are reported in the same run.
	var due time.Time // the date of the first review left out for being in the future
	if !s.cfg.Future {
		for _, r := range reviews {
			if r.Date.After(now) && (s.cfg.Drafts || !r.Draft) && (due.IsZero() || r.Date.Before(due)) {
				due = r.Date
			}
		}
	}
	published := site.Published(reviews, now, s.cfg.Drafts, s.cfg.Future)
	if loadErr == nil && s.last != nil {
		res, ok, err := s.patch(ctx, published, &stages, lap)
		if ok {
			if res != nil {
				res.Took, res.NextPublish = time.Since(start), due
			}
			return res, err
		}
	}
	// Posters' headers are read before the model is built, so that their
	// copies' URLs and sizes are known at once; the copies are made while
	// pages render.
	reqs, reqErrs := posterRequests(published, films)
	var elsewhere []string // posters outside the site's own folders
	for _, r := range reqs {
		if !own(r.Path) {
			elsewhere = append(elsewhere, r.Path)
		}
	}
	slices.Sort(elsewhere)
	s.posterFiles = slices.Compact(elsewhere)
	s.posters.look(ctx, s.fsys, reqs)
	asked := s.posters.plan(reqs, s.set.root)
	model, err := site.Build(published,
		site.Options{Scale: s.set.scale, PerPage: s.set.PerPage, Root: s.set.root, Cache: s.model, Films: films, Posters: asked.byFile, Workers: s.cfg.Workers})
	if err := content.Join(slices.Concat([]error{loadErr, err}, reqErrs, asked.errs)); err != nil {
		// A poster that fails to decode is reported with the rest.
		_, _, perr := s.posters.wait(ctx, s.posters.start(ctx, s.fsys, asked, nil))
		// The theme's and static files' problems too: all of a build's
		// are reported at once.
		return nil, content.Join([]error{err, perr, s.themeProblems()})
	}
	if s.out != nil {
		// A one-shot build (ssg build) has no next rebuild to help: let
		// go of what the model keeps for one (a tenth of the heap while
		// pages render).
		s.model = nil
	}
	posters := asked
	if shown := showing(reqs, model); len(shown) < len(reqs) {
		posters = s.posters.plan(shown, s.set.root)
	}
	lap(&stages.Model)
	if err := s.loadTheme(); err != nil {
		return nil, err
	}
	info := render.Info{Title: s.set.Title, BaseURL: s.set.BaseURL, Root: s.set.root, Language: s.set.Language, RawHTML: s.set.Markdown.UnsafeHTML}
	for _, f := range s.static {
		if f.Path == "style.css" {
			// The site's own stylesheet replaces the theme's: its hash
			// must bust caches when it changes.
			sum := sha256.Sum256(f.Data)
			info.CSS = s.set.root + "/style.css?v=" + hex.EncodeToString(sum[:5])
		}
	}
	mark = time.Now()
	keys := render.ProcessKeys
	if s.disk != nil {
		keys = render.StableKeys // kept in the output folder
	}
	var preview func([]render.Job)
	if s.out == nil && s.early != nil {
		preview = func(jobs []render.Job) { s.preview(ctx, jobs) }
	}
	made := s.theme.Made() // before the pages in view replace it
	plan, err := s.theme.PlanFirst(model, info, keys, s.first, preview)
	// The whole path knows which pages change only now: it hands out the
	// pages in view before (preview) or not at all.
	s.early = nil
	if err != nil {
		return nil, err
	}
	jobs := plan.Jobs
	lap(&stages.Plan)
	if s.out != nil {
		res, err := s.stream(ctx, model, plan, posters, lap, &stages)
		if err != nil {
			return nil, err
		}
		res.Took, res.NextPublish = time.Since(start), due
		return res, nil
	}
	making := s.posters.start(ctx, s.fsys, posters, nil)
	defer making.stop()
	if s.last != nil {
		// The cards the last build made of the films whose reviews are
		// as they were: a review added re-renders every home page.
		s.theme.CarryAcross(made, s.last.plan, plan)
	}
	var todo []render.Job
	var at []int
	for i, j := range jobs {
		if old, ok := s.pages[j.Path]; !ok || old.key != j.Key {
			todo = append(todo, j)
			at = append(at, i)
		}
	}
	rendered, err := s.execute(ctx, todo)
	if err != nil {
		return nil, err
	}
	// Until this build is the last good one, what the render cached
	// belongs to a model no patch will use.
	good := false
	defer func() {
		if !good {
			s.theme.Drop()
		}
	}()
	lap(&stages.Render)
	posterFiles, encoded, err := s.posters.wait(ctx, making)
	if err != nil {
		return nil, err
	}
	lap(&stages.Posters)
	files := make([]output.File, 0, len(jobs)+len(posterFiles)+len(s.theme.Static())+len(s.static))
	looks := make(map[string][32]byte, len(todo))
	// The pages are updated in place, each entry a key with its output
	// whether or not this rebuild ends well; the plan has no path twice
	// (Plan checks), so entries beyond its pages are those it lacks.
	if s.pages == nil {
		s.pages = make(map[string]page, len(jobs))
	}
	s.gen++
	next := 0
	for i, j := range jobs {
		data := s.pages[j.Path].data
		if next < len(at) && at[next] == i {
			data = rendered[next].Data
			looks[j.Path] = j.Look
			next++
		}
		s.pages[j.Path] = page{key: j.Key, data: data, gen: s.gen}
		files = append(files, output.File{Path: j.Path, Data: data})
	}
	if len(s.pages) > len(jobs) {
		maps.DeleteFunc(s.pages, func(_ string, p page) bool { return p.gen != s.gen })
	}
	taken := make(map[string]bool, len(posterFiles))
	for _, f := range posterFiles {
		taken[f.Path] = true
	}
	files = append(files, posterFiles...)
	if files, err = addStatic(files, func(p string) bool { _, ok := s.pages[p]; return ok || taken[p] }, s.theme.Static(), s.static); err != nil {
		return nil, err
	}
	files = s.order.sort(files)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.last = &built{model: model, plan: plan, files: files, at: make([]int, len(jobs))}
	good = true
	for k, i := range s.order.perm {
		if i < len(jobs) {
			s.last.at[i] = k
		}
	}
	lap(&stages.Assemble)
	return &Result{Files: files, Site: model, BaseURL: s.set.BaseURL, Reviews: len(model.Reviews), Films: len(model.Films),
		Rendered: len(todo), Looks: looks, Took: time.Since(start), Stages: stages, NextPublish: due,
		Warnings: model.Warnings, Encoded: encoded}, nil
}

// patch applies an edit that changed only what pages show of reviews, such
// as their bodies or titles, or their dates (site.Patch), to the last build
// in place, re-rendering only the pages that show those reviews or a list
// they moved in. It reports false, having changed nothing, for any other
// edit.
func (s *Session) patch(ctx context.Context, published []*content.Review, stages *Stages, lap func(*time.Duration)) (*Result, bool, error) {
	l := s.last
	patched, ok := l.model.Patch(s.model, published)
	if !ok {
		return nil, false, nil
	}
	changed, undo := patched.Changed, patched.Undo
	lap(&stages.Model)
	edit, ok := l.plan.Rekey(patched)
	if !ok {
		undo()
		l.plan.Forget(patched) // sums Rekey made of the content just undone
		return nil, false, nil
	}
	lap(&stages.Plan)
	// The other reviews' cards are what the last render made of them, but
	// for those of films that changed: the changed reviews', and those
	// whose related films did.
	films := slices.Clone(patched.Films)
	for _, r := range changed {
		films = append(films, r.FilmPage)
	}
	s.theme.Carry(films)
	rendered, err := s.execute(ctx, render.Jobs(edit.Render))
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		undo()
		l.plan.Forget(patched)
		s.theme.Drop() // cards of the content just undone
		return nil, true, err
	}
	lap(&stages.Render)
	l.plan.Commit(edit)
	files := slices.Clone(l.files)
	looks := make(map[string][32]byte, len(edit.Render))
	for n, c := range edit.Render {
		s.pages[c.Job.Path] = page{key: c.Job.Key, data: rendered[n].Data, gen: s.gen}
		files[l.at[c.At]] = rendered[n]
		looks[c.Job.Path] = c.Job.Look
	}
	for _, c := range edit.Keep {
		// The last good build's output, not s.pages': a rebuild that
		// failed since may have left its own page there, or none.
		s.pages[c.Job.Path] = page{key: c.Job.Key, data: l.files[l.at[c.At]].Data, gen: s.gen}
	}
	l.files = files
	lap(&stages.Assemble)
	return &Result{Files: files, Site: l.model, BaseURL: s.set.BaseURL, Reviews: len(l.model.Reviews), Films: len(l.model.Films),
		Rendered: len(edit.Render), Looks: looks, Stages: *stages, Warnings: l.model.Warnings, Patched: true}, true, nil
}

// preview renders the pages in view before the plan keys every page, and
// hands them to s.early with every other page held back (Early.Unplanned):
// on the whole path, a plan at 10,000 reviews takes 80 ms. A page that
// fails to render is left for the render to report.
func (s *Session) preview(ctx context.Context, jobs []render.Job) {
	files, err := s.theme.Execute(ctx, jobs)
	if err != nil {
		return
	}
	e := Early{Files: files, Looks: make(map[string][32]byte, len(jobs)), Unplanned: true}
	for _, j := range jobs {
		e.Looks[j.Path] = j.Look
	}
	s.early(e)
	s.early = nil // once
}

// execute renders jobs as Theme.Execute does, but the pages s.first
// lists before the others, handing those to s.early once they are
// rendered.
func (s *Session) execute(ctx context.Context, jobs []render.Job) ([]output.File, error) {
	if s.early == nil || len(s.first) == 0 {
		return s.theme.Execute(ctx, jobs) // no one to tell: not a page looked at twice
	}
	order := make([]int, 0, len(jobs)) // indices in jobs, the first pages first
	for i, j := range jobs {
		if slices.Contains(s.first, j.Path) {
			order = append(order, i)
		}
	}
	first := len(order)
	if first == 0 {
		return s.theme.Execute(ctx, jobs)
	}
	for i, j := range jobs {
		if !slices.Contains(s.first, j.Path) {
			order = append(order, i)
		}
	}
	sorted := make([]render.Job, len(jobs))
	for k, i := range order {
		sorted[k] = jobs[i]
	}
	files := make([]output.File, len(jobs))
	var left atomic.Int64
	left.Store(int64(first))
	err := s.theme.Stream(ctx, sorted, s.workers(), nil, func(k int, data []byte, lent bool) error {
		if lent {
			data = bytes.Clone(data)
		}
		files[order[k]] = output.File{Path: sorted[k].Path, Data: data}
		if k < first && left.Add(-1) == 0 {
			// The first pages were handed out first: every one of them
			// is in files now, whatever the workers do next.
			e := Early{Looks: make(map[string][32]byte, first)}
			for _, i := range order[:first] {
				e.Files = append(e.Files, files[i])
				e.Looks[jobs[i].Path] = jobs[i].Look
			}
			for _, i := range order[first:] {
				e.Stale = append(e.Stale, jobs[i].Path)
			}
			s.early(e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// workers is how many files are read and pages rendered at once.
func (s *Session) workers() int {
	if s.cfg.Workers > 0 {
		return s.cfg.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// invalidate forgets what the slash path p may have changed: the file or
// folder p, and the files read through symlinks whose way goes through
// it or into it.
func (s *Session) invalidate(p string) {
	p = path.Clean(strings.TrimPrefix(p, "./"))
	var links []string
	for link, to := range s.linked {
		for _, t := range to {
			if t == p || strings.HasPrefix(t, p+"/") {
				links = append(links, link)
				break
			}
		}
	}
	s.invalidateFile(p)
	for _, link := range links {
		s.invalidateFile(link)
	}
}

// invalidateFile forgets what the file or folder p may have changed.
func (s *Session) invalidateFile(p string) {
	s.links.forget(p)
	top, _, _ := strings.Cut(p, "/")
	if top != "content" && (own(p) || p == "." || p == "/") {
		s.last = nil
	}
	if s.posters.forget(p) {
		// A poster the last build read, or a folder holding some (a
		// review's lies in content/, a film data file's anywhere in the
		// site): the pages that show it change in ways a patch does not
		// follow.
		s.last = nil
	}
	switch {
	case p == "." || p == "/" || p == "":
		// Copies of posters are kept by their files' bytes: still right.
		made := s.posters.made
		*s = *NewSession(s.links.fsys, s.cfg)
		s.posters.made = made
	case p == ConfigFile:
		s.set = nil
	case top == "templates":
		s.theme = nil
	case top == "static":
		s.static = nil
	case top == "data":
		s.filmFiles = nil
		for f := range s.films {
			if f == p || strings.HasPrefix(f, p+"/") {
				s.stale[f] = true
			}
		}
	case top == "content":
		_, review := s.reviews[p]
		_, comment := s.comments[p]
		if review || comment {
			if info, err := fs.Stat(s.fsys, p); err == nil && info.Mode().IsRegular() {
				s.stale[p] = true // edited in place: no need to walk
				return
			}
		} else if _, err := fs.Lstat(s.fsys, p); errors.Is(err, fs.ErrNotExist) && !s.holds(p) {
			return // a file that came and went, such as an editor's temporary
		}
		if s.relist(p) {
			return
		}
		s.files = nil
		for f := range s.reviews {
			if f == p || strings.HasPrefix(f, p+"/") {
				s.stale[f] = true
			}
		}
		for f := range s.comments {
			if f == p || strings.HasPrefix(f, p+"/") {
				s.stale[f] = true
			}
		}
	}
}

// relist updates the list of review files for p alone, a review file
// that was added or removed, when nothing else content.Find reports can
// change with it: no file in the wrong place, no comment folder of its
// own. It reports false when content/ must be walked again (a walk of
// 10,000 reviews takes 40 ms).
func (s *Session) relist(p string) bool {
	if s.files == nil || len(s.misfiled) > 0 || !content.IsReview(p) || content.Debris(path.Base(p)) || len(s.commentFiles[p]) > 0 {
		return false
	}
	for d := path.Dir(p); strings.HasPrefix(d, content.Dir+"/"); d = path.Dir(d) {
		if name := path.Base(d); strings.HasPrefix(name, ".") || content.Debris(name) {
			return false // a folder the walk skips
		}
	}
	if _, err := fs.Lstat(s.fsys, content.CommentDir(p)); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	i, found := slices.BinarySearch(s.files, p)
	info, err := fs.Lstat(s.fsys, p)
	switch {
	case err == nil && info.Mode().IsRegular() && !found:
		s.files = slices.Concat(s.files[:i], []string{p}, s.files[i:])
	case errors.Is(err, fs.ErrNotExist) && found:
		s.files = slices.Concat(s.files[:i], s.files[i+1:])
		delete(s.reviews, p)
		delete(s.stale, p)
	default:
		return false
	}
	return true
}

// holds reports whether the session knows of a file at p or under it: a
// cached review or comment below the folder p, or a misplaced file.
func (s *Session) holds(p string) bool {
	for f := range s.reviews {
		if strings.HasPrefix(f, p+"/") {
			return true
		}
	}
	for f := range s.comments {
		if strings.HasPrefix(f, p+"/") {
			return true
		}
	}
	for _, err := range s.misfiled {
		var e *content.Error
		if errors.As(err, &e) && (e.File == p || strings.HasPrefix(e.File, p+"/")) {
			return true
		}
	}
	return false
}

// readSettings reads ssg.toml; a real change drops everything it shapes.
func (s *Session) readSettings() error {
	data, err := content.ReadFile(s.fsys, ConfigFile)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &content.Error{File: ConfigFile, Err: err}
	}
	set, err := loadSettings(s.fsys, s.cfg.BaseURL)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	if s.opts.Markdown != nil && sum == s.setSum {
		s.set = &set
		return nil
	}
	s.set, s.setSum = &set, sum
	mdOpts := markdown.Options{UnsafeHTML: set.Markdown.UnsafeHTML, Root: set.root}
	md := markdown.New(mdOpts)
	s.opts = content.Options{Scale: set.scale, Location: set.location, Markdown: md}
	if s.disk != nil {
		s.disk.memo(md, mdOpts)
		// A one-shot build reads published bodies back when their
		// pages render (stream) and renders no other.
		s.disk.docs.spills = s.out != nil
	}
	s.reviews = map[string]*parsed{}
	s.films = map[string]*parsedFilm{}
	s.stale = map[string]bool{}
	s.comments = map[string]*parsedComment{}
	s.discussions = map[string]*discussion{}
	s.pages = nil
	s.model = site.NewCache()
	s.last = nil
	return nil
}

// loadTheme parses the theme and reads the site's static files, unless
// the last rebuild did and nothing of them changed since, keeping each
// that loads and reporting the problems of both.
func (s *Session) loadTheme() error {
	var errs []error
	if s.theme == nil {
		theme, err := s.parseTheme()
		if err != nil {
			errs = append(errs, err)
		} else {
			s.theme = theme
		}
	}
	if s.static == nil {
		static, err := readStatic(s.fsys)
		if err != nil {
			errs = append(errs, err)
		} else {
			s.static = static
		}
	}
	return content.Join(errs)
}

// themeProblems reports what loadTheme would, keeping nothing: for a build
// that fails anyway, so that the next one still finds the theme and static
// files changed since the last good build (and hands no page out early).
func (s *Session) themeProblems() error {
	var errs []error
	if s.theme == nil {
		if _, err := s.parseTheme(); err != nil {
			errs = append(errs, err)
		}
	}
	if s.static == nil {
		if _, err := readStatic(s.fsys); err != nil {
			errs = append(errs, err)
		}
	}
	return content.Join(errs)
}

// parseTheme parses the site's templates over the embedded theme.
func (s *Session) parseTheme() (*render.Theme, error) {
	themeFS, err := overlay(s.fsys, "templates", ssg.Theme())
	if err != nil {
		return nil, err
	}
	theme, err := render.Load(themeFS)
	if err != nil {
		return nil, err
	}
	theme.Workers = s.cfg.Workers
	return theme, nil
}

// cacheDeps lists what the disk cache's page keys depend on besides the
// model and the templates: ssg.toml and the build's options.
func (s *Session) cacheDeps() []string {
	return []string{hex.EncodeToString(s.setSum[:]), s.cfg.BaseURL, strconv.FormatBool(s.cfg.Drafts), strconv.FormatBool(s.cfg.Future)}
}

// load returns every review that parses, in file order, carrying its
// comments, and every problem of content/, reading only the files it has
// not read or was told changed. The disk cache keeps the bodies of the
// reviews published at now.
func (s *Session) load(ctx context.Context, now time.Time) ([]*content.Review, error) {
	if s.files == nil {
		l, err := content.Find(s.fsys)
		if err != nil {
			return nil, err
		}
		s.files, s.commentFiles, s.misfiled = l.Reviews, l.Comments, l.Problems
		for f := range s.reviews {
			if _, found := slices.BinarySearch(s.files, f); !found {
				delete(s.reviews, f)
				delete(s.stale, f)
			}
		}
		s.pruneComments()
	}
	var todo []string
	for _, f := range s.files {
		if s.reviews[f] == nil || s.stale[f] {
			todo = append(todo, f)
		}
	}
	todoComments := s.staleComments()
	read := make([]*parsed, len(todo))
	progress := s.cfg.Progress
	if progress == nil {
		progress = new(Progress) // counted for no one
	}
	progress.Files.Store(int64(len(todo)))
	readComments := make([]*parsedComment, len(todoComments))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.workers())
	for i, f := range todo {
		// Bodies are handed out in file order, so that the cache's
		// records are too.
		var body *body
		if s.disk != nil && s.disk.docs != nil {
			body = s.disk.docs.body()
		}
		g.Go(func() error {
			defer progress.Loaded.Add(1)
			if body != nil {
				defer body.drop() // unless published
			}
			if err := gctx.Err(); err != nil {
				return err
			}
			src, err := content.ReadFile(s.fsys, f)
			if err != nil {
				read[i] = &parsed{err: &content.Error{File: f, Err: err}}
				return nil
			}
			sum := sha256.Sum256(src)
			if old := s.reviews[f]; old != nil && old.sum == sum {
				read[i] = old // saved without a change
				return nil
			}
			opts := s.opts
			if body != nil {
				opts.Markdown = body
			}
			r, err := content.Parse(f, src, opts)
			if body != nil && err == nil && len(site.Published([]*content.Review{r}, now, s.cfg.Drafts, s.cfg.Future)) == 1 {
				if body.publish() && s.out != nil {
					// A one-shot build reads the body back from the
					// cache when its pages render (stream).
					s.disk.spill(f, body)
					r.Body, r.SpoilerFree = "", ""
				}
			}
			read[i] = &parsed{sum: sum, review: r, err: err}
			return nil
		})
	}
	for i, f := range todoComments {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			readComments[i] = s.readComment(f)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, f := range todo {
		s.reviews[f] = read[i]
		delete(s.stale, f)
	}
	for i, f := range todoComments {
		s.comments[f] = readComments[i]
		delete(s.stale, f)
	}
	errs := slices.Clone(s.misfiled)
	discussed := s.discuss(&errs)
	reviews := make([]*content.Review, 0, len(s.files))
	for _, f := range s.files {
		p := s.reviews[f]
		if p.err != nil {
			errs = append(errs, p.err)
		}
		d := discussed[f]
		switch {
		case d != nil && d.out != nil:
			reviews = append(reviews, d.out)
		case p.review != nil:
			// Without its comments when they have problems, so that the
			// model still reports the review's own, such as a URL
			// collision.
			reviews = append(reviews, p.review)
		}
		if d != nil && d.err != nil {
			errs = append(errs, d.err)
		}
	}
	return reviews, content.Join(errs)
}

// loadFilms returns every film data file that parses, in file order, and
// every problem of data/films, reading only the files it has not read or
// was told changed.
func (s *Session) loadFilms(ctx context.Context) ([]*content.FilmFile, error) {
	if s.filmFiles == nil {
		files, strays, err := content.FindFilmFiles(s.fsys)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", content.FilmDir, err)
		}
		s.filmFiles, s.strays = files, strays
		if s.filmFiles == nil {
			s.filmFiles = []string{} // listed: none
		}
		for f := range s.films {
			if _, found := slices.BinarySearch(files, f); !found {
				delete(s.films, f)
				delete(s.stale, f)
			}
		}
	}
	var todo []string
	for _, f := range s.filmFiles {
		if s.films[f] == nil || s.stale[f] {
			todo = append(todo, f)
		}
	}
	read := make([]*parsedFilm, len(todo))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.workers())
	for i, f := range todo {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			src, err := content.ReadFile(s.fsys, f)
			if err != nil {
				read[i] = &parsedFilm{err: &content.Error{File: f, Err: err}}
				return nil
			}
			sum := sha256.Sum256(src)
			if old := s.films[f]; old != nil && old.sum == sum {
				read[i] = old // the same film: the model's caches keep it
				return nil
			}
			ff, err := content.ParseFilmFile(f, src, s.set.location)
			read[i] = &parsedFilm{sum: sum, film: ff, err: err}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, f := range todo {
		s.films[f] = read[i]
		delete(s.stale, f)
	}
	var films []*content.FilmFile
	errs := slices.Clone(s.strays)
	for _, f := range s.filmFiles {
		p := s.films[f]
		if p.film != nil {
			films = append(films, p.film)
		}
		if p.err != nil {
			errs = append(errs, p.err)
		}
	}
	return films, content.Join(errs)
}

// Debris reports whether a file or folder name is an editor's or system's
// temporary file, which a build skips and the dev server does not watch.
func Debris(name string) bool { return content.Debris(name) }

// readStatic reads the site's static/ files, sorted by path.
func readStatic(fsys fs.FS) ([]output.File, error) {
	paths, err := content.Files(fsys, "static")
	if err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	files := []output.File{}
	var errs []error
	for _, p := range paths {
		rel := strings.TrimPrefix(p, "static/")
		if !output.ValidPath(rel) {
			errs = append(errs, &content.Error{File: p, Err: errors.New("this file name cannot be published")})
			continue
		}
		data, err := content.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, &content.Error{File: p, Err: err})
			continue
		}
		files = append(files, output.File{Path: rel, Data: data})
	}
	if err := content.Join(errs); err != nil {
		return nil, err
	}
	return files, nil
}

// addStatic adds the theme's static files and then the site's to files:
// a site's file may replace a theme asset but not a page or a poster,
// whose paths are taken.
func addStatic(files []output.File, taken func(string) bool, theme, site []output.File) ([]output.File, error) {
	assets := make(map[string]int, len(theme))
	for _, f := range theme {
		if taken(f.Path) {
			return nil, errors.New("render: two pages write " + f.Path)
		}
		assets[f.Path] = len(files)
		files = append(files, f)
	}
	var errs []error
	built := len(files) // pages, copies and theme files
	for _, f := range site {
		if taken(f.Path) && f.Path == "robots.txt" {
			// A site's own robots.txt replaces the one ssg writes.
			i := slices.IndexFunc(files, func(g output.File) bool { return g.Path == f.Path })
			files[i] = f
			continue
		}
		if taken(f.Path) {
			errs = append(errs, &content.Error{File: "static/" + f.Path, Err: fmt.Errorf("would replace the page /%s that ssg builds", f.Path)})
			continue
		}
		if i, ok := assets[f.Path]; ok {
			files[i] = f
			continue
		}
		files = append(files, f)
	}
	errs = append(errs, staticFolders(files[:built], taken, assets, site)...)
	return files, content.Join(errs)
}

// staticFolders reports the site's static files that are files where ssg
// needs a folder, or need a folder where ssg writes a file: a page, a
// poster's copy or a theme file (static/reviews beside the review pages,
// static/index.xml/a.txt beside the feed). built holds the pages, copies
// and theme files; taken tells pages and copies by path.
func staticFolders(built []output.File, taken func(string) bool, assets map[string]int, site []output.File) []error {
	if len(site) == 0 {
		return nil
	}
	own := make(map[string]bool, len(site))
	for _, f := range site {
		own[f.Path] = true
	}
	bad := map[string]string{} // by static file, what is wrong
	for _, f := range site {
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			if _, asset := assets[d]; (asset || taken(d)) && !own[d] {
				bad[f.Path] = fmt.Sprintf("needs /%s to be a folder, but ssg writes the file /%s", d, d)
				break
			}
		}
	}
	for _, g := range built {
		for d := path.Dir(g.Path); d != "."; d = path.Dir(d) {
			if own[d] {
				if _, ok := bad[d]; !ok {
					bad[d] = fmt.Sprintf("is a file where ssg needs a folder, for /%s", g.Path)
				}
				break
			}
		}
	}
	var errs []error
	for _, p := range slices.Sorted(maps.Keys(bad)) {
		errs = append(errs, &content.Error{File: "static/" + p, Err: errors.New(bad[p])})
	}
	return errs
}

// order sorts a build's files by path, remembering the permutation: a
// rebuild usually has the same paths, often in the same order, as the last
// one (an edit that moves a review among the others reorders its pages).
type order struct {
	paths []string       // the last input's paths, in input order
	perm  []int          // perm[k] is the input index of the k-th file by path
	at    map[string]int // the sorted index of each path
}

func (o *order) sort(files []output.File) []output.File {
	same := len(o.paths) == len(files)
	for i := 0; same && i < len(files); i++ {
		same = o.paths[i] == files[i].Path
	}
	if !same && !o.place(files) {
		o.paths = make([]string, len(files))
		o.perm = make([]int, len(files))
		for i, f := range files {
			o.paths[i] = f.Path
			o.perm[i] = i
		}
		slices.SortFunc(o.perm, func(a, b int) int { return strings.Compare(o.paths[a], o.paths[b]) })
		o.at = make(map[string]int, len(files))
		for k, i := range o.perm {
			o.at[o.paths[i]] = k
		}
	}
	out := make([]output.File, len(files))
	for k, i := range o.perm {
		out[k] = files[i]
	}
	return out
}

// place makes the permutation of files from the sorted places of the last
// input's paths, reporting false when files has other paths. Paths are
// unique (render.Plan checks), so as many known paths are the same set;
// a path seen twice all the same gets the full sort.
func (o *order) place(files []output.File) bool {
	if len(files) != len(o.at) || len(files) != len(o.paths) {
		return false // other paths, or the last input had one twice
	}
	perm := make([]int, len(files))
	for k := range perm {
		perm[k] = -1
	}
	for i, f := range files {
		k, ok := o.at[f.Path]
		if !ok || perm[k] >= 0 {
			return false
		}
		perm[k] = i
	}
	o.perm = perm
	for i, f := range files {
		o.paths[i] = f.Path
	}
	return true
}
