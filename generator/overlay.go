package generator

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"ssg/generator/content"
)

// overlay returns a filesystem where the files of dir in site replace the
// theme's file by file.
func overlay(site fs.FS, dir string, theme fs.FS) (fs.FS, error) {
	sub, err := fs.Sub(site, dir)
	if err != nil {
		return nil, err
	}
	if _, err := fs.Stat(site, dir); errors.Is(err, fs.ErrNotExist) {
		return theme, nil
	}
	return layered{top: sub, bottom: theme, site: site, dir: dir}, nil
}

// layered looks a name up in top, then in bottom. Listing a folder merges
// both; its entries are sorted by name, as fs.ReadDir promises. It looks
// at top's names in site, which top is dir of, before it opens them
// (fs.Sub's file systems cannot say what a name is without opening it,
// and opening a named pipe waits for a writer).
type layered struct {
	top, bottom fs.FS
	site        fs.FS
	dir         string
}

func (l layered) Open(name string) (fs.File, error) {
	// A folder opened here lists only one layer; fs.ReadDir, fs.WalkDir
	// and fs.Glob list through ReadDir below, which merges both.
	f, err := l.top.Open(name)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return l.bottom.Open(name)
}

// Stat says what name is in top, else in bottom, without opening it.
func (l layered) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	info, err := fs.Stat(l.site, path.Join(l.dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return fs.Stat(l.bottom, name)
	}
	return info, err
}

func (l layered) ReadDir(name string) ([]fs.DirEntry, error) {
	if info, err := l.Stat(name); err == nil && !info.IsDir() {
		full := path.Join(l.dir, name)
		return nil, &content.Error{File: full, Err: fmt.Errorf("%s, not a folder", cmp.Or(content.Kind(info.Mode()), "something"))}
	}
	top, terr := fs.ReadDir(l.top, name)
	bottom, berr := fs.ReadDir(l.bottom, name)
	if terr != nil && berr != nil {
		return nil, berr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range top {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range bottom {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}
