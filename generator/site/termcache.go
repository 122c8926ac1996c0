package site

import (
	"cmp"
	"errors"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"ssg/generator/content"
	"ssg/generator/slug"
)

// termCache keeps the taxonomies of one build for the next, which the dev
// server makes after every save. A review's names are looked up once while
// it is unchanged: its reviewTerms point at their terms' slots. A build
// whose reviews have the same terms in the same order as the last one's (a
// body edited, a title, even a rating) keeps the last tallies, names and
// order, and only points the lists at the new reviews; any other build
// tallies every term again. Its slots are its own: the model gets Terms.
type termCache struct {
	gen   int // the current tally, counted from 1
	slots map[slotKey]*slot
	// used lists each taxonomy's terms as a tally meets them, and order
	// the sorted terms of the last build.
	used, order [taxCount][]*slot
	prev        []*reviewTerms // the last build's reviews, in order
	warnings    []error        // the last build's
	pos         []int32        // the array of every slot's pos
	// Sums of ratings are exact: int64 numerators over den, the common
	// denominator of every rating so far, or big.Rats (big) when they
	// would overflow.
	den      int64
	big      bool
	averages map[[2]int64]*average // by the mean as a reduced fraction
}

type slotKey struct {
	tax  int
	slug string
}

// slot is one term, kept across builds: its tally, its list as positions in
// the build's reviews, the name it shows and its mean.
type slot struct {
	gen      int // the tally that last met it
	last     int // the position+1 of the last review counted, so that it counts once
	rated    int
	sum      int64    // the ratings' sum over termCache.den
	exact    *big.Rat // the ratings' sum, while a tally counts in big.Rats
	spelling int      // the index of the first spelling met
	mixed    bool     // another spelling was met
	pos      []int32  // its reviews' positions, newest first
	// A tally starts pos in a window of termCache.pos at off (window
	// tells which tally), as long as its last list (size).
	window, off, size int
	name              string   // the spelling shown
	avg               *average // nil when none is rated

	tax       int
	slug, url string
	spellings []string // every spelling seen, each once
}

// reviewTerms is what the taxonomies take from one review, kept with its
// other derived values. Only Build reads or writes it.
type reviewTerms struct {
	file  string
	data  *content.FilmFile // its film's data file when they were made; nil when none
	refs  []termRef
	bad   []badName
	links *Links
	// stale is set when links are a patched review's (Site.Patch) and
	// refs are still those of the review it replaced.
	stale bool
	exact *big.Rat // nil when not rated
	// num/den is exact when both fit in int64s, else den is 0; scaled is
	// num over the termCache's den of the time, scaledFor.
	num, den, scaled, scaledFor int64
}

// termRef is one name of a review in one taxonomy.
type termRef struct {
	slot     *slot
	spelling int  // the name's index in slot.spellings
	data     bool // the name is its film's data file's
}

// badName is a name of a review that makes no slug.
type badName struct {
	tax  int
	name string
	data bool // the name is its film's data file's
}

// source is the file that writes a review's name: the review, or its
// film's data file.
func (rt *reviewTerms) source(data bool) string {
	if data {
		return rt.data.File
	}
	return rt.file
}

// reuse keeps the last build's taxonomies when reviews have the same
// terms in the same order, updating the tallies of the terms of reviews
// whose rating changed. It reports whether it could.
func (tc *termCache) reuse(reviews []*Review, root string, p *painter) bool {
	if len(reviews) != len(tc.prev) || tc.big {
		return false
	}
	var changed []int // positions of new ratings
	for i, r := range reviews {
		rt, old := tc.of(r, root), tc.prev[i]
		if rt == old {
			continue
		}
		if rt.file != old.file || !slices.Equal(rt.refs, old.refs) || !slices.Equal(rt.bad, old.bad) ||
			rt.exact != nil && rt.scaledFor != tc.den && !tc.scale(rt) {
			return false
		}
		if (rt.exact == nil) != (old.exact == nil) || rt.exact != nil && rt.exact.Cmp(old.exact) != 0 {
			changed = append(changed, i)
		}
	}
	for _, i := range changed {
		rt, old := &reviews[i].derived.terms, tc.prev[i]
		if old.exact != nil && old.scaledFor != tc.den {
			return false
		}
		for k, ref := range rt.refs {
			if slices.ContainsFunc(rt.refs[:k], func(x termRef) bool { return x.slot == ref.slot }) {
				continue // counted once
			}
			sl := ref.slot
			if old.exact != nil {
				sl.rated--
				sl.sum -= old.scaled
			}
			if rt.exact != nil {
				if sl.sum > math.MaxInt64-rt.scaled {
					tc.prev = nil // the tallies are spoilt: count again
					return false
				}
				sl.rated++
				sl.sum += rt.scaled
			}
			sl.avg = nil
			if sl.rated > 0 {
				sl.avg = tc.average(p, sl)
			}
		}
	}
	for i, r := range reviews {
		tc.prev[i] = &r.derived.terms
	}
	return true
}

