package generator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"ssg"
	"ssg/generator/output"
	"ssg/generator/render"
	"ssg/generator/site"
	"ssg/internal/corpus"
)

// BenchmarkBuild measures a full build of a generated blog and each of its
// stages on their own, at 1,000 and 10,000 reviews, in pages per second
// and allocations:
//
//   - load: read and parse every review (front matter and markdown);
//   - index: build the model: films, ratings, terms, pages of lists;
//   - render: key and render every page, kept in memory;
//   - write: write every page into an empty output folder;
//   - build: all of it, as `ssg build` runs it, pages written as rendered.
//
// go test -run '^$' -bench Build -benchtime 3x ./generator
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		src := filepath.Join(b.TempDir(), "site")
		if err := corpus.Write(src, n, 1); err != nil {
			b.Fatal(err)
		}
		root, err := os.OpenRoot(src)
		if err != nil {
			b.Fatal(err)
		}
		defer root.Close()
		fsys := root.FS()
		cfg := Config{Now: goldenNow}
		ctx := context.Background()

		// What the stages after the one measured start from.
		s := NewSession(fsys, cfg)
		if err := s.readSettings(); err != nil {
			b.Fatal(err)
		}
		reviews, err := s.load(ctx, cfg.Now)
		if err != nil {
			b.Fatal(err)
		}
		published := site.Published(reviews, cfg.Now, false, false)
		opts := site.Options{Scale: s.set.scale, PerPage: s.set.PerPage, Root: s.set.root}
		model, err := site.Build(published, opts)
		if err != nil {
			b.Fatal(err)
		}
		theme, err := render.Load(ssg.Theme())
		if err != nil {
			b.Fatal(err)
		}
		info := render.Info{Title: s.set.Title, BaseURL: s.set.BaseURL, Root: s.set.root, Language: s.set.Language, RawHTML: s.set.Markdown.UnsafeHTML}
		res, err := Render(ctx, fsys, cfg)
		if err != nil {
			b.Fatal(err)
		}
		pages := float64(len(res.Files))
		perSecond := func(b *testing.B, what float64, unit string) {
			b.ReportMetric(what*float64(b.N)/b.Elapsed().Seconds(), unit)
		}

		b.Run(fmt.Sprintf("reviews=%d/stage=load", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := NewSession(fsys, cfg)
				if err := s.readSettings(); err != nil {
					b.Fatal(err)
				}
				if _, err := s.load(ctx, cfg.Now); err != nil {
					b.Fatal(err)
				}
			}
			perSecond(b, float64(n), "reviews/s")
		})
		b.Run(fmt.Sprintf("reviews=%d/stage=index", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := site.Build(published, opts); err != nil {
					b.Fatal(err)
				}
			}
			perSecond(b, float64(n), "reviews/s")
		})
		b.Run(fmt.Sprintf("reviews=%d/stage=render", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				plan, err := theme.Plan(model, info, render.ProcessKeys)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := theme.Execute(ctx, plan.Jobs); err != nil {
					b.Fatal(err)
				}
			}
			perSecond(b, float64(len(model.Reviews)), "reviews/s")
			perSecond(b, pages, "pages/s")
		})
		b.Run(fmt.Sprintf("reviews=%d/stage=write", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				out := filepath.Join(b.TempDir(), "public")
				b.StartTimer()
				if _, err := output.Write(out, res.Files); err != nil {
					b.Fatal(err)
				}
			}
			perSecond(b, pages, "pages/s")
		})
		b.Run(fmt.Sprintf("reviews=%d/stage=build", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				cfg := cfg
				cfg.Src, cfg.Out = src, filepath.Join(b.TempDir(), "public")
				b.StartTimer()
				if _, err := Build(ctx, cfg); err != nil {
					b.Fatal(err)
				}
			}
			perSecond(b, float64(n), "reviews/s")
			perSecond(b, pages, "pages/s")
		})
	}
}
