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

// FuzzIsCopy feeds IsCopy any bytes as a copy: the output folder may hold
// anything under a copy's name. It must never panic, and whatever it
// accepts must have the planned size by its header.
func FuzzIsCopy(f *testing.F) {
	src, err := Read(encodeJPEG(f, picture(400, 600, false)))
	if err != nil {
		f.Fatal(err)
	}
	copies, err := src.Make()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range copies {
		f.Add(c, len(copies)-1)
	}
	f.Add([]byte("\xff\xd8\xff\xd9"), 0)
	f.Add([]byte{}, 0)
	sizes := src.Sizes()
	f.Fuzz(func(t *testing.T, data []byte, i int) {
		if !src.IsCopy(i, bytes.NewReader(data), int64(len(data))) {
			return
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || format != JPEG || cfg.Width != sizes[i].Width || cfg.Height != sizes[i].Height {
			t.Fatalf("accepted %s %d×%d (%v) as copy %d, %v", format, cfg.Width, cfg.Height, err, i, sizes[i])
		}
	})
}
