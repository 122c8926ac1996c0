package render

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"ssg/generator/content"
	"ssg/generator/rating"
	"ssg/generator/site"
)

// TestTermPages checks the browse pages of a small site, three to a page:
// their URLs and pagers, and that each page reaches only what it shows.
func TestTermPages(t *testing.T) {
	var reviews []*content.Review
	for i := range 7 {
		r := &content.Review{File: fmt.Sprintf("content/reviews/r%d.md", i), Slug: fmt.Sprint("r", i), Title: fmt.Sprint("R", i),
			Film: fmt.Sprint("Film ", i), Year: 1990 + i, Date: time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC),
			Genres: []string{"Drama"}, Director: []string{fmt.Sprint("Director ", i%4)}}
		reviews = append(reviews, r)
	}
	s, err := site.Build(reviews, site.Options{Scale: rating.DefaultScale(), PerPage: 3, Root: "/b"})
	if err != nil {
		t.Fatal(err)
	}
	var pages []*Page
	termPages(s, &Info{Title: "T", Root: "/b"}, func(string) bool { return false }, func(layout string, p *Page) {
		if want := p.Kind + ".html"; layout != want {
			t.Errorf("%s: layout %s, want %s", p.URL, layout, want)
		}
		pages = append(pages, p)
	})
	byURL := map[string]*Page{}
	for _, p := range pages {
		byURL[p.URL] = p
	}
	tests := []struct {
		url, want string // want: kind, items, pager "n/total prev next texts"
	}{
		{"/b/directors/", "terms 3 1/2  /b/directors/page/2/ Previous/Next"},
		{"/b/directors/page/2/", "terms 1 2/2 /b/directors/  Previous/Next"},
		{"/b/directors/director-0/", "term 2 -"},
		{"/b/genres/", "terms 1 -"},
		{"/b/genres/drama/", "term 3 1/3  /b/genres/drama/page/2/ Newer/Older"},
		{"/b/genres/drama/page/3/", "term 1 3/3 /b/genres/drama/page/2/  Newer/Older"},
		{"/b/decades/1990s/page/3/", "term 1 3/3 /b/decades/1990s/page/2/  Newer/Older"},
		{"/b/years/page/3/", "terms 1 3/3 /b/years/page/2/  Previous/Next"},
		{"/b/authors/", "terms 0 -"}, // an empty index keeps its page
		{"/b/tags/", "terms 0 -"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			p := byURL[tt.url]
			if p == nil {
				t.Fatalf("no page; have %d pages", len(pages))
			}
			got := fmt.Sprint(p.Kind, " ", len(p.Reviews)+len(p.Terms), " -")
			if pg := p.Pager; pg != nil {
				got = fmt.Sprintf("%s %d %d/%d %s %s %s/%s", p.Kind, len(p.Reviews)+len(p.Terms), pg.Number, pg.Total, pg.Prev, pg.Next, pg.PrevText, pg.NextText)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if byURL["/b/genres/drama/page/4/"] != nil || byURL["/b/directors/page/3/"] != nil {
		t.Error("an empty last page")
	}
	for _, p := range pages {
		if p.Taxonomy == nil || len(p.Taxonomy.Terms) != 0 {
			t.Errorf("%s: taxonomy %+v, want one without its terms", p.URL, p.Taxonomy)
		}
		if p.Kind == "term" && (p.Term == nil || len(p.Term.Reviews) != 0 || p.Taxonomy.Count != 0 || !strings.HasPrefix(p.URL, p.Term.URL)) {
			t.Errorf("%s: term %+v in %+v, want one without its reviews, in a taxonomy without its count", p.URL, p.Term, p.Taxonomy)
		}
		for _, term := range p.Terms {
			if len(term.Reviews) != 0 || term.Count == 0 {
				t.Errorf("%s: listed term %+v, want it without its reviews", p.URL, term)
			}
		}
		if p.Title == "" || p.Description == "" {
			t.Errorf("%s: title %q, description %q", p.URL, p.Title, p.Description)
		}
	}
	if got := byURL["/b/directors/director-0/"].Title; got != "Films directed by Director 0" {
		t.Errorf("title %q", got)
	}
}
