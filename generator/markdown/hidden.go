package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"ssg/generator/markdown/spoiler"
)

// hideFootnotes readies doc for its copy without spoilers: a footnote
// that only spoilers refer to likely tells what they hide, so its
// content moves into a spoiler block, which that copy replaces with a
// marker. It changes doc, so it runs after the page's HTML is rendered.
func hideFootnotes(doc *ast.Document) {
	inside, outside := map[int]bool{}, map[int]bool{}
	var notes []*east.Footnote
	depth := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *spoiler.Block, *spoiler.Inline:
			if entering {
				depth++
			} else {
				depth--
			}
		case *east.FootnoteLink:
			if entering {
				if depth > 0 {
					inside[n.Index] = true
				} else {
					outside[n.Index] = true
				}
			}
		case *east.Footnote:
			if entering {
				notes = append(notes, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, fn := range notes {
		if !inside[fn.Index] || outside[fn.Index] {
			continue
		}
		b := &spoiler.Block{Closed: true, Fence: 3}
		for c := fn.FirstChild(); c != nil; {
			next := c.NextSibling()
			b.AppendChild(b, c)
			c = next
		}
		fn.AppendChild(fn, b)
	}
}
