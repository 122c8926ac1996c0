package rating

import (
	"errors"
	"math/big"
	"os"
	"strings"
	"testing"
)

// FuzzRating checks Parse's invariants on the default scale and on scales
// of 10 in whole steps and 5 in quarter steps.
func FuzzRating(f *testing.F) {
	seeds, err := os.ReadFile("testdata/ratings.txt")
	if err != nil {
		f.Fatal(err)
	}
	for line := range strings.Lines(string(seeds)) {
		f.Add(strings.TrimRight(line, "\r\n"))
	}
	for _, s := range []string{"", " ", "\xff", "3\xbd/4", "★\xe2\x98", strings.Repeat("9", 65), "-0/4", "0.000000000001/1"} {
		f.Add(s)
	}
	scales := []Scale{DefaultScale(), mustScale(f, "10", "1"), mustScale(f, "5", "0.25")}
	sentinels := []error{ErrAboveScale, ErrNegative, ErrZeroScale, ErrMissingScale, ErrUnreadable}
	f.Fuzz(func(t *testing.T, in string) {
		for _, s := range scales {
			r, err := Parse(in, s)
			if err != nil {
				wrapped := false
				for _, e := range sentinels {
					if errors.Is(err, e) && strings.HasSuffix(err.Error(), ": "+e.Error()) {
						wrapped = true
					}
				}
				if !wrapped || !strings.HasPrefix(err.Error(), "rating \"") {
					t.Fatalf("Parse(%q) on %s: error %q wraps no sentinel", in, s, err)
				}
				continue
			}
			checkRating(t, in, s, r)
		}
	})
}

// checkRating asserts what holds for every rating Parse accepts.
func checkRating(t *testing.T, in string, s Scale, r Rating) {
	t.Helper()
	v, exact, step := r.Value(), r.Exact(), s.Step()
	if v.Sign() < 0 || v.Cmp(s.Max()) > 0 {
		t.Fatalf("Parse(%q) on %s: Value %s outside 0..%s", in, s, v.RatString(), s)
	}
	if !new(big.Rat).Quo(v, step).IsInt() {
		t.Fatalf("Parse(%q) on %s: Value %s is not on a step of %s", in, s, v.RatString(), step.RatString())
	}
	diff := new(big.Rat).Sub(exact, v)
	halfStep := new(big.Rat).Quo(step, big.NewRat(2, 1))
	if diff.Abs(diff).Cmp(halfStep) > 0 {
		t.Fatalf("Parse(%q) on %s: Exact %s is more than half a step from Value %s", in, s, exact.RatString(), v.RatString())
	}
	if f := r.Fraction(); !(f >= 0 && f <= 1) {
		t.Fatalf("Parse(%q) on %s: Fraction %v outside [0, 1]", in, s, f)
	}
	if r.Written != strings.TrimSpace(in) {
		t.Fatalf("Parse(%q): Written = %q", in, r.Written)
	}
	// The shown value, written as a bare number, reads back as itself.
	back, err := Parse(r.String(), s)
	if err != nil || back.Value().Cmp(v) != 0 || back.Exact().Cmp(v) != 0 {
		t.Fatalf("Parse(%q) on %s shows %q, which reads back as %v, %v", in, s, r, back.Value(), err)
	}
}
