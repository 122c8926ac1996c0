package generator

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"ssg/generator/content"
	"ssg/generator/output"
	"ssg/generator/render"
	"ssg/generator/site"
)

// opener starts taking one build's output: it is told every path first,
// then gets each file through the sink's put, from several goroutines at
// once; data is only lent to put. The sink's keep, when not nil, takes a
// file the output already holds instead (output.Writer.Keep): for a
// poster's copies, whose names change with their bytes.
type opener func(paths []string) (*sink, error)

// stream hands the build's pages to s.out as the render workers make them,
// keeping none, and drops the reviews' bodies once the pages that show them
// are made: a one-shot build then needs memory for its model and the
// pages in flight, not for the whole site's output. There are more
// workers than cores, so that one waiting on the disk does not leave a
// core idle. Static files go first; posters' copies are made on every
// core while pages render, and handed on as each is made, unless the
// output already holds them.
func (s *Session) stream(ctx context.Context, model *site.Site, plan *render.Plan, posters *posterPlan, lap func(*time.Duration), stages *Stages) (*Result, error) {
	jobs := plan.Jobs
	files := make([]output.File, 0, len(jobs)+len(s.theme.Static())+len(s.static))
	pages := make(map[string]page, len(jobs))
	for _, j := range jobs {
		if _, dup := pages[j.Path]; dup {
			return nil, errors.New("render: two pages write " + j.Path)
		}
		pages[j.Path] = page{}
		files = append(files, output.File{Path: j.Path})
	}
	taken := func(p string) bool {
		_, page := pages[p]
		_, copy := posters.copies[p]
		return page || copy
	}
	files, err := addStatic(files, taken, s.theme.Static(), s.static)
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(files), len(files)+len(posters.copies))
	var todo []int // indexes in jobs of the pages to render
	for i, f := range files {
		paths[i] = f.Path
		if i < len(jobs) && f.Data == nil {
			todo = append(todo, i) // not replaced by a static file
		}
	}
	paths = append(paths, slices.Sorted(maps.Keys(posters.copies))...)
	sink, err := s.out(paths)
	if err != nil {
		return nil, err
	}
	if s.disk != nil {
		todo = s.disk.fresh(jobs, todo, s.cacheDeps()...)
	}
	put := sink.put
	making := s.posters.start(ctx, s.fsys, posters, sink)
	defer making.stop()
	for _, f := range files {
		if f.Data != nil {
			if err := put(f.Path, f.Data); err != nil {
				return nil, err
			}
		}
	}
	progress := s.cfg.Progress
	if progress == nil {
		progress = new(Progress)
	}
	progress.Pages.Store(int64(len(todo)))
	if s.cfg.Rendering != nil {
		s.cfg.Rendering()
	}
	// The pages that can print a review's body go first, film by film.
	// Each film's reviews' bodies, most of what a build holds (half of
	// 1.5 GB at 100,000 reviews), are dropped as soon as the last page
	// that reaches the film is made; those left go before the other pages
	// render, which cannot read them. The session is not used again.
	var first, rest []int
	for _, i := range todo {
		if s.theme.ShowsBodies(jobs[i]) {
			first = append(first, i)
		} else {
			rest = append(rest, i)
		}
	}
	order := make(map[*site.Film]int, len(model.Films))
	for n, f := range model.Films {
		order[f] = n + 1
	}
	lead := func(i int) int { // the film a page is mostly about
		if r := plan.Reach(i); len(r) > 0 {
			return order[r[0]]
		}
		return 0
	}
	slices.SortStableFunc(first, func(a, b int) int { return lead(a) - lead(b) })
	// whole: a page reaches the whole model: keep every body till the end.
	readers, whole := countReaches(plan, first, func(int) bool { return true })
	drop := func(reviews []*site.Review) {
		for _, r := range reviews {
			r.Body, r.SpoilerFree = "", ""
		}
	}
	// Bodies that loading let go of (spilled to the build cache) are
	// read back film by film, before the first page reaching the film
	// renders.
	restore := s.disk.restorer(func(file string) (*content.Review, error) {
		src, err := content.ReadFile(s.fsys, file)
		if err != nil {
			return nil, &content.Error{File: file, Err: err}
		}
		return content.Parse(file, src, s.opts)
	})
	type bodies struct {
		once sync.Once
		err  error
	}
	fetched := map[*site.Film]*bodies{}
	for f := range readers {
		fetched[f] = new(bodies)
	}
	if restore != nil && whole {
		if err := restore(model.Reviews); err != nil {
			return nil, err
		}
		restore = nil
	}
	// What the other pages' layouts cache of a film and its reviews
	// (cards) is forgotten once the last of them that reaches the film
	// is made: most of a list page's memory at 100,000 reviews.
	shows, keepCards := countReaches(plan, rest, func(i int) bool { return !jobs[i].Encoded() })
	forget := func(f *site.Film) {
		s.theme.Forget(f)
		for _, r := range f.Reviews {
			s.theme.Forget(r)
		}
	}
	for phase, ids := range [][]int{first, rest} {
		if phase == 1 {
			drop(model.Reviews)
		}
		jobs := make([]render.Job, len(ids))
		for n, i := range ids {
			jobs[n] = plan.Jobs[i]
		}
		var ready func(n int) error
		if phase == 0 && restore != nil {
			ready = func(n int) error {
				for _, f := range plan.Reach(ids[n]) {
					b := fetched[f]
					b.once.Do(func() { b.err = restore(f.Reviews) })
					if b.err != nil {
						return b.err
					}
				}
				return nil
			}
		}
		err = s.theme.Stream(ctx, jobs, output.Workers(), ready, func(n int, data []byte, _ bool) error {
			err := put(jobs[n].Path, data)
			progress.Rendered.Add(1)
			// The page's own data (its Page, pager, descriptions) is not
			// read again: let the collector stop marking it.
			jobs[n].Release()
			plan.Jobs[ids[n]].Release()
			switch {
			case phase == 0 && !whole:
				for _, f := range plan.Reach(ids[n]) {
					// Every page that reaches f is made: no one reads
					// its reviews' bodies again.
					if f != nil && readers[f].Add(-1) == 0 {
						drop(f.Reviews)
					}
				}
			case phase == 1 && !keepCards && !jobs[n].Encoded():
				for _, f := range plan.Reach(ids[n]) {
					if f != nil && shows[f].Add(-1) == 0 {
						forget(f)
					}
				}
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	s.theme.Drop() // no patch follows a one-shot build
	lap(&stages.Render)
	_, encoded, err := s.posters.wait(ctx, making)
	if err != nil {
		return nil, err
	}
	lap(&stages.Posters)
	return &Result{Site: model, BaseURL: s.set.BaseURL, Reviews: len(model.Reviews), Films: len(model.Films),
		Rendered: len(todo), Stages: *stages, Warnings: model.Warnings, Encoded: encoded}, nil
}

// countReaches counts, for each film, the pages of ids that reach it, of
// those counted says to count; whole is set when one reaches the whole
// model.
func countReaches(plan *render.Plan, ids []int, counted func(i int) bool) (counts map[*site.Film]*atomic.Int32, whole bool) {
	counts = map[*site.Film]*atomic.Int32{}
	for _, i := range ids {
		if !counted(i) {
			continue
		}
		for _, f := range plan.Reach(i) {
			if f == nil {
				whole = true
				continue
			}
			if counts[f] == nil {
				counts[f] = new(atomic.Int32)
			}
			counts[f].Add(1)
		}
	}
	return counts, whole
}
