package generator

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output of testdata/*.txtar")

// goldenNow is the build time of every golden site, so that "future" is fixed.
var goldenNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// TestGolden builds each testdata/*.txtar site in memory. An archive holds
// the input site (content/…, templates/…, static/…, ssg.toml), optional
// flags in "args" (drafts, future, base-url=URL), and the expected result:
// every output file under "public/", or the build's errors in "errors";
// and its warnings, if any, in "warnings". Pictures are text: an input
// .jpg or .png holding "image WxH" is drawn by testPoster, and an output
// picture is shown as its format and size ("jpeg 160x240").
func TestGolden(t *testing.T) {
	archives, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no golden archives: %v", err)
	}
	for _, name := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			in := &txtar.Archive{}
			cfg := Config{Now: goldenNow}
			want := map[string][]byte{}
			for _, f := range ar.Files {
				switch {
				case f.Name == "args":
					for _, a := range strings.Fields(string(f.Data)) {
						k, v, _ := strings.Cut(a, "=")
						switch k {
						case "drafts":
							cfg.Drafts = true
						case "future":
							cfg.Future = true
						case "base-url":
							cfg.BaseURL = v
						default:
							t.Fatalf("unknown arg %q", a)
						}
					}
					in.Files = append(in.Files, f)
				case f.Name == "errors" || f.Name == "warnings" || strings.HasPrefix(f.Name, "public/"):
					want[f.Name] = f.Data
				default:
					in.Files = append(in.Files, f)
				}
			}
			fsys, err := txtar.FS(drawn(t, in))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]byte{}
			res, err := Render(context.Background(), fsys, cfg)
			if err != nil {
				got["errors"] = []byte(err.Error() + "\n")
			} else {
				if len(res.Warnings) > 0 {
					got["warnings"] = []byte(errors.Join(res.Warnings...).Error() + "\n")
				}
				for _, f := range res.Files {
					// txtar ends every file with a newline; so must we.
					data := f.Data
					if isPicture(f.Path) {
						data = describePicture(data)
					}
					if len(data) > 0 && data[len(data)-1] != '\n' {
						data = append(bytes.Clone(data), '\n')
					}
					got["public/"+f.Path] = data
				}
			}
			if *update {
				ar.Files = in.Files
				for _, k := range sortedKeys(got) {
					ar.Files = append(ar.Files, txtar.File{Name: k, Data: got[k]})
				}
				if err := os.WriteFile(name, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, k := range sortedKeys(want) {
				if _, ok := got[k]; !ok {
					t.Errorf("%s: expected, not produced", k)
				}
			}
			for _, k := range sortedKeys(got) {
				w, ok := want[k]
				switch {
				case !ok:
					t.Errorf("%s: produced, not expected:\n%s", k, got[k])
				case !bytes.Equal(w, got[k]):
					t.Errorf("%s differs (run go test ./generator -update to accept):\n%s", k, diff(w, got[k]))
				}
			}
		})
	}
}

func isPicture(name string) bool {
	ext := path.Ext(name)
	return ext == ".jpg" || ext == ".jpeg" || ext == ".png"
}

// drawn returns ar with its "image WxH" pictures drawn.
func drawn(t *testing.T, ar *txtar.Archive) *txtar.Archive {
	out := &txtar.Archive{Comment: ar.Comment, Files: slices.Clone(ar.Files)}
	for i, f := range out.Files {
		var w, h int
		if _, err := fmt.Sscanf(string(f.Data), "image %dx%d", &w, &h); err == nil && isPicture(f.Name) {
			out.Files[i].Data = testPoster(t, w, h, len(f.Name), strings.TrimPrefix(path.Ext(f.Name), "."))
		}
	}
	return out
}

// describePicture is a picture's format and size, as text.
func describePicture(data []byte) []byte {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return []byte("not a picture: " + err.Error() + "\n")
	}
	return fmt.Appendf(nil, "%s %dx%d\n", format, cfg.Width, cfg.Height)
}

func sortedKeys(m map[string][]byte) []string { return slices.Sorted(maps.Keys(m)) }

// diff shows the first differing line of want and got, with context.
func diff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(same lines, different bytes)"
}
