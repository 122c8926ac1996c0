package markdown

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/tools/txtar"
)

// FuzzMarkdown checks that Render never panics and keeps valid UTF-8
// valid, in both modes; that safe mode never lets a <script tag through;
// that the copy without spoilers has none and is the HTML itself when
// there were none to hide; and that problems have lines of the body. It
// is seeded with every in.md of testdata.
func FuzzMarkdown(f *testing.F) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, af := range ar.Files {
			if strings.HasSuffix(af.Name, "in.md") {
				f.Add(string(af.Data), strings.TrimSuffix(strings.TrimSuffix(af.Name, "in.md"), "/"))
			}
		}
	}
	safe, unsafe := New(Options{}), New(Options{UnsafeHTML: true})
	f.Fuzz(func(t *testing.T, src, prefix string) {
		lines := 1 + strings.Count(strings.ReplaceAll(src, "\r\n", "\n"), "\n") + strings.Count(src, "\r")
		for _, m := range []*Markdown{safe, unsafe} {
			d := m.Render([]byte(src), prefix)
			out := d.HTML
			if utf8.ValidString(src) {
				for _, s := range [][]byte{out, d.Hidden, []byte(d.Lead), []byte(d.More), []byte(d.Pullquote)} {
					if !utf8.Valid(s) {
						t.Fatalf("valid UTF-8 in, invalid out: %q", s)
					}
				}
			}
			if m == safe && bytes.Contains(bytes.ToLower(out), []byte("<script")) {
				t.Fatalf("unescaped <script in safe mode: %q", out)
			}
			if d.Spoilers == 0 && (len(d.Hidden) != len(out) || len(out) > 0 && &d.Hidden[0] != &out[0]) {
				t.Fatalf("no spoilers, yet the hidden copy is another slice")
			}
			if m == safe && (bytes.Contains(d.Hidden, []byte(`<span class="spoiler"`)) || bytes.Contains(d.Hidden, []byte(`<details class="spoiler"`))) {
				t.Fatalf("a spoiler in the hidden copy: %q", d.Hidden)
			}
			for _, p := range d.Problems {
				if p.Line < 1 || p.Line > lines {
					t.Fatalf("problem %v outside the body's %d lines", p, lines)
				}
			}
		}
	})
}

// FuzzHideSpoilers checks that what HideSpoilers leaves of a line of plain
// text holds no inline spoiler by the body's own parser, and that text
// without "||" comes back as it was.
func FuzzHideSpoilers(f *testing.F) {
	for _, s := range []string{"Hitchcock's best, and ||she dies twice||.", "a || b || c", "||a ||b||", "|||x|||", `\||a||`, "||", "x||y"} {
		f.Add(s)
	}
	m := New(Options{})
	f.Fuzz(func(t *testing.T, s string) {
		got := HideSpoilers(s)
		if !strings.Contains(s, "||") && got != s {
			t.Fatalf("HideSpoilers(%q) = %q, want it unchanged", s, got)
		}
		// One paragraph: no line can open a spoiler block.
		line := "x " + strings.NewReplacer("\n", " ", "\r", " ").Replace(got)
		if d := m.Render([]byte(line), ""); d.Spoilers != 0 {
			t.Fatalf("HideSpoilers(%q) = %q, where the body's parser still finds a spoiler", s, got)
		}
	})
}
