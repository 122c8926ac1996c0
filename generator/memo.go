package generator

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"errors"
	"io"
	"maps"
	"slices"
	"sync"

	"ssg/generator/cachefile"
	"ssg/generator/markdown"
)

// memo renders bodies as its Markdown does, reusing the Documents that an
// earlier run rendered and saved in a cache file (reuse), and saving every
// Document it returns in a new one (saveTo): a build that finds most
// reviews unchanged parses only the others' markdown. A body is known by
// its bytes and footnote prefix; the cache file's header must tell apart
// whatever else changes the output (the Markdown's options, the program).
// Documents with problems are not kept. A memo is safe for concurrent use.
//
// Records are written in the order the bodies were handed out (memo.body),
// whichever finishes first, so that the same reviews give the same file
// whatever the number of cores: the file lies in the output folder.
type memo struct {
	md *markdown.Markdown

	old  io.ReaderAt                 // the earlier run's file, nil without one
	seen map[[32]byte]cachefile.Span // its records, by key
	bufs sync.Pool                   // for reading old records
	// spills is set when the caller reads every published body back
	// through document when its pages render, and never shows the others
	// (a one-shot build): Render then returns a body found in the old file
	// without its HTML, which would be dropped unread.
	spills bool

	mu     sync.Mutex          // guards what follows
	out    *cachefile.Writer   // nil when not saving
	file   io.ReaderAt         // what out writes, to read records back
	used   map[[32]byte]record // the records saved, by key
	reused []cachefile.Span    // old records used, copied to out by flush
	fail   error               // the first failure to read the old file
	// Bodies are numbered as handed out; a settled body waits in pending
	// until every body before it is settled too, then its record goes out.
	handed  int
	next    int
	pending map[int]*body
}

// record is where a saved document lies: in the old file, or in the new
// one (once sync has flushed it).
type record struct {
	old  bool
	span cachefile.Span
}

// newMemo returns a memo rendering with md, with nothing to reuse and
// nothing saved.
func newMemo(md *markdown.Markdown) *memo {
	return &memo{md: md, used: map[[32]byte]record{}, pending: map[int]*body{},
		bufs: sync.Pool{New: func() any { return new([]byte) }}}
}

// reuse indexes the Documents in f, a cache file of size bytes written by
// saveTo with the same header. f is read again as Render needs its records;
// it must stay open until rendering is done. It returns
// cachefile.ErrStale for a file written with another header, and an error
// for a damaged one; the memo then renders everything.
func (m *memo) reuse(f io.ReaderAt, size int64, header []byte) error {
	r, err := cachefile.NewReader(io.NewSectionReader(f, 0, size), size, header)
	if err != nil {
		return err
	}
	seen := map[[32]byte]cachefile.Span{}
	for {
		rec, at, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		var key [32]byte
		if len(rec) < len(key) {
			return errBadRecord
		}
		copy(key[:], rec)
		seen[key] = at
	}
	m.old, m.seen = f, seen
	return nil
}

// saveTo writes every published Document from now on to f, a new cache
// file with header, which document reads back. Call flush when rendering
// is done.
func (m *memo) saveTo(f interface {
	io.Writer
	io.ReaderAt
}, header []byte) {
	m.out, m.file = cachefile.NewWriter(f, header), f
}

// sync writes out every record published so far, those still waiting
// for a body before them that was never settled too, so that document can
// read them.
func (m *memo) sync() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.out == nil {
		return nil
	}
	m.drain()
	return m.out.Flush()
}

// drain places the records of every pending body, in order, as if the
// bodies before them that were not settled had nothing to publish. Called
// with m.mu held.
func (m *memo) drain() {
	waiting := slices.Sorted(maps.Keys(m.pending))
	for _, n := range waiting {
		if b := m.pending[n]; b.published {
			m.place(b)
		}
		delete(m.pending, n)
	}
	m.next = m.handed
}

