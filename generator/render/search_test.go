package render

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"ssg/generator/content"
	"ssg/generator/markdown"
	"ssg/generator/rating"
	"ssg/generator/site"
	"ssg/internal/corpus"
)

func TestAppendJSONString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Solaris", `"Solaris"`},
		{"empty", "", `""`},
		{"quotes and backslash", `say "hi" \ bye`, `"say \"hi\" \\ bye"`},
		{"script end", "</script><script>alert(1)</script>", `"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"`},
		{"ampersand", "Tom & Jerry", `"Tom \u0026 Jerry"`},
		{"controls", "a\nb\tc\rd\x00e\x1f", `"a\nb\tc\rd\u0000e\u001f"`},
		{"accents and scripts", "Amélie, Крылья, 東京物語", `"Amélie, Крылья, 東京物語"`},
		{"line separators", "a\u2028b\u2029c", `"a\u2028b\u2029c"`},
		{"invalid UTF-8", "a\xffb\xc3", `"a\ufffdb\ufffd"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(appendJSONString([]byte("x"), tt.in))
			if got != "x"+tt.want {
				t.Errorf("appendJSONString(%q) = %s, want %s", tt.in, got[1:], tt.want)
			}
			var back string
			if err := json.Unmarshal([]byte(got[1:]), &back); err != nil {
				t.Fatal(err)
			}
			if want := strings.ToValidUTF8(tt.in, "\ufffd"); back != want {
				t.Errorf("decodes to %q, want %q", back, want)
			}
		})
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "Solaris", "</script>", "a\u2028b", "\xff", "é\x00\"", "\b\f\n\r\t\x1f\\&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s) // escapes <, > and &, and replaces invalid UTF-8
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendJSONString(%q) = %s, encoding/json writes %s", s, got, want)
		}
	})
}

// corpusSite builds the model of n generated reviews, as ssg does.
func corpusSite(tb testing.TB, n int) *site.Site {
	tb.Helper()
	return corpusSiteAt(tb, n, "")
}

// corpusSiteAt is corpusSite with its URLs under root.
func corpusSiteAt(tb testing.TB, n int, root string) *site.Site {
	tb.Helper()
	opts := content.Options{Scale: rating.DefaultScale(), Location: time.UTC, Markdown: markdown.New(markdown.Options{})}
	reviews := make([]*content.Review, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				p, data := corpus.Review(i, 1)
				reviews[i], errs[i] = content.Parse(p, data, opts)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			tb.Fatal(err)
		}
	}
	s, err := site.Build(reviews, site.Options{Scale: rating.DefaultScale(), Root: root})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// searchIndexPage is the search index page of s, made as pages() makes it.
func searchIndexPage(tb testing.TB, s *site.Site, info *Info) *Page {
	var index *Page
	searchPages(s, info, func(string, *Page) {}, func(_ string, p *Page, _ encoder) {
		p.Site = info
		index = p
	})
	if index == nil {
		tb.Fatal("no search index page")
	}
	return index
}

// BenchmarkSearchIndex encodes /search.json of a generated blog, as the
// dev server does after every save of a review, and reports its size.
//
//	go test -run '^$' -bench SearchIndex ./generator/render
func BenchmarkSearchIndex(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("reviews=%d", n), func(b *testing.B) {
			s := corpusSite(b, n)
			info := &Info{Title: "Bench", Scale: s.Scale.String()}
			p := searchIndexPage(b, s, info)
			var data []byte
			for b.Loop() {
				var err error
				if data, err = encodeSearchIndex(p); err != nil {
					b.Fatal(err)
				}
			}
			var z bytes.Buffer
			w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
			w.Write(data)
			w.Close()
			b.ReportMetric(float64(len(data)), "bytes")
			b.ReportMetric(float64(z.Len()), "gzip-bytes")
		})
	}
}

// TestSearchIndexCorpus encodes a generated blog's index and checks that
// it is valid JSON with one entry per review, and that the size estimate
// that preallocates the buffer is close.
func TestSearchIndexCorpus(t *testing.T) {
	s := corpusSite(t, 200)
	p := searchIndexPage(t, s, &Info{Title: "Test", Scale: s.Scale.String()})
	data, err := encodeSearchIndex(p)
	if err != nil {
		t.Fatal(err)
	}
	var ix struct {
		R []json.RawMessage `json:"r"`
		F []json.RawMessage `json:"f"`
	}
	if err := json.Unmarshal(data, &ix); err != nil {
		t.Fatal(err)
	}
	if len(ix.R) != len(s.Reviews) || len(ix.F) != len(s.Films) {
		t.Errorf("%d reviews and %d films in the index, want %d and %d", len(ix.R), len(ix.F), len(s.Reviews), len(s.Films))
	}
	if c := cap(data); c > 2*len(data) || c < len(data) {
		t.Errorf("buffer of %d bytes for %d", c, len(data))
	}
}
