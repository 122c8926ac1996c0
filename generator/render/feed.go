package render

import (
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"html"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"ssg/generator/site"
)

// feedLimit is how many of the newest reviews a feed lists.
const feedLimit = 20

// feedFormats are the feeds written for the site and for each film: the
// page kind, the file name in the feed's folder and its encoder.
var feedFormats = []struct {
	kind, file string
	encode     encoder
}{
	{"rss", "index.xml", encodeRSS},
	{"atom", "atom.xml", encodeAtom},
	{"jsonfeed", "feed.json", encodeJSONFeed},
}

// feedPages adds the site's feeds (/index.xml, /atom.xml, /feed.json) and
// each film's (/films/<slug>/index.xml, …), each with the newest
// feedLimit reviews. A feed's links must be absolute, so a site without
// base_url gets no feeds (and the theme links none).
func feedPages(s *site.Site, info *Info, skip func(url string) bool, encoded func(name string, p *Page, encode encoder)) {
	if info.BaseURL == "" {
		return
	}
	add := func(dir, title, description string, film *site.Film, reviews []*site.Review) {
		latest := reviews[:min(feedLimit, len(reviews))]
		for _, f := range feedFormats {
			if skip(dir + f.file) {
				continue
			}
			encoded("feed "+f.kind, &Page{Kind: f.kind, Title: title, URL: dir + f.file, Description: description,
				Film: film, Reviews: latest}, f.encode)
		}
	}
	add(info.Root+"/", "", "The latest reviews on "+info.Title, nil, s.Reviews)
	for _, f := range s.Films {
		add(f.URL, f.Label(), "Reviews of "+f.Label()+" on "+info.Title, f, f.Reviews)
	}
}

// feed is what the three formats share, read from a feed page alone.
type feed struct {
	title, description, language string
	self, home                   string // absolute URLs of the feed and of its HTML page
	author                       string // the site, for entries without an author
	updated                      time.Time
	entries                      []feedEntry
}

// feedEntry is one review in a feed.
type feedEntry struct {
	title, url, author string
	date               time.Time
	summary            string // plain text: the film, the rating, the summary
	content            string // HTML: the same, then the whole review
}

// newFeed reads a feed page: p.Reviews newest first, p.Film for a film's
// feed, p.Site for the site's title, language and base URL.
func newFeed(p *Page) *feed {
	info := p.Site
	f := &feed{title: info.Title, description: p.Description, language: info.Language,
		self: p.Permalink, home: info.BaseURL + "/", author: info.Title}
	if p.Title != "" {
		f.title = p.Title + " · " + info.Title
	}
	if p.Film != nil {
		f.home = absolute(info, p.Film.URL)
	}
	for _, r := range p.Reviews {
		f.entries = append(f.entries, newEntry(info, r))
		if r.Date.After(f.updated) {
			f.updated = r.Date
		}
	}
	return f
}

// absolute is the public URL of a root-relative URL of the site.
func absolute(info *Info, u string) string {
	return info.BaseURL + strings.TrimPrefix(u, info.Root)
}

// newEntry shows one review: its film and rating text lead both the
// plain-text summary and the HTML content, which goes on with the spoiler
// warning, summary and pull quote (unless they are the body's own) and
// the body without its spoilers: a feed reader shows everything at once.
func newEntry(info *Info, r *site.Review) feedEntry {
	e := feedEntry{title: r.Title, url: absolute(info, r.URL), author: r.Author, date: r.Date}
	film := r.FilmPage
	stars := starsText(r.Stars)

	lead := film.Label()
	if stars != "" {
		lead += ": " + stars
	}
	summary := []string{lead}
	if r.Spoilers {
		summary = append(summary, "Spoiler warning")
	}
	if s := cmp.Or(r.Summary, r.Pullquote); s != "" {
		summary = append(summary, s)
	}
	e.summary = strings.Join(summary, ". ")

	var b strings.Builder
	b.Grow(len(r.SpoilerFree) + len(r.Summary) + len(r.Pullquote) + 512) // grown once
	b.WriteString(`<p><a href="` + html.EscapeString(absolute(info, film.URL)) + `">` + html.EscapeString(film.Label()) + "</a>")
	if stars != "" {
		b.WriteString(": <strong>" + html.EscapeString(stars) + "</strong>")
	}
	b.WriteString("</p>\n")
	if r.Spoilers {
		b.WriteString("<p><strong>Spoiler warning.</strong> This review discusses the whole plot of " +
			html.EscapeString(film.Title) + ", ending included.</p>\n")
	}
	if r.Summary != "" && !r.SummaryInBody {
		b.WriteString("<p><em>" + html.EscapeString(r.Summary) + "</em></p>\n")
	}
	if r.Pullquote != "" && !r.PullquoteInBody {
		b.WriteString(`<blockquote class="pullquote"><p>` + html.EscapeString(r.Pullquote) + "</p></blockquote>\n")
	}
	if info.RawHTML {
		writeAbsoluteLinksHTML(&b, string(r.SpoilerFree), e.url)
	} else {
		writeAbsoluteLinks(&b, string(r.SpoilerFree), e.url)
	}
	e.content = b.String()
	return e
}

