package render

import (
	"fmt"
	"strings"
	"testing"

	"ssg/generator/site"
)

func TestPaginate(t *testing.T) {
	tests := []struct {
		name     string
		items    int
		per      int
		want     []string // url:count per page
		wantNext []string
	}{
		{"empty list keeps its first page", 0, 2, []string{"/x/:0"}, []string{""}},
		{"one page has no pager", 2, 2, []string{"/x/:2"}, []string{""}},
		{"no empty last page", 4, 2, []string{"/x/:2", "/x/page/2/:2"}, []string{"/x/page/2/", ""}},
		{"partial last page", 5, 2, []string{"/x/:2", "/x/page/2/:2", "/x/page/3/:1"}, []string{"/x/page/2/", "/x/page/3/", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := make([]*site.Review, tt.items)
			var got, next []string
			paginate(items, tt.per, "/x/", func(page []*site.Review, p *Pager, url string) {
				got = append(got, fmt.Sprintf("%s:%d", url, len(page)))
				if p == nil {
					next = append(next, "")
					return
				}
				next = append(next, p.Next)
				if p.Links[p.Number-1].URL != url || !p.Links[p.Number-1].Current {
					t.Errorf("page %d: current link %+v", p.Number, p.Links[p.Number-1])
				}
			})
			if strings.Join(got, " ") != strings.Join(tt.want, " ") || strings.Join(next, " ") != strings.Join(tt.wantNext, " ") {
				t.Errorf("pages %v next %v, want %v next %v", got, next, tt.want, tt.wantNext)
			}
		})
	}
}

func TestFilePath(t *testing.T) {
	tests := []struct{ url, root, want string }{
		{"/", "", "index.html"},
		{"/reviews/a/", "", "reviews/a/index.html"},
		{"/blog/reviews/a/", "/blog", "reviews/a/index.html"},
		{"/blog/", "/blog", "index.html"},
		{"/404.html", "", "404.html"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got := filePath(tt.url, tt.root); got != tt.want {
				t.Errorf("filePath(%q, %q) = %q, want %q", tt.url, tt.root, got, tt.want)
			}
		})
	}
}
