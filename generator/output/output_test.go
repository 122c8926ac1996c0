package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func files(kv ...string) []File {
	var out []File
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, File{Path: kv[i], Data: []byte(kv[i+1])})
	}
	return out
}

// tree lists the files under dir (slash paths) with their contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	return got
}

func TestWriteLifecycle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	st, err := Write(dir, files("index.html", "home", "reviews/a/index.html", "A", "reviews/b/index.html", "B"))
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 3}) {
		t.Errorf("first build stats %+v", st)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(filepath.Join(dir, "index.html"), old, old)

	// Second build: index unchanged, a changed, b gone, c new.
	st, err = Write(dir, files("index.html", "home", "reviews/a/index.html", "A2", "reviews/c/index.html", "C"))
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 2, Unchanged: 1, Removed: 1}) {
		t.Errorf("second build stats %+v", st)
	}
	want := map[string]string{"index.html": "home", "reviews/a/index.html": "A2", "reviews/c/index.html": "C",
		Manifest: "index.html\nreviews/a/index.html\nreviews/c/index.html\n"}
	if got := tree(t, dir); !equal(got, want) {
		t.Errorf("tree = %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "reviews/b")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("empty folder of a removed page is still there: %v", err)
	}
	info, _ := os.Stat(filepath.Join(dir, "index.html"))
	if !info.ModTime().Equal(old) {
		t.Errorf("unchanged file was rewritten: mtime %v, want %v", info.ModTime(), old)
	}
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestWriteRefusesForeignFiles(t *testing.T) {
	tests := []struct {
		name  string
		setup func(dir string)
	}{
		{"no manifest", func(dir string) { os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644) }},
		{"file not in manifest", func(dir string) {
			if _, err := Write(dir, files("index.html", "x")); err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
			os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref"), 0o644)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(dir)
			before := tree(t, dir)
			_, err := Write(dir, files("index.html", "new"))
			if !errors.Is(err, ErrForeign) {
				t.Fatalf("err = %v, want ErrForeign", err)
			}
			if after := tree(t, dir); !equal(before, after) {
				t.Errorf("refused write changed the folder: %v -> %v", before, after)
			}
		})
	}
}

func TestCheckPaths(t *testing.T) {
	tests := []struct {
		name string
		path string
		ok   bool
	}{
		{"plain", "reviews/a/index.html", true},
		{"dotdot", "../escape.html", false},
		{"inner dotdot", "a/../../b", false},
		{"absolute", "/etc/passwd", false},
		{"backslash", `a\..\b`, false},
		{"empty", "", false},
		{"dot", ".", false},
		{"manifest", Manifest, false},
		{"temp", "a.html" + tmpSuffix, false},
		{"trailing slash", "a/", false},
		// The manifest lists one path a line: a name with a line break
		// would be listed as two, and the next build would refuse its
		// own file as foreign.
		{"newline", "a\nb.txt", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(files(tt.path, "x"))
			if (err == nil) != tt.ok {
				t.Errorf("Check(%q) = %v, want ok=%v", tt.path, err, tt.ok)
			}
		})
	}
	if err := Check(files("a", "1", "a", "2")); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate path: %v", err)
	}
	if err := Check(files("films", "1", "films/a/index.html", "2")); err == nil || !strings.Contains(err.Error(), "needs it to be a folder") {
		t.Errorf("file and folder at one path: %v", err)
	}
}

func TestWriteStaysInsideThroughSymlinks(t *testing.T) {
	outside := t.TempDir()
	dir := t.TempDir()
	if _, err := Write(dir, files("index.html", "x")); err != nil {
		t.Fatal(err)
	}
	// A symlink planted where a page folder goes must not lead the write out.
	if err := os.Symlink(outside, filepath.Join(dir, "reviews")); err != nil {
		t.Skip("no symlinks:", err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, Manifest))
	os.WriteFile(filepath.Join(dir, Manifest), append(data, "reviews\n"...), 0o644)
	// The stale link is removed, not followed; the page goes inside.
	if _, err := Write(dir, files("index.html", "x", "reviews/a/index.html", "A")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, outside); len(got) != 0 {
		t.Errorf("files written outside the output folder: %v", got)
	}
	if info, err := os.Lstat(filepath.Join(dir, "reviews")); err != nil || info.Mode()&os.ModeSymlink != 0 {
		t.Errorf("reviews is still a link: %v", err)
	}

	// A link ssg did not write is foreign: refused, and not followed.
	other := t.TempDir()
	if _, err := Write(other, files("index.html", "x")); err != nil {
		t.Fatal(err)
	}
	os.Symlink(outside, filepath.Join(other, "films"))
	if _, err := Write(other, files("index.html", "x", "films/a/index.html", "A")); !errors.Is(err, ErrForeign) {
		t.Errorf("err = %v, want ErrForeign", err)
	}
	if got := tree(t, outside); len(got) != 0 {
		t.Errorf("files written outside the output folder: %v", got)
	}
}

