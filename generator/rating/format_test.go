package rating

import (
	"math/big"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		in   *big.Rat
		want string
	}{
		{"whole", big.NewRat(3, 1), "3"},
		{"ten", big.NewRat(10, 1), "10"},
		{"hundred", big.NewRat(100, 1), "100"},
		{"half", big.NewRat(7, 2), "3.5"},
		{"fifths", big.NewRat(14, 5), "2.8"},
		{"quarter", big.NewRat(9, 4), "2.25"},
		{"eighth", big.NewRat(1, 8), "0.125"},
		{"long but finite", big.NewRat(1, 1024), "0.0009765625"},
		{"third", big.NewRat(1, 3), "0.33"},
		{"two thirds", big.NewRat(2, 3), "0.67"},
		{"five thirds", big.NewRat(5, 3), "1.67"},
		{"hundred thirds", big.NewRat(100, 3), "33.33"},
		{"sixth", big.NewRat(1, 6), "0.17"},
		{"trailing zero trimmed", big.NewRat(1, 30), "0.03"},
		{"trailing zeros trimmed", big.NewRat(301, 300), "1"},
		{"just below half", big.NewRat(1999, 3000), "0.67"},
		{"just above", big.NewRat(199, 300), "0.66"},
		{"tiny", big.NewRat(1, 300), "0"},
		{"zero", new(big.Rat), "0"},
		{"nil", nil, "0"},
		{"negative", big.NewRat(-7, 2), "-3.5"},
		{"negative whole", big.NewRat(-3, 1), "-3"},
		{"negative third", big.NewRat(-1, 3), "-0.33"},
		{"negative two thirds", big.NewRat(-2, 3), "-0.67"},
		{"negative tiny", big.NewRat(-1, 300), "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Format(tt.in); got != tt.want {
				t.Errorf("Format(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
