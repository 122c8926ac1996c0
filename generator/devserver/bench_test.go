package devserver

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"testing"
	"time"

	"ssg/generator"
	"ssg/internal/corpus"
)

// BenchmarkSaveToReload measures what an author waits for: from a review's
// save on disk to the reload event reaching a page open on that review,
// through fsnotify, the quiet period, the incremental rebuild and the
// server-sent event. Each iteration edits the review's body, or its rating
// (which moves it between ratings' lists and changes averages), or adds
// or removes another review of its film (which changes the set of pages
// and every list the review is in). Besides the mean (ns/op) it reports
// the median and the 90th percentile, and the mean time from the save to
// the rebuild's end: the page in view is rendered first and reloaded
// before the others are done.
//
//	go test -run '^$' -bench SaveToReload -benchtime 50x ./generator/devserver
func BenchmarkSaveToReload(b *testing.B) {
	edits := []struct {
		name string
		edit func(text []byte, i int) []byte // nil: remove the file
		file func(review string) string      // the file edited; the review when nil
	}{
		{"body", func(text []byte, i int) []byte {
			return append(slices.Clone(text), fmt.Sprintf("\nEdit number %d.\n", i)...)
		}, nil},
		// The review moves between two ratings and back.
		{"rating", func(text []byte, i int) []byte {
			if i%2 == 0 {
				return text
			}
			return bytes.Replace(text, []byte(`rating: "1.5/4"`), []byte(`rating: "2/4"`), 1)
		}, nil},
		// Another review of the film, the newest of the site, written
		// and removed in turn.
		{"add", func(text []byte, i int) []byte {
			if i%2 == 0 {
				return nil
			}
			return bytes.Replace(text, []byte(`date: "2020-08-14"`), []byte(`date: "2025-12-31"`), 1)
		}, func(review string) string { return filepath.Join(filepath.Dir(review), "a-new-review.md") }},
		// The review goes to another film of the blog and back: both
		// films' pages change, the set of pages does not.
		{"film", func(text []byte, i int) []byte {
			if i%2 == 0 {
				return text
			}
			return bytes.Replace(text, []byte("film: The Hollow Archive\nyear: \"1980\"\n"), []byte(otherFilm()), 1)
		}, nil},
		// A tag the blog lacks, added and taken away in turn: its pages
		// come and go.
		{"newtag", func(text []byte, i int) []byte {
			if i%2 == 0 {
				return text
			}
			return bytes.Replace(text, []byte(`tags: ["music"]`), []byte(`tags: ["music", "a tag of its own"]`), 1)
		}, nil},
	}
	for _, n := range []int{1000, 10000} {
		for _, e := range edits {
			b.Run(fmt.Sprintf("reviews=%d/edit=%s", n, e.name), func(b *testing.B) {
				dir := b.TempDir()
				if err := corpus.Write(dir, n, 1); err != nil {
					b.Fatal(err)
				}
				review, text := corpus.Review(0, 1)
				if bytes.Equal(e.edit(text, 1), text) {
					b.Fatalf("the %s edit changes nothing in %s", e.name, review)
				}
				file := review
				if e.file != nil {
					file = e.file(review)
				}
				// As ssg serve runs: a processor more than the workers.
				workers := runtime.GOMAXPROCS(0)
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(workers + 1))
				builds := make(chan *generator.Result, 100)
				ready := make(chan string, 1)
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan error, 1)
				go func() {
					done <- Serve(ctx, generator.Config{Src: dir, Workers: workers, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
						Options{Addr: "127.0.0.1:0", Fixed: true, Ready: func(u string) { ready <- u },
							Rebuilt: func(_ []string, res *generator.Result, _ error) { builds <- res }})
				}()
				defer func() {
					cancel()
					<-done
				}()
				url := <-ready
				first := <-builds
				if first == nil {
					b.Fatal("the corpus does not build")
				}
				var page string
				for _, r := range first.Site.Reviews {
					if r.File == review {
						page = r.URL
					}
				}
				events := listenB(b, url, page)
				var took []time.Duration
				var rebuilding, ending time.Duration
				i, rebuilt, patched := 0, 0, 0
				for b.Loop() {
					i++
					edited := e.edit(text, i)
					start := time.Now()
					if err := corpus.Save(dir, file, edited); err != nil {
						b.Fatal(err)
					}
					for {
						ev := events.next(b)
						if ev[0] == "reload" {
							break
						}
					}
					took = append(took, time.Since(start))
					// The rebuild may still be rendering pages not in view:
					// the next save waits for its end, and those before it
					// (usually none).
					for waited := false; !waited || len(builds) > 0; waited = true {
						if res := <-builds; res != nil {
							if len(builds) == 0 {
								ending += time.Since(start)
							}
							rebuilt++
							rebuilding += res.Took
							if res.Patched {
								patched++
							}
						}
					}
					// Reconnect as the reloaded page would, with its new version.
					events.close()
					events = listenB(b, url, page)
				}
				events.close()
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms-median")
				b.ReportMetric(float64(took[len(took)*9/10].Microseconds())/1000, "ms-p90")
				b.ReportMetric(float64(ending.Microseconds())/1000/float64(i), "ms-to-end")
				if rebuilt > 0 {
					b.ReportMetric(float64(rebuilding.Microseconds())/1000/float64(rebuilt), "ms-rebuild")
					b.ReportMetric(float64(patched)/float64(rebuilt), "patched")
				}
			})
		}
	}
}

// filmLine and yearLine find a review's film and year in any front
// matter format.
var (
	filmLine = regexp.MustCompile(`(?m)^\s*"?film"?\s*[:=]\s*"?([^"\n]*)"?`)
	yearLine = regexp.MustCompile(`(?m)^\s*"?year"?\s*[:=]\s*"?(\d+)"?`)
)

// otherFilm is the film and year of the first review of the corpus not
// about the film of its first review, as YAML.
func otherFilm() string {
	_, first := corpus.Review(0, 1)
	own := filmLine.FindSubmatch(first)[1]
	for j := 1; ; j++ {
		_, text := corpus.Review(j, 1)
		if m := filmLine.FindSubmatch(text); !bytes.Equal(m[1], own) {
			return fmt.Sprintf("film: %q\nyear: %s\n", m[1], yearLine.FindSubmatch(text)[1])
		}
	}
}

// listenB opens an event stream for a benchmark.
func listenB(b *testing.B, url, page string) *stream {
	b.Helper()
	s, err := openStream(url, page)
	if err != nil {
		b.Fatal(err)
	}
	if ev := s.next(b); ev[0] != "hello" {
		b.Fatalf("first event %v, want hello", ev)
	}
	return s
}