// document reads back the document of b, published, after sync.
func (m *memo) document(b *body) (*markdown.Document, error) {
	m.mu.Lock()
	key, rec, placed := b.key, b.at, b.placed
	m.mu.Unlock()
	if !placed {
		return nil, errors.New("cache file: a document was not saved")
	}
	f := m.file
	if rec.old {
		f = m.old
	}
	raw := make([]byte, rec.span.Len)
	if _, err := f.ReadAt(raw, rec.span.Off); err != nil {
		return nil, err
	}
	data, ok := cachefile.Check(raw)
	if !ok {
		return nil, errBadRecord
	}
	return decodeDocument(key, data, false)
}

// flush finishes the file saveTo started. When every Document came from the
// reused file, and every one of its records was used, it reports same and
// writes nothing more: the caller keeps the old file instead. Otherwise it
// copies the records used from the old file into the new one, after the
// Documents rendered afresh. It returns the first error of writing.
func (m *memo) flush() (same bool, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.out == nil {
		return false, nil
	}
	m.drain()
	if len(m.reused) == len(m.used) && len(m.reused) == len(m.seen) && m.fail == nil {
		return true, nil
	}
	slices.SortFunc(m.reused, func(a, b cachefile.Span) int { return cmp.Compare(a.Off, b.Off) })
	var buf []byte
	for _, s := range m.reused {
		buf = slices.Grow(buf[:0], s.Len)[:s.Len]
		if _, err := m.old.ReadAt(buf, s.Off); err != nil {
			return false, err
		}
		rec, ok := cachefile.Check(buf)
		if !ok {
			return false, errBadRecord
		}
		m.out.Add(rec)
	}
	return false, m.out.Flush()
}

// body returns a Renderer for one review's body that saves its document
// only when told the review is published (body.publish): the cache lies
// in the output folder, which is deployed, so it must hold no draft's or
// future review's text. Every body must then be settled, by publish or
// drop, in any order: records go out in the order of body's calls.
func (m *memo) body() *body {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := &body{m: m, seq: m.handed}
	m.handed++
	return b
}

// body renders one review's body through a memo.
type body struct {
	m    *memo
	seq  int // its place among the memo's bodies
	key  [32]byte
	rec  []byte         // the record made afresh, or
	old  cachefile.Span // the reused one
	done bool           // rendered, without problems
	// Set under m.mu: settled by publish or drop; published; placed once
	// its record is in the new file or found in the old, at at.
	settled, published, placed bool
	at                         record
}

// Render renders src as markdown.Markdown.Render does, or returns the
// Document an earlier run rendered from the same src and idPrefix. The
// Document is the caller's.
func (b *body) Render(src []byte, idPrefix string) *markdown.Document {
	m := b.m
	h := sha256.New()
	h.Write([]byte(idPrefix))
	h.Write([]byte{0})
	h.Write(src)
	var key [32]byte
	h.Sum(key[:0])
	if s, ok := m.seen[key]; ok {
		if d := m.read(key, s, m.spills && m.out != nil); d != nil {
			b.key, b.old, b.done = key, s, true
			return d
		}
	}
	d := m.md.Render(src, idPrefix)
	if len(d.Problems) == 0 && m.out != nil {
		b.key, b.rec, b.done = key, encodeDocument(key, d), true
	}
	return d
}

// publish saves the document Render returned in the new cache file, to be
// read back by document after sync; false when it will not be saved (it
// had problems, or the memo saves nothing).
func (b *body) publish() bool {
	ok := b.done && b.m.out != nil
	b.m.settle(b, ok)
	return ok
}

// drop settles a body whose document is not to be saved: its review is a
// draft, or failed to parse. Dropping a settled body does nothing.
func (b *body) drop() { b.m.settle(b, false) }

// settle notes that b is settled, and places the records of the bodies
// whose turn has come.
func (m *memo) settle(b *body, publish bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b.settled {
		return
	}
	b.settled, b.published = true, publish
	if b.seq < m.next { // after a drain
		if publish {
			m.place(b)
		}
		return
	}
	m.pending[b.seq] = b
	for {
		p, ok := m.pending[m.next]
		if !ok {
			return
		}
		delete(m.pending, m.next)
		m.next++
		if p.published {
			m.place(p)
		}
	}
}

