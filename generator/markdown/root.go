package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// rootLinks is an AST transformer for a site published under a path
// (base_url https://example.com/blog/): it puts the path before each link
// and image destination that starts at the site's root ("/reviews/x/"), so
// that an author links the blog's pages as the blog's own pages do. A
// destination that already starts with the path is taken as written from
// the host's root and kept (so a blog published under /reviews/, one of
// its sections, links /reviews/reviews/x/); so are protocol-relative ones
// ("//host/") and any other URL; raw HTML is the author's own.
type rootLinks struct {
	root []byte // "/blog", never empty or ending in "/"
}

// Transform implements parser.ASTTransformer.
func (t rootLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = t.prefix(n.Destination)
		case *ast.Image:
			n.Destination = t.prefix(n.Destination)
		}
		return ast.WalkContinue, nil
	})
}

// prefix returns dest with the root before it when dest starts at the
// site's root and not already under the root.
func (t rootLinks) prefix(dest []byte) []byte {
	if len(dest) == 0 || dest[0] != '/' || len(dest) > 1 && (dest[1] == '/' || dest[1] == '\\') {
		return dest
	}
	if rest, ok := bytes.CutPrefix(dest, t.root); ok && (len(rest) == 0 || rest[0] == '/' || rest[0] == '?' || rest[0] == '#') {
		return dest
	}
	return append(append(make([]byte, 0, len(t.root)+len(dest)), t.root...), dest...)
}
