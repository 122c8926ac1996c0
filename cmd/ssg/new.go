package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"ssg/generator"
)

// newDetail is what `ssg help new` says beyond the summary.
const newDetail = `It writes content/reviews/<slug>.md in the site: a draft (draft: true) with
every field a review has, from the site's archetypes/review.md, else from
templates/archetypes/review.md (the site's, or the default theme's). The slug
is the film's title and year, like never-let-me-go-2010, followed by -2, -3,
... when a review has it already: no file is ever overwritten. The date is
today in the site's time zone, the author is ssg.toml's author, and the
rating must be one the site's scale reads.

An archetype is a text/template with .Film, .Year, .Rating, .Value, .Scale,
.Date, .Author and .Slug, and a quote function for values in front matter.`

func runNew(_ context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := generator.DefaultConfig()
	var d generator.Draft
	fs := flags("new", stderr)
	fs.StringVar(&cfg.Src, "src", ".", "the site `folder`")
	fs.IntVar(&d.Year, "year", 0, "the film's `year`, like 2010")
	fs.StringVar(&d.Rating, "rating", "", "your `rating`, like 3½/4, 7/10 or ★★★, on the site's scale")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	const example = `ssg new review "Never Let Me Go" --year 2010`
	switch {
	case len(pos) == 0:
		return usageError{msg: "ssg new: say what to write, like " + example}
	case pos[0] != "review":
		return usageError{msg: fmt.Sprintf("ssg new: unknown kind %q: ssg new writes a review, like %s", pos[0], example)}
	case len(pos) == 1:
		return usageError{msg: "ssg new review: give the film's title, like " + example}
	case len(pos) > 2:
		return usageError{msg: fmt.Sprintf("ssg new review: unexpected argument %q: quote a title with spaces, like %s", pos[2], example)}
	}
	var badYear bool
	fs.Visit(func(f *flag.Flag) { badYear = badYear || f.Name == "year" && d.Year == 0 })
	if badYear { // to Draft, 0 is no year given
		return usageError{msg: "ssg new review: --year 0 is not a film's year: give one like 2010, or leave --year out"}
	}
	d.Film = pos[1]
	path, err := generator.NewReview(cfg, d)
	var de *generator.DraftError
	if errors.As(err, &de) {
		return usageError{msg: "ssg new review: " + de.Error()}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, path)
	return nil
}

// parseInterleaved parses args whose flags may come before, between or
// after the positional arguments (ssg new review "Film" --year 2010), where
// flag.Parse alone stops at the first positional one, and returns the
// positional ones in order. Every argument after "--" is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(fs, err)
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
