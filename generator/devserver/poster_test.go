package devserver

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// jpegPoster draws a w×h picture in the given shade, as a JPEG.
func jpegPoster(t *testing.T, w, h int, shade uint8) string {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, color.RGBA{uint8(x), shade, uint8(y), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, nil); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

var posterSrc = regexp.MustCompile(`<img class="poster" src="([^"]+)"`)

// posterSite is a blog of two reviews, one of them in its own folder
// beside its poster.
func posterSite(t *testing.T) map[string]string {
	return map[string]string{
		"content/reviews/solaris/index.md":   strings.Replace(reviewText("Solaris", 1972, "4/4", "An ocean."), "author: Ann\n", "author: Ann\nposter: poster.jpg\n", 1),
		"content/reviews/solaris/poster.jpg": jpegPoster(t, 400, 600, 10),
		"content/reviews/alien.md":           reviewText("Alien", 1979, "3.5/4", "Truckers in space."),
	}
}

// TestServePoster replaces the poster beside a review, a file that is not
// markdown, and checks that the watcher sees it, the review page reloads
// and shows the new copies, and the old ones are gone.
func TestServePoster(t *testing.T) {
	l := start(t, posterSite(t), Options{})
	_, body := l.get("/reviews/solaris/")
	m := posterSrc.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no poster on the review page:\n%s", body)
	}
	old := m[1]
	resp, err := http.Get(strings.TrimSuffix(l.url, "/") + old)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("GET %s: %d %s", old, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	page := l.listen("/reviews/solaris/")
	l.write("content/reviews/solaris/poster.jpg", jpegPoster(t, 400, 500, 200))
	b := l.waitFor(saw("content/reviews/solaris/poster.jpg"))
	if b.res.Encoded != 1 {
		t.Errorf("the rebuild encoded %d posters, want 1", b.res.Encoded)
	}
	if ev := page.next(t); ev[0] != "reload" {
		t.Fatalf("got %v, want reload", ev)
	}
	_, body = l.get("/reviews/solaris/")
	m = posterSrc.FindStringSubmatch(body)
	if m == nil || m[1] == old || !strings.Contains(body, `width="320" height="400"`) {
		t.Fatalf("the new poster is not shown (was %s):\n%s", old, body)
	}
	if code, _ := l.get(old); code != 404 {
		t.Errorf("GET %s after the poster changed: %d, want 404", old, code)
	}
	if code, _ := l.get(m[1]); code != 200 {
		t.Errorf("GET %s: %d", m[1], code)
	}
}

// TestServePosterReloadsOnce replaces the poster of the review in view:
// the review page, rendered first, is reloaded once. Its new poster's
// copies, which the page names, are held by the handler until the
// rebuild ends, so the reload shows them: the rebuild's end must not
// reload it again.
func TestServePosterReloadsOnce(t *testing.T) {
	l := start(t, posterSite(t), Options{})
	page := l.listen("/reviews/solaris/")
	l.write("content/reviews/solaris/poster.jpg", jpegPoster(t, 400, 500, 200))
	l.waitFor(saw("content/reviews/solaris/poster.jpg"))
	if events := page.during(300 * time.Millisecond); !slices.Equal(events, []string{"reload"}) {
		t.Errorf("events after one poster change: %v, want [reload]", events)
	}
}

// TestServeFilmPosterOutsideWatchedFolders gives a film's data file a
// poster in a folder of the site that serve watches for nothing else
// (README, Posters): replaced, the new one is shown; missing, its error
// shows until the file appears, in a folder that is there or in one made
// with it, and the page then reloads with the poster.
func TestServeFilmPosterOutsideWatchedFolders(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // besides the review and the data file
	}{
		{"replaced", map[string]string{"art/solaris.jpg": jpegPoster(t, 400, 600, 10)}},
		{"missing, its folder there", map[string]string{"art/alien.jpg": jpegPoster(t, 400, 600, 20)}},
		{"missing with its folder", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"content/reviews/solaris.md": reviewText("Solaris", 1972, "4/4", "An ocean."),
				"data/films/solaris.yaml":    "year: 1972\nposter: art/solaris.jpg\n",
			}
			maps.Copy(files, tt.files)
			l := start(t, files, Options{})
			_, body := l.get("/reviews/solaris/")
			var old string // the poster shown
			if m := posterSrc.FindStringSubmatch(body); m != nil {
				old = m[1]
			}
			page := l.listen("/reviews/solaris/")
			if _, ok := tt.files["art/solaris.jpg"]; ok && old == "" {
				t.Fatalf("no poster on the review page:\n%s", body)
			} else if !ok {
				if ev := page.next(t); ev[0] != "error" || !strings.Contains(ev[1], "art/solaris.jpg: there is no such file") {
					t.Fatalf("got %v, want the error of the missing poster", ev)
				}
			}
			l.write("art/solaris.jpg", jpegPoster(t, 400, 500, 200))
			if ev := page.next(t); ev[0] != "reload" {
				t.Fatalf("after writing art/solaris.jpg: %v, want reload", ev)
			}
			_, body = l.get("/reviews/solaris/")
			if m := posterSrc.FindStringSubmatch(body); m == nil || m[1] == old {
				t.Errorf("not serving the new poster (was %q) after art/solaris.jpg changed", old)
			}
		})
	}
}

