package render

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"

	"ssg/generator/site"
)

// Structured data for search engines (schema.org in JSON-LD): a Review on
// review pages, a Movie with its aggregate rating and reviews on film
// pages, an ItemList on list pages. Ratings always state bestRating and
// worstRating, as the site's scale is not the 1-to-5 that readers of the
// data assume otherwise. Strings are escaped as encoding/json escapes
// them, <, > and & included, so no string can end the <script> element it
// is written in.

// ldThing is a JSON object, written with its members sorted by name as
// encoding/json writes a map: by hand, as maps and json.Marshal cost a
// 10,000-review build a sixth of what rendering allocates
// (TestLDMatchesEncodingJSON).
type ldThing []ldMember

// ldMember is one member of an ldThing; names are unique.
type ldMember struct {
	name  string
	value any // a string, an int, an ldThing, a []ldThing or a []string
}

// JSONLD is the page's structured data for search engines, ready for a
// <script type="application/ld+json"> element; empty for pages without
// any. It reads only the page, so that the page's key covers it, and is
// made only when the page is rendered.
func (p *Page) JSONLD() template.JS {
	info := p.Site
	abs := func(url string) string {
		if info.BaseURL == "" {
			return url
		}
		return info.BaseURL + strings.TrimPrefix(url, info.Root)
	}
	var v ldThing
	switch p.Kind {
	case "review":
		movie := ldMovie(p.Review.FilmPage, abs)
		if image := p.Image(); image != "" {
			movie = append(movie, ldMember{"image", image})
		}
		v = ldReview(p.Review, info, abs, movie)
	case "film":
		v = ldMovie(p.Film, abs)
		if image := p.Image(); image != "" {
			v = append(v, ldMember{"image", image})
		}
		if p.Film.Stars != nil {
			v = append(v, ldMember{"aggregateRating", ldThing{{"@type", "AggregateRating"}, {"ratingValue", p.Film.AverageText},
				{"ratingCount", p.Film.Rated}, {"bestRating", info.Scale}, {"worstRating", "0"}}})
		}
		// Only rated reviews: a Review without a rating is no review
		// snippet to Google, and an error in its reports.
		var reviews []ldThing
		for _, r := range p.Film.Reviews {
			if r.Stars != nil {
				reviews = append(reviews, ldReview(r, info, abs, nil))
			}
		}
		if reviews != nil {
			v = append(v, ldMember{"review", reviews})
		}
	case "home", "rating", "term":
		var urls []string
		for _, r := range p.Reviews {
			urls = append(urls, abs(r.URL))
		}
		v = ldList(urls, p, info.PerPage)
	case "ratings":
		var urls []string
		for _, b := range p.Histogram.Bins {
			if b.URL != "" {
				urls = append(urls, abs(b.URL))
			}
		}
		v = ldList(urls, p, info.PerPage)
	case "terms":
		var urls []string
		for _, term := range p.Terms {
			urls = append(urls, abs(term.URL))
		}
		v = ldList(urls, p, info.PerPage)
	case "films":
		var urls []string
		for _, f := range p.Films {
			urls = append(urls, abs(f.URL))
		}
		v = ldList(urls, p, info.PerPage)
	default:
		return ""
	}
	v = append(v, ldMember{"@context", "https://schema.org"})
	bp := ldBuffers.Get().(*[]byte)
	defer ldBuffers.Put(bp)
	*bp = appendLD((*bp)[:0], v)
	return template.JS(*bp) // a copy
}

// ldBuffers hold JSON-LD while it is written, so that each page's is
// allocated once, as its string.
var ldBuffers = sync.Pool{New: func() any { return new([]byte) }}

// appendLD appends v as JSON, as json.Marshal would write it were each
// ldThing a map.
func appendLD(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return appendJSONString(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case ldThing:
		if v == nil {
			return append(b, "null"...)
		}
		slices.SortFunc(v, func(a, b ldMember) int { return strings.Compare(a.name, b.name) })
		b = append(b, '{')
		for i, m := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendJSONString(b, m.name), ':')
			b = appendLD(b, m.value)
		}
		return append(b, '}')
	case []ldThing:
		return appendLDList(b, v)
	case []string:
		return appendLDList(b, v)
	}
	panic(fmt.Sprintf("render: JSON-LD value of type %T", v))
}

func appendLDList[T any](b []byte, list []T) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendLD(b, x)
	}
	return append(b, ']')
}

