package spoiler

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
)

// KindBlock is the ast.NodeKind of a spoiler block.
var KindBlock = ast.NewNodeKind("Spoiler")

// KindInline is the ast.NodeKind of an inline spoiler.
var KindInline = ast.NewNodeKind("InlineSpoiler")

// Block is a spoiler block, written
//
//	:::spoiler optional label
//	blocks to hide
//	:::
//
// Its children are the blocks it hides.
type Block struct {
	ast.BaseBlock
	// Label is the text after ":::spoiler", trimmed: a hint of what is
	// hidden that is shown with it ("what Travis says"). Empty when none.
	Label string
	// Closed reports whether a ":::" line ended the block. A block that
	// its container or the document ended instead is in Unclosed.
	Closed bool
	// Fence is how many colons opened the block: a line of at least as
	// many closes it.
	Fence  int
	hidden bool // set by Hide
}

// Kind implements ast.Node.
func (n *Block) Kind() ast.NodeKind { return KindBlock }

// Dump implements ast.Node.
func (n *Block) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{
		"Label": n.Label, "Closed": strconv.FormatBool(n.Closed), "Fence": strconv.Itoa(n.Fence)}, nil)
}

// Inline is an inline spoiler, written ||like this||. Its children are
// the inline nodes it hides.
type Inline struct {
	ast.BaseInline
	hidden bool // set by Hide
}

// Kind implements ast.Node.
func (n *Inline) Kind() ast.NodeKind { return KindInline }

// Dump implements ast.Node.
func (n *Inline) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
