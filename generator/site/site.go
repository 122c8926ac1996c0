package site

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"ssg/generator/content"
	"ssg/generator/rating"
	"ssg/generator/slug"
)

// Options are the site settings the model needs.
type Options struct {
	Scale   rating.Scale
	PerPage int    // reviews per list page; 20 when 0
	Root    string // path prefix of every URL, from base_url: "" or "/blog"
	// Films are the site's film data files (data/films/<slug>.yaml), whose
	// facts win over the reviews' of the film page with their slug.
	Films []*content.FilmFile
	// Cache, when set, keeps what Build derives from each review for the
	// next Build with the same Scale and Root: the dev server rebuilds
	// from mostly the same reviews many times.
	Cache *Cache
	// Posters holds the published copies of the poster each file names,
	// narrowest first, by that file: a review, or a film's data file.
	Posters map[string][]PosterFile
	// Workers is how many goroutines merge films and find related ones,
	// here and in Patch; GOMAXPROCS when 0.
	Workers int
}

// Cache remembers what Build derives from each review (its URL, dates,
// stars, film slug) and each film's average, keyed by the reviews, which
// a caller keeps while their files are unchanged. Build forgets the
// entries of reviews it no longer gets. Not safe for concurrent use.
type Cache struct {
	settings string // the scale and root the entries are for
	painter  *painter
	reviews  map[*content.Review]*derived
	averages map[string]*average  // by sum and count: "13/2 4"
	terms    *termCache           // the taxonomies' terms; made by the first build that needs it
	films    map[string]*filmMemo // by slug: what the last Build merged and counted of each film
}

// filmMemo is what merge and count made of one film from its reviews, as
// add met them, and its data file: a film whose reviews and data file are
// the same objects next time is not merged and counted again. A review
// added to the blog changes its film alone.
type filmMemo struct {
	title   string
	year    int
	data    *content.FilmFile
	reviews []*content.Review // oldest first, as merge reads them
	facts   Film              // the fields merge and count set
	sum     *big.Rat          // of the exact ratings; read only
}

// fits reports whether m is what merge and count would make of f, whose
// reviews are as add left them.
func (m *filmMemo) fits(f *Film) bool {
	if m == nil || m.title != f.Title || m.year != f.Year || m.data != f.data || len(m.reviews) != len(f.Reviews) {
		return false
	}
	for i, r := range f.Reviews {
		if m.reviews[i] != r.Review {
			return false
		}
	}
	return true
}

// remember keeps what merge and count made of f, whose reviews (oldest
// first) were reviews, for the next Build.
func remember(f *Film, reviews []*content.Review, sum *big.Rat) *filmMemo {
	m := &filmMemo{title: f.Title, year: f.Year, data: f.data, reviews: reviews, facts: *f, sum: new(big.Rat).Set(sum)}
	m.facts.Reviews, m.facts.files = nil, nil // this build's, which apply does not read
	return m
}

// apply gives f the facts and counts in m, as merge and count would, and
// returns the sum of its ratings. The slices are shared: the model's
// slices are never changed in place (a patch sets new ones).
func (m *filmMemo) apply(f *Film) *big.Rat {
	k := &m.facts
	f.Data, f.Director, f.Cast, f.Roles, f.Genres = k.Data, k.Director, k.Cast, k.Roles, k.Genres
	f.Runtime, f.Certificate, f.Release, f.ReleaseISO, f.ReleaseHuman = k.Runtime, k.Certificate, k.Release, k.ReleaseISO, k.ReleaseHuman
	f.Country, f.IMDb, f.TMDB, f.Letterboxd, f.External = k.Country, k.IMDb, k.TMDB, k.Letterboxd, k.External
	f.warns = k.warns
	slices.SortFunc(f.Reviews, newestFirst)
	f.Rated, f.Histogram = k.Rated, k.Histogram
	return new(big.Rat).Set(m.sum)
}

// derived is what Build makes of one review alone.
type derived struct {
	url, dateISO, dateHuman string
	film                    string // the uncut slug of its film's title (slug.Key)
	stars                   *Stars
	exact                   *big.Rat    // the rating's exact value; read only
	bucket                  int         // index of its rating among the scale's values
	terms                   reviewTerms // its names in the taxonomies; set by the first build that reads them
}

