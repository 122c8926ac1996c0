// Package spoiler is a goldmark extension for spoilers in reviews: blocks
//
//	:::spoiler what happens at the end
//	The paragraphs, lists or quotes it hides.
//	:::
//
// rendered as a closed <details class="spoiler"> whose summary says
// "Spoiler", and inline spoilers, ||like this||, rendered as a focusable
// <span class="spoiler"> that a stylesheet hides until it is hovered,
// touched or focused. Hide renders a document with every spoiler
// replaced by "[spoiler hidden]", for feeds.
//
// A block is closed by a line of at least as many colons as opened it. A
// block nothing closes still renders, and Unclosed lists it, so that the
// caller can report its line: goldmark parsers cannot fail.
//
// The parsers and renderer are stateless and safe for concurrent use;
// what one document needs is on its nodes and in its parser.Context.
package spoiler

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Extension adds spoiler blocks and inline spoilers to a goldmark.Markdown.
var Extension goldmark.Extender = extender{}

type extender struct{}

// Extend implements goldmark.Extender.
func (extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before the paragraph parser (1000), after lists and code.
		parser.WithBlockParsers(util.Prioritized(blockParser{}, 750)),
		parser.WithInlineParsers(util.Prioritized(inlineParser{}, 500)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlRenderer{}, 500)))
}
