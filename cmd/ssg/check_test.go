package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCheck runs ssg check on the demo blog, which must pass, and on
// sites with broken links, whose problems it must list, writing nothing.
func TestCheck(t *testing.T) {
	site := func(files map[string]string) string {
		dir := t.TempDir()
		for name, data := range files {
			p := filepath.Join(dir, name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	review := func(body string) string {
		return "---\ntitle: A\nfilm: Alien\nyear: 1979\ndate: 2024-01-01\nrating: 3/4\n---\n" + body + "\n"
	}
	broken := site(map[string]string{
		"content/reviews/a.md": review("See [the film](/films/alien/), [another](/films/nope/) and [a note](#nope)."),
		"content/reviews/b.md": review("See [a](/reviews/a/) and [its section](/reviews/a/#gone)."),
	})
	tests := []struct {
		name   string
		args   []string
		stdout string // substring
		err    []string
	}{
		{"the demo blog", []string{"--src", "../.."}, "ssg check: ok; checked 15 reviews", nil},
		{"the demo blog with feeds", []string{"--src", "../..", "--base-url", "https://example.com/blog/"}, "ssg check: ok", nil},
		{"the demo blog with its draft", []string{"--src", "../..", "--drafts", "--future"}, "ssg check: ok; checked 17 reviews", nil},
		{"broken links", []string{"--src", broken}, "", []string{
			"reviews/a/index.html: link #nope: no element with id \"nope\" on this page\n" +
				"reviews/a/index.html: link /films/nope/: no such page\n" +
				"reviews/b/index.html: link /reviews/a/#gone: no element with id \"gone\" in reviews/a/index.html\n" +
				"ssg check: 3 problems; checked 2 reviews and "}},
		{"broken links under a base_url with a path", []string{"--src", broken, "--base-url", "https://example.com/blog/"}, "", []string{
			"reviews/a/index.html: link /blog/films/nope/: no such page\n",
			// The feeds (the site's three and the film's) show the review too.
			"atom.xml: link https://example.com/blog/films/nope/: no such page (and in 5 other files)\n",
			"atom.xml: link #nope: no element with id \"nope\" in reviews/a/index.html (and in 5 other files)\n",
			"ssg check: 6 problems;"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := run(context.Background(), append([]string{"check"}, tt.args...), &stdout, &stderr)
			if !errorKind(t, err, false, tt.err != nil) {
				return
			}
			for _, want := range tt.err {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err:\n%v\nwant:\n%s", err, want)
				}
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout = %q, want %q", stdout.String(), tt.stdout)
			}
			if strings.Contains(stderr.String(), "level=WARN") != !slices.Contains(tt.args, "--base-url") {
				t.Errorf("stderr = %q, want a warning only without base_url", stderr.String())
			}
		})
	}
	if _, err := os.Stat(filepath.Join(broken, "public")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ssg check wrote public/: %v", err)
	}
}