// average is a film's or a term's mean rating, as shown.
type average struct {
	value *big.Rat
	text  string
	stars *Stars
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// use readies c for a build with opts, dropping entries made for other
// settings.
func (c *Cache) use(opts Options) {
	settings := opts.Scale.String() + " " + opts.Scale.Step().RatString() + " " + opts.Root
	if c.painter == nil || c.settings != settings {
		*c = Cache{settings: settings, painter: newPainter(opts.Scale),
			reviews: map[*content.Review]*derived{}, averages: map[string]*average{}}
	}
}

// derive returns what Build makes of r alone, from the cache if it can.
func (c *Cache) derive(r *content.Review, root string, next map[*content.Review]*derived) *derived {
	d := c.reviews[r]
	if d == nil {
		d = &derived{
			url:  root + "/reviews/" + r.Slug + "/",
			film: slug.Key(r.Film), // Make's cut would join two long titles
		}
		d.dateISO, d.dateHuman = dates(r.Date)
		c.painter.rate(d, r)
	}
	next[r] = d
	return d
}

// rate sets what d derives from r's rating: its stars, bucket and exact
// value; none when r is not rated.
func (p *painter) rate(d *derived, r *content.Review) {
	d.stars, d.bucket, d.exact = nil, -1, nil
	if r.Rating != nil {
		d.stars = p.draw(r.Rating.Value(), r.Rating.Written)
		d.bucket = index(p.values, r.Rating.Value())
		d.exact = r.Rating.Exact()
	}
}

// dates are how pages show a review's date: "2024-05-01" and "1 May 2024".
func dates(t time.Time) (iso, human string) {
	return t.Format("2006-01-02"), t.Format("2 January 2006")
}

// Site is the whole model. Immutable after Build, but for Patch.
type Site struct {
	Scale   rating.Scale
	PerPage int
	Root    string    // prefix of every URL
	Reviews []*Review // newest first
	Films   []*Film   // by title, then year
	// Buckets holds one entry per value the scale can show, highest first,
	// including values no review has (their Count is 0).
	Buckets   []*Bucket
	Histogram Histogram // of every rated review
	Authors   []string  // sorted
	// Taxonomies are the browse pages' lists: directors, cast, genres,
	// years, decades, authors and tags, in that order.
	Taxonomies []*Taxonomy
	// Warnings are problems that do not stop the build, such as one name
	// spelled two ways or two reviews giving a film different running
	// times; each is a *content.Error, sorted by file and line.
	Warnings []error
	byFile   map[string]*Review
	cited    map[string]bool // files whose lines Warnings cite
	workers  int             // Options.Workers
}

// Review is a published review with its place in the site.
type Review struct {
	*content.Review
	URL       string // "/reviews/<slug>/"
	FilmPage  *Film
	Stars     *Stars // nil when not rated
	DateISO   string // "2024-05-01"
	DateHuman string // "1 May 2024"
	// PosterImage is the poster the review names, as published; nil when
	// it names none, or only a URL (Poster, as written, is kept).
	PosterImage *Poster
	// WatchLinks are its watch_also films, each linked to its page when
	// the blog has the film.
	WatchLinks []Link
	derived    *derived
}

// Film gathers every review of one film.
type Film struct {
	Title string
	Year  int
	Slug  string
	URL   string
	// Facts from its data file and its reviews (see facts.go): lists are
	// the data file's names then the reviews' others, single values the
	// data file's, else the earliest review's.
	Director     []string
	Cast         []string // the people, without their parts
	Roles        []string // the part each of Cast plays, "" where none is named; nil when none is
	Genres       []string
	Runtime      int // minutes
	Certificate  string
	Release      time.Time
	ReleaseISO   string // "2010-09-15"; empty when unknown
	ReleaseHuman string // "15 September 2010"
	Country      string
	IMDb         string // "tt1334260"
	TMDB         string // "37903"
	Letterboxd   string // "never-let-me-go"
	// Poster is its data file's poster, as published, when it names one;
	// else its newest review's that has one; nil when none has.
	Poster *Poster
	// External links its pages on IMDb, TMDB and Letterboxd, in that
	// order, each Name being the site's.
	External []Link
	// WatchLinks are the watch_also films of its data file and reviews,
	// each once, linked to their pages when the blog has them.
	WatchLinks []Link
	// Related are the films that share the most with it (directors, cast,
	// genres, tags), best first, at most six; none of WatchLinks.
	Related     []Link
	Data        string    // its data file: "data/films/x.yaml"; empty when none
	Reviews     []*Review // newest first
	Rated       int       // how many reviews carry a rating
	Average     *big.Rat  // mean of the reviews' exact ratings; nil when none is rated
	AverageText string    // Average to two places at most: "3.25"
	Stars       *Stars    // the average drawn as stars; nil when none is rated
	Histogram   Histogram
	files       []string
	data        *content.FilmFile
	warns       warner // about its facts, from merge
	order       int    // its index in Site.Films
}

// Bucket is one rating value and the reviews that have it.
type Bucket struct {
	Value   string // "3.5"
	URL     string // "/ratings/3.5/"; empty when no review has the value
	Stars   *Stars
	Count   int       // len(Reviews)
	Reviews []*Review // newest first
}

// Histogram counts reviews per rating value, highest value first.
type Histogram struct {
	Bins    []Bin
	Total   int // rated reviews
	Unrated int // reviews without a rating
}

// Bin is one bar of a histogram.
type Bin struct {
	Value   string
	Stars   *Stars // the value drawn
	URL     string // the rating page; empty when the site has no review with the value
	Count   int
	Percent int // Count as a share of the largest bin, 0..100, for the bar's width
}

// Build makes the model from published reviews. Errors name both files
// when two reviews or two films would share a URL.
func Build(reviews []*content.Review, opts Options) (*Site, error) {
	if opts.PerPage <= 0 {
		opts.PerPage = 20
	}
	s := &Site{Scale: opts.Scale, PerPage: opts.PerPage, Root: opts.Root, workers: opts.Workers}
	c := opts.Cache
	if c == nil {
		c = NewCache()
	}
	c.use(opts)
	next := make(map[*content.Review]*derived, len(reviews))
	var errs []error
	bySlug := make(map[string]*content.Review, len(reviews))
	s.Reviews = make([]*Review, 0, len(reviews))
	for _, r := range reviews {
		if prev, dup := bySlug[r.Slug]; dup {
			errs = append(errs, content.Errorf(r.File, 0, "review URL /reviews/%s/ is also the URL of %s", r.Slug, prev.File))
			continue
		}
		bySlug[r.Slug] = r
		d := c.derive(r, opts.Root, next)
		s.Reviews = append(s.Reviews, &Review{Review: r, URL: d.url, Stars: d.stars, DateISO: d.dateISO, DateHuman: d.dateHuman, derived: d})
	}
	c.reviews = next
	slices.SortFunc(s.Reviews, newestFirst)
	// What needs no film is made beside the films, on another core: the
	// dev server rebuilds the model on every review added.
	var wg sync.WaitGroup
	wg.Go(func() {
		s.byFile = make(map[string]*Review, len(s.Reviews))
		for _, r := range s.Reviews {
			s.byFile[r.File] = r
		}
		s.Buckets, s.Histogram = buckets(s.Reviews, c.painter, s.Root)
		authors := map[string]bool{}
		for _, r := range s.Reviews {
			if r.Author != "" && !authors[r.Author] {
				authors[r.Author] = true
				s.Authors = append(s.Authors, r.Author)
			}
		}
		slices.Sort(s.Authors)
	})
	w := &warner{}
	films, ferrs := buildFilms(s.Reviews, c, s.Root, opts.Films, w, s.workers)
	wg.Wait()
	errs = append(errs, ferrs...)
	if err := content.Join(errs); err != nil {
		return nil, err
	}
	s.Films = films
	watchLinks(s.Films, w)
	var terms []error
	s.Taxonomies, terms = taxonomies(s.Reviews, c, s.Root)
	related(s.Films, s.Taxonomies, s.workers)
	s.posters(opts.Posters)
	s.Warnings = append(w.list, terms...)
	for _, err := range terms {
		w.cite(err.(*content.Error).File)
	}
	s.cited = w.cited
	slices.SortStableFunc(s.Warnings, func(a, b error) int {
		ea, eb := a.(*content.Error), b.(*content.Error)
		return cmp.Or(cmp.Compare(ea.File, eb.File), cmp.Compare(ea.Line, eb.Line), cmp.Compare(ea.Error(), eb.Error()))
	})
	return s, nil
}

// shown are the fields of content.Review that Build does not read: only
// pages show them, through the review. A field added to content.Review is
// taken to shape the model unless it is listed here, in placed, in moving,
// or is a body field. Poster is not among them: the model publishes the
// file it names. PosterLine is read by no one but errors about the poster,
// which a rebuild that patches cannot have.
var shown = map[string]bool{"Title": true, "Summary": true, "SummaryInBody": true, "Pullquote": true,
	"PullquoteInBody": true, "PosterLine": true, "Spoilers": true, "ReadingTime": true, "Params": true}

// placed are the fields of content.Review that Build reads only to place
// its warnings: they shape the model only when a warning cites the file.
var placed = map[string]bool{"Lines": true}

// moving are the fields of content.Review that decide only where the
// review stands in the lists that hold it, newest first, and what its
// dates read: Patch moves it there.
var moving = map[string]bool{"Date": true}

// rerating are the fields of content.Review that decide only its stars,
// which rating's list holds it and the figures its rating goes into: the
// histograms and the averages of its film and terms. Patch counts them
// again.
var rerating = map[string]bool{"Rating": true}

// relisting are the fields of content.Review that decide which terms list
// the review (its tags, author, people and genres) and, for people and
// genres, its film's merged facts: Patch moves it between those terms'
// lists, when none comes or goes, and merges the facts again.
var relisting = map[string]bool{"Tags": true, "Author": true, "Director": true, "Cast": true, "Roles": true, "Genres": true}

// refacting are the fields of relisting that its film's facts merge.
var refacting = map[string]bool{"Director": true, "Cast": true, "Roles": true, "Genres": true}

// Patched is what Patch changed.
type Patched struct {
	// Changed are the model's reviews whose content changed.
	Changed []*Review
	// Bodies is set when only their bodies changed (content.BodyField).
	Bodies bool
	// Dated is set when some of their dates changed.
	Dated bool
	// Shifted are the reviews, changed or not, that stand at another
	// place in some list than before: the site's, a rating's or a
	// term's. A page showing a window of such a list shows one of them
	// whenever its window changed.
	Shifted []*Review
	// Rated is set when some of their ratings changed: the site's
	// histogram, and the figures of their films and of Terms, may have.
	Rated bool
	// Buckets are the ratings whose lists gained or lost reviews; their
	// Reviews are new lists.
	Buckets []*Bucket
	// Terms are the terms holding a review whose rating changed, or
	// that a review joined or left: their Rated, AverageText and Stars
	// are counted again, and the lists of the latter are new.
	Terms []*Term
	// Relisted is set when reviews joined or left terms' lists.
	Relisted bool
	// Films are the films whose related films changed, the changed
	// reviews' own films aside.
	Films []*Film
	// Undo puts the model back as it was.
	Undo func()
}

// Patch makes the model that of reviews, the published reviews of the
// same files, in place, when each differs from the review of its file in
// the model only in fields the model does not read (its body, or what
// pages show of it: shown), in its date, as long as the new dates leave
// each film's reviews in their order (which decides the film's facts), or
// in its rating, as long as no rating's pages come or go. Every film and
// term stays; a review whose date changed moves within the lists that hold
// it, one whose rating changed moves between the ratings' lists and is
// counted again, and the new content shows wherever its review does. c is
// the cache Build was given, or nil. Patch reports false, having changed
// nothing, when the files differ or a review changed more. Results that
// hold the model see the change.
func (s *Site) Patch(c *Cache, reviews []*content.Review) (Patched, bool) {
	if len(reviews) != len(s.byFile) {
		return Patched{}, false
	}
	out := Patched{Bodies: true}
	var old, fresh []*content.Review
	patchable := func(f string) bool {
		return shown[f] || moving[f] || rerating[f] || relisting[f] || content.BodyField(f)
	}
	for _, r := range reviews {
		m := s.byFile[r.File]
		if m == nil {
			return Patched{}, false
		}
		if m.Review == r {
			continue
		}
		// A file a warning cites keeps its names: a warning may be about
		// one of them.
		if !content.Same(m.Review, r, func(f string) bool { return patchable(f) || placed[f] }) ||
			s.cited[r.File] && !content.Same(m.Review, r, func(f string) bool { return patchable(f) && !relisting[f] }) {
			return Patched{}, false
		}
		out.Bodies = out.Bodies && content.Same(m.Review, r, content.BodyField)
		out.Changed = append(out.Changed, m)
		old, fresh = append(old, m.Review), append(fresh, r)
	}
	if c == nil {
		c = NewCache() // for its painter and averages
		c.use(Options{Scale: s.Scale, Root: s.Root})
	}
	// Each changed review's derived values: the same, or made again for
	// its new date, rating or terms.
	was := make([]*derived, len(out.Changed))
	now := make([]*derived, len(out.Changed))
	joins := map[*Term]int{} // by how many reviews each term's list grows
	var relate bool          // names that relate films changed
	var refact []*Film       // films whose people or genres may have changed
	for i, m := range out.Changed {
		was[i], now[i] = m.derived, m.derived
		dated := !content.Same(old[i], fresh[i], func(f string) bool { return !moving[f] })
		rated := !content.Same(old[i], fresh[i], func(f string) bool { return !rerating[f] })
		relisted := !content.Same(old[i], fresh[i], func(f string) bool { return !relisting[f] })
		if !dated && !rated && !relisted {
			continue
		}
		// Its terms are the same names: a copy shares their read-only
		// lists, and the term cache's last tally stays the old review's.
		d := *m.derived
		if dated {
			out.Dated = true
			d.dateISO, d.dateHuman = dates(fresh[i].Date)
		}
		if rated {
			out.Rated = true
			c.painter.rate(&d, fresh[i])
			if d.terms.links != nil {
				d.terms.rate(d.exact)
			}
		}
		if relisted {
			links, ok := s.relink(m, fresh[i], joins)
			if !ok {
				return Patched{}, false
			}
			out.Relisted = true
			relate = relate || !slices.Equal(old[i].Tags, fresh[i].Tags)
			if !content.Same(old[i], fresh[i], func(f string) bool { return !refacting[f] }) {
				relate = true
				if !slices.Contains(refact, m.FilmPage) {
					refact = append(refact, m.FilmPage)
				}
			}
			// Its links are new, its term refs the old review's: the
			// next Build makes them again.
			d.terms.links, d.terms.stale = links, true
		}
		now[i] = &d
	}
	if out.Relisted && !s.keepsTermPages(joins) {
		return Patched{}, false
	}
	for _, f := range refact {
		if s.citesFilm(f) {
			return Patched{}, false // a warning about its facts may come or go
		}
	}
	if out.Dated && !s.keepsFilmOrder(out.Changed, fresh) {
		return Patched{}, false
	}
	if out.Rated && !s.keepsRatingPages(was, now) {
		return Patched{}, false
	}
	put := func(to []*content.Review, ds []*derived) {
		for i, m := range out.Changed {
			if c.reviews[m.Review] != nil {
				delete(c.reviews, m.Review)
				c.reviews[to[i]] = ds[i]
			}
			m.Review, m.derived, m.DateISO, m.DateHuman, m.Stars = to[i], ds[i], ds[i].dateISO, ds[i].dateHuman, ds[i].stars
		}
	}
	put(fresh, now)
	var undo []func()
	if out.Dated {
		var restore func()
		out.Shifted, restore = s.resort(out.Changed)
		undo = append(undo, restore)
	}
	if out.Relisted {
		var restore func()
		out.Terms, out.Films, restore = s.relist(c.painter, out.Changed, old, joins, relate)
		undo = append(undo, restore)
	}
	undoAll := func() {
		for _, f := range slices.Backward(undo) {
			f()
		}
		put(old, was)
	}
	for _, f := range refact {
		restore, ok := f.remerge()
		if !ok {
			undoAll()
			return Patched{}, false
		}
		undo = append(undo, restore)
	}
	if out.Rated {
		var restore func()
		var terms []*Term
		out.Buckets, terms, restore = s.rerate(c, out.Changed, was)
		undo = append(undo, restore)
		for _, t := range terms {
			if !slices.Contains(out.Terms, t) {
				out.Terms = append(out.Terms, t)
			}
		}
	}
	out.Undo = undoAll
	return out, true
}

// citesFilm reports whether a warning cites a file of f: one of its
// reviews, or its data file.
func (s *Site) citesFilm(f *Film) bool {
	return slices.ContainsFunc(f.files, func(file string) bool { return s.cited[file] }) || f.data != nil && s.cited[f.data.File]
}

// remerge merges the film's people and genres again from its data file
// and reviews, whose names changed. It reports false, changing nothing,
// when the merge warns (two parts for one person): the site's warnings
// would change. The film's other facts come from fields a patch leaves.
func (f *Film) remerge() (restore func(), ok bool) {
	trial := *f
	trial.warns = warner{}
	// merge reads the reviews as Build met them, earliest first.
	trial.Reviews = slices.Clone(f.Reviews)
	slices.Reverse(trial.Reviews)
	trial.merge()
	if len(trial.warns.list) > 0 {
		return nil, false
	}
	director, cast, roles, genres := f.Director, f.Cast, f.Roles, f.Genres
	f.Director, f.Cast, f.Roles, f.Genres = trial.Director, trial.Cast, trial.Roles, trial.Genres
	return func() { f.Director, f.Cast, f.Roles, f.Genres = director, cast, roles, genres }, true
}

// keepsRatingPages reports whether every rating keeps its number of pages
// when each review of the model with derived values was takes now's: none
// empties, none is new, none grows or shrinks past a page.
func (s *Site) keepsRatingPages(was, now []*derived) bool {
	delta := make([]int, len(s.Buckets))
	for i := range was {
		if b := was[i].bucket; b >= 0 {
			delta[len(s.Buckets)-1-b]--
		}
		if b := now[i].bucket; b >= 0 {
			delta[len(s.Buckets)-1-b]++
		}
	}
	pages := func(n int) int { return max(1, (n+s.PerPage-1)/s.PerPage) }
	for i, d := range delta {
		n := s.Buckets[i].Count
		if d != 0 && ((n == 0) != (n+d == 0) || pages(n) != pages(n+d)) {
			return false
		}
	}
	return true
}

// rerate moves the given reviews, whose ratings changed from the derived
// values was, between the ratings' lists, and counts again what ratings go
// into: the site's histogram, their films' averages and histograms, their
// terms' averages. It returns the ratings whose lists changed, the terms
// counted again and a function that puts everything back.
func (s *Site) rerate(c *Cache, changed []*Review, was []*derived) (buckets []*Bucket, terms []*Term, restore func()) {
	var undo []func()
	at := func(b int) *Bucket { return s.Buckets[len(s.Buckets)-1-b] }
	moved := map[*Bucket]bool{}
	for i, m := range changed {
		if from, to := was[i].bucket, m.derived.bucket; from != to {
			if from >= 0 {
				moved[at(from)] = true
			}
			if to >= 0 {
				moved[at(to)] = true
			}
		}
	}
	// The ratings' lists are made anew, not changed in place: pages show
	// windows of them.
	for _, b := range s.Buckets {
		if !moved[b] {
			continue
		}
		buckets = append(buckets, b)
		list, count := b.Reviews, b.Count
		undo = append(undo, func() { b.Reviews, b.Count = list, count })
		var next []*Review
		for _, r := range s.Reviews {
			if r.derived.bucket >= 0 && at(r.derived.bucket) == b {
				next = append(next, r)
			}
		}
		b.Reviews, b.Count = next, len(next)
	}
	h := s.Histogram
	undo = append(undo, func() { s.Histogram = h })
	s.Histogram = histogramOf(s.Buckets, len(s.Reviews)-ratedIn(s.Buckets))
	seen := map[*Film]bool{}
	for _, m := range changed {
		f := m.FilmPage
		if seen[f] {
			continue
		}
		seen[f] = true
		rated, avg, text, stars, hist := f.Rated, f.Average, f.AverageText, f.Stars, f.Histogram
		undo = append(undo, func() { f.Rated, f.Average, f.AverageText, f.Stars, f.Histogram = rated, avg, text, stars, hist })
		f.Rated, f.Average, f.AverageText, f.Stars = 0, nil, "", nil
		f.average(c, f.count(c.painter, s.Root))
	}
	for _, x := range s.Taxonomies {
		for _, t := range x.Terms {
			if !slices.ContainsFunc(t.Reviews, func(r *Review) bool { return slices.Contains(changed, r) }) {
				continue
			}
			terms = append(terms, t)
			rated, text, stars := t.Rated, t.AverageText, t.Stars
			undo = append(undo, func() { t.Rated, t.AverageText, t.Stars = rated, text, stars })
			t.recount(c.painter)
		}
	}
	return buckets, terms, func() {
		for _, f := range slices.Backward(undo) {
			f()
		}
	}
}

// recount counts the term's ratings and their mean again from its list.
func (t *Term) recount(p *painter) {
	sum, rated := sumExact(t.Reviews)
	t.Rated, t.AverageText, t.Stars = rated, "", nil
	if rated > 0 {
		avg := newAverage(p, sum.Quo(sum, big.NewRat(int64(rated), 1)))
		t.AverageText, t.Stars = avg.text, avg.stars
	}
}

// sumExact adds the exact ratings of the rated reviews, which it counts.
// Ratings are fractions with small denominators: it adds them as int64s
// over a common denominator, as the term cache does, and as big.Rats only
// when one would overflow.
func sumExact(reviews []*Review) (*big.Rat, int) {
	var num, den int64 = 0, 1
	fits, rated := true, 0
	for _, r := range reviews {
		e := r.derived.exact
		if e == nil {
			continue
		}
		rated++
		if !fits {
			continue
		}
		n, d := e.Num(), e.Denom()
		if !n.IsInt64() || !d.IsInt64() {
			fits = false
			continue
		}
		rn, rd := n.Int64(), d.Int64()
		// num/den + rn/rd over l, the least common multiple of den and rd.
		k := rd / gcd(den, rd)
		l, ok1 := mulInt(den, k)
		a, ok2 := mulInt(num, k)
		b, ok3 := mulInt(rn, l/rd)
		if !ok1 || !ok2 || !ok3 || b < 0 || a > math.MaxInt64-b {
			fits = false
			continue
		}
		num, den = a+b, l
	}
	if fits {
		return big.NewRat(num, den), rated
	}
	sum := new(big.Rat)
	for _, r := range reviews {
		if e := r.derived.exact; e != nil {
			sum.Add(sum, e)
		}
	}
	return sum, rated
}

// relink returns the browse links of fresh, the new content of the model's
// review m whose names changed (relisting), counting in joins the terms it
// joins (+1) and leaves (-1). It reports false when a name makes no term
// the site has, or is spelled otherwise than its term's name, or when a
// term it joins or leaves is written more than one way: the term's name
// and warnings would be chosen again.
func (s *Site) relink(m *Review, fresh *content.Review, joins map[*Term]int) (*Links, bool) {
	before := m.Links()
	if m.derived == nil || m.derived.terms.links == nil {
		return nil, false
	}
	links := *before
	terms := func(tax int, names []string) ([]Link, []*Term, bool) {
		if len(names) == 0 {
			return nil, nil, true
		}
		out := make([]Link, len(names))
		var ts []*Term
		for i, name := range names {
			t := s.term(tax, slug.Make(name))
			if t == nil || t.Name != name || !s.uniform(tax, t) {
				return nil, nil, false
			}
			out[i] = Link{Name: name, URL: t.URL}
			if !slices.Contains(ts, t) {
				ts = append(ts, t)
			}
		}
		return out, ts, true
	}
	var was, now []*Term
	on, nn := m.names(), (&Review{Review: fresh, FilmPage: m.FilmPage}).names()
	for _, x := range []struct {
		tax        int
		old, fresh []string
		set        func(l []Link)
	}{
		{taxDirectors, on.director, nn.director, func(l []Link) { links.Director = l }},
		{taxCast, on.cast, nn.cast, func(l []Link) {
			for i, role := range nn.roles[:min(len(nn.roles), len(l))] {
				l[i].Role = role
			}
			links.Cast = l
		}},
		{taxGenres, on.genres, nn.genres, func(l []Link) { links.Genres = l }},
		{taxTags, m.Tags, fresh.Tags, func(l []Link) { links.Tags = l }},
		{taxAuthors, nonEmpty(m.Author), nonEmpty(fresh.Author), func(l []Link) {
			links.Author = nil
			if len(l) > 0 {
				links.Author = &l[0]
			}
		}},
	} {
		_, a, ok := terms(x.tax, x.old)
		if !ok {
			return nil, false
		}
		l, b, ok := terms(x.tax, x.fresh)
		if !ok {
			return nil, false
		}
		x.set(l)
		was, now = append(was, a...), append(now, b...)
	}
	for _, t := range was {
		if !slices.Contains(now, t) {
			joins[t]--
		}
	}
	for _, t := range now {
		if !slices.Contains(was, t) {
			joins[t]++
		}
	}
	return &links, true
}

// nonEmpty is a list of s, or none when s is empty.
func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// term finds the term of taxonomy tax with slug sl.
func (s *Site) term(tax int, sl string) *Term {
	if sl == "" {
		return nil
	}
	terms := s.Taxonomies[tax].Terms
	if i, ok := slices.BinarySearchFunc(terms, sl, func(t *Term, sl string) int { return strings.Compare(t.Slug, sl) }); ok {
		return terms[i]
	}
	return nil
}

// uniform reports whether every review of term t of taxonomy tax writes
// its name as the term shows it, as do the data files of their films,
// whose names their links hold. It reads the model's reviews, not the term
// cache, whose last tally may be of a build that failed after it.
func (s *Site) uniform(tax int, t *Term) bool {
	for _, r := range t.Reviews {
		l := r.Links()
		var names []Link
		switch tax {
		case taxDirectors:
			names = l.Director
		case taxCast:
			names = l.Cast
		case taxGenres:
			names = l.Genres
		case taxTags:
			names = l.Tags
		case taxAuthors:
			if l.Author != nil {
				names = []Link{*l.Author}
			}
		}
		for _, x := range names {
			if x.URL == t.URL && x.Name != t.Name {
				return false
			}
		}
	}
	return true
}

// keepsTermPages reports whether every term keeps its number of pages when
// its list grows by joins: none empties, none grows or shrinks past a page.
func (s *Site) keepsTermPages(joins map[*Term]int) bool {
	pages := func(n int) int { return max(1, (n+s.PerPage-1)/s.PerPage) }
	for t, d := range joins {
		if n := t.Count; d != 0 && (n+d <= 0 || pages(n) != pages(n+d)) {
			return false
		}
	}
	return true
}

// relist moves the given reviews, whose names changed from those of old,
// between terms' lists as joins counted, counts those terms' ratings again
// and, when relate is set (names that relate films changed), finds every
// film's related films again. It returns the terms whose lists changed, the films whose related
// films changed, and a function that puts everything back.
func (s *Site) relist(p *painter, changed []*Review, old []*content.Review, joins map[*Term]int, relate bool) (terms []*Term, films []*Film, restore func()) {
	var undo []func()
	in := func(r *Review, t *Term) bool {
		l := r.Links()
		for _, list := range [][]Link{l.Director, l.Cast, l.Genres, l.Tags} {
			if slices.ContainsFunc(list, func(x Link) bool { return x.URL == t.URL }) {
				return true
			}
		}
		return l.Author != nil && l.Author.URL == t.URL
	}
	for _, x := range s.Taxonomies { // in the site's order, not the map's
		for _, t := range x.Terms {
			if _, ok := joins[t]; !ok {
				continue
			}
			terms = append(terms, t)
			list, count, rated, text, stars := t.Reviews, t.Count, t.Rated, t.AverageText, t.Stars
			undo = append(undo, func() { t.Reviews, t.Count, t.Rated, t.AverageText, t.Stars = list, count, rated, text, stars })
			// A new list: pages show windows of the old one, which
			// shares its array with other terms.
			next := slices.DeleteFunc(slices.Clone(t.Reviews), func(r *Review) bool { return slices.Contains(changed, r) && !in(r, t) })
			for _, r := range changed {
				if in(r, t) && !slices.Contains(next, r) {
					next = append(next, r)
				}
			}
			slices.SortFunc(next, newestFirst)
			t.Reviews, t.Count = next, len(next)
			t.recount(p)
		}
	}
	if relate {
		was := make([][]Link, len(s.Films))
		for i, f := range s.Films {
			was[i] = f.Related
		}
		undo = append(undo, func() {
			for i, f := range s.Films {
				f.Related = was[i]
			}
		})
		related(s.Films, s.Taxonomies, s.workers)
		mine := map[*Film]bool{}
		for _, r := range changed {
			mine[r.FilmPage] = true
		}
		for i, f := range s.Films {
			if !mine[f] && !slices.Equal(was[i], f.Related) {
				films = append(films, f)
			}
		}
	}
	return terms, films, func() {
		for _, f := range slices.Backward(undo) {
			f()
		}
	}
}

// ratedIn counts the reviews of buckets.
func ratedIn(buckets []*Bucket) int {
	n := 0
	for _, b := range buckets {
		n += b.Count
	}
	return n
}

// keepsFilmOrder reports whether each film's reviews stay in their order
// when the given reviews of the model take the dates of fresh.
func (s *Site) keepsFilmOrder(changed []*Review, fresh []*content.Review) bool {
	date := make(map[*Review]time.Time, len(changed))
	for i, m := range changed {
		date[m] = fresh[i].Date
	}
	at := func(r *Review) time.Time {
		if d, ok := date[r]; ok {
			return d
		}
		return r.Date
	}
	for _, m := range changed {
		list := m.FilmPage.Reviews
		for i := 1; i < len(list); i++ {
			a, b := list[i-1], list[i]
			if c := at(b).Compare(at(a)); c > 0 || c == 0 && a.Slug > b.Slug {
				return false
			}
		}
	}
	return true
}

// resort puts back newest first every list that holds one of the given
// reviews, whose dates changed: the site's, their ratings' and their
// terms'. Films' lists keep their order (keepsFilmOrder). It returns the
// reviews that moved and a function that puts every list back.
func (s *Site) resort(changed []*Review) (shifted []*Review, restore func()) {
	holds := func(list []*Review) bool {
		for _, r := range list {
			for _, m := range changed {
				if r == m {
					return true
				}
			}
		}
		return false
	}
	lists := [][]*Review{s.Reviews}
	for _, b := range s.Buckets {
		if holds(b.Reviews) {
			lists = append(lists, b.Reviews)
		}
	}
	for _, x := range s.Taxonomies {
		for _, t := range x.Terms {
			if holds(t.Reviews) {
				lists = append(lists, t.Reviews)
			}
		}
	}
	before := make([][]*Review, len(lists))
	seen := map[*Review]bool{}
	for i, list := range lists {
		before[i] = slices.Clone(list)
		slices.SortFunc(list, newestFirst)
		for k, r := range list {
			if r != before[i][k] && !seen[r] {
				seen[r] = true
				shifted = append(shifted, r)
			}
		}
	}
	return shifted, func() {
		for i, list := range lists {
			copy(list, before[i])
		}
	}
}

// newestFirst orders reviews by date, newest first, then by slug.
func newestFirst(a, b *Review) int {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	return cmp.Compare(a.Slug, b.Slug)
}

// filmKey identifies a film: its title's slug and its year.
type filmKey struct {
	title string
	year  int
}

// buildFilms groups reviews into films, gives them their slugs and data
// files, their facts, averages and histograms, and sorts them.
func buildFilms(reviews []*Review, c *Cache, root string, data []*content.FilmFile, w *warner, workers int) ([]*Film, []error) {
	var errs []error
	byKey := make(map[filmKey]*Film, len(c.films))
	films := make([]*Film, 0, len(c.films))
	// Oldest first, so that the first review to name a film gives its title
	// and facts whatever the order of the files.
	for _, r := range slices.Backward(reviews) {
		k := filmKey{r.derived.film, r.Year}
		if k.title == "" {
			errs = append(errs, content.Errorf(r.File, 0, "film %q has no letters or digits to make a URL from", r.Film))
			continue
		}
		f := byKey[k]
		if f == nil {
			f = &Film{Title: r.Film, Year: r.Year}
			byKey[k] = f
			films = append(films, f)
		}
		f.add(r)
	}
	// A film's slug carries its year when another film has the same title.
	years := map[string]int{}
	for k := range byKey {
		years[k.title]++
	}
	bySlug := map[string]*Film{}
	var done []*Film // films with a URL
	for _, f := range films {
		t := slug.Make(f.Title)
		f.Slug = t
		if years[t] > 1 && f.Year != 0 {
			f.Slug = t + "-" + strconv.Itoa(f.Year)
		}
		if prev, dup := bySlug[f.Slug]; dup {
			errs = append(errs, content.Errorf(f.files[0], 0, "film %q wants the URL /films/%s/ of the film %q in %s",
				f.Label(), f.Slug, prev.Label(), prev.files[0]))
			continue
		}
		bySlug[f.Slug] = f
		f.URL = root + "/films/" + f.Slug + "/"
		done = append(done, f)
	}
	errs = append(errs, attach(films, bySlug, data, w)...)
	// Films are independent: count their ratings on every core, then
	// look their averages up in the cache, which is not shared.
	// A film whose reviews and data file are those of the last Build
	// takes what it made of them.
	sums := make([]*big.Rat, len(done))
	memos := make([]*filmMemo, len(done))
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunk := (len(done) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := 0; w < workers && w*chunk < len(done); w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(done))
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				f := done[i]
				if m := c.films[f.Slug]; m.fits(f) {
					sums[i], memos[i] = m.apply(f), m
					continue
				}
				met := make([]*content.Review, len(f.Reviews))
				for k, r := range f.Reviews {
					met[k] = r.Review
				}
				f.merge()
				sums[i] = f.count(c.painter, root)
				memos[i] = remember(f, met, sums[i])
			}
		})
	}
	wg.Wait()
	c.films = make(map[string]*filmMemo, len(done))
	for i, f := range done {
		c.films[f.Slug] = memos[i]
		f.average(c, sums[i])
		w.list = append(w.list, f.warns.list...)
		for file := range f.warns.cited {
			w.cite(file)
		}
		f.warns = warner{}
	}
	// Each title lowered once, not twice per comparison.
	lower := make(map[*Film]string, len(films))
	for _, f := range films {
		lower[f] = strings.ToLower(f.Title)
	}
	slices.SortFunc(films, func(a, b *Film) int {
		if c := cmp.Compare(lower[a], lower[b]); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Year, b.Year); c != 0 {
			return c
		}
		return cmp.Compare(a.Slug, b.Slug)
	})
	for i, f := range films {
		f.order = i
	}
	return films, errs
}

