package render

import (
	"html/template"
	"reflect"
	"slices"
	"strings"
	"testing"

	"ssg"
	"ssg/generator/site"
)

func TestReadsBodies(t *testing.T) {
	tests := []struct {
		name, main string
		partial    string // defines "p"
		want       bool
	}{
		{"title only", `{{.Title}}`, "", false},
		{"review body", `{{.Review.Body}}`, "", true},
		{"word count", `{{with .Review}}{{.Words}} words{{end}}`, "", true},
		{"hash", `{{printf "%x" .Review.Hash}}`, "", true},
		{"body through a variable", `{{$r := .Review}}{{$r.Title}} {{$r.Body}}`, "", true},
		{"body through $", `{{range .Reviews}}{{$.Review.Body}}{{end}}`, "", true},
		{"cards without bodies", `{{range .Reviews}}{{.Title}} {{.FilmPage.Label}} {{.Stars.Label}} {{.Date.Year}}{{end}}`, "", false},
		{"a film's reviews' titles", `{{range .Film.Reviews}}{{.Title}}{{end}}`, "", false},
		{"a film's reviews' bodies", `{{range $i, $r := .Film.Reviews}}{{$i}}{{$r.Body}}{{end}}`, "", true},
		{"index then body", `{{(index .Reviews 0).Body}}`, "", true},
		{"printing a review", `{{.Review.Review}}`, "", true},
		{"printing reviews", `{{.Reviews}}`, "", true},
		{"printf of a review", `{{printf "%v" .Review}}`, "", true},
		{"piped into print", `{{.Review | print}}`, "", true},
		{"len of reviews", `{{len .Reviews}} {{len .Film.Reviews}}`, "", false},
		{"params", `{{with .Review}}{{.Params.mood}} {{index .Params "x"}}{{end}}`, "", false},
		{"partial reads the body", `{{template "p" .Review}}`, `{{define "p"}}{{.Body}}{{end}}`, true},
		{"partial reads the title", `{{template "p" .Review}}`, `{{define "p"}}{{.Title}}{{end}}`, false},
		{"partial given nothing prints dot", `{{template "p"}}`, `{{define "p"}}{{.}}{{end}}`, true},
		{"cached partial reads the body", `{{range .Reviews}}{{cached "p" .}}{{end}}`, `{{define "p"}}{{.Body}}{{end}}`, true},
		{"cached partial reads the title", `{{range .Reviews}}{{cached "p" .}}{{end}}`, `{{define "p"}}{{.Title}}{{end}}`, false},
		{"cached by a computed name", `{{cached (print "p") .Review}}`, `{{define "p"}}{{.Title}}{{end}}`, true},
		{"cached result piped on", `{{cached "p" .Review | print}}`, `{{define "p"}}{{.Title}}{{end}}`, false},
		{"recursive partial", `{{template "p" .Film}}`, `{{define "p"}}{{.Title}}{{if false}}{{template "p" .}}{{end}}{{end}}`, false},
		{"or of mixed types", `{{with or .Review .Film}}{{.Title}}{{end}}`, "", true},
		{"or of one type", `{{with or .Review .Review}}{{.Title}}{{end}}`, "", false},
		{"blind methods", `{{.JSONLD}} {{.Image}} {{.Film.Label}} {{.Review.Links.Author}}`, "", false},
		{"join of names", `{{join .Review.Cast ", "}}`, "", false},
		{"a variable assigned by range", `{{$r := .Title}}{{range $r = .Reviews}}{{end}}{{if $r.Body}}x{{end}}`, "", true},
		{"a variable reassigned", `{{$x := .Title}}{{range .Reviews}}{{$x = .}}{{end}}{{$x}}`, "", true},
		{"site model", `{{range .Site.Model.Reviews}}{{.Body}}{{end}}`, "", true},
		{"site model titles", `{{range .Site.Model.Reviews}}{{.Title}}{{end}}`, "", false},
		{"comment count", `{{range .Reviews}}{{.Title}} ({{.CommentCount}}){{end}}`, "", true},
		{"comments through a partial", `{{with .Review}}{{template "p" .Comments}}{{end}}`, `{{define "p"}}{{range .}}{{.Author}}{{end}}{{end}}`, true},
		{"whether there are comments", `{{with .Review}}{{if .Comments}}!{{end}}{{end}}`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := template.New("").Funcs(funcs)
			template.Must(set.New("base.html").Parse(`{{template "main" .}}`))
			template.Must(set.New("layout").Parse(`{{define "main"}}` + tt.main + `{{end}}` + tt.partial))
			if got := readsBodies(set); got != tt.want {
				t.Errorf("readsBodies(%s) = %v, want %v", tt.main, got, tt.want)
			}
		})
	}
}

