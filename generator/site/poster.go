package site

import (
	"path"
	"strconv"
	"strings"
)

// Poster is a poster as published: where its file is and which file names
// it, and its copies at several widths, ready for an <img> with srcset,
// sizes, width and height. A review names its poster beside it
// (content/reviews/x/poster.jpg); a film's data file anywhere in the site
// (static/posters/x.jpg). Immutable.
type Poster struct {
	Path string // the image's slash path from the site folder: "content/reviews/x/poster.jpg"
	File string // the file that names it: a review, or a film's data file
	Line int    // the line of its poster key there; 0 when unknown
	Alt  string // "Poster of Never Let Me Go (2010)"
	// URL is the copy for src: the narrowest at least srcWidth pixels
	// wide, else the widest.
	URL string
	// Width and Height are the size of URL's copy, in pixels: as <img>
	// attributes they give the browser the aspect ratio before it loads.
	Width, Height int
	Srcset        string       // every copy with its width: "/posters/x-1a2b3c4d5e6f7a8b-160.jpg 160w, …"
	Largest       string       // the widest copy's URL, for link previews (og:image) and structured data
	Files         []PosterFile // every copy, narrowest first
}

// PosterFile is one copy of a poster.
type PosterFile struct {
	URL           string // from the site's root, with Options.Root: "/posters/x-1a2b3c4d5e6f7a8b-160.jpg"
	Width, Height int
}

// srcWidth is the width of a poster's src: the size a page shows one at.
const srcWidth = 320

// newPoster describes the copies of the poster at path p, named by the line
// of file, of the film label.
func newPoster(p, file string, line int, label string, files []PosterFile) *Poster {
	pp := &Poster{Path: p, File: file, Line: line, Alt: "Poster of " + label, Files: files, Largest: files[len(files)-1].URL}
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
	pp.URL, pp.Width, pp.Height, pp.Srcset = src.URL, src.Width, src.Height, set.String()
	return pp
}

// posters gives each review the poster it names, and each film its data
// file's poster, else the poster of its newest review that has one, from
// files: the copies of the poster each file names, by that file (a review
// or a data file). A poster without copies in files is not published.
func (s *Site) posters(files map[string][]PosterFile) {
	if len(files) == 0 {
		return
	}
	for _, r := range s.Reviews {
		if f := files[r.File]; len(f) > 0 && r.FilmPage != nil {
			r.PosterImage = newPoster(path.Join(path.Dir(r.File), r.Review.Poster), r.File, r.PosterLine, r.FilmPage.Label(), f)
		}
	}
	for _, f := range s.Films {
		if d := f.data; d != nil && d.Poster != "" && len(files[d.File]) > 0 {
			f.Poster = newPoster(d.Poster, d.File, d.Lines["poster"], f.Label(), files[d.File])
			continue
		}
		for _, r := range f.Reviews {
			if r.PosterImage != nil {
				f.Poster = r.PosterImage
				break
			}
		}
	}
}
