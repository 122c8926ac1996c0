package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// searchIndex is /search.json decoded, its arrays checked one by one.
type searchIndex struct {
	V       int               `json:"v"`
	Reviews string            `json:"rb"`
	Films   string            `json:"fb"`
	P       []string          `json:"p"`
	G       [][3]string       `json:"g"`
	F       []json.RawMessage `json:"f"`
	R       []json.RawMessage `json:"r"`
}

type searchFilm struct {
	title, link     string
	year            int
	directors, cast []int
}

type searchReview struct {
	film                 int
	title, link, date    string
	author, rating       int
	filmURL, url, people string
}

// tuple decodes a JSON array of exactly len(dst) values into dst.
func tuple(raw json.RawMessage, dst ...any) error {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	if len(items) != len(dst) {
		return fmt.Errorf("%s: %d values, want %d", raw, len(items), len(dst))
	}
	for i, item := range items {
		dec := json.NewDecoder(bytes.NewReader(item))
		dec.DisallowUnknownFields()
		if err := dec.Decode(dst[i]); err != nil {
			return fmt.Errorf("%s: value %d: %w", raw, i, err)
		}
	}
	return nil
}

// decodeSearch decodes an index and resolves its links under root the
// way search.js does.
func decodeSearch(t *testing.T, data []byte, root string) (*searchIndex, []searchFilm, []searchReview) {
	t.Helper()
	var ix searchIndex
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ix); err != nil {
		t.Fatalf("search.json: %v\n%s", err, data)
	}
	if ix.V != 1 || ix.Reviews != "/reviews/" || ix.Films != "/films/" {
		t.Errorf("search.json: v %d, rb %q, fb %q", ix.V, ix.Reviews, ix.Films)
	}
	films := make([]searchFilm, len(ix.F))
	for i, raw := range ix.F {
		f := &films[i]
		if err := tuple(raw, &f.title, &f.year, &f.link, &f.directors, &f.cast); err != nil {
			t.Fatal(err)
		}
	}
	person := func(i int) string {
		if i < 0 || i >= len(ix.P) {
			t.Fatalf("person %d of %d", i, len(ix.P))
		}
		return ix.P[i]
	}
	filmURL := func(f searchFilm) string {
		if strings.HasPrefix(f.link, "/") {
			return root + f.link
		}
		return root + ix.Films + f.link + "/"
	}
	reviews := make([]searchReview, len(ix.R))
	for i, raw := range ix.R {
		r := &reviews[i]
		if err := tuple(raw, &r.film, &r.title, &r.link, &r.author, &r.date, &r.rating); err != nil {
			t.Fatal(err)
		}
		if r.film < 0 || r.film >= len(films) || r.rating < -1 || r.rating >= len(ix.G) || r.author < -1 {
			t.Fatalf("review %s: a number out of range", raw)
		}
		f := films[r.film]
		r.filmURL = filmURL(f)
		switch {
		case strings.HasPrefix(r.link, "/"):
			r.url = root + r.link
		case strings.HasPrefix(r.link, "~"):
			if strings.HasPrefix(f.link, "/") {
				t.Errorf("review %s: ~ link with a film that has no slug", raw)
			}
			r.url = root + ix.Reviews + f.link + r.link[1:] + "/"
		default:
			r.url = root + ix.Reviews + r.link + "/"
		}
		var names []string
		for _, p := range slices.Concat(f.directors, f.cast) {
			names = append(names, person(p))
		}
		if r.author >= 0 {
			names = append(names, "by "+person(r.author))
		}
		r.people = strings.Join(names, ", ")
	}
	return &ix, films, reviews
}

