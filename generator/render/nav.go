package render

import "sync"

// Nav is the state of the site's main navigation on a page: which section
// the page belongs to, and which section's index it is itself. Pages in
// the same state share one Nav, so that a theme can render its header once
// per build ({{cached "site-header" .Nav}}) rather than on every page.
type Nav struct {
	// Root and Title are the site's (Info): a Nav holds no pointer to
	// it, whose Model would make every page's key reach every review.
	Root, Title string
	// Section is "reviews", "films", "ratings", "browse" or "search"; empty
	// on pages of none (404).
	Section string
	// Current is the section whose index this page is (for aria-current):
	// the first home page, any page of the films or ratings index, the
	// directors index, the search page; empty elsewhere.
	Current string
}

// sections maps a page's Kind to its Nav.Section.
var sections = map[string]string{
	"home": "reviews", "review": "reviews",
	"films": "films", "film": "films",
	"ratings": "ratings", "rating": "ratings",
	"terms": "browse", "term": "browse",
	"search": "search",
}

// navs hands out one Nav per state of the pages of one Info, whose Root
// and Title they share: by Section and Current.
type navs map[[2]string]*Nav

// of returns the Nav of p, whose Site and URL are set.
func (n navs) of(p *Page) *Nav {
	root := p.Site.Root
	v := Nav{Root: root, Title: p.Site.Title, Section: sections[p.Kind]}
	switch {
	case p.Kind == "home" && p.URL == root+"/":
		v.Current = "reviews"
	case p.Kind == "films", p.Kind == "ratings", p.Kind == "search":
		v.Current = v.Section
	case p.URL == root+"/directors/":
		v.Current = "browse"
	}
	state := [2]string{v.Section, v.Current}
	if nav, ok := n[state]; ok {
		return nav
	}
	nav := &v
	n[state] = nav
	return nav
}

// sharedNavs is navs for pages made on several goroutines.
type sharedNavs struct {
	mu sync.Mutex
	navs
}

func (n *sharedNavs) of(p *Page) *Nav {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.navs.of(p)
}
