package render

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// xmlSitemap is encodeURLs as encoding/xml writes it: the oracle.
func xmlSitemap(t testing.TB, set, item string, urls []SitemapURL) []byte {
	type entry struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod,omitempty"`
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	start := xml.StartElement{Name: xml.Name{Local: set}, Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: sitemapNS}}}
	if err := enc.EncodeToken(start); err != nil {
		t.Fatal(err)
	}
	for _, u := range urls {
		if err := enc.EncodeElement(entry(u), xml.StartElement{Name: xml.Name{Local: item}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		t.Fatal(err)
	}
	if err := enc.Flush(); err != nil {
		t.Fatal(err)
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// TestEncodeURLsMatchesEncodingXML checks the hand-written sitemap encoder
// against encoding/xml, byte for byte.
func TestEncodeURLsMatchesEncodingXML(t *testing.T) {
	for _, urls := range [][]SitemapURL{
		nil,
		{{Loc: "https://example.com/"}},
		{{Loc: "https://example.com/reviews/a/", Lastmod: "2024-05-01"}, {Loc: "https://example.com/films/b/", Lastmod: "2023-01-02"}},
		{{Loc: `https://example.com/?a=1&b="2"<'3'>`, Lastmod: "x"}},
		{{Loc: `say "hi"`}, {Loc: "it's"}, {Loc: "a>b"}, {Loc: "a<b"}, {Loc: "a&b"}},
		{{Loc: "https://example.com/caf\u00e9/\u7247/", Lastmod: ""}},
		{{Loc: "tab\there\nnew\rline\x01\xff\xfe end"}},
	} {
		for _, kind := range [][2]string{{"urlset", "url"}, {"sitemapindex", "sitemap"}} {
			got, want := encodeURLs(kind[0], kind[1], urls), xmlSitemap(t, kind[0], kind[1], urls)
			if !bytes.Equal(got, want) {
				t.Errorf("%s of %q:\n got %q\nwant %q", kind[0], urls, got, want)
			}
		}
	}
}

func FuzzEncodeURLs(f *testing.F) {
	f.Add("https://example.com/reviews/a/", "2024-05-01")
	f.Add("a&b<c>\"d'\te\x00\xff", "")
	f.Fuzz(func(t *testing.T, loc, lastmod string) {
		urls := []SitemapURL{{Loc: loc, Lastmod: lastmod}, {Loc: lastmod, Lastmod: loc}}
		if got, want := encodeURLs("urlset", "url", urls), xmlSitemap(t, "urlset", "url", urls); !bytes.Equal(got, want) {
			t.Errorf("encodeURLs(%q):\n got %q\nwant %q", urls, got, want)
		}
	})
}
