package generator

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"ssg/generator/content"
)

func settings(toml string) (Settings, error) {
	fsys := fstest.MapFS{}
	if toml != "" {
		fsys[ConfigFile] = &fstest.MapFile{Data: []byte(toml)}
	}
	return loadSettings(fsys, "")
}

func TestSettings(t *testing.T) {
	tests := []struct {
		name, toml string
		check      func(Settings) bool
		err        string
	}{
		{"defaults without a file", "", func(s Settings) bool {
			return s.Title == "Film reviews" && s.PerPage == 20 && s.scale.String() == "4" && s.location.String() == "UTC"
		}, ""},
		{"all keys", "title = \"T\"\nbase_url = \"https://example.com/blog/\"\nlanguage = \"fr\"\ntimezone = \"Europe/Paris\"\nper_page = 5\nauthor = \"Melissa Hart\"\n[rating]\nscale = 10\nstep = 1\n[markdown]\nunsafe_html = true\n",
			func(s Settings) bool {
				return s.root == "/blog" && s.BaseURL == "https://example.com/blog" && s.scale.String() == "10" && s.Markdown.UnsafeHTML && s.location.String() == "Europe/Paris" && s.Author == "Melissa Hart"
			}, ""},
		{"decimal scale", "[rating]\nscale = 5\nstep = 0.25\n", func(s Settings) bool { return len(s.scale.Values()) == 21 }, ""},
		{"unknown key", "title = \"T\"\ncolour = \"red\"\n", nil, `ssg.toml:2: unknown key "colour"`},
		{"unknown nested key", "[rating]\nscale = 4\nstars = 5\n", nil, `ssg.toml:3: unknown key "rating.stars"`},
		{"unknown dotted key", "title = \"T\"\nBA.00000=\"0\"\n", nil, `ssg.toml:2: unknown key "BA.00000"`},
		{"unknown dotted key in a table", "[rating]\nscale = 4\nx . y = 1\n", nil, `ssg.toml:3: unknown key "rating.x.y"`},
		{"unknown key of an inline table", "title = \"T\"\nmarkdown = { unsafe_html = true, colour = 1 }\n", nil, `ssg.toml:2: unknown key "markdown.colour"`},
		{"bad base_url", "base_url = \"example.com\"\n", nil, "ssg.toml:1: base_url"},
		{"bad timezone", "\ntimezone = \"Mars/Olympus\"\n", nil, `ssg.toml:2: timezone "Mars/Olympus"`},
		{"bad per_page", "per_page = -1\n", nil, "ssg.toml:1: per_page -1"},
		{"bad scale", "[rating]\nscale = 0\n", nil, "ssg.toml:1: [rating]"},
		{"wrong type", "title = \"T\"\nper_page = 1.5\n", nil, "ssg.toml:2: incompatible types"},
		{"unknown table", "title = \"T\"\n[rating.extra]\nx = 1\n", nil, `ssg.toml:2: unknown key "rating.extra"`},
		{"syntax", "title = \"unclosed\n", nil, "ssg.toml:1:"},
		// Refused before the decoder reads them: it takes memory and
		// time with the square of the depth, and arrays 2,000,000 deep
		// overflow its stack.
		{"deep arrays", "title = \"T\"\nx = " + strings.Repeat("[", 2_000_000) + strings.Repeat("]", 2_000_000) + "\n", nil, "ssg.toml:2: tables and arrays nest more than 32 deep"},
		{"deep inline tables", "title = \"T\"\n\nx = " + strings.Repeat("{a=", 3000) + "1" + strings.Repeat("}", 3000) + "\n", nil, "ssg.toml:3: tables and arrays nest more than 32 deep"},
		{"deep dotted key", "[rating]\nx" + strings.Repeat(".a", 10_000) + " = 1\n", nil, "ssg.toml:2: tables and arrays nest more than 32 deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := settings(tt.toml)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(s) {
				t.Errorf("unexpected settings %+v", s)
			}
		})
	}
}

// FuzzSettings feeds arbitrary ssg.toml files to the loader: no panic, and
// every failure names ssg.toml.
func FuzzSettings(f *testing.F) {
	for _, s := range []string{"", "title = \"x\"", "[rating]\nscale = 4\nstep = 0.5", "per_page = 99999999999999999999", "[rating]\nscale = \"1e9\"\nstep = \"1e-9\"", "base_url = \"http://[::1]/x\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, toml string) {
		_, err := settings(toml)
		if err == nil {
			return
		}
		var ce *content.Error
		if !errors.As(err, &ce) || ce.File != ConfigFile || ce.Line < 1 {
			t.Fatalf("error %v does not name %s and a line", err, ConfigFile)
		}
	})
}
