package check

import "strings"

// The values of these attributes are written by hand in a review's raw
// HTML (ssg.toml's unsafe_html) as well as by the theme, so they are read
// as the HTML standard's algorithms read them, which browsers follow.

// parseSrcset returns the URLs of a srcset ("a.jpg 1x, b.jpg 2x"), as the
// standard's "parse a srcset attribute" finds them: candidates are
// separated by commas, a URL ends at white space and may itself hold
// commas (not at its end), and a descriptor's parentheses may hold commas.
// Every URL returned is non-empty, holds no white space and neither starts
// nor ends with a comma.
func parseSrcset(s string) []string {
	var urls []string
	i := 0
	for {
		for i < len(s) && (isSpace(s[i]) || s[i] == ',') {
			i++
		}
		if i >= len(s) {
			return urls
		}
		start := i
		for i < len(s) && !isSpace(s[i]) {
			i++
		}
		u := s[start:i]
		if trimmed := strings.TrimRight(u, ","); trimmed != u {
			urls = append(urls, trimmed) // a URL ending in commas has no descriptors
			continue
		}
		urls = append(urls, u)
		// Skip the descriptors, up to a comma outside parentheses.
		inParens := false
	descriptors:
		for ; i < len(s); i++ {
			switch s[i] {
			case '(':
				inParens = true
			case ')':
				inParens = false
			case ',':
				if !inParens {
					i++
					break descriptors
				}
			}
		}
	}
}

// parseRefresh returns the URL of a <meta http-equiv="refresh"> content
// ("0; url=/reviews/x/"), as the standard's "shared declarative refresh
// steps" read it; false when it names none (the page reloads itself) or
// cannot be read. The URL is a non-empty part of s, not yet trimmed of
// white space.
func parseRefresh(s string) (string, bool) {
	i := skipSpace(s, 0)
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == start && (i >= len(s) || s[i] != '.') {
		return "", false // no time
	}
	for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
		i++
	}
	if i >= len(s) {
		return "", false
	}
	if s[i] != ';' && s[i] != ',' && !isSpace(s[i]) {
		return "", false
	}
	i = skipSpace(s, i)
	if i < len(s) && (s[i] == ';' || s[i] == ',') {
		i = skipSpace(s, i+1)
	}
	if i >= len(s) {
		return "", false
	}
	whole := s[i:] // the URL, when what follows is not "url="
	if s[i] == 'u' || s[i] == 'U' {
		j := i + 1
		if j >= len(s) || (s[j] != 'r' && s[j] != 'R') {
			return whole, true
		}
		j++
		if j >= len(s) || (s[j] != 'l' && s[j] != 'L') {
			return whole, true
		}
		j = skipSpace(s, j+1)
		if j >= len(s) || s[j] != '=' {
			return whole, true
		}
		i = skipSpace(s, j+1)
	}
	u := s[i:]
	if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		u = s[i+1:]
		if k := strings.IndexByte(u, s[i]); k >= 0 {
			u = u[:k]
		}
	}
	return u, u != ""
}

// isSpace reports whether b is ASCII white space, as HTML defines it.
func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}