// TestSearchIndex builds a small site and checks /search.json and the
// search page: every published review once, newest first, never a draft
// or a future review; each with its film, year, people, author, date and
// rating; each name once; links that resolve to the site's pages; and
// hostile text that survives as text.
func TestSearchIndex(t *testing.T) {
	const evil = `</script><script>alert(1)</script>`
	review := func(name, front string) txtar.File {
		return txtar.File{Name: "content/reviews/" + name + ".md", Data: []byte("---\n" + front + "---\nBody.\n")}
	}
	files := []txtar.File{
		review("solaris-1972-ocean", "title: An ocean of grief\nfilm: Solaris\nyear: 1972\nrating: 4/4\ndate: 2024-05-01\n"+
			"author: Ann\ndirector: Andrei Tarkovsky\ncast: [Donatas Banionis, Natalya Bondarchuk]\n"),
		review("clooney", "title: \"In defence of Clooney's\"\nfilm: Solaris\nyear: 2002\nrating: 7/10\ndate: 2024-06-01\n"+
			"author: Bo\ndirector: Steven Soderbergh\ncast: [George Clooney, Natalya Bondarchuk]\n"),
		review("evil", "title: '\"Quotes\" & <tags> \\ back'\nfilm: '"+evil+"'\nyear: 2020\ndate: 2024-07-01\n"+
			"director: [Ann, Zoë Ærø]\ncast: [A1, A2, A3, A4, A5, A6, A7, A8]\nslug: evil\n"),
		review("draft", "title: Draft\nfilm: Solaris\nyear: 1972\ndate: 2024-03-01\ndraft: true\n"),
		review("future", "title: Future\nfilm: Solaris\nyear: 1972\ndate: 2027-03-01\n"),
	}
	for _, tt := range []struct{ name, base, root string }{
		{"at the root", "", ""},
		{"under a path", "https://example.com/blog/", "/blog"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys, err := txtar.FS(&txtar.Archive{Files: files})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Render(context.Background(), fsys, Config{Now: goldenNow, BaseURL: tt.base})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string][]byte{}
			for _, f := range res.Files {
				out[f.Path] = f.Data
			}
			data := out["search.json"]
			if bytes.Contains(data, []byte("</script")) {
				t.Errorf("search.json holds %q unescaped", "</script")
			}
			ix, films, reviews := decodeSearch(t, data, tt.root)
			page := func(url string) bool {
				p := strings.TrimPrefix(strings.TrimPrefix(url, tt.root), "/") + "index.html"
				_, ok := out[p]
				return ok
			}

			if len(reviews) != len(res.Site.Reviews) {
				t.Fatalf("%d reviews in the index, %d published", len(reviews), len(res.Site.Reviews))
			}
			for i, want := range res.Site.Reviews {
				got := reviews[i] // both newest first
				f := films[got.film]
				wantRating := -1
				if want.Stars != nil {
					wantRating = slices.IndexFunc(ix.G, func(g [3]string) bool { return g[0] == want.Stars.Value })
					if wantRating < 0 || ix.G[wantRating][2] != want.Stars.Label {
						t.Errorf("%s: rating %v, want %s", want.URL, ix.G, want.Stars.Label)
					}
				}
				wantPeople := strings.Join(slices.Concat(want.FilmPage.Director, want.FilmPage.Cast[:min(6, len(want.FilmPage.Cast))]), ", ")
				if want.Author != "" {
					wantPeople += ", by " + want.Author
				}
				if got.url != want.URL || got.title != want.Title || got.date != want.DateISO || got.rating != wantRating ||
					f.title != want.FilmPage.Title || f.year != want.FilmPage.Year || got.filmURL != want.FilmPage.URL ||
					strings.TrimPrefix(got.people, ", ") != strings.TrimPrefix(wantPeople, ", ") {
					t.Errorf("review %d: got %+v of film %+v\nwant %s %q %s rating %d, film %q %d %s, people %q",
						i, got, f, want.URL, want.Title, want.DateISO, wantRating, want.FilmPage.Title, want.FilmPage.Year,
						want.FilmPage.URL, wantPeople)
				}
				if !page(got.url) || !page(got.filmURL) {
					t.Errorf("review %d: %s or %s is not a page of the site", i, got.url, got.filmURL)
				}
			}
			for _, r := range reviews {
				if strings.Contains(r.url, "draft") || strings.Contains(r.url, "future") {
					t.Errorf("%s is in the index", r.url)
				}
			}

			seen := map[string]bool{}
			for _, p := range ix.P {
				if seen[p] {
					t.Errorf("%q is twice in the people table", p)
				}
				seen[p] = true
			}
			// Ann and Bo; Tarkovsky, Soderbergh, Banionis, Bondarchuk (in
			// both Solarises) and Clooney; Zoë Ærø and 6 of 8 cast members.
			if len(ix.P) != 14 {
				t.Errorf("people %q, want 14 names", ix.P)
			}
			var hostile *searchFilm
			for i := range films {
				if films[i].title == evil {
					hostile = &films[i]
				}
			}
			if hostile == nil || hostile.year != 2020 || len(hostile.cast) != 6 {
				t.Errorf("the film called %s: %+v", evil, hostile)
			}
			if !slices.ContainsFunc(reviews, func(r searchReview) bool { return r.title == `"Quotes" & <tags> \ back` }) {
				t.Errorf("a title with quotes, tags and a backslash did not survive: %q", ix.R)
			}
			// Links repeat the film's slug in short: "~-ocean", "~".
			if !bytes.Contains(data, []byte(`"~-ocean"`)) {
				t.Errorf("search.json does not shorten solaris-1972-ocean:\n%s", data)
			}

			html := string(out["search/index.html"])
			for _, want := range []string{
				`data-root="` + tt.root + `"`,
				`data-index="` + tt.root + `/search.json"`,
				`<label class="search-label" for="search-input">`,
				`<input class="search-input" id="search-input" type="search" name="q"`,
				`<noscript>`,
				`<script src="` + tt.root + `/search.js" defer></script>`,
			} {
				if !strings.Contains(html, want) {
					t.Errorf("search/index.html lacks %s", want)
				}
			}
			if len(out["search.js"]) == 0 {
				t.Error("search.js is not in the output")
			}
		})
	}
}