// starsText writes a rating for a feed: "★★★½ (3.5/4)". The glyphs fill,
// to the nearest half star (halves up), as many star shapes as the pages
// draw (Stars.Icons: the scale when it is whole and at most 10, else 5),
// so a 10-point scale gives "★★★★★★★ (7/10)" and a 100-point one
// "★★★ (62/100)"; empty shapes are left out. The value on the site scale
// follows. A rating too low for half a star has no glyph: "0/4". Nil (an
// unrated review) gives "".
func starsText(st *site.Stars) string {
	if st == nil {
		return ""
	}
	exact := st.Value + "/" + st.Max
	value, ok := new(big.Rat).SetString(st.Value)
	scale, ok2 := new(big.Rat).SetString(st.Max)
	if !ok || !ok2 || scale.Sign() <= 0 || value.Sign() <= 0 || st.Icons <= 0 {
		return exact
	}
	// halves = ⌊value/scale × icons × 2 + ½⌋
	h := new(big.Rat).Mul(value, big.NewRat(int64(2*st.Icons), 1))
	h.Quo(h, scale)
	h.Add(h, big.NewRat(1, 2))
	n := new(big.Int).Quo(h.Num(), h.Denom())
	halves := 2 * st.Icons
	if n.IsInt64() && n.Int64() < int64(halves) {
		halves = int(n.Int64())
	}
	glyphs := strings.Repeat("★", halves/2)
	if halves%2 == 1 {
		glyphs += "½"
	}
	if glyphs == "" {
		return exact
	}
	return glyphs + " (" + exact + ")"
}

// emptyFeedUpdated is the Atom date of a feed with no entries, which has
// no newest entry to take it from and must not depend on the build time.
var emptyFeedUpdated = time.Unix(0, 0).UTC()

// rfc822 is RSS 2.0's date form, with a four-digit year and a numeric zone.
const rfc822 = time.RFC1123Z

// encodeRSS writes an RSS 2.0 feed, with the full review in
// content:encoded and its author in dc:creator (RSS's own author
// element wants an e-mail address). Readers take an item's description
// as HTML, so the plain-text summary is escaped for HTML too; titles are
// plain text.
func encodeRSS(p *Page) ([]byte, error) {
	f := newFeed(p)
	w := newXMLWriter(f.size())
	w.open("rss", "version", "2.0", "xmlns:atom", "http://www.w3.org/2005/Atom",
		"xmlns:content", "http://purl.org/rss/1.0/modules/content/", "xmlns:dc", "http://purl.org/dc/elements/1.1/")
	w.open("channel")
	w.text("title", f.title)
	w.text("link", f.home)
	w.text("description", f.description)
	if f.language != "" {
		w.text("language", f.language)
	}
	if !f.updated.IsZero() {
		w.text("lastBuildDate", f.updated.Format(rfc822))
	}
	w.element("atom:link", "", "rel", "self", "type", "application/rss+xml", "href", f.self)
	for _, e := range f.entries {
		w.open("item")
		w.text("title", e.title)
		w.text("link", e.url)
		w.element("guid", e.url, "isPermaLink", "true")
		w.text("pubDate", e.date.Format(rfc822))
		if e.author != "" {
			w.text("dc:creator", e.author)
		}
		w.text("description", html.EscapeString(e.summary))
		w.cdata("content:encoded", xmlText(e.content))
		w.close("item")
	}
	w.close("channel")
	w.close("rss")
	return w.done(), nil
}

// encodeAtom writes an Atom 1.0 feed. Entries without an author are the
// site's, named once on the feed.
func encodeAtom(p *Page) ([]byte, error) {
	f := newFeed(p)
	updated := f.updated
	if updated.IsZero() {
		updated = emptyFeedUpdated
	}
	w := newXMLWriter(f.size())
	if f.language != "" {
		w.open("feed", "xmlns", "http://www.w3.org/2005/Atom", "xml:lang", f.language)
	} else {
		w.open("feed", "xmlns", "http://www.w3.org/2005/Atom")
	}
	w.text("title", f.title)
	if f.description != "" {
		w.text("subtitle", f.description)
	}
	atomLink(w, "alternate", "text/html", f.home)
	atomLink(w, "self", "application/atom+xml", f.self)
	w.text("id", f.self)
	w.text("updated", updated.Format(time.RFC3339))
	w.open("author")
	w.text("name", f.author)
	w.close("author")
	for _, e := range f.entries {
		w.open("entry")
		w.text("title", e.title)
		atomLink(w, "alternate", "text/html", e.url)
		w.text("id", e.url)
		date := e.date.Format(time.RFC3339)
		w.text("published", date)
		w.text("updated", date)
		if e.author != "" {
			w.open("author")
			w.text("name", e.author)
			w.close("author")
		}
		w.cdata("summary", xmlText(e.summary), "type", "text")
		w.cdata("content", xmlText(e.content), "type", "html")
		w.close("entry")
	}
	w.close("feed")
	return w.done(), nil
}

