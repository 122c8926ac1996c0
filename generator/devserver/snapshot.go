package devserver

import "sync/atomic"

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
