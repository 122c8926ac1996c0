package site

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"ssg/generator/content"
	"ssg/generator/rating"
)

// facts sets a review's film facts and the lines they stand on; it
// returns r.
func facts(r *content.Review, runtime int, country, imdb string, cast, roles []string) *content.Review {
	r.Runtime, r.Country, r.IMDb, r.Cast, r.Roles = runtime, country, imdb, cast, roles
	r.Lines = map[string]int{"runtime": 7, "country": 8, "imdb": 9, "cast": 10}
	return r
}

func warnings(s *Site) string {
	var out []string
	for _, w := range s.Warnings {
		out = append(out, w.Error())
	}
	return strings.Join(out, "\n")
}

func TestFilmFactConflicts(t *testing.T) {
	tests := []struct {
		name    string
		reviews []*content.Review
		data    *content.FilmFile
		want    []string // the warnings
		runtime int      // the film's
		country string
	}{
		{
			name: "agree",
			reviews: []*content.Review{
				facts(rev(t, "a", "Heat", 1995, "", 1), 170, "United States", "tt0113277", nil, nil),
				facts(rev(t, "b", "Heat", 1995, "", 2), 170, "united states", "", nil, nil),
			},
			runtime: 170, country: "United States",
		},
		{
			name: "a later review fills a fact",
			reviews: []*content.Review{
				facts(rev(t, "a", "Heat", 1995, "", 1), 0, "", "", nil, nil),
				facts(rev(t, "b", "Heat", 1995, "", 2), 170, "United States", "", nil, nil),
			},
			runtime: 170, country: "United States",
		},
		{
			name: "disagree",
			reviews: []*content.Review{
				facts(rev(t, "a", "Heat", 1995, "", 1), 170, "United States", "tt0113277", nil, nil),
				facts(rev(t, "b", "Heat", 1995, "", 2), 171, "United States", "tt0113278", nil, nil),
				facts(rev(t, "c", "Heat", 1995, "", 3), 172, "USA", "", nil, nil),
			},
			want: []string{
				"content/reviews/b.md:7: runtime 171 min differs from 170 min in content/reviews/a.md:7, which the film page shows (data/films/heat.yaml can settle it)",
				`content/reviews/b.md:9: imdb "tt0113278" differs from "tt0113277" in content/reviews/a.md:9, which the film page shows (data/films/heat.yaml can settle it)`,
				"content/reviews/c.md:7: runtime 172 min differs from 170 min in content/reviews/a.md:7, which the film page shows (data/films/heat.yaml can settle it)",
				`content/reviews/c.md:8: country "USA" differs from "United States" in content/reviews/a.md:8, which the film page shows (data/films/heat.yaml can settle it)`,
			},
			runtime: 170, country: "United States",
		},
		{
			name: "a data file settles it",
			reviews: []*content.Review{
				facts(rev(t, "a", "Heat", 1995, "", 1), 170, "United States", "tt0113277", nil, nil),
				facts(rev(t, "b", "Heat", 1995, "", 2), 171, "USA", "", nil, nil),
			},
			data:    &content.FilmFile{File: "data/films/heat.yaml", Slug: "heat", Runtime: 170},
			want:    []string{`content/reviews/b.md:8: country "USA" differs from "United States" in content/reviews/a.md:8, which the film page shows (data/films/heat.yaml can settle it)`},
			runtime: 170, country: "United States",
		},
		{
			name: "the data file wins over every review",
			reviews: []*content.Review{
				facts(rev(t, "a", "Heat", 1995, "", 1), 170, "United States", "tt0113277", nil, nil),
			},
			data:    &content.FilmFile{File: "data/films/heat.yaml", Slug: "heat", Runtime: 171, Country: "USA"},
			runtime: 171, country: "USA",
		},
		{
			name: "parts",
			reviews: []*content.Review{
				facts(rev(t, "a", "Heat", 1995, "", 1), 0, "", "", []string{"Al Pacino", "Robert De Niro"}, []string{"", "Neil McCauley"}),
				facts(rev(t, "b", "Heat", 1995, "", 2), 0, "", "", []string{"Al Pacino", "Robert De Niro"}, []string{"Vincent Hanna", "Neil"}),
				facts(rev(t, "c", "Heat", 1995, "", 3), 0, "", "", []string{"al pacino"}, []string{"Vincent Hanna"}),
			},
			want: []string{
				`content/reviews/b.md:10: cast: Robert De Niro plays "Neil" here and "Neil McCauley" in content/reviews/a.md:10, which the film page shows (data/films/heat.yaml can settle it)`,
				`content/reviews/c.md: cast member "al pacino" is spelled "Al Pacino" in content/reviews/a.md`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Scale: rating.DefaultScale()}
			if tt.data != nil {
				opts.Films = []*content.FilmFile{tt.data}
			}
			s, err := Build(tt.reviews, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := warnings(s); got != strings.Join(tt.want, "\n") {
				t.Errorf("warnings:\n%s\nwant:\n%s", got, strings.Join(tt.want, "\n"))
			}
			f := s.Films[0]
			if f.Runtime != tt.runtime || f.Country != tt.country {
				t.Errorf("runtime %d country %q, want %d %q", f.Runtime, f.Country, tt.runtime, tt.country)
			}
		})
	}
}