// atomLink writes an Atom link; typ may be empty.
func atomLink(w *xmlWriter, rel, typ, href string) {
	if typ == "" {
		w.element("link", "", "rel", rel, "href", href)
		return
	}
	w.element("link", "", "rel", rel, "type", typ, "href", href)
}

// xmlWriter writes an XML document as xml.Encoder writes one indented by
// two spaces, into one buffer: a film's feeds, 6,000 of them at 10,000
// reviews, each hold five reviews' whole text, and encoding/xml's
// reflection was a fifth of what rendering allocated. Text and attribute
// values are escaped as encoding/xml escapes them (TestFeedsMatchEncodingXML
// checks the feeds byte for byte).
type xmlWriter struct {
	b     []byte
	depth int
}

func newXMLWriter(size int) *xmlWriter {
	return &xmlWriter{b: append(make([]byte, 0, size), xml.Header...)}
}

// start begins an element on a line of its own at the current depth, with
// its attributes as name, value pairs.
func (w *xmlWriter) start(name string, attrs ...string) {
	if len(w.b) > len(xml.Header) {
		w.b = append(w.b, '\n')
	}
	for range w.depth {
		w.b = append(w.b, "  "...)
	}
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	for i := 0; i+1 < len(attrs); i += 2 {
		w.b = append(w.b, ' ')
		w.b = append(w.b, attrs[i]...)
		w.b = append(w.b, `="`...)
		w.b = appendXMLText(w.b, attrs[i+1])
		w.b = append(w.b, '"')
	}
	w.b = append(w.b, '>')
}

func (w *xmlWriter) end(name string) {
	w.b = append(w.b, "</"...)
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

// open begins an element that holds others.
func (w *xmlWriter) open(name string, attrs ...string) {
	w.start(name, attrs...)
	w.depth++
}

// close ends the element open began, on a line of its own.
func (w *xmlWriter) close(name string) {
	w.depth--
	w.b = append(w.b, '\n')
	for range w.depth {
		w.b = append(w.b, "  "...)
	}
	w.end(name)
}

// text writes an element holding text.
func (w *xmlWriter) text(name, s string) { w.element(name, s) }

// element writes an element holding text, with attributes.
func (w *xmlWriter) element(name, s string, attrs ...string) {
	w.start(name, attrs...)
	w.b = appendXMLText(w.b, s)
	w.end(name)
}

// cdata writes an element holding s as CDATA, split where s holds "]]>";
// an empty s makes an empty element, as encoding/xml does.
func (w *xmlWriter) cdata(name, s string, attrs ...string) {
	w.start(name, attrs...)
	if s != "" {
		w.b = append(w.b, "<![CDATA["...)
		for {
			before, after, ok := strings.Cut(s, "]]>")
			if !ok {
				break
			}
			w.b = append(w.b, before...)
			w.b = append(w.b, "]]]]><![CDATA[>"...)
			s = after
		}
		w.b = append(w.b, s...)
		w.b = append(w.b, "]]>"...)
	}
	w.end(name)
}

// done ends the document with a newline and returns it.
func (w *xmlWriter) done() []byte { return append(w.b, '\n') }

// size guesses the bytes of the feed written: its entries' text, HTML
// escaped once more, and a few hundred bytes of markup each.
func (f *feed) size() int {
	n := 1024
	for _, e := range f.entries {
		n += len(e.content)*5/4 + len(e.summary) + 2*len(e.url) + 512
	}
	return n
}

// xmlText replaces what XML 1.0 cannot hold (most control characters,
// invalid UTF-8) with U+FFFD, as encoding/xml does outside CDATA.
func xmlText(s string) string {
	ok := func(r rune) bool {
		return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF ||
			r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
	}
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !ok(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if !ok(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, string(utf8.RuneError)))
}

// jsonFeedVersion identifies JSON Feed 1.1.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html"`
	Summary       string       `json:"summary"`
	DatePublished string       `json:"date_published"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
}

// encodeJSONFeed writes a JSON Feed 1.1. HTML is not escaped for a
// browser: the file is JSON, never inlined in a page.
func encodeJSONFeed(p *Page) ([]byte, error) {
	f := newFeed(p)
	doc := jsonFeed{Version: jsonFeedVersion, Title: f.title, HomePageURL: f.home, FeedURL: f.self,
		Description: f.description, Language: f.language, Authors: []jsonAuthor{{f.author}}, Items: []jsonItem{}}
	for _, e := range f.entries {
		item := jsonItem{ID: e.url, URL: e.url, Title: e.title, ContentHTML: e.content, Summary: e.summary,
			DatePublished: e.date.Format(time.RFC3339)}
		if e.author != "" {
			item.Authors = []jsonAuthor{{e.author}}
		}
		doc.Items = append(doc.Items, item)
	}
	var b bytes.Buffer
	b.Grow(f.size())
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
