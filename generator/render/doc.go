// Package render turns the site model into output files with html/template.
//
// Load parses a theme once: the base templates (base.html and partials/),
// then a Clone of them per layout (review.html, film.html, ...). The theme's
// static/ files are copied as they are. Render executes one layout per page
// in parallel, each worker reusing its buffer, and returns the files sorted
// by path. A *Theme is immutable after Load and safe for concurrent use.
package render
