package site

import (
	"cmp"
	"slices"
	"strings"
)

// Taxonomy is one way to browse the reviews: by director, cast member,
// genre, film year, decade, author or tag.
type Taxonomy struct {
	Name     string  // "directors": the first segment of its URLs
	Title    string  // "Directors"
	Singular string  // "director"
	Plural   string  // "directors"
	URL      string  // "/directors/"
	Count    int     // len(Terms)
	Terms    []*Term // by name (by slug, which also orders years and decades)
}

// Term is one name in a taxonomy with every review that carries it. Names
// that make the same slug ("Andrei Tarkovsky", "andrei tarkovsky") are one
// term.
type Term struct {
	Name        string    // the most common spelling; on a tie, the spelling of the first file by path
	Slug        string    // "andrei-tarkovsky", "1972", "1970s"
	URL         string    // "/directors/andrei-tarkovsky/"
	Reviews     []*Review // newest first
	Count       int       // len(Reviews)
	Rated       int       // how many of Reviews carry a rating
	AverageText string    // the mean of their exact ratings to two places at most: "3.25"; empty when none is rated
	Stars       *Stars    // the mean drawn as stars; nil when none is rated
}

// Link is a name as a review wrote it, with the URL of its page: a
// term's, a film's, or another site's.
type Link struct {
	Name string
	URL  string // empty when the name has no page: no letters or digits to make a URL from, no film
	Role string // the part a cast member plays ("Kathy"); empty for others, or when none is named
}

// Links are the browse links of a review's or a film's names, in the order
// written.
type Links struct {
	Director, Cast, Genres, Tags []Link
	Author, Year, Decade         *Link // nil when unknown
}

// Links returns the browse links of the review's names. It depends on
// the review alone.
func (r *Review) Links() *Links {
	if r.derived == nil || r.derived.terms.links == nil {
		return &Links{}
	}
	return r.derived.terms.links
}

// Links returns the browse links of the film's directors, cast, genres
// and year, merged from its reviews like its facts, earliest review first.
func (f *Film) Links() *Links {
	l := &Links{}
	for i := len(f.Reviews) - 1; i >= 0; i-- {
		rl := f.Reviews[i].Links()
		l.Director = unionLinks(l.Director, rl.Director)
		l.Cast = unionLinks(l.Cast, rl.Cast)
		for _, c := range rl.Cast {
			// The first part named for each person, as in its facts.
			if k := slices.IndexFunc(l.Cast, func(m Link) bool { return c.Role != "" && m.Role == "" && sameTerm(m, c) }); k >= 0 {
				l.Cast[k].Role = c.Role
			}
		}
		l.Genres = unionLinks(l.Genres, rl.Genres)
		l.Year, l.Decade = cmp.Or(l.Year, rl.Year), cmp.Or(l.Decade, rl.Decade)
	}
	return l
}

// unionLinks appends the links of add that list does not hold yet: the
// same term, or the same name when neither has a page.
func unionLinks(list, add []Link) []Link {
	for _, a := range add {
		if !slices.ContainsFunc(list, func(l Link) bool { return sameTerm(l, a) }) {
			list = append(list, a)
		}
	}
	return list
}

// sameTerm reports whether two links name the same term: the same page,
// or the same name when neither has one.
func sameTerm(a, b Link) bool {
	if a.URL != "" || b.URL != "" {
		return a.URL == b.URL
	}
	return strings.EqualFold(a.Name, b.Name)
}

// The taxonomies, in the order of Site.Taxonomies.
const (
	taxDirectors = iota
	taxCast
	taxGenres
	taxYears
	taxDecades
	taxAuthors
	taxTags
	taxCount
)

// taxonomyNames names each taxonomy; read only.
var taxonomyNames = [taxCount]struct{ name, title, singular, plural string }{
	{"directors", "Directors", "director", "directors"},
	{"cast", "Cast", "cast member", "cast members"},
	{"genres", "Genres", "genre", "genres"},
	{"years", "Years", "year", "years"},
	{"decades", "Decades", "decade", "decades"},
	{"authors", "Authors", "author", "authors"},
	{"tags", "Tags", "tag", "tags"},
}

// taxonomies groups reviews (newest first) by each taxonomy's terms. It
// returns, as warnings, every name that has no letters or digits to make a
// URL from and every spelling of a term but the one it shows.
func taxonomies(reviews []*Review, c *Cache, root string) ([]*Taxonomy, []error) {
	tc := c.terms
	if tc == nil {
		tc = &termCache{slots: map[slotKey]*slot{}, averages: map[[2]int64]*average{}, den: 1}
		c.terms = tc
	}
	for _, r := range reviews {
		// A review's names depend on its film's data file: made with
		// another, they are made again, and every term tallied again. In
		// a copy: the last good model may share these derived values
		// (the dev server keeps it while a build that fails after this
		// one is mended), and its pages still read the old names.
		if rt := &r.derived.terms; rt.links != nil && (rt.data != r.FilmPage.data || rt.stale) {
			d := *r.derived
			d.terms = reviewTerms{}
			r.derived = &d
			c.reviews[r.Review] = &d
			tc.prev = tc.prev[:0]
		}
	}
	if !tc.reuse(reviews, root, c.painter) {
		for !tc.tally(reviews, root) {
		}
		tc.settle(reviews, c.painter)
	}
	// Every term's list is a window of one array.
	total := 0
	for _, order := range tc.order {
		for _, sl := range order {
			total += len(sl.pos)
		}
	}
	all := make([]*Review, total)
	k := 0
	out := make([]*Taxonomy, taxCount)
	for t, order := range tc.order {
		n := taxonomyNames[t]
		x := &Taxonomy{Name: n.name, Title: n.title, Singular: n.singular, Plural: n.plural,
			URL: root + "/" + n.name + "/", Count: len(order), Terms: make([]*Term, len(order))}
		terms := make([]Term, len(order))
		for i, sl := range order {
			start := k
			for _, p := range sl.pos {
				all[k] = reviews[p]
				k++
			}
			terms[i] = Term{Name: sl.name, Slug: sl.slug, URL: sl.url, Reviews: all[start:k:k], Count: len(sl.pos), Rated: sl.rated}
			if sl.avg != nil {
				terms[i].AverageText, terms[i].Stars = sl.avg.text, sl.avg.stars
			}
			x.Terms[i] = &terms[i]
		}
		out[t] = x
	}
	return out, tc.warnings
}
