package markdown

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"ssg/generator/markdown/spoiler"
	"ssg/generator/slug"
)

// Options configures New.
type Options struct {
	// UnsafeHTML passes raw HTML and dangerous link URLs through
	// (ssg.toml [markdown] unsafe_html). When false, raw HTML is escaped
	// and shown as text rather than dropped, so an author sees what was
	// not rendered.
	UnsafeHTML bool
	// Root is the path a site is published under ("/blog" for the
	// base_url https://example.com/blog/), without its final slash: it
	// goes before each link and image destination that starts at the
	// site's root ("/reviews/x/"). Empty for a site at its host's root.
	Root string
}

// Markdown converts review bodies to HTML. It is immutable after New and
// safe for concurrent use.
type Markdown struct {
	md goldmark.Markdown
}

// metaFootnotePrefix is the ast.Document meta key under which parse stores
// the document's footnote id prefix for footnotePrefix to find.
const metaFootnotePrefix = "ssg/markdown.footnote-prefix"

// typography uses the characters themselves rather than goldmark's default
// entities (&rsquo;): the HTML is shorter, and text taken from it (heading
// ids, feed summaries) needs no entity decoding.
var typography = map[extension.TypographicPunctuation]string{
	extension.LeftSingleQuote:  "‘",
	extension.RightSingleQuote: "’",
	extension.LeftDoubleQuote:  "“",
	extension.RightDoubleQuote: "”",
	extension.EnDash:           "–",
	extension.EmDash:           "—",
	extension.Ellipsis:         "…",
	extension.LeftAngleQuote:   "«",
	extension.RightAngleQuote:  "»",
	extension.Apostrophe:       "’",
}

// New returns a Markdown configured by opts.
func New(opts Options) *Markdown {
	htmlOpts := []renderer.Option{renderer.WithNodeRenderers(util.Prioritized(blockquotes{}, 100))}
	if opts.UnsafeHTML {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	} else {
		// Lower numbers win among renderers; goldmark's own is at 1000.
		htmlOpts = append(htmlOpts, renderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100)))
	}
	transformers := []util.PrioritizedValue{util.Prioritized(headingIDs{}, 2000), util.Prioritized(pullquotes{}, 2100)}
	if root := strings.TrimSuffix(opts.Root, "/"); root != "" {
		transformers = append(transformers, util.Prioritized(rootLinks{root: []byte(root)}, 2200))
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.Linkify,
			extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(footnotePrefix)),
			extension.NewTypographer(extension.WithTypographicSubstitutions(typography)),
			spoiler.Extension,
		),
		goldmark.WithParserOptions(
			// After the footnote transformer (999) has moved footnotes to
			// the end, so id suffixes grow in reading order.
			parser.WithASTTransformers(transformers...),
		),
		goldmark.WithRendererOptions(htmlOpts...),
	)
	m := &Markdown{md: md}
	// goldmark finishes setting up its parser and renderer on first use;
	// do it now so that the first real Render is not the slow one.
	m.Render(nil, "")
	return m
}

// Render renders src, a review body in CommonMark, as HTML, and reads
// from it what pages other than the review's take: its words, summaries,
// pull quote and a copy of the HTML without spoilers, rendered only when
// there are spoilers to hide. idPrefix, usually the review's slug,
// prefixes footnote ids (see the package doc); it is passed through
// slug.Make, so it is safe in an attribute.
func (m *Markdown) Render(src []byte, idPrefix string) *Document {
	src = NormalizeNewlines(src)
	doc, pc := m.parse(src, idPrefix)
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)            // the HTML of prose is a little longer than its markdown
	_ = m.md.Renderer().Render(&buf, src, doc) // a bytes.Buffer does not fail
	d := &Document{HTML: buf.Bytes()}
	d.read(doc, src)
	d.Hidden = d.HTML
	if d.Spoilers > 0 {
		var hidden bytes.Buffer
		hidden.Grow(buf.Len())
		hideFootnotes(doc)
		spoiler.Hide(doc, true)
		_ = m.md.Renderer().Render(&hidden, src, doc)
		d.Hidden = hidden.Bytes()
	}
	for _, b := range spoiler.Unclosed(pc) {
		d.Problems = append(d.Problems, Problem{
			Line: 1 + bytes.Count(src[:max(0, min(b.Pos(), len(src)))], []byte("\n")),
			Err:  fmt.Errorf("%w: end it with a line %q", ErrUnclosedSpoiler, strings.Repeat(":", b.Fence)),
		})
	}
	slices.SortStableFunc(d.Problems, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	return d
}

// parse parses src, whose line endings are normalized, into a document
// whose footnotes are prefixed with idPrefix.
func (m *Markdown) parse(src []byte, idPrefix string) (*ast.Document, parser.Context) {
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	doc := m.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc)).OwnerDocument()
	var prefix []byte
	if p := slug.Make(idPrefix); p != "" {
		prefix = []byte(p + "-")
	}
	doc.AddMeta(metaFootnotePrefix, prefix)
	return doc, pc
}

// footnotePrefix returns the footnote id prefix that parse stored in the
// meta of n's document.
func footnotePrefix(n ast.Node) []byte {
	doc := n.OwnerDocument()
	if doc == nil {
		return nil
	}
	p, _ := doc.Meta()[metaFootnotePrefix].([]byte)
	return p
}

// NormalizeNewlines turns CRLF and lone CR line endings into LF, keeping the
// line count. goldmark accepts CRLF in most places but copies the CR into
// code blocks and HTML blocks, and does not see a lone CR as a line end.
func NormalizeNewlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(out, []byte("\r"), []byte("\n"))
}
