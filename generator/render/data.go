package render

import "ssg/generator/site"

// Page is what every layout receives as its dot.
type Page struct {
	Site        *Info
	Nav         *Nav   // the main navigation's state, shared by pages in the same one
	Kind        string // "home", "review", "film", "films", "rating", "ratings", "terms", "term", "search", "404"; encoded pages: "rss", "atom", "jsonfeed", "sitemap", "sitemap-index", "robots", "alias", "search-index"
	Title       string // the page's own title; the site title is added by base.html
	URL         string // root-relative URL of the page: "/reviews/x/"
	Permalink   string // absolute URL when base_url is set, else URL
	Description string // one plain-text sentence for <meta name="description">
	// Drafts is set when every review the page shows is a draft (with
	// --drafts): a page that exists only for the preview, which crawlers
	// are told not to index and the sitemap leaves out.
	Drafts bool

	Review    *site.Review    // review pages
	Film      *site.Film      // film pages
	Bucket    *site.Bucket    // rating pages: the rating and its Count; its Reviews is empty, the page's are in Reviews
	Reviews   []*site.Review  // the reviews listed on this page (home, rating pages)
	Films     []*site.Film    // the films listed on this page of the films index
	Histogram *site.Histogram // ratings index
	Pager     *Pager          // list pages with more than one page; nil otherwise
	Sitemap   []SitemapURL    // sitemap pages: the pages they list
	Taxonomy  *site.Taxonomy  // browse pages: the taxonomy without its Terms; its Count only on the index pages
	Term      *site.Term      // term pages: the term without its Reviews (the page's are in Reviews)
	Terms     []*site.Term    // the terms listed on this page of a taxonomy's index, without their Reviews
}

// Info describes the whole site, the same for every page.
type Info struct {
	Title    string
	BaseURL  string // as configured, without a trailing slash; may be empty
	Root     string // the path part of base_url, prefixed to every URL: "" or "/blog"
	Language string
	RawHTML  bool   // reviews' raw HTML is let through (ssg.toml: [markdown] unsafe_html)
	CSS      string // URL of the stylesheet with a content hash: "/style.css?v=…"; the theme's unless the site gives its own
	Model    *site.Site
	Reviews  int // how many reviews are published
	Films    int
	Scale    string // the scale's maximum: "4"
	PerPage  int    // items per list page
}

// Pager links the pages of one list.
type Pager struct {
	Number int // 1-based
	Total  int
	Prev   string     // URL; empty on the first page
	Next   string     // URL; empty on the last page
	Links  []PageLink // the first, the last and the pages near Number
	// PrevText and NextText name the steps: "Newer" and "Older" for
	// reviews, "Previous" and "Next" for films.
	PrevText, NextText string
}

// PageLink is one numbered link of a pager, or a gap where numbers are
// skipped.
type PageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool // an ellipsis, with no Number or URL
}
