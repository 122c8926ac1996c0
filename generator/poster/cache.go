package poster

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// Cache keeps the copies Make made in a folder on disk, one entry per
// Source.Sum, so that a later build, or another site with the same poster,
// encodes nothing. All access goes through an os.Root, so neither an
// entry's name nor a symlink in the folder can lead outside it. An entry
// that is truncated, altered or does not hold the copies its Sum calls for
// is a miss, and Put makes it again. Safe for concurrent use by goroutines
// and processes: an entry is written under a temporary name, then renamed.
type Cache struct {
	root *os.Root
}

// cacheMagic starts every entry; the number changes with the layout.
const cacheMagic = "ssg poster cache 1\n"

// OpenCache opens the cache in dir, creating the folder if need be.
func OpenCache(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("poster cache: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("poster cache: %w", err)
	}
	return &Cache{root: root}, nil
}

// Close closes the cache's folder.
func (c *Cache) Close() error { return c.root.Close() }

// entry is the file name of s's entry: its Sum in hex, nothing a path
// could be made of.
func entry(s *Source) string { return hex.EncodeToString(s.Sum[:]) }

// Get returns the copies of s, as Make would, if the cache holds them whole.
func (c *Cache) Get(s *Source) ([][]byte, bool) {
	f, err := c.root.Open(entry(s))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, false
	}
	// No poster's copies come near MaxBytes: a bigger entry is not ours.
	data, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil || len(data) > MaxBytes {
		return nil, false
	}
	return decodeEntry(data, s.Sizes())
}

// Put stores the copies of s.
func (c *Cache) Put(s *Source, copies [][]byte) error {
	name := entry(s)
	var nonce [8]byte
	rand.Read(nonce[:])
	tmp := name + "." + hex.EncodeToString(nonce[:]) + ".tmp"
	if err := c.root.WriteFile(tmp, encodeEntry(copies, s.Sizes()), 0o644); err != nil {
		c.root.Remove(tmp)
		return fmt.Errorf("poster cache: %w", err)
	}
	if err := c.root.Rename(tmp, name); err != nil {
		c.root.Remove(tmp)
		return fmt.Errorf("poster cache: %w", err)
	}
	return nil
}

// An entry is cacheMagic, the SHA-256 of the rest, the number of copies,
// each copy's width, height and length, then the copies' bytes.
func encodeEntry(copies [][]byte, sizes []Size) []byte {
	var body bytes.Buffer
	binary.Write(&body, binary.LittleEndian, uint32(len(copies)))
	for i, c := range copies {
		binary.Write(&body, binary.LittleEndian, [3]uint32{uint32(sizes[i].Width), uint32(sizes[i].Height), uint32(len(c))})
	}
	for _, c := range copies {
		body.Write(c)
	}
	sum := sha256.Sum256(body.Bytes())
	return append(append([]byte(cacheMagic), sum[:]...), body.Bytes()...)
}

func decodeEntry(data []byte, sizes []Size) ([][]byte, bool) {
	rest, ok := bytes.CutPrefix(data, []byte(cacheMagic))
	if !ok || len(rest) < sha256.Size {
		return nil, false
	}
	sum, body := rest[:sha256.Size], rest[sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, false
	}
	r := bytes.NewReader(body)
	var n uint32
	if binary.Read(r, binary.LittleEndian, &n) != nil || int(n) != len(sizes) {
		return nil, false
	}
	lengths := make([]int, n)
	for i := range lengths {
		var head [3]uint32
		if binary.Read(r, binary.LittleEndian, &head) != nil ||
			int(head[0]) != sizes[i].Width || int(head[1]) != sizes[i].Height || int64(head[2]) > int64(r.Len()) {
			return nil, false
		}
		lengths[i] = int(head[2])
	}
	copies := make([][]byte, n)
	for i, l := range lengths {
		copies[i] = make([]byte, l)
		if _, err := io.ReadFull(r, copies[i]); err != nil {
			return nil, false
		}
	}
	return copies, r.Len() == 0
}
