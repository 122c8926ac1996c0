package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// escapedHTML renders raw HTML as escaped text. goldmark's safe mode
// replaces it with an invisible "<!-- raw HTML omitted -->"; a reviewer
// who pasted an embed without enabling unsafe_html should instead see
// what did not render. HTML comments are the exception: they are notes to
// self (and <!--more--> marks a summary), never meant for readers, so they
// are dropped.
type escapedHTML struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (escapedHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

// renderRawHTML writes an inline tag, comment or declaration as text.
func renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := node.(*ast.RawHTML).Segments
		if segs.Len() > 0 {
			if first := segs.At(0); bytes.HasPrefix(first.Value(src), []byte("<!--")) {
				return ast.WalkSkipChildren, nil
			}
		}
		for i := range segs.Len() {
			seg := segs.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
	}
	return ast.WalkSkipChildren, nil
}

// renderHTMLBlock writes an HTML block as a paragraph of text.
func renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	if n.HTMLBlockType == ast.HTMLBlockType2 {
		return ast.WalkSkipChildren, nil // a comment
	}
	var text []byte
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		text = append(text, seg.Value(src)...)
	}
	if n.HasClosure() {
		text = append(text, n.ClosureLine.Value(src)...)
	}
	text = util.TrimRightSpace(text)
	_, _ = w.WriteString("<p>")
	_, _ = w.Write(util.EscapeHTML(text))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}
