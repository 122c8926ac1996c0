package site

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"

	"ssg/generator/content"
	"ssg/generator/rating"
)

// people sets a review's names; it returns r.
func people(r *content.Review, author string, director, cast, genres, tags []string) *content.Review {
	r.Author, r.Director, r.Cast, r.Genres, r.Tags = author, director, cast, genres, tags
	return r
}

// taxonomy returns the taxonomy of s called name.
func taxonomy(t *testing.T, s *Site, name string) *Taxonomy {
	t.Helper()
	for _, x := range s.Taxonomies {
		if x.Name == name {
			return x
		}
	}
	t.Fatalf("no taxonomy %q", name)
	return nil
}

// describeTerms shows a taxonomy's terms as "Name(slug) count avg [review slugs]".
func describeTerms(x *Taxonomy) string {
	var out []string
	for _, term := range x.Terms {
		var slugs []string
		for _, r := range term.Reviews {
			slugs = append(slugs, r.Slug)
		}
		out = append(out, fmt.Sprintf("%s(%s) %d/%d %s %v", term.Name, term.Slug, term.Count, term.Rated, term.AverageText, slugs))
	}
	return strings.Join(out, "; ")
}

func TestTaxonomies(t *testing.T) {
	s, err := Build([]*content.Review{
		people(rev(t, "a", "Solaris", 1972, "62/100", 1), "Ana", []string{"Andrei Tarkovsky"},
			[]string{"Donatas Banionis", "Natalya Bondarchuk"}, []string{"Drama", "Science Fiction"}, []string{"space"}),
		people(rev(t, "b", "Stalker", 1979, "7/10", 2), "Ben", []string{"Andrei Tarkovsky"},
			[]string{"Alisa Freindlich"}, []string{"Science Fiction"}, []string{"space", "slow"}),
		people(rev(t, "c", "Alien", 1979, "3/4", 3), "Ana", []string{"Ridley Scott"},
			[]string{"Sigourney Weaver"}, []string{"Horror", "Science Fiction"}, nil),
		people(rev(t, "d", "Undated", 0, "", 4), "", nil, nil, nil, nil),
	}, Options{Scale: rating.DefaultScale(), Root: "/blog"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range s.Taxonomies {
		names = append(names, x.Name)
	}
	if got := strings.Join(names, " "); got != "directors cast genres years decades authors tags" {
		t.Fatalf("taxonomies %s", got)
	}
	tests := []struct {
		taxonomy string
		want     string
	}{
		// Averages use the exact ratings: (2.48 + 2.8) / 2 = 2.64.
		{"directors", "Andrei Tarkovsky(andrei-tarkovsky) 2/2 2.64 [b a]; Ridley Scott(ridley-scott) 1/1 3 [c]"},
		{"cast", "Alisa Freindlich(alisa-freindlich) 1/1 2.8 [b]; Donatas Banionis(donatas-banionis) 1/1 2.48 [a]; " +
			"Natalya Bondarchuk(natalya-bondarchuk) 1/1 2.48 [a]; Sigourney Weaver(sigourney-weaver) 1/1 3 [c]"},
		// (2.48 + 2.8 + 3) / 3 = 2.76, newest first.
		{"genres", "Drama(drama) 1/1 2.48 [a]; Horror(horror) 1/1 3 [c]; Science Fiction(science-fiction) 3/3 2.76 [c b a]"},
		{"years", "1972(1972) 1/1 2.48 [a]; 1979(1979) 2/2 2.9 [c b]"},
		{"decades", "1970s(1970s) 3/3 2.76 [c b a]"},
		{"authors", "Ana(ana) 2/2 2.74 [c a]; Ben(ben) 1/1 2.8 [b]"},
		{"tags", "slow(slow) 1/1 2.8 [b]; space(space) 2/2 2.64 [b a]"},
	}
	for _, tt := range tests {
		t.Run(tt.taxonomy, func(t *testing.T) {
			x := taxonomy(t, s, tt.taxonomy)
			if got := describeTerms(x); got != tt.want {
				t.Errorf("terms\n got %s\nwant %s", got, tt.want)
			}
			if x.URL != "/blog/"+tt.taxonomy+"/" || x.Count != len(x.Terms) {
				t.Errorf("URL %s, count %d of %d", x.URL, x.Count, len(x.Terms))
			}
			for _, term := range x.Terms {
				if term.URL != x.URL+term.Slug+"/" {
					t.Errorf("term URL %s", term.URL)
				}
				if (term.Stars == nil) != (term.Rated == 0) || term.Stars != nil && term.Stars.Value != term.AverageText {
					t.Errorf("term %s: stars %+v for average %q", term.Name, term.Stars, term.AverageText)
				}
			}
		})
	}
	if len(s.Warnings) != 0 {
		t.Errorf("warnings: %v", s.Warnings)
	}
}

func TestTermSpellings(t *testing.T) {
	tests := []struct {
		name     string
		reviews  map[string][]string // file: directors
		want     string              // the terms
		warnings []string
	}{
		{
			name:     "most files win",
			reviews:  map[string][]string{"a": {"andrei tarkovsky"}, "b": {"Andrei Tarkovsky"}, "c": {"Andrei Tarkovsky"}},
			want:     "Andrei Tarkovsky(andrei-tarkovsky) 3/0  [c b a]",
			warnings: []string{`content/reviews/a.md: director "andrei tarkovsky" is spelled "Andrei Tarkovsky" in content/reviews/b.md`},
		},
		{
			name:     "a tie goes to the first file",
			reviews:  map[string][]string{"b": {"Joel Coen"}, "a": {"joel coen"}},
			want:     "joel coen(joel-coen) 2/0  [b a]",
			warnings: []string{`content/reviews/b.md: director "Joel Coen" is spelled "joel coen" in content/reviews/a.md`},
		},
		{
			name:    "accents and punctuation merge",
			reviews: map[string][]string{"a": {"Jean-Pierre Jeunet"}, "b": {"Jean Pierre Jeunet"}, "c": {"Jéan-Pierre Jeunet"}, "d": {"Jean-Pierre Jeunet"}},
			want:    "Jean-Pierre Jeunet(jean-pierre-jeunet) 4/0  [d c b a]",
			warnings: []string{
				`content/reviews/b.md: director "Jean Pierre Jeunet" is spelled "Jean-Pierre Jeunet" in content/reviews/a.md`,
				`content/reviews/c.md: director "Jéan-Pierre Jeunet" is spelled "Jean-Pierre Jeunet" in content/reviews/a.md`,
			},
		},
		{
			name:     "a name twice in one review counts once",
			reviews:  map[string][]string{"a": {"Joel Coen", "joel coen", "Ethan Coen"}},
			want:     "Ethan Coen(ethan-coen) 1/0  [a]; Joel Coen(joel-coen) 1/0  [a]",
			warnings: []string{`content/reviews/a.md: director "joel coen" is spelled "Joel Coen" in content/reviews/a.md`},
		},
		{
			name:     "a name without letters has no page",
			reviews:  map[string][]string{"a": {"???", "Agnès Varda"}},
			want:     "Agnès Varda(agnes-varda) 1/0  [a]",
			warnings: []string{`content/reviews/a.md: director "???" has no letters or digits to make a URL from, so it has no page`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rs []*content.Review
			day := 1
			for _, file := range slicesSorted(tt.reviews) {
				rs = append(rs, people(rev(t, file, "Film "+file, 2000, "", day), "", tt.reviews[file], nil, nil, nil))
				day++
			}
			s, err := Build(rs, Options{Scale: rating.DefaultScale()})
			if err != nil {
				t.Fatal(err)
			}
			if got := describeTerms(taxonomy(t, s, "directors")); got != tt.want {
				t.Errorf("terms\n got %s\nwant %s", got, tt.want)
			}
			var got []string
			for _, w := range s.Warnings {
				got = append(got, w.Error())
			}
			if !slices.Equal(got, tt.warnings) {
				t.Errorf("warnings\n got %q\nwant %q", got, tt.warnings)
			}
		})
	}
}

func slicesSorted(m map[string][]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestReviewAndFilmLinks(t *testing.T) {
	s, err := Build([]*content.Review{
		people(rev(t, "a", "Fargo", 1996, "", 1), "Ana", []string{"Joel Coen"}, []string{"Frances McDormand"}, []string{"Crime"}, []string{"snow"}),
		people(rev(t, "b", "Fargo", 1996, "", 2), "", []string{"joel coen", "Ethan Coen"}, []string{"William H. Macy"}, []string{"Crime", "Comedy"}, nil),
	}, Options{Scale: rating.DefaultScale(), Root: "/r"})
	if err != nil {
		t.Fatal(err)
	}
	a := s.Reviews[1].Links()
	if got := showLinks(a.Director) + "; " + showLinks(a.Tags) + "; " + a.Author.URL + "; " + a.Year.URL + "; " + a.Decade.Name; got !=
		"Joel Coen=/r/directors/joel-coen/; snow=/r/tags/snow/; /r/authors/ana/; /r/years/1996/; 1990s" {
		t.Errorf("review links: %s", got)
	}
	if b := s.Reviews[0].Links(); b.Author != nil {
		t.Errorf("a review without author links one: %+v", b.Author)
	}
	// The film's links merge its reviews' like its facts, earliest first,
	// and the same term once whatever its spelling.
	f := s.Films[0].Links()
	if got := showLinks(f.Director) + "; " + showLinks(f.Cast) + "; " + showLinks(f.Genres) + "; " + f.Year.Name; got !=
		"Joel Coen=/r/directors/joel-coen/, Ethan Coen=/r/directors/ethan-coen/; "+
			"Frances McDormand=/r/cast/frances-mcdormand/, William H. Macy=/r/cast/william-h-macy/; "+
			"Crime=/r/genres/crime/, Comedy=/r/genres/comedy/; 1996" {
		t.Errorf("film links: %s", got)
	}
}

// TestTaxonomiesCached checks that a build reusing the cache of earlier
// ones, after edits that change names, dates and ratings, equals a build
// from scratch.
func TestTaxonomiesCached(t *testing.T) {
	base := func() []*content.Review {
		return []*content.Review{
			people(rev(t, "a", "Solaris", 1972, "3/4", 1), "Ana", []string{"Andrei Tarkovsky"}, []string{"Donatas Banionis"}, []string{"Drama"}, []string{"space"}),
			people(rev(t, "b", "Stalker", 1979, "3.5/4", 2), "Ben", []string{"Andrei Tarkovsky"}, nil, []string{"Drama"}, nil),
			people(rev(t, "c", "Alien", 1979, "4/4", 3), "Ana", []string{"Ridley Scott"}, nil, []string{"Horror"}, []string{"space"}),
		}
	}
	edits := []struct {
		name string
		keep bool // whether the build keeps the last tallies
		edit func([]*content.Review) []*content.Review
	}{
		{"same reviews", true, func(rs []*content.Review) []*content.Review { return rs }},
		{"new body", true, func(rs []*content.Review) []*content.Review {
			rs[1] = people(rev(t, "b", "Stalker", 1979, "3.5/4", 2), "Ben", []string{"Andrei Tarkovsky"}, nil, []string{"Drama"}, nil)
			return rs
		}},
		{"new rating", true, func(rs []*content.Review) []*content.Review {
			rs[1] = people(rev(t, "b", "Stalker", 1979, "1/4", 2), "Ben", []string{"Andrei Tarkovsky"}, nil, []string{"Drama"}, nil)
			return rs
		}},
		{"rating removed", true, func(rs []*content.Review) []*content.Review {
			rs[0] = people(rev(t, "a", "Solaris", 1972, "", 1), "Ana", []string{"Andrei Tarkovsky"}, []string{"Donatas Banionis"}, []string{"Drama"}, []string{"space"})
			return rs
		}},
		{"rating added", true, func(rs []*content.Review) []*content.Review {
			rs[0] = people(rev(t, "a", "Solaris", 1972, "2.5", 1), "Ana", []string{"Andrei Tarkovsky"}, []string{"Donatas Banionis"}, []string{"Drama"}, []string{"space"})
			return rs
		}},
		{"new rating denominator", false, func(rs []*content.Review) []*content.Review {
			rs[1] = people(rev(t, "b", "Stalker", 1979, "62/100", 2), "Ben", []string{"Andrei Tarkovsky"}, nil, []string{"Drama"}, nil)
			return rs
		}},
		{"renamed director", false, func(rs []*content.Review) []*content.Review {
			rs[2] = people(rev(t, "c", "Alien", 1979, "4/4", 3), "Ana", []string{"andrei tarkovsky"}, nil, []string{"Horror"}, nil)
			return rs
		}},
		{"new body after a rename", true, func(rs []*content.Review) []*content.Review {
			rs[1] = people(rev(t, "b", "Stalker", 1979, "62/100", 2), "Ben", []string{"Andrei Tarkovsky"}, nil, []string{"Drama"}, nil)
			return rs
		}},
		{"a name twice", false, func(rs []*content.Review) []*content.Review {
			rs[0] = people(rev(t, "a", "Solaris", 1972, "2.5", 1), "Ana", []string{"Andrei Tarkovsky", "andrei  tarkovsky"}, nil, nil, nil)
			return rs
		}},
		{"new rating of a name twice", true, func(rs []*content.Review) []*content.Review {
			rs[0] = people(rev(t, "a", "Solaris", 1972, "1.5", 1), "Ana", []string{"Andrei Tarkovsky", "andrei  tarkovsky"}, nil, nil, nil)
			return rs
		}},
		{"removed review", false, func(rs []*content.Review) []*content.Review { return rs[1:] }},
		{"new date", false, func(rs []*content.Review) []*content.Review {
			rs[0] = people(rev(t, "a", "Solaris", 1972, "3/4", 9), "Ana", []string{"Andrei Tarkovsky"}, nil, nil, nil)
			return rs
		}},
		// Ratings over many primes outgrow an int64 common denominator.
		{"huge denominators", false, func(rs []*content.Review) []*content.Review {
			for i, p := range []string{"1/7", "2/11", "3/13", "4/17", "5/19", "6/23", "7/29", "8/31", "9/37", "10/41", "11/43"} {
				rs = append(rs, people(rev(t, fmt.Sprint("p", i), "Primes", 2001, p, 10+i), "Ana", []string{"Ridley Scott"}, nil, nil, nil))
			}
			return rs
		}},
	}
	c := NewCache()
	rs := base()
	if _, err := Build(rs, Options{Scale: rating.DefaultScale(), Cache: c}); err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			rs = e.edit(rs)
			gen := 0
			if c.terms != nil {
				gen = c.terms.gen
			}
			cached, err := Build(rs, Options{Scale: rating.DefaultScale(), Cache: c})
			if err != nil {
				t.Fatal(err)
			}
			if kept := c.terms.gen == gen; kept != e.keep {
				t.Errorf("kept the last tallies: %v, want %v", kept, e.keep)
			}
			fresh, err := Build(rs, Options{Scale: rating.DefaultScale()})
			if err != nil {
				t.Fatal(err)
			}
			for i, x := range fresh.Taxonomies {
				if got, want := describeTerms(cached.Taxonomies[i]), describeTerms(x); got != want {
					t.Errorf("%s, cached\n got %s\nwant %s", x.Name, got, want)
				}
			}
			if e.name == "new rating denominator" && c.terms.den != 50 {
				t.Errorf("common denominator %d, want 50 (of 7/2 and 62/25)", c.terms.den)
			}
			if fmt.Sprint(cached.Warnings) != fmt.Sprint(fresh.Warnings) {
				t.Errorf("warnings %v, want %v", cached.Warnings, fresh.Warnings)
			}
		})
	}
	if !c.terms.big {
		t.Error("the primes' sums did not switch to big.Rat")
	}
	// The average of the primes, computed exactly.
	s, err := Build(rs, Options{Scale: rating.DefaultScale(), Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	sum, n := new(big.Rat), 0
	var scott *Term
	for _, term := range taxonomy(t, s, "directors").Terms {
		if term.Slug == "ridley-scott" {
			scott = term
		}
	}
	for _, r := range scott.Reviews {
		if r.Rating != nil {
			sum.Add(sum, r.Rating.Exact())
			n++
		}
	}
	want := newAverage(newPainter(rating.DefaultScale()), sum.Quo(sum, big.NewRat(int64(n), 1))).text
	if scott.AverageText != want || scott.Rated != n {
		t.Errorf("average %s of %d, want %s of %d", scott.AverageText, scott.Rated, want, n)
	}
}

// showLinks writes links as "Name=URL, …".
func showLinks(ls []Link) string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Name+"="+l.URL)
	}
	return strings.Join(out, ", ")
}