// tally counts each term's reviews and ratings. It returns false when it
// must start over: a rating needed a larger common denominator, or a sum
// overflowed.
func (tc *termCache) tally(reviews []*Review, root string) bool {
	tc.gen++
	gen := tc.gen
	// Each slot's list starts in a window of one array, as long as its
	// last list; a list that outgrows its window moves out of it.
	total := 0
	for _, order := range tc.order {
		for _, sl := range order {
			sl.off, sl.window = total, gen
			total += sl.size
		}
	}
	if cap(tc.pos) < total {
		tc.pos = make([]int32, total)
	}
	for t := range tc.used {
		tc.used[t] = nil // the last one may be order
	}
	for i, r := range reviews {
		rt := tc.of(r, root)
		if rt.exact != nil && !tc.big && rt.scaledFor != tc.den && !tc.scale(rt) {
			return false
		}
		for k := range rt.refs {
			ref := &rt.refs[k]
			sl := ref.slot
			if sl.gen != gen {
				sl.gen, sl.last, sl.rated, sl.sum, sl.exact = gen, 0, 0, 0, nil
				sl.spelling, sl.mixed = ref.spelling, false
				sl.pos = nil
				if sl.window == gen {
					sl.pos = tc.pos[sl.off : sl.off : sl.off+sl.size]
				}
				tc.used[sl.tax] = append(tc.used[sl.tax], sl)
			} else if ref.spelling != sl.spelling {
				sl.mixed = true
			}
			if sl.last == i+1 {
				continue // the same name twice in one review
			}
			sl.last = i + 1
			sl.pos = append(sl.pos, int32(i))
			if rt.exact == nil {
				continue
			}
			sl.rated++
			switch {
			case tc.big:
				if sl.exact == nil {
					sl.exact = new(big.Rat)
				}
				sl.exact.Add(sl.exact, rt.exact)
			case sl.sum > math.MaxInt64-rt.scaled:
				tc.big = true
				return false
			default:
				sl.sum += rt.scaled
			}
		}
	}
	return true
}

// settle finishes a tally: each term's name and mean, the sorted terms,
// the warnings. It forgets the terms no review has had for a while once
// they outnumber the ones in use.
func (tc *termCache) settle(reviews []*Review, p *painter) {
	var warnings []error
	n := 0
	for t := range tc.used {
		tc.order[t] = tc.sorted(t)
		for _, sl := range tc.used[t] {
			n++
			sl.size = len(sl.pos)
			sl.name = sl.spellings[sl.spelling]
			if sl.mixed {
				var ws []error
				sl.name, ws = spell(sl, reviews, taxonomyNames[t].singular)
				warnings = append(warnings, ws...)
			}
			sl.avg = nil
			if sl.rated > 0 {
				sl.avg = tc.average(p, sl)
			}
			sl.exact = nil
		}
	}
	tc.prev = tc.prev[:0]
	for _, r := range reviews {
		rt := &r.derived.terms
		tc.prev = append(tc.prev, rt)
		for _, b := range rt.bad {
			w := content.Errorf(rt.source(b.data), 0, "%s %q has no letters or digits to make a URL from, so it has no page",
				taxonomyNames[b.tax].singular, b.name)
			if b.data && slices.ContainsFunc(warnings, func(e error) bool { return e.Error() == w.Error() }) {
				continue // said once for the data file, not for each review
			}
			warnings = append(warnings, w)
		}
	}
	slices.SortStableFunc(warnings, func(a, b error) int {
		var ea, eb *content.Error
		errors.As(a, &ea)
		errors.As(b, &eb)
		return cmp.Or(cmp.Compare(ea.File, eb.File), cmp.Compare(ea.Error(), eb.Error()))
	})
	tc.warnings = warnings
	if len(tc.slots) > 2*n+256 {
		for k, sl := range tc.slots {
			if sl.gen != tc.gen {
				delete(tc.slots, k)
			}
		}
	}
}

// sorted returns the terms of taxonomy t met by this tally, by slug: the
// last order when the terms are the same, as after most edits.
func (tc *termCache) sorted(t int) []*slot {
	prev, used := tc.order[t], tc.used[t]
	if len(prev) == len(used) && !slices.ContainsFunc(prev, func(sl *slot) bool { return sl.gen != tc.gen }) {
		return prev
	}
	slices.SortFunc(used, func(a, b *slot) int { return strings.Compare(a.slug, b.slug) })
	return used
}

// spell picks the name a term written more than one way shows: the
// spelling of the most files, on a tie the one of the first file by path.
// It warns in each file that writes another spelling.
func spell(sl *slot, reviews []*Review, noun string) (string, []error) {
	files := make([][]string, len(sl.spellings)) // by spelling, sorted
	for _, p := range sl.pos {
		rt := &reviews[p].derived.terms
		for _, ref := range rt.refs {
			if file := rt.source(ref.data); ref.slot == sl && !slices.Contains(files[ref.spelling], file) {
				files[ref.spelling] = append(files[ref.spelling], file)
			}
		}
	}
	best := -1
	for k, f := range files {
		if len(f) == 0 {
			continue
		}
		slices.Sort(f)
		if best < 0 || cmp.Or(cmp.Compare(len(f), len(files[best])), strings.Compare(files[best][0], f[0]),
			strings.Compare(sl.spellings[best], sl.spellings[k])) > 0 {
			best = k
		}
	}
	name, first := sl.spellings[best], files[best][0]
	var warnings []error
	for k, f := range files {
		if k == best {
			continue
		}
		for _, file := range f {
			warnings = append(warnings, content.Errorf(file, 0, "%s %q is spelled %q in %s", noun, sl.spellings[k], name, first))
		}
	}
	return name, warnings
}

