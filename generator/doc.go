// Package generator builds a site: it reads ssg.toml into a Config, loads
// the reviews and the films' data files, builds the model, renders the
// pages, resizes the posters the reviews and data files name, and writes
// them all to the output folder, where a poster's copy an earlier build
// wrote is kept rather than made again. Build is the whole of `ssg build`; Render stops before
// writing, for the dev server. NewReview is `ssg new review`: it writes one
// new draft into content/reviews/ from the site's archetype.
//
// Build and Render are safe for concurrent use on different Configs; they
// keep no state between calls. NewReview is safe for concurrent use even on
// one site: each call creates its own file.
package generator
