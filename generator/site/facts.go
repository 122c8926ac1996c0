package site

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"ssg/generator/content"
	"ssg/generator/slug"
)

// A film's facts are those of its data file (data/films/<slug>.yaml) where
// it gives them, and otherwise those of its reviews, earliest review
// first: lists are merged, and of single values the first review's shows.
// A later review that gives another value is warned about, naming both
// files, unless the data file settles the fact.

// Poster is a film's poster image, as its data file names it.
type Poster struct {
	Path string // the image's slash path from the site folder: "static/posters/x.jpg"
	File string // the data file that names it: "data/films/x.yaml"
	Line int    // the line of the poster key there
	// URL is where the image is published as is, when it lies in static/
	// ("/posters/x.jpg"); empty otherwise.
	URL string
}

// names are the names a review is filed under in the browse pages: those
// of its film's data file where it gives them, else the review's own.
type names struct {
	director, cast, roles, genres []string
	year                          int
	// fromData says which of them the data file gave, for warnings.
	directorData, castData, genresData, yearData bool
}

// names returns what r is filed under.
func (r *Review) names() names {
	n := names{director: r.Director, cast: r.Cast, roles: r.Roles, genres: r.Genres, year: r.Year}
	var d *content.FilmFile
	if r.FilmPage != nil {
		d = r.FilmPage.data
	}
	if d == nil {
		return n
	}
	if len(d.Director) > 0 {
		n.director, n.directorData = d.Director, true
	}
	if len(d.Cast) > 0 {
		n.cast, n.roles, n.castData = d.Cast, d.Roles, true
	}
	if len(d.Genres) > 0 {
		n.genres, n.genresData = d.Genres, true
	}
	if n.year == 0 && d.Year != 0 {
		n.year, n.yearData = d.Year, true
	}
	return n
}

// warner collects warnings, and the files whose lines they cite: an edit
// that moves those lines cannot be patched into the model in place.
type warner struct {
	list  []error
	cited map[string]bool
}

// at adds a warning at file:line.
func (w *warner) at(file string, line int, format string, args ...any) {
	w.cite(file)
	w.list = append(w.list, content.Errorf(file, line, format, args...))
}

// place writes "file:line" (or the file alone) for a message, noting that
// the message cites the file's lines.
func (w *warner) place(file string, line int) string {
	w.cite(file)
	if line > 0 {
		return file + ":" + strconv.Itoa(line)
	}
	return file
}

func (w *warner) cite(file string) {
	if w.cited == nil {
		w.cited = map[string]bool{}
	}
	w.cited[file] = true
}

// merge sets the film's facts from its data file and its reviews, which
// are in the order add met them, earliest first. It writes only f.
func (f *Film) merge(root string) {
	d := f.data
	if d == nil {
		d = &content.FilmFile{}
	} else {
		f.Data = d.File
	}
	w := &f.warns
	settle := " (" + cmp.Or(d.File, content.FilmDir+"/"+f.Slug+".yaml") + " can settle it)"
	f.Director, f.Genres = d.Director, d.Genres
	if len(f.Director) == 0 {
		for _, r := range f.Reviews {
			f.Director = union(f.Director, r.Director)
		}
	}
	if len(f.Genres) == 0 {
		for _, r := range f.Reviews {
			f.Genres = union(f.Genres, r.Genres)
		}
	}
	if f.Cast, f.Roles = d.Cast, d.Roles; len(f.Cast) == 0 {
		f.cast(w, settle)
	}
	f.Runtime = choose(f, w, settle, "runtime", d.Runtime, func(r *Review) int { return r.Runtime },
		func(m int) string { return strconv.Itoa(m) + " min" }, func(a, b int) bool { return a == b })
	f.Certificate = choose(f, w, settle, "certificate", d.Certificate, func(r *Review) string { return r.Certificate },
		strconv.Quote, strings.EqualFold)
	f.Release = choose(f, w, settle, "release", d.Release, func(r *Review) time.Time { return r.Release },
		func(t time.Time) string { return t.Format("2006-01-02") },
		func(a, b time.Time) bool { return a.Format(time.DateOnly) == b.Format(time.DateOnly) })
	f.Country = choose(f, w, settle, "country", d.Country, func(r *Review) string { return r.Country },
		strconv.Quote, strings.EqualFold)
	f.IMDb = choose(f, w, settle, "imdb", d.IMDb, func(r *Review) string { return r.IMDb }, strconv.Quote, eq)
	f.TMDB = choose(f, w, settle, "tmdb", d.TMDB, func(r *Review) string { return r.TMDB }, strconv.Quote, eq)
	f.Letterboxd = choose(f, w, settle, "letterboxd", d.Letterboxd, func(r *Review) string { return r.Letterboxd }, strconv.Quote, eq)
	if !f.Release.IsZero() {
		f.ReleaseISO, f.ReleaseHuman = f.Release.Format("2006-01-02"), f.Release.Format("2 January 2006")
	}
	f.External = nil
	if f.IMDb != "" {
		f.External = append(f.External, Link{Name: "IMDb", URL: "https://www.imdb.com/title/" + f.IMDb + "/"})
	}
	if f.TMDB != "" {
		f.External = append(f.External, Link{Name: "TMDB", URL: "https://www.themoviedb.org/movie/" + f.TMDB})
	}
	if f.Letterboxd != "" {
		f.External = append(f.External, Link{Name: "Letterboxd", URL: "https://letterboxd.com/film/" + f.Letterboxd + "/"})
	}
	if d.Poster != "" {
		f.Poster = &Poster{Path: d.Poster, File: d.File, Line: d.Lines["poster"]}
		if rest, ok := strings.CutPrefix(d.Poster, "static/"); ok {
			f.Poster.URL = root + "/" + rest
		}
	}
}

