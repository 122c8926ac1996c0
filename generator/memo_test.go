package generator

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"ssg/generator/cachefile"
	"ssg/generator/markdown"
)

// markdownBodies returns every in.md of markdown/testdata with its footnote prefix.
func markdownBodies(t testing.TB) (srcs [][]byte, prefixes []string) {
	files, err := filepath.Glob("markdown/testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, af := range ar.Files {
			if strings.HasSuffix(af.Name, "in.md") {
				srcs = append(srcs, af.Data)
				prefixes = append(prefixes, strings.TrimSuffix(af.Name, "in.md"))
			}
		}
	}
	return srcs, prefixes
}

// TestMemo checks that a memo gives what Markdown renders, whether it
// renders a body or reads it back from an earlier run's file; that a run
// rendering the same bodies again says its file would be the same; that
// bodies not published are not saved; that
// a file written with another header, or a damaged record, is not used.
func TestMemo(t *testing.T) {
	md := markdown.New(markdown.Options{})
	srcs, prefixes := markdownBodies(t)
	srcs = append(srcs, nil, []byte(":::spoiler\nnever closed\n"))
	prefixes = append(prefixes, "empty", "unclosed")
	want := make([]*markdown.Document, len(srcs))
	for i, src := range srcs {
		want[i] = md.Render(src, prefixes[i])
	}
	// One body is never published: it must not reach the file.
	unpublished := 1
	secret := string(want[unpublished].HTML)
	run := func(old []byte, header string, from int) ([]byte, bool, error) {
		t.Helper()
		m := newMemo(md)
		var reuseErr error
		if old != nil {
			reuseErr = m.reuse(bytes.NewReader(old), int64(len(old)), []byte(header))
		}
		out, err := os.Create(filepath.Join(t.TempDir(), "docs"))
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		m.saveTo(out, []byte(header))
		saved := map[int]*body{}
		for i := from; i < len(srcs); i++ {
			b := m.body()
			if got := b.Render(srcs[i], prefixes[i]); !reflect.DeepEqual(got, want[i]) {
				t.Errorf("%s: the memo's document differs from Render's:\n%q\n%q", prefixes[i], got.HTML, want[i].HTML)
			}
			if i == unpublished {
				continue
			}
			if b.publish() {
				saved[i] = b
			}
		}
		// What was saved reads back, from either file, before flush.
		if err := m.sync(); err != nil {
			t.Fatal(err)
		}
		for i, b := range saved {
			if got, err := m.document(b); err != nil || !reflect.DeepEqual(got, want[i]) {
				t.Errorf("%s: read back %v (%v)", prefixes[i], got, err)
			}
		}
		kept := 0 // published, without problems
		for i := from; i < len(srcs); i++ {
			if i != unpublished && len(want[i].Problems) == 0 {
				kept++
			}
		}
		if len(saved) != kept {
			t.Errorf("%d documents saved, want %d", len(saved), kept)
		}
		same, err := m.flush()
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(out.Name())
		if err != nil {
			t.Fatal(err)
		}
		return data, same, reuseErr
	}
	first, same, _ := run(nil, "h", 0)
	if same {
		t.Error("a first run reports the same file as none")
	}
	if strings.Contains(string(first), secret) {
		t.Error("an unpublished body was saved")
	}
	if _, same, err := run(first, "h", 0); !same || err != nil {
		t.Errorf("the same bodies again: same = %v, %v", same, err)
	}
	fewer, same, _ := run(first, "h", 1)
	if same || len(fewer) >= len(first) {
		t.Errorf("fewer bodies: same = %v, %d bytes after %d", same, len(fewer), len(first))
	}
	if _, same, _ := run(fewer, "h", 1); !same {
		t.Error("the file written from reused records is not read back whole")
	}
	if _, same, err := run(first, "other", 0); same || !errors.Is(err, cachefile.ErrStale) {
		t.Errorf("another header: same = %v, %v", same, err)
	}
	damaged := bytes.Clone(first)
	damaged[len(damaged)-10] ^= 1
	if _, same, err := run(damaged, "h", 0); same || err == nil {
		t.Errorf("a damaged file: same = %v, %v", same, err)
	}
}

