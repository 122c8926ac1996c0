package render

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"ssg/generator/output"
	"ssg/generator/site"
)

// funcs are the few helpers templates get; everything else is precomputed.
var funcs = template.FuncMap{
	"join": strings.Join,
	// cached is bound to each layout's set by Load (Theme.cached).
	"cached": func(name string, data any) (template.HTML, error) {
		return "", errors.New("cached: not bound to a theme")
	},
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i + 1
		}
		return s
	},
}

// job is one page to render with one layout.
type job struct {
	layout string
	page   *Page
	// encode, when set, writes the page in Go instead of with a layout
	// (feeds, sitemaps); layout then only names the encoder for keys.
	encode encoder
}

// encoder writes one non-HTML page from its data. It reads only p and
// what p reaches, so the page's key covers its output.
type encoder func(p *Page) ([]byte, error)

// Job is one page of a plan: where it goes and what its output depends on.
type Job struct {
	Path string // output path: "reviews/x/index.html"
	Key  Key    // everything the output depends on
	// Look is Key without the stylesheet URL: when only Key differs, the
	// page changed only in its stylesheet link.
	Look Key
	job
}

// Encoded reports whether the page is written in Go (a feed, a sitemap)
// rather than with a layout: one that runs no template.
func (j Job) Encoded() bool { return j.encode != nil }

// Release lets go of the page's data once it is rendered, for a build
// that renders it once: the job can no longer be rendered or re-keyed,
// but keeps its Path, Key and Look.
func (j *Job) Release() { j.page = nil }

// Static returns the theme's static files, sorted by path. Shared: do not
// modify them.
func (t *Theme) Static() []output.File { return t.static }

// Plan is every page of one model in a fixed order with its key. It keeps
// what the keys were made from, so that after an edit that leaves the
// model's shape alone (site.Patch) only the pages that reach the edited
// reviews are keyed again.
type Plan struct {
	Jobs  []Job
	theme *Theme
	info  Info
	// look is what a page shows of the site (Info); bare leaves out the
	// site's counts, for the pages whose layout cannot print them, so
	// that a review added does not change every page's key.
	look, bare [32]byte
	keyer      *keyer // the sums of every review and film, for Rekey
	// reach lists, for each job, the films its data reaches (a film
	// stands for its reviews too); nil stands for the whole model.
	reach [][]*site.Film
}

// Plan lists every page of s in a fixed order with its keys, rendering
// nothing. keys says whether they must outlive the process.
func (t *Theme) Plan(s *site.Site, info Info, keys Keys) (*Plan, error) {
	return t.PlanFirst(s, info, keys, nil, nil)
}

// PlanFirst is Plan, but calls first, before keying every page (most of
// a plan's time) and, when no review has an alias, before listing them,
// with the jobs of the pages at the output paths paths lists, so that a
// dev server can render the pages in view at once. It does not call first
// when pages collide.
func (t *Theme) PlanFirst(s *site.Site, info Info, keys Keys, paths []string, first func([]Job)) (*Plan, error) {
	info.Model = s
	info.Reviews = len(s.Reviews)
	info.Films = len(s.Films)
	info.Scale = s.Scale.String()
	info.PerPage = s.PerPage
	if info.CSS == "" && t.css != "" {
		info.CSS = info.Root + "/style.css?v=" + t.css
	}
	k := newKeyer(s)
	k.stable = keys
	plan := &Plan{theme: t, look: k.info(&info, t.usesModel, true), bare: k.info(&info, t.usesModel, false), keyer: k}
	plan.info = info
	// The pages in view are listed and keyed alone, with a keyer of
	// their own: the same pages and keys as below, from a few films' sums
	// instead of every one. Pages can collide only through aliases
	// (slugs are unique and lowercase): without any, they are handed out
	// before every page is listed and checked; with some, after.
	early := func() {
		k := newKeyer(s)
		k.stable = keys
		h := k.digest()
		var jobs []Job
		for _, j := range pages(s, &info, wanted(paths, info.Root)) {
			job, _ := plan.key(k, h, j)
			jobs = append(jobs, job)
		}
		if len(jobs) > 0 {
			first(jobs)
		}
	}
	aliased := slices.ContainsFunc(s.Reviews, func(r *site.Review) bool { return len(r.Aliases) > 0 })
	if first != nil && len(paths) > 0 && !aliased {
		early()
	}
	pages := pages(s, &info, nil)
	if err := collisions(pages, info.Root, t.static); err != nil {
		return nil, err
	}
	if first != nil && len(paths) > 0 && aliased {
		early()
	}
	plan.Jobs = make([]Job, len(pages))
	plan.reach = make([][]*site.Film, len(pages))
	workers := t.workers()
	forks := k.prepare(t.usesModel, workers)
	chunk := (len(pages) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := 0; w < workers && w*chunk < len(pages); w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(pages))
		wg.Go(func() {
			k := forks[w]
			h := k.digest()
			for i := lo; i < hi; i++ {
				plan.Jobs[i], plan.reach[i] = plan.key(k, h, pages[i])
				if t.usesModel {
					// .Site.Model, summed once for all pages by info,
					// lets any page reach any review.
					plan.reach[i] = append(plan.reach[i], nil)
				}
			}
			compact(plan.reach[lo:hi])
		})
	}
	wg.Wait()
	return plan, nil
}

