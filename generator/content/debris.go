package content

import "strings"

// Debris reports whether a file or folder name is an editor's or system's
// temporary file, which a build skips and the dev server does not watch:
// vim's swap files and its 4913 probe, backups ending in ~, emacs locks
// and autosaves, JetBrains' safe-write files, unfinished downloads,
// .DS_Store.
func Debris(name string) bool {
	switch {
	case name == "4913", name == ".DS_Store",
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
