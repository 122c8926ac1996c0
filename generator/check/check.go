package check

import (
	"cmp"
	"fmt"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"

	"ssg/generator/output"
)

// Report is what Site found.
type Report struct {
	// Problems are sorted by path, then text. A problem that several files
	// share (a broken link in the theme, on every page) is listed once,
	// at the first of them by path.
	Problems []Problem
	Files    int // the pages, feeds, sitemaps and robots.txt read for links
	Links    int // the links into the site among them, all checked
}

// Problem is one thing wrong with the site: "link /films/nope/: no such
// page" in "reviews/x/index.html".
type Problem struct {
	Path   string // the output file, a slash path: "reviews/x/index.html"
	Text   string // what is wrong
	Others int    // how many other files have the same problem
}

// String is "path: text", saying how many other files have it too.
func (p Problem) String() string {
	s := p.Path + ": " + p.Text
	switch {
	case p.Others == 1:
		s += " (and in 1 other file)"
	case p.Others > 1:
		s += " (and in " + strconv.Itoa(p.Others) + " other files)"
	}
	return s
}

// Site checks the links of files, a whole built site, whose public URL is
// baseURL ("https://example.com/blog", as generator.Result.BaseURL has it;
// empty when the site has none, and then only links without a host are
// known to lead into the site).
func Site(files []output.File, baseURL string) (*Report, error) {
	c, err := newChecker(files, baseURL)
	if err != nil {
		return nil, err
	}
	found := make([]found, len(files))
	g := new(errgroup.Group)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range files {
		g.Go(func() error {
			c.scan(i, &found[i])
			return nil
		})
	}
	g.Wait()
	rep := &Report{}
	for i := range found {
		f := &found[i]
		if f.read {
			rep.Files++
		}
		rep.Links += f.links
		for _, r := range f.frags {
			if !hasID(found[r.target].ids, r.frag) {
				where := "on this page"
				if r.target != i {
					where = "in " + files[r.target].Path
				}
				f.problem("link %s: no element with id %q %s", show(r.link), r.frag, where)
			}
		}
	}
	rep.Problems = collect(files, found)
	return rep, nil
}

// collect lists each distinct problem once, at the first file by path
// that has it, sorted by path and text.
func collect(files []output.File, found []found) []Problem {
	order := make([]int, len(files))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(files[a].Path, files[b].Path) })
	var list []Problem
	at := map[string]int{} // text → index in list
	for _, i := range order {
		texts := found[i].problems
		slices.Sort(texts)
		for _, t := range slices.Compact(texts) {
			if k, ok := at[t]; ok {
				list[k].Others++
				continue
			}
			at[t] = len(list)
			list = append(list, Problem{Path: files[i].Path, Text: t})
		}
	}
	slices.SortFunc(list, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Text, b.Text))
	})
	return list
}

// checker holds what every file's links are checked against. It is not
// changed once made.
type checker struct {
	files []output.File
	index map[string]int // output path → index in files
	// site is the site's scheme and host, from base_url; without one, a
	// scheme no link can have, with no host, so that only links without
	// a scheme or host resolve into the site.
	site *url.URL
	root string // base_url's path, unescaped, without its final slash: "/blog", or ""
	// shown is base_url's path as a problem shows it: escaped, ending in
	// a slash.
	shown string
}

// noSite is the scheme of the site's URL when it has no base_url.
const noSite = "ssg-check-site"

func newChecker(files []output.File, baseURL string) (*checker, error) {
	c := &checker{files: files, index: make(map[string]int, len(files))}
	for i, f := range files {
		c.index[f.Path] = i
	}
	if baseURL == "" {
		c.site = &url.URL{Scheme: noSite}
		return c, nil
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("base URL %q: want an absolute http(s) URL", baseURL)
	}
	c.site = &url.URL{Scheme: u.Scheme, Host: u.Host}
	c.root = strings.TrimRight(u.Path, "/")
	c.shown = strings.TrimRight(u.EscapedPath(), "/") + "/"
	return c, nil
}

// pageURL is the URL a file is served at: a folder's URL for an
// index.html, so that its relative links resolve as a browser's do.
func (c *checker) pageURL(p string) *url.URL {
	u := *c.site
	switch {
	case p == "index.html":
		u.Path = c.root + "/"
	case strings.HasSuffix(p, "/index.html"):
		u.Path = c.root + "/" + strings.TrimSuffix(p, "index.html")
	default:
		u.Path = c.root + "/" + p
	}
	return &u
}

// found is what one file gives: written only by the goroutine that reads
// it, then by Site.
type found struct {
	read     bool                // the file was read for links
	ids      map[string]struct{} // its ids and anchors' names (HTML and SVG)
	links    int                 // links into the site
	problems []string
	frags    []fragment // links with a fragment, to check once every file's ids are known
}

// fragment is a link to an id of the file at target.
type fragment struct {
	target int
	frag   string // as written, without its #
	link   string // the link, as written
}

func (f *found) problem(format string, args ...any) {
	f.problems = append(f.problems, fmt.Sprintf(format, args...))
}

