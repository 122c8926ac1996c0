package generator

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestPageTitlesDiffer checks that no two pages of a site share a title,
// as search engines expect of a site's pages: the pages of a list after
// its first say which page they are.
func TestPageTitlesDiffer(t *testing.T) {
	var ar txtar.Archive
	ar.Files = append(ar.Files, txtar.File{Name: "ssg.toml", Data: []byte("title = \"Reels\"\nper_page = 2\n")})
	for i := range 5 {
		ar.Files = append(ar.Files, txtar.File{Name: fmt.Sprintf("content/reviews/r%d.md", i), Data: []byte(fmt.Sprintf(
			"---\ntitle: Review %d\nfilm: Film %d\nyear: 2001\nrating: 3/4\ndate: 2024-01-0%d\ntags: [noir]\nauthor: Ann\n---\nBody.\n", i, i%3, i+1))})
	}
	res, _ := renderArchive(t, &ar, Config{Now: goldenNow})
	title := regexp.MustCompile(`<title>(.*?)</title>`)
	seen := map[string]string{}
	paged := 0
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".html") || f.Path == "404.html" {
			continue
		}
		m := title.FindSubmatch(f.Data)
		if m == nil {
			t.Errorf("%s has no title", f.Path)
			continue
		}
		if other, ok := seen[string(m[1])]; ok {
			t.Errorf("%s and %s share the title %q", other, f.Path, m[1])
		}
		seen[string(m[1])] = f.Path
		if strings.Contains(f.Path, "page/") {
			paged++
		}
	}
	if paged < 3 {
		t.Errorf("only %d pages after a list's first, want the home page's, the tag's and the author's", paged)
	}
}
