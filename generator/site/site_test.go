package site

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"ssg/generator/content"
	"ssg/generator/rating"
)

func rev(t *testing.T, file, film string, year int, written string, day int) *content.Review {
	t.Helper()
	r := &content.Review{File: "content/reviews/" + file + ".md", Slug: file, Title: file, Film: film, Year: year,
		Date: time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC)}
	if written != "" {
		rt, err := rating.Parse(written, rating.DefaultScale())
		if err != nil {
			t.Fatal(err)
		}
		r.Rating = &rt
	}
	return r
}

func TestFilmSlugs(t *testing.T) {
	tests := []struct {
		name  string
		films [][2]any // title, year
		want  []string // slugs in the site's film order
	}{
		{"unique title has no year", [][2]any{{"Alien", 1979}}, []string{"alien"}},
		{"shared title gets years", [][2]any{{"Solaris", 2002}, {"Solaris", 1972}}, []string{"solaris-1972", "solaris-2002"}},
		{"same film merges", [][2]any{{"Amélie", 2001}, {"Amelie", 2001}}, []string{"amelie"}},
		{"unknown year keeps bare slug", [][2]any{{"Dune", 0}, {"Dune", 2021}}, []string{"dune", "dune-2021"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rs []*content.Review
			for i, f := range tt.films {
				rs = append(rs, rev(t, "r"+string(rune('a'+i)), f[0].(string), f[1].(int), "", i+1))
			}
			s, err := Build(rs, Options{Scale: rating.DefaultScale()})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range s.Films {
				got = append(got, f.Slug)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("slugs %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFilmAverageAndHistogram(t *testing.T) {
	s, err := Build([]*content.Review{
		rev(t, "a", "Solaris", 2002, "62/100", 1), // 2.48 → 2.5
		rev(t, "b", "Solaris", 2002, "7/10", 2),   // 2.8 → 3
		rev(t, "c", "Solaris", 2002, "", 3),       // unrated
		rev(t, "d", "Solaris", 2002, "3/4", 4),
	}, Options{Scale: rating.DefaultScale()})
	if err != nil {
		t.Fatal(err)
	}
	f := s.Films[0]
	// The average uses exact values: (2.48 + 2.8 + 3) / 3 = 2.76.
	if f.Rated != 3 || f.Average.Cmp(big.NewRat(276, 100)) != 0 || f.AverageText != "2.76" {
		t.Errorf("rated %d average %v (%s)", f.Rated, f.Average, f.AverageText)
	}
	if f.Stars.Label != "2.76 out of 4 stars" || f.Stars.Percent != 69 {
		t.Errorf("stars %+v", f.Stars)
	}
	counts := map[string]int{}
	for _, b := range f.Histogram.Bins {
		counts[b.Value] = b.Count
	}
	if counts["3"] != 2 || counts["2.5"] != 1 || f.Histogram.Total != 3 || len(f.Histogram.Bins) != 9 {
		t.Errorf("histogram %+v", f.Histogram)
	}
	if f.Reviews[0].Slug != "d" {
		t.Errorf("film reviews not newest first: %s", f.Reviews[0].Slug)
	}
	if s.Histogram.Bins[0].Value != "4" || s.Histogram.Bins[2].Percent != 100 || s.Histogram.Bins[3].Percent != 50 {
		t.Errorf("site histogram %+v", s.Histogram.Bins)
	}
}

func TestCollisionsNameBothFiles(t *testing.T) {
	a, b := rev(t, "same", "A", 2000, "", 1), rev(t, "same", "B", 2000, "", 2)
	b.File = "content/reviews/other/same.md"
	_, err := Build([]*content.Review{a, b}, Options{Scale: rating.DefaultScale()})
	if err == nil || !strings.Contains(err.Error(), a.File) || !strings.Contains(err.Error(), b.File) {
		t.Errorf("err = %v, want both files named", err)
	}
}

func TestPublished(t *testing.T) {
	now := time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC)
	draft, future, ok := rev(t, "d", "F", 0, "", 1), rev(t, "f", "F", 0, "", 20), rev(t, "o", "F", 0, "", 2)
	draft.Draft = true
	all := []*content.Review{draft, future, ok}
	tests := []struct {
		name           string
		drafts, future bool
		want           int
	}{
		{"default", false, false, 1},
		{"drafts", true, false, 2},
		{"future", false, true, 2},
		{"both", true, true, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(Published(all, now, tt.drafts, tt.future)); got != tt.want {
				t.Errorf("got %d reviews, want %d", got, tt.want)
			}
		})
	}
}

func TestStars(t *testing.T) {
	ten, _ := rating.NewScale("10", "1")
	hundred, _ := rating.NewScale("100", "1")
	tests := []struct {
		name  string
		v     *big.Rat
		scale rating.Scale
		label string
		icons int
		pct   float64
	}{
		{"three and a half of four", big.NewRat(7, 2), rating.DefaultScale(), "3.5 out of 4 stars", 4, 87.5},
		{"zero", new(big.Rat), rating.DefaultScale(), "0 out of 4 stars", 4, 0},
		{"ten point", big.NewRat(7, 1), ten, "7 out of 10 stars", 10, 70},
		{"hundred point drawn as five", big.NewRat(62, 1), hundred, "62 out of 100 stars", 5, 62},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStars(tt.v, tt.scale, "")
			if s.Label != tt.label || s.Icons != tt.icons || s.Percent != tt.pct {
				t.Errorf("got %+v", s)
			}
		})
	}
}

// TestPatchMovesInTime checks that a date edit patched in place leaves
// every list as a fresh Build of the edited reviews orders it, names the
// reviews that moved, and that Undo puts the model back.
func TestPatchMovesInTime(t *testing.T) {
	reviews := func() []*content.Review {
		rs := []*content.Review{
			rev(t, "a", "Alien", 1979, "3/4", 1), rev(t, "b", "Alien", 1979, "3/4", 5),
			rev(t, "c", "Heat", 1995, "3/4", 2), rev(t, "d", "Solaris", 1972, "2/4", 3),
			rev(t, "e", "Heat", 1995, "", 4), rev(t, "f", "Dune", 2021, "3/4", 7),
		}
		for i, r := range rs {
			r.Author = []string{"Ann", "Bo"}[i%2]
			r.Tags = []string{"night"}
		}
		return rs
	}
	// lists shows every list of reviews the model keeps, by slug.
	lists := func(s *Site) string {
		var b strings.Builder
		show := func(name string, list []*Review) {
			b.WriteString(name + ":")
			for _, r := range list {
				b.WriteString(" " + r.Slug + "@" + r.DateISO)
			}
			b.WriteString("\n")
		}
		show("site", s.Reviews)
		for _, bk := range s.Buckets {
			show("rating "+bk.Value, bk.Reviews)
		}
		for _, x := range s.Taxonomies {
			for _, term := range x.Terms {
				show(x.Name+" "+term.Slug, term.Reviews)
			}
		}
		for _, f := range s.Films {
			show("film "+f.Slug, f.Reviews)
		}
		return b.String()
	}
	tests := []struct {
		name    string
		file    string // the review moved
		day     int
		ok      bool
		shifted string // the reviews that moved in some list, in the order found
	}{
		{"later, past others", "d", 6, true, "d b e"},
		{"earlier, past others", "f", 4, true, "b e f"},
		{"the day of another: by slug", "d", 5, true, "d e"},
		{"the day of another, first by slug", "c", 3, true, "c d"},
		{"the same place", "f", 8, true, ""},
		{"past a review of its film", "a", 6, false, ""},
		{"past a review of its film, by slug", "a", 5, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			redate := func(r *content.Review) { r.Date = time.Date(2024, 1, tt.day, 0, 0, 0, 0, time.UTC) }
			patchAsBuild(t, reviews(), Options{Scale: rating.DefaultScale()}, tt.file, redate, lists, tt.ok, func(p Patched) {
				if !p.Dated || p.Bodies {
					t.Errorf("Dated %v, Bodies %v; want true, false", p.Dated, p.Bodies)
				}
				var shifted []string
				for _, r := range p.Shifted {
					shifted = append(shifted, r.Slug)
				}
				if got := strings.Join(shifted, " "); got != tt.shifted {
					t.Errorf("shifted %q, want %q", got, tt.shifted)
				}
			})
		})
	}
}

