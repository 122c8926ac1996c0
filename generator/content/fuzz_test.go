package content

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzFrontMatter feeds arbitrary files to Parse: it must never panic, and
// every failure must be a positioned *Error.
func FuzzFrontMatter(f *testing.F) {
	seeds, _ := filepath.Glob("../../content/reviews/*.md")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{"---\n---\n", "+++\n+++\n", "{\n}\n\n", "---\ntitle: [\n---\n", "{\n\"a\": 1}\n}\n\nx", "\ufeff---\r\ntitle: x\r\n---\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		r, err := Parse(file, src, testOpts)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *content.Error", err)
			}
			if pe.Line < 1 {
				t.Fatalf("error %v names no line", err)
			}
			return
		}
		if r.Title == "" || r.Film == "" || r.Date.IsZero() {
			t.Fatalf("parsed a review without its required fields: %+v", r)
		}
	})
}
