//go:build unix

package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ssg/generator/content"
)

// TestNamedPipesAreRefused puts a named pipe where the site has a file to
// read, and a folder to list: reading it would wait for a writer that
// never comes. The build must refuse it, naming it, whether it is there
// from the start (ssg build) or made while a session is kept (ssg serve,
// told of the change).
func TestNamedPipesAreRefused(t *testing.T) {
	tests := []struct {
		name  string
		pipe  string // where the named pipe is made
		link  string // a symbolic link to it, when set
		files map[string]string
		want  string // the path the error names
	}{
		{"review", "content/reviews/pipe.md", "", nil, "content/reviews/pipe.md"},
		{"link to a review", "notes/pipe", "content/reviews/link.md", nil, "content/reviews/link.md"},
		{"comment", "content/reviews/a.comments/pipe.yaml", "", nil, "content/reviews/a.comments/pipe.yaml"},
		{"film data", "data/films/alien.yaml", "", nil, "data/films/alien.yaml"},
		{"static file", "static/pipe.css", "", nil, "static/pipe.css"},
		{"link to a static file", "notes/pipe", "static/link.css", nil, "static/link.css"},
		{"template", "templates/home.html", "", nil, "templates/home.html"},
		{"partial", "templates/partials/pipe.html", "", nil, "templates/partials/pipe.html"},
		{"partials folder", "templates/partials", "", nil, "templates/partials"},
		{"theme's static file", "templates/static/pipe.css", "", nil, "templates/static/pipe.css"},
		{"settings", "ssg.toml", "", nil, "ssg.toml"},
		{"poster", "content/reviews/b/poster.jpg", "", map[string]string{
			"content/reviews/b/index.md": "---\ntitle: B\nfilm: Brazil\ndate: 2024-01-01\nposter: poster.jpg\n---\nBody.\n"}, "content/reviews/b/poster.jpg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, map[string]string{"content/reviews/a.md": review("A", "Alien", "3/4"), "templates/static/.keep": "", "notes/.keep": ""})
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			s := NewSession(root.FS(), Config{Now: goldenNow})
			if _, err := s.Rebuild(context.Background()); err != nil {
				t.Fatal(err)
			}
			changed := []string{tt.pipe}
			for name, text := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				changed = append(changed, name)
			}
			pipe := filepath.Join(dir, filepath.FromSlash(tt.pipe))
			os.MkdirAll(filepath.Dir(pipe), 0o755)
			if err := syscall.Mkfifo(pipe, 0o644); err != nil {
				t.Skip("no named pipes here:", err)
			}
			if tt.link != "" {
				link := filepath.Join(dir, filepath.FromSlash(tt.link))
				target, _ := filepath.Rel(filepath.Dir(link), pipe)
				if err := os.Symlink(target, link); err != nil {
					t.Skip("no symbolic links here:", err)
				}
				changed = append(changed, tt.link)
			}
			refused := func(what string, build func() error) {
				t.Helper()
				done := make(chan error, 1)
				go func() { done <- build() }()
				select {
				case err := <-done:
					if err == nil || !strings.Contains(err.Error(), tt.want+": a named pipe") {
						t.Errorf("%s: err = %v, want one naming %s as a named pipe", what, err, tt.want)
					}
				case <-time.After(5 * time.Second):
					t.Errorf("%s: still reading a named pipe after 5 s", what)
					// Let the build go: writers that close at once.
					for range 100 {
						if f, err := os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
							f.Close()
						}
						select {
						case <-done:
							return
						case <-time.After(100 * time.Millisecond):
						}
					}
					t.Fatalf("%s: still stuck", what)
				}
			}
			refused("session", func() error { _, err := s.Rebuild(context.Background(), changed...); return err })
			refused("build", func() error { _, err := Build(context.Background(), Config{Src: dir, Now: goldenNow}); return err })
		})
	}
}

// TestNewReviewRefusesNamedPipes checks ssg new: a named pipe for its
// settings or archetype is an error naming it, and one among the reviews
// it looks through for a free name is passed over.
func TestNewReviewRefusesNamedPipes(t *testing.T) {
	tests := []struct {
		name, pipe string
		want       string // the error; "" when the draft is written
	}{
		{"settings", ConfigFile, "ssg.toml: a named pipe, not a file"},
		{"archetype", ArchetypeFile, "archetypes/review.md: a named pipe, not a file"},
		{"template archetype", "templates/" + ArchetypeFile, "templates/archetypes/review.md: a named pipe, not a file"},
		{"review", "content/reviews/solaris-1972.md", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, map[string]string{"content/reviews/a.md": review("A", "Alien", "3/4")})
			pipe := filepath.Join(dir, filepath.FromSlash(tt.pipe))
			os.MkdirAll(filepath.Dir(pipe), 0o755)
			if err := syscall.Mkfifo(pipe, 0o644); err != nil {
				t.Skip("no named pipes here:", err)
			}
			type result struct {
				path string
				err  error
			}
			done := make(chan result, 1)
			go func() {
				p, err := NewReview(Config{Src: dir, Now: goldenNow}, Draft{Film: "Solaris", Year: 1972})
				done <- result{p, err}
			}()
			select {
			case r := <-done:
				switch {
				case tt.want == "" && r.err != nil:
					t.Errorf("err = %v", r.err)
				case tt.want == "" && !strings.HasSuffix(r.path, "solaris-1972-2.md"):
					t.Errorf("wrote %s, want a name beside the pipe's", r.path)
				case tt.want != "" && (r.err == nil || !strings.Contains(r.err.Error(), tt.want)):
					t.Errorf("err = %v, want %q", r.err, tt.want)
				}
			case <-time.After(5 * time.Second):
				if f, err := os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					f.Close()
				}
				t.Fatal("still reading a named pipe after 5 s")
			}
		})
	}
}

// TestRegularKnownFromListings checks what a session's file system says it
// knows to be a regular file, which content.Open then opens without a
// look: a file its folder's listing showed, until it is said to have
// changed, and what a look at it then found (a named pipe now).
func TestRegularKnownFromListings(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := newLinkFS(os.DirFS(dir))
	if l.Regular("a.md") {
		t.Error("a file is known regular before its folder is listed")
	}
	if _, err := l.ReadDir("."); err != nil {
		t.Fatal(err)
	}
	if !l.Regular("a.md") {
		t.Error("a listed file is not known regular")
	}
	if err := os.Remove(filepath.Join(dir, "a.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "a.md"), 0o644); err != nil {
		t.Skip(err)
	}
	l.forget("a.md")
	if l.Regular("a.md") {
		t.Error("a file said to have changed is still known regular")
	}
	l.reading("a.md") // looks at it, as content.Open does through Stat
	if l.Regular("a.md") {
		t.Error("a named pipe is known regular after a look at it")
	}
	if _, err := content.ReadFile(l, "a.md"); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("reading the pipe: %v, want a refusal", err)
	}
}
