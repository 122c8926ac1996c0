package render

import (
	"bytes"
	"errors"
	"html/template"
	pathpkg "path"
	"slices"
	"strings"

	"ssg/generator/content"
	"ssg/generator/output"
)

// aliasPage is the page written at a review's old URL: it sends readers
// and crawlers on at once, names the review as canonical, and asks not to
// be indexed itself.
var aliasPage = template.Must(template.New("alias").Parse(`<!doctype html>
<html lang="{{.Site.Language}}">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<link rel="canonical" href="{{.Target}}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{.Target}}">
</head>
<body>
<p>This review has moved to <a href="{{.Target}}">{{.Title}}</a>.</p>
</body>
</html>
`))

// encodeAlias writes the redirect page of one alias of p.Review.
func encodeAlias(p *Page) ([]byte, error) {
	target := p.Review.URL
	if p.Site.BaseURL != "" {
		target = p.Site.BaseURL + strings.TrimPrefix(target, p.Site.Root)
	}
	var b bytes.Buffer
	err := aliasPage.Execute(&b, struct {
		Site   *Info
		Title  string
		Target string
	}{p.Site, p.Title, target})
	return b.Bytes(), err
}

// collisions reports pages that would write the same file, or a file
// where another page needs a folder ("index.xml" and an alias's
// "index.xml/index.html"). Paths are compared ignoring case, as some file
// systems do. An alias that lands on another page is the author's to fix,
// so it names both files; so is an alias on the theme's own files (assets:
// its static files, style.css).
func collisions(pages []job, root string, assets []output.File) error {
	at := make(map[string]*Page, len(pages))
	var errs []error
	clash := func(a, b *Page, path string) {
		alias, other := a, b
		if b.Kind == "alias" {
			alias, other = b, a
		}
		if alias.Kind != "alias" {
			errs = append(errs, errors.New("render: two pages write "+path))
			return
		}
		what := "the page " + other.URL
		if other.Kind == "alias" {
			what = "an alias of " + other.Review.File
			if other.Review == alias.Review {
				what = "another of its aliases"
			}
		} else if f := source(other); f != "" {
			what += " of " + f
		}
		errs = append(errs, content.Errorf(alias.Review.File, 0, "alias %s is the URL of %s", alias.URL, what))
	}
	for _, j := range pages {
		path := strings.ToLower(filePath(j.page.URL, root))
		if prev, dup := at[path]; dup {
			clash(j.page, prev, path)
			continue
		}
		at[path] = j.page
	}
	theme := make(map[string]bool, len(assets))
	for _, f := range assets {
		theme[strings.ToLower(f.Path)] = true
	}
	// An alias is a folder with an index.html; no page or theme file may
	// be a file where one of its folders goes.
	for path, p := range at {
		if p.Kind != "alias" {
			continue
		}
		if theme[path] {
			errs = append(errs, content.Errorf(p.Review.File, 0, "alias %s is the URL of the theme's file /%s", p.URL, path))
			continue
		}
		for dir := pathpkg.Dir(path); dir != "."; dir = pathpkg.Dir(dir) {
			if other := at[dir]; other != nil {
				clash(p, other, dir)
				break
			}
			if theme[dir] {
				errs = append(errs, content.Errorf(p.Review.File, 0, "alias %s needs /%s to be a folder, but it is the theme's file", p.URL, dir))
				break
			}
		}
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return content.Join(errs)
}

// source names the file a page comes from, when one does.
func source(p *Page) string {
	switch {
	case p.Review != nil:
		return p.Review.File
	case p.Film != nil && len(p.Film.Reviews) > 0:
		return p.Film.Reviews[len(p.Film.Reviews)-1].File // its first review
	}
	return ""
}
