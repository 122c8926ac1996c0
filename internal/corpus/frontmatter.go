package corpus

import (
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
)

// kind is the type of a front matter value.
type kind int

const (
	kindText kind = iota
	kindBare      // a number or boolean, written as is
	kindDate
	kindList
)

// entry is one front matter key and its value.
type entry struct {
	key   string
	kind  kind
	text  string
	list  []string
	date  time.Time
	clock bool
}

// matter writes front matter in one of the three formats, with the small
// variations real authors make (quoted or plain YAML strings, flow or
// block lists, local or zoned dates).
type matter struct {
	entries []entry
	r       *rand.Rand
}

func (m *matter) text(key, v string) { m.entries = append(m.entries, entry{key: key, text: v}) }
func (m *matter) bare(key, v string) {
	m.entries = append(m.entries, entry{key: key, kind: kindBare, text: v})
}
func (m *matter) list(key string, v []string) {
	m.entries = append(m.entries, entry{key: key, kind: kindList, list: v})
}
func (m *matter) date(key string, t time.Time, clock bool) {
	m.entries = append(m.entries, entry{key: key, kind: kindDate, date: t, clock: clock})
}

var escaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// quote writes s as a double-quoted string, valid in YAML, TOML and JSON
// alike for the printable text this package generates.
func quote(s string) string { return `"` + escaper.Replace(s) + `"` }

// plainYAML reports whether s reads back as the same string unquoted in
// YAML: words of letters, with apostrophes inside them.
func plainYAML(s string) bool {
	for k, c := range s {
		if !unicode.IsLetter(c) && !(c == ' ' || c == '\'') || (k == 0 && !unicode.IsUpper(c)) {
			return false
		}
	}
	return s != "" && !strings.HasSuffix(s, " ")
}

// zones are the offsets a zoned date may carry.
var zones = []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("", 2*3600),
	time.FixedZone("", -5*3600), time.FixedZone("", 9*3600)}

// dateText writes t for YAML or JSON: a date, a date and time, or a full
// RFC 3339 time with a zone.
func (m *matter) dateText(e entry) string {
	if !e.clock {
		return e.date.Format("2006-01-02")
	}
	if m.r.IntN(3) == 0 {
		t := e.date
		z := pick(m.r, zones)
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, z)
		return t.Format(time.RFC3339)
	}
	return e.date.Format("2006-01-02 15:04")
}

// write writes the front matter block in format, ending with the blank
// line before the body.
func (m *matter) write(b *strings.Builder, format int) {
	switch format {
	case fmtYAML:
		m.yaml(b)
	case fmtTOML:
		m.toml(b)
	case fmtJSON:
		m.json(b)
	}
	b.WriteString("\n")
}

func (m *matter) yaml(b *strings.Builder) {
	plain := m.r.IntN(3) == 0 // this author leaves simple strings unquoted
	flow := m.r.IntN(3) != 0  // and writes lists [a, b] rather than one a line
	b.WriteString("---\n")
	for _, e := range m.entries {
		b.WriteString(e.key + ":")
		switch e.kind {
		case kindText:
			if plain && plainYAML(e.text) {
				b.WriteString(" " + e.text)
			} else {
				b.WriteString(" " + quote(e.text))
			}
		case kindBare:
			b.WriteString(" " + e.text)
		case kindDate:
			d := m.dateText(e)
			if m.r.IntN(8) == 0 {
				d = quote(d)
			}
			b.WriteString(" " + d)
		case kindList:
			if flow {
				b.WriteString(" " + flowList(e.list))
				break
			}
			for _, s := range e.list {
				b.WriteString("\n  - " + quote(s))
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("---\n")
}

func (m *matter) toml(b *strings.Builder) {
	b.WriteString("+++\n")
	for _, e := range m.entries {
		b.WriteString(e.key + " = ")
		switch e.kind {
		case kindText:
			b.WriteString(quote(e.text))
		case kindBare:
			b.WriteString(e.text)
		case kindDate:
			// TOML has dates of its own: local ones are read in the
			// site's zone.
			switch {
			case !e.clock:
				b.WriteString(e.date.Format("2006-01-02"))
			case m.r.IntN(2) == 0:
				b.WriteString(e.date.Format("2006-01-02T15:04:05"))
			default:
				b.WriteString(quote(m.dateText(e)))
			}
		case kindList:
			b.WriteString(flowList(e.list))
		}
		b.WriteString("\n")
	}
	b.WriteString("+++\n")
}

func (m *matter) json(b *strings.Builder) {
	b.WriteString("{\n")
	for k, e := range m.entries {
		b.WriteString("  " + quote(e.key) + ": ")
		switch e.kind {
		case kindText:
			b.WriteString(quote(e.text))
		case kindBare:
			b.WriteString(e.text)
		case kindDate:
			b.WriteString(quote(m.dateText(e)))
		case kindList:
			b.WriteString(flowList(e.list))
		}
		if k < len(m.entries)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
}

func flowList(list []string) string {
	q := make([]string, len(list))
	for k, s := range list {
		q[k] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