// scan reads the links and ids of file i into f.
func (c *checker) scan(i int, f *found) {
	p := c.files[i].Path
	data := c.files[i].Data
	base := c.pageURL(p)
	switch ext := path.Ext(p); {
	case ext == ".html" || ext == ".htm":
		f.read = true
		c.scanHTML(i, f, data, base)
	case ext == ".svg":
		f.ids = svgIDs(data)
	case ext == ".xml":
		f.read = c.scanXML(i, f, data, base)
	case path.Base(p) == "feed.json":
		f.read = c.scanJSONFeed(i, f, data, base)
	case p == "robots.txt":
		f.read = true
		c.scanRobots(i, f, data, base)
	}
}

// link checks one link of file i, written as raw and resolved against
// base.
func (c *checker) link(i int, f *found, raw string, base *url.URL) {
	raw = clean(raw)
	if raw == "" {
		return // the page itself
	}
	u, err := url.Parse(raw)
	if err != nil {
		if scheme, _, ok := strings.Cut(raw, ":"); ok && validScheme(scheme) &&
			!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") {
			return // another scheme's business
		}
		f.problem("link %s: not a valid URL", show(raw))
		return
	}
	t := base.ResolveReference(u)
	if !c.inSite(t) {
		return
	}
	f.links++
	p := t.Path
	if p == "" {
		p = "/"
	}
	rel, ok := c.relative(p)
	if !ok && u.Host != "" {
		// Written with the host: another part of a site the blog lives
		// in (https://example.com/about/ beside /blog/), not checked.
		f.links--
		return
	}
	if !ok {
		f.problem("link %s: outside the site, whose path is %s", show(raw), c.shown)
		return
	}
	target, ok := c.find(rel)
	if !ok {
		what := "no such file"
		if rel == "" || strings.HasSuffix(rel, "/") || strings.HasSuffix(rel, ".html") {
			what = "no such page"
		}
		if u.Scheme == "" && !strings.HasPrefix(raw, "/") {
			what += " (" + t.EscapedPath() + ")" // where a relative link led
		}
		f.problem("link %s: %s", show(raw), what)
		return
	}
	if _, frag, ok := strings.Cut(raw, "#"); ok && hasIDs(c.files[target].Path) {
		f.frags = append(f.frags, fragment{target: target, frag: frag, link: raw})
	}
}

// inSite reports whether u, resolved, leads into the site: to its host
// (by http or https), or, without base_url, to no host at all.
func (c *checker) inSite(u *url.URL) bool {
	if c.site.Scheme == noSite {
		return u.Scheme == noSite && u.Host == ""
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return false
	}
	return strings.EqualFold(hostPort(u), hostPort(c.site))
}

// hostPort is u's host with the port its scheme implies.
func hostPort(u *url.URL) string {
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return host + ":" + port
}

// relative turns a URL path in the site into an output path, "" for the
// root; false when it is outside base_url's path.
func (c *checker) relative(p string) (string, bool) {
	if c.root != "" {
		if p == c.root {
			return "", true
		}
		rest, ok := strings.CutPrefix(p, c.root)
		if !ok || !strings.HasPrefix(rest, "/") {
			return "", false
		}
		p = rest
	}
	return p[1:], true
}

// find returns the file a URL path reaches: a folder's index.html, a file,
// or the index.html of a folder named without its final slash, which hosts
// (and ssg serve) redirect to the folder.
func (c *checker) find(rel string) (int, bool) {
	if rel == "" || strings.HasSuffix(rel, "/") {
		i, ok := c.index[rel+"index.html"]
		return i, ok
	}
	if i, ok := c.index[rel]; ok {
		return i, true
	}
	i, ok := c.index[rel+"/index.html"]
	return i, ok
}

// hasIDs reports whether fragments of links to the file at p name ids:
// HTML pages and SVG pictures. Others (a feed, a JPEG's media fragment)
// are not checked.
func hasIDs(p string) bool {
	switch path.Ext(p) {
	case ".html", ".htm", ".svg":
		return true
	}
	return false
}

// hasID reports whether a fragment leads somewhere on a page with ids, as
// a browser finds it: the id as written, else percent-decoded; an empty
// fragment or "top" is the top of the page; a text directive (":~:") is
// left out.
func hasID(ids map[string]struct{}, frag string) bool {
	frag, _, _ = strings.Cut(frag, ":~:")
	if frag == "" {
		return true
	}
	if _, ok := ids[frag]; ok {
		return true
	}
	if d, err := url.PathUnescape(frag); err == nil {
		if _, ok := ids[d]; ok {
			return true
		}
		frag = d
	}
	return strings.EqualFold(frag, "top")
}

// clean is a URL as a browser reads an attribute's: without white space
// around it, nor tabs or line breaks within.
func clean(s string) string {
	s = strings.Trim(s, " \t\n\f\r")
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	return s
}

// validScheme reports whether s can be a URL's scheme.
func validScheme(s string) bool {
	for i, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case i > 0 && ('0' <= r && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// show is a link as a problem names it: quoted when it would not read as
// one word.
func show(link string) string {
	if link == "" || strings.ContainsAny(link, " \"'") || strconv.Quote(link) != `"`+link+`"` {
		return strconv.Quote(link)
	}
	return link
}