// read decodes the record at s, checking that it holds key; it returns
// nil when it cannot.
func (m *memo) read(key [32]byte, s cachefile.Span, withoutHTML bool) *markdown.Document {
	bp := m.bufs.Get().(*[]byte)
	defer m.bufs.Put(bp)
	if cap(*bp) < s.Len {
		*bp = make([]byte, s.Len)
	}
	raw := (*bp)[:s.Len]
	if _, err := m.old.ReadAt(raw, s.Off); err != nil {
		m.failed(err)
		return nil
	}
	rec, ok := cachefile.Check(raw)
	if !ok {
		m.failed(errBadRecord)
		return nil
	}
	d, err := decodeDocument(key, rec, withoutHTML)
	if err != nil {
		m.failed(err)
		return nil
	}
	return d
}

func (m *memo) failed(err error) {
	m.mu.Lock()
	if m.fail == nil {
		m.fail = err
	}
	m.mu.Unlock()
}

// place adds the record of b to the new file once per key: made afresh,
// at once; the old file's, by flush. It notes where the record can be
// read back. Called with m.mu held.
func (m *memo) place(b *body) {
	r, ok := m.used[b.key]
	switch {
	case ok:
	case b.rec != nil:
		r = record{span: m.out.Add(b.rec)}
	default:
		r = record{old: true, span: b.old}
		m.reused = append(m.reused, b.old)
	}
	m.used[b.key] = r
	b.at, b.placed, b.rec = r, true, nil
}

var errBadRecord = errors.New("cache file: a document's record is damaged")

// encodeDocument makes the cache record of d, rendered from the body
// known by key. Hidden is kept only when it differs from HTML.
func encodeDocument(key [32]byte, d *markdown.Document) []byte {
	e := cachefile.Encoder{B: make([]byte, 0, 64+len(d.HTML)+len(d.Hidden)+len(d.More)+len(d.Lead)+len(d.Pullquote))}
	e.B = append(e.B, key[:]...)
	e.Bytes(d.HTML)
	if d.Spoilers > 0 {
		e.Bytes(d.Hidden)
	} else {
		e.Bytes(nil)
	}
	e.Uint(uint64(d.Spoilers))
	e.Uint(uint64(d.Words))
	e.String(d.More)
	e.String(d.Lead)
	e.String(d.Pullquote)
	return e.B
}

// decodeDocument reads a record made by encodeDocument for key, copying
// what it keeps out of rec; withoutHTML leaves out the body's HTML, with
// and without spoilers, and keeps what a review takes from it (words,
// summary, pull quote, spoiler count).
func decodeDocument(key [32]byte, rec []byte, withoutHTML bool) (*markdown.Document, error) {
	dec := cachefile.NewDecoder(rec)
	var got [32]byte
	dec.Fixed(got[:])
	d := &markdown.Document{HTML: dec.Bytes()}
	hidden := dec.Bytes()
	spoilers, words := dec.Uint(), dec.Uint()
	d.More, d.Lead, d.Pullquote = dec.String(), dec.String(), dec.String()
	if err := dec.Err(); err != nil {
		return nil, err
	}
	if got != key || spoilers > uint64(len(rec)) || words > uint64(len(rec)) || (spoilers == 0) != (len(hidden) == 0) {
		return nil, errBadRecord
	}
	d.Spoilers, d.Words = int(spoilers), int(words)
	switch {
	case withoutHTML:
		d.HTML, hidden = nil, nil
	case len(d.HTML) == 0:
		d.HTML = nil // as Render leaves an empty body
	default:
		d.HTML = bytes.Clone(d.HTML)
	}
	d.Hidden = d.HTML
	if d.Spoilers > 0 {
		d.Hidden = bytes.Clone(hidden)
	}
	return d, nil
}
