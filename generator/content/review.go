package content

import (
	"html/template"
	"reflect"
	"time"

	"ssg/generator/rating"
)

// Review is one published or draft review, decoded and checked. Immutable.
type Review struct {
	File     string // slash path from the site root: content/reviews/x.md
	Slug     string // from the front matter's slug, else the file name
	Format   string // "YAML", "TOML" or "JSON": how the front matter was written
	Title    string // the review's headline
	Film     string
	Year     int // 0 when unknown
	Rating   *rating.Rating
	Date     time.Time
	Author   string
	Director []string // one or more; front matter may give a string or a list
	Cast     []string // the people, without their parts
	// Roles holds the part each of Cast plays, "" where the review names
	// none ("Carey Mulligan as Kathy"); nil when it names no part at all.
	Roles    []string
	Genres   []string
	Tags     []string
	Spoilers bool
	Draft    bool

	Runtime     int // minutes; 0 when unknown
	Certificate string
	Release     time.Time // zero when unknown
	Country     string
	Poster      string   // as written: a file beside the review (poster.jpg), a /path or a URL
	PosterLine  int      // the line of the poster field, for errors about its file
	IMDb        string   // "tt1334260", checked
	TMDB        string   // "37903", checked; "movie/37903" is read as 37903
	Letterboxd  string   // "never-let-me-go", checked
	WatchAlso   []string // films to see next, as written: "The Island (2005)"
	Pullquote   string
	Summary     string
	Aliases     []string

	// Lines holds the line of each film fact the front matter gives that
	// the site may warn about (placedKeys): runtime, cast, ids,
	// watch_also…
	Lines map[string]int

	// Params holds every front matter key ssg does not know, for templates.
	Params map[string]any

	// Body is the rendered markdown body. It is trusted HTML: raw HTML in
	// the source was escaped unless the site allows it.
	Body template.HTML
	// Words counts the words of the markdown body.
	Words int
	// Hash is a hash of the file's bytes, for caches.
	Hash [32]byte
}

// bodyFields are the fields of Review that come from the markdown body, or
// from the file as a whole, rather than from the front matter.
var bodyFields = map[string]bool{"Body": true, "Words": true, "Hash": true}

// BodyField reports whether Review's field name comes from the body.
func BodyField(name string) bool { return bodyFields[name] }

// Same reports whether a and b are equal in every field but those ignore
// names; a field added to Review is compared unless ignore names it.
func Same(a, b *Review, ignore func(field string) bool) bool {
	x, y := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	t := x.Type()
	for i := range t.NumField() {
		if !ignore(t.Field(i).Name) && !reflect.DeepEqual(x.Field(i).Interface(), y.Field(i).Interface()) {
			return false
		}
	}
	return true
}