func TestFilmParts(t *testing.T) {
	s, err := Build([]*content.Review{
		facts(rev(t, "a", "Heat", 1995, "", 1), 0, "", "", []string{"Al Pacino", "Robert De Niro"}, []string{"", "Neil McCauley"}),
		facts(rev(t, "b", "Heat", 1995, "", 2), 0, "", "", []string{"Al Pacino", "Val Kilmer"}, []string{"Vincent Hanna", ""}),
	}, Options{Scale: rating.DefaultScale()})
	if err != nil {
		t.Fatal(err)
	}
	f := s.Films[0]
	if !slices.Equal(f.Cast, []string{"Al Pacino", "Robert De Niro", "Val Kilmer"}) || !slices.Equal(f.Roles, []string{"Vincent Hanna", "Neil McCauley", ""}) {
		t.Errorf("cast %q roles %q", f.Cast, f.Roles)
	}
	var got []string
	for _, l := range f.Links().Cast {
		got = append(got, l.Name+"="+l.URL+" as "+l.Role)
	}
	want := "Al Pacino=/cast/al-pacino/ as Vincent Hanna, Robert De Niro=/cast/robert-de-niro/ as Neil McCauley, Val Kilmer=/cast/val-kilmer/ as "
	if strings.Join(got, ", ") != want {
		t.Errorf("film cast links %s", strings.Join(got, ", "))
	}
	// A review's links show its own parts.
	if l := s.Reviews[1].Links().Cast; l[0].Role != "" || l[1].Role != "Neil McCauley" {
		t.Errorf("review a cast links %+v", l)
	}
}

