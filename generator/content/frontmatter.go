package content

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"
)

// format is a front matter syntax.
type format string

const (
	formatYAML format = "YAML"
	formatTOML format = "TOML"
	formatJSON format = "JSON"
)

// field is one top-level front matter key: its value, decoded to one of
// string, int64, float64, bool, time.Time, []any, map[string]any or nil,
// and the line it stands on.
type field struct {
	Value any
	Line  int
	Text  string // a YAML scalar as written, so that 007 stays 007 as text
}

// matter is a review's split front matter.
type matter struct {
	Format   format
	Fields   map[string]field
	Keys     []string // in the order written
	OpenLine int      // the line of the opening delimiter
	BodyLine int      // the line the body starts on
	Body     []byte
}

// captured is what adrg/frontmatter hands back: the raw block.
type captured struct {
	format format
	data   []byte
}

// formats tell adrg/frontmatter how to find each block; decoding is ours, so
// that errors carry lines and values keep their written types.
var formats = []*frontmatter.Format{
	capture("---", "---", formatYAML, false),
	capture("+++", "+++", formatTOML, false),
	capture("{", "}", formatJSON, true),
}

func capture(start, end string, f format, delims bool) *frontmatter.Format {
	ff := frontmatter.NewFormat(start, end, func(data []byte, v any) error {
		c := v.(*captured)
		c.format = f
		c.data = bytes.Clone(data)
		return nil
	})
	ff.UnmarshalDelims = delims
	ff.RequiresNewLine = delims
	return ff
}

// maxValues bounds how many YAML nodes a front matter may expand to, so that
// an alias bomb is an error rather than an out-of-memory.
const maxValues = 10000

// splitMatter finds the front matter of src (BOM and CRLF already removed)
// and decodes it. Errors are *Error values at the right line of file.
func splitMatter(file string, src []byte) (*matter, error) {
	openLine, opener := firstLine(src)
	var f format
	switch opener {
	case "---":
		f = formatYAML
	case "+++":
		f = formatTOML
	case "{":
		f = formatJSON
	default:
		if strings.HasPrefix(opener, "{") {
			return nil, &Error{File: file, Line: openLine, Err: fmt.Errorf("%w (JSON front matter needs its { and } on lines of their own)", ErrNoFrontMatter)}
		}
		return nil, &Error{File: file, Line: openLine, Err: ErrNoFrontMatter}
	}
	var c captured
	rest, err := frontmatter.MustParse(bytes.NewReader(src), &c, formats...)
	if errors.Is(err, frontmatter.ErrNotFound) {
		want := map[format]string{formatYAML: "closing --- line", formatTOML: "closing +++ line", formatJSON: "closing } line followed by an empty line"}[f]
		return nil, &Error{File: file, Line: openLine, Err: fmt.Errorf("%w: %s front matter opened here has no %s", ErrUnclosed, f, want)}
	}
	if err != nil {
		return nil, &Error{File: file, Line: openLine, Err: err}
	}
	m := &matter{Format: c.format, Body: rest, OpenLine: openLine}
	m.BodyLine = 1 + bytes.Count(src[:len(src)-len(rest)], []byte("\n"))
	dataLine := openLine + 1
	if c.format == formatJSON {
		dataLine = openLine
	}
	var raw map[string]any
	switch c.format {
	case formatYAML:
		err = decodeYAML(file, dataLine, c.data, m, "front matter")
	case formatTOML:
		raw, err = decodeTOML(file, dataLine, c.data)
	case formatJSON:
		raw, err = decodeJSON(file, dataLine, c.data)
	}
	if err != nil {
		return nil, err
	}
	if raw != nil {
		lines := keyLines(c.format, c.data)
		m.Fields = make(map[string]field, len(raw))
		for k, v := range raw {
			m.Keys = append(m.Keys, k)
			m.Fields[k] = field{Value: v, Line: dataLine + lines[k]}
		}
		slices.SortFunc(m.Keys, func(a, b string) int {
			return cmp.Or(cmp.Compare(m.Fields[a].Line, m.Fields[b].Line), cmp.Compare(a, b))
		})
	}
	return m, nil
}

// firstLine returns the first non-blank line of src, trimmed, and its number.
func firstLine(src []byte) (int, string) {
	n := 0
	for len(src) > 0 {
		n++
		line, rest, _ := bytes.Cut(src, []byte("\n"))
		if t := strings.TrimSpace(string(line)); t != "" {
			return n, t
		}
		src = rest
	}
	return 1, ""
}