// scale puts rt's rating over the common denominator, growing it if it
// must; it returns false when it did, as the sums so far are then void.
func (tc *termCache) scale(rt *reviewTerms) bool {
	if rt.den != 0 && tc.den%rt.den == 0 {
		if n, ok := mulInt(rt.num, tc.den/rt.den); ok {
			rt.scaled, rt.scaledFor = n, tc.den
			return true
		}
	}
	// A denominator this large would overflow the sums: count in big.Rats.
	const most = 1 << 32
	if d, ok := mulInt(tc.den/gcd(tc.den, rt.den), rt.den); ok && rt.den != 0 && d <= most {
		tc.den = d
	} else {
		tc.big = true
	}
	return false
}

// of returns what the taxonomies take from r, from its derived values once
// made: slugs are made once per name while the review is unchanged.
func (tc *termCache) of(r *Review, root string) *reviewTerms {
	d := r.derived
	rt := &d.terms
	if rt.links != nil {
		return rt
	}
	rt.file, rt.data, rt.links = r.File, r.FilmPage.data, &Links{}
	add := func(tax int, name, s string, data bool) Link {
		if s == "" {
			rt.bad = append(rt.bad, badName{tax, name, data})
			return Link{Name: name}
		}
		sl := tc.slot(tax, s, root)
		k := slices.Index(sl.spellings, name)
		if k < 0 {
			k = len(sl.spellings)
			sl.spellings = append(sl.spellings, name)
		}
		rt.refs = append(rt.refs, termRef{sl, k, data})
		return Link{Name: name, URL: sl.url}
	}
	// list links names, of which the first data are the data file's.
	list := func(tax int, names []string, data int) []Link {
		if len(names) == 0 {
			return nil
		}
		links := make([]Link, len(names))
		for i, name := range names {
			links[i] = add(tax, name, slug.Make(name), i < data)
		}
		return links
	}
	n := r.names()
	rt.links.Director = list(taxDirectors, n.director, n.directorData)
	rt.links.Cast = list(taxCast, n.cast, n.castData)
	for i, role := range n.roles[:min(len(n.roles), len(n.cast))] {
		rt.links.Cast[i].Role = role
	}
	rt.links.Genres = list(taxGenres, n.genres, n.genresData)
	if n.year > 0 {
		y := strconv.Itoa(n.year)
		dec := strconv.Itoa(n.year/10*10) + "s"
		year, decade := add(taxYears, y, y, n.yearData), add(taxDecades, dec, dec, n.yearData)
		rt.links.Year, rt.links.Decade = &year, &decade
	}
	if r.Author != "" {
		a := add(taxAuthors, r.Author, slug.Make(r.Author), false)
		rt.links.Author = &a
	}
	rt.links.Tags = list(taxTags, r.Tags, 0)
	rt.rate(d.exact)
	return rt
}

// rate sets the rating rt counts into its terms: e, exact, or nil when not
// rated. A tally puts it over the common denominator when it meets it.
func (rt *reviewTerms) rate(e *big.Rat) {
	rt.exact, rt.num, rt.den, rt.scaled, rt.scaledFor = e, 0, 0, 0, 0
	if e != nil && e.Num().IsInt64() && e.Denom().IsInt64() {
		rt.num, rt.den = e.Num().Int64(), e.Denom().Int64()
	}
}

// slot returns the term of taxonomy tax with slug s, made on first use.
func (tc *termCache) slot(tax int, s, root string) *slot {
	k := slotKey{tax, s}
	sl := tc.slots[k]
	if sl == nil {
		sl = &slot{tax: tax, slug: s, url: root + "/" + taxonomyNames[tax].name + "/" + s + "/"}
		tc.slots[k] = sl
	}
	return sl
}

// average returns the term's mean rating, shared by every term with the
// same mean.
func (tc *termCache) average(p *painter, sl *slot) *average {
	if !tc.big {
		if den, ok := mulInt(tc.den, int64(sl.rated)); ok {
			g := gcd(sl.sum, den)
			k := [2]int64{sl.sum / g, den / g}
			avg := tc.averages[k]
			if avg == nil {
				avg = newAverage(p, big.NewRat(k[0], k[1]))
				tc.averages[k] = avg
			}
			return avg
		}
		sl.exact = new(big.Rat).SetFrac64(sl.sum, tc.den)
	}
	return newAverage(p, new(big.Rat).Quo(sl.exact, big.NewRat(int64(sl.rated), 1)))
}

// mulInt multiplies two non-negative int64s, reporting overflow.
func mulInt(a, b int64) (int64, bool) {
	if a != 0 && b > math.MaxInt64/a {
		return 0, false
	}
	return a * b, true
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
