package devserver

import (
	"crypto/sha256"
	"maps"
	"slices"
	"sync/atomic"

	"ssg/generator"
)

// Snapshot is one successful build as the server shows it. Immutable once
// published: a rebuild makes a new one and swaps it in.
type Snapshot struct {
	Root  string           // URL path prefix of the site, from base_url: "" or "/blog"
	Files map[string]*File // by output path: "index.html", "reviews/x/index.html", "style.css"
	// id tells snapshots newSnapshot made apart (0 for others); diff,
	// when set, lists what differs from the one it was made from, so that
	// a rebuild's few changes are not looked for among every file again.
	id   uint64
	diff *diff
	// pending, when set, is closed once the rebuild that published this
	// snapshot early (with the pages in view rendered, the others not
	// yet) has ended; until then stale lists the pages it is still
	// rendering, which the handler holds back.
	pending chan struct{}
	stale   map[string]bool
	// pages, when set, holds back every page but those shown
	// (generator.Early.Unplanned): a page is a file with a Look.
	pages bool
	shown map[string]bool
}

// early makes the snapshot a rebuild publishes before it ends: prev with
// the new pages of e, holding back the pages e lists as stale. A page
// whose Look did not change differs only in its stylesheet links, which
// the rebuild's end swaps without a reload: it is held back too. When e
// is Unplanned, every other page is held back, as the rebuild did not
// know yet which change. early returns nil when no page is left to show.
func early(prev *Snapshot, e generator.Early) *Snapshot {
	next := &Snapshot{Root: prev.Root, id: snapshots.Add(1), diff: &diff{from: prev.id},
		pending: make(chan struct{}), stale: make(map[string]bool, len(e.Stale)), pages: e.Unplanned}
	for _, p := range e.Stale {
		next.stale[p] = true
	}
	shown := map[string]*File{}
	for _, f := range e.Files {
		nf := &File{Data: f.Data, Hash: sha256.Sum256(f.Data), Look: e.Looks[f.Path]}
		switch old := prev.Files[f.Path]; {
		case old != nil && old.Hash == nf.Hash:
			if e.Unplanned {
				shown[f.Path] = old // not held: the rebuild has it
			}
		case old != nil && old.Look == nf.Look && nf.Look != [32]byte{}:
			next.stale[f.Path] = true
		default:
			shown[f.Path] = nf
			next.diff.changed = append(next.diff.changed, f.Path)
		}
	}
	if len(next.diff.changed) == 0 {
		return nil
	}
	next.Files = maps.Clone(prev.Files)
	maps.Copy(next.Files, shown)
	if e.Unplanned {
		next.shown = make(map[string]bool, len(shown))
		for p := range shown {
			next.shown[p] = true
		}
	}
	return next
}

// showedEarly reports whether s was published early by a rebuild, with
// the output path name among the pages it showed that changed.
func (s *Snapshot) showedEarly(name string) bool {
	return s != nil && s.pending != nil && slices.Contains(s.diff.changed, name)
}

// holds reports whether a request for the output path name (empty when
// it resolves to nothing) must wait for the rebuild to end: the page is
// being rendered again, or may be a new one.
func (s *Snapshot) holds(name string) bool {
	switch {
	case s.pending == nil:
		return false
	case name == "":
	case s.pages:
		if f := s.Files[name]; s.shown[name] || f == nil || f.Look == [32]byte{} {
			return false
		}
	case !s.stale[name]:
		return false
	}
	select {
	case <-s.pending:
		return false
	default:
		return true
	}
}

// snapshots numbers the snapshots newSnapshot makes, from 1.
var snapshots atomic.Uint64

// diff is what differs between two snapshots.
type diff struct {
	from    uint64   // the older one's id; 0 when it has none
	changed []string // paths whose file is new or has other bytes
	removed []string // paths the older snapshot has and the newer lacks
}

// File is one output file of a snapshot.
type File struct {
	Data []byte
	Hash [32]byte // of Data
	// Look is the key of everything a page's output depends on except the
	// stylesheet URLs: two versions of a page with the same non-zero Look
	// differ only in their stylesheet links, so swapping the stylesheet shows
	// the new one without a reload. Zero for files that are not pages.
	Look [32]byte
}

// Problem is one build error as the browser overlay shows it.
type Problem struct {
	File    string `json:"file,omitempty"` // slash path from the site folder: "content/reviews/x.md"
	Line    int    `json:"line,omitempty"` // 1-based; 0 when unknown
	Message string `json:"message"`
}
