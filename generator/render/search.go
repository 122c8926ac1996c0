package render

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"ssg/generator/site"
)

// Search without a server: the build writes /search.json, a compact index
// of every published review with its film, directors and cast, and the
// theme's /search/ page filters it in the browser (static/search.js).
//
// The index is one JSON object, version 1:
//
//	{"v":1,
//	 "rb":"/reviews/", "fb":"/films/",   URL folders of reviews and films, under the site root
//	 "p":["Andrei Tarkovsky", …],          people: every director, cast member and author, once
//	 "g":[["4","★★★★","4 out of 4 stars"], …],  ratings: value, stars ("" for 0), label
//	 "f":[["Solaris",1972,"solaris-1972",[0],[1,2]], …],  films: title, year (0: unknown), link, directors, cast
//	 "r":[[0,"A slow ocean","solaris",3,"2024-05-01",0], …]}  reviews, newest first:
//	                                     film, title, link, author (-1: none), date, rating (-1: none)
//
// Numbers in "f" and "r" index "p", "g" and "f". A link is the page's slug
// under its folder ("solaris-1972" is root+"/films/solaris-1972/"); a
// review's link starting with "~" stands for its film's slug, which review
// file names often repeat ("~-2" is root+"/reviews/solaris-1972-2/"); a link
// starting with "/" is a whole URL under the root. Films list their first
// searchCast cast members only: enough to find a film by its stars.

// searchVersion is the index format; search.js checks it.
const searchVersion = 1

// searchCast is how many cast members of a film the index keeps.
const searchCast = 6

// searchPages adds the search page and its index.
func searchPages(s *site.Site, info *Info, add func(layout string, p *Page), encoded func(name string, p *Page, encode encoder)) {
	root := info.Root
	n := len(s.Reviews)
	noun := "reviews"
	if n == 1 {
		noun = "review"
	}
	add("search.html", &Page{Kind: "search", Title: "Search", URL: root + "/search/",
		Description: fmt.Sprintf("Search %d %s on %s by film, title, director or cast", n, noun, info.Title)})
	// The index reaches every review and film, so any review's edit
	// re-encodes it; the HTML page above reaches neither and stays.
	encoded("search index", &Page{Kind: "search-index", URL: root + "/search.json", Reviews: s.Reviews, Films: s.Films},
		encodeSearchIndex)
}

