package site

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"ssg/generator/slug"
)

// watch_also names films to see next: "The Island (2005)", or a title
// alone. Each links to the blog's page of the film with that title
// (compared by slug, so ignoring case and accents) and year, shown as the
// film's own title and year; a title alone must name one film. A name the
// blog has no film for, or several, stays as written, unlinked, and is a
// warning.

// titleYear splits "The Island (2005)" into its title and year.
var titleYear = regexp.MustCompile(`^(.*?)\s*\(([0-9]{4})\)$`)

// watchLinks resolves the watch_also of every review and data file.
func watchLinks(films []*Film, w *warner) {
	byTitle := map[string][]*Film{}
	for _, f := range films {
		t := slug.Make(f.Title)
		byTitle[t] = append(byTitle[t], f)
	}
	for _, f := range films {
		var links []Link
		if d := f.data; d != nil {
			links = resolve(byTitle, f, d.WatchAlso, d.File, d.Lines["watch_also"], w)
		}
		// Oldest review first, as facts are merged.
		for i := len(f.Reviews) - 1; i >= 0; i-- {
			r := f.Reviews[i]
			if len(r.WatchAlso) == 0 {
				continue
			}
			r.WatchLinks = resolve(byTitle, f, r.WatchAlso, r.File, r.Lines["watch_also"], w)
			for _, l := range r.WatchLinks {
				if !slices.ContainsFunc(links, func(m Link) bool { return sameFilm(l, m) }) {
					links = append(links, l)
				}
			}
		}
		f.WatchLinks = links
	}
}

// sameFilm reports whether two watch links name the same film.
func sameFilm(a, b Link) bool {
	if a.URL != "" || b.URL != "" {
		return a.URL == b.URL
	}
	return strings.EqualFold(a.Name, b.Name)
}

// resolve links the names of list, written at file:line in a review of
// film (or its data file), to the blog's films.
func resolve(byTitle map[string][]*Film, film *Film, list []string, file string, line int, w *warner) []Link {
	var out []Link
	for _, name := range list {
		title, year := name, 0
		if m := titleYear.FindStringSubmatch(name); m != nil && m[1] != "" {
			title = m[1]
			year, _ = strconv.Atoi(m[2])
		}
		var match []*Film
		for _, f := range byTitle[slug.Make(title)] {
			if year == 0 || f.Year == year {
				match = append(match, f)
			}
		}
		if len(match) == 0 && year != 0 {
			// A film whose reviews give no year is the one named, if it
			// is the only one of that title.
			for _, f := range byTitle[slug.Make(title)] {
				if f.Year == 0 {
					match = append(match, f)
				}
			}
		}
		if len(match) > 1 {
			// A review of Solaris (2002) that names Solaris means the
			// other one.
			match = slices.DeleteFunc(match, func(f *Film) bool { return f == film })
		}
		link := Link{Name: name}
		switch {
		case len(match) == 1 && match[0] == film:
			w.at(file, line, "watch_also %q names the film itself", name)
			continue
		case len(match) == 1:
			link = Link{Name: match[0].Label(), URL: match[0].URL}
		case len(match) > 1:
			labels := make([]string, len(match))
			for i, f := range match {
				labels[i] = f.Label()
			}
			w.at(file, line, "watch_also %q could be %s: add the year, like %q", name, strings.Join(labels, " or "), labels[0])
		default:
			w.at(file, line, "watch_also %q: the blog has no review of that film, so it is not linked", name)
		}
		if !slices.ContainsFunc(out, func(l Link) bool { return sameFilm(l, link) }) {
			out = append(out, link)
		}
	}
	return out
}
