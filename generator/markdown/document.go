package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"ssg/generator/markdown/spoiler"
)

// ErrUnclosedSpoiler reports a ":::spoiler" block that no ":::" line
// closes before its container or the body ends.
var ErrUnclosedSpoiler = errors.New("spoiler block is never closed")

// Document is a review body rendered by Render, with what pages other
// than the review's own take from it. Its text fields are plain text
// without spoilers: an inline spoiler reads "…" and a spoiler block is
// left out.
type Document struct {
	// HTML is the body as HTML.
	HTML []byte
	// Hidden is HTML with every spoiler replaced by "[spoiler hidden]",
	// for copies of the review away from its page (feeds). When the body
	// has no spoilers it is HTML itself, the same bytes.
	Hidden []byte
	// Spoilers counts the body's spoilers, blocks and inline.
	Spoilers int
	// Words counts the words a reader sees: no markup, link
	// destinations or raw HTML; code and spoilers included. A Chinese or
	// Japanese character counts as a word.
	Words int
	// More is the text of the body before a <!--more--> line (or a
	// <!--more--> within a paragraph): the paragraphs and list items,
	// without headings, code or tables. Empty without one.
	More string
	// Lead is the text of the first paragraph that has any (outside
	// lists, quotes and spoilers).
	Lead string
	// Pullquote is the text of the first blockquote marked
	// [!pullquote] outside spoilers; empty when there is none.
	Pullquote string
	// Problems are what the body got wrong, by line. The body renders
	// all the same.
	Problems []Problem
}

// Problem is one mistake in a body.
type Problem struct {
	Line int // 1-based, in the body
	Err  error
}

// Error formats the problem as "line N: what is wrong".
func (p Problem) Error() string { return fmt.Sprintf("line %d: %v", p.Line, p.Err) }

// read fills in d's facts from doc, the parsed body src. It walks the
// whole tree once, to count words; the text of summaries is gathered
// from the few nodes that make them.
func (d *Document) read(doc ast.Node, src []byte) {
	var words wordCounter
	inSpoiler := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			words.space()
		}
		switch n := n.(type) {
		case *spoiler.Block:
			if entering {
				d.Spoilers++
				inSpoiler++
				words.add([]byte(n.Label))
			} else {
				inSpoiler--
			}
		case *spoiler.Inline:
			if entering {
				d.Spoilers++
			}
		case *ast.Text:
			if entering {
				v := n.Segment.Value(src)
				if !n.IsRaw() && bytes.IndexByte(v, '&') >= 0 {
					v = util.ResolveNumericReferences(util.ResolveEntityNames(v))
				}
				words.add(v)
				if n.SoftLineBreak() || n.HardLineBreak() {
					words.space()
				}
			}
		case *ast.String:
			if entering {
				words.add(n.Value)
			}
		case *ast.AutoLink:
			if entering {
				words.add(n.Label(src))
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if entering {
				lines := n.Lines()
				for i := range lines.Len() {
					seg := lines.At(i)
					words.add(seg.Value(src))
					words.space()
				}
			}
		case *ast.Image, *ast.RawHTML, *ast.HTMLBlock:
			// Not text a reader reads.
			return ast.WalkSkipChildren, nil
		case *ast.Blockquote:
			if entering && d.Pullquote == "" && inSpoiler == 0 && isPullquote(n) {
				d.Pullquote = blockText(n, src)
			}
		}
		return ast.WalkContinue, nil
	})
	d.Words = words.n
	d.readSummaries(doc, src)
}

// readSummaries finds the text before <!--more--> and the first
// paragraph, among the document's top-level blocks. The text before the
// marker is gathered only once the marker is found: most bodies have
// none.
func (d *Document) readSummaries(doc ast.Node, src []byte) {
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		var stop ast.Node // the marker within c, a paragraph
		if !isMore(c, src) {
			p, ok := c.(*ast.Paragraph)
			if !ok {
				continue
			}
			if stop = inlineMore(p, src); stop == nil {
				continue
			}
		}
		var before []byte
		for b := doc.FirstChild(); b != c; b = b.NextSibling() {
			before = appendBlockText(before, b, src)
		}
		if stop != nil {
			before = appendText(before, c.FirstChild(), stop, src)
		}
		d.More = clean(before)
		break
	}
	for c := doc.FirstChild(); c != nil && d.Lead == ""; c = c.NextSibling() {
		if p, ok := c.(*ast.Paragraph); ok && !onlyImages(p, src) {
			if t := clean(appendText(nil, p.FirstChild(), nil, src)); hasWords(t) {
				d.Lead = t
			}
		}
	}
}

