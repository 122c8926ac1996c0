package render

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"ssg/generator/content"
	"ssg/generator/site"
)

// Key identifies everything one page's output depends on: its layout's
// templates and the data reachable from its dot. Equal keys mean equal
// output, so a rebuild renders only the pages whose key changed.
type Key [32]byte

// keyer computes keys from the model by walking exported fields, the ones
// templates can reach. A new field is covered without changes here. Values
// that derive from ssg.toml are not told apart: a settings change rebuilds
// everything. One keyer serves one site model; it is not safe for
// concurrent use.
type keyer struct {
	model   *site.Site
	own     map[*site.Review][32]byte // a review without its film
	refs    map[*site.Review][32]byte // a review with its film, as pages reach it
	films   map[*site.Film][32]byte
	ptrs    map[any][32]byte // other shared structs: buckets, stars
	siteKey *[32]byte
	fields  map[reflect.Type][]int // exported field indices by struct type
	// frozen keyers share own, refs, films and siteKey with the keyer
	// they were forked from, read-only, so that forks can key pages in
	// parallel.
	frozen bool
	// reach collects the films the data being summed reaches, each
	// standing for itself and its reviews; a nil entry stands for the
	// whole model. ptrReach keeps what each memoized pointer reached.
	reach    []*site.Film
	floor    int // where the reach of the page being summed starts
	ptrReach map[any][]*site.Film
	// free holds digests to reuse: the walk sums many small structs.
	free []*digest
	// stable makes keys comparable across processes (Keys).
	stable Keys
}

// digest returns a fresh digest, reusing one that release gave back.
func (k *keyer) digest() *digest {
	if n := len(k.free); n > 0 {
		d := k.free[n-1]
		k.free = k.free[:n-1]
		d.Reset()
		return d
	}
	return newDigest(k.stable)
}

// release gives d back for reuse; it must not be used again.
func (k *keyer) release(d *digest) { k.free = append(k.free, d) }

func newKeyer(s *site.Site) *keyer {
	return &keyer{model: s, own: map[*site.Review][32]byte{}, refs: map[*site.Review][32]byte{},
		films: map[*site.Film][32]byte{}, ptrs: map[any][32]byte{}, fields: map[reflect.Type][]int{},
		ptrReach: map[any][]*site.Film{}}
}

// touch notes that the data being summed reaches f: a page that shows one
// of its reviews, or the film, changes when any of them does. nil is the
// whole model.
func (k *keyer) touch(f *site.Film) {
	if n := len(k.reach); n > k.floor && k.reach[n-1] == f {
		return
	}
	k.reach = append(k.reach, f)
}

// forget drops the sums the given reviews' content went into (their own,
// their films', and every review of those films as pages reach it), and
// those of the given films, which changed too.
func (k *keyer) forget(changed []*site.Review, films []*site.Film) {
	drop := func(f *site.Film) {
		delete(k.films, f)
		for _, m := range f.Reviews {
			delete(k.refs, m)
		}
	}
	for _, r := range changed {
		delete(k.own, r)
		delete(k.refs, r)
		if f := r.FilmPage; f != nil {
			drop(f)
		}
	}
	for _, f := range films {
		drop(f)
	}
	k.siteKey = nil
	k.ptrs = map[any][32]byte{}
	k.ptrReach = map[any][]*site.Film{}
}

// prepare sums every review and film of the model, then forks n keyers
// that read those sums without writing, one per goroutine.
func (k *keyer) prepare(usesModel bool, n int) []*keyer {
	// Every review belongs to one film: n workers sum a share of the
	// films with their reviews, then their sums are merged.
	films := k.model.Films
	filmSums := make([][32]byte, len(films))
	ownSums := make([][][32]byte, len(films))
	chunk := (len(films) + n - 1) / n
	var wg sync.WaitGroup
	for w := 0; w < n && w*chunk < len(films); w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(films))
		wg.Go(func() {
			local := newKeyer(k.model)
			local.stable = k.stable
			for i := lo; i < hi; i++ {
				filmSums[i] = local.film(films[i])
				ownSums[i] = make([][32]byte, len(films[i].Reviews))
				for j, r := range films[i].Reviews {
					ownSums[i][j] = local.own[r]
				}
			}
		})
	}
	wg.Wait()
	for i, f := range films {
		k.films[f] = filmSums[i]
		for j, r := range f.Reviews {
			k.own[r] = ownSums[i][j]
		}
	}
	for _, r := range k.model.Reviews {
		k.ref(r)
	}
	if usesModel {
		k.site()
	}
	forks := make([]*keyer, n)
	for i := range forks {
		forks[i] = &keyer{model: k.model, own: k.own, refs: k.refs, films: k.films, siteKey: k.siteKey,
			ptrs: map[any][32]byte{}, fields: map[reflect.Type][]int{}, ptrReach: map[any][]*site.Film{}, frozen: true, stable: k.stable}
	}
	return forks
}

