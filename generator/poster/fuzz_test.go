package poster

import (
	"bytes"
	"image"
	"testing"
)

// FuzzRead feeds Read any bytes, seeded with small JPEGs and PNGs and
// their broken forms. Invariants: no panic; a Source within the limits
// whose copies are never wider than it, narrowest first; and Make, on a
// small enough poster, fails or gives copies of exactly the planned sizes.
func FuzzRead(f *testing.F) {
	jpg := encodeJPEG(f, picture(40, 60, false))
	png := encodePNG(f, picture(30, 20, true))
	for _, seed := range [][]byte{jpg, png, jpg[:len(jpg)/2], png[:40], hugePNG(50000, 50000), hugePNG(1, 1), []byte("GIF89a")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Read(data)
		if err != nil {
			return
		}
		if s.Width <= 0 || s.Height <= 0 || int64(s.Width)*int64(s.Height) > MaxPixels {
			t.Fatalf("Read accepted %d×%d", s.Width, s.Height)
		}
		sizes := s.Sizes()
		for i, size := range sizes {
			if size.Width > s.Width || size.Height < 1 || i > 0 && size.Width <= sizes[i-1].Width {
				t.Fatalf("sizes %v of %d×%d", sizes, s.Width, s.Height)
			}
		}
		if s.Width*s.Height > 200_000 {
			return // decoding is bounded, but slow for a fuzzer
		}
		copies, err := s.Make()
		if err != nil {
			return
		}
		for i, c := range copies {
			cfg, _, err := image.DecodeConfig(bytes.NewReader(c))
			if err != nil || cfg.Width != sizes[i].Width || cfg.Height != sizes[i].Height {
				t.Fatalf("copy %d: %d×%d (%v), want %v", i, cfg.Width, cfg.Height, err, sizes[i])
			}
		}
	})
}

// FuzzCacheEntry feeds decodeEntry any bytes: a cache folder is outside
// the build's control. It must never panic, and whatever it accepts must
// have the sizes asked for.
func FuzzCacheEntry(f *testing.F) {
	sizes := []Size{{160, 240}, {320, 480}}
	f.Add(encodeEntry([][]byte{[]byte("a"), []byte("bc")}, sizes))
	f.Add([]byte(cacheMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		copies, ok := decodeEntry(data, sizes)
		if ok && len(copies) != len(sizes) {
			t.Fatalf("accepted %d copies for %d sizes", len(copies), len(sizes))
		}
	})
}