func TestFileAndFolderSwap(t *testing.T) {
	dir := t.TempDir()
	// A page folder becomes a file...
	if _, err := Write(dir, files("films/index.html", "F", "films/a/index.html", "A")); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, files("films", "now a file")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dir); got["films"] != "now a file" || len(got) != 2 {
		t.Errorf("tree = %v", got)
	}
	// ...and back into a folder.
	if _, err := Write(dir, files("films/index.html", "F2")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dir); got["films/index.html"] != "F2" || len(got) != 2 {
		t.Errorf("tree = %v", got)
	}
}

func TestInterruptedBuildStaysOwned(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, files("a.html", "A")); err != nil {
		t.Fatal(err)
	}
	// Debris a killed build leaves: its staging folder.
	os.MkdirAll(filepath.Join(dir, staging, "b"), 0o755)
	os.WriteFile(filepath.Join(dir, staging, "b", "index.html"), []byte("half"), 0o644)
	if _, err := Write(dir, files("a.html", "A", "b/index.html", "B")); err != nil {
		t.Fatalf("debris of an interrupted build blocked the next: %v", err)
	}
	if got := tree(t, dir); got["b/index.html"] != "B" || len(got) != 3 {
		t.Errorf("tree = %v", got)
	}
}

func TestWriteFailureKeepsOldSite(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, files("a/index.html", "old", "b.html", "old")); err != nil {
		t.Fatal(err)
	}
	before := tree(t, dir)
	// A name longer than the file system allows makes staging fail
	// midway, after a/index.html was staged.
	_, err := Write(dir, files("a/index.html", "new", "b.html", "new", strings.Repeat("x", 300)+".html", "z"))
	if err == nil {
		t.Fatal("staging a 300-byte file name succeeded")
	}
	after := tree(t, dir)
	if !equal(before, after) {
		t.Errorf("failed build changed the folder:\n%v\n->\n%v", before, after)
	}
	for n := range after {
		if strings.HasSuffix(n, tmpSuffix) {
			t.Errorf("temporary file left behind: %s", n)
		}
	}
}

