package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// File is one output file: a slash path relative to the output folder, such
// as "reviews/x/index.html", and its bytes.
type File struct {
	Path string
	Data []byte
}

// Manifest is the file, inside the output folder, that lists what ssg wrote.
const Manifest = ".ssg-manifest"

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
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if !ValidPath(f.Path) {
			return fmt.Errorf("output path %q is not a clean relative path", f.Path)
		}
		if seen[f.Path] {
			return fmt.Errorf("output path %q is produced twice", f.Path)
		}
		seen[f.Path] = true
	}
	return nil
}

// ValidPath reports whether p can name an output file: slash-separated,
// relative, clean, no backslash, not the manifest or a temporary file.
func ValidPath(p string) bool {
	return fs.ValidPath(p) && p != "." && !strings.Contains(p, `\`) &&
		p != Manifest && !strings.HasSuffix(p, tmpSuffix)
}

// Write makes dir hold exactly files. dir is created if missing. It refuses
// a dir that holds files without a manifest, or files the manifest does not
// list. On error, files already in dir are as they were, except that a
// failure while renaming or removing can leave a mix of old and new files.
func Write(dir string, files []File) (Stats, error) {
	var st Stats
	if err := Check(files); err != nil {
		return st, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return st, err
	}
	defer root.Close()

	old, err := owned(root, dir)
	if err != nil {
		return st, err
	}

	// Stage every changed file under a temporary name first, so that a
	// failure (a full disk) leaves the previous site whole.
	var staged []string
	cleanup := func() {
		for _, p := range staged {
			root.Remove(p + tmpSuffix)
		}
	}
	for _, f := range files {
		if same(root, f) {
			st.Unchanged++
			continue
		}
		if err := root.MkdirAll(path.Dir(f.Path), 0o755); err != nil {
			cleanup()
			return Stats{}, fmt.Errorf("writing %s: %w", f.Path, err)
		}
		if err := root.WriteFile(f.Path+tmpSuffix, f.Data, 0o644); err != nil {
			cleanup()
			return Stats{}, fmt.Errorf("writing %s: %w", f.Path, err)
		}
		staged = append(staged, f.Path)
	}
	for _, p := range staged {
		if info, err := root.Lstat(p); err == nil && info.IsDir() {
			if err := root.RemoveAll(p); err != nil {
				cleanup()
				return Stats{}, fmt.Errorf("replacing folder %s: %w", p, err)
			}
		}
		if err := root.Rename(p+tmpSuffix, p); err != nil {
			cleanup()
			return Stats{}, fmt.Errorf("writing %s: %w", p, err)
		}
		st.Written++
	}

	keep := make(map[string]bool, len(files))
	for _, f := range files {
		keep[f.Path] = true
	}
	var dirs []string
	for _, p := range old {
		if keep[p] {
			continue
		}
		if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, fmt.Errorf("removing stale %s: %w", p, err)
		}
		st.Removed++
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			dirs = append(dirs, d)
		}
	}
	// Remove folders left empty, deepest first; a folder that still holds
	// something simply fails to go.
	slices.SortFunc(dirs, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range slices.Compact(dirs) {
		root.Remove(d)
	}

	list := make([]string, 0, len(files))
	for _, f := range files {
		list = append(list, f.Path)
	}
	slices.Sort(list)
	manifest := []byte(strings.Join(list, "\n") + "\n")
	if err := root.WriteFile(Manifest+tmpSuffix, manifest, 0o644); err != nil {
		return st, err
	}
	return st, root.Rename(Manifest+tmpSuffix, Manifest)
}

// same reports whether f is already in root with the same bytes.
func same(root *os.Root, f File) bool {
	info, err := root.Lstat(f.Path)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(f.Data)) {
		return false
	}
	data, err := root.ReadFile(f.Path)
	return err == nil && bytes.Equal(data, f.Data)
}

// owned returns the files the manifest lists, after checking that root holds
// nothing else. An empty folder is fine.
func owned(root *os.Root, dir string) ([]string, error) {
	var listed []string
	data, err := root.ReadFile(Manifest)
	switch {
	case err == nil:
		for _, line := range strings.Split(string(data), "\n") {
			if ValidPath(line) {
				listed = append(listed, line)
			}
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	mine := make(map[string]bool, len(listed))
	for _, p := range listed {
		mine[p] = true
	}
	var foreign []string
	err = fs.WalkDir(root.FS(), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() || p == Manifest {
			return nil
		}
		if strings.HasSuffix(p, tmpSuffix) && mine[strings.TrimSuffix(p, tmpSuffix)] {
			return nil // debris of an interrupted build
		}
		if !mine[p] {
			foreign = append(foreign, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(foreign) > 0 {
		more := ""
		if len(foreign) > 3 {
			more = fmt.Sprintf(" and %d more", len(foreign)-3)
			foreign = foreign[:3]
		}
		return nil, fmt.Errorf("output folder %s %w (%s%s): move them away or choose another output folder", dir, ErrForeign, strings.Join(foreign, ", "), more)
	}
	return listed, nil
}
