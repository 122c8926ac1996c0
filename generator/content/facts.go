package content

import (
	"fmt"
	"regexp"
	"strings"
)

// Film facts that reviews and film data files share: external ids checked
// by their format, and cast members with the parts they play.

var (
	imdbPattern       = regexp.MustCompile(`^tt[0-9]{7,8}$`)
	tmdbPattern       = regexp.MustCompile(`^(?:movie/)?([0-9]{1,10})(?:-[a-z0-9-]*)?$`)
	letterboxdPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
)

// imdbID checks an IMDb title id ("tt" and 7 or 8 digits) and returns it
// in lower case; the address of its page on imdb.com is accepted too.
func imdbID(s string) (string, error) {
	id := strings.ToLower(fromURL(s, "imdb.com", "title/"))
	if !imdbPattern.MatchString(id) {
		return "", fmt.Errorf("%q is not an IMDb title id (want tt and 7 or 8 digits, like tt1334260)", s)
	}
	return id, nil
}

// tmdbID checks a TMDB film id, written "37903", "movie/37903" or as the
// address of its page, and returns the number.
func tmdbID(s string) (string, error) {
	m := tmdbPattern.FindStringSubmatch(strings.ToLower(fromURL(s, "themoviedb.org", "")))
	if m == nil || strings.Trim(m[1], "0") == "" {
		return "", fmt.Errorf("%q is not a TMDB film id (want its number, like 37903 or movie/37903)", s)
	}
	return strings.TrimLeft(m[1], "0"), nil
}

// letterboxdSlug checks a Letterboxd film slug ("never-let-me-go"), or the
// address of its page, and returns the slug.
func letterboxdSlug(s string) (string, error) {
	id := strings.ToLower(fromURL(s, "letterboxd.com", "film/"))
	if !letterboxdPattern.MatchString(id) {
		return "", fmt.Errorf("%q is not a Letterboxd film slug (want lowercase words joined by dashes, like never-let-me-go)", s)
	}
	return id, nil
}

// fromURL returns what follows host/dir in s when s is the address of a page
// on host, without a query, fragment or final slash; otherwise s.
func fromURL(s, host, dir string) string {
	t := strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "www."), "m.")
	rest, ok := strings.CutPrefix(t, host+"/"+dir)
	if !ok {
		return s
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimSuffix(rest, "/")
}

// splitRole splits a cast entry into the person and the part they play:
// "Carey Mulligan as Kathy" is "Carey Mulligan" and "Kathy"; an entry
// without " as " is a name alone. The first " as " splits, so a part may
// itself say "as".
func splitRole(entry string) (name, role string, err error) {
	entry = strings.TrimSpace(entry)
	name, role, found := strings.Cut(entry, " as ")
	if !found {
		if n, ok := strings.CutSuffix(entry, " as"); ok && strings.TrimSpace(n) != "" {
			return "", "", fmt.Errorf("%q names no part after \"as\"", entry)
		}
		if rest, ok := strings.CutPrefix(entry, "as "); ok && strings.TrimSpace(rest) != "" {
			return "", "", fmt.Errorf("%q names no person before \"as\"", entry)
		}
		return entry, "", nil
	}
	name, role = strings.TrimSpace(name), strings.TrimSpace(role)
	switch {
	case name == "":
		return "", "", fmt.Errorf("%q names no person before \"as\"", entry)
	case role == "":
		return "", "", fmt.Errorf("%q names no part after \"as\"", entry)
	}
	return name, role, nil
}

// cast reads a list of cast entries, each a name or "name as part". roles
// is nil when no entry names a part, else as long as names.
func (d *decoder) cast(key string) (names, roles []string) {
	entries := d.list(key)
	f, _ := d.get(key)
	parts := false
	for _, e := range entries {
		name, role, err := splitRole(e)
		if err != nil {
			d.fail(f.Line, "%s: %v", key, err)
			continue
		}
		names = append(names, name)
		roles = append(roles, role)
		parts = parts || role != ""
	}
	if !parts {
		roles = nil
	}
	return names, roles
}

// id reads an external id with its checker.
func (d *decoder) id(key string, check func(string) (string, error)) string {
	s := d.str(key, false)
	if s == "" {
		return ""
	}
	id, err := check(s)
	if err != nil {
		d.fail(d.m.Fields[key].Line, "%s: %v", key, err)
		return ""
	}
	return id
}

// lines returns the line of each of keys the front matter has; nil when
// it has none.
func (d *decoder) lines(keys []string) map[string]int {
	var out map[string]int
	for _, k := range keys {
		if f, ok := d.m.Fields[k]; ok && f.Value != nil {
			if out == nil {
				out = map[string]int{}
			}
			out[k] = f.Line
		}
	}
	return out
}
