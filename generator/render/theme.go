package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"

	"ssg/generator/content"
	"ssg/generator/output"
	"ssg/generator/site"
)

// Layouts are the page templates a theme provides, one per page kind.
var Layouts = []string{"home.html", "review.html", "film.html", "films.html", "rating.html", "ratings.html", "404.html",
	"terms.html", "term.html", "search.html"}

// Theme is a parsed theme. Immutable after Load, but for Workers, set
// before its first use, and what the cached function keeps between
// Streams (Carry): one Stream at a time.
type Theme struct {
	// Workers is how many pages Plan keys and Execute renders at once;
	// GOMAXPROCS when 0.
	Workers  int
	layouts  map[string]*template.Template
	versions map[string][32]byte // per layout, a sum of the template files it can use
	// usesModel is set when a template reaches the whole model through
	// .Site.Model: then every page depends on every review.
	usesModel bool
	bodies    map[string]bool // layouts that may print a review's body
	counts    map[string]bool // layouts that may print the site's numbers of reviews and films
	static    []output.File   // the theme's static/ files, sorted by path
	css       string          // content hash of static/style.css, for cache busting
	// memo holds the output of the cached function during one Stream:
	// each DATA pointer's *outputs, by memoKey. last is the memo of the
	// last Stream that ended well, and carried what Carry or CarryAcross
	// kept of it for the next; both are touched only between Streams.
	memo          atomic.Pointer[sync.Map]
	last, carried *sync.Map
	// others lists the memo's pointers other than reviews and films,
	// which Carry drops.
	othersMu sync.Mutex
	others   []any
	// defs numbers each cached template of each layout's set by what it
	// runs: layouts that share a card share its memo entries.
	defs map[*template.Template]map[string]int
	// running counts the cached templates executing now, on every
	// worker: a template that reaches itself through cached would
	// otherwise run until the stack overflows, as text/template's own
	// depth limit starts again at each ExecuteTemplate.
	running atomic.Int32
}

// cachedLoop is the error of a cached template that ran within itself
// until maxCached stopped it.
type cachedLoop struct{ name string }

func (e *cachedLoop) Error() string {
	return fmt.Sprintf("cached %q runs within itself over %d times: does it reach itself through cached?", e.name, maxCached)
}

// maxCached is how many cached templates may execute at once, nested or on
// other workers: a card's own cached parts nest a few deep on each,
// so even a thousand workers stay far under it.
const maxCached = 10000

