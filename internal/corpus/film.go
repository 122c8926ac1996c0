package corpus

import (
	"math/rand/v2"
	"ssg/generator/slug"
	"strconv"
	"strings"
)

// film is everything the corpus knows about one invented film. Every
// review of a film writes a subset of these facts, so reviews never
// disagree about the film.
type film struct {
	index       int
	title, slug string
	year        int
	directors   []string
	cast, roles []string // roles[k] is the character cast[k] plays
	genres      []string
	runtime     int // minutes
	country     string
	certificate string
	imdb        string
	setting     string
	premise     string
	dp          string // the cinematographer
	composer    string
	quality     int // the consensus, in half stars from 1 to 8
}

// salts keep the random streams of films, review facts and review text
// apart.
const (
	saltFilm = iota + 1
	saltMeta
	saltText
	saltTitle
)

// mix is splitmix64's finalizer over a few words: a cheap, well-spread
// hash for seeding and small deterministic choices.
func mix(words ...uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, w := range words {
		h ^= w
		h += 0x9e3779b97f4a7c15
		h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9
		h = (h ^ (h >> 27)) * 0x94d049bb133111eb
		h ^= h >> 31
	}
	return h
}

// newRand returns the random stream salt of item i under seed.
func newRand(seed int64, salt, i int) *rand.Rand {
	return rand.New(rand.NewPCG(mix(uint64(seed), uint64(salt)), mix(uint64(i), uint64(salt))))
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// titleShape is one way of building a film title from word lists. The
// shapes differ in their fixed words or word count, and the lists are
// disjoint, so two shapes never produce the same title.
type titleShape struct {
	lists  [][]string
	format func(w []string) string
}

var titleShapes = []titleShape{
	{[][]string{titleAdjectives, titleNouns}, func(w []string) string { return "The " + w[0] + " " + w[1] }},
	{[][]string{titleNouns, titleAbstracts}, func(w []string) string { return w[0] + " of " + w[1] }},
	{[][]string{titleNames, titleNouns}, func(w []string) string { return w[0] + "'s " + w[1] }},
	{[][]string{titleAdjectives, titlePlurals}, func(w []string) string { return w[0] + " " + w[1] }},
	{[][]string{titleNouns, titlePlaces}, func(w []string) string { return "The " + w[0] + " at " + w[1] }},
	{[][]string{titlePreps, titleNouns}, func(w []string) string { return w[0] + " " + w[1] }},
	{[][]string{titleVerbs, titleNames}, func(w []string) string { return w[0] + " " + w[1] }},
	{[][]string{titleJourney, titlePlaces}, func(w []string) string { return w[0] + " " + w[1] }},
	{[][]string{titleNouns, titleNames}, func(w []string) string { return an(w[0]) + " for " + w[1] }},
	{[][]string{titleCounts, titlePlurals}, func(w []string) string { return w[0] + " " + w[1] }},
}

// an puts "A" or "An" before a noun.
func an(noun string) string {
	if strings.ContainsRune("AEIOU", rune(noun[0])) {
		return "An " + noun
	}
	return "A " + noun
}

// shapeSchedule says which shape each film of a run of len(shapeSchedule)
// films uses; the common shapes come up more often.
var shapeSchedule = []int{0, 1, 2, 3, 0, 4, 5, 8, 0, 1, 6, 2, 3, 7, 0, 1, 8, 9, 4, 5}

// shapeRank[k] is how many earlier positions of shapeSchedule use the
// shape at position k, and shapeCount[s] how many positions use shape s.
var shapeRank, shapeCount = func() ([]int, []int) {
	rank := make([]int, len(shapeSchedule))
	count := make([]int, len(titleShapes))
	for k, s := range shapeSchedule {
		rank[k] = count[s]
		count[s]++
	}
	return rank, count
}()

// titleOf returns the title of film idx, ignoring remakes. It is
// injective: the n-th film of a shape takes the n-th combination of the
// shape's words (in a seed-dependent order) and, once every combination
// is used, a sequel number.
func titleOf(idx int, seed int64) string {
	period := len(shapeSchedule)
	pos := idx % period
	s := shapeSchedule[pos]
	shape := titleShapes[s]
	nth := idx/period*shapeCount[s] + shapeRank[pos]
	capacity := 1
	for _, l := range shape.lists {
		capacity *= len(l)
	}
	sequel, r := nth/capacity, nth%capacity
	// A multiplier coprime with capacity (a prime above every capacity)
	// permutes the combinations, so consecutive films look unrelated.
	const prime = 1_000_003
	r = int((uint64(r)*prime + mix(uint64(seed), saltTitle, uint64(s))) % uint64(capacity))
	words := make([]string, len(shape.lists))
	for k := len(shape.lists) - 1; k >= 0; k-- {
		l := shape.lists[k]
		words[k] = l[r%len(l)]
		r /= len(l)
	}
	title := shape.format(words)
	if sequel > 0 {
		title += " " + strconv.Itoa(sequel+1)
	}
	return title
}

// isRemake reports whether film idx shares the title of film idx-1 (with
// another year), as remakes do. A remake is never remade in turn, so a
// title is shared by two films at most.
func isRemake(idx int, seed int64) bool {
	return idx > 0 && mix(uint64(seed), saltTitle, uint64(idx))%37 == 0 && !isRemake(idx-1, seed)
}

// filmYear is the year of a film that is not a remake: any year since
// 1930, more often a recent one.
func filmYear(r *rand.Rand) int {
	u := r.Float64()
	return 2025 - int(95*u*u)
}

// makeFilm returns film idx. It depends only on idx and seed.
func makeFilm(idx int, seed int64) *film {
	r := newRand(seed, saltFilm, idx)
	f := &film{index: idx, title: titleOf(idx, seed), year: filmYear(r)}
	if isRemake(idx, seed) {
		orig := newRand(seed, saltFilm, idx-1)
		f.title = titleOf(idx-1, seed)
		y := filmYear(orig)
		if gap := 12 + r.IntN(20); y+gap <= 2025 {
			f.year = y + gap
		} else {
			f.year = y - gap
		}
	}
	f.slug = slug.Make(f.title)
	f.directors = []string{person(r)}
	if r.IntN(10) == 0 {
		f.directors = append(f.directors, person(r))
	}
	n := 3 + r.IntN(6)
	for range n {
		f.cast = append(f.cast, person(r))
		f.roles = append(f.roles, pick(r, roleNames))
	}
	f.genres = pickDistinct(r, genres, 1+r.IntN(3))
	f.runtime = 78 + r.IntN(40) + r.IntN(40) + r.IntN(35)
	f.country = pick(r, countries)
	f.certificate = pick(r, certificates)
	f.imdb = "tt" + strconv.Itoa(1_000_000+int(mix(uint64(seed), uint64(idx))%8_999_999))
	f.setting = pick(r, settings)
	f.premise = pick(r, premises)
	f.dp = person(r)
	f.composer = person(r)
	f.quality = 1 + r.IntN(4) + r.IntN(5) // 1..8, mostly in the middle
	return f
}

func person(r *rand.Rand) string {
	return pick(r, firstNames) + " " + pick(r, lastNames)
}

// pickDistinct returns n different items of list, in list order.
func pickDistinct(r *rand.Rand, list []string, n int) []string {
	perm := r.Perm(len(list))[:n]
	var out []string
	for k, s := range list {
		for _, p := range perm {
			if p == k {
				out = append(out, s)
			}
		}
	}
	return out
}
