package ssg

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// allowed is the dependency direction of STYLE.md: each package imports
// only the project packages listed. slug is a leaf shared by markdown
// (heading ids) and site (URLs), so both transliterate the same way.
var allowed = map[string][]string{
	"generator/rating":           {},
	"generator/slug":             {},
	"generator/output":           {},
	"generator/poster":           {},
	"generator/cachefile":        {},
	"generator/markdown":         {"generator/slug", "generator/markdown/spoiler"},
	"generator/markdown/spoiler": {},
	"generator/content":          {"generator/rating", "generator/markdown", "generator/slug"},
	"generator/site":             {"generator/content", "generator/rating", "generator/slug"},
	"generator/render":           {"generator/site", "generator/content", "generator/output"},
	"generator":                  {"", "generator/cachefile", "generator/content", "generator/markdown", "generator/output", "generator/poster", "generator/rating", "generator/render", "generator/site", "generator/slug"},
	"generator/check":            {"generator/output"},
	"generator/devserver":        {"generator"},
	"cmd/ssg":                    {"generator", "generator/check", "generator/devserver"},
	"internal/corpus":            {"generator/slug"},
	"internal/chromium":          {},
	"cmd/gencorpus":              {"internal/corpus"},
}

func TestLayout(t *testing.T) {
	seen := map[string]bool{}
	err := filepath.WalkDir(".", func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (strings.HasPrefix(e.Name(), ".") && p != "." || e.Name() == "testdata" || e.Name() == "public") {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		pkg := filepath.ToSlash(filepath.Dir(p))
		if pkg == "." {
			return nil
		}
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %s is not in the layout table of layout_test.go", pkg)
			return nil
		}
		seen[pkg] = true
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path != "ssg" && !strings.HasPrefix(path, "ssg/") {
				continue
			}
			rel := strings.TrimPrefix(strings.TrimPrefix(path, "ssg"), "/")
			if !slices.Contains(ok, rel) {
				t.Errorf("%s imports %s, which its layer may not", p, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range allowed {
		if !seen[pkg] {
			t.Errorf("layout table names %s, which has no Go files", pkg)
		}
	}
}