// compact moves reaches into one array of their exact size, each film
// once: the keyer's array they share grew by doubling, with films met
// again and again (a term page's reviews are often of one film). A
// 100,000-review plan's reaches took 60 MB before.
func compact(reach [][]*site.Film) {
	n := 0
	for _, r := range reach {
		n += len(r)
	}
	all := make([]*site.Film, 0, n)
	for i, r := range reach {
		from := len(all)
		var seen map[*site.Film]bool // for long reaches: a search index reaches every film
		if len(r) > 64 {
			seen = make(map[*site.Film]bool, len(r))
		}
		for _, f := range r {
			switch {
			case seen != nil:
				if seen[f] {
					continue
				}
				seen[f] = true
			case slices.Contains(all[from:], f):
				continue
			}
			all = append(all, f)
		}
		reach[i] = all[from:len(all):len(all)]
	}
}

// key keys one job with k, which collects what the job reaches.
func (p *Plan) key(k *keyer, h *digest, j job) (Job, []*site.Film) {
	from := len(k.reach)
	k.floor = from
	h.Reset()
	if j.encode != nil {
		writeString(h, "encoder "+j.layout)
	} else {
		version := p.theme.versions[j.layout]
		h.Write(version[:])
	}
	if j.encode == nil && p.theme.counts[j.layout] {
		h.Write(p.look[:])
	} else {
		h.Write(p.bare[:]) // encoders read no counts
	}
	k.page(h, j.page)
	out := Job{Path: filePath(j.page.URL, p.info.Root), job: j}
	out.Look = h.sum()
	h.Reset()
	h.Write(out.Look[:])
	writeString(h, p.info.CSS)
	out.Key = h.sum()
	return out, k.reach[from:len(k.reach):len(k.reach)]
}

// Edit is what Rekey found: the pages whose key changed, by index in
// Jobs with their new job, split into those to render again and those
// whose output cannot have changed (their layouts printing no body, or
// their page made again with the same key).
type Edit struct {
	Render, Keep []Change
}

// Change is a job with a new key.
type Change struct {
	At  int
	Job Job
	// reach is what the new job's data reaches (Plan.reach), for Commit.
	reach []*site.Film
}

// Jobs lists the jobs of changes.
func Jobs(changes []Change) []Job {
	out := make([]Job, len(changes))
	for i, c := range changes {
		out[i] = c.Job
	}
	return out
}

