package devserver

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/fsnotify/fsnotify"
)

func TestWatchError(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("add content: %w", syscall.ENOSPC), "sudo sysctl fs.inotify.max_user_watches="},
		{fmt.Errorf("inotify_init: %w", syscall.EMFILE), "sudo sysctl fs.inotify.max_user_instances="},
		{errors.New("something else"), "watching: something else"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := watchError(tt.err)
			if !strings.Contains(got.Error(), tt.want) || !errors.Is(got, tt.err) {
				t.Errorf("watchError(%v) = %q, want it to say %q and wrap the cause", tt.err, got, tt.want)
			}
		})
	}
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name string
		err  string
		want []Problem
	}{
		{"content error", "content/reviews/x.md:4: rating \"11/10\": above its scale",
			[]Problem{{File: "content/reviews/x.md", Line: 4, Message: `rating "11/10": above its scale`}}},
		{"no line", "content/misfiled.md: reviews go in content/reviews/; move it there",
			[]Problem{{File: "content/misfiled.md", Message: "reviews go in content/reviews/; move it there"}}},
		{"template", "rendering /reviews/a/ (and 3 more pages): templates/review.html:1:19: executing \"main\" at <.X>: can't evaluate field X",
			[]Problem{{File: "templates/review.html", Line: 1, Message: "rendering /reviews/a/ (and 3 more pages): templates/review.html:1:19: executing \"main\" at <.X>: can't evaluate field X"}}},
		{"settings", "ssg.toml:2: per_page 0: want 1 to 1000", []Problem{{File: "ssg.toml", Line: 2, Message: "per_page 0: want 1 to 1000"}}},
		{"film data", "data/films/x.yaml:3: imdb: \"1\" is not an IMDb title id", []Problem{{File: "data/films/x.yaml", Line: 3, Message: `imdb: "1" is not an IMDb title id`}}},
		{"several, no position", "a.md:1: one\n\nsomething went wrong", []Problem{{Message: "a.md:1: one"}, {Message: "something went wrong"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problems(errors.New(tt.err))
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("problems(%q)\n got %+v\nwant %+v", tt.err, got, tt.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		changed []string
		want    string
	}{
		{[]string{"."}, "everything"},
		{[]string{"content/reviews/a.md"}, "content/reviews/a.md"},
		{[]string{"static/b.css", "content/reviews/a.md", "templates/x.html"}, "content/reviews/a.md and 2 more"},
	}
	for _, tt := range tests {
		if got := describe(tt.changed); got != tt.want {
			t.Errorf("describe(%q) = %q, want %q", tt.changed, got, tt.want)
		}
	}
}

// TestWatchWanted checks the folders watched for the files a build read
// elsewhere in the site: each folder on the way to each file that exists
// (one replaced, or a symlink retargeted, is seen), none for the site
// folder itself, the output folder or
// .git, none outside the site folder (through a symlink that leads out of
// it, which the build cannot read: os.Root refuses), and no longer those
// of an earlier build; and which events pass.
func TestWatchWanted(t *testing.T) {
	src := t.TempDir()
	for _, d := range []string{"art", "media", "public", ".git", "content/reviews", "notes/v1"} {
		if err := os.MkdirAll(filepath.Join(src, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(t.TempDir(), filepath.Join(src, "ext")); err != nil {
		t.Fatal(err)
	}
	wt, err := newWatcher(src, "")
	if err != nil {
		t.Fatal(err)
	}
	defer wt.close()
	tests := []struct {
		name   string
		wanted []string
		dirs   []string // watched for them, besides the site's own
		pass   []string // events that pass; other paths in their folders do not
		drop   []string
	}{
		{"a poster", []string{"art/solaris.jpg"}, []string{"art"},
			[]string{"art/solaris.jpg", "art"}, []string{"art/alien.jpg", "media"}},
		{"in folders to make", []string{"media/posters/big/x.jpg"}, []string{"media"},
			[]string{"media/posters", "media/posters/big", "media/posters/big/x.jpg", "media"}, []string{"media/y.jpg", "art/solaris.jpg"}},
		{"in folders there", []string{"notes/v1/alien.md"}, []string{"notes", "notes/v1"},
			[]string{"notes/v1/alien.md", "notes/v1", "notes"}, []string{"notes/v2", "notes/v1/heat.md"}},
		{"in the site folder", []string{"notes.md"}, nil,
			[]string{"notes.md"}, []string{"other.md"}},
		{"in the output folder and .git", []string{"public/x.jpg", ".git/x.md"}, nil,
			nil, []string{"public/x.jpg", ".git/x.md", "public"}},
		// What Session.Outside named for a poster: ext/x.jpg in a data file
		// before it stopped at links out of the site.
		{"through a link out of the site", []string{"ext/x.jpg"}, nil,
			[]string{"ext"}, []string{"ext/y.jpg"}},
		{"none", nil, nil, nil, []string{"art/solaris.jpg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := wt.want(tt.wanted); err != nil {
				t.Fatal(err)
			}
			var dirs []string
			for _, p := range wt.w.WatchList() {
				rel, _ := filepath.Rel(src, p)
				if top, _, _ := strings.Cut(filepath.ToSlash(rel), "/"); rel != "." && !isWatched(top) {
					dirs = append(dirs, filepath.ToSlash(rel))
				}
			}
			slices.Sort(dirs)
			if !slices.Equal(dirs, tt.dirs) {
				t.Errorf("watching %q, want %q", dirs, tt.dirs)
			}
			for _, p := range slices.Concat(tt.pass, tt.drop) {
				got, err := wt.handle(fsnotify.Event{Name: filepath.Join(src, filepath.FromSlash(p)), Op: fsnotify.Write})
				if err != nil {
					t.Fatal(err)
				}
				if want := slices.Contains(tt.pass, p); (got == p) != want || (got != "" && got != p) {
					t.Errorf("an event on %s gives %q, want it to pass: %v", p, got, want)
				}
			}
		})
	}
}

// TestWatchTreesInSite checks that a watched folder that is a symlink is
// watched where it leads when that is in the site folder, and not at all
// when it is outside: the build cannot read it (os.Root refuses).
func TestWatchTreesInSite(t *testing.T) {
	src, outside := t.TempDir(), t.TempDir()
	for _, d := range []string{filepath.Join(src, "assets/css"), filepath.Join(outside, "reviews")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("assets", filepath.Join(src, "static")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(src, "content")); err != nil {
		t.Fatal(err)
	}
	wt, err := newWatcher(src, "")
	if err != nil {
		t.Fatal(err)
	}
	defer wt.close()
	real, err := filepath.EvalSymlinks(outside)
	if err != nil {
		t.Fatal(err)
	}
	var css bool
	for _, p := range wt.w.WatchList() {
		if strings.HasPrefix(p, outside) || strings.HasPrefix(p, real) {
			t.Errorf("watching %s, outside the site", p)
		}
		css = css || strings.HasSuffix(p, filepath.Join("assets", "css"))
	}
	if !css {
		t.Errorf("not watching assets/css, below static/ where it leads: %q", wt.w.WatchList())
	}
}
