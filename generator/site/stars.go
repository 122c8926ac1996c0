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

// painter draws stars for one Build, once per value: a site has few
// distinct values and many reviews. Its Stars are shared, so immutable.
type painter struct {
	scale      rating.Scale
	values     []*big.Rat
	valueText  []string // values[i] formatted
	valueStars []*Stars // values[i] drawn
	stars      map[string]*Stars
	text       map[string]string
}

func newPainter(scale rating.Scale) *painter {
	p := &painter{scale: scale, values: scale.Values(), stars: map[string]*Stars{}, text: map[string]string{}}
	for _, v := range p.values {
		p.valueText = append(p.valueText, p.format(v))
		p.valueStars = append(p.valueStars, p.draw(v, ""))
	}
	return p
}

func (p *painter) draw(v *big.Rat, written string) *Stars {
	k := v.RatString() + "|" + written
	st := p.stars[k]
	if st == nil {
		st = NewStars(v, p.scale, written)
		p.stars[k] = st
	}
	return st
}

// format is rating.Format, remembered.
func (p *painter) format(v *big.Rat) string {
	k := v.RatString()
	t, ok := p.text[k]
	if !ok {
		t = rating.Format(v)
		p.text[k] = t
	}
	return t
}