func TestWriterPutAndCommit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Write(dir, files("index.html", "home", "empty.txt", "", "films/a/index.html", "A")); err != nil {
		t.Fatal(err)
	}
	before := tree(t, dir)

	t.Run("a path not opened", func(t *testing.T) {
		w, err := Open(dir, []string{"index.html"})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Abort()
		if err := w.Put("other.html", []byte("x")); err == nil || !strings.Contains(err.Error(), "other.html") {
			t.Errorf("Put of a path not opened: %v", err)
		}
	})
	t.Run("a file never put", func(t *testing.T) {
		w, err := Open(dir, []string{"index.html", "new/index.html"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Put("new/index.html", []byte("N")); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Commit(); err == nil {
			t.Error("Commit with a file never put succeeded")
		}
		if got := tree(t, dir); !equal(got, before) {
			t.Errorf("a failed commit changed the folder: %v", got)
		}
	})
	t.Run("abort", func(t *testing.T) {
		w, err := Open(dir, []string{"index.html", "z/index.html"})
		if err != nil {
			t.Fatal(err)
		}
		w.Put("index.html", []byte("changed"))
		w.Put("z/index.html", []byte("Z"))
		w.Abort()
		if got := tree(t, dir); !equal(got, before) {
			t.Errorf("Abort changed the folder: %v", got)
		}
	})
	t.Run("unchanged, empty file included", func(t *testing.T) {
		st, err := Write(dir, files("index.html", "home", "empty.txt", "", "films/a/index.html", "A"))
		if err != nil {
			t.Fatal(err)
		}
		if st != (Stats{Unchanged: 3}) {
			t.Errorf("stats %+v, want 3 unchanged", st)
		}
	})
	t.Run("new folders beside old ones, from many goroutines", func(t *testing.T) {
		var fs []File
		want := map[string]string{"films/a/index.html": "A"}
		fs = append(fs, File{"films/a/index.html", []byte("A")})
		for i := range 200 {
			p := fmt.Sprintf("films/f%d/x/index.html", i%7)
			if i >= 7 {
				p = fmt.Sprintf("films/f%d/y%d.html", i%7, i)
			}
			fs = append(fs, File{p, []byte(p)})
			want[p] = p
		}
		st, err := Write(dir, fs)
		if err != nil {
			t.Fatal(err)
		}
		if st != (Stats{Written: 200, Unchanged: 1, Removed: 2}) {
			t.Errorf("stats %+v", st)
		}
		got := tree(t, dir)
		delete(got, Manifest)
		if !equal(got, want) {
			t.Errorf("tree has %d files, want %d", len(got), len(want))
		}
		if _, err := os.Stat(filepath.Join(dir, staging)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("staging folder left behind: %v", err)
		}
	})
}

// TestWriterKeep checks that Keep takes a file the last build wrote when
// valid approves it, counts it unchanged and leaves it be, and refuses a
// file that is unlisted, a symlink, a folder, missing, not of this build
// or not approved.
func TestWriterKeep(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	outside := filepath.Join(t.TempDir(), "x.jpg")
	os.WriteFile(outside, []byte("good"), 0o644)
	if _, err := Write(dir, files("index.html", "home", "p/a.jpg", "good", "p/b.jpg", "bad", "p/link.jpg", "x", "p/dir/x", "x")); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "p/link.jpg"))
	if err := os.Symlink(outside, filepath.Join(dir, "p/link.jpg")); err != nil {
		t.Skip("no symlinks:", err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(filepath.Join(dir, "p/a.jpg"), old, old)
	paths := []string{"index.html", "p/a.jpg", "p/b.jpg", "p/link.jpg", "p/dir", "p/new.jpg"}
	w, err := Open(dir, paths)
	if err != nil {
		t.Fatal(err)
	}
	good := func(f io.ReaderAt, size int64) bool {
		b := make([]byte, size)
		n, _ := f.ReadAt(b, 0)
		return n == int(size) && string(b) == "good"
	}
	tests := []struct {
		path string
		want bool
	}{
		{"p/a.jpg", true},
		{"p/b.jpg", false},    // not approved
		{"p/link.jpg", false}, // a symlink, though to a good file
		{"p/dir", false},      // a folder
		{"p/new.jpg", false},  // not in the folder
		{"other.jpg", false},  // not a path of this build
	}
	for _, tt := range tests {
		if got := w.Keep(tt.path, good); got != tt.want {
			t.Errorf("Keep(%s) = %v, want %v", tt.path, got, tt.want)
		}
	}
	for _, f := range files("index.html", "home", "p/b.jpg", "good", "p/link.jpg", "good", "p/dir", "now a file", "p/new.jpg", "good") {
		if err := w.Put(f.Path, f.Data); err != nil {
			t.Fatal(err)
		}
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 4, Unchanged: 2, Removed: 1}) {
		t.Errorf("stats %+v, want 4 written, 2 unchanged and p/dir/x removed", st)
	}
	if info, err := os.Stat(filepath.Join(dir, "p/a.jpg")); err != nil || !info.ModTime().Equal(old) {
		t.Errorf("a kept file was touched: %v", err)
	}
	if got := tree(t, dir); got["p/link.jpg"] != "good" || got["p/b.jpg"] != "good" || got["p/a.jpg"] != "good" {
		t.Errorf("tree = %v", got)
	}
	if data, _ := os.ReadFile(outside); string(data) != "good" {
		t.Error("the file outside changed")
	}
}