// TestServePosterThroughFolderLink gives a review a poster in a folder of
// the site that a folder symlink beside it leads to (img -> ../../../art,
// poster: img/poster.jpg), made before serve starts or while it runs, and
// a film's data file a poster in that folder too: replacing either shows
// the new one, as a fresh build would.
func TestServePosterThroughFolderLink(t *testing.T) {
	for _, atStart := range []bool{true, false} {
		name := map[bool]string{true: "link there at start", false: "link made while serving"}[atStart]
		t.Run(name, func(t *testing.T) {
			l := &live{t: t, dir: t.TempDir()}
			l.write("content/reviews/solaris/index.md", strings.Replace(reviewText("Solaris", 1972, "4/4", "An ocean."), "author: Ann\n", "author: Ann\nposter: img/poster.jpg\n", 1))
			l.write("content/reviews/alien.md", reviewText("Alien", 1979, "3/4", "Truckers in space."))
			l.write("data/films/alien.yaml", "year: 1979\nposter: art/alien.jpg\n")
			l.write("art/poster.jpg", jpegPoster(t, 400, 600, 10))
			l.write("art/alien.jpg", jpegPoster(t, 400, 600, 20))
			img := filepath.Join(l.dir, "content/reviews/solaris/img")
			if atStart {
				if err := os.Symlink("../../../art", img); err != nil {
					t.Fatal(err)
				}
			}
			l = startIn(t, l.dir, Options{})
			if !atStart {
				if err := os.Symlink("../../../art", img); err != nil {
					t.Fatal(err)
				}
				l.waitFor(func(build) bool { return true })
			}
			for _, edit := range []struct{ file, page string }{
				{"art/poster.jpg", "reviews/solaris/index.html"},
				{"art/alien.jpg", "reviews/alien/index.html"},
			} {
				_, body := l.get("/" + strings.TrimSuffix(edit.page, "index.html"))
				m := posterSrc.FindStringSubmatch(body)
				if m == nil {
					t.Fatalf("no poster on %s:\n%s", edit.page, body)
				}
				l.write(edit.file, jpegPoster(t, 400, 500, 200))
				l.waitFor(func(b build) bool {
					for _, f := range b.res.Files {
						if f.Path == edit.page {
							n := posterSrc.FindSubmatch(f.Data)
							return n != nil && string(n[1]) != m[1]
						}
					}
					return false
				})
				sameAsBuild(t, l)
			}
		})
	}
}
