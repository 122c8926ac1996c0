package rating

import (
	"math/big"
	"strings"
	"testing"
)

func TestNewScale(t *testing.T) {
	tests := []struct {
		name, max, step string
		wantMax         string // "" means an error is wanted
		wantStep        string
	}{
		{"default", "4", "0.5", "4", "0.5"},
		{"ten", "10", "1", "10", "1"},
		{"five quarters", "5", "0.25", "5", "0.25"},
		{"spaced", " 100 ", " 1 ", "100", "1"},
		{"one step", "1", "1", "1", "1"},
		{"step one and a half", "3", "1.5", "3", "1.5"},
		{"below one", "0.5", "0.5", "0.5", "0.5"},
		{"thousand steps", "1000", "1", "1000", "1"},
		{"comma", "2,5", "0,5", "2.5", "0.5"},
		{"empty", "", "1", "", ""},
		{"unreadable max", "x", "1", "", ""},
		{"unreadable step", "4", "abc", "", ""},
		{"exponent", "1e3", "1", "", ""},
		{"fraction", "4", "1/2", "", ""},
		{"vulgar", "4", "½", "", ""},
		{"zero max", "0", "0.5", "", ""},
		{"negative max", "-4", "0.5", "", ""},
		{"zero step", "4", "0", "", ""},
		{"negative step", "4", "-0.5", "", ""},
		{"step above max", "4", "5", "", ""},
		{"not whole steps", "4", "0.3", "", ""},
		{"not whole steps of three", "10", "3", "", ""},
		{"too many steps", "1001", "1", "", ""},
		{"too many digits", "1234567890123", "1", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewScale(tt.max, tt.step)
			if tt.wantMax == "" {
				if err == nil {
					t.Fatalf("NewScale(%q, %q) = %s, want an error", tt.max, tt.step, s)
				}
				if !strings.HasPrefix(err.Error(), "rating ") {
					t.Errorf("error %q does not name the rating setting", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewScale(%q, %q): %v", tt.max, tt.step, err)
			}
			if got := Format(s.Max()); got != tt.wantMax {
				t.Errorf("Max = %s, want %s", got, tt.wantMax)
			}
			if got := Format(s.Step()); got != tt.wantStep {
				t.Errorf("Step = %s, want %s", got, tt.wantStep)
			}
			if got := s.String(); got != tt.wantMax {
				t.Errorf("String = %s, want %s", got, tt.wantMax)
			}
		})
	}
}

func TestValues(t *testing.T) {
	tests := []struct {
		name      string
		max, step string
		want      string
	}{
		{"default", "4", "0.5", "0 0.5 1 1.5 2 2.5 3 3.5 4"},
		{"ten", "10", "1", "0 1 2 3 4 5 6 7 8 9 10"},
		{"five quarters", "5", "0.25", "0 0.25 0.5 0.75 1 1.25 1.5 1.75 2 2.25 2.5 2.75 3 3.25 3.5 3.75 4 4.25 4.5 4.75 5"},
		{"one", "1", "1", "0 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, v := range mustScale(t, tt.max, tt.step).Values() {
				got = append(got, Format(v))
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("Values = %s, want %s", strings.Join(got, " "), tt.want)
			}
		})
	}
}

func TestZeroScale(t *testing.T) {
	var s Scale
	if s.Max().Cmp(big.NewRat(4, 1)) != 0 || s.Step().Cmp(big.NewRat(1, 2)) != 0 || s.String() != "4" || len(s.Values()) != 9 {
		t.Errorf("zero Scale = %s step %s, want the default 4 step 0.5", s.Max(), s.Step())
	}
}

func TestScaleImmutable(t *testing.T) {
	s := DefaultScale()
	s.Max().SetInt64(100)
	s.Step().SetInt64(100)
	s.Values()[1].SetInt64(100)
	if s.String() != "4" || Format(s.Step()) != "0.5" || Format(s.Values()[1]) != "0.5" {
		t.Errorf("changing returned values changed the scale: %s step %s", s, Format(s.Step()))
	}
}