// Label is the film's title with its year: "Solaris (1972)".
func (f *Film) Label() string {
	if f.Year == 0 {
		return f.Title
	}
	return f.Title + " (" + strconv.Itoa(f.Year) + ")"
}

// add takes one review (oldest first) into the film; merge makes its
// facts once its data file is known.
func (f *Film) add(r *Review) {
	r.FilmPage = f
	f.Reviews = append(f.Reviews, r)
	f.files = append(f.files, r.File)
}

// count puts the film's reviews newest first, counts its ratings into its
// histogram and returns their sum. It reads p and writes only f.
func (f *Film) count(p *painter, root string) *big.Rat {
	slices.SortFunc(f.Reviews, newestFirst)
	sum := new(big.Rat)
	for _, r := range f.Reviews {
		if r.Rating != nil {
			f.Rated++
			sum.Add(sum, r.derived.exact)
		}
	}
	f.Histogram = histogram(f.Reviews, p, root)
	return sum
}

// average sets the film's mean rating from the sum of its ratings.
func (f *Film) average(c *Cache, sum *big.Rat) {
	if f.Rated > 0 {
		key := sum.RatString() + " " + strconv.Itoa(f.Rated)
		avg := c.averages[key]
		if avg == nil {
			avg = newAverage(c.painter, sum.Quo(sum, big.NewRat(int64(f.Rated), 1)))
			c.averages[key] = avg
		}
		// Each film gets its own copy: the model is handed out.
		f.Average, f.AverageText, f.Stars = new(big.Rat).Set(avg.value), avg.text, avg.stars
	}
}