// TestFilmDataFile checks that a data file's facts win over the reviews',
// that reviews fill what it leaves out and add names it lacks, and that
// its names are browsable for every review of the film.
func TestFilmDataFile(t *testing.T) {
	a := facts(rev(t, "a", "Never Let Me Go", 0, "", 1), 104, "UK", "", []string{"carey mulligan", "Sally Hawkins"}, []string{"Kath", "Miss Lucy"})
	a.Director, a.Genres, a.Certificate = []string{"Mark Romanek"}, []string{"Drama"}, "15"
	b := facts(rev(t, "b", "Never Let Me Go", 0, "", 2), 0, "", "", []string{"Andrew Garfield"}, nil)
	data := &content.FilmFile{File: "data/films/never-let-me-go.yaml", Slug: "never-let-me-go", Year: 2010,
		Cast: []string{"Carey Mulligan", "Andrew Garfield", "Keira Knightley"}, Roles: []string{"Kathy", "Tommy", ""},
		Runtime: 103, Country: "United Kingdom", IMDb: "tt1334260", TMDB: "37903", Letterboxd: "never-let-me-go",
		Release: time.Date(2010, 9, 15, 0, 0, 0, 0, time.UTC), Poster: "static/posters/nlmg.jpg",
		Lines: map[string]int{"poster": 12}}
	a.Poster, a.PosterLine = "a.jpg", 7
	copies := func(name string) []PosterFile {
		return []PosterFile{{URL: "/blog/posters/" + name + "-160.jpg", Width: 160, Height: 240}, {URL: "/blog/posters/" + name + "-320.jpg", Width: 320, Height: 480}}
	}
	posters := map[string][]PosterFile{data.File: copies("data"), a.File: copies("a")}
	s, err := Build([]*content.Review{a, b}, Options{Scale: rating.DefaultScale(), Root: "/blog", Films: []*content.FilmFile{data}, Posters: posters})
	if err != nil {
		t.Fatal(err)
	}
	if w := warnings(s); w != "" {
		t.Errorf("warnings: %s", w)
	}
	f := s.Films[0]
	got := fmt.Sprintf("%s|%d|%q|%q|%q|%d|%s|%s|%s|%s", f.Label(), f.Year, f.Director, f.Cast, f.Genres, f.Runtime, f.Certificate, f.Country, f.ReleaseHuman, f.Data)
	want := `Never Let Me Go (2010)|2010|["Mark Romanek"]|["Carey Mulligan" "Andrew Garfield" "Keira Knightley" "Sally Hawkins"]|["Drama"]|103|15|United Kingdom|15 September 2010|data/films/never-let-me-go.yaml`
	if got != want {
		t.Errorf("facts\n got %s\nwant %s", got, want)
	}
	if f.Slug != "never-let-me-go" {
		t.Errorf("a data file's year changed the slug: %s", f.Slug)
	}
	var ext []string
	for _, l := range f.External {
		ext = append(ext, l.Name+" "+l.URL)
	}
	if strings.Join(ext, ", ") != "IMDb https://www.imdb.com/title/tt1334260/, TMDB https://www.themoviedb.org/movie/37903, Letterboxd https://letterboxd.com/film/never-let-me-go/" {
		t.Errorf("external links %q", ext)
	}
	// The data file's poster is the film's; a review's is its own.
	if p := f.Poster; p == nil || p.Path != "static/posters/nlmg.jpg" || p.File != data.File || p.Line != 12 ||
		p.URL != "/blog/posters/data-320.jpg" || p.Largest != "/blog/posters/data-320.jpg" || p.Alt != "Poster of Never Let Me Go (2010)" {
		t.Errorf("film poster %+v", p)
	}
	if p := s.Reviews[1].PosterImage; p == nil || p.Path != "content/reviews/a.jpg" || p.File != a.File || p.Line != 7 || p.URL != "/blog/posters/a-320.jpg" {
		t.Errorf("review a's poster %+v", p)
	}
	if s.Reviews[0].PosterImage != nil {
		t.Errorf("review b, which names no poster, has %+v", s.Reviews[0].PosterImage)
	}
	// Without its data file's, a film has its newest review's poster
	// that has one; an unpublished poster is no poster.
	delete(posters, data.File)
	if s, err := Build([]*content.Review{a, b}, Options{Scale: rating.DefaultScale(), Root: "/blog", Films: []*content.FilmFile{data}, Posters: posters}); err != nil || s.Films[0].Poster != s.Reviews[1].PosterImage {
		t.Errorf("film poster without the data file's: %+v (%v)", s.Films[0].Poster, err)
	}
	if !slices.Equal(f.Roles, []string{"Kathy", "Tommy", "", "Miss Lucy"}) {
		t.Errorf("roles %q", f.Roles)
	}
	// Both reviews are filed under the data file's cast, in its spelling,
	// and its year; a review also under the names it adds.
	if got := describeTerms(taxonomy(t, s, "cast")); got != "Andrew Garfield(andrew-garfield) 2/0  [b a]; Carey Mulligan(carey-mulligan) 2/0  [b a]; "+
		"Keira Knightley(keira-knightley) 2/0  [b a]; Sally Hawkins(sally-hawkins) 1/0  [a]" {
		t.Errorf("cast terms: %s", got)
	}
	if got := describeTerms(taxonomy(t, s, "years")); got != "2010(2010) 2/0  [b a]" {
		t.Errorf("year terms: %s", got)
	}
	if l := s.Reviews[0].Links(); l.Year == nil || l.Year.URL != "/blog/years/2010/" || len(l.Director) != 0 || l.Cast[0].Role != "Kathy" || len(l.Cast) != 3 {
		t.Errorf("review b's links %+v", l)
	}
	if l := s.Reviews[1].Links(); len(l.Cast) != 4 || l.Cast[0].Name != "Carey Mulligan" || l.Cast[0].Role != "Kathy" || l.Cast[3].Role != "Miss Lucy" {
		t.Errorf("review a's links %+v", l)
	}
}

