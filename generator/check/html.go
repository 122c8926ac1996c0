package check

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// scanHTML reads the ids and links of page i, served at base, with an
// HTML5 tokenizer. The links are checked once the page is read, so that
// a <base href> applies to all of them.
func (c *checker) scanHTML(i int, f *found, data []byte, base *url.URL) {
	f.ids = map[string]struct{}{}
	links, baseHref := pageLinks(data, f.ids)
	if baseHref != "" {
		if u, err := url.Parse(clean(baseHref)); err == nil {
			base = base.ResolveReference(u)
		} else {
			f.problem("base %s: not a valid URL", show(clean(baseHref)))
		}
	}
	for _, l := range links {
		c.link(i, f, l, base)
	}
}

// pageLinks returns the links of an HTML page, as written, and the href of
// its first <base>; it adds the page's ids and anchors' names to ids.
func pageLinks(data []byte, ids map[string]struct{}) (links []string, base string) {
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return links, base // io.EOF: a bytes.Reader has no other error
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		tag := string(name)
		if tag == "noscript" && tt == html.StartTagToken {
			// What a browser without scripts shows: its links count.
			z.NextIsNotRawText()
		}
		var meta struct{ name, content, equiv string }
		for more {
			var key, val []byte
			key, val, more = z.TagAttr()
			switch string(key) {
			case "id":
				ids[string(val)] = struct{}{}
			case "name":
				switch tag {
				case "a":
					ids[string(val)] = struct{}{}
				case "meta":
					meta.name = strings.ToLower(string(val))
				}
			case "property":
				if tag == "meta" {
					meta.name = strings.ToLower(string(val))
				}
			case "content":
				meta.content = string(val)
			case "http-equiv":
				meta.equiv = strings.ToLower(string(val))
			case "href", "xlink:href":
				if tag == "base" {
					if base == "" {
						base = string(val)
					}
					continue
				}
				links = append(links, string(val))
			case "src", "poster", "action", "formaction", "cite":
				links = append(links, string(val))
			case "data":
				if tag == "object" {
					links = append(links, string(val))
				}
			case "srcset", "imagesrcset":
				links = append(links, parseSrcset(string(val))...)
			}
		}
		if tag != "meta" {
			continue
		}
		switch {
		case meta.equiv == "refresh":
			if u, ok := parseRefresh(meta.content); ok {
				links = append(links, u)
			}
		case metaLinks[meta.name]:
			links = append(links, meta.content)
		}
	}
}

// metaLinks are the <meta> properties and names whose content is a URL
// that link previews fetch.
var metaLinks = map[string]bool{
	"og:url": true, "og:image": true, "og:image:url": true, "og:image:secure_url": true,
	"og:video": true, "og:video:url": true, "og:video:secure_url": true, "og:audio": true,
	"twitter:image": true, "twitter:image:src": true,
}

// svgIDs returns the ids of an SVG picture, which a link's fragment may
// name (an icon sprite's symbols).
func svgIDs(data []byte) map[string]struct{} {
	ids := map[string]struct{}{}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ids
		case html.StartTagToken, html.SelfClosingTagToken:
			_, more := z.TagName()
			for more {
				var key, val []byte
				key, val, more = z.TagAttr()
				if string(key) == "id" {
					ids[string(val)] = struct{}{}
				}
			}
		}
	}
}
