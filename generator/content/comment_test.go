package content

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const commentFile = "content/reviews/x.comments/2024-05-02T10-31-00-anna.yaml"

func TestParseComment(t *testing.T) {
	tests := []struct {
		name string
		file string // commentFile when empty
		src  string
		want func(*Comment) string // what is wrong, or ""
		err  string                // the whole error, when one is expected
	}{
		{name: "plain", src: "author: Anna\ndate: 2024-05-02T10:31:00Z\ntext: Loved it.\n",
			want: func(c *Comment) string {
				if c.ID != "2024-05-02T10-31-00-anna" || c.Author != "Anna" || c.Text != "Loved it." ||
					!slices.Equal(c.Paragraphs, []string{"Loved it."}) || c.ReplyTo != "" || c.URL != "" {
					return fmt.Sprintf("%+v", c)
				}
				// The site's zone is UTC+2.
				if c.DateISO != "2024-05-02T12:31:00+02:00" || c.DateHuman != "2 May 2024, 12:31" {
					return c.DateISO + " / " + c.DateHuman
				}
				return ""
			}},
		{name: "date without a zone is in the site's", src: "author: A\ndate: 2024-05-02 10:31\ntext: x\n",
			want: func(c *Comment) string {
				if c.DateISO != "2024-05-02T10:31:00+02:00" {
					return c.DateISO
				}
				return ""
			}},
		{name: "paragraphs and line breaks", src: "author: A\ndate: 2024-05-02\ntext: |\n  First line\n  same paragraph.  \n\n   \n  Second.\n\n\n  Third.\n",
			want: func(c *Comment) string {
				if !slices.Equal(c.Paragraphs, []string{"First line\nsame paragraph.", "Second.", "Third."}) {
					return fmt.Sprintf("%q", c.Paragraphs)
				}
				return ""
			}},
		{name: "a reply with a url", src: "author: \"  Bo \n  Li \"\ndate: 2024-05-02\ntext: Yes.\nreply_to: 2024-05-01-anna.yaml\nurl: https://bo.example/films?x=1\n",
			want: func(c *Comment) string {
				if c.ReplyTo != "2024-05-01-anna" || c.URL != "https://bo.example/films?x=1" || c.Author != "Bo Li" {
					return fmt.Sprintf("%+v", c)
				}
				return ""
			}},
		{name: "empty optional fields", src: "author: A\ndate: 2024-05-02\ntext: x\nreply_to: \"\"\nurl:\n",
			want: func(c *Comment) string {
				if c.ReplyTo != "" || c.URL != "" {
					return fmt.Sprintf("%+v", c)
				}
				return ""
			}},
		{name: "BOM and CRLF", src: "\ufeffauthor: A\r\ndate: 2024-05-02\r\ntext: |\r\n  one\r\n\r\n  two\r\n",
			want: func(c *Comment) string {
				if !slices.Equal(c.Paragraphs, []string{"one", "two"}) {
					return fmt.Sprintf("%q", c.Paragraphs)
				}
				return ""
			}},
		{name: "a number as text", src: "author: 1917\ndate: 2024-05-02\ntext: 42\n",
			want: func(c *Comment) string {
				if c.Author != "1917" || c.Text != "42" {
					return fmt.Sprintf("%+v", c)
				}
				return ""
			}},
		{name: "bad YAML", src: "author: A\ndate: 2024-05-02\ntext: [unclosed\n",
			err: commentFile + ":3: invalid YAML: did not find expected ',' or ']'"},
		{name: "not a mapping", src: "- a\n- b\n",
			err: commentFile + ":1: a comment must be a mapping of keys to values (author: …, date: …, text: …)"},
		{name: "empty file", src: "",
			err: commentFile + ":1: missing required field \"author\"\n" + commentFile + ":1: missing required field \"date\"\n" +
				commentFile + ":1: missing required field \"text\""},
		{name: "missing text, empty author", src: "author: \" \"\ndate: 2024-05-02\n",
			err: commentFile + ":1: author: must not be empty\n" + commentFile + ":1: missing required field \"text\""},
		{name: "bad date", src: "author: A\ndate: someday\ntext: x\n",
			err: commentFile + ":2: date: \"someday\" is not a date (want 2024-05-01 or 2024-05-01T20:30:00)"},
		{name: "text is a list", src: "author: A\ndate: 2024-05-02\ntext: [a, b]\n",
			err: commentFile + ":3: text: want text, got a list"},
		{name: "blank text", src: "author: A\ndate: 2024-05-02\ntext: |\n  \n",
			err: commentFile + ":3: text: must not be empty"},
		{name: "unknown keys", src: "author: A\nemail: a@example.com\ndate: 2024-05-02\ntext: x\nname: A\n",
			err: commentFile + ":2: unknown key \"email\": a comment has only author, date, text, reply_to, url\n" +
				commentFile + ":5: unknown key \"name\": a comment has only author, date, text, reply_to, url"},
		{name: "a key twice", src: "author: A\nauthor: B\ndate: 2024-05-02\ntext: x\n",
			err: commentFile + ":2: key \"author\" appears twice (first on line 1)"},
		{name: "a script url", src: "author: A\ndate: 2024-05-02\ntext: x\nurl: javascript:alert(1)\n",
			err: commentFile + ":4: url: \"javascript:alert(1)\": want an http:// or https:// address"},
		{name: "a url with user information", src: "author: A\ndate: 2024-05-02\ntext: x\nurl: https://films.example@evil.example/\n",
			err: commentFile + ":4: url: \"https://films.example@evil.example/\": want an address like https://example.com/"},
		{name: "a relative url", src: "author: A\ndate: 2024-05-02\ntext: x\nurl: /about/\n",
			err: commentFile + ":4: url: \"/about/\": want an http:// or https:// address"},
		{name: "a url with a quote", src: "author: A\ndate: 2024-05-02\ntext: x\nurl: 'https://a.example/\"onclick'\n",
			err: commentFile + ":4: url: \"https://a.example/\\\"onclick\": not a web address"},
		{name: "reply to itself", src: "author: A\ndate: 2024-05-02\ntext: x\nreply_to: 2024-05-02T10-31-00-anna\n",
			err: commentFile + ":4: reply_to: a comment cannot answer itself"},
		{name: "reply to no id", src: "author: A\ndate: 2024-05-02\ntext: x\nreply_to: ../../secret\n",
			err: commentFile + ":4: reply_to: \"../../secret\" is not a comment's id (its file name without .yaml)"},
		{name: "a file name that is no id", file: "content/reviews/x.comments/anna's comment.yaml", src: "author: A\ndate: 2024-05-02\ntext: x\n",
			err: "content/reviews/x.comments/anna's comment.yaml: the file name \"anna's comment.yaml\" cannot be a comment's id: " +
				"use ASCII letters, digits, dots, dashes and underscores, like 2024-05-02T10-31-00-anna.yaml"},
		{name: "invalid UTF-8", src: "author: A\ndate: 2024-05-02\ntext: \xff\n",
			err: commentFile + ":3: not valid UTF-8 text"},
		{name: "an alias bomb", src: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
			err: commentFile + ":4: d: too many values (alias expansion?)"},
	}
	loc := time.FixedZone("site", 2*3600)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = commentFile
			}
			c, err := ParseComment(file, []byte(tt.src), loc)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error\n%v\nwant\n%s", err, tt.err)
				}
				if c != nil {
					t.Errorf("a comment with problems was returned: %+v", c)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if bad := tt.want(c); bad != "" {
				t.Errorf("got %s", bad)
			}
		})
	}
}

