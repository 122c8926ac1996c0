package generator

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"ssg/generator/content"
	"ssg/internal/corpus"
)

// BenchmarkSessionEdit rebuilds a generated site after one review changed,
// as the dev server does on a save, and reports each stage's mean time.
// A body edit is patched in place; a title edit changes the review's
// facts, which lists, the search index and feeds show, and is patched in
// place too; a date edit moves the review among the others, and a rating
// edit moves it between ratings and changes averages, both patched in
// place when they can be, as are tags and genres edits; a comment edit
// rewrites one reader's comment on the review.
//
//	go test -run '^$' -bench SessionEdit ./generator
var (
	titleField = regexp.MustCompile(`(?m)^\s*"?title"?\s*[:=]\s*"?`)
	dateField  = regexp.MustCompile(`(?m)^(\s*"?date"?\s*[:=]\s*"?)\d{4}-\d{2}-\d{2}`)
	// The first rating of any form the corpus writes, quoted or not.
	ratingField = regexp.MustCompile(`(?m)^(\s*"?rating"?\s*[:=]\s*)("[^"\n]*"|[^\n]*)`)
	tagsField   = regexp.MustCompile(`(?m)^(\s*"?tags"?\s*[:=]\s*)\[`)
	genresField = regexp.MustCompile(`(?m)^(\s*"?genres"?\s*[:=]\s*)\[`)
	filmField   = regexp.MustCompile(`(?m)^(\s*"?film"?\s*[:=]\s*)("[^"\n]*"|[^\n]*)`)
)

func BenchmarkSessionEdit(b *testing.B) {
	edits := []struct {
		name string
		edit func(text []byte, i int) []byte
		file func(review string) string // the file edited; the review when nil
	}{
		{"body", func(text []byte, i int) []byte {
			return append(slices.Clone(text), fmt.Sprintf("\nEdit number %d.\n", i)...)
		}, nil},
		{"title", func(text []byte, i int) []byte {
			// YAML, TOML or JSON: put a word at the start of the title.
			loc := titleField.FindIndex(text)
			return slices.Concat(text[:loc[1]], fmt.Appendf(nil, "Edit %d - ", i), text[loc[1]:])
		}, nil},
		{"date", func(text []byte, i int) []byte {
			// Moves the review among the others: the full path.
			day := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%3000)
			return dateField.ReplaceAll(text, []byte("${1}"+day.Format(time.DateOnly)))
		}, nil},
		{"rating", func(text []byte, i int) []byte {
			// Between two values, and two forms of one: the review
			// moves between ratings' lists, its film's and terms'
			// averages change.
			r := []string{`"3/4"`, `"2.5/4"`, `"★★★"`}[i%3]
			return ratingField.ReplaceAll(text, []byte("${1}"+r))
		}, nil},
		{"tags", func(text []byte, i int) []byte {
			// A tag the blog has, added and taken away in turn: the
			// review joins and leaves its list.
			if i%2 == 0 {
				return text
			}
			return tagsField.ReplaceAll(text, []byte(`${1}["trains", `))
		}, nil},
		{"genres", func(text []byte, i int) []byte {
			// A genre the blog has, added and taken away in turn: the
			// film's merged genres change with the review's lists.
			if i%2 == 0 {
				return text
			}
			return genresField.ReplaceAll(text, []byte(`${1}["Drama", `))
		}, nil},
		{"newtag", func(text []byte, i int) []byte {
			// A tag the blog lacks, added and taken away in turn: its
			// pages come and go, and the tags index changes.
			if i%2 == 0 {
				return text
			}
			return tagsField.ReplaceAll(text, []byte(`${1}["a tag of its own", `))
		}, nil},
		{"film", func(text []byte, i int) []byte {
			// Another film of the blog and back in turn: the review
			// leaves one film's lists and joins another's.
			if i%2 == 0 {
				return text
			}
			own := bytes.Trim(filmField.FindSubmatch(text)[2], `"`)
			for j := 1; ; j++ {
				_, other := corpus.Review(j, 1)
				if m := filmField.FindSubmatch(other); !bytes.Equal(bytes.Trim(m[2], `"`), own) {
					return filmField.ReplaceAll(text, append([]byte("${1}"), m[2]...))
				}
			}
		}, nil},
		{"add", func(text []byte, i int) []byte {
			// A new review of the review's film, written and deleted in
			// turn.
			if i%2 == 0 {
				return nil
			}
			return dateField.ReplaceAll(text, []byte("${1}2026-01-01"))
		}, func(review string) string { return path.Dir(review) + "/a-new-review.md" }},
		{"comment", func(_ []byte, i int) []byte {
			return fmt.Appendf(nil, "author: Reader\ndate: 2025-01-02T10:00:00Z\ntext: Comment edit %d.\n", i)
		}, func(review string) string { return content.CommentDir(review) + "/2025-01-02T10-00-00-reader.yaml" }},
	}
	for _, n := range []int{1000, 10000} {
		for _, e := range edits {
			b.Run(fmt.Sprintf("reviews=%d/edit=%s", n, e.name), func(b *testing.B) {
				dir := b.TempDir()
				if err := corpus.Write(dir, n, 1); err != nil {
					b.Fatal(err)
				}
				root, err := os.OpenRoot(dir)
				if err != nil {
					b.Fatal(err)
				}
				defer root.Close()
				file, text := corpus.Review(0, 1)
				if e.file != nil {
					file = e.file(file)
					os.MkdirAll(filepath.Join(dir, path.Dir(file)), 0o755)
					if first := e.edit(nil, 0); first != nil {
						if err := os.WriteFile(filepath.Join(dir, file), first, 0o644); err != nil {
							b.Fatal(err)
						}
					}
				}
				s := NewSession(root.FS(), Config{Now: goldenNow})
				ctx := context.Background()
				if _, err := s.Rebuild(ctx); err != nil {
					b.Fatal(err)
				}
				var total Stages
				i, rendered := 0, 0
				for b.Loop() {
					i++
					edited := e.edit(text, i)
					if err := corpus.Save(dir, file, edited); err != nil {
						b.Fatal(err)
					}
					res, err := s.Rebuild(ctx, file)
					if err != nil {
						b.Fatal(err)
					}
					rendered += res.Rendered
					total.Load += res.Stages.Load
					total.Model += res.Stages.Model
					total.Plan += res.Stages.Plan
					total.Render += res.Stages.Render
					total.Assemble += res.Stages.Assemble
				}
				ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(i) }
				b.ReportMetric(ms(total.Load), "load-ms")
				b.ReportMetric(ms(total.Model), "model-ms")
				b.ReportMetric(ms(total.Plan), "plan-ms")
				b.ReportMetric(ms(total.Render), "render-ms")
				b.ReportMetric(ms(total.Assemble), "assemble-ms")
				b.ReportMetric(float64(rendered)/float64(i), "pages-rendered")
			})
		}
	}
}
