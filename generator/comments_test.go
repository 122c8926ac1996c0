package generator

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestCommentsEscaped checks that readers' comments are plain text on the
// page: markup in an author or a text is shown, never run, and cannot end
// the structured data's <script> element. (A url with markup is refused
// before: see TestParseComment.)
func TestCommentsEscaped(t *testing.T) {
	ar := txtar.Parse([]byte(`-- content/reviews/alien.md --
---
title: In space
film: Alien
year: 1979
rating: 4/4
date: 2024-05-01
---
Body.
-- content/reviews/alien.comments/a.yaml --
author: <script>alert("author")</script>
url: https://evil.example/?a=1&b=(2)
date: 2024-05-02T10:00:00Z
text: |
  <script>alert("text")</script>

  <img src=x onerror=alert(1)> and </p></li></ol><b>bold</b> **markdown** [link](https://evil.example/)
-- content/reviews/alien.comments/b.yaml --
author: '</script><script>alert("ld")</script>'
date: 2024-05-03T10:00:00Z
reply_to: a
text: '"quoted" & ''single'' <!-- comment -->'
`))
	fsys, err := txtar.FS(ar)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Render(context.Background(), fsys, Config{Now: goldenNow})
	if err != nil {
		t.Fatal(err)
	}
	var page string
	for _, f := range res.Files {
		if f.Path == "reviews/alien/index.html" {
			page = string(f.Data)
		}
	}
	// The only elements the page may have are the theme's: one script
	// (JSON-LD), no img, no b, and exactly the theme's comment markup.
	for _, tag := range []string{"<script", "<img", "<b>", "<!--"} {
		want := 0
		if tag == "<script" {
			want = 1
		}
		if n := strings.Count(page, tag); n != want {
			t.Errorf("%d %s in the page, want %d", n, tag, want)
		}
	}
	for _, shown := range []string{
		`&lt;script&gt;alert(&#34;author&#34;)&lt;/script&gt;`,
		`<p>&lt;script&gt;alert(&#34;text&#34;)&lt;/script&gt;</p>`,
		`&lt;img src=x onerror=alert(1)&gt; and &lt;/p&gt;&lt;/li&gt;&lt;/ol&gt;&lt;b&gt;bold&lt;/b&gt; **markdown** [link](https://evil.example/)`,
		`&#34;quoted&#34; &amp; &#39;single&#39; &lt;!-- comment --&gt;`,
		`href="https://evil.example/?a=1&amp;b=%282%29" rel="nofollow ugc"`,
	} {
		if !strings.Contains(page, shown) {
			t.Errorf("the page does not show %s", shown)
		}
	}
	if n := len(regexp.MustCompile(`<li class="comment" id="comment-[ab]">`).FindAllString(page, -1)); n != 2 {
		t.Errorf("%d comments on the page, want 2", n)
	}
	if !strings.Contains(page, `<ol class="comment-list">
<li class="comment" id="comment-b">`) {
		t.Error("the reply is not in a list nested in its comment")
	}
}
