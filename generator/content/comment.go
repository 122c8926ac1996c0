package content

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// Readers' comments are static files beside their review, one YAML file
// per comment, so that a form service (a serverless function, a bot that
// opens pull requests) can add one by writing a file:
//
//	content/reviews/alien.md                           a review in one file
//	content/reviews/alien.comments/2024-05-02T10-31-00-anna.yaml
//	content/reviews/heat/index.md                      a review in its own folder
//	content/reviews/heat/comments/2024-05-03T08-00-00-bo.yaml
//
// A comment's ID is its file name without .yaml. Comment folders are never
// searched for reviews.

const (
	commentsFolder = "comments"  // beside a review's index.md
	commentsSuffix = ".comments" // beside a review's <name>.md
	commentExt     = ".yaml"
)

// commentKeys are the keys a comment may have, in the order errors list them.
var commentKeys = []string{"author", "date", "text", "reply_to", "url"}

// Comment is one reader's comment on a review. ParseComment returns it
// immutable; Thread returns copies with Replies set.
type Comment struct {
	ID      string // the file name without .yaml: "2024-05-02T10-31-00-anna"
	File    string // slash path from the site root
	Author  string
	URL     string // the author's site, http or https; empty when none
	Date    time.Time
	DateISO string // the date in RFC 3339, for <time datetime>: "2024-05-02T10:31:00Z"
	// DateHuman is the date and time in the site's zone: "2 May 2024, 10:31".
	DateHuman string
	ReplyTo   string // the ID of the comment this one answers; empty when it starts a thread
	// Text is the comment as written, plain text: no HTML, no markdown.
	Text string
	// Paragraphs is Text cut at its blank lines; a paragraph keeps its
	// single line breaks as "\n".
	Paragraphs []string
	// Replies are the comments that answer this one, oldest first.
	Replies []*Comment

	replyLine int      // the line of reply_to, for errors
	sum       [32]byte // of the file's bytes, for Review.Hash
}

// CommentDir returns the folder that holds the comments of the review
// file review: "<name>.comments" beside "<name>.md", or "comments" beside
// a review's "index.md" in a folder of its own.
func CommentDir(review string) string {
	dir, base := path.Split(review)
	name := strings.TrimSuffix(base, path.Ext(base))
	if name == "index" && path.Clean(dir) != Dir {
		return dir + commentsFolder
	}
	return dir + name + commentsSuffix
}

// isCommentDir reports whether the slash path p is a comment folder: a
// folder below Dir named "<name>.comments", or "comments" in a folder
// below Dir.
func isCommentDir(p string) bool {
	if !strings.HasPrefix(p, Dir+"/") {
		return false
	}
	base := path.Base(p)
	return len(base) > len(commentsSuffix) && strings.HasSuffix(base, commentsSuffix) ||
		base == commentsFolder && path.Dir(p) != Dir
}

// inCommentDir reports whether the slash path p is inside a comment folder.
func inCommentDir(p string) bool {
	for d := path.Dir(p); strings.HasPrefix(d, Dir+"/"); d = path.Dir(d) {
		if isCommentDir(d) {
			return true
		}
	}
	return false
}

// CommentID returns the ID of the comment file p: its name without .yaml.
func CommentID(p string) string { return strings.TrimSuffix(path.Base(p), commentExt) }

// validID reports whether id can name a comment: ASCII letters, digits,
// dots, dashes and underscores, starting with a letter or digit, so that
// it can stand in a URL's #fragment and an HTML id as it is.
func validID(id string) bool {
	if id == "" || len(id) > 200 {
		return false
	}
	for i, c := range []byte(id) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case i > 0 && (c == '-' || c == '_' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// ParseComment reads one comment from src, the YAML file at file (a slash
// path from the site root); dates without a zone are in loc. Every
// problem found is returned, joined, each naming the file and line.
func ParseComment(file string, src []byte, loc *time.Location) (*Comment, error) {
	sum := sha256.Sum256(src)
	if !utf8.Valid(src) {
		return nil, Errorf(file, lineAt(src, invalidAt(src))+1, "not valid UTF-8 text")
	}
	src = bytes.TrimPrefix(src, bom)
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	fields, keys, err := yamlMapping(file, 1, src, "invalid YAML",
		"a comment must be a mapping of keys to values (author: …, date: …, text: …)")
	if err != nil {
		return nil, err
	}
	c := &Comment{ID: CommentID(file), File: file, sum: sum}
	d := &decoder{file: file, m: &matter{Fields: fields, Keys: keys}, loc: loc, used: map[string]bool{}, opener: 1}
	if !validID(c.ID) {
		d.fail(0, "the file name %q cannot be a comment's id: use ASCII letters, digits, dots, dashes and underscores, like 2024-05-02T10-31-00-anna.yaml", path.Base(file))
	}
	c.Author = strings.Join(strings.Fields(d.str("author", true)), " ")
	c.Date = d.date("date", true)
	if !c.Date.IsZero() {
		local := c.Date.In(loc)
		c.DateISO = local.Format(time.RFC3339)
		c.DateHuman = local.Format("2 January 2006, 15:04")
	}
	if f, ok := d.required("text"); ok {
		if s, err := f.text(); err != nil {
			d.fail(f.Line, "text: %v", err)
		} else if c.Text, c.Paragraphs = paragraphs(s); c.Text == "" {
			d.fail(f.Line, "text: must not be empty")
		}
	}
	// An empty reply_to or url is the same as none: forms send empty fields.
	if f, ok := d.get("reply_to"); ok {
		c.ReplyTo, c.replyLine = strings.TrimSuffix(d.str("reply_to", false), commentExt), f.Line
		switch {
		case c.ReplyTo == "":
		case !validID(c.ReplyTo):
			d.fail(f.Line, "reply_to: %q is not a comment's id (its file name without .yaml)", c.ReplyTo)
		case c.ReplyTo == c.ID:
			d.fail(f.Line, "reply_to: a comment cannot answer itself")
		}
	}
	if f, ok := d.get("url"); ok {
		if c.URL = d.str("url", false); c.URL != "" {
			if err := checkURL(c.URL); err != nil {
				d.fail(f.Line, "url: %q: %v", c.URL, err)
			}
		}
	}
	for _, k := range keys {
		if !d.used[k] {
			d.fail(fields[k].Line, "unknown key %q: a comment has only %s", k, strings.Join(commentKeys, ", "))
		}
	}
	if len(d.errs) > 0 {
		return nil, Join(d.errs)
	}
	return c, nil
}

// checkURL accepts only an absolute http or https address without user
// information (https://example.com@evil.example reads as example.com).
func checkURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil || strings.ContainsAny(s, " \t\n\"'<>\\`"):
		return fmt.Errorf("not a web address")
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("want an http:// or https:// address")
	case u.Host == "" || u.User != nil:
		return fmt.Errorf("want an address like https://example.com/")
	}
	return nil
}

// paragraphs normalizes a comment's text, trimming each line's end and the
// whole, and cuts it at blank lines.
func paragraphs(s string) (string, []string) {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	text := strings.TrimSpace(strings.Join(lines, "\n"))
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.Trim(p, "\n"); p != "" {
			out = append(out, p)
		}
	}
	return text, out
}