// ldReview describes a review, and the film it reviews when movie is set.
// A review without a rating is a BlogPosting about the film: Google
// requires a rating of every Review.
func ldReview(r *site.Review, info *Info, abs func(string) string, movie ldThing) ldThing {
	best := info.Scale
	v := ldThing{{"@type", "Review"}, {"name", r.Title}, {"url", abs(r.URL)}, {"datePublished", r.DateISO}}
	if r.Stars == nil {
		v = ldThing{{"@type", "BlogPosting"}, {"headline", r.Title}, {"url", abs(r.URL)}, {"datePublished", r.DateISO}}
	}
	switch {
	case r.Author != "":
		v = append(v, ldMember{"author", ldThing{{"@type", "Person"}, {"name", r.Author}}})
	case info.Title != "":
		// A review needs an author for search engines' review snippets:
		// without one of its own, the blog wrote it.
		v = append(v, ldMember{"author", ldThing{{"@type", "Organization"}, {"name", info.Title}}})
	}
	if r.Stars != nil {
		v = append(v, ldMember{"reviewRating", ldThing{{"@type", "Rating"}, {"ratingValue", r.Stars.Value},
			{"bestRating", best}, {"worstRating", "0"}}})
	}
	if d := r.Summary; d != "" {
		v = append(v, ldMember{"description", d})
	}
	if movie != nil && r.CommentCount > 0 {
		// Only on the review's own page, where the comments are shown.
		v = append(v, ldMember{"commentCount", r.CommentCount})
	}
	if movie != nil && r.Stars != nil {
		v = append(v, ldMember{"itemReviewed", movie})
	} else if movie != nil {
		v = append(v, ldMember{"about", movie})
	}
	return v
}

// ldMovie describes a film by its facts.
func ldMovie(f *site.Film, abs func(string) string) ldThing {
	v := ldThing{{"@type", "Movie"}, {"name", f.Title}, {"url", abs(f.URL)}}
	switch {
	case !f.Release.IsZero():
		v = append(v, ldMember{"dateCreated", f.Release.Format("2006-01-02")})
	case f.Year != 0:
		v = append(v, ldMember{"dateCreated", strconv.Itoa(f.Year)})
	}
	people := func(names []string) []ldThing {
		var out []ldThing
		for _, n := range names {
			out = append(out, ldThing{{"@type", "Person"}, {"name", n}})
		}
		return out
	}
	if d := people(f.Director); d != nil {
		v = append(v, ldMember{"director", d})
	}
	if cast := people(f.Cast); cast != nil {
		v = append(v, ldMember{"actor", cast})
	}
	if len(f.Genres) > 0 {
		v = append(v, ldMember{"genre", f.Genres})
	}
	if f.Runtime > 0 {
		v = append(v, ldMember{"duration", "PT" + strconv.Itoa(f.Runtime) + "M"})
	}
	if len(f.External) > 0 {
		same := make([]string, len(f.External))
		for i, l := range f.External {
			same[i] = l.URL
		}
		v = append(v, ldMember{"sameAs", same})
	}
	return v
}

// ldList is an ItemList of the URLs a list page shows, numbered from the
// page's first item.
func ldList(urls []string, p *Page, perPage int) ldThing {
	first := 1
	if p.Pager != nil {
		first = (p.Pager.Number-1)*perPage + 1 // every page but the last is full
	}
	items := make([]ldThing, len(urls))
	for i, u := range urls {
		items[i] = ldThing{{"@type", "ListItem"}, {"position", first + i}, {"url", u}}
	}
	return ldThing{{"@type", "ItemList"}, {"url", p.Permalink}, {"itemListElement", items}}
}

// Image is the absolute URL of the picture that represents the page when
// shared (og:image): the review's poster, else its film's; for a film its
// poster (its data file's, else its newest review's that the site
// publishes), else the newest of its reviews' posters given as a URL or a
// /path; "" when there is none. A poster the site publishes is shared at
// its widest copy; one given as /path is under the site's address, and a
// URL is kept.
func (p *Page) Image() string {
	var own []*site.Review // whose own posters come first
	film := p.Film
	switch {
	case p.Review != nil:
		own, film = []*site.Review{p.Review}, p.Review.FilmPage
	case film != nil && film.Poster == nil:
		own = film.Reviews
	}
	for _, r := range own {
		switch poster := r.Poster; {
		case r.PosterImage != nil:
			return p.published(r.PosterImage)
		case strings.HasPrefix(poster, "https://") || strings.HasPrefix(poster, "http://"):
			return poster
		case strings.HasPrefix(poster, "/"):
			return p.Site.BaseURL + poster
		}
	}
	if film != nil && film.Poster != nil {
		return p.published(film.Poster)
	}
	return ""
}

// published is the absolute URL of a published poster's widest copy.
func (p *Page) published(poster *site.Poster) string {
	return p.Site.BaseURL + strings.TrimPrefix(poster.Largest, p.Site.Root)
}
