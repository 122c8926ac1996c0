package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// File is one output file: a slash path relative to the output folder, such
// as "reviews/x/index.html", and its bytes.
type File struct {
	Path string
	Data []byte
}

// Manifest is the file, inside the output folder, that lists what ssg wrote.
const Manifest = ".ssg-manifest"

// CacheDir is the folder, inside the output folder, where ssg keeps what
// lets the next build skip work (see CreateCache). The manifest does not
// list it and no page can be written there.
const CacheDir = ".ssg-cache"

// tmpSuffix marks files being written; a crash leaves them to be swept.
const tmpSuffix = ".ssg-tmp"

// ErrForeign reports an output folder holding files ssg did not write.
var ErrForeign = errors.New("holds files ssg did not write")

// Stats counts what Write did.
type Stats struct {
	Written   int // new or changed files
	Unchanged int // files whose bytes were already right
	Removed   int // files of an earlier build that this one does not produce
}

// Check returns an error when files has an invalid or duplicate path.
func Check(files []File) error {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	return checkPaths(paths)
}

// checkPaths returns an error when paths has an invalid or duplicate path,
// or a path that another needs to be a folder.
func checkPaths(paths []string) error {
	seen := make(map[string]bool, len(paths))
	for _, p := range paths {
		if !ValidPath(p) {
			return fmt.Errorf("output path %q is not a clean relative path", p)
		}
		if seen[p] {
			return fmt.Errorf("output path %q is produced twice", p)
		}
		seen[p] = true
	}
	for _, p := range paths {
		for _, d := range parents(p) {
			if seen[d] {
				return fmt.Errorf("output path %q is a file, but %q needs it to be a folder", d, p)
			}
		}
	}
	return nil
}

// ValidPath reports whether p can name an output file: slash-separated,
// relative, clean, no backslash, not the manifest or a temporary file. A
// line break is refused too: the manifest lists one path a line.
func ValidPath(p string) bool {
	return fs.ValidPath(p) && p != "." && !strings.ContainsAny(p, "\\\n") &&
		p != Manifest && !strings.HasSuffix(p, tmpSuffix) && !reserved(p, staging) && !reserved(p, CacheDir)
}

// reserved reports whether p is the folder d or inside it.
func reserved(p, d string) bool { return p == d || strings.HasPrefix(p, d+"/") }

// staging is the folder, inside the output folder, where a build's new and
// changed files wait until all of them are written.
const staging = ".ssg-staging"

