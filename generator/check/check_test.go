package check

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"ssg/generator/output"
)

// files reads a txtar archive of built files, as Render returns them.
func files(archive string) []output.File {
	var fs []output.File
	for _, f := range txtar.Parse([]byte(archive)).Files {
		fs = append(fs, output.File{Path: f.Name, Data: f.Data})
	}
	return fs
}

// TestSite checks small built sites, each a txtar of output files, and
// compares the problems found, one line each as ssg check prints them.
func TestSite(t *testing.T) {
	tests := []struct {
		name    string
		baseURL string
		archive string
		want    []string
		noLinks bool // no link leads into the site
	}{
		{
			name: "clean",
			archive: `
-- index.html --
<!doctype html><title>x</title>
<link rel="stylesheet" href="/style.css?v=123">
<a href="#main">skip</a><main id="main">
<a href="/films/">films</a> <a href="films/">films</a> <a href="/films">films, no slash</a>
<a href="/films/#list">the list</a> <a href="/">home</a> <a href="">here</a> <a href="#">top</a> <a href="#top">top</a>
<a href="reviews/x/#am%C3%A9lie">encoded</a> <a href="reviews/x/#amélie">as written</a> <a href="/reviews/x/#:~:text=hi">text</a>
<a href="/favicon.svg#star">icon</a> <a href="/index.xml#nothing">feed</a>
<img src="/posters/a-160.jpg" srcset="/posters/a-160.jpg 160w, /posters/a-320.jpg 320w">
<a href="/reviews/x/index.html#legacy">name</a>
</main>
-- films/index.html --
<ul id="list"><li><a href="../reviews/x/">x</a></ul><a href="..">up</a>
-- reviews/x/index.html --
<h2 id="amélie">Amélie</h2><a name="legacy"></a>
<a href="/films/">films</a><a href="./">self</a><a href="../../films/#list">list</a>
-- style.css --
body{}
-- favicon.svg --
<svg xmlns="http://www.w3.org/2000/svg"><symbol id="star"/></svg>
-- index.xml --
<?xml version="1.0"?><rss version="2.0"><channel><link>/</link></channel></rss>
-- posters/a-160.jpg --
-- posters/a-320.jpg --
`,
		},
		{
			name: "broken links and fragments",
			archive: `
-- index.html --
<main id="main"><a href="/films/nope/">nope</a> <a href="/films/nope/">twice</a>
<a href="#nope">nope</a> <a href="/reviews/x/#gone">gone</a> <a href="reviews/y/">y</a>
<img src="/poster.jpg"> <a href="/reviews/x/index.html">ok</a> <a href="/reviews/">no index</a>
<a href="../../../x.html">above the root</a>
<a href="/reviews/x/#main">an id of another page</a>
-- reviews/x/index.html --
<p id="here">x</p>
`,
			want: []string{
				`index.html: link #nope: no element with id "nope" on this page`,
				`index.html: link ../../../x.html: no such page (/x.html)`,
				`index.html: link /films/nope/: no such page`,
				`index.html: link /poster.jpg: no such file`,
				`index.html: link /reviews/: no such page`,
				`index.html: link /reviews/x/#gone: no element with id "gone" in reviews/x/index.html`,
				`index.html: link /reviews/x/#main: no element with id "main" in reviews/x/index.html`,
				`index.html: link reviews/y/: no such page (/reviews/y/)`,
			},
		},
		{
			name:    "base_url with a path",
			baseURL: "https://example.com/blog",
			archive: `
-- index.html --
<a href="/blog/films/">ok</a> <a href="/blog">the root</a> <a href="https://example.com/blog/films/">absolute</a>
<a href="https://EXAMPLE.com:443/blog/films/">same host</a> <a href="http://example.com/blog/films/">http</a>
<a href="//example.com/blog/films/">no scheme</a> <a href="films/">relative</a>
<a href="/films/">outside</a> <a href="https://example.com/other/">another part of the host, not checked</a> <a href="../x/">above</a>
<a href="/blogger/">another folder</a> <a href="https://example.com:8443/blog/films/">another port</a>
-- films/index.html --
`,
			want: []string{
				`index.html: link ../x/: outside the site, whose path is /blog/`,
				`index.html: link /blogger/: outside the site, whose path is /blog/`,
				`index.html: link /films/: outside the site, whose path is /blog/`,
			},
		},
		{
			name:    "a base_url path that needs escaping",
			baseURL: "https://example.com/my%20blog",
			archive: `
-- index.html --
<a href="/my%20blog/films/">ok</a> <a href="films/">ok</a> <a href="/films/">outside</a>
-- films/index.html --
`,
			want: []string{`index.html: link /films/: outside the site, whose path is /my%20blog/`},
		},
		{
			name:    "external links are not followed",
			baseURL: "https://example.com",
			archive: `
-- index.html --
<a href="https://other.org/nope/">other</a> <a href="//cdn.other.org/x.js">cdn</a>
<a href="mailto:me@example.com">mail</a> <a href="tel:+441234">phone</a> <a href="javascript:void(0)">js</a>
<img src="data:image/png;base64,AAAA"> <a href="ftp://example.com/x">ftp</a> <a href="HTTPS://OTHER.ORG/">caps</a>
<a href="mailto:%zz">odd mail</a>
`,
			noLinks: true,
		},
		{
			name: "without base_url, absolute links are not known to be the site's",
			archive: `
-- index.html --
<a href="https://example.com/nope/">maybe the site</a> <a href="//example.com/nope/">no scheme</a>
`,
			noLinks: true,
		},
		{
			name: "every kind of link",
			archive: `
-- base.html --
<head><base href="/sub/"></head>
<a href="a.html">resolved against base</a> <a href="#frag">so is a fragment</a>
-- index.html --
<video poster="sub/nope.jpg" src="sub/clip.mp4"></video>
<picture><source srcset="sub/wide.webp 2x, sub/missing.webp"><img src="sub/a.png" srcset="sub/a.png 1x,sub/b.png 2x"></picture>
<link rel="preload" as="image" imagesrcset="/sub/pre.png 1x">
<form action="/search/"><button formaction="/go/">go</button></form>
<object data="sub/x.pdf"></object><div data="not-a-link"></div>
<blockquote cite="/quoted/">q</blockquote>
<noscript><a href="/noscript/">without scripts</a></noscript>
<script>document.write('<a href="/in-a-script/">')</script>
<!-- <a href="/in-a-comment/"> -->
<svg><use xlink:href="#sprite"></use><use href="/sprite.svg#gone"></use></svg>
-- sub/a.html --
-- sub/clip.mp4 --
-- sub/wide.webp --
-- sub/a.png --
-- sub/b.png --
-- sprite.svg --
<svg><symbol id="star"/></svg>
-- alias.html --
<meta http-equiv="Refresh" content="0; URL='/moved/'">
<meta property="og:image" content="/og.png"><meta name="twitter:image" content="/tw.png">
<meta name="description" content="/not-a-link/">
`,
			want: []string{
				`alias.html: link /moved/: no such page`,
				`alias.html: link /og.png: no such file`,
				`alias.html: link /tw.png: no such file`,
				`base.html: link #frag: no such page (/sub/)`,
				`index.html: link #sprite: no element with id "sprite" on this page`,
				`index.html: link /go/: no such page`,
				`index.html: link /noscript/: no such page`,
				`index.html: link /quoted/: no such page`,
				`index.html: link /search/: no such page`,
				`index.html: link /sprite.svg#gone: no element with id "gone" in sprite.svg`,
				`index.html: link /sub/pre.png: no such file`,
				`index.html: link sub/missing.webp: no such file (/sub/missing.webp)`,
				`index.html: link sub/nope.jpg: no such file (/sub/nope.jpg)`,
				`index.html: link sub/x.pdf: no such file (/sub/x.pdf)`,
			},
		},
		{
			name: "a problem many files share is listed once",
			archive: `
-- index.html --
<a href="/gone/">gone</a>
-- a/index.html --
<a href="/gone/">gone</a><a href="/gone/">twice</a>
-- b/index.html --
<a href="/gone/">gone</a><a href="../nope/">nope</a>
-- c/index.html --
<a href="../nope/">nope</a>
`,
			want: []string{
				`a/index.html: link /gone/: no such page (and in 2 other files)`,
				`b/index.html: link ../nope/: no such page (/nope/) (and in 1 other file)`,
			},
		},
		{
			name: "bad URLs",
			archive: `
-- index.html --
<a href="http://[::1">bad host</a> <a href="/a%zz/">bad escape</a> <a href=" /ok/ ">spaces</a>
<a href="/o
k/">a line break</a> <a href="my page.html">a space</a>
-- ok/index.html --
`,
			want: []string{
				`index.html: link "my page.html": no such page (/my%20page.html)`,
				`index.html: link /a%zz/: not a valid URL`,
				`index.html: link http://[::1: not a valid URL`,
			},
		},
		{
			name:    "feeds, sitemaps and robots.txt",
			baseURL: "https://example.com/blog",
			archive: `
-- index.html --
-- reviews/x/index.html --
<p id="x-fn:1">note</p>
-- index.xml --
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><link>https://example.com/blog/</link>
<atom:link rel="self" href="https://example.com/blog/index.xml"></atom:link>
<description>A channel's is text: &lt;a href="https://example.com/blog/about/"&gt;</description>
<item><link>https://example.com/blog/reviews/x/</link>
<description>An item's is HTML: &lt;a href="https://example.com/blog/about/"&gt;</description>
<guid isPermaLink="true">https://example.com/blog/reviews/x/</guid>
<content:encoded><![CDATA[<a href="#x-fn:1">1</a> <a href="#x-fn:2">2</a> <a href="https://example.com/blog/films/nope/">film</a>]]></content:encoded>
<enclosure url="https://example.com/blog/nope.mp3" type="audio/mpeg"/>
</item>
<item><link>https://example.com/blog/reviews/gone/</link><guid isPermaLink="false">urn:x</guid></item>
</channel></rss>
-- atom.xml --
<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<link rel="self" href="https://example.com/blog/atom.xml"></link>
<id>https://example.com/blog/atom.xml</id>
<entry><link rel="alternate" href="https://example.com/blog/reviews/x/"></link><id>tag:example.com,2024:x</id>
<content type="html">&lt;a href="#x-fn:1"&gt;1&lt;/a&gt; &lt;a href="#x-fn:3"&gt;3&lt;/a&gt;</content>
<summary type="text">&lt;a href="/not-html/"&gt;</summary>
</entry></feed>
-- feed.json --
{"version":"https://jsonfeed.org/version/1.1","home_page_url":"https://example.com/blog/","feed_url":"https://example.com/blog/feed.json",
 "items":[{"id":"https://example.com/blog/reviews/x/","url":"https://example.com/blog/reviews/x/","content_html":"<a href=\"#x-fn:4\">4</a>"},
 {"id":"42","url":"https://example.com/blog/reviews/y/"}]}
-- sitemap.xml --
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.com/blog/</loc></url>
<url><loc>https://example.com/blog/reviews/x/</loc></url></urlset>
-- robots.txt --
User-agent: *
Sitemap: https://example.com/blog/sitemap.xml
sitemap: https://example.com/blog/sitemap-2.xml
-- other.xml --
<opml><body><outline xmlUrl="https://example.com/blog/nope.xml"/></body></opml>
-- search.json --
{"version":"https://jsonfeed.org/version/1.1","items":[{"url":"/nope/"}]}
-- films/x/feed.json --
{"version":"https://jsonfeed.org/version/1.1",
-- static/feed.json --
["a static file named like a feed", "/nope/"]
-- broken.xml --
<rss><channel><link>https://example.com/blog/</link></rss>
`,
			want: []string{
				`atom.xml: link #x-fn:3: no element with id "x-fn:3" in reviews/x/index.html`,
				`broken.xml: not well-formed XML: <channel> closed by </rss>`,
				`feed.json: link #x-fn:4: no element with id "x-fn:4" in reviews/x/index.html`,
				`feed.json: link https://example.com/blog/reviews/y/: no such page`,
				`films/x/feed.json: not valid JSON: unexpected end of JSON input`,
				`index.xml: link #x-fn:2: no element with id "x-fn:2" in reviews/x/index.html`,
				`index.xml: link https://example.com/blog/about/: no such page`,
				`index.xml: link https://example.com/blog/films/nope/: no such page`,
				`index.xml: link https://example.com/blog/nope.mp3: no such file`,
				`index.xml: link https://example.com/blog/reviews/gone/: no such page`,
				`robots.txt: link https://example.com/blog/sitemap-2.xml: no such file`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Site(files(tt.archive), tt.baseURL)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range rep.Problems {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.noLinks && rep.Links != 0 {
				t.Errorf("checked %d links into the site, want none", rep.Links)
			}
			if !tt.noLinks && rep.Links == 0 {
				t.Error("checked no link")
			}
		})
	}
}

func TestBadBaseURL(t *testing.T) {
	for _, base := range []string{"example.com", "ftp://example.com/", "https://"} {
		if _, err := Site(nil, base); err == nil {
			t.Errorf("Site(nil, %q): no error", base)
		}
	}
}
