// Package site is the pure model of a review blog: from checked reviews it
// derives slugs and URLs, films with their averages and histograms, rating
// buckets, and the order of every list. It does no I/O and never logs.
//
// Build returns a *Site that is immutable afterwards and safe to share
// between goroutines; every slice in it is sorted, so that output built from
// it is byte-identical for the same input.
package site
