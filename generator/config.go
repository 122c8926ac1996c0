package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/BurntSushi/toml"

	"ssg/generator/content"
	"ssg/generator/rating"
)

// ConfigFile is the site's optional settings file.
const ConfigFile = "ssg.toml"

// Config is everything a build needs: the command's flags and the site's
// ssg.toml. Start from DefaultConfig.
type Config struct {
	Src     string // the site folder
	Out     string // the output folder; Src/public when empty
	Drafts  bool   // publish drafts
	Future  bool   // publish reviews dated after Now
	BaseURL string // overrides ssg.toml's base_url when set
	// NoCache makes Build neither read nor write the build cache in the
	// output folder, and remove one an earlier build left: the folder
	// then holds only the site and ssg's manifest, ready to deploy.
	NoCache bool
	Now     time.Time
	Logger  *slog.Logger // nil discards logs
	// Progress, when set, counts a build's work as it goes, for a display
	// that polls it (ssg build on a terminal).
	Progress *Progress
	// Rendering, when set, is called once by a build into a folder (ssg
	// build, not serve), when its pages are known and before the first
	// is rendered; also when none needs rendering. Until then the live
	// heap is small; while pages render it peaks. ssg build lets the
	// collector's heap grow further until then.
	Rendering func()
	// Workers is how many goroutines read files, make the model, key
	// pages and render them in memory, and make posters' copies, at
	// once; GOMAXPROCS when 0. ssg serve runs with a processor more than
	// its workers, so that its connections are served while a rebuild
	// keeps them busy. Pages rendered into a folder (ssg build) use a few
	// more, as they wait on the disk (output.Workers).
	Workers int
}

// Progress counts what a build has done so far. Its fields are updated
// while the build runs and may be read at any time.
type Progress struct {
	Files    atomic.Int64 // review files to read
	Loaded   atomic.Int64 // review files read and parsed
	Pages    atomic.Int64 // pages to render, once known
	Rendered atomic.Int64 // pages rendered and handed to the output
	Posters  atomic.Int64 // posters whose copies must be made or found, once known
	Made     atomic.Int64 // of those, posters done
}

// DefaultConfig returns a Config for the current folder, at the current time.
func DefaultConfig() Config {
	return Config{Src: ".", Now: time.Now()}
}

// Settings are the keys of ssg.toml, with their defaults.
type Settings struct {
	Title    string `toml:"title"`
	BaseURL  string `toml:"base_url"`
	Language string `toml:"language"`
	Timezone string `toml:"timezone"`
	PerPage  int    `toml:"per_page"`
	// Author is the author `ssg new review` writes into new drafts; the
	// build does not use it.
	Author string `toml:"author"`
	Rating struct {
		Scale any `toml:"scale"`
		Step  any `toml:"step"`
	} `toml:"rating"`
	Markdown struct {
		UnsafeHTML bool `toml:"unsafe_html"`
	} `toml:"markdown"`

	location *time.Location
	scale    rating.Scale
	root     string // the path of BaseURL, without its final slash
}

// DefaultSettings are what a site without ssg.toml gets.
func DefaultSettings() Settings {
	s := Settings{Title: "Film reviews", Language: "en", Timezone: "UTC", PerPage: 20}
	s.Rating.Scale, s.Rating.Step = int64(4), 0.5
	return s
}

