package content

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const filmFile = "data/films/never-let-me-go.yaml"

func TestParseFilmFile(t *testing.T) {
	src := `# Facts for /films/never-let-me-go/
year: 2010
director: Mark Romanek
cast:
  - Carey Mulligan as Kathy
  - Andrew Garfield as Tommy
  - Keira Knightley
genres: [Drama, Science Fiction]
runtime: 1h43m
certificate: "15"
release: 2010-09-15
country: United Kingdom
poster: static/posters/./never-let-me-go.jpg
imdb: tt1334260
tmdb: 37903
letterboxd: never-let-me-go
watch_also: ["The Remains of the Day", "The Island (2005)"]
`
	f, err := ParseFilmFile(filmFile, []byte(src), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if f.Slug != "never-let-me-go" || f.Year != 2010 || !slices.Equal(f.Director, []string{"Mark Romanek"}) {
		t.Errorf("slug %q year %d director %q", f.Slug, f.Year, f.Director)
	}
	if !slices.Equal(f.Cast, []string{"Carey Mulligan", "Andrew Garfield", "Keira Knightley"}) ||
		!slices.Equal(f.Roles, []string{"Kathy", "Tommy", ""}) {
		t.Errorf("cast %q roles %q", f.Cast, f.Roles)
	}
	if f.Runtime != 103 || f.Certificate != "15" || f.Release.Format(time.DateOnly) != "2010-09-15" || f.Country != "United Kingdom" {
		t.Errorf("runtime %d certificate %q release %v country %q", f.Runtime, f.Certificate, f.Release, f.Country)
	}
	if f.Poster != "static/posters/never-let-me-go.jpg" {
		t.Errorf("poster %q", f.Poster)
	}
	if f.IMDb != "tt1334260" || f.TMDB != "37903" || f.Letterboxd != "never-let-me-go" {
		t.Errorf("ids %q %q %q", f.IMDb, f.TMDB, f.Letterboxd)
	}
	if len(f.WatchAlso) != 2 || f.Lines["year"] != 2 || f.Lines["watch_also"] != 17 {
		t.Errorf("watch_also %q lines %v", f.WatchAlso, f.Lines)
	}
}

func TestParseFilmFileErrors(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            []string // every error, in order
	}{
		{"unknown key", filmFile, "year: 2010\ntitle: Never Let Me Go\n",
			[]string{`data/films/never-let-me-go.yaml:2: unknown key "title" (a film data file knows year, director,`}},
		{"bad ids", filmFile, "imdb: tt12\ntmdb: abc\nletterboxd: Never Let Me Go\n", []string{
			`data/films/never-let-me-go.yaml:1: imdb: "tt12" is not an IMDb title id`,
			`data/films/never-let-me-go.yaml:2: tmdb: "abc" is not a TMDB film id`,
			`data/films/never-let-me-go.yaml:3: letterboxd: "Never Let Me Go" is not a Letterboxd film slug`}},
		{"bad values", filmFile, "year: 20100\nruntime: long\nrelease: soon\ncast: [as Kathy]\ndirector: {a: b}\n", []string{
			`:1: year: 20100 is not a film's year`,
			`:2: runtime: "long" is not a running time`,
			`:3: release: "soon" is not a date`,
			`:4: cast: "as Kathy" names no person before "as"`,
			`:5: director: want text, got a mapping`}},
		{"poster outside the site", filmFile, "poster: ../secret.jpg\n", []string{`:1: poster: "../secret.jpg": want the image's path from the site folder`}},
		{"poster absolute", filmFile, "poster: /etc/passwd\n", []string{`:1: poster: "/etc/passwd"`}},
		{"poster URL", filmFile, "poster: https://example.com/p.jpg\n", []string{`:1: poster: "https://example.com/p.jpg"`}},
		{"not a mapping", filmFile, "- a\n- b\n", []string{`:1: film data must be a mapping of keys to values`}},
		{"bad YAML", filmFile, "year: 2010\ncast: [unclosed\n", []string{`data/films/never-let-me-go.yaml:2: invalid YAML film data: did not find expected`}},
		{"key twice", filmFile, "year: 2010\nyear: 2011\n", []string{`:2: key "year" appears twice (first on line 1)`}},
		{"file name no slug", "data/films/Never Let Me Go.yaml", "year: 2010\n",
			[]string{`data/films/Never Let Me Go.yaml: name the file after the slug of the film page it describes, like never-let-me-go.yaml`}},
		{"not UTF-8", filmFile, "year: 2010\ncountry: \xff\n", []string{`:2: not valid UTF-8 text`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFilmFile(tt.file, []byte(tt.src), time.UTC)
			if err == nil {
				t.Fatal("no error")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("errors:\n%v\nwant %d", err, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(lines[i], w) {
					t.Errorf("error %d: %q, want %q", i, lines[i], w)
				}
			}
		})
	}
}

func TestParseFilmFileEmpty(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "\ufeff", "~\n"} {
		f, err := ParseFilmFile(filmFile, []byte(src), time.UTC)
		if err != nil || f.Slug != "never-let-me-go" || f.Lines != nil {
			t.Errorf("%q: %+v, %v", src, f, err)
		}
	}
}

func TestFindFilmFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"data/films/b.yaml":          {},
		"data/films/a.yml":           {},
		"data/films/.gitkeep":        {},
		"data/films/.b.yaml.swp":     {},
		"data/films/b.yaml~":         {},
		"data/films/notes.txt":       {},
		"data/films/old/c.yaml":      {},
		"data/other/anything.json":   {},
		"content/reviews/x.md":       {},
		"data/films/.hidden/d.yaml":  {},
		"data/films/UPPER.YAML":      {},
		"data/films/#b.yaml#":        {},
		"data/films/sub.yaml/e.yaml": {},
	}
	files, problems, err := FindFilmFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(files, []string{"data/films/UPPER.YAML", "data/films/a.yml", "data/films/b.yaml"}) {
		t.Errorf("files %q", files)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	want := []string{
		"data/films/notes.txt: a film data file is YAML named after the film page: <slug>.yaml",
		"data/films/old: film data files go directly in data/films/, not in folders",
		"data/films/sub.yaml: film data files go directly in data/films/, not in folders",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if files, problems, err := FindFilmFiles(fstest.MapFS{"content/reviews/x.md": {}}); files != nil || problems != nil || err != nil {
		t.Errorf("a site without data/: %q %v %v", files, problems, err)
	}
}
