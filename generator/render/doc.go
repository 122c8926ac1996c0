// Package render turns the site model into output files with html/template.
//
// Load parses a theme once: the base templates (base.html and partials/),
// then a Clone of them per layout (review.html, film.html, ...). The theme's
// static/ files are copied as they are. Plan lists every page with a key of
// everything its output depends on (its layout's templates and the data its
// dot reaches), so that a caller can render only the pages whose key
// changed; Execute renders the pages it is given in parallel, each worker
// reusing its buffer. A *Theme is immutable after Load and safe for
// concurrent use.
package render
