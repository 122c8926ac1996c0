package devserver

import (
	"fmt"
	"slices"
	"testing"

	"ssg/generator"
	"ssg/generator/output"
	"ssg/generator/site"
)

// TestSnapshotDiff checks that what newSnapshot finds changed and removed,
// which compare then reads instead of every file, is what looking at every
// file finds: new files, files with other bytes, files with the same bytes
// in another slice (not changed), and files gone.
func TestSnapshotDiff(t *testing.T) {
	kept := []byte("kept")
	prev := newSnapshot(&Snapshot{Files: map[string]*File{}}, &generator.Result{Site: &site.Site{}, Files: []output.File{
		{Path: "index.html", Data: kept},
		{Path: "style.css", Data: []byte("a {}")},
		{Path: "same.html", Data: []byte("same")},
		{Path: "gone.png", Data: []byte("png")},
		{Path: "gone.html", Data: []byte("page")},
	}})
	next := newSnapshot(prev, &generator.Result{Site: &site.Site{}, Files: []output.File{
		{Path: "index.html", Data: kept},
		{Path: "style.css", Data: []byte("b {}")},
		{Path: "same.html", Data: []byte("same")}, // new bytes, same content
		{Path: "new.svg", Data: []byte("<svg/>")},
	}})
	if next.Files["index.html"] != prev.Files["index.html"] {
		t.Error("a file whose bytes the build kept got a new entry")
	}
	got := compare(prev, next)
	// The same snapshots without their diff: compare looks at every file.
	bare := func(s *Snapshot) *Snapshot { return &Snapshot{Root: s.Root, Files: s.Files} }
	want := compare(bare(prev), bare(next))
	slices.Sort(got.assets)
	slices.Sort(want.assets)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("from newSnapshot's diff: %+v\nfrom every file: %+v", got, want)
	}
	if fmt.Sprint(want.assets) != "[/gone.png /new.svg]" || len(want.css) != 1 {
		t.Errorf("changes %+v; want style.css, and gone.png and new.svg as assets", want)
	}
	changed, removed := slices.Sorted(slices.Values(next.diff.changed)), slices.Sorted(slices.Values(next.diff.removed))
	if fmt.Sprint(changed, removed) != "[new.svg style.css] [gone.html gone.png]" {
		t.Errorf("diff changed %v, removed %v; want new.svg and style.css, gone.html and gone.png", changed, removed)
	}
}