// Load parses the theme in fsys: base.html and partials/*.html once, then a
// clone of them with each layout. fsys is usually a site's templates/ over
// the embedded default theme.
func Load(fsys fs.FS) (*Theme, error) {
	base := template.New("").Funcs(funcs)
	names := []string{"base.html"}
	// Not fs.Glob, which takes a partials/ it cannot list for none.
	partials, err := fs.ReadDir(fsys, "partials")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range partials {
		if ok, _ := path.Match("*.html", e.Name()); ok && !content.Debris(e.Name()) {
			names = append(names, "partials/"+e.Name())
		}
	}
	sources := map[string]string{}
	for _, name := range names {
		if sources[name], err = parseFile(base, fsys, name); err != nil {
			return nil, err
		}
	}
	t := &Theme{layouts: map[string]*template.Template{}}
	for _, name := range Layouts {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if sources[name], err = parseFile(clone, fsys, name); err != nil {
			return nil, err
		}
		clone.Funcs(template.FuncMap{"cached": t.cached(clone)})
		t.layouts[name] = clone
	}
	t.versions, t.usesModel = versions(sources)
	t.bodies, t.counts = map[string]bool{}, map[string]bool{}
	for name, set := range t.layouts {
		t.bodies[name] = readsBodies(set)
		t.counts[name] = readsCounts(set)
	}
	// A review page's structured data (Page.JSONLD, blind on every other
	// page) counts the review's comments, a body field: the review
	// layout shows bodies whatever its templates print.
	t.bodies["review.html"] = true
	t.defs = definitions(t.layouts, cachedNames(sources))
	for _, set := range t.layouts {
		// After readsBodies, which reads the templates as written: escape
		// the templates that cached runs on their own now, not
		// while pages that call them render.
		for _, name := range cachedNames(sources) {
			if set.Lookup(name) != nil {
				set.ExecuteTemplate(io.Discard, name, nil) // only escaping matters: errors are the pages'
			}
		}
	}
	static, err := content.Files(fsys, "static")
	if err != nil {
		return nil, fmt.Errorf("templates/static: %w", err)
	}
	var bad []error
	for _, p := range static {
		rel := strings.TrimPrefix(p, "static/")
		if !output.ValidPath(rel) {
			// As for a site's static/: the output folder's own names
			// (.ssg-manifest, .ssg-cache/) are refused here, so that
			// ssg serve never shows a file that ssg build refuses.
			bad = append(bad, &content.Error{File: "templates/" + p, Err: errors.New("this file name cannot be published")})
			continue
		}
		data, err := content.ReadFile(fsys, p)
		if err != nil {
			bad = append(bad, &content.Error{File: "templates/" + p, Err: err})
			continue
		}
		t.static = append(t.static, output.File{Path: rel, Data: data})
	}
	if err := content.Join(bad); err != nil {
		return nil, err
	}
	slices.SortFunc(t.static, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range t.static {
		if f.Path == "style.css" {
			sum := sha256.Sum256(f.Data)
			t.css = hex.EncodeToString(sum[:5])
		}
	}
	return t, nil
}

// memoKey identifies one output of cached for a pointer: a template, def,
// the same number in every layout whose template of that name runs the
// same text; set and name only for a name not known at Load (one computed
// while the page renders).
type memoKey struct {
	def  int
	set  *template.Template
	name string
}

// outputs are the outputs of cached for one pointer, by template: one or
// two (a card, its byline), so a list.
type outputs struct {
	mu  sync.Mutex
	out []made
}

type made struct {
	key  memoKey
	html template.HTML
}

// get returns the output of k, if made. Called with o.mu held.
func (o *outputs) get(k memoKey) (template.HTML, bool) {
	for _, e := range o.out {
		if e.key == k {
			return e.html, true
		}
	}
	return "", false
}

// Forget drops what cached made of the given pointers during the running
// Stream: a caller that knows no page left to render shows them saves the
// memory (a card per review, 100 MB at 100,000 reviews). A later page that
// does show one renders it again.
func (t *Theme) Forget(data ...any) {
	if memo := t.memo.Load(); memo != nil {
		for _, d := range data {
			memo.Delete(d)
		}
	}
}

// Drop forgets what the last Stream made, for a caller that has since
// undone the changes it rendered: the next Stream starts from nothing.
func (t *Theme) Drop() { t.last, t.carried = nil, nil }

// Carry lets the next Stream start with what cached made during the last
// one, when that one ended well, of reviews and films (a card per review)
// but for the given films and their reviews: for a model patched in place
// (site.Patch), where the reviews that changed belong to those films, the
// films that changed otherwise (their related films) are among them, and
// every other review and film is what it was. What cached made of
// anything else (the site, a navigation state, a term) may reach a
// changed review and is made again. What a review's cached output can
// reach by its pointers is itself, its film and its film's other reviews,
// so the rest stay right.
func (t *Theme) Carry(changed []*site.Film) {
	last := t.last
	if last == nil {
		return
	}
	for _, f := range changed {
		last.Delete(f)
		for _, r := range f.Reviews {
			last.Delete(r)
		}
	}
	for _, data := range t.others {
		last.Delete(data)
	}
	t.others = nil
	t.carried = last
}

// Made is what cached made during a Stream that ended well, by the
// pointers it was given (Theme.Made).
type Made struct{ memo *sync.Map }

// Made returns what cached made during the last Stream, if it ended well
// and nothing was dropped since, for CarryAcross after other Streams.
func (t *Theme) Made() Made { return Made{t.last} }

// CarryAcross lets the next Stream start with what cached made, in m, of
// the reviews and films of the model last planned whose sums (what their
// pages' keys are made of) equal those of the same films, by URL, and of
// their reviews in next: a new model from mostly the same reviews (a
// review added), whose objects are all new. A film's sum covers its
// fields and every review's, and a review's cached output can reach only
// itself, its film and its film's other reviews, so equal sums mean
// equal output, as they do for pages. Anything else cached made (the
// site, a navigation state, a term) is made again.
func (t *Theme) CarryAcross(m Made, last, next *Plan) {
	if m.memo == nil || last == nil || next == nil {
		return
	}
	old := make(map[string]*site.Film, len(last.keyer.model.Films))
	for _, g := range last.keyer.model.Films {
		old[g.URL] = g
	}
	carried := new(sync.Map)
	move := func(from, to any) {
		if o, ok := m.memo.Load(from); ok {
			carried.Store(to, o)
		}
	}
	for _, f := range next.keyer.model.Films {
		g := old[f.URL]
		if g == nil || len(g.Reviews) != len(f.Reviews) {
			continue
		}
		was, ok := last.keyer.films[g]
		if sum, known := next.keyer.films[f]; !ok || !known || sum != was {
			continue
		}
		move(g, f)
		for i, r := range f.Reviews {
			move(g.Reviews[i], r)
		}
	}
	t.carried, t.others = carried, nil
}

// definitions numbers, for each set, the templates of names by their text
// and the text of every template they call, so that equal definitions in
// two layouts get one number.
func definitions(sets map[string]*template.Template, names []string) map[*template.Template]map[string]int {
	ids := map[string]int{}
	defs := map[*template.Template]map[string]int{}
	for _, set := range sets {
		defs[set] = map[string]int{}
		for _, name := range names {
			if set.Lookup(name) == nil {
				continue
			}
			var text strings.Builder
			seen := map[string]bool{}
			var visit func(name string)
			visit = func(name string) {
				if seen[name] {
					return
				}
				seen[name] = true
				t := set.Lookup(name)
				if t == nil || t.Tree == nil {
					text.WriteString("\x00missing " + name)
					return
				}
				text.WriteString("\x00" + name + "\x00" + t.Tree.Root.String())
				walk(t.Tree.Root, func(n parse.Node) {
					switch n := n.(type) {
					case *parse.TemplateNode:
						visit(n.Name)
					case *parse.CommandNode:
						if called, ok := cachedCall(n); ok {
							visit(called)
						}
					}
				})
			}
			visit(name)
			id, ok := ids[text.String()]
			if !ok {
				id = len(ids) + 1
				ids[text.String()] = id
			}
			defs[set][name] = id
		}
	}
	return defs
}

// cached is the cached function of a layout's set: cached NAME DATA runs
// the template NAME with DATA like {{template NAME DATA}} does, once per
// Execute for each DATA that is a pointer, and reuses its output. A review's
// card, shown on some twenty list pages, is rendered once. Only templates
// whose output depends on nothing but DATA may be cached; the pages that
// call them are keyed as usual.
func (t *Theme) cached(set *template.Template) func(name string, data any) (template.HTML, error) {
	return func(name string, data any) (template.HTML, error) {
		memo := t.memo.Load()
		v := reflect.ValueOf(data)
		keyed := memo != nil && v.Kind() == reflect.Pointer && !v.IsNil()
		k := memoKey{def: t.defs[set][name]}
		if k.def == 0 {
			k.set, k.name = set, name
		}
		var outs *outputs
		if keyed {
			o, _ := memo.Load(data)
			if o == nil {
				var loaded bool
				o, loaded = memo.LoadOrStore(data, new(outputs))
				switch data.(type) {
				case *site.Review, *site.Film:
				default:
					if !loaded {
						t.othersMu.Lock()
						t.others = append(t.others, data)
						t.othersMu.Unlock()
					}
				}
			}
			outs = o.(*outputs)
			outs.mu.Lock()
			h, ok := outs.get(k)
			outs.mu.Unlock()
			if ok {
				return h, nil
			}
		}
		if t.running.Add(1) > maxCached {
			t.running.Add(-1)
			return "", &cachedLoop{name}
		}
		var b strings.Builder
		err := set.ExecuteTemplate(&b, name, data)
		t.running.Add(-1)
		if loop := (*cachedLoop)(nil); errors.As(err, &loop) {
			return "", loop // once, not once for every level it went through
		}
		if err != nil {
			return "", err
		}
		h := template.HTML(b.String())
		if keyed {
			outs.mu.Lock()
			if _, ok := outs.get(k); !ok {
				outs.out = append(outs.out, made{k, h})
			}
			outs.mu.Unlock()
		}
		return h, nil
	}
}

// parseFile adds the file name of fsys to t as a template called by its
// path, so that errors name the file: html/template errors carry name:line.
// It returns the file's text.
func parseFile(t *template.Template, fsys fs.FS, name string) (string, error) {
	data, err := content.ReadFile(fsys, name)
	if err != nil {
		return "", fmt.Errorf("templates/%s: %w", name, err)
	}
	if _, err := t.New(name).Parse(string(data)); err != nil {
		return "", templateError(err)
	}
	return string(data), nil
}

// templateError puts an html/template error in the form "templates/file:line: …".
func templateError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "template: ")
	msg = strings.TrimPrefix(msg, "html/template:")
	return errors.New("templates/" + strings.TrimSpace(msg))
}
