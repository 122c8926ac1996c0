package render

import (
	"bytes"
	"encoding/xml"
	"html"
	"html/template"
	"testing"
	"time"

	"ssg/generator/site"
)

// The feeds as encoding/xml wrote them before xmlWriter: the oracle of
// TestFeedsMatchEncodingXML.

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	AtomNS    string     `xml:"xmlns:atom,attr"`
	ContentNS string     `xml:"xmlns:content,attr"`
	DCNS      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string      `xml:"title"`
	Link          string      `xml:"link"`
	Description   string      `xml:"description"`
	Language      string      `xml:"language,omitempty"`
	LastBuildDate string      `xml:"lastBuildDate,omitempty"`
	Self          xmlAtomLink `xml:"atom:link"`
	Items         []rssItem   `xml:"item"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Creator     string   `xml:"dc:creator,omitempty"`
	Description string   `xml:"description"`
	Content     xmlCDATA `xml:"content:encoded"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	ID          string `xml:",chardata"`
}

// xmlCDATA keeps HTML readable in XML; the encoder splits any "]]>".
type xmlCDATA struct {
	Text string `xml:",cdata"`
}

// xmlRSS writes an RSS 2.0 feed, with the full review in
// content:encoded and its author in dc:creator (RSS's own author
// element wants an e-mail address). Readers take an item's description
// as HTML, so the plain-text summary is escaped for HTML too; titles are
// plain text.
func xmlRSS(p *Page) ([]byte, error) {
	f := newFeed(p)
	doc := rssDoc{Version: "2.0", AtomNS: "http://www.w3.org/2005/Atom",
		ContentNS: "http://purl.org/rss/1.0/modules/content/", DCNS: "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{Title: f.title, Link: f.home, Description: f.description, Language: f.language,
			Self: xmlAtomLink{Rel: "self", Type: "application/rss+xml", Href: f.self}}}
	if !f.updated.IsZero() {
		doc.Channel.LastBuildDate = f.updated.Format(rfc822)
	}
	for _, e := range f.entries {
		doc.Channel.Items = append(doc.Channel.Items, rssItem{Title: e.title, Link: e.url,
			GUID: rssGUID{IsPermaLink: "true", ID: e.url}, PubDate: e.date.Format(rfc822), Creator: e.author,
			Description: html.EscapeString(e.summary), Content: xmlCDATA{xmlText(e.content)}})
	}
	return writeXML(doc, f.size())
}

type atomFeed struct {
	XMLName  xml.Name      `xml:"feed"`
	NS       string        `xml:"xmlns,attr"`
	Lang     string        `xml:"xml:lang,attr,omitempty"`
	Title    string        `xml:"title"`
	Subtitle string        `xml:"subtitle,omitempty"`
	Links    []xmlAtomLink `xml:"link"`
	ID       string        `xml:"id"`
	Updated  string        `xml:"updated"`
	Author   atomPerson    `xml:"author"`
	Entries  []atomEntry   `xml:"entry"`
}

type xmlAtomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string      `xml:"title"`
	Link      xmlAtomLink `xml:"link"`
	ID        string      `xml:"id"`
	Published string      `xml:"published"`
	Updated   string      `xml:"updated"`
	Author    *atomPerson `xml:"author,omitempty"`
	Summary   atomText    `xml:"summary"`
	Content   atomText    `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",cdata"`
}

// xmlAtom writes an Atom 1.0 feed. Entries without an author are the
// site's, named once on the feed.
func xmlAtom(p *Page) ([]byte, error) {
	f := newFeed(p)
	updated := f.updated
	if updated.IsZero() {
		updated = emptyFeedUpdated
	}
	doc := atomFeed{NS: "http://www.w3.org/2005/Atom", Lang: f.language, Title: f.title, Subtitle: f.description,
		Links: []xmlAtomLink{{Rel: "alternate", Type: "text/html", Href: f.home},
			{Rel: "self", Type: "application/atom+xml", Href: f.self}},
		ID: f.self, Updated: updated.Format(time.RFC3339), Author: atomPerson{f.author}}
	for _, e := range f.entries {
		entry := atomEntry{Title: e.title, Link: xmlAtomLink{Rel: "alternate", Type: "text/html", Href: e.url},
			ID: e.url, Published: e.date.Format(time.RFC3339), Updated: e.date.Format(time.RFC3339),
			Summary: atomText{"text", xmlText(e.summary)}, Content: atomText{"html", xmlText(e.content)}}
		if e.author != "" {
			entry.Author = &atomPerson{e.author}
		}
		doc.Entries = append(doc.Entries, entry)
	}
	return writeXML(doc, f.size())
}

