// Command gencorpus writes a generated film-review site for benchmarks:
//
//	go run ./cmd/gencorpus -n 10000 -out DIR [-seed 1]
//
// DIR must be new, empty, or a corpus gencorpus wrote before (ssg.toml
// starting with corpus.Marker, content/ and perhaps public/); an old
// corpus's content/ is replaced, and nothing else is touched.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"ssg/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "how many `reviews` to write")
	out := flag.String("out", "", "the site `folder` to write (required)")
	seed := flag.Int64("seed", 1, "the random `seed`")
	flag.Parse()
	if *out == "" || *n < 0 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(dir string, n int, seed int64) error {
	start := time.Now()
	if err := prepare(dir); err != nil {
		return err
	}
	if err := corpus.Write(dir, n, seed); err != nil {
		return err
	}
	fmt.Printf("wrote %d reviews and ssg.toml to %s (seed %d) in %v\n", n, dir, seed, time.Since(start).Round(time.Millisecond))
	return nil
}

// prepare makes dir ready for a corpus: it accepts a missing or empty
// folder, and removes the content/ of an earlier corpus. Anything else is
// refused, so a mistyped -out never deletes real work.
func prepare(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	}
	if err != nil {
		return err
	}
	refuse := fmt.Errorf("%s is not empty and not a corpus gencorpus wrote: choose another folder", dir)
	for _, e := range entries {
		switch e.Name() {
		case "ssg.toml", "content", "public":
		default:
			return refuse
		}
	}
	settings, err := os.ReadFile(filepath.Join(dir, "ssg.toml"))
	if err != nil || !bytes.HasPrefix(settings, []byte(corpus.Marker)) {
		return refuse
	}
	// content/ of a corpus holds reviews/ and nothing else.
	sub, err := os.ReadDir(filepath.Join(dir, "content"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range sub {
		if e.Name() != "reviews" || !e.IsDir() {
			return refuse
		}
	}
	return os.RemoveAll(filepath.Join(dir, "content"))
}
