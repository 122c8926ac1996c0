package site

import (
	"fmt"
	"math/big"

	"ssg/generator/rating"
)

// Stars is a rating ready to draw: Icons star outlines, the first Percent of
// their width filled, with a label for screen readers.
type Stars struct {
	Label   string  // "3.5 out of 4 stars"
	Value   string  // "3.5"
	Max     string  // "4"
	Written string  // the rating as the review wrote it; empty for averages
	Icons   int     // how many star shapes to draw
	Percent float64 // how much of them to fill, 0..100
}

// maxIcons caps the stars drawn: a 100-point scale is drawn as five stars.
const maxIcons = 10

// NewStars draws value v on scale.
func NewStars(v *big.Rat, scale rating.Scale, written string) *Stars {
	max := scale.Max()
	icons := 5
	if max.IsInt() && max.Num().IsInt64() && max.Num().Int64() <= maxIcons {
		icons = int(max.Num().Int64())
	}
	frac, _ := new(big.Rat).Quo(v, max).Float64()
	value := rating.Format(v)
	noun := "stars"
	if max.Cmp(big.NewRat(1, 1)) == 0 {
		noun = "star"
	}
	return &Stars{
		Label:   fmt.Sprintf("%s out of %s %s", value, rating.Format(max), noun),
		Value:   value,
		Max:     rating.Format(max),
		Written: written,
		Icons:   icons,
		Percent: float64(int(frac*10000+0.5)) / 100,
	}
}