// encodeSearchIndex writes the index of p.Reviews (newest first) and
// p.Films. It appends JSON by hand: on a 10,000-review site the dev
// server re-encodes it on every save of a review.
func encodeSearchIndex(p *Page) ([]byte, error) {
	root := p.Site.Root
	reviewBase, filmBase := root+"/reviews/", root+"/films/"

	films := make(map[*site.Film]int, len(p.Films))
	list := make([]*site.Film, 0, len(p.Films))
	for _, f := range p.Films {
		if _, dup := films[f]; !dup {
			films[f] = len(list)
			list = append(list, f)
		}
	}
	for _, r := range p.Reviews {
		if _, ok := films[r.FilmPage]; !ok && r.FilmPage != nil {
			films[r.FilmPage] = len(list)
			list = append(list, r.FilmPage)
		}
	}

	// People in order of first appearance: authors by review first, as
	// a site has few and every review names one (small numbers are short),
	// then directors and cast by film.
	people := make(map[string]int, len(list)*4)
	var names []string
	person := func(name string) int {
		i, ok := people[name]
		if !ok {
			i = len(names)
			people[name] = i
			names = append(names, name)
		}
		return i
	}
	authors := make([]int, len(p.Reviews))
	for i, r := range p.Reviews {
		authors[i] = -1
		if r.Author != "" {
			authors[i] = person(r.Author)
		}
	}
	type filmRefs struct{ directors, cast []int }
	refs := make([]filmRefs, len(list))
	all := make([]int, 0, len(list)*(searchCast+1))
	for i, f := range list {
		start := len(all)
		for _, d := range f.Director {
			all = append(all, person(d))
		}
		mid := len(all)
		for _, c := range f.Cast[:min(len(f.Cast), searchCast)] {
			all = append(all, person(c))
		}
		refs[i] = filmRefs{all[start:mid:mid], all[mid:len(all):len(all)]}
	}

	// Ratings by value, in order of first appearance.
	ratingAt := map[string]int{}
	var ratings []*site.Stars
	stars := make([]int, len(p.Reviews))
	for i, r := range p.Reviews {
		stars[i] = -1
		if r.Stars == nil {
			continue
		}
		k, ok := ratingAt[r.Stars.Value]
		if !ok {
			k = len(ratings)
			ratingAt[r.Stars.Value] = k
			ratings = append(ratings, r.Stars)
		}
		stars[i] = k
	}

	size := 64
	for _, n := range names {
		size += len(n) + 3
	}
	for _, f := range list {
		size += len(f.Title) + len(f.Slug) + 24 + 4*(len(f.Director)+min(len(f.Cast), searchCast))
	}
	for _, r := range p.Reviews {
		size += len(r.Title) + len(r.Slug) + 40
	}
	b := make([]byte, 0, size)

	b = append(b, `{"v":`...)
	b = strconv.AppendInt(b, searchVersion, 10)
	b = append(b, `,"rb":`...)
	b = appendJSONString(b, strings.TrimPrefix(reviewBase, root))
	b = append(b, `,"fb":`...)
	b = appendJSONString(b, strings.TrimPrefix(filmBase, root))
	b = append(b, ",\n\"p\":["...)
	for i, n := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, n)
	}
	b = append(b, "],\n\"g\":["...)
	for i, st := range ratings {
		if i > 0 {
			b = append(b, ',')
		}
		glyphs, _, ok := strings.Cut(starsText(st), " (")
		if !ok {
			glyphs = ""
		}
		b = append(b, '[')
		b = appendJSONString(b, st.Value)
		b = append(b, ',')
		b = appendJSONString(b, glyphs)
		b = append(b, ',')
		b = appendJSONString(b, st.Label)
		b = append(b, ']')
	}
	b = append(b, "],\n\"f\":["...)
	filmSlugs := make([]string, len(list)) // "" when the film's URL is not filmBase+slug+"/"
	for i, f := range list {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, '[')
		b = appendJSONString(b, f.Title)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(f.Year), 10)
		b = append(b, ',')
		if f.URL == filmBase+f.Slug+"/" && f.Slug != "" {
			filmSlugs[i] = f.Slug
			b = appendJSONString(b, f.Slug)
		} else {
			b = appendJSONString(b, strings.TrimPrefix(f.URL, root))
		}
		b = appendInts(b, refs[i].directors)
		b = appendInts(b, refs[i].cast)
		b = append(b, ']')
	}
	b = append(b, "],\n\"r\":["...)
	for i, r := range p.Reviews {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		film := -1
		if r.FilmPage != nil {
			film = films[r.FilmPage]
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(film), 10)
		b = append(b, ',')
		b = appendJSONString(b, r.Title)
		b = append(b, ',')
		b = appendReviewLink(b, r, reviewBase, root, film, filmSlugs)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(authors[i]), 10)
		b = append(b, ',')
		b = appendJSONString(b, r.DateISO)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(stars[i]), 10)
		b = append(b, ']')
	}
	b = append(b, "]}\n"...)
	return b, nil
}

// appendReviewLink appends a review's link in the index: its slug, "~"
// and the rest of it when it starts with its film's slug, or its whole URL.
func appendReviewLink(b []byte, r *site.Review, base, root string, film int, filmSlugs []string) []byte {
	slug, ok := strings.CutPrefix(r.URL, base)
	if slug, ok = strings.CutSuffix(slug, "/"); !ok || slug == "" || strings.Contains(slug, "/") ||
		slug[0] == '~' || slug[0] == '/' {
		return appendJSONString(b, strings.TrimPrefix(r.URL, root))
	}
	if film >= 0 {
		if fs := filmSlugs[film]; fs != "" {
			if rest, ok := strings.CutPrefix(slug, fs); ok {
				b = append(b, '"', '~')
				return append(appendJSONChars(b, rest), '"')
			}
		}
	}
	return appendJSONString(b, slug)
}

// appendInts appends ,[a,b,c].
func appendInts(b []byte, ns []int) []byte {
	b = append(b, ",["...)
	for i, n := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, as encoding/json does; <, > and & are escaped too, so that the
// index stays harmless wherever it is pasted.
func appendJSONString(b []byte, s string) []byte {
	return append(appendJSONChars(append(b, '"'), s), '"')
}

// jsonPlain marks the bytes a JSON string holds as they are: ASCII but
// control characters, quotes, backslashes and the characters encoding/json
// escapes for HTML.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune(`"\\<>&`, rune(c))
	}
	return t
}()

// appendJSONChars appends s escaped for a JSON string, without quotes,
// byte for byte as encoding/json escapes it (FuzzAppendJSONString).
func appendJSONChars(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			case '\r':
				b = append(b, '\\', 'r')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		// U+2028 and U+2029 are valid JSON but end lines in older JavaScript.
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}
