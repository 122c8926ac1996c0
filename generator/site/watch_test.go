package site

import (
	"testing"

	"ssg/generator/content"
	"ssg/generator/rating"
)

func TestWatchLinks(t *testing.T) {
	also := func(r *content.Review, names ...string) *content.Review {
		r.WatchAlso = names
		r.Lines = map[string]int{"watch_also": 6}
		return r
	}
	reviews := []*content.Review{
		rev(t, "s72", "Solaris", 1972, "", 1),
		rev(t, "s02", "Solaris", 2002, "", 2),
		rev(t, "island", "The Island", 2005, "", 3),
		rev(t, "heat", "Heat", 0, "", 4),
		also(rev(t, "nlmg", "Never Let Me Go", 2010, "", 5),
			"the island (2005)", "Solaris", "SOLARIS (1972)", "Heat (1995)", "Gattaca", "Never Let Me Go", "The Island", "Solaris (1999)"),
		also(rev(t, "nlmg2", "Never Let Me Go", 2010, "", 6), "Solaris (1972)", "Heat", "Moon (2009)"),
	}
	reviews = append(reviews, also(rev(t, "s02b", "Solaris", 2002, "", 7), "solaris"))
	data := &content.FilmFile{File: "data/films/never-let-me-go.yaml", Slug: "never-let-me-go", WatchAlso: []string{"Moon (2009)", "Heat"},
		Lines: map[string]int{"watch_also": 2}}
	s, err := Build(reviews, Options{Scale: rating.DefaultScale(), Root: "/r", Films: []*content.FilmFile{data}})
	if err != nil {
		t.Fatal(err)
	}
	var review, film string
	for _, r := range s.Reviews {
		if r.Slug == "nlmg" {
			review, film = showLinks(r.WatchLinks), showLinks(r.FilmPage.WatchLinks)
		}
	}
	// The same film is linked once, under its own title.
	if want := "The Island (2005)=/r/films/the-island/, Solaris=, Solaris (1972)=/r/films/solaris-1972/, Heat=/r/films/heat/, Gattaca=, Solaris (1999)="; review != want {
		t.Errorf("review links\n got %s\nwant %s", review, want)
	}
	for _, r := range s.Reviews {
		if r.Slug == "s02b" && showLinks(r.WatchLinks) != "Solaris (1972)=/r/films/solaris-1972/" {
			t.Errorf("a review of Solaris (2002) naming Solaris: %s", showLinks(r.WatchLinks))
		}
	}
	// A film's are its data file's, then its reviews', earliest first.
	if want := "Moon (2009)=, Heat=/r/films/heat/, The Island (2005)=/r/films/the-island/, Solaris=, Solaris (1972)=/r/films/solaris-1972/, Gattaca=, Solaris (1999)="; film != want {
		t.Errorf("film links\n got %s\nwant %s", film, want)
	}
	want := `content/reviews/nlmg.md:6: watch_also "Gattaca": the blog has no review of that film, so it is not linked
content/reviews/nlmg.md:6: watch_also "Never Let Me Go" names the film itself
content/reviews/nlmg.md:6: watch_also "Solaris (1999)": the blog has no review of that film, so it is not linked
content/reviews/nlmg.md:6: watch_also "Solaris" could be Solaris (1972) or Solaris (2002): add the year, like "Solaris (1972)"
content/reviews/nlmg2.md:6: watch_also "Moon (2009)": the blog has no review of that film, so it is not linked
data/films/never-let-me-go.yaml:2: watch_also "Moon (2009)": the blog has no review of that film, so it is not linked`
	if got := warnings(s); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
}