// TestPatchRerates checks that a rating edit patched in place leaves every
// figure a rating goes into as a fresh Build of the edited reviews counts
// it, that Undo puts the model back, and that an edit making a rating's
// pages come or go is refused.
func TestPatchRerates(t *testing.T) {
	reviews := func() []*content.Review {
		rs := []*content.Review{
			rev(t, "a", "Alien", 1979, "3/4", 1), rev(t, "b", "Alien", 1979, "2/4", 5),
			rev(t, "c", "Heat", 1995, "3/4", 2), rev(t, "d", "Solaris", 1972, "2/4", 3),
			rev(t, "e", "Heat", 1995, "", 4), rev(t, "f", "Dune", 2021, "4/4", 7),
			rev(t, "g", "Dune", 2021, "4/4", 8),
		}
		for i, r := range rs {
			r.Author = []string{"Ann", "Bo"}[i%2]
			r.Tags = []string{"night"}
		}
		return rs
	}
	label := func(st *Stars) string {
		if st == nil {
			return "none"
		}
		return st.Label
	}
	histogram := func(h Histogram) string {
		out := fmt.Sprintf("%d rated, %d not:", h.Total, h.Unrated)
		for _, bin := range h.Bins {
			out += fmt.Sprintf(" %s %s %s %d %d%%", bin.Value, label(bin.Stars), bin.URL, bin.Count, bin.Percent)
		}
		return out
	}
	figures := func(s *Site) string {
		var b strings.Builder
		fmt.Fprintf(&b, "histogram %s\n", histogram(s.Histogram))
		for _, bk := range s.Buckets {
			fmt.Fprintf(&b, "rating %s %s %d:", bk.Value, bk.URL, bk.Count)
			for _, r := range bk.Reviews {
				b.WriteString(" " + r.Slug)
			}
			b.WriteString("\n")
		}
		for _, f := range s.Films {
			fmt.Fprintf(&b, "film %s rated %d average %s %v %s %s\n", f.Slug, f.Rated, f.AverageText, f.Average, label(f.Stars), histogram(f.Histogram))
		}
		for _, x := range s.Taxonomies {
			for _, term := range x.Terms {
				fmt.Fprintf(&b, "%s %s rated %d average %s %s\n", x.Name, term.Slug, term.Rated, term.AverageText, label(term.Stars))
			}
		}
		for _, r := range s.Reviews {
			fmt.Fprintf(&b, "review %s %s %s\n", r.Slug, label(r.Stars), r.Links().Author)
		}
		return b.String()
	}
	tests := []struct {
		name    string
		file    string
		rating  string // "" for none
		perPage int
		ok      bool
		buckets int // ratings whose lists changed
	}{
		{"another value", "c", "2/4", 0, true, 2},
		{"the same value written another way", "c", "★★★", 0, true, 0},
		{"none", "a", "", 0, true, 1},
		{"a first", "e", "3/4", 0, true, 1},
		{"a rating's last review leaves it", "d", "3/4", 0, true, 2},
		{"a rating no review has", "c", "1/4", 0, false, 0},
		{"a rating's only review", "f", "1/4", 0, false, 0},
		{"a rating's pages grow", "c", "2/4", 2, false, 0},
		{"within their pages", "g", "3/4", 3, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rerate := func(r *content.Review) {
				r.Rating = nil
				if tt.rating != "" {
					rt, err := rating.Parse(tt.rating, rating.DefaultScale())
					if err != nil {
						t.Fatal(err)
					}
					r.Rating = &rt
				}
			}
			opts := Options{Scale: rating.DefaultScale(), PerPage: tt.perPage}
			patchAsBuild(t, reviews(), opts, tt.file, rerate, figures, tt.ok, func(p Patched) {
				if !p.Rated || len(p.Buckets) != tt.buckets {
					t.Errorf("Rated %v with %d ratings' lists changed; want true, %d", p.Rated, len(p.Buckets), tt.buckets)
				}
			})
		})
	}
}

