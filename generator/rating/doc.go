// Package rating reads a review's rating as the author wrote it and
// normalizes it onto the site's one rating scale.
//
// Input is the rating text from a review's front matter ("3½/4", "7/10",
// "3 out of 4", "★★★½", or a bare number such as "3.5") and the site's
// [Scale] (by default four stars in half-star steps). Output is a [Rating]
// that keeps the text as written, the exact value on the site scale, and
// that value rounded to the nearest step, halves rounding up: "7/10" on
// four stars is exactly 2.8 and shows as 3.
//
// All arithmetic is exact (math/big.Rat), so "62/100" and "31/50" always
// land on the same step; floating point appears only in [Rating.Fraction],
// which is for drawing. Errors wrap one of the sentinels [ErrAboveScale],
// [ErrNegative], [ErrZeroScale], [ErrMissingScale] and [ErrUnreadable] and
// read like `rating "11/10": above its scale`; the caller adds file and line.
//
// [Scale] and [Rating] values are immutable once made, and every method
// returns fresh copies, so both are safe for concurrent use. The package
// never logs.
package rating
