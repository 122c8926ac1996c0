package generator

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestSpoilersStayOnTheirPage builds a site whose reviews hide words in
// every kind of spoiler, and in every place a summary, pull quote, heading
// id or feed could take them from, with the default theme. Each word must
// be on its review's page, in its body, and nowhere else: not in the
// page's head (meta description, JSON-LD), not in cards, feeds,
// search.json or the sitemap.
func TestSpoilersStayOnTheirPage(t *testing.T) {
	fsys, err := txtar.FS(txtar.Parse([]byte(`
-- ssg.toml --
base_url = "https://example.com/"
-- content/reviews/lead.md --
---
title: Lead
film: Paris, Texas
year: 1984
rating: 4/4
date: 2024-05-01
author: Ann
---
The first paragraph, the summary, ends when ||Travis xleadsecretx leaves||.

:::spoiler What happens in the booth
He xblocksecretx, and she listens.
:::

The end.||A note.[^1]||

[^1]: The note xnotesecretx.
-- content/reviews/more.md --
---
title: More
film: Solaris
year: 1972
rating: 3/4
date: 2024-05-02
author: Ann
---
Before the fold, ||Kris xmoresecretx||.

<!--more-->

> [!pullquote]
> The ocean ||xquotesecretx|| remembers.
-- content/reviews/quote.md --
---
title: Quote
film: Alien
year: 1979
rating: 3/4
date: 2024-05-03
author: Ann
---
## The twist: ||xheadsecretx||

:::spoiler
> [!pullquote]
> Hidden xpullsecretx quote.
:::

> [!pullquote]
> The shown quote.
-- content/reviews/front.md --
---
title: Front
film: Vertigo
year: 1958
rating: 4/4
date: 2024-05-04
author: Ann
summary: "Hitchcock's best, and ||she xsumsecretx twice||."
pullquote: "She ||xpqsecretx falls|| twice."
---
The body.
`)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Render(context.Background(), fsys, Config{Now: goldenNow})
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string][]string{
		"reviews/lead/index.html":  {"xleadsecretx", "xblocksecretx", "xnotesecretx"},
		"reviews/more/index.html":  {"xmoresecretx", "xquotesecretx"},
		"reviews/quote/index.html": {"xheadsecretx", "xpullsecretx"},
	}
	head := regexp.MustCompile(`(?s)<head>.*</head>`)
	main := regexp.MustCompile(`(?s)<main.*</main>`)
	out := map[string]string{}
	for _, f := range res.Files {
		out[f.Path] = strings.ToLower(string(f.Data))
	}
	for page, words := range secrets {
		html, ok := out[page]
		if !ok {
			t.Fatalf("no %s", page)
		}
		for _, w := range words {
			if !strings.Contains(main.FindString(html), w) {
				t.Errorf("%s does not show %s", page, w)
			}
			if strings.Contains(head.FindString(html), w) {
				t.Errorf("the head of %s tells %s:\n%s", page, w, head.FindString(html))
			}
		}
	}
	for path, data := range out {
		for page, words := range secrets {
			if path == page {
				continue
			}
			for _, w := range words {
				if i := strings.Index(data, w); i >= 0 {
					t.Errorf("%s tells %s, a spoiler of %s: …%s…", path, w, page, data[max(0, i-80):min(len(data), i+40)])
				}
			}
		}
	}

	// A front matter's summary and pull quote are plain text, shown away
	// from the page too: their inline spoilers reach no file.
	for path, data := range out {
		for _, w := range []string{"xsumsecretx", "xpqsecretx"} {
			if i := strings.Index(data, w); i >= 0 {
				t.Errorf("%s tells %s, a spoiler of a front matter: …%s…", path, w, data[max(0, i-80):min(len(data), i+40)])
			}
		}
	}

	// What the other pages show instead.
	for _, want := range []struct{ path, text string }{
		{"reviews/lead/index.html", `<meta name="description" content="the first paragraph, the summary, ends when …."`},
		{"reviews/more/index.html", `<meta name="description" content="before the fold, …."`},
		{"index.html", `<blockquote class="card-quote"><p>the ocean … remembers.</p></blockquote>`},
		{"index.html", `<blockquote class="card-quote"><p>the shown quote.</p></blockquote>`},
		{"index.html", `<blockquote class="card-quote"><p>she … twice.</p></blockquote>`},
		{"reviews/front/index.html", `<meta name="description" content="hitchcock&#39;s best, and ….">`},
		{"index.xml", "[spoiler hidden: what happens in the booth]"},
		{"feed.json", `<em class=\"spoiler-hidden\">[spoiler hidden]</em>`},
		{"reviews/quote/index.html", `<h2 id="the-twist">`},
	} {
		if !strings.Contains(out[want.path], want.text) {
			t.Errorf("%s lacks %s", want.path, want.text)
		}
	}
}
