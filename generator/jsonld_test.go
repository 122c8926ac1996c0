package generator

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// TestJSONLD decodes the structured data of every page of a test site and
// checks what Google's review snippets and movie results require: on
// review pages a Review with author, date, the Movie it reviews and a
// rating with its best and worst values; on film pages a Movie with an
// aggregate rating from this site's reviews and the reviews themselves;
// on list pages an ItemList. A film named to break out of the script
// element stays inside it.
func TestJSONLD(t *testing.T) {
	const evil = `</script><script>alert(1)</script>`
	fsys, err := txtar.FS(txtar.Parse([]byte(`
-- content/reviews/a.md --
---
title: First look
film: Solaris
year: 1972
director: Andrei Tarkovsky
rating: 3.5/4
poster: /images/solaris.jpg
date: 2024-01-02
author: Ann Lee
---
Body.
-- content/reviews/b.md --
---
title: Second look
film: Solaris
year: 1972
rating: 2/4
date: 2024-02-03
author: Bo Chan
---
Body.
-- content/reviews/c.md --
---
title: Unrated
film: Solaris
year: 1972
date: 2024-03-04
author: Cy Diaz
---
Body.
-- content/reviews/evil.md --
---
title: Evil
film: "` + evil + `"
rating: 1/4
date: 2024-04-05
author: Mallory
---
Body.
-- ssg.toml --
base_url = "https://example.com/"
per_page = 2
`)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Render(context.Background(), fsys, Config{Now: goldenNow})
	if err != nil {
		t.Fatal(err)
	}
	type rating struct{ RatingValue, BestRating, WorstRating string }
	type person struct{ Name string }
	type thing struct {
		Type            string `json:"@type"`
		Context         string `json:"@context"`
		Name, URL       string
		Author          *person
		DatePublished   string
		DateCreated     string
		Director        []person
		ItemReviewed    *thing
		Image           string
		ReviewRating    *rating
		AggregateRating *struct {
			RatingValue, BestRating, WorstRating string
			RatingCount                          int
		}
		Review          []thing
		ItemListElement []struct {
			Position int
			URL      string
		}
	}
	seen := map[string]int{}
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		html := string(f.Data)
		for _, tag := range []string{`<link rel="canonical" href="https://example.com/`, `<meta property="og:title" content="`,
			`<meta property="og:url" content="https://example.com/`, `<meta property="og:description" content="`, `<meta name="twitter:card" content="`} {
			if !strings.Contains(html, tag) {
				t.Errorf("%s lacks %s", f.Path, tag)
			}
		}
		poster := `<meta property="og:image" content="https://example.com/images/solaris.jpg">`
		if wantPoster := f.Path == "reviews/a/index.html" || f.Path == "films/solaris/index.html"; strings.Contains(html, poster) != wantPoster {
			t.Errorf("%s: og:image present %v, want %v", f.Path, !wantPoster, wantPoster)
		}
		if strings.Contains(html, "<script>alert(1)") {
			t.Errorf("%s: the evil film name broke out of its element", f.Path)
		}
		scripts := ldScript.FindAllStringSubmatch(html, -1)
		if len(scripts) > 1 {
			t.Errorf("%s has %d JSON-LD scripts", f.Path, len(scripts))
		}
		if len(scripts) == 0 {
			continue
		}
		var v thing
		if err := json.Unmarshal([]byte(scripts[0][1]), &v); err != nil {
			t.Fatalf("%s: %v\n%s", f.Path, err, scripts[0][1])
		}
		if v.Context != "https://schema.org" {
			t.Errorf("%s: @context %q", f.Path, v.Context)
		}
		seen[v.Type]++
		switch v.Type {
		case "Review":
			if v.Author == nil || v.Author.Name == "" || v.DatePublished == "" || v.ItemReviewed == nil ||
				v.ItemReviewed.Type != "Movie" || v.ItemReviewed.Name == "" || !strings.HasPrefix(v.URL, "https://example.com/reviews/") {
				t.Errorf("%s: incomplete Review %+v", f.Path, v)
			}
			if v.Name != "Unrated" && (v.ReviewRating == nil || v.ReviewRating.RatingValue == "" || v.ReviewRating.BestRating != "4" || v.ReviewRating.WorstRating != "0") {
				t.Errorf("%s: rating %+v, want a value out of 4 from 0", f.Path, v.ReviewRating)
			}
			if v.Name == "Unrated" && v.ReviewRating != nil {
				t.Errorf("%s: an unrated review has a rating", f.Path)
			}
			if v.Name == "Evil" && v.ItemReviewed.Name != evil {
				t.Errorf("%s: film name read back as %q", f.Path, v.ItemReviewed.Name)
			}
			if v.Name == "First look" && (v.ItemReviewed.DateCreated != "1972" || len(v.ItemReviewed.Director) != 1 || v.ItemReviewed.Image != "https://example.com/images/solaris.jpg") {
				t.Errorf("%s: movie %+v, want its year and director", f.Path, v.ItemReviewed)
			}
		case "Movie":
			if v.Name == "Solaris" {
				a := v.AggregateRating
				if a == nil || a.RatingCount != 2 || a.RatingValue != "2.75" || a.BestRating != "4" || a.WorstRating != "0" || len(v.Review) != 3 {
					t.Errorf("%s: Movie %+v, aggregate %+v: want 2 ratings averaging 2.75 of 4, and 3 reviews", f.Path, v, a)
				}
			}
		case "ItemList":
			for i, item := range v.ItemListElement {
				if i > 0 && item.Position != v.ItemListElement[i-1].Position+1 || !strings.HasPrefix(item.URL, "https://example.com/") {
					t.Errorf("%s: list item %d: %+v", f.Path, i, item)
				}
			}
			if strings.HasSuffix(f.Path, "page/2/index.html") && (len(v.ItemListElement) == 0 || v.ItemListElement[0].Position != 3) {
				t.Errorf("%s: the second page's list starts at %+v, want position 3", f.Path, v.ItemListElement)
			}
		default:
			t.Errorf("%s: unexpected @type %q", f.Path, v.Type)
		}
	}
	if seen["Review"] != 4 || seen["Movie"] != 2 || seen["ItemList"] == 0 {
		t.Errorf("JSON-LD types seen: %v, want 4 reviews, 2 movies and lists", seen)
	}
}
