package site

import (
	"cmp"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"ssg/generator/content"
	"ssg/generator/markdown"
	"ssg/generator/rating"
	"ssg/internal/corpus"
)

func relatedNames(f *Film) string {
	var out []string
	for _, l := range f.Related {
		out = append(out, l.Name)
	}
	return strings.Join(out, ", ")
}

func TestRelatedOrder(t *testing.T) {
	film := func(slug, title string, year int, director, cast, genres, tags []string) *content.Review {
		return people(rev(t, slug, title, year, "", 1), "", director, cast, genres, tags)
	}
	s, err := Build([]*content.Review{
		film("a", "Alpha", 2000, []string{"Xavier Dolan"}, nil, []string{"Drama"}, nil),
		film("b", "Bravo", 2001, []string{"xavier dolan"}, nil, nil, nil),
		film("z", "Zodiac", 2007, nil, []string{"Mark Ruffalo"}, []string{"Drama"}, nil),
		film("e", "Echo", 2003, nil, nil, []string{"Drama"}, []string{"twist"}),
		film("s2", "Solaris", 2002, nil, []string{"Mark Ruffalo"}, nil, []string{"twist"}),
		film("s1", "Solaris", 1972, nil, []string{"Mark Ruffalo"}, nil, []string{"twist"}),
		film("l", "Lone", 1990, nil, nil, nil, []string{"unshared"}),
		film("a2", "Alpha", 2000, nil, nil, []string{"Drama"}, []string{"twist"}), // a second review of Alpha
	}, Options{Scale: rating.DefaultScale()})
	if err != nil {
		t.Fatal(err)
	}
	// Seven films. Xavier Dolan (2 films) is worth 4×bits.Len(7/2)=8, Mark
	// Ruffalo (3) 3×2=6, Drama (3) 1×2=2, twist (4) 2×1=2.
	want := map[string]string{
		"Alpha (2000)":   "Bravo (2001), Echo (2003), Solaris (1972), Solaris (2002), Zodiac (2007)", // 8, 2+2, 2, 2, 2
		"Bravo (2001)":   "Alpha (2000)",
		"Echo (2003)":    "Alpha (2000), Solaris (1972), Solaris (2002), Zodiac (2007)", // 4, 2, 2, 2
		"Solaris (1972)": "Solaris (2002), Zodiac (2007), Alpha (2000), Echo (2003)",    // 8, 6, 2, 2
		"Zodiac (2007)":  "Solaris (1972), Solaris (2002), Alpha (2000), Echo (2003)",   // 6, 6, 2, 2
		"Lone (1990)":    "",
	}
	for _, f := range s.Films {
		if w, ok := want[f.Label()]; ok && relatedNames(f) != w {
			t.Errorf("%s: related %s, want %s", f.Label(), relatedNames(f), w)
		}
	}
}

// TestRelatedIndexed checks the indexed scoring against a plain one that
// compares every pair of films, on random blogs, and that the result does
// not depend on the order of the reviews.
func TestRelatedIndexed(t *testing.T) {
	common := 0 // terms too common to count, met
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 3))
		pick := func(prefix string, pool, most int) []string {
			var out []string
			for range rng.IntN(most + 1) {
				out = append(out, fmt.Sprintf("%s %d", prefix, rng.IntN(pool)))
			}
			return out
		}
		var reviews []*content.Review
		nfilms := 5 + rng.IntN(60)
		if seed%4 == 0 {
			nfilms = 100 + rng.IntN(150) // with names too common to count
		}
		for i := range 3 * nfilms {
			f := rng.IntN(nfilms)
			r := people(rev(t, fmt.Sprint("r", i), fmt.Sprint("Film ", f%7), 1950+f, "", 1+i%28), "",
				pick("Director", 1+nfilms/3, 1), pick("Actor", 2*nfilms, 4), pick("Genre", 6, 2), pick("Tag", 10, 3))
			if rng.IntN(5) == 0 {
				r.WatchAlso = []string{fmt.Sprintf("Film %d (%d)", rng.IntN(7), 1950+rng.IntN(nfilms))}
			}
			reviews = append(reviews, r)
		}
		s, err := Build(reviews, Options{Scale: rating.DefaultScale()})
		if err != nil {
			t.Fatal(err)
		}
		rng.Shuffle(len(reviews), func(i, j int) { reviews[i], reviews[j] = reviews[j], reviews[i] })
		shuffled, err := Build(reviews, Options{Scale: rating.DefaultScale()})
		if err != nil {
			t.Fatal(err)
		}
		want := plainRelated(s, &common)
		for i, f := range s.Films {
			if got := relatedNames(f); got != want[i] {
				t.Errorf("seed %d: %s: related\n got %s\nwant %s", seed, f.Label(), got, want[i])
			}
			if got := relatedNames(shuffled.Films[i]); got != want[i] {
				t.Errorf("seed %d: %s: related after a shuffle\n got %s\nwant %s", seed, f.Label(), got, want[i])
			}
		}
	}
	if common == 0 {
		t.Error("no blog had a name too common to count")
	}
}

