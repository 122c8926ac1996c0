package rating

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"unicode/utf8"
)

// Parse's errors wrap one of these sentinels, which tell why it refused a
// rating; test for them with errors.Is.
var (
	// ErrAboveScale means the rating is higher than its own scale ("11/10"),
	// or a bare number or run of stars is higher than the site's scale.
	ErrAboveScale = errors.New("above its scale")
	// ErrNegative means the rating or its scale is below zero ("-1/4").
	ErrNegative = errors.New("negative")
	// ErrZeroScale means the rating is out of zero ("3/0").
	ErrZeroScale = errors.New("zero scale")
	// ErrMissingScale means the scale after "/" or "out of" is missing ("3/").
	ErrMissingScale = errors.New("missing scale")
	// ErrUnreadable means the text is no form of rating Parse knows.
	ErrUnreadable = errors.New("unreadable")
)

// maxWritten bounds the length in bytes of a written rating, and maxDigits
// the digits of each number in it, so that the exact arithmetic stays cheap
// whatever a review contains.
const (
	maxWritten = 64
	maxDigits  = 12
)

// Rating is one review's rating: the text as written, its exact value on
// the site scale, and that value rounded to the nearest step. It is
// immutable after Parse and safe for concurrent use; the zero Rating is 0.
type Rating struct {
	// Written is the rating as the author wrote it, whitespace-trimmed.
	Written string

	exact, value *big.Rat // never modified after Parse; nil means 0
	fraction     float64
}

// Parse reads a written rating and normalizes it onto the scale s. It
// accepts "N/M" and "N out of M" (N may end in ½, ¼ or ¾; a comma may
// serve as the decimal point), stars ("★★★½" on the site scale, or
// "★★½☆☆" out of all the symbols) and a bare number on the site scale.
// Errors read like `rating "11/10": above its scale` and wrap one of the
// package's sentinels.
func Parse(written string, s Scale) (Rating, error) {
	w := strings.TrimSpace(written)
	siteMax, step := s.bounds()
	n, m, err := read(w, siteMax)
	if err == nil {
		err = check(n, m)
	}
	if err != nil {
		return Rating{}, fmt.Errorf("rating %s: %w", quote(w), err)
	}
	exact := n.Mul(n, siteMax)
	exact.Quo(exact, m)
	value := roundToStep(exact, step)
	fraction, _ := new(big.Rat).Quo(value, siteMax).Float64()
	return Rating{Written: w, exact: exact, value: value, fraction: fraction}, nil
}

// check refuses a rating n out of m that cannot be shown on a scale.
func check(n, m *big.Rat) error {
	switch {
	case m.Sign() == 0:
		return ErrZeroScale
	case n.Sign() < 0 || m.Sign() < 0:
		return ErrNegative
	case n.Cmp(m) > 0:
		return ErrAboveScale
	}
	return nil
}

// roundToStep returns the multiple of step nearest to the non-negative v,
// rounding halves up: floor(v/step + 1/2) * step.
func roundToStep(v, step *big.Rat) *big.Rat {
	q := new(big.Rat).Quo(v, step)
	q.Add(q, big.NewRat(1, 2))
	n := new(big.Int).Quo(q.Num(), q.Denom()) // q >= 0, so truncation is floor
	return new(big.Rat).Mul(new(big.Rat).SetInt(n), step)
}

// quote quotes a written rating for an error message, cutting one that is
// too long to be a rating so a stray paragraph does not flood the report.
func quote(w string) string {
	if len(w) <= maxWritten {
		return fmt.Sprintf("%q", w)
	}
	cut := maxWritten
	for cut > 0 && !utf8.RuneStart(w[cut]) {
		cut--
	}
	return fmt.Sprintf("%q…", w[:cut])
}

// Exact returns a fresh copy of the rating on the site scale before
// rounding: "7/10" on four stars is 14/5 (2.8).
func (r Rating) Exact() *big.Rat {
	if r.exact == nil {
		return new(big.Rat)
	}
	return new(big.Rat).Set(r.exact)
}

// Value returns a fresh copy of the rating rounded to the nearest step of
// the site scale, halves rounding up: 2.8 and 2.75 become 3, 2.74 becomes 2.5.
func (r Rating) Value() *big.Rat {
	if r.value == nil {
		return new(big.Rat)
	}
	return new(big.Rat).Set(r.value)
}

// String returns the rounded value as a plain decimal: "3", "3.5", "2.25".
func (r Rating) String() string {
	return Format(r.Value())
}

// Fraction returns the rounded value as a share of the site scale's
// maximum, from 0 to 1, for drawing stars.
func (r Rating) Fraction() float64 {
	return r.fraction
}
