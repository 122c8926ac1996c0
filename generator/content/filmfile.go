package content

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"ssg/generator/slug"
)

// FilmDir is where a site keeps its films' data files, one a film.
const FilmDir = "data/films"

// FilmFile is a film's data file, data/films/<slug>.yaml: facts about the
// film page with that slug, which win over what its reviews say. A fact
// the file leaves out comes from the reviews. Immutable once returned.
type FilmFile struct {
	File        string // slash path from the site root: data/films/never-let-me-go.yaml
	Slug        string // the slug of the film page it describes: never-let-me-go
	Year        int    // 0 when not given
	Director    []string
	Cast        []string // the people, without their parts
	Roles       []string // the part each of Cast plays, "" where none is named; nil when none is
	Genres      []string
	Runtime     int // minutes
	Certificate string
	Release     time.Time
	Country     string
	// Poster is the poster image's slash path from the site folder
	// ("static/posters/never-let-me-go.jpg"), checked to stay inside it;
	// whether the image exists is for whoever reads it to say.
	Poster     string
	IMDb       string
	TMDB       string
	Letterboxd string
	WatchAlso  []string
	// Lines holds the line of every key the file writes.
	Lines map[string]int
	// Hash is a hash of the file's bytes, for caches.
	Hash [32]byte
}

// filmKeys are the keys a film data file may write; any other is an error.
var filmKeys = []string{"year", "director", "cast", "genres", "runtime", "certificate", "release",
	"country", "poster", "imdb", "tmdb", "letterboxd", "watch_also"}

// isFilmFile reports whether the slash path p names a film data file: a
// YAML file directly in FilmDir.
func isFilmFile(p string) bool {
	dir, name := path.Split(p)
	ext := strings.ToLower(path.Ext(name))
	return dir == FilmDir+"/" && (ext == ".yaml" || ext == ".yml") && !strings.HasPrefix(name, ".") && !Debris(name)
}

// FindFilmFiles lists the film data files in fsys, sorted; a site without
// data/films has none. Other files there, and folders, are problems that
// do not stop the others: a data file that is never read would be a
// silent mistake.
func FindFilmFiles(fsys fs.FS) (files []string, problems []error, err error) {
	err = fs.WalkDir(fsys, FilmDir, func(p string, e fs.DirEntry, err error) error {
		switch {
		case err != nil && errors.Is(err, fs.ErrNotExist) && p == FilmDir:
			return fs.SkipDir
		case err != nil:
			return err
		case p == FilmDir:
			if !e.IsDir() {
				problems = append(problems, Errorf(p, 0, "want a folder of film data files"))
			}
			return nil
		case strings.HasPrefix(e.Name(), ".") || Debris(e.Name()):
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		case e.IsDir():
			problems = append(problems, Errorf(p, 0, "film data files go directly in %s/, not in folders", FilmDir))
			return fs.SkipDir
		case isFilmFile(p):
			files = append(files, p)
		default:
			problems = append(problems, Errorf(p, 0, "a film data file is YAML named after the film page: <slug>.yaml"))
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(files)
	return files, problems, nil
}

// ParseFilmFile reads the film data file file from src. Dates without a
// zone are in loc. Every problem found is returned, joined, each naming
// the file and line: bad YAML, an unknown key, a value of the wrong kind,
// an id in the wrong format, a file name that is no slug.
func ParseFilmFile(file string, src []byte, loc *time.Location) (*FilmFile, error) {
	hash := sha256.Sum256(src)
	if !utf8.Valid(src) {
		return nil, Errorf(file, lineAt(src, invalidAt(src))+1, "not valid UTF-8 text")
	}
	src = bytes.TrimPrefix(src, bom)
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	m := &matter{Format: formatYAML}
	if err := decodeYAML(file, 1, src, m, "film data"); err != nil {
		return nil, err
	}
	d := &decoder{file: file, m: m, loc: loc, used: map[string]bool{}, opener: 1}
	name := path.Base(file)
	f := &FilmFile{File: file, Slug: strings.TrimSuffix(name, path.Ext(name)), Hash: hash}
	if slug.Make(f.Slug) != f.Slug || f.Slug == "" {
		d.fail(0, "name the file after the slug of the film page it describes, like %s.yaml", cmp.Or(slug.Make(f.Slug), "never-let-me-go"))
	}
	for _, k := range m.Keys {
		if !slices.Contains(filmKeys, k) {
			d.fail(m.Fields[k].Line, "unknown key %q (a film data file knows %s)", k, strings.Join(filmKeys, ", "))
		}
	}
	if y, line, ok := d.integer("year"); ok {
		if y < 1870 || y > 2200 {
			d.fail(line, "year: %d is not a film's year", y)
		}
		f.Year = y
	}
	f.Director = d.list("director")
	f.Cast, f.Roles = d.cast("cast")
	f.Genres = d.list("genres")
	f.Runtime = d.runtime("runtime")
	f.Certificate = d.str("certificate", false)
	f.Release = d.date("release", false)
	f.Country = d.str("country", false)
	f.Poster = d.poster("poster")
	f.IMDb = d.id("imdb", imdbID)
	f.TMDB = d.id("tmdb", tmdbID)
	f.Letterboxd = d.id("letterboxd", letterboxdSlug)
	f.WatchAlso = d.list("watch_also")
	f.Lines = d.lines(m.Keys)
	if len(d.errs) > 0 {
		return nil, Join(d.errs)
	}
	return f, nil
}

// poster reads a path from the site folder and cleans it; one that could
// leave the folder, or is a URL, is an error.
func (d *decoder) poster(key string) string {
	s := d.str(key, false)
	if s == "" {
		return ""
	}
	p := path.Clean(s)
	if strings.Contains(s, "://") || strings.HasPrefix(s, "/") || strings.ContainsAny(s, "\\\x00") || !fs.ValidPath(p) || p == "." {
		d.fail(d.m.Fields[key].Line, "%s: %q: want the image's path from the site folder, like static/posters/film.jpg", key, s)
		return ""
	}
	return p
}
