package spoiler

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// md is goldmark with only this extension, so that tests see its work
// alone; generator/markdown's testdata shows it among the site's others.
var md = goldmark.New(goldmark.WithExtensions(Extension))

// convert renders src, and again with spoilers hidden, and returns both
// with the document and its unclosed blocks.
func convert(t testing.TB, src string) (shown, hidden string, doc *ast.Document, unclosed []*Block) {
	t.Helper()
	pc := parser.NewContext()
	doc = md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc)).OwnerDocument()
	var a, b bytes.Buffer
	if err := md.Renderer().Render(&a, []byte(src), doc); err != nil {
		t.Fatal(err)
	}
	Hide(doc, true)
	if err := md.Renderer().Render(&b, []byte(src), doc); err != nil {
		t.Fatal(err)
	}
	return a.String(), b.String(), doc, Unclosed(pc)
}

// outline writes the spoilers of doc: B(label) for a block, with ! when
// unclosed, and I for an inline spoiler, with their children in [].
func outline(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		inner := outline(c)
		switch c := c.(type) {
		case *Block:
			b.WriteString("B(" + c.Label + ")")
			if !c.Closed {
				b.WriteString("!")
			}
			b.WriteString("[" + inner + "]")
		case *Inline:
			b.WriteString("I[" + inner + "]")
		default:
			b.WriteString(inner)
		}
	}
	return b.String()
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // outline of the document
		unclosed  []int  // offsets of unclosed blocks
	}{
		{"block", ":::spoiler\nx\n:::\n", "B()[]", nil},
		{"label", ":::spoiler  The end \nx\n:::\n", "B(The end)[]", nil},
		{"any case and spaces", "::: SPOILER\nx\n:::", "B()[]", nil},
		{"longer fence", "::::spoiler\n:::\n::::\n", "B()[]", nil},
		{"closing fence longer", ":::spoiler\nx\n:::::\n", "B()[]", nil},
		{"closing line with text is text", ":::spoiler\n::: x\n", "B()![]", []int{0}},
		{"nested", ":::spoiler\n:::spoiler\nx\n:::\n:::\n", "B()[B()[]]", nil},
		{"nested in a quote", ":::spoiler\n> :::spoiler\n> x\n> :::\n:::\n", "B()[B()[]]", nil},
		{"code fence inside", ":::spoiler\n```\n:::\n```\n:::\n", "B()[]", nil},
		{"unclosed code fence inside", ":::spoiler\n```\n:::\n", "B()![]", []int{0}},
		{"in a code fence", "```\n:::spoiler\n```\n", "", nil},
		{"indented is code", "    :::spoiler\n", "", nil},
		{"indented closer is code", ":::spoiler\n    :::\n", "B()![]", []int{0}},
		{"in a list item", "- a\n- :::spoiler\n  x\n  :::\n", "B()[]", nil},
		{"ended by its quote", "> :::spoiler\n> x\n\ny\n", "B()![]", []int{2}},
		{"unclosed at the end", "a\n\n:::spoiler\nx", "B()![]", []int{3}},
		{"two unclosed", ":::spoiler\n:::spoiler\n", "B()![B()![]]", []int{11, 0}},
		{"not spoiler", ":::spoilers\n:::note\n::spoiler\n", "", nil},
		{"nested as deep as allowed", strings.Repeat(":::spoiler\n", maxDepth) + strings.Repeat(":::\n", maxDepth),
			strings.Repeat("B()[", maxDepth) + strings.Repeat("]", maxDepth), nil},
		// The ninth is text, so the first ":::" closes the eighth.
		{"nested too deep", strings.Repeat(":::spoiler\n", maxDepth+1) + strings.Repeat(":::\n", maxDepth+1),
			strings.Repeat("B()[", maxDepth) + strings.Repeat("]", maxDepth), nil},
		{"inline", "a ||b|| c", "I[]", nil},
		{"inline with emphasis", "||*b*||", "I[]", nil},
		{"inline nested", "||a ||b|| c||", "I[I[]]", nil},
		{"inline in a block", ":::spoiler\n||a||\n:::", "B()[I[]]", nil},
		{"inline in a code span", "`||a||`", "", nil},
		{"bars alone", "a || b", "", nil},
		{"four bars", "||||", "", nil},
		{"three bars", "|||a|||", "", nil},
		{"spaces inside", "|| a ||", "", nil},
		{"unclosed inline", "||a", "", nil},
		{"escaped", `\||a\||`, "", nil},
		{"across lines", "||a\nb||", "I[]", nil},
		{"not across paragraphs", "||a\n\nb||", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, doc, unclosed := convert(t, tt.src)
			if got := outline(doc); got != tt.want {
				t.Errorf("outline = %q, want %q", got, tt.want)
			}
			var at []int
			for _, b := range unclosed {
				at = append(at, b.Pos())
			}
			if !slices.Equal(at, tt.unclosed) {
				t.Errorf("unclosed at %v, want %v", at, tt.unclosed)
			}
		})
	}
}

