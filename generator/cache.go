package generator

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"ssg/generator/cachefile"
	"ssg/generator/content"
	"ssg/generator/markdown"
	"ssg/generator/output"
	"ssg/generator/render"
	"ssg/generator/site"
)

// diskCache is what ssg build keeps in the output folder between runs
// (output.CacheDir), so that a build after a small change, or none, does
// a small part of the work:
//
//   - "docs": every published review body's rendered markdown (memo), so
//     that only new and edited bodies are parsed; while the build runs, it
//     also holds the bodies the build lets go of between parsing a review
//     and rendering its pages (most of a large blog's memory);
//   - "pages": every page's key with the stamp (size, modification time) of
//     the file written from it, so that a page whose key did not change and
//     whose file still has its stamp is neither rendered nor compared.
//
// Both are valid only for the program that wrote them: the header of each
// holds the executable's hash, with the settings the file depends on. A
// missing, stale or damaged cache only costs time: the build does
// everything, and writes a new one.
type diskCache struct {
	w   *output.Writer
	exe [32]byte
	log *slog.Logger

	docs    *memo
	oldDocs *os.File // the last build's docs file, read while reviews load
	newDocs *os.File

	pages map[string]pageStamp // the last build's, once read
	// jobs and keyed are this build's pages and the indexes of those
	// rendered, whose keys the next build may trust.
	jobs  []render.Job
	keyed []int

	mu     sync.Mutex
	bodies map[string]*body // by review file: bodies let go of while loading, published
}

// spill notes that the body of the review file f was let go of: b, which
// was published, can read it back.
func (c *diskCache) spill(f string, b *body) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bodies == nil {
		c.bodies = map[string]*body{}
	}
	c.bodies[f] = b
}

// restorer returns a function that reads back the bodies of reviews that
// were let go of; nil when none was. A body the cache cannot give back
// (writing it failed: a full disk) is made again by reparse, which parses
// the review's file afresh.
func (c *diskCache) restorer(reparse func(file string) (*content.Review, error)) func([]*site.Review) error {
	if c == nil || len(c.bodies) == 0 {
		return nil
	}
	synced := c.docs.sync()
	if synced != nil {
		c.log.Debug("markdown cache not saved; bodies are parsed again", "err", synced)
	}
	return func(reviews []*site.Review) error {
		for _, r := range reviews {
			b, ok := c.bodies[r.File]
			if !ok {
				continue
			}
			if synced == nil {
				if doc, err := c.docs.document(b); err == nil {
					content.SetBody(r.Review, doc)
					continue
				}
			}
			again, err := reparse(r.File)
			if err != nil {
				return fmt.Errorf("reading the body of %s again: %w", r.File, err)
			}
			r.Body, r.SpoilerFree = again.Body, again.SpoilerFree
		}
		return nil
	}
}

// pageStamp is a page's key and the stamp of the file written from it.
type pageStamp struct {
	key   render.Key
	stamp output.Stamp
}

// Cache file names, in output.CacheDir.
const (
	docsCache  = "docs"
	pagesCache = "pages"
)

// openCache starts the cache of a build writing through w. It returns nil
// when the running program cannot be hashed: without knowing which
// program wrote a cache, none can be trusted.
func openCache(w *output.Writer, log *slog.Logger) *diskCache {
	exe, err := executableSum()
	if err != nil {
		log.Debug("no build cache", "err", err)
		return nil
	}
	return &diskCache{w: w, exe: exe, log: log}
}

// executableSum hashes the running program's file: on Linux through
// /proc/self/exe, which is the file running even when its path has since
// been given to another (go install, an upgrade during a build).
func executableSum() ([32]byte, error) {
	var sum [32]byte
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		p, perr := os.Executable()
		if perr != nil {
			return sum, perr
		}
		if f, err = os.Open(p); err != nil {
			return sum, err
		}
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
}

// header makes a cache file's header: the kind of file, the program and
// what else the records depend on.
func (c *diskCache) header(kind string, deps ...string) []byte {
	h := append([]byte(kind+"\x00"), c.exe[:]...)
	for _, d := range deps {
		h = append(h, 0)
		h = append(h, d...)
	}
	return h
}

// memo starts the cache of reviews' bodies rendered by md, made with
// opts (the records hold for those options only), reusing the
// last build's documents and saving this build's published ones.
func (c *diskCache) memo(md *markdown.Markdown, opts markdown.Options) {
	c.closeDocs()
	c.docs = newMemo(md)
	header := c.header(docsCache, strconv.FormatBool(opts.UnsafeHTML), opts.Root)
	if f, err := c.w.OpenCache(docsCache); err == nil {
		info, err := f.Stat()
		if err == nil {
			err = c.docs.reuse(f, info.Size(), header)
		}
		if err != nil {
			c.log.Debug("markdown cache not used", "err", err)
			f.Close()
		} else {
			c.oldDocs = f
		}
	}
	f, err := c.w.CreateCache(docsCache)
	if err != nil {
		c.log.Debug("markdown cache not saved", "err", err)
		return
	}
	c.newDocs = f
	c.docs.saveTo(f, header)
}

