package rating

import (
	"fmt"
	"math/big"
	"strings"
)

// maxSteps bounds the number of steps on a scale. Scale.Values and the
// site's per-rating pages enumerate every step, so a scale such as
// 1000000 in steps of 0.001 must be refused rather than allocated.
const maxSteps = 1000

// Scale is the site's one rating scale: ratings run from 0 to a maximum in
// whole steps. It is immutable and safe for concurrent use. The zero Scale
// behaves like [DefaultScale].
type Scale struct {
	max, step *big.Rat // never modified after NewScale; nil means the default
}

// NewScale returns the scale from 0 to max in steps of step, both given as
// plain decimals such as "4", "0.5", "10" or "0.25" (as in ssg.toml). The
// maximum must be a whole number of steps, and at most 1000 of them.
func NewScale(max, step string) (Scale, error) {
	m, err := scaleNumber("scale", max)
	if err != nil {
		return Scale{}, err
	}
	st, err := scaleNumber("step", step)
	if err != nil {
		return Scale{}, err
	}
	if st.Cmp(m) > 0 {
		return Scale{}, fmt.Errorf("rating step %s: larger than the scale %s", Format(st), Format(m))
	}
	n := new(big.Rat).Quo(m, st)
	if !n.IsInt() {
		return Scale{}, fmt.Errorf("rating scale %s: not a whole number of steps of %s", Format(m), Format(st))
	}
	if n.Num().Cmp(big.NewInt(maxSteps)) > 0 {
		return Scale{}, fmt.Errorf("rating scale %s: more than %d steps of %s", Format(m), maxSteps, Format(st))
	}
	return Scale{max: m, step: st}, nil
}

// scaleNumber reads one setting of NewScale, which must be a positive
// decimal; what names it in errors ("scale" or "step").
func scaleNumber(what, s string) (*big.Rat, error) {
	v, ok := readNumber(strings.TrimSpace(s), false)
	if !ok {
		return nil, fmt.Errorf("rating %s %q: not a decimal number", what, s)
	}
	if v.Sign() <= 0 {
		return nil, fmt.Errorf("rating %s %q: must be greater than zero", what, s)
	}
	return v, nil
}

// DefaultScale returns the critics' four stars in half-star steps.
func DefaultScale() Scale {
	return Scale{max: big.NewRat(4, 1), step: big.NewRat(1, 2)}
}

// bounds returns the scale's maximum and step without copying; callers
// must not modify them.
func (s Scale) bounds() (siteMax, step *big.Rat) {
	if s.max == nil {
		d := DefaultScale()
		return d.max, d.step
	}
	return s.max, s.step
}

// Max returns a fresh copy of the scale's maximum.
func (s Scale) Max() *big.Rat {
	m, _ := s.bounds()
	return new(big.Rat).Set(m)
}

// Step returns a fresh copy of the scale's step.
func (s Scale) Step() *big.Rat {
	_, st := s.bounds()
	return new(big.Rat).Set(st)
}

// Values returns every value the scale can show, ascending from 0 to the
// maximum in steps: 0, 0.5, 1, …, 4 on the default scale.
func (s Scale) Values() []*big.Rat {
	m, st := s.bounds()
	var vs []*big.Rat
	for v := new(big.Rat); v.Cmp(m) <= 0; v = new(big.Rat).Add(v, st) {
		vs = append(vs, v)
	}
	return vs
}

// String returns the scale's maximum as a plain decimal, such as "4".
func (s Scale) String() string {
	m, _ := s.bounds()
	return Format(m)
}
