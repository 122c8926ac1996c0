package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"

	"ssg/generator/output"
	"ssg/generator/site"
)

// funcs are the few helpers templates get; everything else is precomputed.
var funcs = template.FuncMap{
	"join": strings.Join,
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i + 1
		}
		return s
	},
}

// job is one page to render with one layout.
type job struct {
	layout string
	page   *Page
}

// Render executes every page of s and returns them, with the theme's static
// files, sorted by path. Template errors name the page's URL.
func (t *Theme) Render(ctx context.Context, s *site.Site, info Info) ([]output.File, error) {
	info.Model = s
	info.Reviews = len(s.Reviews)
	info.Films = len(s.Films)
	info.Scale = s.Scale.String()
	if t.css != "" {
		info.CSS = info.Root + "/style.css?v=" + t.css
	}
	jobs := pages(s, &info)
	files := make([]output.File, len(jobs), len(jobs)+len(t.static))
	errs := make([]error, len(jobs))
	g, ctx := errgroup.WithContext(ctx)
	workers := runtime.GOMAXPROCS(0)
	chunk := (len(jobs) + workers - 1) / workers
	for w := 0; w < workers && w*chunk < len(jobs); w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(jobs))
		g.Go(func() error {
			var buf bytes.Buffer
			for i := lo; i < hi; i++ {
				if err := ctx.Err(); err != nil {
					return err
				}
				j := jobs[i]
				buf.Reset()
				if err := t.layouts[j.layout].ExecuteTemplate(&buf, "base.html", j.page); err != nil {
					errs[i] = templateError(err)
					continue
				}
				files[i] = output.File{Path: filePath(j.page.URL, info.Root), Data: bytes.Clone(buf.Bytes())}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := pageErrors(jobs, errs); err != nil {
		return nil, err
	}
	files = append(files, t.static...)
	slices.SortFunc(files, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			return nil, errors.New("render: two pages write " + files[i].Path)
		}
	}
	return files, nil
}

// pageErrors reports each distinct template error once, in page order,
// naming the first page it broke and how many more it did.
func pageErrors(jobs []job, errs []error) error {
	type seen struct {
		url  string
		more int
	}
	byText := map[string]*seen{}
	var order []string
	for i, err := range errs {
		if err == nil {
			continue
		}
		if s := byText[err.Error()]; s != nil {
			s.more++
			continue
		}
		byText[err.Error()] = &seen{url: jobs[i].page.URL}
		order = append(order, err.Error())
	}
	var out []error
	for _, text := range order {
		s := byText[text]
		where := s.url
		if s.more > 0 {
			where = fmt.Sprintf("%s (and %d more pages)", s.url, s.more)
		}
		out = append(out, fmt.Errorf("rendering %s: %s", where, text))
	}
	return errors.Join(out...)
}

// filePath maps a page URL to its file: "/blog/reviews/x/" to
// "reviews/x/index.html"; URLs ending in a file name are kept.
func filePath(url, root string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(url, root), "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// pages lists every page of the site in a fixed order.
func pages(s *site.Site, info *Info) []job {
	root := info.Root
	var jobs []job
	add := func(layout string, p *Page) {
		p.Site = info
		p.Permalink = info.BaseURL + strings.TrimPrefix(p.URL, root)
		if info.BaseURL == "" {
			p.Permalink = p.URL
		}
		jobs = append(jobs, job{layout, p})
	}
	paginate(s.Reviews, s.PerPage, root+"/", func(items []*site.Review, pager *Pager, url string) {
		add("home.html", &Page{Kind: "home", URL: url, Reviews: items, Pager: pager,
			Description: fmt.Sprintf("%s: %d film reviews", info.Title, len(s.Reviews))})
	})
	for _, r := range s.Reviews {
		add("review.html", &Page{Kind: "review", Title: r.Title, URL: r.URL, Review: r, Description: describe(r)})
	}
	add("films.html", &Page{Kind: "films", Title: "Films", URL: root + "/films/", Films: s.Films,
		Description: fmt.Sprintf("All %d films reviewed on %s", len(s.Films), info.Title)})
	for _, f := range s.Films {
		add("film.html", &Page{Kind: "film", Title: f.Label(), URL: f.URL, Film: f, Histogram: &f.Histogram,
			Description: filmDescription(f)})
	}
	add("ratings.html", &Page{Kind: "ratings", Title: "Ratings", URL: root + "/ratings/", Histogram: &s.Histogram,
		Description: fmt.Sprintf("How %d reviews on %s rate, out of %s", s.Histogram.Total, info.Title, s.Scale.String())})
	for _, b := range s.Buckets {
		if b.URL == "" {
			continue
		}
		paginate(b.Reviews, s.PerPage, b.URL, func(items []*site.Review, pager *Pager, url string) {
			add("rating.html", &Page{Kind: "rating", Title: b.Stars.Label, URL: url, Bucket: b, Reviews: items, Pager: pager,
				Description: fmt.Sprintf("Every review rated %s", b.Stars.Label)})
		})
	}
	add("404.html", &Page{Kind: "404", Title: "Page not found", URL: root + "/404.html", Description: "Page not found"})
	return jobs
}

// paginate cuts items into pages of per, the first at first and the others
// at first+"page/N/", and calls emit for each. An empty list still gets its
// first page.
func paginate(items []*site.Review, per int, first string, emit func([]*site.Review, *Pager, string)) {
	total := max(1, (len(items)+per-1)/per)
	url := func(n int) string {
		if n == 1 {
			return first
		}
		return first + "page/" + strconv.Itoa(n) + "/"
	}
	for n := 1; n <= total; n++ {
		var pager *Pager
		if total > 1 {
			pager = &Pager{Number: n, Total: total}
			if n > 1 {
				pager.Prev = url(n - 1)
			}
			if n < total {
				pager.Next = url(n + 1)
			}
			for k := 1; k <= total; k++ {
				pager.Links = append(pager.Links, PageLink{Number: k, URL: url(k), Current: k == n})
			}
		}
		emit(items[(n-1)*per:min(n*per, len(items))], pager, url(n))
	}
}

// describe is a review's meta description: its summary, its pull quote, or
// a sentence made from its facts.
func describe(r *site.Review) string {
	if r.Summary != "" {
		return r.Summary
	}
	if r.Pullquote != "" {
		return r.Pullquote
	}
	d := "A review of " + r.FilmPage.Label()
	if r.Author != "" {
		d += " by " + r.Author
	}
	if r.Stars != nil {
		d += ": " + r.Stars.Label
	}
	return d + "."
}

func filmDescription(f *site.Film) string {
	n := len(f.Reviews)
	d := fmt.Sprintf("%s: %d review", f.Label(), n)
	if n != 1 {
		d += "s"
	}
	if f.Stars != nil {
		d += ", average " + f.Stars.Label
	}
	return d + "."
}
