package content

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"ssg/generator/markdown"
	"ssg/generator/rating"
	"ssg/generator/slug"
)

// Dir is where reviews live in a site.
const Dir = "content/reviews"

// Options says how to read reviews. Its values are shared, not copied.
type Options struct {
	Scale    rating.Scale
	Location *time.Location // the site's zone, for dates without one
	Markdown *markdown.Markdown
}

// MinYear and MaxYear bound a film's year: the first films, and far enough
// ahead for any film announced.
const (
	MinYear = 1870
	MaxYear = 2200
)

// bom is the UTF-8 byte-order mark some editors write.
var bom = []byte("\ufeff")

// known lists every front matter key ssg reads; the rest go to Params.
var known = []string{"title", "film", "year", "rating", "date", "author", "director", "cast",
	"genres", "tags", "spoilers", "draft", "slug", "runtime", "certificate", "release", "country",
	"poster", "imdb", "tmdb", "letterboxd", "watch_also", "pullquote", "summary", "aliases"}

// Keys returns every front matter key ssg reads: the default archetype
// lists them all.
func Keys() []string { return slices.Clone(known) }

// placedKeys are the keys whose lines a review keeps in Lines: the site
// names them in its warnings.
var placedKeys = []string{"cast", "runtime", "certificate", "release", "country", "imdb", "tmdb", "letterboxd", "watch_also"}

// Parse reads one review from src. file is its slash path from the site
// root; the slug defaults to its base name (or its folder's, for index.md).
// Every problem found is returned, joined.
func Parse(file string, src []byte, opts Options) (*Review, error) {
	hash := sha256.Sum256(src)
	if !utf8.Valid(src) {
		return nil, Errorf(file, lineAt(src, invalidAt(src))+1, "not valid UTF-8 text")
	}
	src = bytes.TrimPrefix(src, bom)
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n")) // old Mac files
	m, err := splitMatter(file, src)
	if err != nil {
		return nil, err
	}
	d := &decoder{file: file, m: m, loc: opts.Location, used: map[string]bool{}, opener: m.OpenLine}
	r := &Review{File: file, Format: string(m.Format), Hash: hash}
	r.Title = d.str("title", true)
	r.Film = d.str("film", true)
	r.Date = d.date("date", true)
	if y, line, ok := d.integer("year"); ok {
		if y < MinYear || y > MaxYear {
			d.fail(line, "year: %d is not a film's year", y)
		}
		r.Year = y
	}
	if f, ok := d.get("rating"); ok {
		if s, err := f.text(); err != nil {
			d.fail(f.Line, "rating: %v", err)
		} else if s != "" {
			rt, err := rating.Parse(s, opts.Scale)
			if err != nil {
				d.errs = append(d.errs, &Error{File: file, Line: f.Line, Err: err})
			} else {
				r.Rating = &rt
			}
		}
	}
	r.Author = d.str("author", false)
	r.Director = d.list("director")
	r.Cast, r.Roles = d.cast("cast")
	r.Genres = d.list("genres")
	r.Tags = d.list("tags")
	r.Spoilers = d.boolean("spoilers")
	r.Draft = d.boolean("draft")
	r.Slug = d.slug(file)
	r.Runtime = d.runtime("runtime")
	r.Certificate = d.str("certificate", false)
	r.Release = d.date("release", false)
	r.Country = d.str("country", false)
	r.Poster = d.str("poster", false)
	if f, ok := d.get("poster"); ok {
		r.PosterLine = f.Line
	}
	r.IMDb = d.id("imdb", imdbID)
	r.TMDB = d.id("tmdb", tmdbID)
	r.Letterboxd = d.id("letterboxd", letterboxdSlug)
	r.WatchAlso = d.list("watch_also")
	r.Pullquote = d.str("pullquote", false)
	r.Summary = d.str("summary", false)
	r.Aliases = d.aliases()
	r.Lines = d.lines(placedKeys)
	for _, k := range known {
		d.used[k] = true
	}
	r.Params = d.params()
	if len(d.errs) > 0 {
		return nil, Join(d.errs)
	}
	var buf bytes.Buffer
	if err := opts.Markdown.Convert(&buf, m.Body, r.Slug); err != nil {
		return nil, &Error{File: file, Line: m.BodyLine, Err: err}
	}
	r.Body = template.HTML(buf.String())
	r.Words = len(strings.Fields(string(m.Body)))
	return r, nil
}

// invalidAt is the offset of the first invalid UTF-8 byte in b.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// slug is the front matter's slug, checked, else the file's name.
func (d *decoder) slug(file string) string {
	if f, ok := d.get("slug"); ok {
		s, err := f.text()
		if err != nil {
			d.fail(f.Line, "slug: %v", err)
			return ""
		}
		if s == "" || slug.Make(s) != s {
			d.fail(f.Line, "slug: %q: use lowercase letters, digits and dashes (like %q)", s, slug.Make(s))
			return ""
		}
		return s
	}
	s := FileSlug(file)
	if s == "" {
		d.fail(0, "the file name gives no slug: rename the file or set slug")
	}
	return s
}

// FileSlug returns the slug of the review at file when its front matter
// sets none: its file's name, or its folder's for an index.md below Dir.
// It is "" when the name has no letters or digits.
func FileSlug(file string) string {
	name := strings.TrimSuffix(path.Base(file), path.Ext(file))
	if name == "index" && path.Dir(file) != Dir {
		name = path.Base(path.Dir(file))
	}
	return slug.Make(name)
}

// IsReview reports whether the slash path p names a review file.
func IsReview(p string) bool {
	return strings.HasPrefix(p, Dir+"/") && strings.EqualFold(path.Ext(p), ".md") && !strings.HasPrefix(path.Base(p), ".")
}

// Find lists the review files in fsys, sorted, and reports markdown files
// outside Dir, which are errors but do not stop the others.
func Find(fsys fs.FS) (files []string, problems []error, err error) {
	err = fs.WalkDir(fsys, path.Dir(Dir), func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == path.Dir(Dir) {
				return fmt.Errorf("no %s/ folder here: a site keeps its reviews in %s/", path.Dir(Dir), Dir)
			}
			return err
		}
		if !e.IsDir() && !IsReview(p) && strings.EqualFold(path.Ext(p), ".md") && !strings.HasPrefix(e.Name(), ".") {
			problems = append(problems, Errorf(p, 0, "reviews go in %s/; move it there", Dir))
		}
		if e.IsDir() && p != Dir && p != path.Dir(Dir) && (strings.HasPrefix(e.Name(), ".") || Debris(e.Name())) {
			return fs.SkipDir
		}
		if !e.IsDir() && IsReview(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(files)
	return files, problems, nil
}
