package generator

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

// TestBuildLogsWarnings checks that a name spelled two ways builds, with
// one warning naming both files logged before the "built" line.
func TestBuildLogsWarnings(t *testing.T) {
	person := func(title, director string) string {
		return "---\ntitle: " + title + "\nfilm: " + title + "\ndate: 2024-01-01\ndirector: " + director + "\n---\nBody.\n"
	}
	dir := writeSite(t, map[string]string{
		"content/reviews/a.md": person("Solaris", "Andrei Tarkovsky"),
		"content/reviews/b.md": person("Stalker", "andrei tarkovsky"),
	})
	var log bytes.Buffer
	cfg := Config{Src: dir, Now: goldenNow, BaseURL: "https://example.com/", Logger: slog.New(slog.NewTextHandler(&log, nil))}
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := `content/reviews/b.md: director "andrei tarkovsky" is spelled "Andrei Tarkovsky" in content/reviews/a.md`
	if len(res.Warnings) != 1 || res.Warnings[0].Error() != want {
		t.Fatalf("warnings %q, want %q", res.Warnings, want)
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "level=WARN") || !strings.Contains(lines[0], `andrei tarkovsky\" is spelled`) ||
		!strings.Contains(lines[1], "msg=built") {
		t.Errorf("log:\n%s", log.String())
	}
}

// TestBuildWarnsWithoutBaseURL checks that a build without base_url says
// what it left out, and one with it does not.
func TestBuildWarnsWithoutBaseURL(t *testing.T) {
	for _, base := range []string{"", "https://example.com/"} {
		dir := writeSite(t, map[string]string{"content/reviews/a.md": "---\ntitle: A\nfilm: Alien\ndate: 2024-01-01\n---\nBody.\n"})
		var log bytes.Buffer
		cfg := Config{Src: dir, Now: goldenNow, BaseURL: base, Logger: slog.New(slog.NewTextHandler(&log, nil))}
		if _, err := Build(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		if warned := strings.Contains(log.String(), "base_url is not set: no feeds or sitemap.xml"); warned != (base == "") {
			t.Errorf("base_url %q: warned %v:\n%s", base, warned, log.String())
		}
	}
}
