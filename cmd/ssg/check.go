package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"ssg/generator"
	"ssg/generator/check"
)

// checkDetail is what `ssg help check` says beyond the summary.
const checkDetail = `It builds the site in memory, as ssg build would, and writes nothing: the
reviews' errors fail it as they fail a build, and their warnings are shown.
Then every link of every page, feed and sitemap that leads into the site
(relative, from the root, or under base_url) must reach a file the build
makes, within base_url's path, and a link's #fragment must name an id on the
page it reaches. Links to other sites, mailto: and tel: are not followed.

Each problem is a line "public-path: what is wrong", sorted, and a problem
many files share is listed once. The last line sums up; the exit code is 1
when there is a problem.`

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := generator.DefaultConfig()
	fs := flags("check", stderr)
	fs.StringVar(&cfg.Src, "src", ".", "the site `folder`")
	fs.BoolVar(&cfg.Drafts, "drafts", false, "check the site with its drafts published")
	fs.BoolVar(&cfg.Future, "future", false, "check the site with reviews dated in the future published")
	fs.StringVar(&cfg.BaseURL, "base-url", "", "the site's public `URL`, overriding ssg.toml's base_url")
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, err := generator.ParseBaseURL(cfg.BaseURL); err != nil {
		return usageError{msg: "ssg check: --base-url " + err.Error()}
	}
	start := time.Now()
	log := logger(stderr, false)
	cfg.Logger = log
	root, err := os.OpenRoot(cfg.Src)
	if err != nil {
		return fmt.Errorf("site folder: %w", err)
	}
	defer root.Close()
	res, err := generator.Render(ctx, root.FS(), cfg)
	if err == nil {
		err = ctx.Err()
	}
	if ctx.Err() != nil {
		return err
	}
	if err != nil {
		n := strings.Count(strings.TrimSpace(err.Error()), "\n") + 1
		return fmt.Errorf("%w\nssg check: %s; the site does not build, so its links were not checked", err, nouns(n, "problem"))
	}
	for _, w := range res.Warnings {
		log.Warn(w.Error())
	}
	if res.BaseURL == "" {
		log.Warn("base_url is not set: a link written with the site's address is not known to be the site's, " +
			"and there are no feeds or sitemap to check; set base_url in ssg.toml or pass --base-url")
	}
	rep, err := check.Site(res.Files, res.BaseURL)
	if err != nil {
		return err
	}
	summary := fmt.Sprintf("checked %s and %s in %s (%s)", nouns(res.Reviews, "review"),
		nouns(rep.Links, "link"), nouns(rep.Files, "file"), time.Since(start).Round(time.Millisecond))
	if len(rep.Problems) == 0 {
		fmt.Fprintln(stdout, "ssg check: ok;", summary)
		return nil
	}
	var b strings.Builder
	for _, p := range rep.Problems {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "ssg check: %s; %s", nouns(len(rep.Problems), "problem"), summary)
	return siteProblems(b.String())
}

// siteProblems is the list ssg check found: exit code 1, printed once.
type siteProblems string

func (e siteProblems) Error() string { return string(e) }

// nouns is "1 link", "2 links", "1,024 links".
func nouns(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return count(int64(n)) + " " + noun + "s"
}
