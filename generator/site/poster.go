package site

import (
	"strconv"
	"strings"
)

// Poster is a poster as published: copies at several widths, ready for an
// <img> with srcset, sizes, width and height. Immutable.
type Poster struct {
	Alt string // "Poster of Never Let Me Go (2010)"
	// URL is the copy for src: the narrowest at least srcWidth pixels
	// wide, else the widest.
	URL string
	// Width and Height are the size of URL's copy, in pixels: as <img>
	// attributes they give the browser the aspect ratio before it loads.
	Width, Height int
	Srcset        string       // every copy with its width: "/posters/x-1a2b3c4d-160.jpg 160w, …"
	Largest       string       // the widest copy's URL, for link previews (og:image) and structured data
	Files         []PosterFile // every copy, narrowest first
}

// PosterFile is one copy of a poster.
type PosterFile struct {
	URL           string // from the site's root, with Options.Root: "/posters/x-1a2b3c4d-160.jpg"
	Width, Height int
}

// srcWidth is the width of a poster's src: the size a page shows one at.
const srcWidth = 320

// newPoster describes the copies of the poster of the film label.
func newPoster(label string, files []PosterFile) *Poster {
	p := &Poster{Alt: "Poster of " + label, Files: files, Largest: files[len(files)-1].URL}
	src := files[len(files)-1]
	var set strings.Builder
	for i, f := range files {
		if i > 0 {
			set.WriteString(", ")
		}
		set.WriteString(f.URL + " " + strconv.Itoa(f.Width) + "w")
		if f.Width >= srcWidth && src.Width > f.Width {
			src = f
		}
	}
	p.URL, p.Width, p.Height, p.Srcset = src.URL, src.Width, src.Height, set.String()
	return p
}

// posters gives each review the poster it names, from files (the copies
// by review file), and each film the poster of its newest review that has
// one.
func (s *Site) posters(files map[string][]PosterFile) {
	if len(files) == 0 {
		return
	}
	for _, r := range s.Reviews {
		if f := files[r.File]; len(f) > 0 && r.FilmPage != nil {
			r.PosterImage = newPoster(r.FilmPage.Label(), f)
		}
	}
	for _, f := range s.Films {
		for _, r := range f.Reviews {
			if r.PosterImage != nil {
				f.PosterImage = r.PosterImage
				break
			}
		}
	}
}
