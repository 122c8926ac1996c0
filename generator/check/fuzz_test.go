package check

import (
	"slices"
	"strings"
	"testing"

	"ssg/generator/output"
)

func TestParseSrcset(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a.jpg", []string{"a.jpg"}},
		{"a.jpg 160w, b.jpg 320w", []string{"a.jpg", "b.jpg"}},
		{"a.jpg 1x,b.jpg 2x", []string{"a.jpg", "b.jpg"}},
		{" ,, a.jpg,, b.jpg 2x", []string{"a.jpg", "b.jpg"}}, // "a.jpg,," ends at its commas
		{"a.jpg,b.jpg 2x", []string{"a.jpg,b.jpg"}},          // a URL may hold commas
		{"a,b.jpg 1x, c.jpg", []string{"a,b.jpg", "c.jpg"}},
		{"a.jpg (x, y) 1x, b.jpg", []string{"a.jpg", "b.jpg"}},
		{"\ta.jpg\n2x,\fb.jpg", []string{"a.jpg", "b.jpg"}},
		{"data:image/png;base64,AAA= 1x", []string{"data:image/png;base64,AAA="}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseSrcset(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("parseSrcset(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseRefresh(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for none
	}{
		{"0; url=/reviews/x/", "/reviews/x/"},
		{"0;URL='/a b/'", "/a b/"},
		{`5, url="/x/" more`, "/x/"},
		{"0 /x/", "/x/"},
		{"1.5; /x/", "/x/"},
		{".5;url = /x/", "/x/"},
		{"0; uri=/x/", "uri=/x/"}, // not "url": all of it is the URL
		{"0; u", "u"},
		{"0; url=", ""},
		{"0", ""},
		{"", ""},
		{"now; url=/x/", ""},
		{"0x; url=/x/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseRefresh(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("parseRefresh(%q) = %q, %v, want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

// FuzzSrcset checks that every URL parseSrcset finds is a non-empty part
// of the srcset without white space, neither starting nor ending with a
// comma, and that the same URLs written with descriptors read back.
func FuzzSrcset(f *testing.F) {
	for _, s := range []string{"a.jpg 160w, b.jpg 320w", "a,b.jpg 1x,, c.jpg,", "x (1, 2) 1x, y", "\f, a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		urls := parseSrcset(s)
		for _, u := range urls {
			if u == "" || strings.ContainsAny(u, " \t\n\f\r") || u[0] == ',' || u[len(u)-1] == ',' || !strings.Contains(s, u) {
				t.Fatalf("parseSrcset(%q) gave the URL %q", s, u)
			}
		}
		if len(urls) == 0 {
			return
		}
		again := strings.Join(urls, " 2x, ") + " 2x"
		if got := parseSrcset(again); !slices.Equal(got, urls) {
			t.Fatalf("parseSrcset(%q) = %q, want %q", again, got, urls)
		}
	})
}

// FuzzRefresh checks that the URL parseRefresh finds is a non-empty part
// of the content, and that a URL written after "url=" in quotes reads
// back.
func FuzzRefresh(f *testing.F) {
	for _, s := range []string{"0; url=/reviews/x/", "0;URL='/a/'", "1.5, /x/", "0; u", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if u, ok := parseRefresh(s); ok && (u == "" || !strings.Contains(s, u)) {
			t.Fatalf("parseRefresh(%q) = %q", s, u)
		}
		want := strings.ReplaceAll(s, `"`, "")
		if want == "" {
			return
		}
		content := `0; url="` + want + `"`
		if u, ok := parseRefresh(content); !ok || u != want {
			t.Fatalf("parseRefresh(%q) = %q, %v, want %q", content, u, ok, want)
		}
	})
}

// FuzzSite checks a site of one page and one feed, whatever they hold:
// no panic, and problems only of its files, sorted.
func FuzzSite(f *testing.F) {
	f.Add(`<a href="/x/#y">x</a><img srcset="a 1x, b 2x"><meta http-equiv=refresh content="0;url=/z/">`,
		`<rss><channel><item><link>https://example.com/</link><description>&lt;a href="#n"&gt;</description></item></channel></rss>`)
	f.Fuzz(func(t *testing.T, page, feed string) {
		files := []output.File{{Path: "index.html", Data: []byte(page)}, {Path: "index.xml", Data: []byte(feed)}}
		rep, err := Site(files, "https://example.com/blog")
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range rep.Problems {
			if p.Path != "index.html" && p.Path != "index.xml" {
				t.Fatalf("a problem of no file: %v", p)
			}
			if i > 0 && (rep.Problems[i-1].Path > p.Path || rep.Problems[i-1].Path == p.Path && rep.Problems[i-1].Text >= p.Text) {
				t.Fatalf("problems out of order: %v", rep.Problems)
			}
		}
	})
}
