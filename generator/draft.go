package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"ssg"
	"ssg/generator/content"
	"ssg/generator/markdown"
	"ssg/generator/rating"
	"ssg/generator/slug"
)

// Draft is what `ssg new review` asks for: a film, and optionally its year
// and a rating.
type Draft struct {
	Film   string // the film's title
	Year   int    // the film's year; 0 when not given
	Rating string // the rating as written; "" when not given
}

// DraftError is a Draft that cannot be written as asked, such as one whose
// rating the site's scale cannot read: a mistake in the request, not in the
// site.
type DraftError struct{ msg string }

// Error says what is wrong with the request.
func (e *DraftError) Error() string { return e.msg }

// ArchetypeData is the dot of an archetype, the template a new review is
// made from.
type ArchetypeData struct {
	Film   string // the film's title, trimmed
	Year   int    // the film's year; 0 when not given
	Rating string // the rating as written, trimmed; "" when not given
	Value  string // the rating on the site's scale, rounded to its step ("3.5"); "" when not given
	Scale  string // the top of the site's scale ("4")
	Date   string // today in the site's time zone ("2024-05-01")
	Author string // ssg.toml's author; "" when it names none
	Slug   string // the review's slug: its file's name and the end of its URL
}

// ArchetypeFile is where a site keeps its archetype for reviews. Without
// one, templates/ArchetypeFile is used: the site's, else the default
// theme's.
const ArchetypeFile = "archetypes/review.md"

// maxSlug bounds the film's part of a new review's slug in bytes, so that a
// long title still makes a file name every system takes.
const maxSlug = 80

// maxTries bounds the -2, -3, … suffixes tried for a free slug.
const maxTries = 1000

// archetypeFuncs are the functions an archetype may call.
var archetypeFuncs = template.FuncMap{"quote": quote}

// NewReview writes a new draft review of d's film into the site at cfg.Src
// from its archetype and returns the path it wrote,
// cfg.Src/content/reviews/<slug>.md. The slug is made of the film's title
// and year (never-let-me-go-2010), with -2, -3, … after it when a review
// of the site has it already; no file is overwritten, and nothing is
// written outside content/reviews/. The date is cfg.Now (or the time now,
// when zero) in the site's time zone. A bad request is a *DraftError; an
// archetype that does not parse or execute, or whose review does not read
// back as the film asked for, is an error naming the archetype.
func NewReview(cfg Config, d Draft) (string, error) {
	film, err := checkDraft(d)
	if err != nil {
		return "", err
	}
	root, err := os.OpenRoot(cfg.Src)
	if err != nil {
		return "", fmt.Errorf("site folder: %w", err)
	}
	defer root.Close()
	fsys := root.FS()
	set, err := loadSettings(fsys, "")
	if err != nil {
		return "", err
	}
	now := cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	data := ArchetypeData{Film: film, Year: d.Year, Scale: set.scale.String(),
		Date: now.In(set.location).Format(time.DateOnly), Author: strings.TrimSpace(set.Author)}
	if w := strings.TrimSpace(d.Rating); w != "" {
		r, err := rating.Parse(w, set.scale)
		if err != nil {
			return "", &DraftError{fmt.Sprintf("%v; write a rating like 3/4, 3½/4, 7/10, 62/100, 3 out of 4, ★★★½ or a number from 0 to %s", err, set.scale)}
		}
		data.Rating, data.Value = w, r.String()
	}
	name, tmpl, err := archetype(fsys)
	if err != nil {
		return "", err
	}
	opts := content.Options{Scale: set.scale, Location: set.location,
		Markdown: markdown.New(markdown.Options{UnsafeHTML: set.Markdown.UnsafeHTML})}
	base := draftSlug(film, d.Year)
	taken, err := takenSlugs(fsys, base, opts)
	if err != nil {
		return "", err
	}
	for n := 1; n <= maxTries; n++ {
		s := base
		if n > 1 {
			s += "-" + strconv.Itoa(n)
		}
		if taken[s] {
			continue
		}
		// A folder review of that name, or any file or folder there.
		if _, err := root.Lstat(content.Dir + "/" + s); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		data.Slug = s
		file := content.Dir + "/" + s + ".md"
		src, err := draft(name, tmpl, data, file, opts)
		if err != nil {
			return "", err
		}
		if err := root.MkdirAll(content.Dir, 0o755); err != nil {
			return "", err
		}
		f, err := root.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue // there already, or made since takenSlugs looked
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(src)
		if err = errors.Join(err, f.Close()); err != nil {
			root.Remove(file)
			return "", err
		}
		return filepath.Join(cfg.Src, filepath.FromSlash(file)), nil
	}
	return "", fmt.Errorf("%s: %s and %d more slugs after it are all taken", content.Dir, base, maxTries-1)
}

// checkDraft returns d's film, trimmed, or why d cannot be written.
func checkDraft(d Draft) (string, error) {
	film := strings.TrimSpace(d.Film)
	switch {
	case film == "":
		return "", &DraftError{"the film's title is empty"}
	case !utf8.ValidString(film):
		return "", &DraftError{fmt.Sprintf("film title %q is not valid UTF-8 text", film)}
	case strings.ContainsFunc(film, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }):
		return "", &DraftError{fmt.Sprintf("film title %q has a control character or line break", film)}
	case slug.Make(film) == "":
		// As a build says of a review of it (site.Build): every build
		// with --drafts would fail on the draft.
		return "", &DraftError{fmt.Sprintf("film %q has no letters or digits to make a URL from", film)}
	case d.Year != 0 && (d.Year < content.MinYear || d.Year > content.MaxYear):
		return "", &DraftError{fmt.Sprintf("year %d is not a film's year (want %d to %d)", d.Year, content.MinYear, content.MaxYear)}
	}
	return film, nil
}