func TestReadsCounts(t *testing.T) {
	tests := []struct {
		name, main string
		partial    string // defines "p"
		want       bool
	}{
		{"site title", `{{.Site.Title}} {{.Site.Scale}}`, "", false},
		{"reviews count", `{{.Site.Reviews}}`, "", true},
		{"films count in a condition", `{{if gt .Site.Films 1}}many{{end}}`, "", true},
		{"a page's reviews", `{{range .Reviews}}{{.Title}}{{end}} {{len .Reviews}}`, "", false},
		{"a film's reviews", `{{len .Film.Reviews}}`, "", false},
		{"the model's lists", `{{len .Site.Model.Reviews}} {{len .Site.Model.Films}}`, "", false},
		{"through with", `{{with .Site}}{{.Reviews}}{{end}}`, "", true},
		{"through a variable", `{{$s := .Site}}{{$s.Films}}`, "", true},
		{"a partial given the site", `{{template "p" .Site}}`, `{{define "p"}}{{.Reviews}} reviews{{end}}`, true},
		{"a partial given the site, title only", `{{template "p" .Site}}`, `{{define "p"}}{{.Title}}{{end}}`, false},
		{"cached partial given the site", `{{cached "p" .Site}}`, `{{define "p"}}{{.Films}}{{end}}`, true},
		{"printing the site", `{{.Site}}`, "", true},
		{"printf of the page", `{{printf "%v" .}}`, "", true},
		{"an escaper given the site", `{{html .Site}}`, "", true},
		{"a function the scan does not know", `{{list .Title}}`, "", true},
		{"unknown type", `{{with or .Site .Title}}{{.Reviews}}{{end}}`, "", true},
		{"blind methods", `{{.JSONLD}} {{.Image}}`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := template.New("").Funcs(funcs).Funcs(template.FuncMap{"list": func(v ...any) []any { return v }})
			template.Must(set.New("base.html").Parse(`{{template "main" .}}`))
			template.Must(set.New("layout").Parse(`{{define "main"}}` + tt.main + `{{end}}` + tt.partial))
			if got := readsCounts(set); got != tt.want {
				t.Errorf("readsCounts(%s) = %v, want %v", tt.main, got, tt.want)
			}
		})
	}
}

// TestThemeCounts checks which of the default theme's layouts print the
// site's counts of reviews and films: a review added or removed changes
// their pages, and no other's.
func TestThemeCounts(t *testing.T) {
	th, err := Load(ssg.Theme())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range Layouts {
		if th.counts[l] {
			got = append(got, l)
		}
	}
	if want := []string{"home.html", "films.html", "search.html"}; !slices.Equal(got, want) {
		t.Errorf("layouts reading counts: %v, want %v", got, want)
	}
}

// TestThemeBodies checks which of the default theme's layouts can show a
// body: only the review page. A change here changes what a body edit
// costs the dev server.
func TestThemeBodies(t *testing.T) {
	th, err := Load(ssg.Theme())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range Layouts {
		if th.bodies[l] {
			got = append(got, l)
		}
	}
	if !slices.Equal(got, []string{"review.html"}) {
		t.Errorf("layouts reading bodies: %v, want [review.html]", got)
	}
}

// TestBodyMethods makes every method that templates can call on a type
// reaching a review's body say whether it reads bodies: listed in
// blindMethods if not, or in readers below.
func TestBodyMethods(t *testing.T) {
	secretMethods(t, bodies, map[string]bool{"site.Site.Patch": true})
}