// exported lists the indices of t's exported fields: templates reach no
// others.
func (k *keyer) exported(t reflect.Type) []int {
	idx, ok := k.fields[t]
	if !ok {
		idx = []int{}
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				idx = append(idx, i)
			}
		}
		k.fields[t] = idx
	}
	return idx
}

var (
	reviewType  = reflect.TypeFor[*site.Review]()
	reviewsType = reflect.TypeFor[[]*site.Review]()
	filmType    = reflect.TypeFor[*site.Film]()
	sourceType  = reflect.TypeFor[*content.Review]()
	siteType    = reflect.TypeFor[*site.Site]()
	ratType     = reflect.TypeFor[*big.Rat]()
	timeType    = reflect.TypeFor[time.Time]()
	sitemapType = reflect.TypeFor[[]SitemapURL]()
	kindField   = "\x00"
	nilPointer  = []byte{0}
	somePointer = []byte{1}
)

// write adds v to h. Pointers to reviews, films and the model are replaced
// by their memoized sums, which also breaks the review↔film cycle.
func (k *keyer) write(h *digest, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		switch v.Type() {
		case reviewType:
			if v.IsNil() {
				h.Write(nilPointer)
				return
			}
			r := v.Interface().(*site.Review)
			k.touch(r.FilmPage)
			sum := k.ref(r)
			h.Write(sum[:])
			return
		case filmType:
			if v.IsNil() {
				h.Write(nilPointer)
				return
			}
			f := v.Interface().(*site.Film)
			k.touch(f)
			sum := k.film(f)
			h.Write(sum[:])
			return
		case sourceType:
			// A review's file name and bytes decide everything parsed from it.
			if v.IsNil() {
				h.Write(nilPointer)
				return
			}
			r := v.Interface().(*content.Review)
			writeString(h, r.File)
			h.Write(r.Hash[:])
			return
		case siteType:
			k.touch(nil)
			sum := k.site()
			h.Write(sum[:])
			return
		case ratType:
			if v.IsNil() {
				h.Write(nilPointer)
				return
			}
			writeString(h, v.Interface().(*big.Rat).RatString())
			return
		}
	case reflect.Struct:
		if v.Type() == timeType {
			t := v.Interface().(time.Time)
			h.buf, _ = t.AppendBinary(h.buf)
			writeString(h, t.Location().String())
			return
		}
	case reflect.Slice:
		if v.Type() == sitemapType {
			// A sitemap lists every page: its strings, without a
			// reflective walk of each.
			urls := v.Interface().([]SitemapURL)
			writeInt(h, int64(len(urls)))
			for _, u := range urls {
				writeString(h, u.Loc)
				writeString(h, u.Lastmod)
			}
			return
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			h.Write(nilPointer)
			return
		}
		if v.Elem().Kind() != reflect.Struct {
			h.Write(somePointer)
			k.write(h, v.Elem())
			return
		}
		p := v.Interface()
		sum, ok := k.ptrs[p]
		if !ok {
			from, floor := len(k.reach), k.floor
			k.floor = from
			sub := k.digest()
			k.write(sub, v.Elem())
			k.floor = floor
			sum = sub.sum()
			k.release(sub)
			k.ptrs[p] = sum
			if len(k.reach) > from {
				k.ptrReach[p] = slices.Clone(k.reach[from:])
			}
		} else {
			for _, f := range k.ptrReach[p] {
				k.touch(f)
			}
		}
		h.Write(sum[:])
	case reflect.Struct:
		for _, i := range k.exported(v.Type()) {
			k.write(h, v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		writeInt(h, int64(v.Len()))
		for i := range v.Len() {
			k.write(h, v.Index(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			return strings.Compare(fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface()))
		})
		writeInt(h, int64(len(keys)))
		for _, key := range keys {
			k.write(h, key)
			k.write(h, v.MapIndex(key))
		}
	case reflect.Interface:
		if v.IsNil() {
			h.Write(nilPointer)
			return
		}
		writeString(h, v.Elem().Type().String())
		k.write(h, v.Elem())
	case reflect.String:
		writeString(h, v.String())
	case reflect.Bool:
		if v.Bool() {
			h.Write(somePointer)
		} else {
			h.Write(nilPointer)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		writeInt(h, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		writeInt(h, int64(v.Uint()))
	case reflect.Float32, reflect.Float64:
		writeInt(h, int64(math.Float64bits(v.Float())))
	default:
		// Functions and channels have no content a template could print.
		writeString(h, kindField+v.Kind().String())
	}
}

// own sums a review's fields, its film by URL only.
func (k *keyer) ownSum(r *site.Review) [32]byte {
	if sum, ok := k.own[r]; ok {
		return sum
	}
	h := k.digest()
	v := reflect.ValueOf(r).Elem()
	for _, i := range k.exported(v.Type()) {
		f := v.Field(i)
		if f.Type() == filmType {
			if r.FilmPage != nil {
				writeString(h, r.FilmPage.URL)
			}
			continue
		}
		k.write(h, f)
	}
	sum := h.sum()
	k.release(h)
	if !k.frozen {
		k.own[r] = sum
	}
	return sum
}

// film sums a film with its reviews, each without the film again.
func (k *keyer) film(f *site.Film) [32]byte {
	if sum, ok := k.films[f]; ok {
		return sum
	}
	h := k.digest()
	v := reflect.ValueOf(f).Elem()
	for _, i := range k.exported(v.Type()) {
		fv := v.Field(i)
		if fv.Type() == reviewsType {
			writeInt(h, int64(fv.Len()))
			for j := range fv.Len() {
				sum := k.ownSum(fv.Index(j).Interface().(*site.Review))
				h.Write(sum[:])
			}
			continue
		}
		k.write(h, fv)
	}
	sum := h.sum()
	k.release(h)
	if !k.frozen {
		k.films[f] = sum
	}
	return sum
}

// ref sums a review as a page reaches it: itself and its film.
func (k *keyer) ref(r *site.Review) [32]byte {
	if sum, ok := k.refs[r]; ok {
		return sum
	}
	h := k.digest()
	own := k.ownSum(r)
	h.Write(own[:])
	if r.FilmPage != nil {
		film := k.film(r.FilmPage)
		h.Write(film[:])
	}
	sum := h.sum()
	k.release(h)
	if !k.frozen {
		k.refs[r] = sum
	}
	return sum
}

// site sums the whole model, for themes that reach it through .Site.Model.
func (k *keyer) site() [32]byte {
	if k.siteKey == nil {
		h := k.digest()
		k.write(h, reflect.ValueOf(k.model).Elem())
		sum := h.sum()
		k.siteKey = &sum
	}
	return *k.siteKey
}

func writeString(h *digest, s string) {
	writeInt(h, int64(len(s)))
	h.WriteString(s)
}

func writeInt(h *digest, n int64) {
	h.buf = binary.LittleEndian.AppendUint64(h.buf, uint64(n))
}

// Keys says how long a plan's keys must stay comparable.
type Keys bool

const (
	// ProcessKeys are compared only within one process, as a session
	// serving a site compares them: a seeded 64-bit hash, fast on the
	// many small writes of a model walk. A collision (one in 2^64 per
	// page and rebuild) is not a practical concern.
	ProcessKeys Keys = false
	// StableKeys are the same in every run, for ssg build to keep in the
	// output folder: SHA-256, which costs about half as much again to key
	// every page.
	StableKeys Keys = true
)

// seed makes process keys comparable within one process; never written
// after init.
var seed = maphash.MakeSeed()

// digest gathers a page's inputs and hashes them once, at sum: the model
// walk makes many small writes, which a streaming hash pays for one call
// and one copy each.
type digest struct {
	stable Keys
	buf    []byte
}

func newDigest(stable Keys) *digest { return &digest{stable: stable} }

func (d *digest) Write(p []byte) { d.buf = append(d.buf, p...) }

func (d *digest) WriteString(s string) { d.buf = append(d.buf, s...) }

func (d *digest) Reset() { d.buf = d.buf[:0] }

// sum returns the key so far: 8 bytes of it for process keys.
func (d *digest) sum() (out [32]byte) {
	if d.stable {
		return sha256.Sum256(d.buf)
	}
	binary.LittleEndian.PutUint64(out[:], maphash.Bytes(seed, d.buf))
	return out
}

// info sums what every page shows of the site, without the stylesheet URL,
// and the whole model only for themes that read it.
func (k *keyer) info(info *Info, usesModel, withCounts bool) [32]byte {
	h := k.digest()
	v := reflect.ValueOf(info).Elem()
	t := v.Type()
	for i := range t.NumField() {
		switch name := t.Field(i).Name; {
		case name == "CSS":
		case counts.field(name) && !withCounts:
		case name == "Model":
			if usesModel {
				sum := k.site()
				h.Write(sum[:])
			}
		default:
			k.write(h, v.Field(i))
		}
	}
	sum := h.sum()
	return sum
}

// pageSite is the index of Page.Site, which info sums once for all pages.
var pageSite = func() int {
	f, _ := reflect.TypeFor[Page]().FieldByName("Site")
	return f.Index[0]
}()

// page adds a page's own data to h; its Site is summed once by info.
func (k *keyer) page(h *digest, p *Page) {
	v := reflect.ValueOf(p).Elem()
	for _, i := range k.exported(v.Type()) {
		if i != pageSite {
			k.write(h, v.Field(i))
		}
	}
}