var lineInMessage = regexp.MustCompile(`line (\d+)`)

// yamlError positions a YAML syntax error. yaml.v3 reports the line of the
// construct it was parsing, sometimes 0-based, sometimes the one before; the
// first prefix of the block that fails with the same message is the line
// the author has to look at.
func yamlError(file string, dataLine int, data []byte, err error, what string) error {
	msg := strings.TrimPrefix(lineInMessage.ReplaceAllString(err.Error(), ""), "yaml: ")
	msg = strings.TrimPrefix(msg, ": ")
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) <= 1000 {
		prefix := ""
		for i, l := range lines {
			prefix += l
			var n yaml.Node
			perr := yaml.Unmarshal([]byte(prefix), &n)
			if perr != nil && strings.HasSuffix(perr.Error(), msg) {
				return Errorf(file, dataLine+i, "%s: %s", what, msg)
			}
		}
	}
	return positioned(file, dataLine, err, lineInMessage, what)
}

// decodeYAML decodes a YAML mapping into m; what names the text in
// messages ("front matter").
func decodeYAML(file string, dataLine int, data []byte, m *matter, what string) error {
	var err error
	m.Fields, m.Keys, err = yamlMapping(file, dataLine, data, "invalid YAML "+what, what+" must be a mapping of keys to values")
	return err
}

// yamlMapping decodes a YAML mapping, data, that starts on line dataLine
// of file: its fields by key, and the keys in the order written. Syntax
// errors start with bad; a document that is no mapping is the error
// notMapping. An empty document has no fields.
func yamlMapping(file string, dataLine int, data []byte, bad, notMapping string) (map[string]field, []string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, yamlError(file, dataLine, data, err, bad)
	}
	fields := map[string]field{}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return fields, nil, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return fields, nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, nil, Errorf(file, dataLine+root.Line-1, "%s", notMapping)
	}
	var keys []string
	budget := maxValues
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		line := dataLine + k.Line - 1
		if prev, dup := fields[k.Value]; dup {
			return nil, nil, Errorf(file, line, "key %q appears twice (first on line %d)", k.Value, prev.Line)
		}
		val, err := yamlValue(v, &budget)
		if d := (*dupKey)(nil); errors.As(err, &d) {
			return nil, nil, Errorf(file, dataLine+d.at.Line-1, "%s: key %q appears twice (first on line %d)", k.Value, d.at.Value, dataLine+d.first.Line-1)
		}
		if err != nil {
			return nil, nil, &Error{File: file, Line: line, Err: fmt.Errorf("%s: %w", k.Value, err)}
		}
		keys = append(keys, k.Value)
		f := field{Value: val, Line: line}
		if v.Kind == yaml.ScalarNode {
			f.Text = v.Value
		}
		fields[k.Value] = f
	}
	return fields, keys, nil
}

// dupKey is the error of a mapping inside a field that has a key twice:
// the last value would win silently, as the field's own would not.
type dupKey struct{ first, at *yaml.Node }

func (e *dupKey) Error() string { return fmt.Sprintf("key %q appears twice", e.at.Value) }

// yamlValue converts a node to a plain value. Scalars keep their written
// text unless the tag says number or bool, so `film: No` stays "No".
func yamlValue(n *yaml.Node, budget *int) (any, error) {
	if *budget--; *budget < 0 {
		return nil, errors.New("too many values (alias expansion?)")
	}
	switch n.Kind {
	case yaml.AliasNode:
		return yamlValue(n.Alias, budget)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, budget)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		first := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if prev := first[k.Value]; prev != nil {
				return nil, &dupKey{first: prev, at: k}
			}
			first[k.Value] = k
			v, err := yamlValue(n.Content[i+1], budget)
			if err != nil {
				return nil, err
			}
			out[k.Value] = v
		}
		return out, nil
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return b, nil
		}
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return i, nil
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f, nil
		}
	}
	return n.Value, nil
}

func decodeTOML(file string, dataLine int, data []byte) (map[string]any, error) {
	if line := TOMLTooDeep(data); line > 0 {
		return nil, Errorf(file, dataLine+line-1, "invalid TOML front matter: tables and arrays nest more than %d deep", MaxTOMLDepth)
	}
	raw := map[string]any{}
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, Errorf(file, dataLine+pe.Position.Line-1, "invalid TOML front matter: %s", pe.Message)
		}
		return nil, positioned(file, dataLine, err, lineInMessage, "invalid TOML front matter")
	}
	return raw, nil
}

