package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"

	"ssg/generator/site"
)

// SitemapURL is one page of a sitemap.
type SitemapURL struct {
	Loc     string // absolute URL
	Lastmod string // "2024-05-01": the newest review the page shows
}

// sitemapLimit is the most URLs one sitemap file may list (sitemaps.org);
// a larger site gets sitemap-N.xml files and /sitemap.xml indexes them.
const sitemapLimit = 50000

// sitemapPages adds /sitemap.xml, listing every HTML page of jobs but the
// 404 page, and /robots.txt pointing to it. A sitemap needs absolute URLs,
// so a site without base_url gets robots.txt alone, as does a list of
// some pages only (partial).
func sitemapPages(s *site.Site, info *Info, encoded func(name string, p *Page, encode encoder), jobs []job, partial bool) {
	root := info.Root
	if info.BaseURL != "" && !partial {
		urls := sitemapURLs(s, jobs)
		if len(urls) <= sitemapLimit {
			encoded("sitemap", &Page{Kind: "sitemap", URL: root + "/sitemap.xml", Sitemap: urls}, encodeSitemap)
		} else {
			var parts []SitemapURL
			for n := 0; n*sitemapLimit < len(urls); n++ {
				part := urls[n*sitemapLimit : min((n+1)*sitemapLimit, len(urls))]
				url := fmt.Sprintf("%s/sitemap-%d.xml", root, n+1)
				encoded("sitemap", &Page{Kind: "sitemap", URL: url, Sitemap: part}, encodeSitemap)
				parts = append(parts, SitemapURL{Loc: info.BaseURL + strings.TrimPrefix(url, root), Lastmod: newest(part)})
			}
			encoded("sitemap index", &Page{Kind: "sitemap-index", URL: root + "/sitemap.xml", Sitemap: parts}, encodeSitemapIndex)
		}
	}
	encoded("robots", &Page{Kind: "robots", URL: root + "/robots.txt"}, encodeRobots)
}

// sitemapURLs lists every HTML page of jobs but the 404 page, with the
// date of the newest review each shows.
func sitemapURLs(s *site.Site, jobs []job) []SitemapURL {
	urls := make([]SitemapURL, 0, len(jobs))
	for _, j := range jobs {
		if inSitemap(j) {
			urls = append(urls, SitemapURL{Loc: j.page.Permalink, Lastmod: lastmod(s, j.page)})
		}
	}
	return urls
}

// inSitemap reports whether the sitemap lists the page of j.
func inSitemap(j job) bool {
	// Drafts show with --drafts, as a preview: never to crawlers.
	return j.encode == nil && j.page.Kind != "404" && !j.page.Drafts
}

// onlyDrafts reports whether every review p shows is a draft: its review,
// its film's reviews, its list of reviews, or its list of films' reviews.
// A page that shows no review (an index of terms, the search page) is not.
func onlyDrafts(p *Page) bool {
	drafts := func(rs []*site.Review) bool {
		for _, r := range rs {
			if !r.Draft {
				return false
			}
		}
		return len(rs) > 0
	}
	switch {
	case p.Review != nil:
		return p.Review.Draft
	case p.Film != nil:
		return drafts(p.Film.Reviews)
	case len(p.Reviews) > 0:
		return drafts(p.Reviews)
	case len(p.Films) > 0:
		for _, f := range p.Films {
			if !drafts(f.Reviews) {
				return false
			}
		}
		return true
	}
	return false
}

// lastmod is the date of the newest review a page shows.
func lastmod(s *site.Site, p *Page) string {
	var newest *site.Review
	later := func(r *site.Review) {
		if newest == nil || r.Date.After(newest.Date) {
			newest = r
		}
	}
	switch {
	case p.Review != nil:
		later(p.Review)
	case p.Film != nil:
		for _, r := range p.Film.Reviews {
			later(r)
		}
	case len(p.Reviews) > 0:
		for _, r := range p.Reviews {
			later(r)
		}
	case len(p.Films) > 0:
		for _, f := range p.Films {
			for _, r := range f.Reviews {
				later(r)
			}
		}
	case siteDated(p) && len(s.Reviews) > 0:
		later(s.Reviews[0])
	}
	if newest == nil || newest.Date.IsZero() {
		return ""
	}
	return newest.DateISO // its date as "2006-01-02"
}

// siteDated reports whether lastmod dates p by the site's newest review:
// p shows no review or film of its own.
func siteDated(p *Page) bool {
	return p.Review == nil && p.Film == nil && len(p.Reviews) == 0 && len(p.Films) == 0
}

// newest is the latest lastmod of urls.
func newest(urls []SitemapURL) string {
	m := ""
	for _, u := range urls {
		m = max(m, u.Lastmod)
	}
	return m
}

// sitemapNS is the namespace of sitemaps and sitemap indexes.
const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

func encodeSitemap(p *Page) ([]byte, error) { return encodeURLs("urlset", "url", p.Sitemap), nil }

func encodeSitemapIndex(p *Page) ([]byte, error) {
	return encodeURLs("sitemapindex", "sitemap", p.Sitemap), nil
}

// encodeURLs writes a sitemap (set "urlset", item "url") or a sitemap
// index ("sitemapindex", "sitemap") as encoding/xml would indent it, an
// element per URL with its loc and, when known, its lastmod. Written by
// hand: a 10,000-review site lists 29,000 pages, and xml.Encoder took
// fifteen times as long (TestEncodeURLsMatchesEncodingXML).
func encodeURLs(set, item string, urls []SitemapURL) []byte {
	b := make([]byte, 0, 128*len(urls)+256)
	b = append(b, xml.Header...)
	b = append(b, "<"+set+` xmlns="`+sitemapNS+`">`...)
	for _, u := range urls {
		b = append(b, "\n  <"+item+">\n    <loc>"...)
		b = appendXMLText(b, u.Loc)
		b = append(b, "</loc>"...)
		if u.Lastmod != "" {
			b = append(b, "\n    <lastmod>"...)
			b = appendXMLText(b, u.Lastmod)
			b = append(b, "</lastmod>"...)
		}
		b = append(b, "\n  </"+item+">"...)
	}
	if len(urls) > 0 {
		b = append(b, '\n')
	}
	return append(b, "</"+set+">\n"...)
}

// xmlPlain marks the bytes xml.EscapeText writes as they are.
var xmlPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune(`"&'<>`, rune(c))
	}
	return t
}()

// appendXMLText appends s escaped as xml.EscapeText escapes it.
func appendXMLText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !xmlPlain[s[i]] {
			var w bytes.Buffer
			xml.EscapeText(&w, []byte(s)) // writes to memory: cannot fail
			return append(b, w.Bytes()...)
		}
	}
	return append(b, s...)
}

// encodeRobots allows every crawler everywhere and names the sitemap.
func encodeRobots(p *Page) ([]byte, error) {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	if p.Site.BaseURL != "" {
		fmt.Fprintf(&b, "\nSitemap: %s/sitemap.xml\n", p.Site.BaseURL)
	}
	return []byte(b.String()), nil
}
