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
title = "Reels"
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
	type person struct {
		Type string `json:"@type"`
		Name string
	}
	type thing struct {
		Type            string `json:"@type"`
		Context         string `json:"@context"`
		Name, URL       string
		Headline        string
		About           *thing
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
		want := ldWant(f.Path)
		if len(scripts) == 0 {
			if want != "" {
				t.Errorf("%s has no JSON-LD, want a %s", f.Path, want)
			}
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
		if v.Type != want {
			t.Errorf("%s: JSON-LD of @type %q, want %q", f.Path, v.Type, want)
		}
		switch v.Type {
		case "Review":
			if v.Author == nil || v.Author.Name == "" || v.DatePublished == "" || v.ItemReviewed == nil ||
				v.ItemReviewed.Type != "Movie" || v.ItemReviewed.Name == "" || !strings.HasPrefix(v.URL, "https://example.com/reviews/") {
				t.Errorf("%s: incomplete Review %+v", f.Path, v)
			}
			if v.ReviewRating == nil || v.ReviewRating.RatingValue == "" || v.ReviewRating.BestRating != "4" || v.ReviewRating.WorstRating != "0" {
				t.Errorf("%s: rating %+v, want a value out of 4 from 0", f.Path, v.ReviewRating)
			}
			if v.Name == "Second look" && (v.Author == nil || v.Author.Type != "Organization" || v.Author.Name != "Reels") {
				t.Errorf("%s: author %+v, want the blog (Organization Reels) for a review without one", f.Path, v.Author)
			}
			if v.Name == "Evil" && v.ItemReviewed.Name != evil {
				t.Errorf("%s: film name read back as %q", f.Path, v.ItemReviewed.Name)
			}
			if v.Name == "First look" && (v.ItemReviewed.DateCreated != "1972" || len(v.ItemReviewed.Director) != 1 || v.ItemReviewed.Image != "https://example.com/images/solaris.jpg") {
				t.Errorf("%s: movie %+v, want its year and director", f.Path, v.ItemReviewed)
			}
		case "BlogPosting":
			// The unrated review: no rating, so no Review to Google.
			if v.Headline != "Unrated" || v.Author == nil || v.DatePublished == "" || v.About == nil || v.About.Name != "Solaris" || v.ReviewRating != nil {
				t.Errorf("%s: BlogPosting %+v, want the unrated review about Solaris", f.Path, v)
			}
		case "Movie":
			if v.Name == "Solaris" {
				a := v.AggregateRating
				if a == nil || a.RatingCount != 2 || a.RatingValue != "2.75" || a.BestRating != "4" || a.WorstRating != "0" || len(v.Review) != 2 {
					t.Errorf("%s: Movie %+v, aggregate %+v: want 2 ratings averaging 2.75 of 4, and the 2 rated reviews", f.Path, v, a)
				}
			}
			for _, r := range v.Review {
				if r.Author == nil || r.Author.Name == "" {
					t.Errorf("%s: the film's review %q has no author", f.Path, r.Name)
				}
				if r.ReviewRating == nil || r.ReviewRating.BestRating != "4" {
					t.Errorf("%s: the film's review %q has rating %+v", f.Path, r.Name, r.ReviewRating)
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
	if seen["Review"] != 3 || seen["BlogPosting"] != 1 || seen["Movie"] != 2 || seen["ItemList"] == 0 {
		t.Errorf("JSON-LD types seen: %v, want 3 reviews, 1 blog post, 2 movies and lists", seen)
	}
}

// ldWant is the JSON-LD @type a page of TestJSONLD's site must carry, by
// its file: every list page an ItemList.
func ldWant(path string) string {
	switch {
	case path == "404.html" || path == "search/index.html":
		return ""
	case path == "reviews/c/index.html":
		return "BlogPosting"
	case strings.HasPrefix(path, "reviews/"):
		return "Review"
	case strings.HasPrefix(path, "films/") && !strings.HasPrefix(path, "films/page/") && path != "films/index.html":
		return "Movie"
	}
	return "ItemList"
}