// closeDocs closes the docs files of an earlier memo.
func (c *diskCache) closeDocs() {
	if c.oldDocs != nil {
		c.oldDocs.Close()
		c.oldDocs = nil
	}
	if c.newDocs != nil {
		c.newDocs.Close()
		c.w.DropCache(docsCache)
		c.newDocs = nil
	}
}

// fresh filters todo, indexes in jobs, down to the pages that must be
// rendered: those whose key changed since the last build, or whose file
// is no longer as that build wrote it. The others count as unchanged
// output. deps say what else the keys depend on.
func (c *diskCache) fresh(jobs []render.Job, todo []int, deps ...string) []int {
	// Only rendered pages are kept: a page that a static file replaces
	// must be rendered when the file goes.
	c.jobs, c.keyed = jobs, todo
	c.pages = c.readPages(c.header(pagesCache, deps...))
	if len(c.pages) == 0 {
		return todo
	}
	stale := make([]bool, len(todo))
	var next atomic.Int64
	var g sync.WaitGroup
	for range output.Workers() {
		g.Go(func() {
			for n := int(next.Add(1)) - 1; n < len(todo); n = int(next.Add(1)) - 1 {
				j := jobs[todo[n]]
				old, ok := c.pages[j.Path]
				stale[n] = !ok || old.key != j.Key || !c.w.Fresh(j.Path, old.stamp)
			}
		})
	}
	g.Wait()
	var out []int
	for n, i := range todo {
		if stale[n] {
			out = append(out, i)
		}
	}
	return out
}

// readPages reads the last build's pages file, written with header; nil
// when there is none or it cannot be used.
func (c *diskCache) readPages(header []byte) map[string]pageStamp {
	f, err := c.w.OpenCache(pagesCache)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			c.log.Debug("page cache not used", "err", err)
		}
		return nil
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		c.log.Debug("page cache not used", "err", err)
		return nil
	}
	pages, err := decodePages(io.NewSectionReader(f, 0, info.Size()), info.Size(), header)
	if err != nil {
		c.log.Debug("page cache not used", "err", err)
		return nil
	}
	return pages
}

// decodePages reads a pages file of size bytes written by encodePages
// with header.
func decodePages(f io.Reader, size int64, header []byte) (map[string]pageStamp, error) {
	r, err := cachefile.NewReader(f, size, header)
	if err != nil {
		return nil, err
	}
	pages := map[string]pageStamp{}
	for {
		rec, _, err := r.Next()
		if err == io.EOF {
			return pages, nil
		}
		if err != nil {
			return nil, err
		}
		d := cachefile.NewDecoder(rec)
		p := d.String()
		var ps pageStamp
		d.Fixed(ps.key[:])
		ps.stamp.Size, ps.stamp.ModTime = d.Int(), d.Int()
		if err := d.Err(); err != nil {
			return nil, err
		}
		pages[p] = ps
	}
}

// encodePages writes a pages file with header.
func encodePages(w io.Writer, header []byte, pages map[string]pageStamp) error {
	c := cachefile.NewWriter(w, header)
	var e cachefile.Encoder
	for _, p := range slices.Sorted(maps.Keys(pages)) {
		ps := pages[p]
		e.B = e.B[:0]
		e.String(p)
		e.B = append(e.B, ps.key[:]...)
		e.Int(ps.stamp.Size)
		e.Int(ps.stamp.ModTime)
		c.Add(e.B)
	}
	return c.Flush()
}

// save finishes the cache before the build commits: the docs file,
// dropped when it would hold what the last one does, and the pages file
// of this build's keys with the stamps of the files written. A cache that
// cannot be written is left out; the build goes on.
func (c *diskCache) save(deps ...string) {
	if c.docs != nil && c.newDocs != nil {
		same, err := c.docs.flush()
		if err == nil {
			err = c.newDocs.Close()
		} else {
			c.newDocs.Close()
		}
		c.newDocs = nil
		if same || err != nil {
			c.w.DropCache(docsCache)
		}
		if err != nil {
			c.log.Debug("markdown cache not saved", "err", err)
		}
	}
	if c.oldDocs != nil {
		c.oldDocs.Close()
		c.oldDocs = nil
	}
	if c.jobs == nil {
		return
	}
	stamps := c.w.Stamps()
	pages := make(map[string]pageStamp, len(c.keyed))
	for _, i := range c.keyed {
		j := c.jobs[i]
		if st, ok := stamps[j.Path]; ok {
			pages[j.Path] = pageStamp{j.Key, st}
		}
	}
	if maps.Equal(pages, c.pages) {
		return // the last build's file says it all: leave it untouched
	}
	f, err := c.w.CreateCache(pagesCache)
	if err == nil {
		err = encodePages(f, c.header(pagesCache, deps...), pages)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		c.w.DropCache(pagesCache)
		c.log.Debug("page cache not saved", "err", err)
	}
}

// close lets go of the cache's files after a failed build.
func (c *diskCache) close() {
	if c != nil {
		c.closeDocs()
	}
}