// newAverage shows a mean rating v, which it keeps.
func newAverage(p *painter, v *big.Rat) *average {
	// Shown to two places at most (4.4375 reads as 4.44), the same in the
	// text and in the stars' label.
	shown, _ := new(big.Rat).SetString(v.FloatString(2))
	return &average{value: v, text: rating.Format(shown), stars: p.draw(shown, "")}
}

// union appends the items of add that list does not hold yet, ignoring case.
func union(list, add []string) []string {
	if slices.Equal(list, add) {
		return list // reviews of a film mostly agree
	}
	for _, a := range add {
		if !slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, a) }) {
			list = append(list, a)
		}
	}
	return list
}

// buckets sorts rated reviews into the scale's values, highest first.
func buckets(reviews []*Review, p *painter, root string) ([]*Bucket, Histogram) {
	values := p.values
	out := make([]*Bucket, len(values))
	for i := range values {
		out[len(values)-1-i] = &Bucket{Value: p.valueText[i], Stars: p.valueStars[i]}
	}
	var h Histogram
	for _, r := range reviews {
		if r.Rating == nil {
			h.Unrated++
			continue
		}
		i := -1
		if r.derived != nil {
			i = r.derived.bucket
		}
		if i < 0 {
			i = index(values, r.Rating.Value())
		}
		b := out[len(values)-1-i]
		b.Reviews = append(b.Reviews, r)
		h.Total++
	}
	for _, b := range out {
		b.Count = len(b.Reviews)
		if len(b.Reviews) > 0 {
			b.URL = root + "/ratings/" + b.Value + "/"
		}
	}
	return out, histogramOf(out, h.Unrated)
}

