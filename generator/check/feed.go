package check

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/url"
	"strings"
)

// Feeds, sitemaps and robots.txt hold absolute links (they are read away
// from the site), written only when the site has a base_url; their links
// are checked as a page's are.

// The ways an XML element's text is a link.
const (
	noText   = iota
	linkText // a URL: RSS <link>, a sitemap's <loc>
	idText   // an id that is a URL when absolute: RSS <guid>, Atom <id>
	htmlText // HTML whose links count: RSS <description>, Atom <content type="html">
)

// scanXML reads the links of an RSS or Atom feed or a sitemap (or sitemap
// index), served at base; it reports false for other XML, which is not
// read. An entry's HTML is read once the entry ends, against the entry's
// link, so that its links within the review ("#fn:1") reach the review's
// page.
func (c *checker) scanXML(i int, f *found, data []byte, base *url.URL) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	var (
		read       bool     // the root is a feed's or a sitemap's
		stack      []string // the open elements' local names
		text       strings.Builder
		textKind   = noText
		textDepth  int
		entryDepth = -1 // the depth of the open <item> or <entry>, if any
		entryLink  string
		entryHTML  []string
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(stack) > 0 {
				f.problem("not well-formed XML: %s is never closed", open(stack))
			}
			return read
		}
		if err != nil {
			if !read {
				return false // not XML at all: not a feed
			}
			f.problem("not well-formed XML: %v", err)
			return true
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if !read {
				if name != "rss" && name != "feed" && name != "urlset" && name != "sitemapindex" {
					return false
				}
				read = true
			}
			stack = append(stack, name)
			if (name == "item" || name == "entry") && entryDepth < 0 {
				entryDepth, entryLink, entryHTML = len(stack), "", nil
			}
			var typ, rel, href string
			permalink := true
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "href":
					href = a.Value
					c.link(i, f, a.Value, base)
				case "url":
					c.link(i, f, a.Value, base) // <enclosure url>, <media:content url>
				case "type":
					typ = a.Value
				case "rel":
					rel = a.Value
				case "isPermaLink":
					permalink = a.Value != "false"
				}
			}
			kind := noText
			switch name {
			case "loc", "comments", "icon", "logo":
				kind = linkText
			case "link":
				if href == "" {
					kind = linkText // RSS's; Atom's is its href
				} else if entryDepth == len(stack)-1 && (rel == "" || rel == "alternate") {
					entryLink = href
				}
			case "url":
				if len(stack) > 1 && stack[len(stack)-2] == "image" {
					kind = linkText // an RSS channel's <image>
				}
			case "guid":
				if permalink {
					kind = idText
				}
			case "id":
				kind = idText
			case "description", "encoded":
				if entryDepth >= 0 {
					// An RSS item's <description> and <content:encoded> are
					// HTML; the channel's <description> is text.
					kind = htmlText
				}
			case "content", "summary":
				if typ == "html" {
					kind = htmlText
				}
			}
			if textKind == noText && kind != noText {
				textKind, textDepth = kind, len(stack)
				text.Reset()
			}
		case xml.CharData:
			if textKind != noText {
				text.Write(t)
			}
		case xml.EndElement:
			// RawToken, quicker than Token, leaves this to its caller.
			if len(stack) == 0 || stack[len(stack)-1] != t.Name.Local {
				f.problem("not well-formed XML: %s closed by </%s>", open(stack), t.Name.Local)
				return true
			}
			if textKind != noText && len(stack) == textDepth {
				s := text.String()
				switch textKind {
				case linkText:
					c.link(i, f, s, base)
					if stack[len(stack)-1] == "link" && entryDepth == len(stack)-1 {
						entryLink = s
					}
				case idText:
					if u, err := url.Parse(clean(s)); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
						c.link(i, f, s, base)
					}
				case htmlText:
					entryHTML = append(entryHTML, s)
				}
				textKind = noText
			}
			if len(stack) == entryDepth {
				c.entryHTML(i, f, entryHTML, entryLink, base)
				entryDepth, entryLink, entryHTML = -1, "", nil
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// open names the innermost open element of stack.
func open(stack []string) string {
	if len(stack) == 0 {
		return "nothing"
	}
	return "<" + stack[len(stack)-1] + ">"
}

// entryHTML checks the links of a feed entry's HTML, resolved against the
// entry's link when it has one, else against the feed's URL.
func (c *checker) entryHTML(i int, f *found, docs []string, link string, base *url.URL) {
	if len(docs) == 0 {
		return
	}
	if u, err := url.Parse(clean(link)); link != "" && err == nil {
		base = base.ResolveReference(u)
	}
	for _, doc := range docs {
		links, _ := pageLinks([]byte(doc), map[string]struct{}{})
		for _, l := range links {
			c.link(i, f, l, base)
		}
	}
}

// jsonFeed is what a JSON Feed (1.0 or 1.1) holds of links.
type jsonFeed struct {
	Version     string `json:"version"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Icon        string `json:"icon"`
	Favicon     string `json:"favicon"`
	Items       []struct {
		ID          any    `json:"id"` // a string in 1.1; an id, a URL only when absolute
		URL         string `json:"url"`
		ExternalURL string `json:"external_url"`
		Image       string `json:"image"`
		BannerImage string `json:"banner_image"`
		ContentHTML string `json:"content_html"`
		Attachments []struct {
			URL string `json:"url"`
		} `json:"attachments"`
	} `json:"items"`
}

// scanJSONFeed reads the links of a JSON Feed at base; it reports false
// for a file that is not one.
func (c *checker) scanJSONFeed(i int, f *found, data []byte, base *url.URL) bool {
	var feed jsonFeed
	if err := json.Unmarshal(data, &feed); err != nil {
		if json.Valid(data) {
			return false // JSON, but not a feed
		}
		f.problem("not valid JSON: %v", err)
		return true
	}
	if !strings.HasPrefix(feed.Version, "https://jsonfeed.org/version/") {
		return false
	}
	for _, l := range []string{feed.HomePageURL, feed.FeedURL, feed.Icon, feed.Favicon} {
		c.link(i, f, l, base)
	}
	for _, it := range feed.Items {
		if id, ok := it.ID.(string); ok {
			if u, err := url.Parse(clean(id)); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
				c.link(i, f, id, base)
			}
		}
		for _, l := range []string{it.URL, it.ExternalURL, it.Image, it.BannerImage} {
			c.link(i, f, l, base)
		}
		for _, a := range it.Attachments {
			c.link(i, f, a.URL, base)
		}
		c.entryHTML(i, f, []string{it.ContentHTML}, it.URL, base)
	}
	return true
}

// scanRobots reads the Sitemap lines of robots.txt.
func (c *checker) scanRobots(i int, f *found, data []byte, base *url.URL) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if len(line) > 8 && strings.EqualFold(line[:8], "sitemap:") {
			c.link(i, f, line[8:], base)
		}
	}
}
