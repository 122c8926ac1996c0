// Package slug turns titles, names and headings into URL slugs.
//
// Its one function, Make, takes any string (a film title, a director's name,
// a heading) and returns lowercase ASCII letters, digits and single dashes,
// transliterating other scripts with github.com/gosimple/unidecode. It is used
// for page URLs and for heading ids, so both transliterate identically.
//
// The package holds no mutable state; Make is safe for concurrent use.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gosimple/unidecode"
)

// Make returns the URL slug of s: lowercase ASCII letters, digits and single
// dashes, with no leading or trailing dash. Other scripts are transliterated
// ("Amélie" becomes "amelie"), apostrophes are dropped so that
// "Schindler's List" becomes "schindlers-list", "&" becomes "and", and every
// other run of characters that are neither letters nor digits becomes one
// dash. A slug is at most MaxLen bytes, cut after its last whole word that
// fits. Make returns "" when s has nothing usable; callers report that.
// Make(Make(s)) == Make(s) for every s.
func Make(s string) string { return cut(Key(s)) }

// Key is Make before the cut: what tells two names apart when their slugs,
// cut, would be one (two long titles that differ in their last words), so
// that they are found to want one URL rather than taken for one name.
func Key(s string) string {
	if !isASCII(s) {
		s = unidecode.Unidecode(spaceSymbols(s))
	}
	var b strings.Builder
	b.Grow(len(s))
	dash := false // a dash is owed before the next letter or digit
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '\'':
			// Unidecode has already turned ’ and ʼ into ', and a Cyrillic
			// soft sign too: all are dropped rather than breaking the word.
			continue
		case c == '&':
			if b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteString("and")
			dash = true
			continue
		default:
			dash = true
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteByte(c)
	}
	return b.String()
}

// MaxLen is the longest slug Make returns: a slug names a folder of the
// output, and file systems refuse names over 255 bytes; a film's slug may
// still take its year ("-1979").
const MaxLen = 200

// cut shortens a slug to MaxLen bytes, at a dash when one is in its second
// half, and never leaves a dash at its end.
func cut(s string) string {
	if len(s) <= MaxLen {
		return s
	}
	if s[MaxLen] == '-' {
		return s[:MaxLen]
	}
	s = s[:MaxLen]
	if i := strings.LastIndexByte(s, '-'); i > MaxLen/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, "-")
}

// spaceSymbols puts spaces around non-ASCII runes that are not part of a word
// (½, ·, ★) and around Han ideographs, so that their transliterations stay
// separate words: "8½" becomes "8-1-2", not "81-2", and "千と千尋" becomes
// "qian-to-qian-xun", not "qian-toqian-xun". Other letters, marks, digits, invisible format characters
// (soft hyphen) and the typographic apostrophe stay joined.
func spaceSymbols(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		word := r < utf8.RuneSelf || r == '’' || unicode.In(r, unicode.L, unicode.M, unicode.Nd, unicode.Cf)
		if word && !unicode.Is(unicode.Han, r) {
			b.WriteRune(r)
			continue
		}
		b.WriteByte(' ')
		b.WriteRune(r)
		b.WriteByte(' ')
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
