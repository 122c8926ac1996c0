package generator

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"ssg/generator/output"
	"ssg/generator/poster"
)

// testPoster draws a w×h poster, different for each shade, as a JPEG or
// a PNG.
func testPoster(t testing.TB, w, h, shade int, format string) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8(shade), 255})
		}
	}
	var buf bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&buf, m)
	} else {
		err = jpeg.Encode(&buf, m, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const posterReview = "---\ntitle: Kathy's patience\nfilm: Never Let Me Go\nyear: 2010\ndate: 2024-01-01\nposter: poster.jpg\n---\nBody.\n"

// TestPosters builds a site whose review, in its own folder, names a
// poster beside it: the copies are published and the review and film
// pages show them with a srcset.
func TestPosters(t *testing.T) {
	d := siteDir{t, t.TempDir()}
	d.write("content/reviews/never-let-me-go/index.md", posterReview)
	d.write("content/reviews/never-let-me-go/poster.jpg", string(testPoster(t, 700, 1050, 1, "jpeg")))
	d.write("content/reviews/other.md", review("Other", "Alien", "3/4"))
	res, err := Render(context.Background(), d.fs(), Config{Now: goldenNow, BaseURL: "https://example.com/blog/"})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var copies []string
	for _, f := range res.Files {
		files[f.Path] = f.Data
		if strings.HasPrefix(f.Path, "posters/") {
			copies = append(copies, f.Path)
		}
	}
	name := regexp.MustCompile(`^posters/never-let-me-go-[0-9a-f]{16}-(160|320|640)\.jpg$`)
	if len(copies) != 3 {
		t.Fatalf("poster copies %v, want 3", copies)
	}
	for i, c := range copies {
		if !name.MatchString(c) {
			t.Errorf("copy %s is not named posters/<film>-<hash>-<width>.jpg", c)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(files[c]))
		if err != nil || format != "jpeg" || cfg.Width != []int{160, 320, 640}[i] {
			t.Errorf("%s: %s %d×%d (%v)", c, format, cfg.Width, cfg.Height, err)
		}
	}
	prefix := "/blog/" + strings.TrimSuffix(copies[0], "160.jpg")
	img := fmt.Sprintf(`<img class="poster" src="%[1]s320.jpg" srcset="%[1]s160.jpg 160w, %[1]s320.jpg 320w, %[1]s640.jpg 640w" sizes="(min-width: 36rem) 10rem, 28vw" width="320" height="480" alt="Poster of Never Let Me Go (2010)" loading="lazy" decoding="async">`, prefix)
	if page := string(files["reviews/never-let-me-go/index.html"]); !strings.Contains(page, img) {
		t.Errorf("review page has no\n%s\n%s", img, grepImg(page))
	}
	filmImg := strings.Replace(img, "(min-width: 36rem) 10rem, 28vw", "(min-width: 40rem) 12rem, 30vw", 1)
	if page := string(files["films/never-let-me-go/index.html"]); !strings.Contains(page, filmImg) {
		t.Errorf("film page has no\n%s\n%s", filmImg, grepImg(page))
	}
	og := `<meta property="og:image" content="https://example.com` + prefix + `640.jpg">`
	for _, p := range []string{"reviews/never-let-me-go/index.html", "films/never-let-me-go/index.html"} {
		if !strings.Contains(string(files[p]), og) {
			t.Errorf("%s has no %s", p, og)
		}
	}
	if page := string(files["reviews/other/index.html"]); strings.Contains(page, "<img") || strings.Contains(page, "og:image") {
		t.Error("a review without a poster shows one")
	}
	if _, ok := files["reviews/never-let-me-go/poster.jpg"]; ok {
		t.Error("the source poster is published as it is")
	}
}

func grepImg(page string) string {
	return strings.Join(regexp.MustCompile(`<img[^>]*>`).FindAllString(page, -1), "\n")
}

// TestPosterCache builds into one output folder again and again: only
// the first build encodes, and a later one encodes a poster again only
// when a copy of it is missing, cut short or not the copy its name
// promises. A session keeps copies in memory instead.
func TestPosterCache(t *testing.T) {
	d := siteDir{t, t.TempDir()}
	for i := range 3 {
		d.write(fmt.Sprintf("content/reviews/r%d/index.md", i), strings.Replace(posterReview, "Never Let Me Go", fmt.Sprint("Film ", i), 1))
		d.write(fmt.Sprintf("content/reviews/r%d/poster.jpg", i), string(testPoster(t, 400, 600, i, "jpeg")))
	}
	// A fourth review shares the first one's poster bytes: made once.
	d.write("content/reviews/r3/index.md", strings.Replace(posterReview, "Never Let Me Go", "Film 0", 1))
	d.write("content/reviews/r3/poster.jpg", string(testPoster(t, 400, 600, 0, "jpeg")))
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Src: d.dir, Out: out, Now: goldenNow}
	ctx := context.Background()
	want, err := Render(ctx, d.fs(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	build := func(step string, encoded, written int) {
		t.Helper()
		res, err := Build(ctx, cfg)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if res.Encoded != encoded || res.Stats.Written != written {
			t.Errorf("%s: encoded %d posters and wrote %d files, want %d and %d", step, res.Encoded, res.Stats.Written, encoded, written)
		}
		got := snapshot(t, out)
		for _, f := range want.Files {
			if got[f.Path] != string(f.Data) {
				t.Errorf("%s: %s differs from Render's", step, f.Path)
			}
		}
	}
	build("first build", 3, len(want.Files))
	build("second build", 0, 0)

	copies, _ := filepath.Glob(filepath.Join(out, posterDir, "film-0-*"))
	if len(copies) != 3 {
		t.Fatalf("copies of film 0: %v", copies)
	}
	whole, _ := os.ReadFile(copies[2])
	other, _ := os.ReadFile(copies[0])
	spoil := []struct {
		name string
		do   func(p string)
	}{
		{"cut short", func(p string) { os.WriteFile(p, whole[:len(whole)-1], 0o644) }},
		{"removed", func(p string) { os.Remove(p) }},
		{"another copy's bytes", func(p string) { os.WriteFile(p, other, 0o644) }},
		{"an empty folder", func(p string) { os.Remove(p); os.Mkdir(p, 0o755) }},
	}
	for _, sp := range spoil {
		sp.do(copies[2])
		build("copy "+sp.name, 1, 1)
	}
	// The copies of one folder are not those of another.
	cfg.Out = filepath.Join(t.TempDir(), "public")
	if res, err := Build(ctx, cfg); err != nil || res.Encoded != 3 {
		t.Errorf("a build into another folder encoded %d posters (%v), want 3", res.Encoded, err)
	}
	// Nothing was written outside the output folders.
	if got := d.list("."); slices.ContainsFunc(got, func(p string) bool { return !strings.HasPrefix(p, "content/") }) {
		t.Errorf("the site folder holds %v", got)
	}

	// A session keeps copies in memory, and a rebuild encodes nothing.
	s := NewSession(d.fs(), Config{Now: goldenNow})
	if res, err := s.Rebuild(ctx); err != nil || res.Encoded != 3 {
		t.Fatalf("session's first build: encoded %d (%v)", res.Encoded, err)
	}
	if res, err := s.Rebuild(ctx, "content/reviews/r1/index.md", "."); err != nil || res.Encoded != 0 {
		t.Fatalf("session's rebuild: encoded %d (%v)", res.Encoded, err)
	}
}

// TestBuildWritesPosters checks that a streamed build writes exactly the
// files Render makes, posters' copies included, on one core or many: a
// review's poster, a film data file's, and one poster two reviews share.
func TestBuildWritesPosters(t *testing.T) {
	d := siteDir{t, t.TempDir()}
	d.write("content/reviews/never-let-me-go/index.md", posterReview)
	d.write("content/reviews/never-let-me-go/poster.jpg", string(testPoster(t, 700, 1050, 1, "jpeg")))
	d.write("content/reviews/solaris/index.md", "---\ntitle: The ocean\nfilm: Solaris\nyear: 1972\ndate: 2024-02-01\nposter: p.png\n---\nBody.\n")
	d.write("content/reviews/solaris/p.png", string(testPoster(t, 300, 450, 2, "png")))
	d.write("content/reviews/solaris-again/index.md", "---\ntitle: Again\nfilm: Solaris\nyear: 1972\ndate: 2024-03-01\nposter: p.png\n---\nBody.\n")
	d.write("content/reviews/solaris-again/p.png", string(testPoster(t, 300, 450, 2, "png")))
	d.write("content/reviews/alien.md", review("Alien", "Alien", "3/4"))
	d.write("data/films/alien.yaml", "year: 1979\nposter: static/posters/alien.jpg\n")
	d.write("static/posters/alien.jpg", string(testPoster(t, 500, 750, 3, "jpeg")))
	cfg := Config{Src: d.dir, Now: goldenNow}
	want, err := Render(context.Background(), d.fs(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var copies int
	for _, f := range want.Files {
		if strings.HasPrefix(f.Path, posterDir+"/") && strings.Count(f.Path, "-") >= 2 {
			copies++
		}
	}
	if copies != 3+2+3 { // 160, 320, 640; 160, 300; 160, 320, 500
		t.Fatalf("Render made %d copies, want 8", copies)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		cfg := cfg
		cfg.Out = filepath.Join(t.TempDir(), "public")
		for _, run := range []string{"first", "second"} {
			res, err := Build(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			got := snapshot(t, cfg.Out)
			delete(got, output.Manifest)
			if len(got) != len(want.Files) {
				t.Errorf("GOMAXPROCS=%d, %s build: %d files on disk, Render made %d", procs, run, len(got), len(want.Files))
			}
			for _, f := range want.Files {
				if got[f.Path] != string(f.Data) {
					t.Errorf("GOMAXPROCS=%d, %s build: %s differs from Render's", procs, run, f.Path)
				}
			}
			if wantEncoded := map[string]int{"first": 3, "second": 0}[run]; res.Encoded != wantEncoded {
				t.Errorf("GOMAXPROCS=%d, %s build: encoded %d posters, want %d", procs, run, res.Encoded, wantEncoded)
			}
		}
	}
}

// TestPosterErrors checks that each bad poster is an error naming the
// review, the line of its poster field and the poster file, all at once.
func TestPosterErrors(t *testing.T) {
	huge := func() []byte {
		// A real PNG header claiming 50000×50000 pixels.
		data := testPoster(t, 10, 10, 0, "png")
		bad := bytes.Clone(data)
		copy(bad[16:24], []byte{0, 0, 0xc3, 0x50, 0, 0, 0xc3, 0x50})
		binary.BigEndian.PutUint32(bad[29:], crc32.ChecksumIEEE(bad[12:29]))
		return bad
	}()
	jpg := testPoster(t, 300, 450, 0, "jpeg")
	tests := []struct {
		name   string
		poster string // the front matter's value
		file   string // the file written beside the review, if any
		data   []byte
		want   string
		is     error
	}{
		{"missing", "poster.jpg", "", nil, "content/reviews/x/index.md:5: poster content/reviews/x/poster.jpg: there is no such file", nil},
		{"wrong format", "poster.gif", "poster.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "content/reviews/x/index.md:5: poster content/reviews/x/poster.gif: not a JPEG or PNG image", poster.ErrFormat},
		{"text named jpg", "poster.jpg", "poster.jpg", []byte("not a picture"), "content/reviews/x/index.md:5: poster content/reviews/x/poster.jpg: not a JPEG or PNG image", poster.ErrFormat},
		{"too large", "poster.png", "poster.png", huge, "content/reviews/x/index.md:5: poster content/reviews/x/poster.png: too large: 50000×50000 pixels", poster.ErrTooLarge},
		{"corrupt pixels", "poster.jpg", "poster.jpg", jpg[:len(jpg)/2], "content/reviews/x/index.md:5: poster content/reviews/x/poster.jpg: unreadable JPEG", nil},
		{"a folder", "art", "art/a.txt", []byte("x"), "content/reviews/x/index.md:5: poster content/reviews/x/art: a folder, not a file", nil},
		{"outside content", "../../../ssg.toml", "", nil, `content/reviews/x/index.md:5: poster "../../../ssg.toml": want a file beside the review`, nil},
		{"in a subfolder is fine", "img/p.jpg", "img/p.jpg", jpg, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := siteDir{t, t.TempDir()}
			d.write("content/reviews/x/index.md", "---\ntitle: T\nfilm: F\ndate: 2024-01-01\nposter: "+tt.poster+"\n---\n")
			d.write("content/reviews/y.md", "---\ntitle: T\nfilm: G\ndate: 2024-01-01\nrating: 9/4\n---\n")
			if tt.file != "" {
				d.write("content/reviews/x/"+tt.file, string(tt.data))
			}
			_, err := Render(context.Background(), d.fs(), Config{Now: goldenNow})
			if err == nil {
				t.Fatal("no error")
			}
			got := err.Error()
			// Other problems are reported with it.
			if !strings.Contains(got, `content/reviews/y.md:5: rating "9/4"`) {
				t.Errorf("error\n%s\nleaves out the other review's", got)
			}
			if tt.want == "" {
				if strings.Contains(got, "poster") {
					t.Errorf("error\n%s\nblames the poster", got)
				}
				return
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("error\n%s\ndoes not say\n%s", got, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error is not %v", tt.is)
			}
		})
	}
}

// TestPosterOutsideSite checks that a poster symlinked out of the site is
// not read.
func TestPosterOutsideSite(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.jpg"), testPoster(t, 200, 300, 0, "jpeg"), 0o644)
	d := siteDir{t, t.TempDir()}
	d.write("content/reviews/x/index.md", "---\ntitle: T\nfilm: F\ndate: 2024-01-01\nposter: poster.jpg\n---\n")
	if err := os.Symlink(filepath.Join(outside, "secret.jpg"), filepath.Join(d.dir, "content/reviews/x/poster.jpg")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if _, err := Render(context.Background(), d.fs(), Config{Now: goldenNow}); err == nil || !strings.Contains(err.Error(), "content/reviews/x/index.md:5: poster content/reviews/x/poster.jpg") {
		t.Fatalf("a poster outside the site: %v", err)
	}
}

// TestSessionPosterReplaced replaces, removes and restores a poster and
// checks that the session makes its copies again and equals a fresh build.
func TestSessionPosterReplaced(t *testing.T) {
	d := siteDir{t, t.TempDir()}
	d.write("content/reviews/never-let-me-go/index.md", posterReview)
	d.write("content/reviews/never-let-me-go/poster.jpg", string(testPoster(t, 400, 600, 1, "jpeg")))
	d.write("content/reviews/other.md", review("Other", "Alien", "3/4"))
	fsys := d.fs()
	cfg := Config{Now: goldenNow}
	s := NewSession(fsys, cfg)
	ctx := context.Background()
	copies := func(res *Result) []string {
		var out []string
		for _, f := range res.Files {
			if strings.HasPrefix(f.Path, "posters/") {
				out = append(out, f.Path)
			}
		}
		return out
	}
	step := func(name string, encoded int, changed ...string) *Result {
		t.Helper()
		got, err := s.Rebuild(ctx, changed...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := Render(ctx, fsys, cfg)
		if err != nil {
			t.Fatal(err)
		}
		sameFiles(t, name, got, want)
		if got.Encoded != encoded {
			t.Errorf("%s: encoded %d posters, want %d", name, got.Encoded, encoded)
		}
		return got
	}
	first := copies(step("first build", 1))
	step("a body edit", 0, "content/reviews/other.md")
	d.write("content/reviews/never-let-me-go/poster.jpg", string(testPoster(t, 400, 500, 2, "jpeg")))
	second := copies(step("poster replaced", 1, "content/reviews/never-let-me-go/poster.jpg"))
	if len(second) != 3 || slices.Equal(first, second) {
		t.Errorf("copies %v after replacing the poster, were %v", second, first)
	}
	d.remove("content/reviews/never-let-me-go/poster.jpg")
	if _, err := s.Rebuild(ctx, "content/reviews/never-let-me-go/poster.jpg"); err == nil || !strings.Contains(err.Error(), "there is no such file") {
		t.Fatalf("poster removed: %v", err)
	}
	// Restored with the first bytes: its copies are made again, as the
	// session kept only the last good build's.
	d.write("content/reviews/never-let-me-go/poster.jpg", string(testPoster(t, 400, 600, 1, "jpeg")))
	if got := copies(step("poster restored", 1, "content/reviews/never-let-me-go/poster.jpg")); !slices.Equal(got, first) {
		t.Errorf("copies %v after restoring the poster, want %v", got, first)
	}
	// The review drops its poster, then names a PNG in a subfolder.
	d.write("content/reviews/never-let-me-go/index.md", strings.Replace(posterReview, "poster: poster.jpg\n", "", 1))
	if got := copies(step("poster dropped", 0, "content/reviews/never-let-me-go/index.md")); len(got) != 0 {
		t.Errorf("copies %v of a poster no review names", got)
	}
	d.write("content/reviews/never-let-me-go/art/p.png", string(testPoster(t, 300, 300, 3, "png")))
	d.write("content/reviews/never-let-me-go/index.md", strings.Replace(posterReview, "poster.jpg", "art/p.png", 1))
	if got := copies(step("a png poster", 1, "content/reviews/never-let-me-go/art", "content/reviews/never-let-me-go/index.md")); len(got) != 2 || !strings.HasSuffix(got[1], "-300.png") {
		t.Errorf("copies of a 300-pixel PNG: %v", got)
	}
	// The folder moves: the review and its poster go with it.
	d.rename("content/reviews/never-let-me-go", "content/reviews/nlmg")
	step("folder moved", 0, "content/reviews/never-let-me-go", "content/reviews/nlmg")
}

// TestFilmDataPoster checks a poster named by a film's data file: resized
// like a review's, shown on the film page and on its reviews' pages that
// have none of their own, errors naming the data file and its line, none
// published for a data file that describes no film, and followed by a
// session when replaced.
func TestFilmDataPoster(t *testing.T) {
	d := siteDir{t, t.TempDir()}
	d.write("content/reviews/alien.md", review("Alien", "Alien", "3/4"))
	d.write("data/films/alien.yaml", "year: 1979\nposter: data/posters/alien.jpg\n")
	d.write("data/posters/alien.jpg", string(testPoster(t, 500, 750, 4, "jpeg")))
	d.write("data/films/gattaca.yaml", "poster: data/posters/gattaca.jpg\n")
	d.write("data/posters/gattaca.jpg", string(testPoster(t, 500, 750, 5, "jpeg")))
	cfg := Config{Now: goldenNow, BaseURL: "https://example.com/"}
	fsys := d.fs()
	s := NewSession(fsys, cfg)
	ctx := context.Background()
	res, err := s.Rebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var copies []string
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "posters/") || strings.HasPrefix(f.Path, "data/") {
			copies = append(copies, f.Path)
		}
	}
	name := regexp.MustCompile(`^posters/alien-[0-9a-f]{16}-(160|320|500)\.jpg$`)
	if len(copies) != 3 || !name.MatchString(copies[0]) || !name.MatchString(copies[2]) {
		t.Fatalf("published %v, want three copies of alien.jpg and none of the other data file's", copies)
	}
	prefix := "/" + strings.TrimSuffix(copies[0], "160.jpg")
	img := fmt.Sprintf(`src="%[1]s320.jpg" srcset="%[1]s160.jpg 160w, %[1]s320.jpg 320w, %[1]s500.jpg 500w"`, prefix)
	og := `<meta property="og:image" content="https://example.com` + prefix + `500.jpg">`
	for _, p := range []string{"films/alien/index.html", "reviews/alien/index.html"} {
		if page := fileOf(res, p); !strings.Contains(page, img) || !strings.Contains(page, og) {
			t.Errorf("%s lacks the data file's poster:\n%s", p, grepImg(page))
		}
	}
	if w := fmt.Sprint(res.Warnings); !strings.Contains(w, "data/films/gattaca.yaml") {
		t.Errorf("warnings %s, want one about gattaca.yaml", w)
	}

	// Replaced: the session makes the copies again, as a fresh build does.
	d.write("data/posters/alien.jpg", string(testPoster(t, 400, 600, 6, "jpeg")))
	got, err := s.Rebuild(ctx, "data/posters/alien.jpg")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Render(ctx, fsys, cfg)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "poster replaced", got, want)
	if got.Encoded != 1 || strings.Contains(fileOf(got, "films/alien/index.html"), prefix) {
		t.Errorf("after replacing the poster: encoded %d, old copies still shown", got.Encoded)
	}

	// A bad poster is an error at the data file's line, with the others.
	d.write("data/films/alien.yaml", "year: 1979\nposter: data/posters/none.jpg\n")
	d.write("data/films/gattaca.yaml", "poster: data/films/gattaca.yaml\n")
	d.write("content/reviews/bad.md", review("Bad", "Bad", "9/4"))
	_, err = s.Rebuild(ctx, "data/films/alien.yaml", "data/films/gattaca.yaml", "content/reviews/bad.md")
	for _, want := range []string{
		"data/films/alien.yaml:2: poster data/posters/none.jpg: there is no such file",
		"data/films/gattaca.yaml:1: poster data/films/gattaca.yaml: not a JPEG or PNG image",
		`content/reviews/bad.md:4: rating "9/4"`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error\n%v\ndoes not say\n%s", err, want)
		}
	}
}
