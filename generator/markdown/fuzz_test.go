package markdown

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/tools/txtar"
)

// FuzzMarkdown checks that Convert never panics or fails and keeps valid
// UTF-8 valid, in both modes, and that safe mode never lets a <script tag
// through. It is seeded with every in.md of testdata.
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
		for _, m := range []*Markdown{safe, unsafe} {
			var b bytes.Buffer
			if err := m.Convert(&b, []byte(src), prefix); err != nil {
				t.Fatal(err)
			}
			out := b.Bytes()
			if utf8.ValidString(src) && !utf8.Valid(out) {
				t.Fatalf("valid UTF-8 in, invalid out: %q", out)
			}
			if m == safe && bytes.Contains(bytes.ToLower(out), []byte("<script")) {
				t.Fatalf("unescaped <script in safe mode: %q", out)
			}
		}
	})
}