// TestWriterFreshAndStamps checks that Fresh takes a file the last build
// wrote only while its stamp is the one Stamps gave for it, and that
// Stamps gives the stamp of every file of the build as it lies in the
// folder after Commit.
func TestWriterFreshAndStamps(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	paths := []string{"a.html", "b.html", "c.html", "d.html", "s.html", "x/y/z.html"}
	w, err := Open(dir, paths)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files("a.html", "A", "b.html", "B", "c.html", "C", "d.html", "D", "s.html", "S", "x/y/z.html", "Z") {
		if err := w.Put(f.Path, f.Data); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	stamps := w.Stamps()
	for _, p := range paths {
		info, err := os.Stat(filepath.Join(dir, p))
		if err != nil || stamps[p] != stampOf(info) {
			t.Errorf("stamp of %s = %+v, file %v (%v)", p, stamps[p], info, err)
		}
	}
	os.WriteFile(filepath.Join(dir, "b.html"), []byte("X"), 0o644) // same size, new time
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "c.html"), old, old)
	os.Remove(filepath.Join(dir, "d.html"))
	// A link to a file with the same size and time is no file ssg wrote.
	twin := filepath.Join(t.TempDir(), "s.html")
	os.WriteFile(twin, []byte("S"), 0o644)
	info, _ := os.Stat(filepath.Join(dir, "s.html"))
	os.Chtimes(twin, info.ModTime(), info.ModTime())
	os.Remove(filepath.Join(dir, "s.html"))
	if err := os.Symlink(twin, filepath.Join(dir, "s.html")); err != nil {
		t.Skip("no symlinks:", err)
	}
	w, err = Open(dir, paths)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{"a.html": true, "b.html": false, "c.html": false, "d.html": false, "s.html": false, "x/y/z.html": true} {
		if got := w.Fresh(p, stamps[p]); got != want {
			t.Errorf("Fresh(%s) = %v, want %v", p, got, want)
		}
	}
	if w.Fresh("e.html", stamps["a.html"]) {
		t.Error("Fresh took a path not of this build")
	}
	w.Abort()
}

// TestWriterCache checks the cache files a build keeps beside its output:
// read back after Commit, dropped by Abort and DropCache, never listed
// in the manifest nor taken for foreign files, and out of reach of pages.
func TestWriterCache(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	build := func(cache string, commit bool) {
		t.Helper()
		w, err := Claim(dir)
		if err != nil {
			t.Fatal(err)
		}
		f, err := w.CreateCache("state")
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(cache)
		f.Close()
		if g, err := w.CreateCache("other"); err == nil {
			g.Close()
			w.DropCache("other")
		}
		if err := w.Expect([]string{"index.html"}); err != nil {
			t.Fatal(err)
		}
		w.Put("index.html", []byte("home"))
		if !commit {
			w.Abort()
			return
		}
		if _, err := w.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	read := func() string {
		t.Helper()
		w, err := Claim(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Abort()
		f, err := w.OpenCache("state")
		if err != nil {
			return "none: " + err.Error()
		}
		defer f.Close()
		data, _ := io.ReadAll(f)
		return string(data)
	}
	build("one", true)
	if got := read(); got != "one" {
		t.Errorf("after a build: %q", got)
	}
	build("two", false)
	if got := read(); got != "one" {
		t.Errorf("after an aborted build: %q", got)
	}
	build("three", true)
	if got := read(); got != "three" {
		t.Errorf("after another build: %q", got)
	}
	got := tree(t, dir)
	if len(got) != 3 || got[CacheDir+"/state"] != "three" || strings.Contains(got[Manifest], CacheDir) {
		t.Errorf("folder = %v", got)
	}
	for _, p := range []string{CacheDir, CacheDir + "/state", staging + "/x"} {
		if ValidPath(p) {
			t.Errorf("ValidPath(%q) = true", p)
		}
	}
	w, err := Claim(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for _, name := range []string{"", "../x", "a/b", ".", "x" + tmpSuffix} {
		if _, err := w.CreateCache(name); err == nil {
			t.Errorf("CreateCache(%q) succeeded", name)
		}
		if _, err := w.OpenCache(name); err == nil {
			t.Errorf("OpenCache(%q) succeeded", name)
		}
	}
}

// TestClaimAbortLeavesNoFolder checks that a build that fails leaves no
// output folder behind when there was none.
func TestClaimAbortLeavesNoFolder(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "site", "public")
	w, err := Claim(dir)
	if err != nil {
		t.Fatal(err)
	}
	if f, err := w.CreateCache("state"); err == nil {
		f.Close()
	}
	w.Abort()
	if entries, err := os.ReadDir(top); err != nil || len(entries) != 0 {
		t.Errorf("Abort left the folders it made: %v (%v)", entries, err)
	}
}