// TestCountMethods does the same for the site's counts of reviews and
// films: every method of a type reaching Info says whether it prints
// them.
func TestCountMethods(t *testing.T) {
	secretMethods(t, counts, map[string]bool{})
}

func secretMethods(t *testing.T, sec secret, readers map[string]bool) {
	t.Helper()
	blindMethods := sec.blind
	s := &bodyScan{secret: sec, holds: map[reflect.Type]bool{}}
	seen := map[reflect.Type]bool{}
	methods := map[string]bool{}
	var visit func(reflect.Type)
	visit = func(typ reflect.Type) {
		if seen[typ] {
			return
		}
		seen[typ] = true
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			visit(typ.Elem())
			return
		case reflect.Struct:
			for i := range typ.NumField() {
				visit(typ.Field(i).Type)
			}
		default:
			return
		}
		if !s.holdsBody(typ) {
			return
		}
		p := reflect.PointerTo(typ)
		for i := range p.NumMethod() {
			name := typeName(typ) + "." + p.Method(i).Name
			methods[name] = true
			if !blindMethods[name] && !readers[name] {
				t.Errorf("method %s reaches %s: list it as blind or in this test's readers", name, sec.root)
			}
		}
	}
	visit(pageType)
	for _, list := range []map[string]bool{blindMethods, readers} {
		for name := range list {
			if !methods[name] {
				t.Errorf("%s is listed but is no method of a type reaching %s", name, sec.root)
			}
		}
	}
}

// TestReadsCountsLoops checks templates whose variables hold the site
// only from a range's second pass: the scan walks a range's body once,
// with the types its variables had before the loop, yet each of these
// prints a count that depends on the site's number of reviews or films.
func TestReadsCountsLoops(t *testing.T) {
	tests := []struct{ name, main, want string }{
		{"field of a variable reassigned later in the loop",
			`{{$x := .Nav}}{{range $i, $_ := .Reviews}}{{if $i}}{{if gt $x.Reviews 5}}many{{end}}{{end}}{{$x = $.Site}}{{end}}`, "many"},
		{"partial given a variable reassigned later in the loop",
			`{{$x := .Nav}}{{range $i, $_ := .Reviews}}{{if $i}}{{template "p" $x}}{{end}}{{$x = $.Site}}{{end}}`, "many reviews"},
		{"printed variable reassigned later in the loop",
			`{{$x := .Nav}}{{range $i, $_ := .Reviews}}{{if $i}}{{printf "%v" $x}}{{end}}{{$x = $.Site}}{{end}}`, "7"},
	}
	page := &Page{Site: &Info{Title: "T", Reviews: 7, Films: 3}, Nav: &Nav{}, Reviews: make([]*site.Review, 2)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := template.New("").Funcs(funcs)
			template.Must(set.New("base.html").Parse(`{{template "main" .}}`))
			template.Must(set.New("layout").Parse(`{{define "main"}}` + tt.main + `{{end}}{{define "p"}}{{if gt .Reviews 5}}many reviews{{end}}{{end}}`))
			var out strings.Builder
			if err := set.ExecuteTemplate(&out, "base.html", page); err != nil || !strings.Contains(out.String(), tt.want) {
				t.Fatalf("the template does not print the count: %q, %v", out.String(), err)
			}
			if !readsCounts(set) {
				t.Errorf("readsCounts(%s) = false; it printed %q", tt.main, out.String())
			}
		})
	}
}

// TestScanCallsWithoutArguments checks that and and or called without
// arguments, which parse and fail only when run, do not crash the scans:
// Load runs them on every theme, a site's own templates included.
func TestScanCallsWithoutArguments(t *testing.T) {
	for _, main := range []string{`{{if and}}x{{end}}`, `{{or}}`} {
		t.Run(main, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("scanning %s panics: %v", main, r)
				}
			}()
			set := template.New("").Funcs(funcs)
			template.Must(set.New("base.html").Parse(`{{template "main" .}}`))
			template.Must(set.New("layout").Parse(`{{define "main"}}` + main + `{{end}}`))
			readsBodies(set)
			readsCounts(set)
		})
	}
}