// FuzzDecodeDocument checks that any record decodes to a Document or an
// error, never a panic, that a Document's record decodes to it, and that
// decoding it without its HTML gives the same Document but for the HTML.
func FuzzDecodeDocument(f *testing.F) {
	md := markdown.New(markdown.Options{})
	var key [32]byte
	srcs, prefixes := markdownBodies(f)
	for i, src := range srcs {
		f.Add(encodeDocument(key, md.Render(src, prefixes[i])))
	}
	f.Fuzz(func(t *testing.T, rec []byte) {
		d, err := decodeDocument(key, rec, false)
		if err != nil {
			if _, err2 := decodeDocument(key, rec, true); err2 == nil {
				t.Fatalf("%q: an error with its HTML (%v), none without", rec, err)
			}
			return
		}
		again, err := decodeDocument(key, encodeDocument(key, d), false)
		if err != nil || !reflect.DeepEqual(again, d) {
			t.Fatalf("decoded %+v from %q; its record decodes to %+v, %v", d, rec, again, err)
		}
		bare, err := decodeDocument(key, rec, true)
		want := *d
		want.HTML, want.Hidden = nil, nil
		if err != nil || !reflect.DeepEqual(*bare, want) {
			t.Fatalf("decoded without HTML from %q: %+v, %v; want %+v", rec, bare, err, want)
		}
	})
}

// TestMemoWritesInHandedOrder checks that a memo's file holds its records
// in the order the bodies were handed out, whatever order they are
// rendered and settled in, so that builds on any number of cores write
// the same file; and that a body never settled does not hold the others
// back at sync.
func TestMemoWritesInHandedOrder(t *testing.T) {
	md := markdown.New(markdown.Options{})
	srcs, prefixes := markdownBodies(t)
	file := func(order []int, unsettled int) []byte {
		t.Helper()
		m := newMemo(md)
		out, err := os.Create(filepath.Join(t.TempDir(), "docs"))
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		m.saveTo(out, []byte("h"))
		bodies := make([]*body, len(srcs))
		for i := range srcs {
			bodies[i] = m.body()
		}
		published := map[int]bool{}
		for _, i := range order {
			bodies[i].Render(srcs[i], prefixes[i])
			switch {
			case i == unsettled:
			case i%3 == 2:
				bodies[i].drop() // a draft
			default:
				published[i] = bodies[i].publish() // false for a body with problems
			}
		}
		if len(published) < 2 {
			t.Fatalf("only %d bodies published", len(published))
		}
		if err := m.sync(); err != nil {
			t.Fatal(err)
		}
		for i, b := range bodies {
			if !published[i] {
				continue
			}
			if _, err := m.document(b); err != nil {
				t.Errorf("%s: not read back: %v", prefixes[i], err)
			}
		}
		if _, err := m.flush(); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(out.Name())
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	if len(srcs) < 4 {
		t.Fatalf("only %d bodies in markdown/testdata", len(srcs))
	}
	inOrder := make([]int, len(srcs))
	reversed := make([]int, len(srcs))
	for i := range srcs {
		inOrder[i], reversed[i] = i, len(srcs)-1-i
	}
	if a, b := file(inOrder, -1), file(reversed, -1); !bytes.Equal(a, b) {
		t.Errorf("bodies settled in reverse order write another file (%d and %d bytes)", len(a), len(b))
	}
	// Body 0 is never settled: the others are written at sync all the same.
	if a, b := file(inOrder[1:], 0), file(reversed[:len(srcs)-1], 0); !bytes.Equal(a, b) {
		t.Errorf("with a body never settled, reverse order writes another file (%d and %d bytes)", len(a), len(b))
	}
}
