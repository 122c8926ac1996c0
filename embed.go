// Package ssg holds the default theme, embedded so that the ssg command
// works in any folder that has only content/.
package ssg

import (
	"embed"
	"io/fs"
)

//go:embed templates
var templates embed.FS

// Theme returns the default theme: the files of templates/, read-only. Its
// archetypes/review.md is what `ssg new review` writes a draft from.
func Theme() fs.FS {
	sub, err := fs.Sub(templates, "templates")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}