// writeXML writes v as an indented XML document, after the XML header,
// into a buffer of about size bytes, grown once: a film's feeds, 6,000 of
// them at 10,000 reviews, each hold five reviews' whole text.
func writeXML(v any, size int) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// TestFeedsMatchEncodingXML checks the hand-written RSS and Atom feeds
// against encoding/xml's, byte for byte: every feed of a generated site,
// and feeds of reviews with what XML must escape or cannot hold.
func TestFeedsMatchEncodingXML(t *testing.T) {
	check := func(t *testing.T, p *Page) {
		t.Helper()
		for _, enc := range []struct {
			name      string
			got, want encoder
		}{{"rss", encodeRSS, xmlRSS}, {"atom", encodeAtom, xmlAtom}} {
			got, err := enc.got(p)
			if err != nil {
				t.Fatal(err)
			}
			want, err := enc.want(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s %s:\n got %q\nwant %q", p.URL, enc.name, got, want)
			}
		}
	}
	s := corpusSite(t, 300)
	info := &Info{Title: "Films & <Co>", BaseURL: "https://example.com", Language: "en", Scale: "4", PerPage: 20}
	n := 0
	for _, j := range pages(s, info, nil) {
		if j.page.Kind == "rss" {
			check(t, j.page)
			n++
		}
	}
	if n < 50 {
		t.Errorf("only %d feeds checked", n)
	}

	odd := *s.Reviews[0]
	odd.Review = new(*s.Reviews[0].Review)
	odd.Title = `"Quotes" & 'apostrophes' <tags>` + "\t\x01\xff"
	odd.Summary = "ends ]]> here ]]]]> and \r\n"
	odd.SpoilerFree = "<p>a ]]> b</p>\x00"
	odd.Author = ""
	for _, p := range []*Page{
		{Kind: "rss", URL: "/index.xml", Permalink: "https://example.com/index.xml", Site: info, Reviews: []*site.Review{&odd, s.Reviews[1]}},
		{Kind: "rss", URL: "/index.xml", Permalink: "https://example.com/a\"b.xml", Site: &Info{Title: "T", BaseURL: "https://example.com"}},
		{Kind: "rss", URL: "/x/index.xml", Title: "X", Description: "", Permalink: "https://example.com/x/index.xml", Site: info, Film: odd.FilmPage, Reviews: []*site.Review{&odd}},
	} {
		check(t, p)
	}
}

func FuzzFeedsMatchEncodingXML(f *testing.F) {
	f.Add("Title", "A summary.", "<p>Body</p>", "Ann")
	f.Add("]]>", "a ]]]]> b", "<![CDATA[x]]>", "")
	f.Add("\x00\xff\t\"'&<>", "\r\n", "\u2028\ufffe", "<x>")
	s := corpusSite(f, 5)
	info := &Info{Title: "T & co", BaseURL: "https://example.com", Language: "en", Scale: "4", PerPage: 20}
	f.Fuzz(func(t *testing.T, title, summary, body, author string) {
		r := *s.Reviews[0]
		r.Review = new(*s.Reviews[0].Review)
		r.Title, r.Summary, r.SpoilerFree, r.Author = title, summary, template.HTML(body), author
		p := &Page{Kind: "rss", Title: title, URL: "/index.xml", Permalink: "https://example.com/index.xml", Description: summary,
			Site: info, Reviews: []*site.Review{&r}}
		for _, enc := range [][2]encoder{{encodeRSS, xmlRSS}, {encodeAtom, xmlAtom}} {
			got, err := enc[0](p)
			if err != nil {
				t.Fatal(err)
			}
			want, err := enc[1](p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got %q\nwant %q", got, want)
			}
		}
	})
}