// TestRelatedCommonNames checks that a name most films of a big blog
// share does not make them related, while a name two films share does.
func TestRelatedCommonNames(t *testing.T) {
	var reviews []*content.Review
	for i := range 60 {
		var director []string
		if i < 2 {
			director = []string{"Agnès Varda"}
		}
		reviews = append(reviews, people(rev(t, fmt.Sprint("r", i), fmt.Sprintf("Film %02d", i), 2000, "", 1), "", director, nil, []string{"Drama"}, nil))
	}
	s, err := Build(reviews, Options{Scale: rating.DefaultScale()})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range s.Films {
		want := ""
		switch f.Title {
		case "Film 00":
			want = "Film 01 (2000)"
		case "Film 01":
			want = "Film 00 (2000)"
		}
		if relatedNames(f) != want {
			t.Errorf("%s: related %q, want %q", f.Title, relatedNames(f), want)
		}
	}
}

// plainRelated scores every pair of films from their terms.
func plainRelated(s *Site, commonTerms *int) []string {
	n := len(s.Films)
	type term struct {
		weight int
		films  map[*Film]bool
	}
	var terms []term
	common := 0
	for tax, x := range s.Taxonomies {
		for _, tm := range x.Terms {
			films := map[*Film]bool{}
			for _, r := range tm.Reviews {
				films[r.FilmPage] = true
			}
			if commonTerm(len(films), n) {
				common++
				continue
			}
			terms = append(terms, term{int(relatedWeight[tax]) * bits.Len(uint(n/len(films))), films})
		}
	}
	has := map[*Film][]int{} // the terms of each film
	for k, tm := range terms {
		for f := range tm.films {
			has[f] = append(has[f], k)
		}
	}
	out := make([]string, n)
	for i, f := range s.Films {
		type scored struct {
			score int
			film  *Film
		}
		var all []scored
		for _, g := range s.Films {
			if g == f || slices.ContainsFunc(f.WatchLinks, func(l Link) bool { return l.URL == g.URL }) {
				continue
			}
			score := 0
			for _, k := range has[f] {
				if terms[k].films[g] {
					score += terms[k].weight
				}
			}
			if score > 0 {
				all = append(all, scored{score, g})
			}
		}
		slices.SortFunc(all, func(a, b scored) int {
			return cmp.Or(b.score-a.score, cmp.Compare(strings.ToLower(a.film.Title), strings.ToLower(b.film.Title)),
				a.film.Year-b.film.Year, strings.Compare(a.film.Slug, b.film.Slug))
		})
		var names []string
		for _, c := range all[:min(len(all), relatedMax)] {
			names = append(names, c.film.Label())
		}
		out[i] = strings.Join(names, ", ")
	}
	*commonTerms += common
	return out
}

// BenchmarkRelated times the related films of a generated 10,000-review
// blog (about 2,000 films), and the whole model for comparison.
func BenchmarkRelated(b *testing.B) {
	reviews := corpusReviews(b, 10000)
	opts := Options{Scale: rating.DefaultScale()}
	s, err := Build(reviews, opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("related", func(b *testing.B) {
		for b.Loop() {
			related(s.Films, s.Taxonomies, 0)
		}
		b.ReportMetric(float64(len(s.Films)), "films")
	})
	b.Run("model", func(b *testing.B) {
		for b.Loop() {
			if _, err := Build(reviews, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// corpusReviews parses the first n reviews of the benchmark corpus.
func corpusReviews(b testing.TB, n int) []*content.Review {
	opts := content.Options{Scale: rating.DefaultScale(), Location: time.UTC, Markdown: markdown.New(markdown.Options{})}
	reviews := make([]*content.Review, n)
	for i := range n {
		file, src := corpus.Review(i, 1)
		r, err := content.Parse(file, src, opts)
		if err != nil {
			b.Fatal(err)
		}
		reviews[i] = r
	}
	return reviews
}
