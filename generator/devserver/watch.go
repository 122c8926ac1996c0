package devserver

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/fsnotify/fsnotify"

	"ssg/generator"
)

// watchedDirs are the folders of a site whose changes matter, watched with
// every folder below them; ssg.toml is the one file that does.
var watchedDirs = []string{"content", "data", "templates", "static"}

// watcher reports changes under a site folder as slash paths relative to it
// ("content/reviews/x.md"), covering content/, data/, templates/ and
// static/ recursively, folders created, moved or deleted while it runs included,
// and ssg.toml; and the files elsewhere in the site that the last build read
// (want). fsnotify is not recursive, so each folder is watched on its own.
// Editor debris is dropped. Its methods are called from one goroutine, but
// for want, which may be called from another.
type watcher struct {
	w    *fsnotify.Watcher
	src  string // absolute site folder
	real string // src, symlinks resolved: nothing outside it is watched
	// links maps a watched folder's real path to its path in the site,
	// where they differ: a content/ that is a symlink to another folder is
	// watched where it leads, and its events are named as in the site.
	links map[string]string
	// never are the slash paths whose files are never watched, whatever a
	// build reads: the output folder (which serve --write writes) and .git.
	never []string

	mu sync.Mutex
	// wanted are the files elsewhere in the site that the last build
	// read (generator.Session.Outside); files holds them as a set, onWay
	// the folders that lead to them, and dirs the folders watched for
	// them alone.
	wanted []string
	files  map[string]bool
	onWay  map[string]bool
	dirs   map[string]bool
}

func newWatcher(src, out string) (*watcher, error) {
	src, err := filepath.Abs(src)
	if err != nil {
		return nil, err
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, watchError(err)
	}
	real, err := filepath.EvalSymlinks(src)
	if err != nil {
		real = src
	}
	wt := &watcher{w: w, src: src, real: real, links: map[string]string{}, never: []string{".git"}, dirs: map[string]bool{}}
	if out == "" {
		out = filepath.Join(src, "public")
	}
	if out, err := filepath.Abs(out); err == nil {
		if rel, err := filepath.Rel(src, out); err == nil && filepath.IsLocal(rel) {
			wt.never = append(wt.never, filepath.ToSlash(rel))
		}
	}
	// The site folder itself, for ssg.toml and for content/, data/,
	// templates/ or static/ appearing later.
	if err := w.Add(src); err != nil {
		w.Close()
		return nil, watchError(err)
	}
	if err := wt.addTrees(); err != nil {
		w.Close()
		return nil, err
	}
	return wt, nil
}

// addTrees watches content/, data/, templates/ and static/ with every
// folder below them, and the folders of the files wanted. Watching a
// folder twice is harmless, so after lost events it is called again to
// catch folders made meanwhile.
func (wt *watcher) addTrees() error {
	for _, name := range watchedDirs {
		if err := wt.addTree(filepath.Join(wt.src, name)); err != nil {
			return err
		}
	}
	wt.mu.Lock()
	defer wt.mu.Unlock()
	return wt.watchWanted()
}

// addTree watches dir and every folder below it; a missing dir, or a
// file, is fine. A dir that is a symlink is watched where it leads when it
// is content/, data/, templates/ or static/ itself, which the build lists
// through the link, and that is in the site folder (os.Root refuses
// others). A symlink below them is not followed, as the build's walks do
// not follow it: the session names what the build reads through it (a
// poster through img -> ../../../art) among the files to watch (want) by
// its real path, which events in the folder it leads to must keep rather
// than be named through the link.
// Folders named like editor debris are skipped, as the build skips them.
func (wt *watcher) addTree(dir string) error {
	root := dir
	if filepath.Dir(dir) != wt.src {
		if info, err := os.Lstat(dir); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return nil
		}
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil && real != dir {
		if info, err := os.Stat(real); err != nil || !info.IsDir() || !wt.inSite(real) {
			// A symlink to a file (the build reads the file, which
			// the session names among the files to watch: want), or
			// out of the site.
			return nil
		}
		wt.links[real] = dir
		root = real
	}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone already: its removal is reported anyway
			}
			return err
		}
		if !e.IsDir() {
			return nil
		}
		if p != root && generator.Debris(e.Name()) {
			return filepath.SkipDir
		}
		if err := wt.w.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return watchError(err)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// inSite reports whether the path real, its symlinks resolved, is in the
// site folder.
func (wt *watcher) inSite(real string) bool {
	rel, err := filepath.Rel(wt.real, real)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

// sitePath names a watched path as it is in the site, through links.
func (wt *watcher) sitePath(name string) string {
	for real, dir := range wt.links {
		if name == real {
			return dir
		}
		if rest, ok := strings.CutPrefix(name, real+string(filepath.Separator)); ok {
			return filepath.Join(dir, rest)
		}
	}
	return name
}

// forget stops watching dir and the folders below it, after it was moved
// away: its watches would report events under the old name.
func (wt *watcher) forget(dir string) {
	for _, p := range wt.w.WatchList() {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			wt.w.Remove(p) // already gone when it was deleted
		}
	}
}