// Rekey keys again the pages that reach the reviews site.Patch has just
// changed or moved: those whose data reaches the film of an edited or
// shifted review (a list page showing a window of a list that a review
// moved in reaches a review that moved). When dates changed, the sitemap's
// dates are made again, as they are when ratings' or terms' lists changed;
// when ratings or lists did, the pages holding copies of what they go into
// (remakeCopies). It changes nothing of p but its sums: Commit keeps
// the new keys, Forget undoes a patch that is then reverted. It reports
// false when every page would need it, for a theme that reads the whole
// model, or for a sitemap split in parts.
func (p *Plan) Rekey(e site.Patched) (Edit, bool) {
	var out Edit
	if p.theme.usesModel {
		return out, false
	}
	// The sitemap dates each page by the newest review it shows: moving
	// reviews in time or between ratings' lists changes them.
	restamp := e.Dated || len(e.Buckets) > 0 || e.Relisted
	var sitemap int // the index of the sitemap's job; -1 when it has none
	if restamp {
		sitemap = slices.IndexFunc(p.Jobs, func(j Job) bool { return j.job.layout == "sitemap" })
		if slices.ContainsFunc(p.Jobs, func(j Job) bool { return j.job.layout == "sitemap index" }) {
			return out, false
		}
	}
	p.keyer.forget(e.Changed, e.Films)
	films := map[*site.Film]bool{}
	reviews := map[*site.Review]bool{}
	for _, r := range e.Changed {
		films[r.FilmPage] = true
		reviews[r] = true
	}
	for _, r := range e.Shifted {
		films[r.FilmPage] = true
	}
	for _, f := range e.Films {
		films[f] = true
	}
	k := p.keyer
	h := k.digest()
	// rekey keys job i again with j; remade says j's page is new. A new
	// page is kept even with the same key: its data may point at lists
	// the model now holds instead of the ones the old page showed, which
	// a later patch reorders.
	rekey := func(i int, j job, remade bool) {
		k.reach = k.reach[:0]
		next, reach := p.key(k, h, j)
		same := next.Key == p.Jobs[i].Key
		if same && !remade {
			return
		}
		one := [][]*site.Film{reach}
		compact(one) // a copy: reach is the keyer's
		c := Change{i, next, one[0]}
		if !same && (!e.Bodies || p.theme.showsBodies(next.job)) {
			out.Render = append(out.Render, c)
		} else {
			out.Keep = append(out.Keep, c)
		}
	}
	var remade map[int]*Page
	if e.Rated || e.Relisted {
		remade = p.remakeCopies(e)
	}
	for i, reach := range p.reach {
		page, again := remade[i]
		if restamp && i == sitemap || !again && !slices.ContainsFunc(reach, func(f *site.Film) bool { return f == nil || films[f] }) {
			continue
		}
		j := p.Jobs[i].job
		if again {
			j.page = page
		}
		if onlyDrafts(j.page) != p.Jobs[i].job.page.Drafts {
			// A page that comes to show only drafts, or no longer does,
			// changes its noindex and its place in the sitemap: the
			// whole path makes both again.
			return Edit{}, false
		}
		if reviews[j.page.Review] {
			j.page = fromReview(*j.page)
		}
		rekey(i, j, again)
	}
	if restamp && sitemap >= 0 {
		// A page's date changed only if its key did, or if it is dated
		// by the site's newest review.
		changed := map[int]*Page{}
		for _, c := range slices.Concat(out.Render, out.Keep) {
			changed[c.At] = c.Job.page
		}
		j := p.Jobs[sitemap].job
		page := *j.page
		n, copied := 0, false
		for i, job := range p.Jobs {
			if !inSitemap(job.job) {
				continue
			}
			pg, ok := changed[i]
			if !ok && siteDated(job.page) {
				pg, ok = job.page, true
			}
			if ok {
				if m := lastmod(k.model, pg); m != page.Sitemap[n].Lastmod {
					if !copied {
						page.Sitemap, copied = slices.Clone(page.Sitemap), true
					}
					page.Sitemap[n].Lastmod = m
				}
			}
			n++
		}
		if copied { // else no date changed, nor the sitemap's key
			j.page = &page
			rekey(sitemap, j, false)
		}
	}
	return out, true
}

