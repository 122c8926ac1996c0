package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"ssg/generator/markdown/spoiler"
	"ssg/generator/slug"
)

// ids is the parser.IDs of one document: it makes element ids with
// slug.Make, so that headings transliterate exactly as page slugs do
// ("Amélie" gives "amelie", where goldmark's own ids drop the é).
type ids struct {
	used map[string]bool
}

// reserved are the ids the default theme gives elements of a review's page
// around its body (the main landmark, the comments' section and heading):
// a heading named so takes the next free suffix, so that the page's links
// to them ("#comments") and its labels reach the theme's elements.
var reserved = []string{"main", "comments", "comments-title"}

func newIDs() *ids {
	s := &ids{used: make(map[string]bool, len(reserved))}
	for _, id := range reserved {
		s.used[id] = true
	}
	return s
}

// Generate implements parser.IDs: the slug of value, or "section" when it
// has none, with the first free "-N" suffix when that id is taken.
func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs.
func (s *ids) Put(value []byte) {
	s.used[string(value)] = true
}

// headingIDs is an AST transformer that gives every heading an id made from
// its text. It replaces parser.WithAutoHeadingID, which runs before inline
// parsing and so passes the raw Markdown line to IDs.Generate: a heading
// with a link would get the URL in its id ("why-tarkovsky-https-en-...")
// and "&amp;" would give "amp".
type headingIDs struct{}

// Transform implements parser.ASTTransformer.
func (headingIDs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var buf []byte
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if _, ok := h.AttributeString("id"); !ok {
			buf = plainText(buf[:0], h, src)
			h.SetAttributeString("id", pc.IDs().Generate(buf, ast.KindHeading))
		}
		return ast.WalkSkipChildren, nil
	})
}

// plainText appends to buf the text of n's inline children (see
// appendText).
func plainText(buf []byte, n ast.Node, src []byte) []byte {
	return appendText(buf, n.FirstChild(), nil, src)
}

// appendText appends to buf the text of the inline nodes from first up
// to stop (nil: to the last sibling) as a reader sees it: no markup, link
// destinations, images or raw HTML, with escapes and entities resolved. An inline
// spoiler reads "…", so that its text reaches no summary and no heading
// id.
func appendText(buf []byte, first, stop ast.Node, src []byte) []byte {
	for c := first; c != nil && c != stop; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if !c.IsRaw() {
				v = util.ResolveNumericReferences(util.ResolveEntityNames(util.UnescapePunctuations(v)))
			}
			buf = append(buf, v...)
			if c.SoftLineBreak() || c.HardLineBreak() {
				buf = append(buf, ' ')
			}
		case *ast.String:
			buf = append(buf, c.Value...)
		case *ast.AutoLink:
			buf = append(buf, c.Label(src)...)
		case *ast.RawHTML, *ast.Image:
			// Tags are not text, nor are images.
		case *spoiler.Inline:
			buf = append(buf, "…"...)
		default:
			buf = appendText(buf, c.FirstChild(), nil, src)
		}
	}
	return buf
}

// HideSpoilers returns s, a plain-text field (a front matter's summary or
// pull quote), with each inline spoiler ("||the ending||") read as "…", as
// appendText reads one in the body. It hides at least what the body's
// parser would: a run of exactly two "|" followed by something other than
// a space opens, the next such run preceded by something other than a
// space closes, and longer runs or an unclosed "||" stay as written.
func HideSpoilers(s string) string {
	if !strings.Contains(s, "||") {
		return s
	}
	var b strings.Builder
	last, open := 0, -1 // s[last:] is not written yet; open is the opening run's start
	for i := 0; i < len(s); {
		if s[i] != '|' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '|' {
			j++
		}
		switch {
		case j-i != 2:
		case open < 0:
			if j < len(s) && !isSpace(s[j]) {
				open = i
			}
		case !isSpace(s[i-1]):
			b.WriteString(s[last:open])
			b.WriteString("…")
			last, open = j, -1
		}
		i = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
