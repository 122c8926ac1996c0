package corpus

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// prose writes one review's markdown body.
type prose struct {
	b       *strings.Builder
	r       *rand.Rand
	m       *meta
	f       *film
	seed    int64
	actor   int             // the cast member {actor} picked last
	words   int             // words written so far, counted as strings.Fields does
	h       int             // the rating in half stars
	rated   bool            // h means something
	spoils  bool            // the review gives the plot away
	notes   int             // footnotes to reference
	placed  int             // footnote references written
	earlier *meta           // an earlier review of the same film, or nil
	used    map[string]bool // sentence templates used so far
	linked  bool            // the body has a link already
}

// body writes a body of 500 to about 1,180 words: an opening paragraph,
// then paragraphs, headings, lists, quotes and the odd table, a verdict
// and any footnotes.
func (p *prose) body() {
	target := 500 + p.r.IntN(631)
	p.notes = []int{0, 0, 0, 0, 1, 1, 1, 2, 2, 3}[p.r.IntN(10)]
	defs := make([]string, p.notes)
	for k := range defs {
		var d strings.Builder
		d.WriteString("[^" + strconv.Itoa(k+1) + "]: ")
		p.fill(&d, pick(p.r, trivia))
		defs[k] = d.String()
		p.words += countWords(defs[k])
	}
	p.earlier = p.findEarlier()

	p.paragraph(openers, target, 2+p.r.IntN(3))
	last := "p"
	for p.words < target {
		left := target - p.words
		x := p.r.IntN(100)
		switch {
		case x < 7 && last != "h" && left > 150:
			p.heading()
			last = "h"
		case x < 15 && left > 120:
			p.list()
			last = "l"
		case x < 20:
			p.quote()
			last = "q"
		case x < 22 && left > 100:
			p.table()
			last = "t"
		default:
			p.paragraph(nil, target, 3+p.r.IntN(4))
			last = "p"
		}
	}
	p.verdict()
	for _, d := range defs {
		p.b.WriteString("\n" + d + "\n")
	}
}

// findEarlier returns a nearby earlier review of the same film, whose
// URL exists in any corpus that holds this review.
func (p *prose) findEarlier() *meta {
	for j := p.m.i - 1; j >= 0 && j >= p.m.i-12; j-- {
		if filmOf(j, p.seed) == p.f.index {
			return makeMeta(j, p.seed)
		}
	}
	return nil
}

// block writes s as a block of its own and counts its words.
func (p *prose) block(s string) { p.counted(s, countWords(s)) }

// counted writes s, of n words, as a block of its own.
func (p *prose) counted(s string, n int) {
	if p.b.Len() > 0 {
		p.b.WriteString("\n")
	}
	p.b.WriteString(s)
	p.b.WriteString("\n")
	p.words += n
}

// paragraph writes up to n sentences, fewer if the body reaches target.
// With from set, the first sentence comes from it.
func (p *prose) paragraph(from []string, target, n int) {
	var s strings.Builder
	s.Grow(1024)
	words := 0
	for k := range n {
		if k > 0 {
			s.WriteByte(' ')
		}
		before := s.Len()
		switch {
		case k == 0 && from != nil:
			p.fill(&s, pick(p.r, from))
		case !p.linked && p.r.IntN(12) == 0:
			p.link(&s)
		default:
			p.fill(&s, p.sentenceTemplate())
		}
		if words += countWords(s.String()[before:]); p.words+words >= target {
			break
		}
	}
	if p.placed < p.notes && from == nil && p.r.IntN(2) == 0 {
		p.placed++
		s.WriteString("[^" + strconv.Itoa(p.placed) + "]") // no space: no new word
	}
	p.counted(s.String(), words)
}

// sentenceTemplate picks a template, not often one used already.
func (p *prose) sentenceTemplate() string {
	t := p.anyTemplate()
	for range 3 {
		if !p.used[t] {
			break
		}
		t = p.anyTemplate()
	}
	p.used[t] = true
	return t
}

// anyTemplate picks praise or complaint in proportion to the rating.
func (p *prose) anyTemplate() string {
	h := p.h
	if !p.rated {
		h = 4
	}
	x := p.r.IntN(100)
	switch {
	case p.spoils && x < 6:
		return pick(p.r, spoilerLines)
	case x < 40:
		return pick(p.r, observations)
	case x < 40+h*60/8:
		return pick(p.r, praises)
	}
	return pick(p.r, complaints)
}