// TestPatchRelists checks that an edit of a review's tags or author
// patched in place leaves every term's list and figures, and every film's
// related films, as a fresh Build of the edited reviews makes them, that
// Undo puts the model back, and that an edit making a term come, go,
// change its pages or its name is refused.
func TestPatchRelists(t *testing.T) {
	reviews := func() []*content.Review {
		rs := []*content.Review{
			rev(t, "a", "Alien", 1979, "3/4", 1), rev(t, "b", "Blade Runner", 1982, "2/4", 2),
			rev(t, "c", "Coma", 1978, "4/4", 3), rev(t, "d", "Dune", 1984, "1/4", 4),
			rev(t, "e", "Dune", 1984, "2/4", 5),
		}
		tags := [][]string{{"x"}, {"x"}, {"y"}, {"y"}, {"y", "Z"}}
		for i, r := range rs {
			r.Author = []string{"Ann", "Bo"}[i%2]
			r.Tags = tags[i]
		}
		rs[4].Tags = []string{"y", "z"}
		rs[3].Tags = []string{"y", "Z"} // the tag z is written two ways
		return rs
	}
	figures := func(s *Site) string {
		var b strings.Builder
		for _, x := range s.Taxonomies {
			for _, term := range x.Terms {
				fmt.Fprintf(&b, "%s %s %q %d rated %d average %s:", x.Name, term.Slug, term.Name, term.Count, term.Rated, term.AverageText)
				for _, r := range term.Reviews {
					b.WriteString(" " + r.Slug)
				}
				b.WriteString("\n")
			}
		}
		for _, f := range s.Films {
			fmt.Fprintf(&b, "film %s related %v\n", f.Slug, f.Related)
		}
		for _, r := range s.Reviews {
			l := r.Links()
			fmt.Fprintf(&b, "review %s %s tags %v author %v\n", r.Slug, r.Author, l.Tags, l.Author != nil && *l.Author == Link{Name: r.Author, URL: "/authors/" + strings.ToLower(r.Author) + "/"})
		}
		fmt.Fprintf(&b, "warnings %v\n", s.Warnings)
		return b.String()
	}
	tests := []struct {
		name    string
		file    string
		tags    []string
		author  string
		perPage int
		ok      bool
		films   int // films whose related films changed, the review's own aside
	}{
		{"a tag another film has", "c", []string{"y", "x"}, "Ann", 0, true, 2},
		{"a tag less", "b", nil, "Bo", 0, true, 1}, // Alien is no longer related to Blade Runner
		{"another author", "c", []string{"y"}, "Bo", 0, true, 0},
		{"no author", "c", []string{"y"}, "", 0, true, 0},
		{"a tag no review has", "c", []string{"y", "w"}, "Ann", 0, false, 0},
		{"a tag spelled another way", "c", []string{"Y"}, "Ann", 0, false, 0},
		{"a tag written two ways", "c", []string{"y", "z"}, "Ann", 0, false, 0},
		{"an author no review has", "c", []string{"y"}, "Cy", 0, false, 0},
		{"a term's pages grow", "c", []string{"y", "x"}, "Ann", 2, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			relist := func(r *content.Review) { r.Tags, r.Author = tt.tags, tt.author }
			opts := Options{Scale: rating.DefaultScale(), PerPage: tt.perPage}
			patchAsBuild(t, reviews(), opts, tt.file, relist, figures, tt.ok, func(p Patched) {
				if !p.Relisted || len(p.Films) != tt.films {
					t.Errorf("Relisted %v with %d films' related films changed; want true, %d", p.Relisted, len(p.Films), tt.films)
				}
			})
		})
	}
}

