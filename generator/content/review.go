package content

import (
	"html/template"
	"reflect"
	"time"

	"ssg/generator/markdown"
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
	// Pullquote is the front matter's pullquote, else the text of the
	// body's first blockquote marked [!pullquote]. Plain text without
	// spoilers.
	Pullquote string
	// Summary is the body's text before <!--more-->, else the front
	// matter's summary, else the body's first paragraph unless Spoilers
	// is set. Plain text without spoilers: an inline spoiler reads "…", a
	// spoiler block is left out.
	Summary string
	// PullquoteInBody and SummaryInBody report that Pullquote and
	// Summary come from the body, so a page showing the body shows them
	// already.
	PullquoteInBody, SummaryInBody bool
	Aliases                        []string

	// Lines holds the line of each film fact the front matter gives that
	// the site may warn about (placedKeys): runtime, cast, ids,
	// watch_also…
	Lines map[string]int

	// Params holds every front matter key ssg does not know, for templates.
	Params map[string]any

	// Body is the rendered markdown body. It is trusted HTML: raw HTML in
	// the source was escaped unless the site allows it.
	Body template.HTML
	// SpoilerFree is Body with each spoiler replaced by "[spoiler
	// hidden]", for wherever the review is shown away from its page
	// (feeds). Without spoilers it is Body itself, the same bytes.
	SpoilerFree template.HTML
	// Words counts the words of the rendered body, spoilers included.
	Words int
	// ReadingTime is how many minutes the body takes to read: Words at
	// WordsPerMinute, rounded up, at least 1.
	ReadingTime int
	// Hash is a hash of the file's bytes, and of its comment files' names
	// and bytes when it has comments, for caches.
	Hash [32]byte

	// Comments are the readers' comments that start a thread, oldest
	// first, each with its replies (see WithComments); CommentCount
	// counts them all, replies included.
	Comments     []*Comment
	CommentCount int
}

// SetBody sets r's Body and SpoilerFree from doc, its rendered markdown:
// Parse does, and so does a build that let go of them while it had no use
// for them. A function, not a method, so that templates cannot call it.
func SetBody(r *Review, doc *markdown.Document) {
	r.Body = template.HTML(doc.HTML)
	r.SpoilerFree = r.Body
	if doc.Spoilers > 0 {
		r.SpoilerFree = template.HTML(doc.Hidden)
	}
}

// bodyFields are the fields of Review that come from the markdown body,
// from the file as a whole or from its comment files, rather than from the
// front matter: only pages that print them change when they do.
var bodyFields = map[string]bool{"Body": true, "SpoilerFree": true, "Words": true, "Hash": true, "Comments": true, "CommentCount": true}

// WordsPerMinute is the reading speed ReadingTime assumes.
const WordsPerMinute = 230

// readingTime is how many minutes words take to read at WordsPerMinute,
// rounded up, at least 1.
func readingTime(words int) int {
	return max(1, (words+WordsPerMinute-1)/WordsPerMinute)
}

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
