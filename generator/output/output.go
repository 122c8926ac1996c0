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
	for _, f := range files {
		for _, d := range parents(f.Path) {
			if seen[d] {
				return fmt.Errorf("output path %q is a file, but %q needs it to be a folder", d, f.Path)
			}
		}
	}
	return nil
}

// ValidPath reports whether p can name an output file: slash-separated,
// relative, clean, no backslash, not the manifest or a temporary file.
func ValidPath(p string) bool {
	return fs.ValidPath(p) && p != "." && !strings.Contains(p, `\`) &&
		p != Manifest && !strings.HasSuffix(p, tmpSuffix) && p != staging && !strings.HasPrefix(p, staging+"/")
}

// staging is the folder, inside the output folder, where a build's new and
// changed files wait until all of them are written.
const staging = ".ssg-staging"

// Write makes dir hold exactly files. dir is created if missing. It refuses
// a dir that holds files without a manifest, or files the manifest does not
// list. Every new or changed file is first written under a staging folder,
// so a failure there (a full disk) leaves dir as it was. Only then are stale
// files removed and staged files renamed into place, with a manifest of old
// and new files written first so that an interruption still leaves a folder
// the next build owns.
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
	if err := root.RemoveAll(staging); err != nil { // debris of an interrupted build
		return st, err
	}
	old, err := owned(root, dir)
	if err != nil {
		return st, err
	}

	var changed []string
	for _, f := range files {
		if same(root, f) {
			st.Unchanged++
			continue
		}
		tmp := staging + "/" + f.Path
		err := root.MkdirAll(path.Dir(tmp), 0o755)
		if err == nil {
			err = root.WriteFile(tmp, f.Data, 0o644)
		}
		if err != nil {
			root.RemoveAll(staging)
			return Stats{}, fmt.Errorf("writing %s: %w", f.Path, err)
		}
		changed = append(changed, f.Path)
	}

	keep := make(map[string]bool, len(files))
	list := make([]string, 0, len(files))
	for _, f := range files {
		keep[f.Path] = true
		list = append(list, f.Path)
	}
	if err := writeManifest(root, append(slices.Clone(list), old...)); err != nil {
		root.RemoveAll(staging)
		return Stats{}, err
	}

	// Stale files go first: one of them may stand where a new folder goes.
	var dirs []string
	for _, p := range old {
		if keep[p] {
			continue
		}
		if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, fmt.Errorf("removing stale %s: %w", p, err)
		}
		st.Removed++
		dirs = append(dirs, parents(p)...)
	}
	removeEmpty(root, dirs)

	for _, p := range changed {
		if info, err := root.Lstat(p); err == nil && info.IsDir() {
			// An old page folder where a file now goes: Check proved no
			// file of this build lies inside it, so it holds only debris.
			if err := root.RemoveAll(p); err != nil {
				return st, fmt.Errorf("replacing folder %s: %w", p, err)
			}
		}
		err := root.MkdirAll(path.Dir(p), 0o755)
		if err == nil {
			err = root.Rename(staging+"/"+p, p)
		}
		if err != nil {
			return st, fmt.Errorf("writing %s: %w", p, err)
		}
		st.Written++
	}
	if err := root.RemoveAll(staging); err != nil {
		return st, err
	}
	return st, writeManifest(root, list)
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
		if e.IsDir() || p == Manifest || p == Manifest+tmpSuffix {
			return nil
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