// handle turns one event into the slash path that changed, or "" when it
// does not matter, and watches folders that appeared.
func (wt *watcher) handle(ev fsnotify.Event) (string, error) {
	if ev.Op == fsnotify.Chmod {
		return "", nil
	}
	name := wt.sitePath(ev.Name)
	rel, err := filepath.Rel(wt.src, name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", nil
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	if !isWatched(top) {
		return wt.elsewhere(rel)
	}
	if generator.Debris(path.Base(rel)) {
		return "", nil
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		wt.forget(ev.Name)
	}
	if ev.Has(fsnotify.Create) && top != generator.ConfigFile {
		if err := wt.addTree(name); err != nil {
			return rel, err
		}
	}
	return rel, nil
}

// want watches the files elsewhere in the site that a build read or
// looked for, paths as generator.Session.Outside returns them, in place
// of those of the build before: each folder on the way to one that
// exists, so that the file appearing is seen too, and a folder on the way
// replaced or, a symlink, retargeted. The site folder and the folders
// watched with their trees need no more; folders no file needs any longer
// are no longer watched, and neither is any folder outside the site
// folder, through a symlink.
func (wt *watcher) want(paths []string) error {
	wt.mu.Lock()
	defer wt.mu.Unlock()
	if slices.Equal(paths, wt.wanted) {
		return nil
	}
	wt.wanted = paths
	wt.files = make(map[string]bool, len(paths))
	wt.onWay = map[string]bool{}
	for _, p := range paths {
		if !fs.ValidPath(p) || slices.ContainsFunc(wt.never, func(n string) bool { return p == n || strings.HasPrefix(p, n+"/") }) {
			continue
		}
		wt.files[p] = true
		for d := path.Dir(p); d != "." && !wt.onWay[d]; d = path.Dir(d) {
			wt.onWay[d] = true
		}
	}
	return wt.watchWanted()
}

// watchWanted watches the existing folders on the way to each wanted
// file, from the site folder (watched already) down to the first missing
// one or one whose real path is outside the site folder, and stops
// watching those no longer needed. It is called with mu held.
func (wt *watcher) watchWanted() error {
	dirs := map[string]bool{}
	ok := map[string]bool{} // the folders looked at: whether to watch them
	for f := range wt.files {
		dir := path.Dir(f)
		for i := 0; dir != "."; {
			d := dir
			j := strings.IndexByte(dir[i:], '/')
			if j >= 0 {
				d = dir[:i+j]
			}
			watch, seen := ok[d]
			if !seen {
				watch = wt.watchable(d)
				ok[d] = watch
			}
			if !watch {
				break
			}
			dirs[d] = true
			if j < 0 {
				break
			}
			i += j + 1
		}
	}
	var errs []error
	for d := range dirs {
		if top, _, _ := strings.Cut(d, "/"); isWatched(top) || wt.dirs[d] {
			continue // watched with its tree, or already
		}
		if err := wt.w.Add(filepath.Join(wt.src, filepath.FromSlash(d))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, watchError(err))
			continue
		}
		wt.dirs[d] = true
	}
	for d := range wt.dirs {
		if !dirs[d] {
			wt.w.Remove(filepath.Join(wt.src, filepath.FromSlash(d))) // gone already when it was deleted
			delete(wt.dirs, d)
		}
	}
	return errors.Join(errs...)
}

// watchable reports whether the slash path d is a folder in the site
// folder, its symlinks resolved.
func (wt *watcher) watchable(d string) bool {
	real, err := filepath.EvalSymlinks(filepath.Join(wt.src, filepath.FromSlash(d)))
	if err != nil {
		return false
	}
	info, err := os.Stat(real)
	return err == nil && info.IsDir() && wt.inSite(real)
}

// elsewhere turns an event outside the folders watched with their trees
// into the slash path rel, when it is a file wanted or a folder on the way
// to one, or "". A folder on the way that changed (created, deleted,
// moved, or a symlink retargeted) is watched again from scratch with the
// folders below it: the watches of the one it was are gone with it
// (fsnotify drops them on a move or deletion) or watch another folder
// (inotify follows a symlink once, when the watch is added).
func (wt *watcher) elsewhere(rel string) (string, error) {
	wt.mu.Lock()
	defer wt.mu.Unlock()
	switch {
	case wt.onWay[rel]:
		for d := range wt.dirs {
			if d == rel || strings.HasPrefix(d, rel+"/") {
				wt.w.Remove(filepath.Join(wt.src, filepath.FromSlash(d))) // gone already when fsnotify dropped it
				delete(wt.dirs, d)
			}
		}
		return rel, wt.watchWanted()
	case wt.files[rel]:
		return rel, nil
	}
	return "", nil
}

func isWatched(top string) bool {
	return top == generator.ConfigFile || slices.Contains(watchedDirs, top)
}

// watchError explains running out of inotify watches or instances, which
// only the system's settings can fix.
func watchError(err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("cannot watch more folders: the system's limit on watches is reached (%w); "+
			"raise it with: sudo sysctl fs.inotify.max_user_watches=524288 "+
			"(add it to /etc/sysctl.conf to keep it)", err)
	case errors.Is(err, syscall.EMFILE):
		return fmt.Errorf("cannot start watching: too many watchers are open on this system (%w); "+
			"raise the limit with: sudo sysctl fs.inotify.max_user_instances=1024", err)
	}
	return fmt.Errorf("watching: %w", err)
}

func (wt *watcher) close() error { return wt.w.Close() }