// histogramOf draws the site's histogram from its ratings' counts and the
// number of reviews without a rating.
func histogramOf(buckets []*Bucket, unrated int) Histogram {
	h := Histogram{Unrated: unrated}
	most := 0
	for _, b := range buckets {
		most = max(most, b.Count)
		h.Total += b.Count
	}
	for _, b := range buckets {
		bin := Bin{Value: b.Value, Stars: b.Stars, URL: b.URL, Count: b.Count}
		if most > 0 {
			bin.Percent = bin.Count * 100 / most
		}
		h.Bins = append(h.Bins, bin)
	}
	return h
}

// histogram counts reviews per value like buckets, without keeping them.
func histogram(reviews []*Review, p *painter, root string) Histogram {
	counts := make([]int, len(p.values))
	var h Histogram
	most := 0
	for _, r := range reviews {
		if r.Rating == nil {
			h.Unrated++
			continue
		}
		i := r.derived.bucket
		counts[i]++
		most = max(most, counts[i])
		h.Total++
	}
	h.Bins = make([]Bin, len(counts))
	for i := range p.values {
		bin := Bin{Value: p.valueText[i], Stars: p.valueStars[i], Count: counts[i]}
		if bin.Count > 0 {
			bin.URL = root + "/ratings/" + bin.Value + "/"
			bin.Percent = bin.Count * 100 / most
		}
		h.Bins[len(counts)-1-i] = bin
	}
	return h
}

// index finds v among the scale's values; rating.Parse only returns those.
func index(values []*big.Rat, v *big.Rat) int {
	for i, x := range values {
		if x.Cmp(v) == 0 {
			return i
		}
	}
	panic(fmt.Sprintf("site: rating %s is not on the scale", v.RatString()))
}

// Published filters out drafts unless drafts, and reviews dated after now
// unless future.
func Published(reviews []*content.Review, now time.Time, drafts, future bool) []*content.Review {
	var out []*content.Review
	for _, r := range reviews {
		if (r.Draft && !drafts) || (r.Date.After(now) && !future) {
			continue
		}
		out = append(out, r)
	}
	return out
}
