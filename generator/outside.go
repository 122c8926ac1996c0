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
// film data files name (missing ones too), and, for a file read through
// symlinks (itself one, or in a folder that is one), each symlink on the
// way and the file where they lead. Nothing past a symlink that leads out
// of the site is named: the build cannot read it (os.Root refuses), and a
// dev server must not watch it. They are sorted slash paths, which the
// caller must not modify. A dev server watches them: a change of one,
// passed to Rebuild, changes the site.
func (s *Session) Outside() []string { return s.outside }

// follow notes what the symlinks read lead to, and what Outside returns.
func (s *Session) follow() {
	s.linked = s.links.follow()
	if len(s.linked) == 0 {
		s.outside = s.posterFiles
		return
	}
	var outside []string
	for _, p := range s.posterFiles {
		if _, ok := s.linked[p]; !ok {
			outside = append(outside, p) // else named by where it leads
		}
	}
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
// reads are symlinks or lie in folders that are, so that the session can
// name the files they lead to (Session.Outside) and read them again when
// one of those changes. It learns which files and folders are symlinks
// from the folder listings the build makes anyway (a walk of content/
// lists every review), and looks at one alone (an Lstat) only when its
// folder was never listed or it changed since (forget); what it learns so
// of a folder it keeps too (data/films, whose folder data/ no walk lists,
// holds every film data file). It is safe for concurrent use: the
// session's workers read files at once.
type linkFS struct {
	fsys fs.FS

	mu     sync.Mutex
	links  map[string]map[string]bool // by folder listed, the names of its symlinks
	plain  map[string]map[string]bool // by folder listed, the names of its regular files
	unsure map[string]bool            // files that changed since their folder was listed
	alone  map[string]bool            // folders looked at alone: whether each is a symlink
	read   map[string]bool            // the files read, or tried, through symlinks
}

func newLinkFS(fsys fs.FS) *linkFS {
	return &linkFS{fsys: fsys, links: map[string]map[string]bool{}, plain: map[string]map[string]bool{}, unsure: map[string]bool{},
		alone: map[string]bool{}, read: map[string]bool{}}
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
	links, plain := map[string]bool{}, map[string]bool{}
	for _, e := range entries {
		switch e.Type() {
		case fs.ModeSymlink:
			links[e.Name()] = true
		case 0:
			plain[e.Name()] = true
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.links[name], l.plain[name] = links, plain
	for p := range l.unsure {
		if path.Dir(p) == name {
			delete(l.unsure, p)
		}
	}
	return entries, nil
}

// Stat notes a file looked at as read, as Open does: a build looks before
// it opens (a named pipe would wait), and one it cannot stat, missing or
// through a link out of the site, it never opens. Folders (the roots of
// walks) are not files read.
func (l *linkFS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(l.fsys, name)
	if err != nil || !info.IsDir() {
		l.reading(name)
	}
	return info, err
}

func (l *linkFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(l.fsys, name) }

// Regular reports whether the listing of name's folder, still current,
// says name is a regular file (content.Open then need not look at it
// before it opens it: a look walks the path again).
func (l *linkFS) Regular(name string) bool {
	dir, base := path.Split(name)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		dir = "."
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.plain[dir][base] && !l.unsure[name]
}
func (l *linkFS) ReadLink(name string) (string, error) { return fs.ReadLink(l.fsys, name) }

// reading notes the file name as read when it, or a folder it lies in, is
// a symlink. The folders looked at stop below content/, data/, templates/
// and static/: the session lists those through a symlink as if they were
// folders, and a dev server follows them itself.
func (l *linkFS) reading(name string) {
	var unknown []string // name or folders no listing tells about, from name up
	link := false
	l.mu.Lock()
	for p := name; p != "." && !link; p = path.Dir(p) {
		if p != name && top(p) {
			break
		}
		switch isLink, known := l.kind(p); {
		case !known:
			unknown = append(unknown, p)
		case isLink:
			link = true
		}
	}
	l.mu.Unlock()
	if !link && unknown == nil {
		return // the common case: plain files and folders, as their listings say
	}
	for _, p := range unknown {
		if link {
			break
		}
		info, err := fs.Lstat(l.fsys, p)
		link = err == nil && info.Mode()&fs.ModeSymlink != 0
		l.learn(p, link, err == nil && info.Mode().IsRegular(), p != name && err == nil)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if link {
		l.read[name] = true
	} else {
		delete(l.read, name)
	}
}

// top reports whether p is content/, data/, templates/ or static/.
func top(p string) bool { return !strings.Contains(p, "/") && own(p) && p != ConfigFile }

// kind reports whether the file or folder p is a symlink, and whether
// that is known: as the listing of its folder says, when it was listed
// and p has not changed since, or as an Lstat of the folder p said. It is
// called with mu held.
func (l *linkFS) kind(p string) (link, known bool) {
	listed, ok := l.links[path.Dir(p)]
	switch {
	case ok && !l.unsure[p]:
		return listed[path.Base(p)], true
	case ok:
		return false, false
	}
	link, known = l.alone[p]
	return link, known
}

// learn notes what an Lstat told of p: when its folder's listing is out
// of date for p alone, it is up to date again; else, when p is a folder
// (or a symlink on the way to one), it is kept.
func (l *linkFS) learn(p string, link, regular, folder bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	listed := l.links[path.Dir(p)]
	switch {
	case listed != nil && l.unsure[p]:
		delete(l.unsure, p)
		if link {
			listed[path.Base(p)] = true
		} else {
			delete(listed, path.Base(p))
		}
		if plain := l.plain[path.Dir(p)]; regular {
			plain[path.Base(p)] = true
		} else {
			delete(plain, path.Base(p))
		}
	case listed == nil && folder:
		l.alone[p] = link
	}
}

// forget notes that the file or folder p changed: a file may be a symlink
// now, or no longer one, and a folder's listing is out of date.
func (l *linkFS) forget(p string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.links, p)
	delete(l.plain, p)
	if _, listed := l.links[path.Dir(p)]; listed {
		l.unsure[p] = true
	}
	for f := range l.alone {
		if f == p || strings.HasPrefix(f, p+"/") || p == "." {
			delete(l.alone, f)
		}
	}
}

// follow returns, for each file read through symlinks that still is,
// the paths it leads through (see leadsTo), and forgets the others.
func (l *linkFS) follow() map[string][]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var to map[string][]string
	for _, p := range slices.Sorted(maps.Keys(l.read)) {
		through := l.leadsTo(p)
		if through == nil {
			delete(l.read, p) // no symlink on its way now, or gone
			continue
		}
		if to == nil {
			to = map[string][]string{}
		}
		to[p] = through
	}
	return to
}

// maxLinks bounds the symlinks followed on the way to a file, as systems do.
const maxLinks = 40

// leadsTo returns, when reading the slash path p goes through symlinks,
// the paths in the site whose change changes what it reads: each symlink
// on the way, as the path where it lies, and the file at the end (as
// named, from the first folder missing on). It is nil when p goes through
// no symlink. It resolves p as os.Root does, one name at a time from the
// site folder, but for content/, data/, templates/ and static/, taken as
// folders as reading does. A symlink whose target is absolute or leads
// out of the site ends the list: the build cannot read through it, and
// nothing beyond it is in the site. It is called with mu held.
func (l *linkFS) leadsTo(p string) []string {
	var out []string
	done, rest := ".", p // done has no symlink in it
	for followed := 0; rest != ""; {
		name, more, _ := strings.Cut(rest, "/")
		next := path.Join(done, name)
		if done == "." && more != "" && top(name) {
			done, rest = next, more
			continue
		}
		link, known := l.kind(next)
		if !known {
			info, err := fs.Lstat(l.fsys, next)
			if err != nil {
				done = path.Join(next, more) // missing: named as written
				break
			}
			link = info.Mode()&fs.ModeSymlink != 0
		}
		if !link {
			done, rest = next, more
			continue
		}
		out = append(out, next)
		t, err := fs.ReadLink(l.fsys, next)
		if followed++; err != nil || path.IsAbs(t) || followed > maxLinks {
			return out
		}
		// done has no symlink in it, so a ".." in the target is its parent.
		t = path.Join(done, t)
		if !fs.ValidPath(t) {
			return out // out of the site
		}
		done, rest = ".", path.Join(t, more)
	}
	if out == nil {
		return nil
	}
	return append(out, done)
}
