package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// oneReviewSite makes a site of one review, content/reviews/a.md, rated
// rating: "5/4" makes a site that fails to build.
func oneReviewSite(t *testing.T, rating string) string {
	t.Helper()
	site := t.TempDir()
	os.MkdirAll(filepath.Join(site, "content/reviews"), 0o755)
	review := "---\ntitle: A\nfilm: Alien\ndate: 2024-01-01\nrating: " + rating + "\n---\nHi.\n"
	if err := os.WriteFile(filepath.Join(site, "content/reviews/a.md"), []byte(review), 0o644); err != nil {
		t.Fatal(err)
	}
	return site
}

func TestRun(t *testing.T) {
	site := oneReviewSite(t, "3/4")
	bad := oneReviewSite(t, "5/4")
	tests := []struct {
		name      string
		args      []string
		usage     bool   // want a usage error (exit 2)
		fail      bool   // want another error (exit 1)
		stdout    string // substring
		errSubstr string
	}{
		{"no command", nil, true, false, "", "no command"},
		{"unknown command", []string{"bild"}, true, false, "", `unknown command "bild"`},
		{"unknown flag", []string{"build", "--nope"}, true, false, "", "flag provided but not defined"},
		{"stray argument", []string{"build", "extra"}, true, false, "", `unexpected argument "extra"`},
		{"bad base url flag", []string{"build", "--src", site, "--base-url", "example.com"}, true, false, "", "--base-url"},
		{"not a site", []string{"build", "--src", t.TempDir()}, false, true, "", "no content/ folder here"},
		{"help", []string{"help"}, false, false, "build", ""},
		{"help build", []string{"help", "build"}, false, false, "-drafts", ""},
		{"help unknown", []string{"help", "nope"}, true, false, "", "unknown command"},
		{"build -h", []string{"build", "-h"}, false, false, "", ""},
		{"help build shows defaults", []string{"help", "build"}, false, false, "default SRC/public", ""},
		{"version", []string{"version"}, false, false, "ssg ", ""},
		{"build", []string{"build", "--src", site}, false, false, "", ""},
		{"bad content", []string{"build", "--src", bad}, false, true, "", `content/reviews/a.md:5: rating "5/4": above its scale`},
		{"missing site", []string{"build", "--src", filepath.Join(site, "nope")}, false, true, "", "site folder"},
		{"serve bad addr", []string{"serve", "--src", site, "--addr", "1313"}, true, false, "", "want host:port"},
		{"serve stray argument", []string{"serve", "extra"}, true, false, "", `unexpected argument "extra"`},
		{"serve missing site", []string{"serve", "--src", filepath.Join(site, "nope"), "--addr", "127.0.0.1:0"}, false, true, "", "site folder"},
		{"help serve", []string{"help", "serve"}, false, false, "-write", ""},
		{"help lists new", []string{"help"}, false, false, "new       write a new draft review", ""},
		{"help new", []string{"help", "new"}, false, false, "archetypes/review.md", ""},
		{"help new shows flags", []string{"help", "new"}, false, false, "-rating rating", ""},
		{"check", []string{"check", "--src", site}, false, false, "ssg check: ok; checked 1 review and ", ""},
		{"check bad content", []string{"check", "--src", bad}, false, true, "", `content/reviews/a.md:5: rating "5/4": above its scale` +
			"\nssg check: 1 problem; the site does not build, so its links were not checked"},
		{"check stray argument", []string{"check", "extra"}, true, false, "", `unexpected argument "extra"`},
		{"check build's flag", []string{"check", "--out", "x"}, true, false, "", "flag provided but not defined: -out"},
		{"check bad base url", []string{"check", "--src", site, "--base-url", "example.com"}, true, false, "", "--base-url"},
		{"check missing site", []string{"check", "--src", filepath.Join(site, "nope")}, false, true, "", "site folder"},
		{"help check", []string{"help", "check"}, false, false, "-base-url", ""},
		{"help lists check", []string{"help"}, false, false, "check     check the reviews", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			errorKind(t, err, tt.usage, tt.fail)
			if err != nil && !strings.Contains(err.Error(), tt.errSubstr) {
				t.Errorf("err = %v, want %q", err, tt.errSubstr)
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout = %q, want %q", stdout.String(), tt.stdout)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(site, "public/reviews/a/index.html")); err != nil {
		t.Errorf("build wrote no review page: %v", err)
	}
}

// TestBinary builds the real ssg command and runs it on a copy of the demo
// blog, checking exit codes and the summary line.
func TestBinary(t *testing.T) {
	bin := ssgBinary(t)
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache) // where ssg may write nothing (go build above did)
	site := t.TempDir()
	for _, dir := range []string{"content", "data"} {
		if err := os.CopyFS(filepath.Join(site, dir), os.DirFS(filepath.Join("../..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	// ssg check passes the demo blog, writing nothing.
	if out, err := exec.Command(bin, "check", "--src", site).Output(); err != nil || !strings.HasPrefix(string(out), "ssg check: ok;") {
		t.Errorf("ssg check on the demo blog: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ssg check wrote public/: %v", err)
	}
	cmd := exec.Command(bin, "build", "--src", site)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ssg build on the demo blog: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "msg=built") {
		t.Errorf("no summary line: %s", out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "level=WARN") && !strings.Contains(line, "base_url is not set") {
			t.Errorf("the demo blog warns: %s", line)
		}
	}
	if film, err := os.ReadFile(filepath.Join(site, "public/films/never-let-me-go/index.html")); err != nil ||
		!strings.Contains(string(film), `<span class="role">as Kathy</span>`) {
		t.Errorf("the demo's film data file is not shown: %v", err)
	}
	for _, page := range []string{"index.html", "films/index.html", "films/solaris-1972/index.html", "films/solaris-2002/index.html", "ratings/index.html", "404.html", "style.css"} {
		if _, err := os.Stat(filepath.Join(site, "public", page)); err != nil {
			t.Errorf("demo blog: %v", err)
		}
	}
	// The demo blog's posters are published; a second build takes their
	// copies from the output folder, encoding and writing nothing, and
	// nothing is written outside it.
	if copies, _ := filepath.Glob(filepath.Join(site, "public/posters/never-let-me-go-*-320.jpg")); len(copies) != 1 {
		t.Errorf("demo blog: poster copies %v, want one at 320 pixels", copies)
	}
	// Solaris (1972) has its poster from its data file, on its film page
	// and on its reviews' pages, which name none of their own.
	for _, page := range []string{"films/solaris-1972/index.html", "reviews/solaris-1972-patience/index.html"} {
		if html, err := os.ReadFile(filepath.Join(site, "public", page)); err != nil || !strings.Contains(string(html), `<img class="poster" src="/posters/solaris-1972-`) {
			t.Errorf("demo blog: %s shows no poster from the data file (%v)", page, err)
		}
	}
	if !strings.Contains(string(out), "posters_made=2") {
		t.Errorf("the first build did not make the demo's two posters:\n%s", out)
	}
	// Nor does it render any page: the first build's cache in public/
	// says none changed, and an edit renders only the pages it reaches.
	if out, err := exec.Command(bin, "build", "--src", site).CombinedOutput(); err != nil ||
		strings.Contains(string(out), "posters_made") || !strings.Contains(string(out), " written=0 ") ||
		!strings.Contains(string(out), " rendered=0 ") {
		t.Errorf("second build made, rendered or wrote files again (%v):\n%s", err, out)
	}
	reviews, _ := filepath.Glob(filepath.Join(site, "content/reviews/*.md"))
	if len(reviews) == 0 {
		t.Fatal("the demo blog has no content/reviews/*.md")
	}
	if f, err := os.OpenFile(reviews[0], os.O_APPEND|os.O_WRONLY, 0); err == nil {
		f.WriteString("\nOne more sentence.\n")
		f.Close()
	}
	out, err = exec.Command(bin, "build", "--src", site).CombinedOutput()
	n := -1
	if m := regexp.MustCompile(` rendered=(\d+) `).FindSubmatch(out); m != nil {
		n, _ = strconv.Atoi(string(m[1]))
	}
	if err != nil || n < 1 || n > 30 {
		t.Errorf("a build after one edit rendered %d pages, want a few (%v):\n%s", n, err, out)
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Errorf("the user's cache folder holds %v, want nothing", entries)
	}
	t.Run("serve until interrupted", func(t *testing.T) {
		cmd := exec.Command(bin, "serve", "--src", site, "--addr", "127.0.0.1:0")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Process.Kill()
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil {
			t.Fatalf("no line from ssg serve: %v\n%s", err, stderr.String())
		}
		_, url, ok := strings.Cut(strings.TrimSpace(line), " at ")
		url, _, _ = strings.Cut(url, " ")
		if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
			t.Fatalf("ssg serve said %q, want the URL it serves", line)
		}
		resp, err := http.Get(url + "films/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "Solaris") || !strings.Contains(string(body), "/_ssg/reload.js") {
			t.Fatalf("GET %sfilms/: %d\n%s", url, resp.StatusCode, body)
		}
		// Ctrl-C stops it cleanly: exit 0, and nothing written to public/.
		os.RemoveAll(filepath.Join(site, "public"))
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("ssg serve after Ctrl-C: %v\n%s", err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatal("ssg serve did not stop within 10 s of Ctrl-C")
		}
		if _, err := os.Stat(filepath.Join(site, "public")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("ssg serve without --write touched public/: %v", err)
		}
	})
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"bogus"}, 2},
		{[]string{"build", "--src", filepath.Join(site, "missing")}, 1},
		{[]string{"version"}, 0},
		{[]string{"check", "--src", oneReviewSite(t, "5/4")}, 1},
		{[]string{"check", "--nope"}, 2},
	} {
		if code := exitCode(t, exec.Command(bin, tc.args...).Run()); code != tc.code {
			t.Errorf("ssg %v: exit %d, want %d", tc.args, code, tc.code)
		}
	}
}

// exitCode returns the exit code of a command that ran and returned err.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// binary is the ssg command, built once for the package's tests.
var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// ssgBinary builds the ssg command, the first time, into a folder that
// TestMain removes, and returns its path.
func ssgBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	binary.once.Do(func() {
		if binary.dir, binary.err = os.MkdirTemp("", "ssg-test-"); binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "ssg")
		if out, err := exec.Command("go", "build", "-o", binary.path, ".").CombinedOutput(); err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// errorKind reports, and says why not, whether err is what a command
// should return: a usage error, a site error (any other), or none.
func errorKind(t *testing.T, err error, usage, fail bool) bool {
	t.Helper()
	var u usageError
	switch {
	case usage && !errors.As(err, &u):
		t.Errorf("err = %v, want a usage error", err)
	case fail && (err == nil || errors.As(err, &u)):
		t.Errorf("err = %v, want a site error", err)
	case !usage && !fail && err != nil:
		t.Errorf("err = %v", err)
	default:
		return true
	}
	return false
}
