package spoiler

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// unclosedKey holds, in a document's parser.Context, the []*Block that
// were never closed, in the order they closed.
var unclosedKey = parser.NewContextKey()

// Unclosed returns the spoiler blocks of the document parsed with pc that
// no ":::" line closed, in the order their containers or the document
// ended them. A goldmark parser cannot fail, so the caller reports them.
func Unclosed(pc parser.Context) []*Block {
	u, _ := pc.Get(unclosedKey).([]*Block)
	return u
}

// maxDepth is how deep spoiler blocks nest: a ":::spoiler" inside as
// many is text. goldmark asks every open block about every line, so
// deeper nesting would let a short review take quadratic time.
const maxDepth = 8

// blockParser parses spoiler blocks. It is stateless: what one block
// needs is on its node.
type blockParser struct{}

// Trigger implements parser.BlockParser.
func (blockParser) Trigger() []byte { return []byte{':'} }

// Open implements parser.BlockParser: a line of three or more colons,
// then "spoiler" (any case, spaces allowed between), then an optional
// label; unless maxDepth spoilers are open around it.
func (blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) {
		return nil, parser.NoChildren
	}
	fence := colons(line[pos:])
	if fence < 3 {
		return nil, parser.NoChildren
	}
	rest := bytes.TrimLeft(line[pos+fence:], " \t")
	const word = "spoiler"
	if len(rest) < len(word) || !bytes.EqualFold(rest[:len(word)], []byte(word)) {
		return nil, parser.NoChildren
	}
	rest = rest[len(word):]
	if len(rest) > 0 && !util.IsSpace(rest[0]) {
		return nil, parser.NoChildren // ":::spoilers", ":::spoiler-x": not ours
	}
	depth := 0
	for p := parent; p != nil; p = p.Parent() {
		if p.Kind() == KindBlock {
			if depth++; depth >= maxDepth {
				return nil, parser.NoChildren
			}
		}
	}
	label := util.TrimRightSpace(util.TrimLeftSpace(rest))
	reader.AdvanceToEOL()
	return &Block{Label: string(label), Fence: fence}, parser.HasChildren
}

// Continue implements parser.BlockParser. A line of at least as many
// colons as opened the block, and nothing else, closes it; unless a
// spoiler or fenced code block opened inside it is still open, which the
// line then belongs to.
func (blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*Block)
	line, _ := reader.PeekLine()
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if w < 4 && pos < len(line) {
		k := colons(line[pos:])
		if k >= n.Fence && util.IsBlank(line[pos+k:]) && !inner(node, pc) {
			reader.AdvanceToEOL()
			n.Closed = true
			return parser.Close
		}
	}
	return parser.Continue | parser.HasChildren
}

// inner reports whether a block opened inside node that a closing line
// belongs to is still open. It looks from the innermost open block out,
// so that on a closing line each of n nested spoilers stops at the first
// block it meets, not after n.
func inner(node ast.Node, pc parser.Context) bool {
	open := pc.OpenedBlocks()
	for i := len(open) - 1; i >= 0 && open[i].Node != node; i-- {
		switch open[i].Node.Kind() {
		case KindBlock, ast.KindFencedCodeBlock:
			return true
		}
	}
	return false
}

// Close implements parser.BlockParser.
func (blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	if n := node.(*Block); !n.Closed {
		u, _ := pc.Get(unclosedKey).([]*Block)
		pc.Set(unclosedKey, append(u, n))
	}
}

// CanInterruptParagraph implements parser.BlockParser: like a code fence,
// ":::spoiler" needs no blank line before it.
func (blockParser) CanInterruptParagraph() bool { return true }

// CanAcceptIndentedLine implements parser.BlockParser: an indented
// ":::spoiler" is code.
func (blockParser) CanAcceptIndentedLine() bool { return false }

// colons counts the colons b starts with.
func colons(b []byte) int {
	i := 0
	for i < len(b) && b[i] == ':' {
		i++
	}
	return i
}

// inlineParser parses inline spoilers: ||text||. Exactly two bars open
// and close one, following emphasis's flanking rules, so "a || b" and
// "|||" stay text, as does an opening "||" that nothing closes.
type inlineParser struct{}

// Trigger implements parser.InlineParser.
func (inlineParser) Trigger() []byte { return []byte{'|'} }

// Parse implements parser.InlineParser.
func (inlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := parser.ScanDelimiter(line, before, 2, delimiters{})
	if d == nil || d.OriginalLength != 2 || before == '|' {
		return nil
	}
	d.Segment = segment.WithStop(segment.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

// delimiters makes an Inline of a matched pair of "||".
type delimiters struct{}

// IsDelimiter implements parser.DelimiterProcessor.
func (delimiters) IsDelimiter(b byte) bool { return b == '|' }

// CanOpenCloser implements parser.DelimiterProcessor.
func (delimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

// OnMatch implements parser.DelimiterProcessor.
func (delimiters) OnMatch(consumes int) ast.Node { return &Inline{} }