// Write makes dir hold exactly files, as Open, Put of every file on a
// bounded pool and Commit do.
func Write(dir string, files []File) (Stats, error) {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	w, err := Open(dir, paths)
	if err != nil {
		return Stats{}, err
	}
	var next atomic.Int64
	var g errgroup.Group
	for range Workers() {
		g.Go(func() error {
			for i := int(next.Add(1)) - 1; i < len(files); i = int(next.Add(1)) - 1 {
				if err := w.Put(files[i].Path, files[i].Data); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		w.Abort()
		return Stats{}, err
	}
	return w.Commit()
}

// Workers is the number of goroutines that should write at once: writing
// is mostly the kernel copying into its page cache and updating folders,
// which a few more threads than cores keep busy.
func Workers() int { return runtime.GOMAXPROCS(0) + 2 }

// A Writer makes a folder hold exactly one build's files. Open checks the
// folder; Put, safe to call from several goroutines, stages each new or
// changed file under a staging folder; Commit then removes stale files and
// moves the staged ones into place. A failure before Commit (a full disk)
// leaves the folder as it was. The manifest of old and new files is
// written before anything moves, so an interrupted Commit still leaves a
// folder the next build owns. Output that did not change is not touched:
// it keeps its bytes and modification time.
type Writer struct {
	root   *os.Root
	dir    string
	made   int      // how many folders of dir's path Claim made, Abort removes
	paths  []string // every file of the build
	old    []string // the files the last build wrote
	want   map[string]bool
	listed map[string]bool // old, as a set
	// found holds the stamp of each regular file the folder held when
	// Claim read it: a file's stamp is not looked up again.
	found map[string]Stamp

	staged  *os.Root // the staging folder, open until Commit or Abort
	folders sync.Map // staged folder → *folder
	caches  []string // cache files made by CreateCache, to move at Commit
	clear   bool     // remove the cache folder at Commit

	mu        sync.Mutex
	changed   []string
	unchanged int
	stamps    map[string]Stamp // of every file Put, kept or found fresh
}

// Stamp is what a file's metadata says of its bytes: a file whose size and
// modification time (to the nanosecond) are what they were when ssg wrote
// it is taken to hold what ssg wrote, as make and rsync's quick check take
// it. What this cannot see: a rewrite of the same size within the same
// tick of the file system's clock as ssg's own write (a few milliseconds),
// or by a tool that then sets the old time back; delete the output folder
// after such a thing.
type Stamp struct {
	Size    int64
	ModTime int64 // Unix nanoseconds
}

// stampOf returns info's stamp.
func stampOf(info fs.FileInfo) Stamp {
	return Stamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
}

// folder is a staged folder, made once.
type folder struct {
	once sync.Once
	err  error
}

// Open prepares dir, created if missing, to receive a build of exactly the
// files at paths: Claim, then Expect.
func Open(dir string, paths []string) (*Writer, error) {
	w, err := Claim(dir)
	if err != nil {
		return nil, err
	}
	if err := w.Expect(paths); err != nil {
		w.Abort()
		return nil, err
	}
	return w, nil
}

// Claim prepares dir, created if missing, to receive a build whose files
// Expect will list; until then only the cache can be read and written. It
// refuses a dir that holds files without a manifest, or files the
// manifest does not list. Abort removes a dir that Claim created.
func Claim(dir string) (*Writer, error) {
	made := missing(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		unmake(dir, made)
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		unmake(dir, made)
		return nil, err
	}
	w := &Writer{root: root, dir: dir, made: made, stamps: map[string]Stamp{}}
	if err := root.RemoveAll(staging); err != nil { // debris of an interrupted build
		w.Abort()
		return nil, err
	}
	if w.old, w.found, err = owned(root, dir); err == nil {
		err = root.Mkdir(staging, 0o755)
	}
	if err == nil {
		w.staged, err = root.OpenRoot(staging)
	}
	if err != nil {
		w.Abort()
		return nil, err
	}
	w.listed = make(map[string]bool, len(w.old))
	for _, p := range w.old {
		w.listed[p] = true
	}
	return w, nil
}

// Expect tells w every file of the build, once: it refuses paths that are
// invalid, repeated or where another path needs a folder.
func (w *Writer) Expect(paths []string) error {
	if w.want != nil {
		return errors.New("output: Expect called twice")
	}
	if err := checkPaths(paths); err != nil {
		return err
	}
	w.paths = paths
	w.want = make(map[string]bool, len(paths))
	for _, p := range paths {
		w.want[p] = true
	}
	return nil
}

// Keep reports whether the folder already holds the file at p, one of the
// paths given to Open, as the last build wrote it (its manifest lists it),
// and valid approves it, given the file and its size. Then the file counts
// as unchanged, and p must not be Put. A file whose name changes with its
// bytes, such as a resized poster's copy, need then not be made again to
// be compared. A file that is missing, not a regular file, unlisted or not
// approved reports false: make it and Put it.
func (w *Writer) Keep(p string, valid func(f io.ReaderAt, size int64) bool) bool {
	if !w.want[p] || !w.listed[p] {
		return false
	}
	info, err := w.root.Lstat(p)
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	f, err := w.root.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil || !os.SameFile(info, opened) || !valid(f, opened.Size()) {
		return false
	}
	w.mu.Lock()
	w.unchanged++
	w.stamps[p] = stampOf(opened)
	w.mu.Unlock()
	return true
}

// Put stages data as the file at p, one of the paths given to Open, unless
// the folder already holds those bytes there. data is not kept.
func (w *Writer) Put(p string, data []byte) error {
	if !w.want[p] {
		return fmt.Errorf("writing %s: not a path of this build", p)
	}
	// Only a file of data's size, as Claim found it, can hold data.
	if st, ok := w.found[p]; ok && st.Size == int64(len(data)) {
		if info := same(w.root, p, data); info != nil {
			w.mu.Lock()
			w.unchanged++
			w.stamps[p] = stampOf(info)
			w.mu.Unlock()
			return nil
		}
	}
	err := w.stageFolder(path.Dir(p))
	var info fs.FileInfo
	if err == nil {
		// Renaming the file into place keeps its size and time.
		info, err = writeFile(w.staged, p, data)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	w.mu.Lock()
	w.changed = append(w.changed, p)
	w.stamps[p] = stampOf(info)
	w.mu.Unlock()
	return nil
}

// stageFolder makes the staged folder d and its parents, each once.
func (w *Writer) stageFolder(d string) error {
	if d == "." {
		return nil
	}
	v, _ := w.folders.LoadOrStore(d, new(folder))
	f := v.(*folder)
	f.once.Do(func() {
		if f.err = w.stageFolder(path.Dir(d)); f.err == nil {
			f.err = w.staged.Mkdir(d, 0o755)
		}
	})
	return f.err
}

// writeFile creates the file at the slash path p in dir with data and
// returns its metadata as written. os.Root opens each folder of a path in
// turn, so a file is made from the staging folder's handle rather than
// the output folder's, and its metadata read from the open file rather
// than looked up again: on this project's test machine the kernel's work
// on files and folders is a third of a full build.
func writeFile(dir *os.Root, p string, data []byte) (fs.FileInfo, error) {
	f, err := dir.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	_, err = f.Write(data)
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && runtime.GOOS == "windows" {
		// Windows sets a file's last write time when its handle closes.
		info, err = dir.Lstat(p)
	}
	return info, err
}

// Abort drops what was staged and leaves the folder as it was: removed
// again, with the parents Claim made for it, when Claim made it.
func (w *Writer) Abort() {
	if w.staged != nil {
		w.staged.Close()
	}
	w.root.RemoveAll(staging)
	w.root.Close()
	unmake(w.dir, w.made)
}

// missing counts the folders of the path dir, from its end, that do not
// exist.
func missing(dir string) int {
	n := 0
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) || filepath.Dir(d) == d {
			return n
		}
		n++
	}
}

// unmake removes the last n folders of the path dir, deepest first, as
// far as they are empty.
func unmake(dir string, n int) {
	d := filepath.Clean(dir)
	for range n {
		if os.Remove(d) != nil {
			return
		}
		d = filepath.Dir(d)
	}
}

// Commit puts the staged files in place and removes the last build's files
// that this one does not have. Every path given to Open must have been Put.
func (w *Writer) Commit() (Stats, error) {
	defer w.root.Close()
	w.staged.Close()
	st := Stats{Unchanged: w.unchanged}
	if w.want == nil {
		w.root.RemoveAll(staging)
		return Stats{}, errors.New("output: Commit before Expect")
	}
	if n := len(w.changed) + w.unchanged; n != len(w.paths) {
		w.root.RemoveAll(staging)
		return Stats{}, fmt.Errorf("output: %d of %d files were written", n, len(w.paths))
	}
	if err := writeManifest(w.root, append(slices.Clone(w.paths), w.old...)); err != nil {
		w.root.RemoveAll(staging)
		return Stats{}, err
	}

	// Stale files go first: one of them may stand where a new folder goes.
	var dirs []string
	for _, p := range w.old {
		if w.want[p] {
			continue
		}
		if err := w.root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, fmt.Errorf("removing stale %s: %w", p, err)
		}
		st.Removed++
		dirs = append(dirs, parents(p)...)
	}
	removeEmpty(w.root, dirs)

	if err := w.move(); err != nil {
		return st, err
	}
	st.Written = len(w.changed)
	w.moveCaches()
	if err := w.root.RemoveAll(staging); err != nil {
		return st, err
	}
	return st, writeManifest(w.root, w.paths)
}

// move renames the staged files into place. A staged folder that the
// output does not have yet moves whole, in one rename: a first build moves
// a few folders, not every file.
func (w *Writer) move() error {
	children := map[string][]string{} // staged folder → its staged entries
	seen := map[string]bool{}
	for _, p := range w.changed {
		for c := p; c != "." && !seen[c]; c = path.Dir(c) {
			seen[c] = true
			children[path.Dir(c)] = append(children[path.Dir(c)], c)
		}
	}
	folders := map[string]bool{}
	for d := range children {
		folders[d] = true
	}
	var walk func(d string) error
	walk = func(d string) error {
		for _, p := range children[d] {
			info, err := w.root.Lstat(p)
			switch {
			case folders[p] && err == nil && info.IsDir():
				if err := walk(p); err != nil {
					return err
				}
				continue
			case folders[p] && err != nil && !errors.Is(err, fs.ErrNotExist):
				return fmt.Errorf("writing %s: %w", p, err)
			case !folders[p] && err == nil && info.IsDir():
				// An old page folder where a file now goes: checkPaths
				// proved no file of this build lies inside it, so it
				// holds only debris.
				if err := w.root.RemoveAll(p); err != nil {
					return fmt.Errorf("replacing folder %s: %w", p, err)
				}
			}
			if err := w.root.Rename(staging+"/"+p, p); err != nil {
				return fmt.Errorf("writing %s: %w", p, err)
			}
		}
		return nil
	}
	return walk(".")
}

// writeManifest records paths, sorted and without repeats, atomically.
func writeManifest(root *os.Root, paths []string) error {
	paths = slices.Compact(slices.Sorted(slices.Values(paths)))
	data := []byte(strings.Join(paths, "\n") + "\n")
	if err := root.WriteFile(Manifest+tmpSuffix, data, 0o644); err != nil {
		return err
	}
	return root.Rename(Manifest+tmpSuffix, Manifest)
}

// parents lists the folders above the slash path p, deepest first.
func parents(p string) []string {
	var out []string
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		out = append(out, d)
	}
	return out
}

