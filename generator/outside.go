package generator

import (
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
)

// Outside returns the site's files outside content/, data/, templates/,
// static/ and ssg.toml that the last rebuild, failed or not, read or looked
// for, itself or through the files it kept from earlier ones: the posters
// film data files name (missing ones too) and the files symlinks lead to
// (inside the site). They are sorted slash paths, which the caller must
// not modify. A dev server watches them: a change of one, passed to
// Rebuild, changes the site.
func (s *Session) Outside() []string { return s.outside }

// follow notes what the symlinks read lead to, and what Outside returns.
func (s *Session) follow() {
	s.linked = s.links.follow()
	if len(s.linked) == 0 {
		s.outside = s.posterFiles
		return
	}
	outside := slices.Clone(s.posterFiles)
	for _, to := range s.linked {
		for _, p := range to {
			if !own(p) {
				outside = append(outside, p)
			}
		}
	}
	slices.Sort(outside)
	s.outside = slices.Compact(outside)
}

// own reports whether the slash path p is in a folder the session lists
// and reads on its own (content/, data/, templates/, static/) or is
// ssg.toml.
func own(p string) bool {
	top, _, _ := strings.Cut(p, "/")
	switch top {
	case "content", "data", "templates", "static":
		return true
	}
	return p == ConfigFile
}

// linkFS is a session's site folder, noting which of the files the build
// reads are symlinks, so that the session can name the files they lead to
// (Session.Outside) and read a symlink again when its file changes. It
// learns which files are symlinks from the folder listings the build makes
// anyway (a walk of content/ lists every review), and looks at a file
// alone (an Lstat) only when its folder was never listed or the file
// changed since (forget). It is safe for concurrent use: the session's
// workers read files at once.
type linkFS struct {
	fsys fs.FS

	mu     sync.Mutex
	links  map[string]map[string]bool // by folder listed, the names of its symlinks
	unsure map[string]bool            // files that changed since their folder was listed
	read   map[string]bool            // the symlinks read, or tried
}

func newLinkFS(fsys fs.FS) *linkFS {
	return &linkFS{fsys: fsys, links: map[string]map[string]bool{}, unsure: map[string]bool{}, read: map[string]bool{}}
}

func (l *linkFS) Open(name string) (fs.File, error) {
	l.reading(name)
	return l.fsys.Open(name)
}

func (l *linkFS) ReadFile(name string) ([]byte, error) {
	l.reading(name)
	return fs.ReadFile(l.fsys, name)
}

func (l *linkFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(l.fsys, name)
	if err != nil {
		return entries, err
	}
	links := map[string]bool{}
	for _, e := range entries {
		if e.Type()&fs.ModeSymlink != 0 {
			links[e.Name()] = true
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.links[name] = links
	for p := range l.unsure {
		if path.Dir(p) == name {
			delete(l.unsure, p)
		}
	}
	return entries, nil
}

func (l *linkFS) Stat(name string) (fs.FileInfo, error)  { return fs.Stat(l.fsys, name) }
func (l *linkFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(l.fsys, name) }
func (l *linkFS) ReadLink(name string) (string, error)   { return fs.ReadLink(l.fsys, name) }

// reading notes the file name as read when it is a symlink.
func (l *linkFS) reading(name string) {
	dir, base := ".", name
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		dir, base = name[:i], name[i+1:]
	}
	l.mu.Lock()
	listed, known := l.links[dir]
	known = known && !l.unsure[name]
	link := listed[base]
	l.mu.Unlock()
	if known && !link {
		return // the common case: a plain file, as its folder's listing says
	}
	if !known {
		info, err := fs.Lstat(l.fsys, name)
		link = err == nil && info.Mode()&fs.ModeSymlink != 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if listed := l.links[dir]; listed != nil && l.unsure[name] {
		delete(l.unsure, name)
		if link {
			listed[base] = true
		} else {
			delete(listed, base)
		}
	}
	if link {
		l.read[name] = true
	} else {
		delete(l.read, name)
	}
}

// forget notes that the file or folder p changed: a file may be a symlink
// now, or no longer one, and a folder's listing is out of date.
func (l *linkFS) forget(p string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.links, p)
	if _, listed := l.links[path.Dir(p)]; listed {
		l.unsure[p] = true
	}
}

// follow returns, for each symlink read that still is one, the files it
// leads to (see leadsTo), and forgets the others.
func (l *linkFS) follow() map[string][]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var to map[string][]string
	for _, p := range slices.Sorted(maps.Keys(l.read)) {
		targets := leadsTo(l.fsys, p)
		if targets == nil {
			delete(l.read, p) // no longer a symlink, or gone
			continue
		}
		if to == nil {
			to = map[string][]string{}
		}
		to[p] = targets
	}
	return to
}

// maxLinks bounds a chain of symlinks, as systems do.
const maxLinks = 40

// leadsTo returns the files the symlink p leads to, as slash paths in the
// site: its target, and that target's when it is a symlink too, and so on;
// nil when p is no symlink. A target that is absolute or leads out of the
// site ends the chain: the build cannot read it (os.Root refuses).
func leadsTo(fsys fs.FS, p string) []string {
	var out []string
	for range maxLinks {
		t, err := fs.ReadLink(fsys, p)
		if err != nil || path.IsAbs(t) {
			break
		}
		p = path.Join(path.Dir(p), t)
		if !fs.ValidPath(p) {
			break
		}
		out = append(out, p)
	}
	return out
}
