package rating

import (
	"math/big"
	"strings"
)

// Format returns v as the shortest plain decimal: 3 is "3", 7/2 is "3.5",
// 14/5 is "2.8". A value with no finite decimal form is rounded half up to
// two places with trailing zeros trimmed, so 1/3 is "0.33" and 2/3 is
// "0.67". Negative values have a leading "-"; nil formats as "0".
func Format(v *big.Rat) string {
	if v == nil {
		return "0"
	}
	places, exact := decimalPlaces(v.Denom())
	if exact {
		return v.FloatString(places)
	}
	// A fraction whose decimals never end is never exactly halfway at two
	// places, so FloatString's rounding (halves away from zero) is
	// rounding half up here.
	s := v.FloatString(2)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// decimalPlaces reports whether a fraction with the positive denominator d
// has a finite decimal form, and how many places it needs: d = 2^a * 5^b
// needs max(a, b).
func decimalPlaces(d *big.Int) (places int, finite bool) {
	d = new(big.Int).Set(d)
	var twos, fives int
	two, five := big.NewInt(2), big.NewInt(5)
	q, r := new(big.Int), new(big.Int)
	for {
		if q.QuoRem(d, two, r); r.Sign() != 0 {
			break
		}
		d.Set(q)
		twos++
	}
	for {
		if q.QuoRem(d, five, r); r.Sign() != 0 {
			break
		}
		d.Set(q)
		fives++
	}
	return max(twos, fives), d.IsInt64() && d.Int64() == 1
}
