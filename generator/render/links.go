package render

import (
	"html"
	"net/url"
	"strings"

	xhtml "golang.org/x/net/html"
)

// absoluteLinks resolves the relative links and images of a review's HTML
// against its permalink: a feed reader shows them away from the site.
// Links within the page (footnotes: "#fn:1") are kept. The HTML is
// goldmark's, which quotes every attribute with double quotes and escapes
// them in text, so each `="` opens an attribute value that the next `"`
// closes; the values of href and src attributes are resolved.
func absoluteLinks(body, permalink string) string {
	var b strings.Builder
	writeAbsoluteLinks(&b, body, permalink)
	return b.String()
}

// writeAbsoluteLinks writes what absoluteLinks returns to b.
func writeAbsoluteLinks(b *strings.Builder, body, permalink string) {
	base, err := url.Parse(permalink)
	if err != nil {
		b.WriteString(body)
		return
	}
	copied := 0 // body[:copied] is in b
	for i := 0; ; {
		eq := strings.Index(body[i:], `="`)
		if eq < 0 {
			break
		}
		start := i + eq + 2
		n := strings.IndexByte(body[start:], '"')
		if n < 0 {
			break
		}
		end := start + n
		i = end + 1
		if !linkAttr(body[:start-2]) {
			continue
		}
		raw := html.UnescapeString(body[start:end])
		if raw == "" || strings.HasPrefix(raw, "#") {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || u.IsAbs() {
			continue
		}
		b.WriteString(body[copied:start])
		b.WriteString(html.EscapeString(base.ResolveReference(u).String()))
		copied = end
	}
	b.WriteString(body[copied:])
}

// linkAttr reports whether s ends with an attribute name whose value is a
// link, href or src, after white space.
func linkAttr(s string) bool {
	for _, name := range [...]string{"href", "src"} {
		if rest, ok := strings.CutSuffix(s, name); ok && rest != "" && strings.ContainsRune(" \t\n\r\f", rune(rest[len(rest)-1])) {
			return true
		}
	}
	return false
}

// writeAbsoluteLinksHTML is writeAbsoluteLinks for HTML written by hand
// (ssg.toml's unsafe_html lets a review's raw HTML through), whose
// attributes may be quoted either way or not at all: it reads the body
// with an HTML5 tokenizer and resolves href, src, poster and each URL of
// srcset. A tag with a link to resolve is written again from its tokens;
// everything else is copied as it was.
func writeAbsoluteLinksHTML(b *strings.Builder, body, permalink string) {
	base, err := url.Parse(permalink)
	if err != nil {
		b.WriteString(body)
		return
	}
	resolve := func(raw string) (string, bool) {
		raw = strings.TrimSpace(raw)
		if raw == "" || strings.HasPrefix(raw, "#") {
			return "", false
		}
		u, err := url.Parse(raw)
		if err != nil || u.IsAbs() {
			return "", false
		}
		return base.ResolveReference(u).String(), true
	}
	z := xhtml.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return // io.EOF: a strings.Reader has no other error
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			b.Write(z.Raw())
			continue
		}
		raw := string(z.Raw()) // before Token, which may lower its case in place
		tok := z.Token()
		changed := false
		for i, a := range tok.Attr {
			if a.Namespace != "" {
				continue
			}
			switch a.Key {
			case "href", "src", "poster":
				if v, ok := resolve(a.Val); ok {
					tok.Attr[i].Val, changed = v, true
				}
			case "srcset":
				if v, ok := resolveSrcset(a.Val, resolve); ok {
					tok.Attr[i].Val, changed = v, true
				}
			}
		}
		if changed {
			b.WriteString(tok.String())
		} else {
			b.WriteString(raw)
		}
	}
}

// resolveSrcset resolves each URL of a srcset value ("a.png 1x, b.png
// 2x"), reporting whether any changed.
func resolveSrcset(v string, resolve func(string) (string, bool)) (string, bool) {
	parts := strings.Split(v, ",")
	changed := false
	for i, p := range parts {
		fields := strings.Fields(p)
		if len(fields) == 0 {
			continue
		}
		if abs, ok := resolve(fields[0]); ok {
			fields[0], changed = abs, true
			parts[i] = strings.Join(fields, " ")
		}
	}
	return strings.Join(parts, ", "), changed
}
