package markdown

import (
	"strconv"

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

func newIDs() *ids {
	return &ids{used: map[string]bool{}}
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
