package poster

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"slices"
	"strings"
	"testing"
)

// picture draws a w×h test poster: a diagonal gradient with a dark band,
// and, when clear is set, a transparent left half.
func picture(w, h int, clear bool) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{uint8(255 * x / w), uint8(255 * y / h), 120, 255}
			if y > h/3 && y < h/2 {
				c = color.NRGBA{20, 20, 40, 255}
			}
			if clear && x < w/2 {
				c = color.NRGBA{}
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSizes(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		want []Size
	}{
		{"large poster", 2000, 3000, []Size{{160, 240}, {320, 480}, {640, 960}}},
		{"exactly the widest", 640, 960, []Size{{160, 240}, {320, 480}, {640, 960}}},
		{"between widths: its own width last", 500, 750, []Size{{160, 240}, {320, 480}, {500, 750}}},
		{"exactly a width", 320, 480, []Size{{160, 240}, {320, 480}}},
		{"narrower than all", 100, 150, []Size{{100, 150}}},
		{"height rounds", 1000, 1481, []Size{{160, 237}, {320, 474}, {640, 948}}},
		{"a sliver keeps one row", 8000, 2, []Size{{160, 1}, {320, 1}, {640, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Source{Width: tt.w, Height: tt.h}
			if got := s.Sizes(); !slices.Equal(got, tt.want) {
				t.Errorf("Sizes of %d×%d = %v, want %v", tt.w, tt.h, got, tt.want)
			}
		})
	}
}

func TestMake(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		format string
		want   []Size
	}{
		{"jpeg", encodeJPEG(t, picture(660, 990, false)), JPEG, []Size{{160, 240}, {320, 480}, {640, 960}}},
		{"small jpeg is not upscaled", encodeJPEG(t, picture(200, 300, false)), JPEG, []Size{{160, 240}, {200, 300}}},
		{"png", encodePNG(t, picture(700, 1000, false)), PNG, []Size{{160, 229}, {320, 457}, {640, 914}}},
		{"wide png", encodePNG(t, picture(800, 200, false)), PNG, []Size{{160, 40}, {320, 80}, {640, 160}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Read(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if s.Format != tt.format {
				t.Errorf("format %q, want %q", s.Format, tt.format)
			}
			copies, err := s.Make()
			if err != nil {
				t.Fatal(err)
			}
			if len(copies) != len(tt.want) {
				t.Fatalf("%d copies, want %d", len(copies), len(tt.want))
			}
			for i, c := range copies {
				cfg, format, err := image.DecodeConfig(bytes.NewReader(c))
				if err != nil {
					t.Fatalf("copy %d: %v", i, err)
				}
				if format != tt.format {
					t.Errorf("copy %d is %s, want %s: the source's format is kept", i, format, tt.format)
				}
				if got := (Size{cfg.Width, cfg.Height}); got != tt.want[i] {
					t.Errorf("copy %d is %v, want %v", i, got, tt.want[i])
				}
				// The aspect ratio is kept to within a pixel of rounding.
				if d := cfg.Height*s.Width - s.Height*cfg.Width; d < -s.Width || d > s.Width {
					t.Errorf("copy %d: %d×%d is not the shape of %d×%d", i, cfg.Width, cfg.Height, s.Width, s.Height)
				}
			}
			// Copies show the picture: the dark band stays dark, the
			// gradient's corners keep their colours.
			m, _, err := image.Decode(bytes.NewReader(copies[0]))
			if err != nil {
				t.Fatal(err)
			}
			b := m.Bounds()
			band := gray(m.At(b.Dx()/2, b.Dy()*5/12))
			corner := gray(m.At(b.Dx()-2, b.Dy()-2))
			if band > 60 || corner < 120 {
				t.Errorf("copy lost the picture: band %d, corner %d", band, corner)
			}
		})
	}
}

func gray(c color.Color) int {
	r, g, b, _ := c.RGBA()
	return int((r + g + b) / 3 >> 8)
}

// TestTransparency checks that a PNG's transparent pixels stay
// transparent, its opaque ones opaque, without dark fringes.
func TestTransparency(t *testing.T) {
	s, err := Read(encodePNG(t, picture(680, 1020, true)))
	if err != nil {
		t.Fatal(err)
	}
	copies, err := s.Make()
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range copies {
		m, err := png.Decode(bytes.NewReader(c))
		if err != nil {
			t.Fatal(err)
		}
		b := m.Bounds()
		if _, _, _, a := m.At(b.Dx()/8, b.Dy()/8).RGBA(); a != 0 {
			t.Errorf("copy %d: transparent pixel has alpha %d", i, a>>8)
		}
		if _, _, _, a := m.At(b.Dx()*7/8, b.Dy()/8).RGBA(); a != 0xffff {
			t.Errorf("copy %d: opaque pixel has alpha %d", i, a>>8)
		}
		// Just right of the edge, the colour is the gradient's, not
		// darkened by the transparent black beside it.
		edge := color.NRGBAModel.Convert(m.At(b.Dx()/2+1, b.Dy()/8)).(color.NRGBA)
		if edge.A > 0 && edge.B < 100 {
			t.Errorf("copy %d: edge pixel %v is darkened", i, edge)
		}
	}
}

// hugePNG is a valid PNG header claiming w×h pixels, with no pixels.
func hugePNG(w, h uint32) []byte {
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := append([]byte("IHDR"), ihdr[:]...)
	var out bytes.Buffer
	out.Write(pngMagic)
	binary.Write(&out, binary.BigEndian, uint32(len(ihdr)))
	out.Write(chunk)
	binary.Write(&out, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return out.Bytes()
}

// hugeJPEG is a small JPEG whose frame header claims w×h pixels.
func hugeJPEG(t *testing.T, w, h uint16) []byte {
	data := encodeJPEG(t, picture(16, 16, false))
	i := bytes.Index(data, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0 marker")
	}
	binary.BigEndian.PutUint16(data[i+5:], h)
	binary.BigEndian.PutUint16(data[i+7:], w)
	return data
}

func TestReadErrors(t *testing.T) {
	good := encodeJPEG(t, picture(300, 450, false))
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	tests := []struct {
		name string
		data []byte
		is   error
		want string
	}{
		{"empty", nil, ErrFormat, "not a JPEG or PNG image"},
		{"text", []byte("a poster, honestly"), ErrFormat, "not a JPEG or PNG image"},
		{"gif", gif, ErrFormat, "not a JPEG or PNG image"},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), ErrFormat, "not a JPEG or PNG image"},
		{"png claiming 50000×50000", hugePNG(50000, 50000), ErrTooLarge, "50000×50000 pixels is more than the 40 million"},
		{"jpeg claiming 60000×60000", hugeJPEG(t, 60000, 60000), ErrTooLarge, "60000×60000 pixels"},
		{"png with a broken header", hugePNG(0, 10), nil, "unreadable PNG"},
		{"jpeg cut in its header", good[:20], nil, "unreadable JPEG"},
		{"file too big", append(bytes.Clone(good), make([]byte, MaxBytes)...), ErrTooLarge, "more than the 32 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Read(tt.data)
			if err == nil {
				t.Fatalf("Read succeeded: %+v", s)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

// TestMakeErrors checks files whose header reads but whose pixels do not.
func TestMakeErrors(t *testing.T) {
	jpg := encodeJPEG(t, picture(400, 600, false))
	pngData := encodePNG(t, picture(400, 600, false))
	tests := []struct {
		name string
		data []byte
	}{
		{"truncated jpeg", jpg[:len(jpg)/2]},
		{"truncated png", pngData[:len(pngData)/2]},
		{"png with a bad checksum", func() []byte {
			b := bytes.Clone(pngData)
			b[len(b)/2] ^= 0xff
			return b
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Read(tt.data)
			if err != nil {
				t.Fatalf("Read: %v (the header is whole)", err)
			}
			if _, err := s.Make(); err == nil || !strings.Contains(err.Error(), "unreadable") {
				t.Errorf("Make: %v, want an unreadable image", err)
			}
		})
	}
}

func TestNames(t *testing.T) {
	a, err := Read(encodeJPEG(t, picture(400, 600, false)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(encodeJPEG(t, picture(400, 601, false)))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Read(encodePNG(t, picture(400, 600, false)))
	if err != nil {
		t.Fatal(err)
	}
	na, nb, np := a.Name("solaris", 320), b.Name("solaris", 320), p.Name("solaris", 320)
	if !strings.HasPrefix(na, "solaris-") || !strings.HasSuffix(na, "-320.jpg") || len(na) != len("solaris-0123456789abcdef-320.jpg") {
		t.Errorf("name %q, want solaris-<16 hex digits>-320.jpg", na)
	}
	if na == nb {
		t.Errorf("two posters share the name %q", na)
	}
	if !strings.HasSuffix(np, ".png") {
		t.Errorf("PNG copy named %q", np)
	}
	again, _ := Read(encodeJPEG(t, picture(400, 600, false)))
	if again.Name("solaris", 320) != na {
		t.Error("the same bytes give another name")
	}
}

// TestIsCopy checks that the copies Make makes are taken for themselves,
// and that a file cut short, of another size or format, or empty is not.
func TestIsCopy(t *testing.T) {
	jpg, err := Read(encodeJPEG(t, picture(400, 600, false)))
	if err != nil {
		t.Fatal(err)
	}
	pngSrc, err := Read(encodePNG(t, picture(300, 200, true)))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Source{jpg, pngSrc} {
		copies, err := s.Make()
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range copies {
			if !s.IsCopy(i, bytes.NewReader(c), int64(len(c))) {
				t.Errorf("%s copy %d is not taken for itself", s.Format, i)
			}
		}
		last := len(copies) - 1
		whole := copies[last]
		flipped := bytes.Clone(whole)
		flipped[len(flipped)/2] ^= 1 // a pixel's byte: not checked
		tests := []struct {
			name string
			i    int
			data []byte
			want bool
		}{
			{"a pixel's byte changed", last, flipped, true},
			{"cut short", last, whole[:len(whole)-100], false},
			{"its first half", last, whole[:len(whole)/2], false},
			{"empty", last, nil, false},
			{"another width's copy", last, copies[0], false},
			{"out of range", len(copies), whole, false},
			{"text", last, []byte("not a picture at all, but long enough"), false},
			{"another format", last, map[bool][]byte{true: encodeJPEG(t, picture(300, 200, false)), false: encodePNG(t, picture(640, 960, false))}[s.Format == PNG], false},
		}
		for _, tt := range tests {
			t.Run(s.Format+"/"+tt.name, func(t *testing.T) {
				if got := s.IsCopy(tt.i, bytes.NewReader(tt.data), int64(len(tt.data))); got != tt.want {
					t.Errorf("IsCopy = %v, want %v", got, tt.want)
				}
			})
		}
		// A size that lies about the file is not believed.
		if s.IsCopy(last, bytes.NewReader(whole), int64(len(whole))+10) {
			t.Errorf("%s: IsCopy believed a size past the file's end", s.Format)
		}
	}
}

func BenchmarkMake(b *testing.B) {
	data := encodeJPEG(b, picture(2000, 3000, false))
	s, err := Read(data)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Make(); err != nil {
			b.Fatal(err)
		}
	}
}
