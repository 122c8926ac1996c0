package rating

import (
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Star symbols. A half star is written with the vulgar fraction ½.
const (
	fullStar  = '★' // U+2605
	emptyStar = '☆' // U+2606
)

// vulgar holds the vulgar fractions a number may end with, as in "3½".
var vulgar = map[rune][2]int64{'½': {1, 2}, '¼': {1, 4}, '¾': {3, 4}}

// read splits a trimmed written rating into its value n and the scale m it
// is out of; a rating on the site scale is out of siteMax. The results are
// fresh and may be modified. It reports only ErrUnreadable and
// ErrMissingScale; check judges the numbers.
func read(w string, siteMax *big.Rat) (n, m *big.Rat, err error) {
	if w == "" || len(w) > maxWritten || !utf8.ValidString(w) {
		return nil, nil, ErrUnreadable
	}
	if strings.ContainsRune(w, fullStar) || strings.ContainsRune(w, emptyStar) {
		return readStars(w, siteMax)
	}
	if num, scale, ok := splitOutOf(w); ok {
		return readRatio(num, scale)
	}
	if num, scale, ok := strings.Cut(w, "/"); ok {
		if strings.Contains(scale, "/") {
			return nil, nil, ErrUnreadable
		}
		return readRatio(num, scale)
	}
	v, ok := readNumber(w, true)
	if !ok {
		return nil, nil, ErrUnreadable
	}
	return v, new(big.Rat).Set(siteMax), nil
}

// splitOutOf splits "N out of M" (any case, any spacing) into N and M.
func splitOutOf(w string) (num, scale string, ok bool) {
	f := strings.Fields(w)
	for i := 0; i+1 < len(f); i++ {
		if strings.EqualFold(f[i], "out") && strings.EqualFold(f[i+1], "of") {
			return strings.Join(f[:i], " "), strings.Join(f[i+2:], " "), true
		}
	}
	return "", "", false
}

// readRatio reads the two sides of "N/M" or "N out of M". Only N may end in
// a vulgar fraction: "3/4½" is no scale a reader would recognise.
func readRatio(num, scale string) (n, m *big.Rat, err error) {
	n, ok := readNumber(strings.TrimSpace(num), true)
	if !ok {
		return nil, nil, ErrUnreadable
	}
	scale = strings.TrimSpace(scale)
	if scale == "" {
		return nil, nil, ErrMissingScale
	}
	m, ok = readNumber(scale, false)
	if !ok {
		return nil, nil, ErrUnreadable
	}
	return n, m, nil
}

// readStars reads full stars, then at most one ½, then empty stars, with
// any spacing. With empty stars the rating is out of the number of symbols
// ("★★½☆☆" is 2.5 out of 5); without, it is on the site scale.
func readStars(w string, siteMax *big.Rat) (n, m *big.Rat, err error) {
	var full, half, empty int64
	for _, r := range w {
		switch {
		case unicode.IsSpace(r):
		case r == fullStar && half == 0 && empty == 0:
			full++
		case r == '½' && half == 0 && empty == 0:
			half++
		case r == emptyStar:
			empty++
		default:
			return nil, nil, ErrUnreadable
		}
	}
	n = big.NewRat(2*full+half, 2)
	if empty == 0 {
		return n, new(big.Rat).Set(siteMax), nil
	}
	return n, big.NewRat(full+half+empty, 1), nil
}

// readNumber reads a plain decimal such as "3", "3.5", "3,5" or "-1",
// optionally (if vulgarOK) followed by ½, ¼ or ¾, with or without a space
// between ("3½", "3 ½", "½"). It refuses exponents, signs other than a
// leading minus, non-ASCII digits and more than maxDigits digits, so
// "NaN", "1e3" and "3..5" are not numbers.
func readNumber(s string, vulgarOK bool) (*big.Rat, bool) {
	neg := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		neg, s = true, rest
	} else if rest, ok := strings.CutPrefix(s, "−"); ok { // U+2212 minus sign
		neg, s = true, rest
	}
	i := digitsEnd(s, 0)
	whole, frac := s[:i], ""
	if whole != "" && i < len(s) && (s[i] == '.' || s[i] == ',') {
		j := digitsEnd(s, i+1)
		if j == i+1 {
			return nil, false // "3." or "3..5"
		}
		frac, i = s[i+1:j], j
	}
	digits := whole + frac
	if len(digits) > maxDigits {
		return nil, false
	}
	v := new(big.Rat)
	if digits != "" {
		d, err := strconv.ParseInt(digits, 10, 64)
		if err != nil {
			return nil, false
		}
		v.SetFrac(big.NewInt(d), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil))
	}
	rest := s[i:]
	if frac == "" && whole != "" {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	}
	if rest != "" {
		r, size := utf8.DecodeRuneInString(rest)
		f, ok := vulgar[r]
		if !vulgarOK || !ok || frac != "" || size != len(rest) {
			return nil, false
		}
		v.Add(v, big.NewRat(f[0], f[1]))
	} else if digits == "" {
		return nil, false
	}
	if neg {
		v.Neg(v)
	}
	return v, true
}

// digitsEnd returns the index after the run of ASCII digits in s at i.
func digitsEnd(s string, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}
