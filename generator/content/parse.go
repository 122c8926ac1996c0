package content

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
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
	Markdown Renderer
}

// Renderer renders review bodies: a *markdown.Markdown, or a cache in
// front of one that reuses an earlier build's work.
type Renderer interface {
	Render(src []byte, idPrefix string) *markdown.Document
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
	src = markdown.NormalizeNewlines(src) // a copy only for CRLF and old Mac files
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
	// Both are shown away from the review's page (cards, feeds,
	// descriptions), where an inline spoiler must not be read.
	r.Pullquote = markdown.HideSpoilers(d.str("pullquote", false))
	r.Summary = markdown.HideSpoilers(d.str("summary", false))
	r.Aliases = d.aliases()
	r.Lines = d.lines(placedKeys)
	for _, k := range known {
		d.used[k] = true
	}
	r.Params = d.params()
	// The body is read even when the front matter has problems, so that
	// all of them are reported at once.
	doc := opts.Markdown.Render(m.Body, r.Slug)
	for _, p := range doc.Problems {
		d.errs = append(d.errs, &Error{File: file, Line: m.BodyLine + p.Line - 1, Err: p.Err})
	}
	if len(d.errs) > 0 {
		return nil, Join(d.errs)
	}
	SetBody(r, doc)
	r.Words = doc.Words
	r.ReadingTime = readingTime(doc.Words)
	switch {
	case doc.More != "":
		r.Summary, r.SummaryInBody = doc.More, true
	case r.Summary == "" && !r.Spoilers:
		// A review that discusses the whole plot may give it away from
		// its first line: its author chooses its summary.
		r.Summary, r.SummaryInBody = doc.Lead, doc.Lead != ""
	}
	if r.Pullquote == "" && doc.Pullquote != "" {
		r.Pullquote, r.PullquoteInBody = doc.Pullquote, true
	}
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
		if s == "" {
			if named := FileSlug(file); named != "" {
				d.fail(f.Line, "slug is empty: remove the line to use the file's name (%q), or name the URL", named)
			} else {
				d.fail(f.Line, "slug is empty: name the URL (the file's name gives none) or rename the file")
			}
			return ""
		}
		if slug.Make(s) != s {
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

// IsReview reports whether the slash path p names a review file: a
// markdown file under Dir, not in a comment folder.
func IsReview(p string) bool {
	return strings.HasPrefix(p, Dir+"/") && strings.EqualFold(path.Ext(p), ".md") && !strings.HasPrefix(path.Base(p), ".") &&
		!inCommentDir(p)
}

// Listing is what Find finds in a site's content/.
type Listing struct {
	Reviews []string // review files, sorted
	// Comments holds each commented review's comment files, sorted, by
	// review file (see CommentDir).
	Comments map[string][]string
	// Problems are files in the wrong place, each an *Error naming it:
	// markdown outside Dir, anything in a comment folder but comment
	// files, and comments whose review does not exist.
	Problems []error
}

// Find lists the review and comment files in fsys and reports files in
// the wrong place, which are errors but do not stop the others.
func Find(fsys fs.FS) (Listing, error) {
	var l Listing
	holding := map[string][]string{} // comment files by folder
	err := fs.WalkDir(fsys, path.Dir(Dir), func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == path.Dir(Dir) {
				return fmt.Errorf("no %s/ folder here: a site keeps its reviews in %s/", path.Dir(Dir), Dir)
			}
			return err
		}
		if e.IsDir() && p != Dir && p != path.Dir(Dir) && (strings.HasPrefix(e.Name(), ".") || Debris(e.Name())) {
			return fs.SkipDir
		}
		switch {
		case e.IsDir():
			if inCommentDir(p) {
				l.Problems = append(l.Problems, Errorf(p, 0, "a comment folder holds only comment files, no folders"))
				return fs.SkipDir
			}
		case strings.HasPrefix(e.Name(), ".") || Debris(e.Name()):
		case inCommentDir(p):
			if path.Ext(p) != commentExt {
				l.Problems = append(l.Problems, Errorf(p, 0, "not a comment: a comment folder holds only comment files ending in %s", commentExt))
				return nil
			}
			holding[path.Dir(p)] = append(holding[path.Dir(p)], p)
		case IsReview(p):
			l.Reviews = append(l.Reviews, p)
		case strings.EqualFold(path.Ext(p), ".md"):
			l.Problems = append(l.Problems, Errorf(p, 0, "reviews go in %s/; move it there", Dir))
		}
		return nil
	})
	if err != nil {
		return Listing{}, err
	}
	sort.Strings(l.Reviews)
	if len(holding) > 0 {
		l.Comments = map[string][]string{}
		owned := map[string]bool{}
		for _, r := range l.Reviews {
			dir := CommentDir(r)
			if files := holding[dir]; files != nil {
				sort.Strings(files)
				l.Comments[r] = files
				owned[dir] = true
			}
		}
		for dir := range owned {
			delete(holding, dir)
		}
	}
	for dir := range holding {
		owner := strings.TrimSuffix(dir, commentsSuffix) + ".md"
		if path.Base(dir) == commentsFolder {
			owner = path.Dir(dir) + "/index.md"
		}
		if _, found := slices.BinarySearch(l.Reviews, owner); found {
			// x/index.comments beside x/index.md
			l.Problems = append(l.Problems, Errorf(dir, 0, "the comments of %s go in %s/: move them there", owner, CommentDir(owner)))
			continue
		}
		l.Problems = append(l.Problems, Errorf(dir, 0, "comments of %s, which does not exist", owner))
	}
	return l, nil
}
