package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// pullquoteMarker starts a blockquote that is a pull quote, in the form
// of GitHub's alerts ("> [!NOTE]"), in any case.
var pullquoteMarker = []byte("[!pullquote]")

// pullquoteClass is the class of a pull quote's blockquote.
var pullquoteClass = []byte("pullquote")

// pullquotes is an AST transformer that finds blockquotes whose first
// paragraph starts with [!pullquote], removes the marker and gives them
// the class "pullquote", for the theme to set apart:
//
//	> [!pullquote]
//	> A film about acceptance, and all the harder to watch for it.
//
// The marker may also share its line with the quote.
type pullquotes struct{}

// Transform implements parser.ASTTransformer.
func (pullquotes) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Type() {
		case ast.TypeInline:
			return ast.WalkSkipChildren, nil
		case ast.TypeDocument:
			return ast.WalkContinue, nil
		}
		if bq, ok := n.(*ast.Blockquote); ok {
			if p, ok := bq.FirstChild().(*ast.Paragraph); ok && unmark(p, src) {
				bq.SetAttribute([]byte("class"), pullquoteClass)
				if p.ChildCount() == 0 {
					bq.RemoveChild(bq, p)
				}
			}
		}
		return ast.WalkContinue, nil
	})
}

// unmark removes the marker that starts p, if it does, and reports
// whether it did. The marker must be plain text: "[!pullquote](url)" is
// a link.
func unmark(p *ast.Paragraph, src []byte) bool {
	lines := p.Lines()
	if lines.Len() == 0 {
		return false
	}
	first := lines.At(0)
	line := src[first.Start:first.Stop] // without padding, so offsets are the source's
	lead := len(line) - len(util.TrimLeftSpace(line))
	if len(line) < lead+len(pullquoteMarker) || !bytes.EqualFold(line[lead:lead+len(pullquoteMarker)], pullquoteMarker) {
		return false
	}
	end := first.Start + lead + len(pullquoteMarker)
	covered := false
	for c := p.FirstChild(); c != nil && !covered; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			return false
		}
		covered = t.Segment.Stop >= end
	}
	if !covered {
		return false
	}
	for c := p.FirstChild(); c != nil; {
		t, ok := c.(*ast.Text)
		if !ok || t.Segment.Start >= end {
			break
		}
		next := c.NextSibling()
		if t.Segment.Stop <= end {
			p.RemoveChild(p, t)
		} else {
			// The quote goes on after the marker on its line.
			t.Segment = t.Segment.WithStart(end)
			v := t.Segment.Value(src)
			t.Segment = t.Segment.WithStart(end + len(v) - len(util.TrimLeftSpace(v)))
			break
		}
		c = next
	}
	return true
}

// blockquotes renders blockquotes as goldmark does, but for a line break
// after the opening tag that goldmark leaves out when the tag has
// attributes.
type blockquotes struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (blockquotes) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindBlockquote, renderBlockquote)
}

func renderBlockquote(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</blockquote>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<blockquote")
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.BlockquoteAttributeFilter)
	}
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}
