package output

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
)

// OpenCache opens the cache file name as the last committed build left it,
// for reading: an error when there is none. Its content is only as
// trustworthy as the folder: check what it holds.
func (w *Writer) OpenCache(name string) (*os.File, error) {
	if !cacheName(name) {
		return nil, fmt.Errorf("output: bad cache name %q", name)
	}
	p := CacheDir + "/" + name
	info, err := w.root.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", p)
	}
	return w.root.Open(p)
}

// CreateCache creates the cache file name for this build, to write while
// the build runs: Commit puts it in place of the last build's, Abort and
// DropCache drop it. The caller closes it before Commit.
func (w *Writer) CreateCache(name string) (*os.File, error) {
	if !cacheName(name) {
		return nil, fmt.Errorf("output: bad cache name %q", name)
	}
	if err := w.stageFolder(CacheDir); err != nil {
		return nil, err
	}
	f, err := w.staged.Create(CacheDir + "/" + name)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.caches = append(w.caches, name)
	w.mu.Unlock()
	return f, nil
}

// ClearCache makes Commit remove the cache the last builds left, for a
// build that keeps none.
func (w *Writer) ClearCache() { w.clear = true }

// DropCache drops the cache file name made by CreateCache: the last
// build's stays in place.
func (w *Writer) DropCache(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if i := slices.Index(w.caches, name); i >= 0 {
		w.caches = slices.Delete(w.caches, i, i+1)
		w.root.Remove(staging + "/" + CacheDir + "/" + name)
	}
}

// cacheName reports whether name can name a cache file: one plain name.
func cacheName(name string) bool {
	return fs.ValidPath(name) && name != "." && !strings.ContainsAny(name, `/\`) && !strings.HasSuffix(name, tmpSuffix)
}

// Fresh reports whether the folder held the file at p, one of the paths
// given to Expect, when Claim read it, as the last build wrote it (its
// manifest lists it) with the stamp st, which the caller recorded when
// that build wrote it (Stamps). Then the file counts as unchanged, and p
// must not be Put.
func (w *Writer) Fresh(p string, st Stamp) bool {
	if !w.want[p] || !w.listed[p] {
		return false
	}
	if found, ok := w.found[p]; !ok || found != st {
		return false
	}
	w.mu.Lock()
	w.unchanged++
	w.stamps[p] = st
	w.mu.Unlock()
	return true
}

// Stamps returns the stamp of every file of the build Put, kept or found
// fresh so far; after Commit, of every file of the build as it now lies in
// the folder. The map is the caller's.
func (w *Writer) Stamps() map[string]Stamp {
	w.mu.Lock()
	defer w.mu.Unlock()
	return maps.Clone(w.stamps)
}

// moveCaches puts the cache files this build made in place of the last
// build's, as far as it can: the pages are in place already, and a cache
// left as it was is still right (the last build's stamps do not match the
// files rewritten since), so a failure here must not fail the build.
func (w *Writer) moveCaches() {
	if w.clear {
		w.root.RemoveAll(CacheDir)
	}
	if len(w.caches) == 0 {
		return
	}
	if err := w.root.Mkdir(CacheDir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return
	}
	for _, name := range w.caches {
		w.root.Rename(staging+"/"+CacheDir+"/"+name, CacheDir+"/"+name)
	}
}
