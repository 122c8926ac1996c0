package site

import (
	"math/bits"
	"runtime"
	"sync"
)

// A film's related films are those that share the most with it: each
// shared director, cast member, genre and tag adds its kind's weight
// times its rarity, so that a name few films have counts for more than
// one many have. A name that too many films share (commonTerm), such as
// Drama on a big blog, does not count at all: it says little about two
// films, and meeting every film that has it from every other would cost
// the square of their number. Scores are integers, so the order is the
// same on every machine; ties go to the film first in the site's order
// (title, year, slug). The browse terms are the inverted index: a film
// meets only the films it shares a term with, never every other film.

// relatedMax is how many related films a film page lists.
const relatedMax = 6

// commonTerm reports whether a name that df of n films share is too common
// to relate films by: more than one film in 20 has it, and more than 50.
// On a 10,000-review blog of 2,000 films that is over 100 films, and the
// cost of a film is then at most 100 times its number of names.
func commonTerm(df, n int) bool { return df > max(50, n/20) }

// relatedWeight is the weight of a shared term of each taxonomy; the
// others (years, decades, authors) do not make films related.
var relatedWeight = [taxCount]int32{taxDirectors: 4, taxCast: 3, taxGenres: 1, taxTags: 2}

// related sets every film's Related from the taxonomies, skipping the
// films it already links as watch_also. films are in the site's order.
func related(films []*Film, taxonomies []*Taxonomy, workers int) {
	n := len(films)
	if n < 2 {
		return
	}
	// postings[start[t]:start[t+1]] are the films of term t, each once;
	// weight[t] is what sharing it is worth.
	var postings []int32
	start := []int32{0}
	var weight []int32
	seen := make([]int32, n) // the number of the term that last met each film
	id := int32(0)
	for tax, x := range taxonomies {
		if relatedWeight[tax] == 0 {
			continue
		}
		for _, term := range x.Terms {
			from := len(postings)
			id++
			for _, r := range term.Reviews {
				if i := r.FilmPage.order; seen[i] != id {
					seen[i] = id
					postings = append(postings, int32(i))
				}
			}
			df := len(postings) - from
			if df < 2 || commonTerm(df, n) {
				postings = postings[:from] // shared by no two films, or by too many
				continue
			}
			// The rarity is 1 for a term every film has, and grows by
			// one each time the share of films having it halves.
			weight = append(weight, relatedWeight[tax]*int32(bits.Len(uint(n/df))))
			start = append(start, int32(len(postings)))
		}
	}
	// terms[tstart[i]:tstart[i+1]] are the terms of film i.
	tstart := make([]int32, n+1)
	for _, f := range postings {
		tstart[f+1]++
	}
	for i := range n {
		tstart[i+1] += tstart[i]
	}
	terms := make([]int32, len(postings))
	fill := append([]int32(nil), tstart[:n]...)
	for t := range weight {
		for _, f := range postings[start[t]:start[t+1]] {
			terms[fill[f]] = int32(t)
			fill[f]++
		}
	}
	labels := make([]string, n)
	for i, f := range films {
		labels[i] = f.Label()
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Go(func() {
			score := make([]int32, n)
			var touched []int32
			for i := lo; i < hi; i++ {
				f := films[i]
				touched = touched[:0]
				for _, t := range terms[tstart[i]:tstart[i+1]] {
					w := weight[t]
					for _, g := range postings[start[t]:start[t+1]] {
						if score[g] == 0 {
							touched = append(touched, g)
						}
						score[g] += w
					}
				}
				var best [relatedMax]candidate
				k := 0
				for _, g := range touched {
					c := candidate{score[g], g}
					score[g] = 0
					if int(g) == i || linked(f, films[g]) || k == relatedMax && !c.before(best[k-1]) {
						continue
					}
					// Insert c into best, which stays in order.
					j := k
					if k < relatedMax {
						k++
					} else {
						j--
					}
					for j > 0 && c.before(best[j-1]) {
						best[j] = best[j-1]
						j--
					}
					best[j] = c
				}
				f.Related = nil
				if k > 0 {
					f.Related = make([]Link, k)
				}
				for j, c := range best[:k] {
					f.Related[j] = Link{Name: labels[c.film], URL: films[c.film].URL}
				}
			}
		})
	}
	wg.Wait()
}

// candidate is a film met while scoring another: its score and its index
// in the site's order.
type candidate struct{ score, film int32 }

// before orders candidates: the higher score first, then the film first
// in the site's order.
func (c candidate) before(d candidate) bool {
	return c.score > d.score || c.score == d.score && c.film < d.film
}

// linked reports whether f links g as watch_also.
func linked(f, g *Film) bool {
	for _, l := range f.WatchLinks {
		if l.URL == g.URL {
			return true
		}
	}
	return false
}