func TestRender(t *testing.T) {
	tests := []struct{ name, src, shown, hidden string }{
		{"block", ":::spoiler\nx\n:::\n",
			"<details class=\"spoiler\">\n<summary>Spoiler</summary>\n<p>x</p>\n</details>\n",
			"<p class=\"spoiler-hidden\"><em>[spoiler hidden]</em></p>\n"},
		{"label is escaped", ":::spoiler <i>&\nx\n:::\n",
			"<details class=\"spoiler\">\n<summary>Spoiler: &lt;i&gt;&amp;</summary>\n<p>x</p>\n</details>\n",
			"<p class=\"spoiler-hidden\"><em>[spoiler hidden: &lt;i&gt;&amp;]</em></p>\n"},
		{"inline", "a ||b|| c",
			`<p>a <span class="spoiler" tabindex="0"><span class="visually-hidden">Spoiler: </span>b</span> c</p>` + "\n",
			`<p>a <em class="spoiler-hidden">[spoiler hidden]</em> c</p>` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shown, hidden, _, _ := convert(t, tt.src)
			if shown != tt.shown {
				t.Errorf("shown:\n%s\nwant:\n%s", shown, tt.shown)
			}
			if hidden != tt.hidden {
				t.Errorf("hidden:\n%s\nwant:\n%s", hidden, tt.hidden)
			}
		})
	}
}

// FuzzSpoiler checks that any input parses and renders without panics,
// that every spoiler node renders as one element, balanced, that the
// hidden rendering has none, and that Unclosed lists exactly the blocks
// no line closed.
func FuzzSpoiler(f *testing.F) {
	for _, s := range []string{
		":::spoiler\nx\n:::\n", ":::spoiler The end\n- a\n\n  > b\n:::", "::::spoiler\n:::spoiler\n:::\n::::",
		"> :::spoiler\n> ```\n> :::\n", "a ||b *c|| d*", "||a ||b|| c||", "`||`||x||", "- :::spoiler\n  ||x||\n",
		":::spoiler\n\n    :::\n\t:::\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		shown, hidden, doc, unclosed := convert(t, src)
		blocks, inlines := 0, 0
		var open []*Block
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *Block:
				blocks++
				if !n.Closed {
					open = append(open, n)
				}
				if n.Pos() < 0 || n.Pos() > len(src) {
					t.Errorf("block at %d, outside the source of %d bytes", n.Pos(), len(src))
				}
			case *Inline:
				inlines++
			}
			return ast.WalkContinue, nil
		})
		if n := strings.Count(shown, `<details class="spoiler">`); n != blocks || strings.Count(shown, "</details>") != blocks {
			t.Errorf("%d blocks rendered as %d <details>:\n%s", blocks, n, shown)
		}
		if n := strings.Count(shown, `<span class="spoiler"`); n != inlines {
			t.Errorf("%d inline spoilers rendered as %d spans:\n%s", inlines, n, shown)
		}
		if strings.Contains(hidden, `class="spoiler"`) {
			t.Errorf("hidden rendering shows a spoiler:\n%s", hidden)
		}
		if blocks+inlines == 0 && hidden != shown {
			t.Errorf("no spoilers, yet hiding changed the HTML:\n%s\n%s", shown, hidden)
		}
		slices.SortFunc(open, func(a, b *Block) int { return a.Pos() - b.Pos() })
		got := slices.Clone(unclosed)
		slices.SortFunc(got, func(a, b *Block) int { return a.Pos() - b.Pos() })
		if !slices.Equal(got, open) {
			t.Errorf("Unclosed lists %d blocks, %d are open", len(got), len(open))
		}
	})
}