// comment parses a comment of review x for a threading test.
func comment(t *testing.T, id, date, replyTo string) *Comment {
	t.Helper()
	src := "author: " + id + "\ndate: " + date + "\ntext: A comment.\n"
	if replyTo != "" {
		src += "reply_to: " + replyTo + "\n"
	}
	c, err := ParseComment("content/reviews/x.comments/"+id+".yaml", []byte(src), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// outline writes threads as "a(b(d) c)": each comment's ID with its
// replies in brackets.
func outline(list []*Comment) string {
	var parts []string
	for _, c := range list {
		s := c.ID
		if len(c.Replies) > 0 {
			s += "(" + outline(c.Replies) + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestThread(t *testing.T) {
	type c struct{ id, date, replyTo string }
	tests := []struct {
		name     string
		comments []c
		unread   []string
		want     string // the outline
		err      string
	}{
		{"none", nil, nil, "", ""},
		{"oldest first, replies below", []c{
			{"b", "2024-05-03", ""}, {"a", "2024-05-02", ""},
			{"c", "2024-05-04", "a"}, {"d", "2024-05-02T12:00:00Z", "a"}, {"e", "2024-05-05", "d"},
		}, nil, "a(d(e) c) b", ""},
		{"equal dates go by id", []c{{"z", "2024-05-02", ""}, {"m", "2024-05-02", ""}, {"n", "2024-05-02", "m"}, {"k", "2024-05-02", "m"}}, nil, "m(k n) z", ""},
		{"a reply older than its comment stays below it", []c{{"a", "2024-05-02", ""}, {"b", "2024-05-01", "a"}}, nil, "a(b)", ""},
		{"an orphan", []c{{"a", "2024-05-02", ""}, {"b", "2024-05-03", "gone"}},
			nil, "", "content/reviews/x.comments/b.yaml:4: reply_to: no comment \"gone\" beside this one (want the file gone.yaml)"},
		{"a reply to an unreadable comment is left out, not reported", []c{{"a", "2024-05-02", ""}, {"b", "2024-05-03", "broken"}},
			[]string{"broken"}, "a", ""},
		{"a cycle of two", []c{{"a", "2024-05-02", ""}, {"c", "2024-05-03", "b"}, {"b", "2024-05-04", "c"}},
			nil, "", "content/reviews/x.comments/b.yaml:4: reply_to: the replies go round in a circle: b → c → b"},
		{"a cycle of three with a reply hanging from it", []c{{"r", "2024-05-02", "q"}, {"p", "2024-05-03", "r"}, {"q", "2024-05-04", "p"}, {"s", "2024-05-05", "q"}},
			nil, "", "content/reviews/x.comments/p.yaml:4: reply_to: the replies go round in a circle: p → r → q → p"},
		{"two cycles and an orphan, all reported", []c{{"a", "2024-05-02", "b"}, {"b", "2024-05-02", "a"}, {"c", "2024-05-02", "d"}, {"d", "2024-05-02", "c"}, {"e", "2024-05-02", "f"}},
			nil, "", "content/reviews/x.comments/a.yaml:4: reply_to: the replies go round in a circle: a → b → a\n" +
				"content/reviews/x.comments/c.yaml:4: reply_to: the replies go round in a circle: c → d → c\n" +
				"content/reviews/x.comments/e.yaml:4: reply_to: no comment \"f\" beside this one (want the file f.yaml)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in []*Comment
			for _, x := range tt.comments {
				in = append(in, comment(t, x.id, x.date, x.replyTo))
			}
			threads, err := Thread(in, tt.unread)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error\n%v\nwant\n%s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := outline(threads); got != tt.want {
				t.Errorf("threads %q, want %q", got, tt.want)
			}
			for _, c := range in {
				if c.Replies != nil {
					t.Fatalf("Thread changed its input: %s has replies", c.ID)
				}
			}
		})
	}
}

func TestWithComments(t *testing.T) {
	r, err := Parse(file, []byte("---\ntitle: T\nfilm: F\ndate: 2024-05-01\n---\nBody.\n"), testOpts)
	if err != nil {
		t.Fatal(err)
	}
	a, b := comment(t, "a", "2024-05-02", ""), comment(t, "b", "2024-05-03", "a")
	got, err := WithComments(r, []*Comment{a, b}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got == r || r.Comments != nil || r.CommentCount != 0 {
		t.Fatal("WithComments changed the review it was given")
	}
	if got.CommentCount != 2 || outline(got.Comments) != "a(b)" || got.Hash == r.Hash || got.Body != r.Body {
		t.Errorf("count %d, threads %q, hash changed %v", got.CommentCount, outline(got.Comments), got.Hash != r.Hash)
	}
	// A comment's file name is in the hash: its ID is its anchor.
	renamed := *b
	renamed.File = "content/reviews/x.comments/c.yaml"
	again, _ := WithComments(r, []*Comment{a, &renamed}, nil)
	if again.Hash == got.Hash {
		t.Error("renaming a comment file left the review's hash as it was")
	}
	if _, err := WithComments(nil, []*Comment{b}, nil); err == nil {
		t.Error("a reply to a missing comment of a review that failed to parse was not reported")
	}
}

// FuzzComment feeds arbitrary files to ParseComment and Thread: they must
// never panic, every failure must be a positioned *Error, and a comment
// that parses has its required fields, escapes nothing it should not
// (its ID and URL are safe as they are) and threads on its own.
func FuzzComment(f *testing.F) {
	seeds, _ := filepath.Glob("../../content/reviews/*.comments/*.yaml")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{"", "author: A\ndate: 2024-05-02\ntext: x\n", "author: A\ndate: 2024-05-02\ntext: |\n  a\n\n  b\n",
		"reply_to: 2024-05-02T10-31-00-anna\n", "url: https://a.example/\n", "text: [\n", "- x\n", "author: &a x\ntext: *a\n",
		"\ufeffauthor: A\r\ndate: 2024-05-02\r\ntext: x\r\n", "author: <script>\ndate: 2024-05-02T25:00:00Z\ntext: </p>\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := ParseComment(commentFile, src, time.UTC)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *content.Error", err)
			}
			if pe.File != commentFile || pe.Line < 1 {
				t.Fatalf("error %v names no line of the file", err)
			}
			return
		}
		if c.Author == "" || c.Text == "" || c.Date.IsZero() || len(c.Paragraphs) == 0 || c.DateISO == "" {
			t.Fatalf("parsed a comment without its required fields: %+v", c)
		}
		for _, p := range c.Paragraphs {
			if p == "" || strings.Contains(p, "\n\n") {
				t.Fatalf("paragraph %q", p)
			}
		}
		if c.URL != "" && checkURL(c.URL) != nil {
			t.Fatalf("url %q accepted", c.URL)
		}
		if c.ReplyTo != "" && !validID(c.ReplyTo) {
			t.Fatalf("reply_to %q accepted", c.ReplyTo)
		}
		threads, err := Thread([]*Comment{c}, nil)
		switch {
		case c.ReplyTo == "" && (err != nil || len(threads) != 1):
			t.Fatalf("a lone comment threads as %v, %v", threads, err)
		case c.ReplyTo != "" && err == nil:
			t.Fatalf("a lone reply to %q was not reported", c.ReplyTo)
		}
	})
}

// BenchmarkComments parses and threads the ten comments of one review, as
// a build does for each commented review.
//
//	go test -run '^$' -bench Comments ./generator/content
func BenchmarkComments(b *testing.B) {
	var files [][]byte
	for k := range 10 {
		src := fmt.Sprintf("author: Reader %d\ndate: 2025-01-%02dT10:00:00Z\ntext: |\n  Comment %d on this review, a sentence or two long like most.\n\n  A second paragraph.\n", k, k+1, k)
		if k%3 != 0 {
			src += fmt.Sprintf("reply_to: c%d\n", k-1)
		}
		files = append(files, []byte(src))
	}
	r := &Review{File: file}
	for b.Loop() {
		comments := make([]*Comment, len(files))
		for k, src := range files {
			c, err := ParseComment(fmt.Sprintf("content/reviews/x.comments/c%d.yaml", k), src, time.UTC)
			if err != nil {
				b.Fatal(err)
			}
			comments[k] = c
		}
		if _, err := WithComments(r, comments, nil); err != nil {
			b.Fatal(err)
		}
	}
}
