package markdown

import (
	"strings"
	"testing"
)

func TestRootLinks(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a page", "[x](/films/alien-1979/)", `<a href="/blog/films/alien-1979/">`},
		{"the home page", "[home](/)", `<a href="/blog/">`},
		{"an image", "![poster](/images/p.jpg)", `<img src="/blog/images/p.jpg"`},
		{"a reference", "[t][r]\n\n[r]: /tags/noir/", `<a href="/blog/tags/noir/">`},
		{"with a fragment", "[c](/reviews/x/#comments)", `<a href="/blog/reviews/x/#comments">`},
		{"already under the root", "[b](/blog/reviews/b/)", `<a href="/blog/reviews/b/">`},
		{"the root itself", "[b](/blog)", `<a href="/blog">`},
		{"a sibling of the root", "[b](/blogroll/)", `<a href="/blog/blogroll/">`},
		{"protocol-relative", "[p](//cdn.example.org/x)", `<a href="//cdn.example.org/x">`},
		{"absolute", "[a](https://example.org/films/)", `<a href="https://example.org/films/">`},
		{"relative", "[r](../other/)", `<a href="../other/">`},
		{"a fragment", "[f](#notes)", `<a href="#notes">`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, root := range []string{"/blog", "/blog/"} {
				got := string(New(Options{Root: root}).Render([]byte(tc.in), "x").HTML)
				if !strings.Contains(got, tc.want) {
					t.Errorf("root %q: %q gives\n%s\nwant %s", root, tc.in, got, tc.want)
				}
			}
			if got := string(New(Options{}).Render([]byte(tc.in), "x").HTML); strings.Contains(got, "/blog/blog") {
				t.Errorf("no root: %q gives %s", tc.in, got)
			}
		})
	}
}

// TestRootLinksUnderASection checks a blog published under the path of one
// of its own sections: a link that starts with the path is taken as
// written from the host's root, so its author writes the path twice.
func TestRootLinksUnderASection(t *testing.T) {
	md := New(Options{Root: "/reviews"})
	for in, want := range map[string]string{
		"[Heat](/reviews/reviews/heat/)": `<a href="/reviews/reviews/heat/">`,
		"[Heat](/films/heat-1995/)":      `<a href="/reviews/films/heat-1995/">`,
	} {
		if got := string(md.Render([]byte(in), "x").HTML); !strings.Contains(got, want) {
			t.Errorf("%s gives %s, want %s", in, got, want)
		}
	}
}
