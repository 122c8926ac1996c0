package spoiler

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Hide makes rendering doc replace each spoiler with a marker ("[spoiler
// hidden]"), for copies of a text shown away from its page, such as
// feeds; Hide(doc, false) shows them again. It marks the spoiler nodes
// rather than the document, so that the renderer need not look up each
// node's document, which is as deep as spoilers nest.
func Hide(doc *ast.Document, hide bool) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *Block:
				n.hidden = hide
			case *Inline:
				n.hidden = hide
			}
		}
		return ast.WalkContinue, nil
	})
}

// htmlRenderer writes spoiler blocks as closed <details> elements and
// inline spoilers as focusable spans that the theme's stylesheet hides
// until hovered, touched or focused. Both say "Spoiler" to screen
// readers, which read the text whatever the stylesheet hides.
type htmlRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindBlock, renderBlock)
	reg.Register(KindInline, renderInline)
}

func renderBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Block)
	if n.hidden {
		if entering {
			_, _ = w.WriteString(`<p class="spoiler-hidden"><em>[spoiler hidden`)
			if n.Label != "" {
				_, _ = w.WriteString(": ")
				_, _ = w.Write(util.EscapeHTML([]byte(n.Label)))
			}
			_, _ = w.WriteString("]</em></p>\n")
		}
		return ast.WalkSkipChildren, nil
	}
	if entering {
		_, _ = w.WriteString(`<details class="spoiler">` + "\n<summary>Spoiler")
		if n.Label != "" {
			_, _ = w.WriteString(": ")
			_, _ = w.Write(util.EscapeHTML([]byte(n.Label)))
		}
		_, _ = w.WriteString("</summary>\n")
	} else {
		_, _ = w.WriteString("</details>\n")
	}
	return ast.WalkContinue, nil
}

func renderInline(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if node.(*Inline).hidden {
		if entering {
			_, _ = w.WriteString(`<em class="spoiler-hidden">[spoiler hidden]</em>`)
		}
		return ast.WalkSkipChildren, nil
	}
	if entering {
		_, _ = w.WriteString(`<span class="spoiler" tabindex="0"><span class="visually-hidden">Spoiler: </span>`)
	} else {
		_, _ = w.WriteString("</span>")
	}
	return ast.WalkContinue, nil
}
