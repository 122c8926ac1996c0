package content

import (
	"errors"
	"io/fs"
	"strings"
)

// Debris reports whether a file or folder name is an editor's or system's
// temporary file, or version control's, which a build skips and the dev
// server does not watch: vim's swap files and its 4913 probe, backups
// ending in ~, emacs locks and autosaves, JetBrains' safe-write files,
// unfinished downloads, .DS_Store; and .git, .hg and .svn, which a
// static/ folder kept in its own repository would otherwise publish.
// Other dotfiles are the site's: static/.well-known/ and .nojekyll are
// published.
func Debris(name string) bool {
	switch {
	case name == "4913", name == ".DS_Store", name == ".git", name == ".hg", name == ".svn",
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, ".#"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasPrefix(name, ".") && (strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".swo")),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"),
		strings.HasSuffix(name, ".crdownload"):
		return true
	}
	return false
}

// Files lists the slash paths of the files under dir in fsys, in lexical
// order, leaving out editor debris (files, and folders with all they
// hold). A missing dir has no files.
func Files(fsys fs.FS, dir string) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
		switch {
		case err != nil && errors.Is(err, fs.ErrNotExist) && p == dir:
			return fs.SkipDir
		case err != nil:
			return err
		case p != dir && Debris(e.Name()) && e.IsDir():
			return fs.SkipDir
		case !e.IsDir() && !Debris(e.Name()):
			files = append(files, p)
		}
		return nil
	})
	return files, err
}
