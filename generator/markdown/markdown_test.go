package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the out.html sections of testdata/*.txtar from actual output")

// goldenCase is one in.md/out.html pair of an archive. A case named
// "alien/in.md" is converted with the id prefix "alien"; an unnamed one
// ("in.md") with no prefix. An archive whose comment has the line
// "unsafe_html = true" is converted with Options.UnsafeHTML. A case whose
// body has spoilers has a hidden.html too, the HTML with spoilers hidden;
// in an archive whose comment has "facts = true", every case has a
// facts file: the Document's words, summaries, pull quote and problems.
// With -update, the archive is rewritten with each case's files in that
// order.
type goldenCase struct {
	name   string
	in     []byte
	out    []byte // nil until the archive has an out.html for the case
	hidden []byte // nil when the archive has no hidden.html for the case
	facts  []byte // nil when the archive has no facts for the case
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			opts, withFacts := archiveOptions(t, ar)
			m := New(opts)
			cases := goldenCases(t, ar)
			for i := range cases {
				c := &cases[i]
				t.Run(c.name, func(t *testing.T) {
					d := m.Render(c.in, c.name)
					var hidden, facts []byte
					if d.Spoilers > 0 {
						hidden = d.Hidden
					}
					if withFacts {
						facts = factsText(d)
					}
					if *update {
						c.out, c.hidden, c.facts = d.HTML, hidden, facts
						return
					}
					for _, f := range []struct {
						name      string
						got, want []byte
					}{{"out.html", d.HTML, c.out}, {"hidden.html", hidden, c.hidden}, {"facts", facts, c.facts}} {
						switch {
						case f.want == nil && f.got != nil:
							t.Errorf("no %s in %s; run go test -update", join(c.name, f.name), file)
						case !bytes.Equal(f.got, f.want):
							t.Errorf("%s: in:\n%s\ngot:\n%s\nwant:\n%s", f.name, c.in, f.got, f.want)
						}
					}
				})
			}
			if *update {
				ar.Files = ar.Files[:0]
				for _, c := range cases {
					ar.Files = append(ar.Files,
						txtar.File{Name: join(c.name, "in.md"), Data: c.in},
						txtar.File{Name: join(c.name, "out.html"), Data: c.out})
					if c.hidden != nil {
						ar.Files = append(ar.Files, txtar.File{Name: join(c.name, "hidden.html"), Data: c.hidden})
					}
					if c.facts != nil {
						ar.Files = append(ar.Files, txtar.File{Name: join(c.name, "facts"), Data: c.facts})
					}
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// factsText writes what a Document holds besides its HTML, one fact a
// line, leaving out empty ones.
func factsText(d *Document) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "words: %d\n", d.Words)
	if d.Spoilers > 0 {
		fmt.Fprintf(&b, "spoilers: %d\n", d.Spoilers)
	}
	for _, f := range []struct{ name, value string }{{"lead", d.Lead}, {"more", d.More}, {"pullquote", d.Pullquote}} {
		if f.value != "" {
			fmt.Fprintf(&b, "%s: %s\n", f.name, f.value)
		}
	}
	for _, p := range d.Problems {
		fmt.Fprintf(&b, "problem: %v\n", p)
	}
	return b.Bytes()
}

// archiveOptions reads Options, and whether cases have facts, from the
// archive comment.
func archiveOptions(t testing.TB, ar *txtar.Archive) (opts Options, facts bool) {
	for line := range strings.Lines(string(ar.Comment)) {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "unsafe_html":
			opts.UnsafeHTML = strings.TrimSpace(v) == "true"
		case "facts":
			facts = strings.TrimSpace(v) == "true"
		default:
			t.Fatalf("unknown option %q in archive comment", k)
		}
	}
	return opts, facts
}

// goldenCases gathers the archive's files by directory.
func goldenCases(t testing.TB, ar *txtar.Archive) []goldenCase {
	var cases []goldenCase
	index := map[string]int{}
	for _, f := range ar.Files {
		dir, base := filepath.Split(f.Name)
		name := strings.TrimSuffix(dir, "/")
		if base == "in.md" {
			index[name] = len(cases)
			cases = append(cases, goldenCase{name: name, in: f.Data})
			continue
		}
		j, ok := index[name]
		if !ok {
			t.Fatalf("%s comes before its in.md", f.Name)
		}
		c := &cases[j]
		switch base {
		case "out.html":
			c.out = f.Data
		case "hidden.html":
			c.hidden = f.Data
		case "facts":
			c.facts = f.Data
		default:
			t.Fatalf("unexpected file %s: want in.md, out.html, hidden.html or facts", f.Name)
		}
	}
	return cases
}

func join(dir, base string) string {
	if dir == "" {
		return base
	}
	return dir + "/" + base
}

func convert(t testing.TB, m *Markdown, src, prefix string) string {
	t.Helper()
	return string(m.Render([]byte(src), prefix).HTML)
}

func TestFootnotePrefixesDiffer(t *testing.T) {
	m := New(Options{})
	src := "Ripley survives.[^1]\n\n[^1]: Again.\n"
	a, b := convert(t, m, src, "alien"), convert(t, m, src, "aliens")
	for _, want := range []string{`id="alien-fn:1"`, `id="alien-fnref:1"`, `href="#alien-fn:1"`} {
		if !strings.Contains(a, want) {
			t.Errorf("prefix alien: no %s in\n%s", want, a)
		}
	}
	if !strings.Contains(b, `id="aliens-fn:1"`) {
		t.Errorf("prefix aliens: no aliens-fn:1 in\n%s", b)
	}
	if a == b {
		t.Error("two prefixes gave the same HTML")
	}
}

func TestPrefixIsSanitized(t *testing.T) {
	got := convert(t, New(Options{}), "x[^a]\n\n[^a]: y\n", `"><script>`)
	if strings.Contains(got, "<script") {
		t.Errorf("prefix reached the HTML unescaped:\n%s", got)
	}
}

func TestLineEndings(t *testing.T) {
	m := New(Options{})
	lf := "# Title\n\nOne\ntwo  \nthree\\\nfour\n\n```\ncode\n```\n\n<div>\nraw\n</div>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
	want := convert(t, m, lf, "")
	tests := []struct{ name, src string }{
		{"crlf", strings.ReplaceAll(lf, "\n", "\r\n")},
		{"cr", strings.ReplaceAll(lf, "\n", "\r")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := convert(t, m, tt.src, ""); got != want {
				t.Errorf("got\n%q\nwant\n%q", got, want)
			}
		})
	}
}

// TestConcurrent converts from many goroutines with one Markdown; run with
// -race. Each document must get its own heading ids and footnote prefix.
func TestConcurrent(t *testing.T) {
	m := New(Options{})
	const n = 16
	var wg sync.WaitGroup
	got := make([]string, n)
	for i := range n {
		wg.Go(func() {
			src := fmt.Sprintf("## Part\n\n## Part\n\nNote %d.[^1]\n\n[^1]: *Emphasis* -- \"quoted\"...\n", i)
			for range 20 {
				got[i] = string(m.Render([]byte(src), fmt.Sprintf("review-%d", i)).HTML)
			}
		})
	}
	wg.Wait()
	for i, html := range got {
		for _, want := range []string{
			`<h2 id="part">`, `<h2 id="part-1">`,
			fmt.Sprintf(`id="review-%d-fn:1"`, i), fmt.Sprintf("Note %d.", i),
		} {
			if !strings.Contains(html, want) {
				t.Errorf("goroutine %d: no %s in\n%s", i, want, html)
			}
		}
	}
}

// BenchmarkRender renders the review of testdata/review.txtar, which has
// no spoilers, and the same with a spoiler block and an inline spoiler,
// which Render renders twice.
func BenchmarkRender(b *testing.B) {
	ar, err := txtar.ParseFile("testdata/review.txtar")
	if err != nil {
		b.Fatal(err)
	}
	src := goldenCases(b, ar)[0].in
	spoilers := append(bytes.Clone(src), "\n:::spoiler The end\nKathy ||drives on||.\n:::\n"...)
	m := New(Options{})
	for _, bb := range []struct {
		name string
		src  []byte
	}{{"plain", src}, {"spoilers", spoilers}} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				m.Render(bb.src, "review")
			}
		})
	}
}

func TestHideSpoilers(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"none", "A quiet dystopia.", "A quiet dystopia."},
		{"one", "Hitchcock's best, and ||she dies twice||.", "Hitchcock's best, and …."},
		{"two", "||a|| and ||b||", "… and …"},
		{"spaced pipes are no spoiler", "a || b || c", "a || b || c"},
		{"the closer skips a spaced pair", "||a ||b||", "…"},
		{"unclosed", "||the end", "||the end"},
		{"three pipes", "|||x|||", "|||x|||"},
		{"empty", "||||", "||||"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HideSpoilers(tc.in); got != tc.want {
				t.Errorf("HideSpoilers(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestHeadingsLeaveThemeIDs checks that a heading does not take an id the
// theme gives an element of the review's page around the body.
func TestHeadingsLeaveThemeIDs(t *testing.T) {
	d := New(Options{}).Render([]byte("## Main\n\n## Comments\n\n## Comments title\n\n## Comments\n"), "x")
	for _, want := range []string{`<h2 id="main-1">`, `<h2 id="comments-1">`, `<h2 id="comments-title-1">`, `<h2 id="comments-2">`} {
		if !strings.Contains(string(d.HTML), want) {
			t.Errorf("no %s in\n%s", want, d.HTML)
		}
	}
	for _, id := range reserved {
		if strings.Contains(string(d.HTML), `id="`+id+`"`) {
			t.Errorf("a heading took the theme's id %q:\n%s", id, d.HTML)
		}
	}
}