// draftSlug is the slug a new review of film, which checkDraft has let
// through, is first offered: the film's title, cut at a dash to at most
// maxSlug bytes, then the year when known.
func draftSlug(film string, year int) string {
	s := slug.Make(film)
	if len(s) > maxSlug {
		cut := strings.LastIndexByte(s[:maxSlug+1], '-')
		if cut <= 0 {
			cut = maxSlug
		}
		s = strings.TrimRight(s[:cut], "-")
	}
	if year != 0 {
		s += "-" + strconv.Itoa(year)
	}
	return s
}

// takenSlugs returns the slugs of the site's reviews that a new review
// whose slug begins with base could collide with: every file's name, and
// the front matter slug of each review that mentions base (a slug another
// review sets is written in it in full).
func takenSlugs(fsys fs.FS, base string, opts content.Options) (map[string]bool, error) {
	l, err := content.Find(fsys)
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	mention := []byte(base)
	for _, f := range l.Reviews {
		taken[content.FileSlug(f)] = true
		src, err := content.ReadFile(fsys, f)
		if err != nil || !bytes.Contains(src, mention) {
			continue
		}
		if r, err := content.Parse(f, src, opts); err == nil {
			taken[r.Slug] = true
		}
	}
	return taken, nil
}

// archetype parses the site's archetype for reviews: ArchetypeFile in the
// site, else the one in its templates/ over the default theme. name is the
// file's path in the site, for errors.
func archetype(fsys fs.FS) (name string, t *template.Template, err error) {
	name = ArchetypeFile
	src, err := content.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		name = "templates/" + ArchetypeFile
		theme, terr := overlay(fsys, "templates", ssg.Theme())
		if terr != nil {
			return "", nil, terr
		}
		src, err = content.ReadFile(theme, ArchetypeFile)
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", name, err)
	}
	t, err = template.New(name).Funcs(archetypeFuncs).Parse(string(src))
	if err != nil {
		return "", nil, templateError(name, err)
	}
	return name, t, nil
}

// draft executes the archetype for data and checks that its output, read as
// the review at file, is a valid review of the film, year and rating asked
// for, with the slug chosen.
func draft(name string, t *template.Template, data ArchetypeData, file string, opts content.Options) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, templateError(name, err)
	}
	src := buf.Bytes()
	r, err := content.Parse(file, src, opts)
	if err != nil {
		var lines []string
		for _, e := range unjoin(err) {
			var ce *content.Error
			if errors.As(e, &ce) && ce.Line > 0 {
				lines = append(lines, fmt.Sprintf("line %d: %v", ce.Line, ce.Err))
			} else if errors.As(e, &ce) {
				lines = append(lines, ce.Err.Error())
			} else {
				lines = append(lines, e.Error())
			}
		}
		return nil, fmt.Errorf("%s: the review it makes for %q is not valid: %s", name, data.Film, strings.Join(lines, "; "))
	}
	wrong := func(what, got, want, how string) error {
		return fmt.Errorf("%s: the review it makes has %s %s, not %s: write it as %s", name, what, got, want, how)
	}
	switch {
	case r.Film != data.Film:
		return nil, wrong("film", strconv.Quote(r.Film), strconv.Quote(data.Film), "film: {{ quote .Film }}")
	case data.Year != 0 && r.Year != data.Year:
		return nil, wrong("year", strconv.Itoa(r.Year), strconv.Itoa(data.Year), "year: {{ with .Year }}{{ . }}{{ end }}")
	case data.Rating != "" && (r.Rating == nil || r.Rating.Written != data.Rating):
		got := `""`
		if r.Rating != nil {
			got = strconv.Quote(r.Rating.Written)
		}
		return nil, wrong("rating", got, strconv.Quote(data.Rating), "rating: {{ quote .Rating }}")
	case r.Slug != data.Slug:
		return nil, wrong("slug", strconv.Quote(r.Slug), strconv.Quote(data.Slug), "slug: {{ quote .Slug }}, or leave it out")
	}
	return src, nil
}

// unjoin lists the errors joined in err.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// templatePos matches the position text/template puts before its errors:
// "template: NAME:LINE:" or "template: NAME:LINE:COLUMN:", then for an
// execution error `executing "NAME" `.
var templatePos = regexp.MustCompile(`^template: (.*?):(\d+):(?:\d+:)? ?(?:executing "[^"]*" )?`)

// templateError turns an error of the archetype called name into one that
// names its file and line.
func templateError(name string, err error) error {
	msg := err.Error()
	m := templatePos.FindStringSubmatch(msg)
	if m == nil || m[1] != name {
		return fmt.Errorf("%s: %w", name, err)
	}
	line, _ := strconv.Atoi(m[2])
	return content.Errorf(name, line, "%s", strings.TrimPrefix(msg, m[0]))
}

// quote writes v's text as a double-quoted string that YAML, TOML and JSON
// all read back as that text: a film called No, 1917 or "Alien: Covenant"
// stays text. Backslashes, quotes, control characters, line and paragraph
// separators and the byte-order mark are escaped as all three formats
// escape them.
func quote(v any) string {
	s, ok := v.(string)
	if !ok {
		s = fmt.Sprint(v)
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20, 0x7f <= r && r <= 0x9f, r == '\u2028', r == '\u2029', r == '\ufeff', r == '\ufffe', r == '\uffff':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
