package generator

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// TestSessionFilmData edits, adds, breaks and removes a film's data file
// under a session, checking after each step that the film page shows the
// data file's facts and that the session equals a fresh build.
func TestSessionFilmData(t *testing.T) {
	d := siteDir{t, t.TempDir()}
	review := func(name, film string, runtime int) {
		d.write("content/reviews/"+name+".md", "---\ntitle: On "+film+"\nfilm: "+film+"\nyear: 2010\ndate: 2024-05-0"+strconv.Itoa(1+len(d.list("content")))+"\n"+
			"director: Mark Romanek\ncast: [Carey Mulligan as Kath]\nruntime: "+strconv.Itoa(runtime)+"\n---\nBody.\n")
	}
	review("a", "Never Let Me Go", 104)
	review("b", "Never Let Me Go", 105)
	review("c", "The Island", 136)
	fsys := d.fs()
	cfg := Config{Now: goldenNow}
	s := NewSession(fsys, cfg)
	ctx := context.Background()
	page := "films/never-let-me-go/index.html"
	step := func(name string, changed []string, wantErr string, want ...string) *Result {
		t.Helper()
		got, err := s.Rebuild(ctx, changed...)
		fresh, freshErr := Render(ctx, fsys, cfg)
		if (err == nil) != (freshErr == nil) || err != nil && err.Error() != freshErr.Error() {
			t.Fatalf("%s: session error %v, fresh build error %v", name, err, freshErr)
		}
		if wantErr != "" || err != nil {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Fatalf("%s: error %v, want %q", name, err, wantErr)
			}
			return nil
		}
		sameFiles(t, name, got, fresh)
		if strings.Join(errs(got.Warnings), "\n") != strings.Join(errs(fresh.Warnings), "\n") {
			t.Fatalf("%s: warnings %v, fresh build's %v", name, got.Warnings, fresh.Warnings)
		}
		html := fileOf(got, page)
		for _, w := range want {
			if !strings.Contains(html, w) {
				t.Errorf("%s: the film page lacks %q:\n%s", name, w, html)
			}
		}
		return got
	}
	res := step("no data file", nil, "", "<dd>104 min</dd>", `<span class="role">as Kath</span>`)
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), "content/reviews/b.md:8: runtime 105 min differs from 104 min in content/reviews/a.md:8") {
		t.Errorf("warnings %v", res.Warnings)
	}
	d.write("data/films/never-let-me-go.yaml", "runtime: 103\ncast: [Carey Mulligan as Kathy, Andrew Garfield as Tommy]\nimdb: tt1334260\n")
	res = step("data file added", []string{"data/films/never-let-me-go.yaml"}, "",
		"<dd>103 min</dd>", `<span class="role">as Kathy</span>`, `<span class="role">as Tommy</span>`, `href="https://www.imdb.com/title/tt1334260/"`)
	if len(res.Warnings) != 0 {
		t.Errorf("the data file settles the runtime, yet: %v", res.Warnings)
	}
	d.write("data/films/never-let-me-go.yaml", "runtime: 102\ncast: [Carey Mulligan as Kathy H.]\n")
	step("data file edited", []string{"data/films/never-let-me-go.yaml"}, "", "<dd>102 min</dd>", `<span class="role">as Kathy H.</span>`)
	d.write("data/films/never-let-me-go.yaml", "runtime: 102\nimdb: 1334260\n")
	step("data file broken", []string{"data/films/never-let-me-go.yaml"}, `data/films/never-let-me-go.yaml:2: imdb: "1334260" is not an IMDb title id`)
	d.write("data/films/never-let-me-go.yaml", "runtime: 101\n")
	step("data file fixed", []string{"data/films/never-let-me-go.yaml"}, "", "<dd>101 min</dd>")
	d.write("data/films/notes.txt", "to do\n")
	step("a stray file", []string{"data/films/notes.txt"}, "data/films/notes.txt: a film data file is YAML")
	d.remove("data/films/notes.txt")
	step("stray removed", []string{"data/films/notes.txt"}, "", "<dd>101 min</dd>")
	d.write("data/films/the-island.yaml", "watch_also: [Never Let Me Go]\n")
	res = step("another data file", []string{"data/films/the-island.yaml"}, "", "<dd>101 min</dd>")
	if html := fileOf(res, "films/the-island/index.html"); !strings.Contains(html, `<li><a href="/films/never-let-me-go/">Never Let Me Go (2010)</a></li>`) {
		t.Errorf("the island's data file links no film to watch:\n%s", html)
	}
	d.remove("data")
	step("data folder removed", []string{"data"}, "", "<dd>104 min</dd>")
}

func errs(list []error) []string {
	var out []string
	for _, e := range list {
		out = append(out, e.Error())
	}
	return out
}

func fileOf(res *Result, path string) string {
	for _, f := range res.Files {
		if f.Path == path {
			return string(f.Data)
		}
	}
	return ""
}