// link writes a sentence with a link: to an earlier review of the film,
// or to an invented page on example.com.
func (p *prose) link(s *strings.Builder) {
	p.linked = true
	switch x := p.r.IntN(4); {
	case p.earlier != nil && x < 2:
		first, _, _ := strings.Cut(authors[p.earlier.author], " ")
		if p.earlier.author == p.m.author {
			first = "I"
		}
		s.WriteString(first + " [" + pick(p.r, linkTexts) + "](" + p.earlier.url() + "), for the record.")
	case x == 2:
		s.WriteString("The full credits are at <https://example.com/films/" + p.f.slug + "/credits>.")
	default:
		s.WriteString("There's [a trailer](https://example.com/trailers/" + p.f.slug + ") if you want a sense of the look.")
	}
}

func (p *prose) heading() {
	var s strings.Builder
	s.WriteString("## ")
	switch p.r.IntN(4) {
	case 0:
		s.WriteString("On " + p.f.cast[p.r.IntN(len(p.f.cast))])
	case 1:
		s.WriteString(capitalize(pick(p.r, craftNouns)))
	default:
		s.WriteString(pick(p.r, headings))
	}
	p.block(s.String())
}

func (p *prose) list() {
	p.block(pick(p.r, listIntros))
	var s strings.Builder
	ordered := p.r.IntN(5) == 0
	for k := range 3 + p.r.IntN(3) {
		if k > 0 {
			s.WriteByte('\n')
		}
		if ordered {
			s.WriteString(strconv.Itoa(k+1) + ". ")
		} else {
			s.WriteString("- ")
		}
		p.fill(&s, pick(p.r, listItems))
	}
	p.block(s.String())
}

func (p *prose) quote() {
	var s strings.Builder
	if p.r.IntN(2) == 0 {
		s.WriteString("> \"")
		p.fill(&s, pick(p.r, dialogue))
		s.WriteString("\"")
	} else {
		s.WriteString("> ")
		p.fill(&s, pick(p.r, praises))
		s.WriteString("\n>\n> That was my first note, scribbled in the dark.")
	}
	p.block(s.String())
}

func (p *prose) table() {
	var s strings.Builder
	s.WriteString("| Scene | Minute | Verdict |\n|---|--:|---|")
	minute := 3 + p.r.IntN(10)
	for range 2 + p.r.IntN(3) {
		s.WriteString("\n| ")
		p.fill(&s, "{Thing}")
		s.WriteString(" | " + strconv.Itoa(minute) + " | ")
		p.fill(&s, "{adjp}")
		s.WriteString(" |")
		minute += 5 + p.r.IntN(30)
	}
	p.block(s.String())
}

// verdict ends the review and places any footnotes not yet referenced.
func (p *prose) verdict() {
	var s strings.Builder
	switch {
	case !p.rated:
		s.WriteString("No rating this time. " + pick(p.r, closersMixed))
	case p.h >= 6:
		s.WriteString(starWords(p.h) + ". " + pick(p.r, closersPositive))
	case p.h >= 4:
		s.WriteString(starWords(p.h) + ". " + pick(p.r, closersMixed))
	default:
		s.WriteString(starWords(p.h) + ". " + pick(p.r, closersNegative))
	}
	for p.placed < p.notes {
		p.placed++
		s.WriteString("[^" + strconv.Itoa(p.placed) + "]")
	}
	p.block(s.String())
}

// fill writes template t with its slots filled.
func (p *prose) fill(s *strings.Builder, t string) {
	for {
		open := strings.IndexByte(t, '{')
		if open < 0 {
			s.WriteString(t)
			return
		}
		end := strings.IndexByte(t[open:], '}') + open
		s.WriteString(t[:open])
		name := t[open+1 : end]
		v := p.slot(strings.ToLower(name[:1]) + name[1:])
		if unicode.IsUpper(rune(name[0])) {
			v = capitalize(v)
		}
		article(s, v)
		s.WriteString(v)
		t = t[end+1:]
	}
}

// article turns the "a" that s ends with into "an" when the next word,
// v, starts with a vowel.
func article(s *strings.Builder, v string) {
	done := s.String()
	if !strings.HasSuffix(done, "a ") && !strings.HasSuffix(done, "A ") {
		return
	}
	if len(done) > 2 && done[len(done)-3] != ' ' && done[len(done)-3] != '"' {
		return // "a" ends a longer word
	}
	if v = strings.TrimLeft(v, "*"); v == "" || !strings.ContainsRune("aeiouAEIOU", rune(v[0])) {
		return
	}
	// The builder cannot be cut; rewrite it.
	rest := done[:len(done)-1]
	s.Reset()
	s.WriteString(rest + "n ")
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// countWords counts words as strings.Fields does, without allocating.
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		c := s[i]
		var space bool
		if c < utf8.RuneSelf {
			space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}