// remakeCopies makes again the pages whose data holds copies of what changed
// ratings and terms' lists go into (the site's histogram, films' and
// terms' averages, ratings' and terms' counts and lists): the ratings
// index, the pages of the ratings whose lists changed, the pages of the
// changed reviews' films, the pages of the terms counted again and the
// index pages listing them. It returns them by index in Jobs.
func (p *Plan) remakeCopies(e site.Patched) map[int]*Page {
	s := p.keyer.model
	buckets := map[string]*site.Bucket{}
	views := map[string]*site.Bucket{}
	for _, b := range e.Buckets {
		buckets[b.URL], views[b.URL] = b, ratingView(b)
	}
	terms := map[string]*site.Term{}  // views
	listed := map[string]*site.Term{} // the model's
	for _, t := range e.Terms {
		v := termView(t)
		terms[t.URL], listed[t.URL] = &v, t
	}
	films := map[*site.Film]bool{}
	for _, r := range e.Changed {
		films[r.FilmPage] = true
	}
	out := map[int]*Page{}
	for i, j := range p.Jobs {
		old := j.job.page
		if j.job.encode != nil {
			continue
		}
		var page *Page
		remake := func() *Page {
			if page == nil {
				c := *old
				page = &c
			}
			return page
		}
		switch old.Kind {
		case "ratings":
			remake().Description = ratingsDescription(s, &p.info)
		case "rating":
			if b := buckets[old.Bucket.URL]; b != nil {
				n := 1
				if old.Pager != nil {
					n = old.Pager.Number
				}
				page := remake()
				page.Bucket, page.Reviews = views[b.URL], pageOf(b.Reviews, s.PerPage, n)
			}
		case "film":
			if films[old.Film] {
				remake().Description = filmDescription(old.Film)
			}
		case "term":
			if t := listed[old.Term.URL]; t != nil {
				n := 1
				if old.Pager != nil {
					n = old.Pager.Number
				}
				v := terms[t.URL]
				page := remake()
				page.Term, page.Description, page.Reviews = v, termDescription(old.Title, v), pageOf(t.Reviews, s.PerPage, n)
			}
		case "terms":
			for k, t := range old.Terms {
				if v := terms[t.URL]; v != nil {
					if page == nil {
						remake().Terms = slices.Clone(old.Terms)
					}
					page.Terms[k] = v // page is set now
				}
			}
		}
		if page != nil {
			out[i] = page
		}
	}
	return out
}

// Commit keeps the new keys of an edit, once its pages are rendered.
func (p *Plan) Commit(e Edit) {
	for _, c := range slices.Concat(e.Render, e.Keep) {
		p.Jobs[c.At] = c.Job
		p.reach[c.At] = c.reach
	}
}

// Forget drops the sums made from what the patch e changed, after it was
// undone.
func (p *Plan) Forget(e site.Patched) { p.keyer.forget(e.Changed, e.Films) }

// blindEncoders are the encoders whose output no review's body reaches;
// TestBlindPages checks them.
var blindEncoders = map[string]bool{"alias": true, "search index": true, "sitemap": true, "sitemap index": true, "robots": true}

// showsBodies reports whether j's output can change with a review's body.
// Reach lists the films whose reviews the page of Jobs[i] may show (a nil
// film stands for the whole model), as keying found them. Shared: do not
// modify it.
func (p *Plan) Reach(i int) []*site.Film { return p.reach[i] }

// ShowsBodies reports whether the page of j may print a review's body (or
// anything else from the markdown file as a whole, such as its comments):
// its layout's templates can reach one, or its encoder is not known to be
// blind to them.
func (t *Theme) ShowsBodies(j Job) bool { return t.showsBodies(j.job) }

func (t *Theme) showsBodies(j job) bool {
	if j.encode != nil {
		return !blindEncoders[j.layout]
	}
	return t.bodies[j.layout]
}