// removeEmpty removes the folders of dirs that are empty, deepest first; a
// folder that still holds something simply fails to go.
func removeEmpty(root *os.Root, dirs []string) {
	slices.SortFunc(dirs, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range slices.Compact(dirs) {
		root.Remove(d)
	}
}

// same returns the file at p in root when it holds exactly data: a
// regular file of the same size and bytes; nil otherwise.
func same(root *os.Root, p string, data []byte) fs.FileInfo {
	info, err := root.Lstat(p)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return nil
	}
	f, err := root.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	bp := readBuffers.Get().(*[]byte)
	defer readBuffers.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	buf := (*bp)[:len(data)+1] // one byte more, to see a file that grew
	n, err := io.ReadFull(f, buf)
	if (err == io.ErrUnexpectedEOF || err == io.EOF) && n == len(data) && bytes.Equal(buf[:n], data) {
		return info
	}
	return nil
}

// readBuffers hold the files read back by same.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

// walk lists every entry under root that is not a folder, but for ssg's
// cache, with the stamps of those that are regular files. A built site has
// a folder per page, so folders are read on several goroutines, a level of
// the tree at a time. Reading a folder through a Root already reads each
// entry's metadata (os.File.ReadDir), which the stamps keep: the build
// then asks the kernel nothing more to tell an unchanged file (Fresh).
func walk(root *os.Root) ([]string, map[string]Stamp, error) {
	var files []string
	stamps := map[string]Stamp{}
	level := []string{"."}
	for len(level) > 0 {
		found := make([][]fs.DirEntry, len(level))
		var next atomic.Int64
		var g errgroup.Group
		for range Workers() {
			g.Go(func() error {
				for i := int(next.Add(1)) - 1; i < len(level); i = int(next.Add(1)) - 1 {
					f, err := root.Open(level[i])
					if err != nil {
						return err
					}
					found[i], err = f.ReadDir(-1)
					f.Close()
					if err != nil {
						return err
					}
				}
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return nil, nil, err
		}
		var below []string
		for i, d := range level {
			for _, e := range found[i] {
				p := path.Join(d, e.Name())
				switch {
				case p == CacheDir && e.IsDir(): // ssg's own
				case e.IsDir():
					below = append(below, p)
				default:
					files = append(files, p)
					if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
						stamps[p] = stampOf(info)
					}
				}
			}
		}
		level = below
	}
	return files, stamps, nil
}

// owned returns the files the manifest lists, after checking that root holds
// nothing else, and the stamps of its regular files. An empty folder is
// fine.
func owned(root *os.Root, dir string) ([]string, map[string]Stamp, error) {
	var listed []string
	if info, err := root.Lstat(Manifest); err == nil && !info.Mode().IsRegular() {
		// A named pipe would block the read for ever.
		return nil, nil, fmt.Errorf("%s is not a regular file", filepath.Join(dir, Manifest))
	}
	data, err := root.ReadFile(Manifest)
	switch {
	case err == nil:
		for _, line := range strings.Split(string(data), "\n") {
			if ValidPath(line) {
				listed = append(listed, line)
			}
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, nil, err
	}
	mine := make(map[string]bool, len(listed))
	for _, p := range listed {
		mine[p] = true
	}
	files, stamps, err := walk(root)
	if err != nil {
		return nil, nil, err
	}
	var foreign []string
	for _, p := range files {
		if p != Manifest && p != Manifest+tmpSuffix && !mine[p] {
			foreign = append(foreign, p)
		}
	}
	slices.Sort(foreign)
	if len(foreign) > 0 {
		more := ""
		if len(foreign) > 3 {
			more = fmt.Sprintf(" and %d more", len(foreign)-3)
			foreign = foreign[:3]
		}
		return nil, nil, fmt.Errorf("output folder %s %w (%s%s): move them away or choose another output folder", dir, ErrForeign, strings.Join(foreign, ", "), more)
	}
	return listed, stamps, nil
}
