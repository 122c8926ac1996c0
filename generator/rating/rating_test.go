package rating

import (
	"errors"
	"math/big"
	"strings"
	"testing"
)

func mustScale(t testing.TB, max, step string) Scale {
	t.Helper()
	s, err := NewScale(max, step)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func rat(t testing.TB, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("bad rational %q in test", s)
	}
	return r
}

func TestParse(t *testing.T) {
	four := DefaultScale()
	ten := mustScale(t, "10", "1")
	five := mustScale(t, "5", "0.25")
	tests := []struct {
		name  string
		in    string
		scale Scale
		exact string // rational, as for big.Rat.SetString
		value string // rational
		str   string // String()
	}{
		// N/M on four stars.
		{"fraction", "3/4", four, "3", "3", "3"},
		{"fraction decimal", "3.5/4", four, "7/2", "7/2", "3.5"},
		{"fraction spaced", "  3.5 / 4  ", four, "7/2", "7/2", "3.5"},
		{"fraction half", "3½/4", four, "7/2", "7/2", "3.5"},
		{"fraction space half", "3 ½/4", four, "7/2", "7/2", "3.5"},
		{"fraction only half", "½/4", four, "1/2", "1/2", "0.5"},
		{"fraction quarter rounds up", "¼/4", four, "1/4", "1/2", "0.5"},
		{"fraction three quarters", "3¾/4", four, "15/4", "4", "4"},
		{"fraction comma", "3,5/4", four, "7/2", "7/2", "3.5"},
		{"fraction ten", "7/10", four, "14/5", "3", "3"},
		{"fraction hundred", "62/100", four, "62/25", "5/2", "2.5"},
		{"fraction zero", "0/4", four, "0", "0", "0"},
		{"fraction full", "4/4", four, "4", "4", "4"},
		{"fraction thirds", "2/3", four, "8/3", "5/2", "2.5"},
		{"fraction exact half rounds up", "11/16", four, "11/4", "3", "3"},
		{"fraction decimal scale", "2/2.5", four, "16/5", "3", "3"},
		{"fraction leading zeros", "03/04", four, "3", "3", "3"},
		{"fraction twelve digits", "999999999999/999999999999", four, "4", "4", "4"},
		// N out of M.
		{"out of", "3 out of 4", four, "3", "3", "3"},
		{"out of upper", "3 OUT OF 4", four, "3", "3", "3"},
		{"out of spaced", "3   out\tof  4", four, "3", "3", "3"},
		{"out of half", "3½ out of 4", four, "7/2", "7/2", "3.5"},
		{"out of space half", "3 ½ out of 4", four, "7/2", "7/2", "3.5"},
		{"out of ten", "8.5 out of 10", four, "17/5", "7/2", "3.5"},
		// Stars.
		{"stars half", "★★★½", four, "7/2", "7/2", "3.5"},
		{"stars full", "★★★★", four, "4", "4", "4"},
		{"stars one", "★", four, "1", "1", "1"},
		{"stars spaced", "★ ★ ★ ½", four, "7/2", "7/2", "3.5"},
		{"stars with empties", "★★★☆☆", four, "12/5", "5/2", "2.5"},
		{"stars half with empties", "★★½☆☆", four, "2", "2", "2"},
		{"stars only half with empties", "½☆☆☆", four, "1/2", "1/2", "0.5"},
		{"stars all empty", "☆☆☆☆", four, "0", "0", "0"},
		// Bare numbers on the site scale.
		{"bare", "3", four, "3", "3", "3"},
		{"bare decimal", "3.5", four, "7/2", "7/2", "3.5"},
		{"bare comma", "3,5", four, "7/2", "7/2", "3.5"},
		{"bare half", "3½", four, "7/2", "7/2", "3.5"},
		{"bare space half", "3 ½", four, "7/2", "7/2", "3.5"},
		{"bare only half", "½", four, "1/2", "1/2", "0.5"},
		{"bare zero", "0", four, "0", "0", "0"},
		{"bare max", "4", four, "4", "4", "4"},
		{"bare rounds", "2.8", four, "14/5", "3", "3"},
		{"bare half step rounds up", "2.75", four, "11/4", "3", "3"},
		{"bare below half step rounds down", "2.74", four, "137/50", "5/2", "2.5"},
		{"zero scale value", "0", Scale{}, "0", "0", "0"},
		{"zero scale is default", "7/10", Scale{}, "14/5", "3", "3"},
		// Ten in whole steps.
		{"ten fraction", "3/4", ten, "15/2", "8", "8"},
		{"ten same scale", "7/10", ten, "7", "7", "7"},
		{"ten hundred", "62/100", ten, "31/5", "6", "6"},
		{"ten out of", "3 out of 4", ten, "15/2", "8", "8"},
		{"ten stars", "★★★★★★★½", ten, "15/2", "8", "8"},
		{"ten stars with empties", "★★★☆☆", ten, "6", "6", "6"},
		{"ten bare half rounds up", "8.5", ten, "17/2", "9", "9"},
		{"ten bare quarter", "8¼", ten, "33/4", "8", "8"},
		// Five in quarter steps.
		{"five fraction", "3/4", five, "15/4", "15/4", "3.75"},
		{"five ten", "7/10", five, "7/2", "7/2", "3.5"},
		{"five hundred", "62/100", five, "31/10", "3", "3"},
		{"five thirds", "2/3", five, "10/3", "13/4", "3.25"},
		{"five half rounds up", "3 out of 8", five, "15/8", "2", "2"},
		{"five stars", "★★½", five, "5/2", "5/2", "2.5"},
		{"five stars with empties", "★★★★½☆", five, "15/4", "15/4", "3.75"},
		{"five bare down", "4.1", five, "41/10", "4", "4"},
		{"five bare up", "4.9", five, "49/10", "5", "5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(tt.in, tt.scale)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if r.Written != strings.TrimSpace(tt.in) {
				t.Errorf("Written = %q, want %q", r.Written, strings.TrimSpace(tt.in))
			}
			if got := r.Exact(); got.Cmp(rat(t, tt.exact)) != 0 {
				t.Errorf("Exact = %s, want %s", got.RatString(), tt.exact)
			}
			if got := r.Value(); got.Cmp(rat(t, tt.value)) != 0 {
				t.Errorf("Value = %s, want %s", got.RatString(), tt.value)
			}
			if got := r.String(); got != tt.str {
				t.Errorf("String = %q, want %q", got, tt.str)
			}
			want, _ := new(big.Rat).Quo(rat(t, tt.value), tt.scale.Max()).Float64()
			if got := r.Fraction(); got != want {
				t.Errorf("Fraction = %v, want %v", got, want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	four := DefaultScale()
	ten := mustScale(t, "10", "1")
	five := mustScale(t, "5", "0.25")
	tests := []struct {
		name  string
		in    string
		scale Scale
		want  error
	}{
		{"above fraction", "11/10", four, ErrAboveScale},
		{"above four", "5/4", four, ErrAboveScale},
		{"above bare", "5", four, ErrAboveScale},
		{"above bare decimal", "4.5", four, ErrAboveScale},
		{"above bare half", "4½", four, ErrAboveScale},
		{"above stars", "★★★★★", four, ErrAboveScale},
		{"above stars half", "★★★★½", four, ErrAboveScale},
		{"above out of", "5 out of 4", four, ErrAboveScale},
		{"above ten bare", "11", ten, ErrAboveScale},
		{"above ten stars", "★★★★★★★★★★★", ten, ErrAboveScale},
		{"above five bare", "5.25", five, ErrAboveScale},
		{"negative fraction", "-1/4", four, ErrNegative},
		{"negative minus sign", "−1/4", four, ErrNegative},
		{"negative bare", "-1", four, ErrNegative},
		{"negative half", "-½", four, ErrNegative},
		{"negative scale", "3/-4", four, ErrNegative},
		{"negative out of", "-3 out of 4", ten, ErrNegative},
		{"zero scale", "3/0", four, ErrZeroScale},
		{"zero over zero", "0/0", four, ErrZeroScale},
		{"zero scale decimal", "3/0.0", four, ErrZeroScale},
		{"zero scale out of", "3 out of 0", four, ErrZeroScale},
		{"missing scale", "3/", four, ErrMissingScale},
		{"missing scale spaced", "3 /  ", four, ErrMissingScale},
		{"missing scale out of", "3 out of", four, ErrMissingScale},
		{"missing scale out of upper", "3½ OUT OF ", five, ErrMissingScale},
		{"unreadable word", "abc", four, ErrUnreadable},
		{"unreadable empty", "", four, ErrUnreadable},
		{"unreadable blank", " \t\n", four, ErrUnreadable},
		{"unreadable two slashes", "3/4/5", four, ErrUnreadable},
		{"unreadable nan", "NaN", four, ErrUnreadable},
		{"unreadable inf", "Inf", four, ErrUnreadable},
		{"unreadable exponent", "1e3/4", four, ErrUnreadable},
		{"unreadable hex", "0x10/4", four, ErrUnreadable},
		{"unreadable double point", "3..5/4", four, ErrUnreadable},
		{"unreadable trailing point", "3.", four, ErrUnreadable},
		{"unreadable leading point", ".5", four, ErrUnreadable},
		{"unreadable plus", "+3", four, ErrUnreadable},
		{"unreadable spaced minus", "- 3", four, ErrUnreadable},
		{"unreadable no value", "/4", four, ErrUnreadable},
		{"unreadable half in scale", "3/4½", four, ErrUnreadable},
		{"unreadable two halves", "3½½", four, ErrUnreadable},
		{"unreadable decimal and half", "3.5½", four, ErrUnreadable},
		{"unreadable fullwidth digits", "３/４", four, ErrUnreadable},
		{"unreadable stars and letters", "★x", four, ErrUnreadable},
		{"unreadable half before star", "½★", four, ErrUnreadable},
		{"unreadable star after empty", "★☆★", four, ErrUnreadable},
		{"unreadable two half stars", "★½½", four, ErrUnreadable},
		{"unreadable out of without value", "out of 4", four, ErrUnreadable},
		{"unreadable out without of", "3 out 4", four, ErrUnreadable},
		{"unreadable suffix", "3/4 stars", four, ErrUnreadable},
		{"unreadable thirteen digits", "1234567890123/4", four, ErrUnreadable},
		{"unreadable thirteen decimals", "0.1234567890123/4", four, ErrUnreadable},
		{"unreadable too long", strings.Repeat("1", 30) + "/" + strings.Repeat("1", 34), four, ErrUnreadable},
		{"unreadable invalid utf8", "\xff/4", four, ErrUnreadable},
		{"unreadable cut utf8", "3\xc2/4", four, ErrUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(tt.in, tt.scale)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse(%q) = %v, %v; want error %v", tt.in, r.Value(), err, tt.want)
			}
			if r != (Rating{}) {
				t.Errorf("Parse(%q) returned %+v with its error, want the zero Rating", tt.in, r)
			}
		})
	}
}

func TestParseErrorText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"above", "11/10", `rating "11/10": above its scale`},
		{"trimmed", "  3/0 ", `rating "3/0": zero scale`},
		{"long cut", strings.Repeat("★", 30), `rating "` + strings.Repeat("★", 21) + `"…: unreadable`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in, DefaultScale())
			if err == nil || err.Error() != tt.want {
				t.Errorf("Parse(%q) error = %v, want %s", tt.in, err, tt.want)
			}
		})
	}
}

func TestRatingImmutable(t *testing.T) {
	r, err := Parse("7/10", DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	r.Exact().SetInt64(100)
	r.Value().SetInt64(100)
	if r.Exact().Cmp(big.NewRat(14, 5)) != 0 || r.String() != "3" {
		t.Errorf("changing returned values changed the rating: %s, %s", r.Exact().RatString(), r)
	}
}

func TestZeroRating(t *testing.T) {
	var r Rating
	if r.Exact().Sign() != 0 || r.Value().Sign() != 0 || r.String() != "0" || r.Fraction() != 0 {
		t.Errorf("zero Rating = %s, %s, %q, %v; want 0", r.Exact(), r.Value(), r, r.Fraction())
	}
}
