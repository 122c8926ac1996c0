package content

import "bytes"

// MaxTOMLDepth bounds how deeply a TOML text (front matter, ssg.toml) may
// nest tables and arrays, counting the parts of table headers and dotted
// keys as a table each. BurntSushi/toml's memory grows with the square of
// the depth, its time too (3,000 nested inline tables, 12 KB, allocate
// 1 GB; a dotted key of 10,000 parts, 20 KB, 4 GB), and arrays 2,000,000
// deep overflow its goroutine's stack, a crash no recover stops. Real
// front matter is 2 or 3 deep; at 32 deep, text costs the decoder a few
// times what it does at 3.
const MaxTOMLDepth = 32

// TOMLTooDeep returns the 1-based line of data, TOML text, on which its
// tables and arrays nest deeper than MaxTOMLDepth, or 0 when they do not.
// It reads strings and comments as TOML does, so that brackets and dots
// in them count for nothing, and runs in one pass over data, whatever its
// depth, before the decoder does.
func TOMLTooDeep(data []byte) int {
	if off := tomlTooDeep(data, MaxTOMLDepth); off >= 0 {
		return lineAt(data, off) + 1
	}
	return 0
}

// tomlTooDeep returns the offset in data where its nesting passes limit,
// or -1. Its depth is the decoded value's: a top-level key's value is at
// depth 1, the parts of a header or a dotted key add one each, and so do
// an array's elements and an inline table's keys. Text that is no TOML
// is measured all the same; the decoder then refuses it.
func tomlTooDeep(data []byte, limit int) int {
	type container struct {
		table bool // an inline table; else an array
		depth int  // the depth of the container itself
	}
	var open []container
	header := 0              // the parts of the last table header: its keys' base
	depth := 1               // of the key or value being read
	key, fresh := true, true // reading a key; nothing read yet on a top-level line
	for i := 0; i < len(data); i++ {
		c := data[i]
		wasFresh := fresh
		switch c {
		case ' ', '\t', '\r':
			continue
		case '\n':
			if len(open) == 0 {
				depth, key, fresh = header+1, true, true
			}
			continue
		}
		fresh = false
		switch c {
		case '#':
			if j := bytes.IndexByte(data[i:], '\n'); j >= 0 {
				i += j - 1 // the newline is read next
			} else {
				i = len(data)
			}
		case '"', '\'':
			i = skipTOMLString(data, i) - 1
		case '=':
			key = false
		case '.':
			if key {
				if depth++; depth > limit {
					return i
				}
			}
		case '[':
			if wasFresh && len(open) == 0 {
				// A table header, [a.b] or [[a.b]]: its parts are the
				// depth of the keys below it.
				var ok bool
				if header, i, ok = tomlHeader(data, i, limit); !ok {
					return i
				}
				depth = header + 1
				continue
			}
			open = append(open, container{depth: depth})
			if depth++; depth > limit {
				return i
			}
		case '{':
			open = append(open, container{table: true, depth: depth})
			key = true
			if depth++; depth > limit {
				return i
			}
		case ',':
			if n := len(open); n > 0 {
				depth, key = open[n-1].depth+1, open[n-1].table
			}
		case ']', '}':
			if n := len(open); n > 0 {
				depth, key = open[n-1].depth, false
				open = open[:n-1]
			}
		}
	}
	return -1
}

// tomlHeader reads the table header that opens at data[i], [a.b] or
// [[a.b]], and returns the number of its parts and the offset of its last
// byte; ok is false, with the offset where it got too deep, when it has
// more parts than limit.
func tomlHeader(data []byte, i, limit int) (parts, end int, ok bool) {
	parts = 1
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '"', '\'':
			j = skipTOMLString(data, j) - 1
		case '.':
			if parts++; parts > limit {
				return parts, j, false
			}
		case ']':
			if j+1 < len(data) && data[j+1] == ']' {
				j++
			}
			return parts, j, true
		case '\n':
			return parts, j - 1, true // no header: the decoder says so
		}
	}
	return parts, len(data), true
}

// skipTOMLString returns the offset just past the string that opens at
// data[i] (a basic or literal string, one-line or multi-line), or
// len(data) when it is never closed. A one-line string ends at the end of
// its line whatever it holds, as the decoder refuses a newline in it.
func skipTOMLString(data []byte, i int) int {
	q := data[i]
	escapes := q == '"' // literal strings have none
	if bytes.HasPrefix(data[i:], []byte{q, q, q}) {
		for j := i + 3; j < len(data); j++ {
			switch {
			case data[j] == '\\' && escapes:
				j++
			case data[j] == q && bytes.HasPrefix(data[j:], []byte{q, q, q}):
				// Up to two more quotes are the string's own: """a"""""
				end := j + 3
				for end < len(data) && end < j+5 && data[end] == q {
					end++
				}
				return end
			}
		}
		return len(data)
	}
	for j := i + 1; j < len(data); j++ {
		switch {
		case data[j] == '\\' && escapes:
			if j+1 < len(data) && data[j+1] != '\n' {
				j++
			}
		case data[j] == q:
			return j + 1
		case data[j] == '\n':
			return j
		}
	}
	return len(data)
}
