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

// A film's facts come from its data file (data/films/<slug>.yaml) and its
// reviews, earliest review first. A list (directors, cast, genres) is the
// data file's names, in its spelling and with its parts, then the names
// the reviews add. A single value (runtime, certificate, release, country,
// ids) is the data file's when it gives one, else the first review's; a
// later review that gives another value is warned about, naming both files
// and lines, unless the data file settles it. The poster is the data
// file's, else the newest review's (poster.go): a review's poster is its
// own.

// names are the names a review is filed under in the browse pages: those
// of its film's data file, then its own that the data file lacks. The
// data file's spelling and parts win.
type names struct {
	director, cast, roles, genres []string
	year                          int
	// How many of the first director, cast and genres are the data
	// file's, and whether the year is: for warnings, which name files.
	directorData, castData, genresData int
	yearData                           bool
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
	n.director, _ = withData(d.Director, nil, r.Director, nil)
	n.cast, n.roles = withData(d.Cast, d.Roles, r.Cast, r.Roles)
	n.genres, _ = withData(d.Genres, nil, r.Genres, nil)
	n.directorData, n.castData, n.genresData = len(d.Director), len(d.Cast), len(d.Genres)
	if n.year == 0 && d.Year != 0 {
		n.year, n.yearData = d.Year, true
	}
	return n
}

// withData returns a data file's names and then those of own that make
// another slug (or, making none, are another name), each with its part:
// the data file's, else own's. roles is nil when no name has a part.
func withData(data, dataRoles, own, ownRoles []string) (names, roles []string) {
	if len(data) == 0 {
		return own, ownRoles
	}
	key := func(name string) string {
		if s := slug.Make(name); s != "" {
			return s
		}
		return "\x00" + strings.ToLower(name)
	}
	names = slices.Clip(data) // appending copies
	keys := make([]string, len(data), len(data)+len(own))
	for i, name := range data {
		keys[i] = key(name)
	}
	roles = make([]string, len(data), len(data)+len(own))
	copy(roles, dataRoles)
	for k, name := range own {
		role := ""
		if k < len(ownRoles) {
			role = ownRoles[k]
		}
		switch i := slices.Index(keys, key(name)); {
		case i < 0:
			names, keys, roles = append(names, name), append(keys, key(name)), append(roles, role)
		case roles[i] == "":
			roles[i] = role
		}
	}
	if !slices.ContainsFunc(roles, func(s string) bool { return s != "" }) {
		roles = nil
	}
	return names, roles
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
func (f *Film) merge() {
	d := f.data
	if d == nil {
		d = &content.FilmFile{}
	} else {
		f.Data = d.File
	}
	w := &f.warns
	settle := " (" + cmp.Or(d.File, content.FilmDir+"/"+f.Slug+".yaml") + " can settle it)"
	// Lists: the data file's names, then the reviews' others.
	f.Director, f.Genres = slices.Clip(d.Director), slices.Clip(d.Genres)
	for _, r := range f.Reviews {
		f.Director = union(f.Director, r.Director)
		f.Genres = union(f.Genres, r.Genres)
	}
	f.cast(d, w, settle)
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

// cast merges the data file's cast and the reviews', with the data file's
// part for each person, else the first review's, warning in each later
// review that names another part than a review.
func (f *Film) cast(d *content.FilmFile, w *warner, settle string) {
	f.Cast = slices.Clone(d.Cast)
	f.Roles = make([]string, len(d.Cast))
	copy(f.Roles, d.Roles)
	from := make([]*Review, len(d.Cast)) // the review that named each part; nil for the data file
	for _, r := range f.Reviews {
		for k, name := range r.Cast {
			role := ""
			if k < len(r.Roles) {
				role = r.Roles[k]
			}
			i := k // reviews of a film mostly list its cast in the same order
			if i >= len(f.Cast) || f.Cast[i] != name {
				i = slices.IndexFunc(f.Cast, func(s string) bool { return strings.EqualFold(s, name) })
			}
			switch {
			case i < 0:
				f.Cast = append(f.Cast, name)
				f.Roles = append(f.Roles, role)
				from = append(from, r)
			case role == "":
			case f.Roles[i] == "":
				f.Roles[i], from[i] = role, r
			case from[i] != nil && from[i] != r && !strings.EqualFold(f.Roles[i], role):
				w.at(r.File, r.Lines["cast"], "cast: %s plays %q here and %q in %s, which the film page shows%s",
					name, role, f.Roles[i], w.place(from[i].File, from[i].Lines["cast"]), settle)
			}
		}
	}
	if !slices.ContainsFunc(f.Roles, func(s string) bool { return s != "" }) {
		f.Roles = nil
	}
	if len(f.Cast) == 0 {
		f.Cast = nil
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
