package render

import (
	"math/big"
	"strings"
	"testing"
	"unicode/utf8"

	"ssg/generator/content"
	"ssg/generator/rating"
	"ssg/generator/site"
)

func TestDescribe(t *testing.T) {
	film := &site.Film{Title: "Solaris", Year: 1972}
	stars := site.NewStars(big.NewRat(7, 2), rating.DefaultScale(), "3½/4")
	long := strings.Repeat("word ", 60) + "end."
	tests := []struct {
		name   string
		review content.Review
		stars  *site.Stars
		want   string
	}{
		{"summary", content.Review{Summary: "The summary.", Pullquote: "The quote."}, stars, "The summary."},
		{"pull quote", content.Review{Pullquote: "The quote."}, stars, "The quote."},
		{"facts", content.Review{Author: "Ann"}, stars, "A review of Solaris (1972) by Ann: 3.5 out of 4 stars."},
		{"facts without author or rating", content.Review{}, nil, "A review of Solaris (1972)."},
		{"long summary clipped at a word", content.Review{Summary: long}, nil, strings.TrimSpace(strings.Repeat("word ", 40)) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &site.Review{Review: &tt.review, FilmPage: film, Stars: tt.stars}
			if got := describe(r); got != tt.want {
				t.Errorf("describe = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one two three", 9, "one two…"},
		{"one, two three", 8, "one…"},
		{"Ends here. Next", 12, "Ends here…"},
		{"nospacesatall", 5, "nospa…"},
		{"ééé ééé", 5, "ééé…"},
	}
	for _, tt := range tests {
		got := clip(tt.s, tt.n)
		if got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
		if utf8.RuneCountInString(got) > tt.n+1 || !utf8.ValidString(got) {
			t.Errorf("clip(%q, %d) = %q: too long or invalid", tt.s, tt.n, got)
		}
	}
}