func TestFilmDataFileProblems(t *testing.T) {
	solaris72 := rev(t, "a", "Solaris", 1972, "", 1)
	solaris02 := rev(t, "b", "Solaris", 2002, "", 2)
	heat := rev(t, "c", "Heat", 1995, "", 3)
	tests := []struct {
		name     string
		data     []*content.FilmFile
		err      string
		warnings string
	}{
		{"no such film", []*content.FilmFile{{File: "data/films/alien.yaml", Slug: "alien"}}, "",
			"data/films/alien.yaml: no film of the blog has the page /films/alien/, so this file describes nothing"},
		{"a title that gained a year", []*content.FilmFile{{File: "data/films/solaris.yaml", Slug: "solaris"}}, "",
			"data/films/solaris.yaml: no film of the blog has the page /films/solaris/, so this file describes nothing; rename it solaris-1972.yaml or solaris-2002.yaml"},
		{"a title that lost its year", []*content.FilmFile{{File: "data/films/heat-1995.yaml", Slug: "heat-1995"}}, "",
			"data/films/heat-1995.yaml: no film of the blog has the page /films/heat-1995/, so this file describes nothing; rename it heat.yaml"},
		{"two files", []*content.FilmFile{{File: "data/films/heat.yaml", Slug: "heat"}, {File: "data/films/heat.yml", Slug: "heat"}},
			"data/films/heat.yml: describes the film /films/heat/, as data/films/heat.yaml does: keep one", ""},
		{"another year", []*content.FilmFile{{File: "data/films/heat.yaml", Slug: "heat", Year: 1994, Lines: map[string]int{"year": 3}}},
			"data/films/heat.yaml:3: year 1994, but the film's reviews say 1995 (content/reviews/c.md)", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Build([]*content.Review{solaris72, solaris02, heat}, Options{Scale: rating.DefaultScale(), Films: tt.data})
			if fmt.Sprint(err) != cmpOr(tt.err, "<nil>") {
				t.Fatalf("error %v, want %s", err, tt.err)
			}
			if err == nil && warnings(s) != tt.warnings {
				t.Errorf("warnings:\n%s\nwant:\n%s", warnings(s), tt.warnings)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestFilmDataSpelling checks that a name the data file spells another way
// than other films' reviews is warned about in the data file, once.
func TestFilmDataSpelling(t *testing.T) {
	a := people(rev(t, "a", "Solaris", 1972, "", 1), "", []string{"Andrei Tarkovsky"}, nil, nil, nil)
	b := people(rev(t, "b", "Stalker", 1979, "", 2), "", []string{"Andrei Tarkovsky"}, nil, nil, nil)
	c := people(rev(t, "c", "Stalker", 1979, "", 3), "", nil, nil, nil, nil)
	data := &content.FilmFile{File: "data/films/stalker.yaml", Slug: "stalker", Director: []string{"andrei tarkovsky"}, Genres: []string{"!!"}}
	s, err := Build([]*content.Review{a, b, c}, Options{Scale: rating.DefaultScale(), Films: []*content.FilmFile{data}})
	if err != nil {
		t.Fatal(err)
	}
	want := `data/films/stalker.yaml: director "andrei tarkovsky" is spelled "Andrei Tarkovsky" in content/reviews/a.md
data/films/stalker.yaml: genre "!!" has no letters or digits to make a URL from, so it has no page`
	if got := warnings(s); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
}

// TestFilmDataCached checks that builds reusing a cache as data files
// come, change and go equal fresh builds.
func TestFilmDataCached(t *testing.T) {
	reviews := []*content.Review{
		people(rev(t, "a", "Solaris", 1972, "3/4", 1), "Ana", []string{"Andrei Tarkovsky"}, []string{"Donatas Banionis"}, []string{"Drama"}, nil),
		people(rev(t, "b", "Stalker", 1979, "2/4", 2), "Ben", nil, nil, []string{"Drama"}, nil),
	}
	steps := [][]*content.FilmFile{
		nil,
		{{File: "data/films/stalker.yaml", Slug: "stalker", Director: []string{"Andrei Tarkovsky"}}},
		{{File: "data/films/stalker.yaml", Slug: "stalker", Director: []string{"Andrei Tarkovsky"}, Cast: []string{"Alisa Freindlich"}}},
		{{File: "data/films/solaris.yaml", Slug: "solaris", Genres: []string{"Science Fiction"}}},
		nil,
	}
	c := NewCache()
	for i, data := range steps {
		cached, err := Build(reviews, Options{Scale: rating.DefaultScale(), Cache: c, Films: data})
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := Build(reviews, Options{Scale: rating.DefaultScale(), Films: data})
		if err != nil {
			t.Fatal(err)
		}
		for k, x := range fresh.Taxonomies {
			if got, want := describeTerms(cached.Taxonomies[k]), describeTerms(x); got != want {
				t.Errorf("step %d: %s, cached\n got %s\nwant %s", i, x.Name, got, want)
			}
		}
		if fmt.Sprint(cached.Warnings) != fmt.Sprint(fresh.Warnings) || fmt.Sprint(cached.Films[0].Related) != fmt.Sprint(fresh.Films[0].Related) {
			t.Errorf("step %d: cached build differs", i)
		}
	}
}

// TestPatchLines checks that an edit moving only the lines of a review's
// facts is patched in place, unless a warning cites those lines.
func TestPatchLines(t *testing.T) {
	build := func(b *content.Review) (*Site, []*content.Review) {
		a := facts(rev(t, "a", "Heat", 1995, "", 1), 170, "", "", nil, nil)
		c := facts(rev(t, "c", "Alien", 1979, "", 3), 117, "", "", nil, nil)
		reviews := []*content.Review{a, b, c}
		s, err := Build(reviews, Options{Scale: rating.DefaultScale()})
		if err != nil {
			t.Fatal(err)
		}
		return s, reviews
	}
	moved := func(r *content.Review) *content.Review {
		m := *r
		m.Title = "Moved"
		m.Lines = map[string]int{"runtime": 8, "country": 9, "imdb": 10, "cast": 11}
		return &m
	}
	tests := []struct {
		name    string
		runtime int // of review b of Heat, which a gives 170 min
		edit    int // the index of the review edited
		ok      bool
	}{
		{"no warning", 170, 1, true},
		{"the warned file", 171, 1, false},
		{"the file a warning cites", 171, 0, false},
		{"another file", 171, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, reviews := build(facts(rev(t, "b", "Heat", 1995, "", 2), tt.runtime, "", "", nil, nil))
			edited := slices.Clone(reviews)
			edited[tt.edit] = moved(reviews[tt.edit])
			if _, ok := s.Patch(nil, edited); ok != tt.ok {
				t.Errorf("patched %v, want %v (warnings: %s)", ok, tt.ok, warnings(s))
			}
		})
	}
}

// TestFilmsMemo checks that builds through one cache, as reviews come, go
// and change and data files change, give every film what a fresh build
// gives it, and that a film none of that touched is not merged again.
func TestFilmsMemo(t *testing.T) {
	a := facts(people(rev(t, "a", "Heat", 1995, "3/4", 1), "Ana", []string{"Michael Mann"}, nil, []string{"Crime"}, nil), 170, "US", "", []string{"Al Pacino"}, []string{"Vincent Hanna"})
	b := facts(rev(t, "b", "Heat", 1995, "2.5/4", 4), 171, "", "", nil, nil) // warns: another runtime
	c := people(rev(t, "c", "Alien", 1979, "4/4", 3), "Ben", []string{"Ridley Scott"}, nil, []string{"Horror"}, nil)
	earliest := facts(rev(t, "e", "Heat", 1995, "1/4", 0), 0, "UK", "", []string{"Val Kilmer"}, nil)
	rerated := *c
	rt, err := rating.Parse("1/4", rating.DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	rerated.Rating = &rt
	alienData := &content.FilmFile{File: "data/films/alien.yaml", Slug: "alien", Genres: []string{"Science Fiction"}}
	steps := []struct {
		name    string
		reviews []*content.Review
		data    []*content.FilmFile
		kept    []string // films whose facts must come from the last build
	}{
		{"first", []*content.Review{a, b, c}, nil, nil},
		{"nothing changed", []*content.Review{a, b, c}, nil, []string{"heat", "alien"}},
		{"a review added as the film's earliest", []*content.Review{a, b, c, earliest}, nil, []string{"alien"}},
		{"a data file", []*content.Review{a, b, c, earliest}, []*content.FilmFile{alienData}, []string{"heat"}},
		{"a review rated again", []*content.Review{a, b, &rerated, earliest}, []*content.FilmFile{alienData}, []string{"heat"}},
		{"a review removed", []*content.Review{b, &rerated, earliest}, []*content.FilmFile{alienData}, []string{"alien"}},
		{"the data file removed", []*content.Review{b, &rerated, earliest}, nil, []string{"heat"}},
	}
	cache := NewCache()
	var last *Site
	for _, step := range steps {
		cached, err := Build(step.reviews, Options{Scale: rating.DefaultScale(), Cache: cache, Films: step.data})
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := Build(step.reviews, Options{Scale: rating.DefaultScale(), Films: step.data})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := warnings(cached), warnings(fresh); got != want {
			t.Errorf("%s: warnings\n%s\nwant\n%s", step.name, got, want)
		}
		if len(cached.Films) != len(fresh.Films) {
			t.Fatalf("%s: %d films, want %d", step.name, len(cached.Films), len(fresh.Films))
		}
		for i, f := range cached.Films {
			if got, want := filmFacts(f), filmFacts(fresh.Films[i]); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: film %s\n got %+v\nwant %+v", step.name, f.Slug, got, want)
			}
			if reused := last != nil && slices.ContainsFunc(last.Films, func(g *Film) bool {
				return g.Slug == f.Slug && len(g.Histogram.Bins) > 0 && len(f.Histogram.Bins) > 0 && &g.Histogram.Bins[0] == &f.Histogram.Bins[0]
			}); reused != slices.Contains(step.kept, f.Slug) {
				t.Errorf("%s: film %s merged again: %v, want %v", step.name, f.Slug, !reused, !slices.Contains(step.kept, f.Slug))
			}
		}
		last = cached
	}
}

// filmFacts is f without what holds this build's objects: its reviews
// stand as their files, newest first.
func filmFacts(f *Film) Film {
	c := *f
	c.files = nil
	c.Reviews = nil
	for _, r := range f.Reviews {
		c.files = append(c.files, r.File)
	}
	return c
}