// workers is Workers, or GOMAXPROCS when it is 0.
func (t *Theme) workers() int {
	if t.Workers > 0 {
		return t.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Execute renders jobs in parallel: files[i] is the page of jobs[i]. Every
// template error is reported, each distinct one once.
func (t *Theme) Execute(ctx context.Context, jobs []Job) ([]output.File, error) {
	files := make([]output.File, len(jobs))
	err := t.Stream(ctx, jobs, t.workers(), nil, func(i int, data []byte, lent bool) error {
		if lent {
			data = bytes.Clone(data)
		}
		files[i] = output.File{Path: jobs[i].Path, Data: data}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// Stream renders jobs on the given number of goroutines and hands each
// page to put, from those goroutines, as soon as it is made: put(i, data,
// lent) gets the page of jobs[i]. When lent is set, data is a buffer that
// is reused once put returns. ready, when not nil, is called with i just
// before jobs[i] renders, on the same goroutine, to fetch what it needs.
// Every template error is reported, each distinct one once; an error from
// put or ready stops the rendering.
func (t *Theme) Stream(ctx context.Context, jobs []Job, workers int, ready func(i int) error, put func(i int, data []byte, lent bool) error) error {
	memo := t.carried
	if memo == nil {
		memo = new(sync.Map)
		t.others = nil
	}
	t.carried, t.last = nil, nil
	t.memo.Store(memo)
	defer t.memo.Store(nil)
	errs := make([]error, len(jobs))
	g, ctx := errgroup.WithContext(ctx)
	// Pages are handed out one at a time: their costs differ a hundredfold
	// (a search index, a list page, a review), and a few often change.
	var next atomic.Int64
	for range min(workers, len(jobs)) {
		g.Go(func() error {
			var buf bytes.Buffer // each worker's own, reused for every page
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return nil
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				if ready != nil {
					if err := ready(i); err != nil {
						return err
					}
				}
				j := jobs[i]
				if j.encode != nil {
					data, err := j.encode(j.page)
					if err != nil {
						errs[i] = err
						continue
					}
					if err := put(i, data, false); err != nil {
						return err
					}
					continue
				}
				buf.Reset()
				if err := t.layouts[j.layout].ExecuteTemplate(&buf, "base.html", j.page); err != nil {
					errs[i] = templateError(err)
					continue
				}
				if err := put(i, buf.Bytes(), true); err != nil {
					return err
				}
			}
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if err := pageErrors(jobs, errs); err != nil {
		return err
	}
	t.last = memo
	return nil
}

// pageErrors reports each distinct template error once, in page order,
// naming the first page it broke and how many more it did.
func pageErrors(jobs []Job, errs []error) error {
	type seen struct {
		url  string
		more int
	}
	byText := map[string]*seen{}
	var order []string
	for i, err := range errs {
		if err == nil {
			continue
		}
		if s := byText[err.Error()]; s != nil {
			s.more++
			continue
		}
		byText[err.Error()] = &seen{url: jobs[i].page.URL}
		order = append(order, err.Error())
	}
	var out []error
	for _, text := range order {
		s := byText[text]
		where := s.url
		if s.more > 0 {
			where = fmt.Sprintf("%s (and %d more pages)", s.url, s.more)
		}
		out = append(out, fmt.Errorf("rendering %s: %s", where, text))
	}
	return errors.Join(out...)
}

// filePath maps a page URL to its file: "/blog/reviews/x/" to
// "reviews/x/index.html"; URLs ending in a file name are kept.
func filePath(url, root string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(url, root), "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// pages lists every page of the site in a fixed order. Its sections are
// made on every core and joined in order; the sitemap, which lists the
// others, comes last. With want, it lists only the pages whose URL want
// accepts, but the sitemap, and makes no other page: a dev server renders
// the pages in view before the others are listed.
func pages(s *site.Site, info *Info, want func(url string) bool) []job {
	root := info.Root
	nav := &sharedNavs{navs: navs{}}
	skip := func(url string) bool { return want != nil && !want(url) }
	sections := []func(add func(string, *Page), encoded func(string, *Page, encoder)){
		func(add func(string, *Page), _ func(string, *Page, encoder)) {
			paginate(s.Reviews, s.PerPage, root+"/", func(items []*site.Review, pager *Pager, url string) {
				if skip(url) {
					return
				}
				add("home.html", &Page{Kind: "home", URL: url, Reviews: items, Pager: pager,
					Description: fmt.Sprintf("%s: %d film reviews", info.Title, len(s.Reviews))})
			})
		},
		func(add func(string, *Page), encoded func(string, *Page, encoder)) {
			// By URL, not by date: moving a review in time (site.Patch)
			// moves no page among the jobs, nor in the sitemap. A few
			// pages asked for come in any order.
			bySlug := s.Reviews
			if want == nil {
				bySlug = slices.SortedFunc(slices.Values(s.Reviews), func(a, b *site.Review) int { return strings.Compare(a.Slug, b.Slug) })
			}
			for _, r := range bySlug {
				if !skip(r.URL) {
					add("review.html", fromReview(Page{Kind: "review", URL: r.URL, Review: r}))
				}
				for _, a := range r.Aliases {
					if !skip(root + a) {
						encoded("alias", fromReview(Page{Kind: "alias", URL: root + a, Review: r}), encodeAlias)
					}
				}
			}
		},
		func(add func(string, *Page), _ func(string, *Page, encoder)) {
			paginate(s.Films, s.PerPage, root+"/films/", func(items []*site.Film, pager *Pager, url string) {
				if skip(url) {
					return
				}
				add("films.html", &Page{Kind: "films", Title: "Films", URL: url, Films: items, Pager: pager,
					Description: fmt.Sprintf("All %d films reviewed on %s", len(s.Films), info.Title)})
			})
			for _, f := range s.Films {
				if skip(f.URL) {
					continue
				}
				add("film.html", &Page{Kind: "film", Title: f.Label(), URL: f.URL, Film: f, Histogram: &f.Histogram,
					Description: filmDescription(f)})
			}
			if !skip(root + "/ratings/") {
				add("ratings.html", &Page{Kind: "ratings", Title: "Ratings", URL: root + "/ratings/", Histogram: &s.Histogram,
					Description: ratingsDescription(s, info)})
			}
			for _, b := range s.Buckets {
				if b.URL == "" {
					continue
				}
				// Each page gets the rating without its whole list of reviews, so
				// that a review's edit re-renders only the pages that list it.
				view := ratingView(b)
				paginate(b.Reviews, s.PerPage, b.URL, func(items []*site.Review, pager *Pager, url string) {
					if skip(url) {
						return
					}
					add("rating.html", &Page{Kind: "rating", Title: b.Stars.Label, URL: url, Bucket: view, Reviews: items, Pager: pager,
						Description: fmt.Sprintf("Every review rated %s", b.Stars.Label)})
				})
			}
		},
		func(add func(string, *Page), _ func(string, *Page, encoder)) { termPages(s, info, skip, add) },
		func(add func(string, *Page), encoded func(string, *Page, encoder)) {
			searchPages(s, info, add, encoded)
			feedPages(s, info, skip, encoded)
		},
	}
	parts := make([][]job, len(sections)+1)
	section := func(i int) (add func(string, *Page), encoded func(string, *Page, encoder)) {
		add = func(layout string, p *Page) {
			if skip(p.URL) {
				return
			}
			p.Site = info
			p.Nav = nav.of(p)
			p.Drafts = onlyDrafts(p)
			p.Permalink = info.BaseURL + strings.TrimPrefix(p.URL, root)
			if info.BaseURL == "" {
				p.Permalink = p.URL
			}
			parts[i] = append(parts[i], job{layout: layout, page: p})
		}
		// encoded adds a page written by an encoder; name identifies it.
		encoded = func(name string, p *Page, encode encoder) {
			if skip(p.URL) {
				return
			}
			add(name, p)
			parts[i][len(parts[i])-1].encode = encode
		}
		return add, encoded
	}
	var wg sync.WaitGroup
	for i, build := range sections {
		wg.Go(func() { build(section(i)) })
	}
	wg.Wait()
	jobs := slices.Concat(parts[:len(sections)]...)
	add, encoded := section(len(sections))
	sitemapPages(s, info, encoded, jobs, want != nil)
	add("404.html", &Page{Kind: "404", Title: "Page not found", URL: root + "/404.html", Description: "Page not found"})
	return append(jobs, parts[len(sections)]...)
}

// wanted returns a test of page URLs for the pages at the output paths
// paths ("reviews/x/index.html"), whose URLs are under root.
func wanted(paths []string, root string) func(url string) bool {
	urls := make(map[string]bool, 2*len(paths))
	for _, p := range paths {
		urls[root+"/"+p] = true
		if dir, ok := strings.CutSuffix(p, "index.html"); ok && (dir == "" || strings.HasSuffix(dir, "/")) {
			urls[root+"/"+dir] = true
		}
	}
	return func(url string) bool { return urls[url] }
}

// paginate cuts items into pages of per, the first at first and the others
// at first+"page/N/", and calls emit for each. An empty list still gets its
// first page.
func paginate[T any](items []T, per int, first string, emit func([]T, *Pager, string)) {
	total := max(1, (len(items)+per-1)/per)
	urls := make([]string, total+1)
	urls[1] = first
	for n := 2; n <= total; n++ {
		urls[n] = first + "page/" + strconv.Itoa(n) + "/"
	}
	for n := 1; n <= total; n++ {
		var pager *Pager
		if total > 1 {
			pager = &Pager{Number: n, Total: total, Links: window(n, total, urls), PrevText: "Newer", NextText: "Older"}
			if _, films := any(items).([]*site.Film); films {
				pager.PrevText, pager.NextText = "Previous", "Next"
			}
			if n > 1 {
				pager.Prev = urls[n-1]
			}
			if n < total {
				pager.Next = urls[n+1]
			}
		}
		emit(pageOf(items, per, n), pager, urls[n])
	}
}

// pageOf is the items of page n of a list cut into pages of per.
func pageOf[T any](items []T, per, n int) []T {
	return items[(n-1)*per : min(n*per, len(items))]
}

// ratingView is what a rating's pages show of it: all but its list, so
// that a review's edit re-renders only the pages that list it.
func ratingView(b *site.Bucket) *site.Bucket {
	return &site.Bucket{Value: b.Value, URL: b.URL, Stars: b.Stars, Count: b.Count}
}

func ratingsDescription(s *site.Site, info *Info) string {
	return fmt.Sprintf("How %d reviews on %s rate, out of %s", s.Histogram.Total, info.Title, s.Scale.String())
}

// pagerReach is how many pages on each side of the current one a pager
// links, besides the first and the last.
const pagerReach = 2

// window lists the numbered links of page n of total: the first, the last
// and the pages near n, with a gap where numbers are skipped. A list of
// 500 pages gets 7 links a page, not 500.
func window(n, total int, urls []string) []PageLink {
	var links []PageLink
	last := 0
	for k := 1; k <= total; k++ {
		if k != 1 && k != total && (k < n-pagerReach || k > n+pagerReach) {
			continue
		}
		if k > last+1 {
			links = append(links, PageLink{Gap: true})
		}
		links = append(links, PageLink{Number: k, URL: urls[k], Current: k == n})
		last = k
	}
	return links
}

// fromReview returns p with what it takes from its review's shown fields
// (site.Patch may replace them) made again: a review page's title and
// description, an alias's title.
func fromReview(p Page) *Page {
	switch p.Kind {
	case "review":
		p.Title, p.Description = p.Review.Title, describe(p.Review)
	case "alias":
		p.Title = p.Review.Title
	}
	return &p
}

// describe is a review's meta description: its summary (which has no
// spoilers), its pull quote, or a sentence made from its facts; clipped
// to descriptionLength.
func describe(r *site.Review) string {
	if s := cmp.Or(r.Summary, r.Pullquote); s != "" {
		return clip(s, descriptionLength)
	}
	d := "A review of " + r.FilmPage.Label()
	if r.Author != "" {
		d += " by " + r.Author
	}
	if r.Stars != nil {
		d += ": " + r.Stars.Label
	}
	return d + "."
}

// descriptionLength is how many characters a meta description keeps:
// search engines and link previews show about 160, and a summary taken
// from a long first paragraph would otherwise be all of it.
const descriptionLength = 200

// clip shortens s to at most n characters, cutting at a space and adding
// "…" when it cuts.
func clip(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s // no more bytes than n, so no more characters
	}
	cut := 0
	for i := range s {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > 0 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ,.;:–—") + "…"
}

func filmDescription(f *site.Film) string {
	n := len(f.Reviews)
	d := fmt.Sprintf("%s: %d review", f.Label(), n)
	if n != 1 {
		d += "s"
	}
	if f.Stars != nil {
		d += ", average " + f.Stars.Label
	}
	return d + "."
}
