package corpus

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// form is one way of writing a rating that ssg reads on a scale of four
// stars in half steps.
type form int

const (
	formSlash       form = iota // 3/4, 3.5/4
	formVulgar                  // 3½/4
	formComma                   // 3,5/4
	formQuarter                 // 3¼/4, 2¾/4: rounds to the nearest half
	formTen                     // 7/10
	formHundred                 // 62/100
	formFive                    // 4/5, 3.5/5
	formOutOf                   // 3 out of 4
	formOutOfVulgar             // 3½ out of 4
	formOutOfTen                // 8.5 out of 10
	formStars                   // ★★★½
	formStarsEmpty              // ★★½☆ or ★★★☆☆: out of all the symbols
	formNumber                  // rating: 3.5 (a number in the front matter)
	formText                    // rating: "3.5"
	formTextVulgar              // rating: "3½"
	numForms
)

// formNames name the forms, for tests and for reading this file.
var formNames = [numForms]string{"slash", "vulgar", "comma", "quarter", "ten", "hundred", "five",
	"out of", "out of vulgar", "out of ten", "stars", "stars with empties", "number", "text",
	"text vulgar"}

// fallback is the form an author who prefers f writes when f cannot
// express the rating (a half-star form for a whole rating, say).
var fallback = [numForms]form{formSlash, formSlash, formSlash, formSlash, formTen, formHundred,
	formFive, formOutOf, formOutOf, formOutOfTen, formSlash, formStars, formNumber, formText, formText}

// fits reports whether f can write the rating h, in half stars (0..8).
func (f form) fits(h int) bool {
	switch f {
	case formVulgar, formComma, formOutOfVulgar, formTextVulgar:
		return h%2 == 1
	case formQuarter, formStars:
		return h >= 1
	case formStarsEmpty:
		return h <= 6
	}
	return true
}

// half writes h half stars as a decimal: 7 is "3.5", 6 is "3".
func half(h int) string {
	if h%2 == 0 {
		return strconv.Itoa(h / 2)
	}
	return strconv.Itoa(h/2) + ".5"
}

// vulgarHalf writes an odd h with ½: 7 is "3½", 1 is "½".
func vulgarHalf(h int) string {
	if h == 1 {
		return "½"
	}
	return strconv.Itoa(h/2) + "½"
}

// write returns the rating h (0..8 half stars, f.fits(h)) as written in
// form f; bare reports a number to write without quotes.
func (f form) write(h int, r *rand.Rand) (text string, bare bool) {
	switch f {
	case formSlash:
		return half(h) + "/4", false
	case formVulgar:
		return vulgarHalf(h) + "/4", false
	case formComma:
		return strconv.Itoa(h/2) + ",5/4", false
	case formQuarter:
		// N¼ rounds up to N½; N¾ rounds up to N+1.
		if h%2 == 1 {
			if h == 1 {
				return "¼/4", false
			}
			return strconv.Itoa(h/2) + "¼/4", false
		}
		if h == 2 {
			return "¾/4", false
		}
		return strconv.Itoa(h/2-1) + "¾/4", false
	case formTen:
		return strconv.Itoa((h*5+2)/4) + "/10", false
	case formHundred:
		v := h*100/8 + r.IntN(9) - 4
		return strconv.Itoa(min(max(v, 0), 100)) + "/100", false
	case formFive:
		return half((h*5+2)/4) + "/5", false
	case formOutOf:
		return half(h) + " out of 4", false
	case formOutOfVulgar:
		return vulgarHalf(h) + " out of 4", false
	case formOutOfTen:
		return half((h*5+1)/2) + " out of 10", false
	case formStars:
		return stars(h, 0), false
	case formStarsEmpty:
		if h <= 6 && r.IntN(2) == 0 {
			return stars(h, 4), false
		}
		// Out of five symbols: h*5/4 half stars, which leaves an empty one.
		return stars((h*5+2)/4, 5), false
	case formNumber:
		return half(h), true
	case formText:
		return half(h), false
	case formTextVulgar:
		return vulgarHalf(h), false
	}
	panic("corpus: unknown rating form")
}

// stars draws h half stars; with symbols > 0, empty stars fill the rest.
func stars(h, symbols int) string {
	var b strings.Builder
	for range h / 2 {
		b.WriteRune('★')
	}
	if h%2 == 1 {
		b.WriteRune('½')
	}
	for range symbols - h/2 - h%2 {
		b.WriteRune('☆')
	}
	return b.String()
}

// starWords says h half stars in words, for the verdict.
func starWords(h int) string {
	whole := []string{"Zero", "One", "Two", "Three", "Four"}[h/2]
	switch {
	case h == 1:
		return "Half a star"
	case h == 2:
		return "One star"
	case h%2 == 1:
		return whole + " and a half stars"
	}
	return whole + " stars"
}