// patchAsBuild builds reviews with opts, then patches the model to the
// same reviews with the one of slug file edited, and checks that Patch
// reports ok as wanted. A refused patch must leave the model as it was; an
// accepted one must make it show what a fresh Build of the edited reviews
// shows, then check looks at what it reports, and Undo must put the model
// back. show prints what is compared of a model.
func patchAsBuild(t *testing.T, reviews []*content.Review, opts Options, file string, edit func(*content.Review),
	show func(*Site) string, want bool, check func(Patched)) {
	t.Helper()
	s, err := Build(reviews, opts)
	if err != nil {
		t.Fatal(err)
	}
	edited := slices.Clone(reviews)
	for i, r := range reviews {
		if r.Slug == file {
			m := *r
			edit(&m)
			edited[i] = &m
		}
	}
	before := show(s)
	p, ok := s.Patch(nil, edited)
	if ok != want {
		t.Fatalf("patched %v, want %v", ok, want)
	}
	if !ok {
		if got := show(s); got != before {
			t.Errorf("a refused patch changed the model:\n%s\nwas\n%s", got, before)
		}
		return
	}
	fresh, err := Build(edited, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := show(s), show(fresh); got != want {
		t.Errorf("patched\n%s\nfresh build's\n%s", got, want)
	}
	check(p)
	p.Undo()
	if got := show(s); got != before {
		t.Errorf("undone:\n%s\nwas\n%s", got, before)
	}
}

// TestSumExact checks the int64 sum of exact ratings against big.Rat's,
// including sums that overflow int64 and fall back to big.Rats.
func TestSumExact(t *testing.T) {
	big1 := new(big.Rat).SetFrac(new(big.Int).Lsh(big.NewInt(1), 70), big.NewInt(3))
	tests := []struct {
		name  string
		rates []*big.Rat // nil is a review without a rating
	}{
		{"none", nil},
		{"halves and quarters", []*big.Rat{big.NewRat(7, 2), nil, big.NewRat(3, 4), big.NewRat(2, 1)}},
		{"tenths and thirds", []*big.Rat{big.NewRat(7, 10), big.NewRat(1, 3), big.NewRat(9, 10)}},
		{"a numerator past int64", []*big.Rat{big.NewRat(1, 2), big1}},
		{"a sum past int64", []*big.Rat{big.NewRat(math.MaxInt64-1, 1), big.NewRat(math.MaxInt64-1, 1)}},
		{"a denominator past int64", []*big.Rat{big.NewRat(1, math.MaxInt64), big.NewRat(1, math.MaxInt64-1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reviews []*Review
			want, rated := new(big.Rat), 0
			for _, e := range tt.rates {
				reviews = append(reviews, &Review{derived: &derived{exact: e}})
				if e != nil {
					want.Add(want, e)
					rated++
				}
			}
			got, n := sumExact(reviews)
			if got.Cmp(want) != 0 || n != rated {
				t.Errorf("sum %s of %d, want %s of %d", got.RatString(), n, want.RatString(), rated)
			}
		})
	}
}