func eq(a, b string) bool { return a == b }

// choose returns the data file's value of a fact when it has one, else the
// first review's that has one, warning in each later review that gives
// another value.
func choose[T comparable](f *Film, w *warner, settle, key string, data T, of func(*Review) T, show func(T) string, same func(a, b T) bool) T {
	var zero T
	if data != zero {
		return data
	}
	var first *Review
	for _, r := range f.Reviews {
		v := of(r)
		switch {
		case v == zero:
		case first == nil:
			first = r
		case !same(v, of(first)):
			w.at(r.File, r.Lines[key], "%s %s differs from %s in %s, which the film page shows%s",
				key, show(v), show(of(first)), w.place(first.File, first.Lines[key]), settle)
		}
	}
	if first == nil {
		return zero
	}
	return of(first)
}

// cast merges the reviews' cast, with the first part named for each
// person, warning in each later review that names another part.
func (f *Film) cast(w *warner, settle string) {
	var from []*Review // the review that named each part
	for _, r := range f.Reviews {
		for k, name := range r.Cast {
			role := ""
			if k < len(r.Roles) {
				role = r.Roles[k]
			}
			i := slices.IndexFunc(f.Cast, func(s string) bool { return strings.EqualFold(s, name) })
			switch {
			case i < 0:
				f.Cast = append(f.Cast, name)
				f.Roles = append(f.Roles, role)
				from = append(from, r)
			case role == "":
			case f.Roles[i] == "":
				f.Roles[i], from[i] = role, r
			case !strings.EqualFold(f.Roles[i], role) && from[i] != r:
				w.at(r.File, r.Lines["cast"], "cast: %s plays %q here and %q in %s, which the film page shows%s",
					name, role, f.Roles[i], w.place(from[i].File, from[i].Lines["cast"]), settle)
			}
		}
	}
	if !slices.ContainsFunc(f.Roles, func(s string) bool { return s != "" }) {
		f.Roles = nil
	}
}

// attach gives each film its data file, by slug. A data file without a
// film is a warning; two for one film, or one that gives the film another
// year than its reviews, are errors.
func attach(films []*Film, bySlug map[string]*Film, data []*content.FilmFile, w *warner) []error {
	var errs []error
	for _, d := range data {
		f := bySlug[d.Slug]
		if f == nil {
			// It may name a film whose slug gained or lost its year
			// when another film of the same title came or went.
			title := d.Slug
			if i := strings.LastIndexByte(title, '-'); i > 0 && len(title)-i == 5 && strings.Trim(title[i+1:], "0123456789") == "" {
				title = title[:i]
			}
			var like []string
			for _, g := range films {
				if g.URL != "" && g.Slug != d.Slug && (slug.Make(g.Title) == title || slug.Make(g.Title) == d.Slug) {
					like = append(like, g.Slug+".yaml")
				}
			}
			hint := ""
			if len(like) > 0 {
				slices.Sort(like)
				hint = "; rename it " + strings.Join(like, " or ")
			}
			w.at(d.File, 0, "no film of the blog has the page /films/%s/, so this file describes nothing%s", d.Slug, hint)
			continue
		}
		if f.data != nil {
			errs = append(errs, content.Errorf(d.File, 0, "describes the film /films/%s/, as %s does: keep one", d.Slug, f.data.File))
			continue
		}
		if d.Year != 0 && f.Year != 0 && d.Year != f.Year {
			errs = append(errs, content.Errorf(d.File, d.Lines["year"], "year %d, but the film's reviews say %d (%s)", d.Year, f.Year, f.files[0]))
			continue
		}
		f.data = d
		f.Year = cmp.Or(f.Year, d.Year)
	}
	return errs
}