// isPullquote reports whether the pullquotes transformer marked bq.
func isPullquote(bq *ast.Blockquote) bool {
	v, ok := bq.AttributeString("class")
	b, _ := v.([]byte)
	return ok && bytes.Equal(b, pullquoteClass)
}

// moreMark is the comment that ends a summary, as Hugo and WordPress
// have it; spaces inside are allowed.
const moreMark = "more"

// isMoreComment reports whether b is "<!--more-->", "<!-- more -->" or
// the like, with nothing around it but spaces.
func isMoreComment(b []byte) bool {
	b = util.TrimRightSpace(util.TrimLeftSpace(b))
	if !bytes.HasPrefix(b, []byte("<!--")) || !bytes.HasSuffix(b, []byte("-->")) || len(b) < 7 {
		return false
	}
	return string(bytes.TrimSpace(b[4:len(b)-3])) == moreMark
}

// isMore reports whether the block n is a <!--more--> line.
func isMore(n ast.Node, src []byte) bool {
	h, ok := n.(*ast.HTMLBlock)
	if !ok || h.HTMLBlockType != ast.HTMLBlockType2 {
		return false
	}
	var b []byte
	lines := h.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		b = append(b, seg.Value(src)...)
	}
	if h.HasClosure() {
		b = append(b, h.ClosureLine.Value(src)...)
	}
	return isMoreComment(b)
}

// inlineMore returns the <!--more--> comment among p's inline children,
// or nil.
func inlineMore(p *ast.Paragraph, src []byte) ast.Node {
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if r, ok := c.(*ast.RawHTML); ok && r.Segments.Len() == 1 {
			if seg := r.Segments.At(0); isMoreComment(seg.Value(src)) {
				return c
			}
		}
	}
	return nil
}

// onlyImages reports whether p holds images and nothing else but spaces.
func onlyImages(p *ast.Paragraph, src []byte) bool {
	images := false
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Image:
			images = true
		case *ast.Text:
			if !util.IsBlank(c.Segment.Value(src)) {
				return false
			}
		default:
			return false
		}
	}
	return images
}

// blockText is the clean text of the paragraphs in the block n.
func blockText(n ast.Node, src []byte) string {
	return clean(appendBlockText(nil, n, src))
}

// appendBlockText appends the text of the paragraphs and list items in
// the block n, each followed by a space. Headings, code, tables, raw
// HTML and spoiler blocks are left out.
func appendBlockText(buf []byte, n ast.Node, src []byte) []byte {
	switch n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return append(appendText(buf, n.FirstChild(), nil, src), ' ')
	case *ast.Blockquote, *ast.List, *ast.ListItem:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			buf = appendBlockText(buf, c, src)
		}
	}
	return buf
}

// clean trims b and collapses its runs of ASCII spaces and line breaks
// into one space; other spaces (no-break spaces) are kept.
func clean(b []byte) string {
	var s strings.Builder
	s.Grow(len(b))
	space := false
	for _, c := range b {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			space = s.Len() > 0
			continue
		}
		if space {
			s.WriteByte(' ')
			space = false
		}
		s.WriteByte(c)
	}
	return s.String()
}

// hasWords reports whether s has a letter or a digit.
func hasWords(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// wordCounter counts words in text given piece by piece: runs of
// characters between spaces that hold a letter or a digit, so that "–"
// or "…" between spaces is not a word, and each Han, Hiragana or
// Katakana character, as those scripts put no spaces between words.
type wordCounter struct {
	n       int
	counted bool // the current run is counted
}

// space ends the current run, as a block boundary or line break does.
func (w *wordCounter) space() { w.counted = false }

// add counts the words of b, which may go on from the previous piece
// ("re*make*" is one word).
func (w *wordCounter) add(b []byte) {
	for i := 0; i < len(b); {
		switch asciiClass[b[i]] {
		case asciiSpace:
			w.counted = false
			i++
		case asciiWord:
			if !w.counted {
				w.n++
				w.counted = true
			}
			i++
		case asciiOther:
			i++
		default:
			r, size := utf8.DecodeRune(b[i:])
			i += size
			switch {
			case unicode.IsSpace(r):
				w.counted = false
			case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
				w.n++
				w.counted = false
			case !w.counted && (unicode.IsLetter(r) || unicode.IsDigit(r)):
				w.n++
				w.counted = true
			}
		}
	}
}

// Classes of bytes for wordCounter: ASCII spaces, ASCII letters and
// digits, other ASCII, and the bytes of longer UTF-8 sequences (0).
const (
	asciiSpace = 1 + iota
	asciiWord
	asciiOther
)

var asciiClass = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			t[c] = asciiSpace
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			t[c] = asciiWord
		default:
			t[c] = asciiOther
		}
	}
	return t
}()
