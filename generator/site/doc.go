// Package site is the pure model of a review blog: from checked reviews and
// film data files it derives slugs and URLs, films with their facts,
// averages, histograms, watch_also links and related films, rating
// buckets, the browse taxonomies (directors, cast, genres, years, decades,
// authors, tags) with their terms, and the order of every list. It does no
// I/O and never logs: problems that do not stop a build, such as two
// reviews giving a film different facts, are Site.Warnings.
//
// Build returns a *Site that is immutable afterwards and safe to share
// between goroutines; every slice in it is sorted, so that output built from
// it is byte-identical for the same input.
package site