// loadSettings reads ssg.toml from fsys, if there is one, over the defaults.
// An unknown key, a bad value or bad TOML is an error naming the line.
func loadSettings(fsys fs.FS, baseURL string) (Settings, error) {
	s := DefaultSettings()
	data, err := content.ReadFile(fsys, ConfigFile)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return s, &content.Error{File: ConfigFile, Err: err}
	}
	var errs []error
	fail := func(key, format string, args ...any) {
		errs = append(errs, content.Errorf(ConfigFile, settingLine(data, key), format, args...))
	}
	if err == nil {
		if line := content.TOMLTooDeep(data); line > 0 {
			return s, content.Errorf(ConfigFile, line, "tables and arrays nest more than %d deep", content.MaxTOMLDepth)
		}
		md, err := toml.Decode(string(data), &s)
		if err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				return s, content.Errorf(ConfigFile, pe.Position.Line, "%s", pe.Message)
			}
			// Type errors say "toml: line N (last key "k"): …".
			msg, line := strings.TrimPrefix(err.Error(), "toml: "), 0
			if m := lineInMessage.FindStringSubmatch(msg); m != nil {
				line, _ = strconv.Atoi(m[1])
				msg = strings.TrimPrefix(strings.TrimPrefix(msg, m[0]), ": ")
			}
			return s, content.Errorf(ConfigFile, line, "%s", msg)
		}
		for _, k := range md.Undecoded() {
			fail(k.String(), "unknown key %q", k.String())
		}
	}
	if baseURL != "" {
		s.BaseURL = baseURL
	}
	s.BaseURL = strings.TrimRight(s.BaseURL, "/")
	if s.root, err = ParseBaseURL(s.BaseURL); err != nil {
		fail("base_url", "base_url %v", err)
	} else if s.BaseURL != "" {
		// With its path escaped as every page's links are, so that feeds,
		// the sitemap and robots.txt, which print it as is, hold a URL.
		u, _ := url.Parse(s.BaseURL)
		s.BaseURL = u.Scheme + "://" + u.Host + s.root
	}
	if s.location, err = time.LoadLocation(s.Timezone); err != nil || s.Timezone == "" || s.Timezone == "Local" {
		fail("timezone", "timezone %q: want a zone name like UTC or Europe/London", s.Timezone)
		s.location = time.UTC
	}
	if s.PerPage < 1 || s.PerPage > 1000 {
		fail("per_page", "per_page %d: want 1 to 1000", s.PerPage)
	}
	scale, err := rating.NewScale(number(s.Rating.Scale), number(s.Rating.Step))
	if err != nil {
		fail("rating", "[rating]: %v", err)
	}
	s.scale = scale
	return s, content.Join(errs)
}

// ParseBaseURL checks a site's public URL and returns its path, which
// prefixes every link: "https://example.com/blog/" gives "/blog". An empty
// URL is fine and gives "".
func ParseBaseURL(base string) (string, error) {
	if base == "" {
		return "", nil
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%q: want an absolute http(s) URL like https://example.com/", base)
	}
	return strings.TrimRight(u.EscapedPath(), "/"), nil
}

var lineInMessage = regexp.MustCompile(`^line (\d+)(?: \([^)]*\))?`)

// number writes a TOML number (or string) as the decimal text rating wants.
func number(v any) string {
	switch v := v.(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// settingLine finds the line a key of ssg.toml is written on (the decoder
// does not say): the table header or the key = value line whose key, under
// the table above it, is the key or holds it (a dotted key, an inline
// table), else the first line naming its last part, else 1.
func settingLine(data []byte, full string) int {
	lines := bytes.Split(data, []byte("\n"))
	table := ""
	for i, line := range lines {
		t := strings.TrimSpace(string(line))
		if strings.HasPrefix(t, "[") {
			table = tomlKey(strings.Trim(t, "[] \t"))
			if table == full {
				return i + 1
			}
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if !ok {
			continue
		}
		key := tomlKey(k)
		if table != "" {
			key = table + "." + key
		}
		if key == full || strings.HasPrefix(full, key+".") {
			return i + 1
		}
	}
	last := full[strings.LastIndex(full, ".")+1:]
	for i, line := range lines {
		t := strings.TrimSpace(string(line))
		if rest, ok := strings.CutPrefix(t, last); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") || t == "["+last+"]" {
			return i + 1
		}
	}
	return 1
}

// tomlKey writes a TOML key as BurntSushi's Key.String does for plain
// keys: its parts trimmed and joined by dots, quotes taken off.
func tomlKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}