func decodeJSON(file string, dataLine int, data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw map[string]any
	err := dec.Decode(&raw)
	if err == nil {
		if _, err2 := dec.Token(); err2 != io.EOF {
			return nil, Errorf(file, dataLine+lineAt(data, int(dec.InputOffset())), "invalid JSON front matter: text after the closing }")
		}
		_, dups := jsonKeys(data)
		var errs []error
		for _, d := range dups {
			errs = append(errs, Errorf(file, dataLine+d.line, "key %q appears twice (first on line %d)", d.key, dataLine+d.first))
		}
		if len(errs) > 0 {
			return nil, Join(errs)
		}
		return raw, nil
	}
	off := int64(len(data))
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	return nil, Errorf(file, dataLine+lineAt(data, int(off)), "invalid JSON front matter: %v", err)
}

// lineAt is the 0-based line of byte offset off in data.
func lineAt(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return bytes.Count(data[:off], []byte("\n"))
}

// positioned turns a decoder error whose text says "line N" into an *Error
// at that line of the file.
func positioned(file string, dataLine int, err error, re *regexp.Regexp, what string) error {
	msg := err.Error()
	line := dataLine
	if m := re.FindStringSubmatchIndex(msg); m != nil {
		n, _ := strconv.Atoi(msg[m[2]:m[3]])
		line = dataLine + n - 1
		msg = strings.TrimSpace(strings.TrimPrefix(msg[:m[0]]+msg[m[1]:], ":"))
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.TrimPrefix(strings.TrimSpace(msg), ": ")
	return Errorf(file, line, "%s: %s", what, msg)
}

// keyLines returns the 0-based line of each top-level key written in data,
// in one pass; TOML and JSON decoders do not report key positions.
func keyLines(f format, data []byte) map[string]int {
	if f == formatJSON {
		lines, _ := jsonKeys(data)
		return lines
	}
	lines := map[string]int{}
	inString := "" // the delimiter of an open multi-line string
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if inString != "" {
			if strings.Count(t, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		if strings.HasPrefix(t, "[") {
			break // past the top-level table
		}
		k, rest, ok := strings.Cut(t, "=")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		if uq, err := strconv.Unquote(k); err == nil {
			k = uq
		} else {
			k = strings.Trim(k, "'")
		}
		if _, seen := lines[k]; !seen {
			lines[k] = i
		}
		for _, q := range []string{`"""`, "'''"} {
			if strings.Count(rest, q)%2 == 1 {
				inString = q
			}
		}
	}
	return lines
}

// jsonDup is a key written twice in one JSON object: its 0-based lines.
type jsonDup struct {
	key         string
	line, first int
}

// jsonKeys walks the tokens of a JSON object, noting where each top-level
// key stands and every key written twice in one object at any depth:
// encoding/json keeps the last value without a word, where YAML and TOML
// refuse the file.
func jsonKeys(data []byte) (lines map[string]int, dups []jsonDup) {
	type object struct {
		keys    map[string]int // nil for an array
		wantKey bool
	}
	var open []object
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return lines, dups
		}
		n := len(open)
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			open = open[:n-1]
			if n > 1 {
				open[n-2].wantKey = open[n-2].keys != nil
			}
			continue
		}
		if n > 0 && open[n-1].wantKey {
			key, _ := tok.(string)
			// InputOffset before the token may sit on the comma or
			// newline before it: count from the key's own quote.
			line := lineAt(data, int(start)+bytes.IndexByte(data[start:], '"'))
			if first, seen := open[n-1].keys[key]; seen {
				dups = append(dups, jsonDup{key, line, first})
			} else {
				open[n-1].keys[key] = line
			}
			open[n-1].wantKey = false
			continue
		}
		if d, ok := tok.(json.Delim); ok {
			o := object{}
			if d == '{' {
				o = object{keys: map[string]int{}, wantKey: true}
				if n == 0 {
					lines = o.keys
				}
			}
			open = append(open, o)
			continue
		}
		if n > 0 {
			open[n-1].wantKey = open[n-1].keys != nil
		}
	}
}
