package poster

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"strconv"

	"golang.org/x/image/draw"
)

// widths are the widths, in pixels, a poster is published at: a thumbnail,
// a page's poster, the same on a screen of twice the density, and a
// picture big enough for a link preview.
var widths = [...]int{160, 320, 640}

// quality is the JPEG quality of the copies of a JPEG poster: at 80 a
// poster's flat colours and lettering show no visible artefacts, in two
// thirds of the bytes of quality 95 (the demo's poster: 18 KB, not 27 KB).
const quality = 80

// MaxPixels bounds a poster's width times its height, so that decoding one
// takes at most a few hundred megabytes: 40 million pixels is 5000×8000, far
// beyond any poster a page shows.
const MaxPixels = 40_000_000

// MaxBytes bounds the size of a poster file.
const MaxBytes = 32 << 20

// version names everything besides a source's bytes that shapes its copies.
// It goes into every Sum, so the copies' names change with it and no build
// takes a copy made with other settings for its own: change it with
// widths, quality, the filter or the encoders' settings, and when a Go
// release changes what image/jpeg or image/png write.
const version = "ssg poster 1: widths 160 320 640, jpeg quality 80, catmull-rom\n"

// Formats of a poster, as Source.Format gives them.
const (
	JPEG = "jpeg"
	PNG  = "png"
)

var (
	// ErrFormat reports a file that is neither a JPEG nor a PNG image.
	ErrFormat = errors.New("not a JPEG or PNG image")
	// ErrTooLarge reports a file or an image beyond MaxBytes or MaxPixels.
	ErrTooLarge = errors.New("too large")
)

var (
	jpegMagic = []byte("\xff\xd8\xff")
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
)

// Source is a poster file that Read has checked. Immutable.
type Source struct {
	Format        string // JPEG or PNG
	Width, Height int
	// Sum is a SHA-256 of the file's bytes and of how it is published: it
	// names the copies (Name) and keys the caches of made copies.
	Sum  [32]byte
	data []byte
}

// Size is the size of one copy, in pixels.
type Size struct{ Width, Height int }

// Read checks a poster file from its header alone: it must be a JPEG or a
// PNG of at most MaxBytes and MaxPixels. The Source keeps data, which the
// caller must not change.
func Read(data []byte) (*Source, error) {
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("%w: the file has %d bytes, more than the %d MB a poster may have", ErrTooLarge, len(data), MaxBytes>>20)
	}
	s := &Source{data: data}
	var cfg image.Config
	var err error
	switch {
	case bytes.HasPrefix(data, jpegMagic):
		s.Format = JPEG
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case bytes.HasPrefix(data, pngMagic):
		s.Format = PNG
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	default:
		return nil, ErrFormat
	}
	if err != nil {
		return nil, fmt.Errorf("unreadable %s: %w", s.name(), err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("unreadable %s: it has no pixels", s.name())
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, fmt.Errorf("%w: %d×%d pixels is more than the %d million a poster may have", ErrTooLarge, cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	s.Width, s.Height = cfg.Width, cfg.Height
	h := sha256.New()
	h.Write([]byte(version))
	h.Write(data)
	h.Sum(s.Sum[:0])
	return s, nil
}

// name is the format as people write it.
func (s *Source) name() string {
	if s.Format == PNG {
		return "PNG"
	}
	return "JPEG"
}

// Ext is the copies' file extension: "jpg" or "png".
func (s *Source) Ext() string {
	if s.Format == PNG {
		return "png"
	}
	return "jpg"
}

// Sizes lists the copies s is published at, narrowest first: each of the
// widths narrower than the poster, then the poster's own width when it is
// not wider than the widest. A copy is never wider than the poster.
func (s *Source) Sizes() []Size {
	out := make([]Size, 0, len(widths)+1)
	for _, w := range widths {
		if w < s.Width {
			out = append(out, s.size(w))
		}
	}
	if s.Width <= widths[len(widths)-1] {
		out = append(out, Size{s.Width, s.Height})
	}
	return out
}

// size is the copy of width w, its height rounded to keep the aspect ratio.
func (s *Source) size(w int) Size {
	h := (int64(s.Height)*int64(w) + int64(s.Width)/2) / int64(s.Width)
	return Size{w, max(1, int(h))}
}

// Name is the file name of the copy of width w: base, the first sixteen
// hex digits of Sum, the width and the extension
// ("solaris-1a2b3c4d5e6f7a8b-320.jpg"). It changes whenever the copy's
// bytes can, so hosts may cache it forever, and a build may take a file of
// that name that an earlier build wrote for the copy itself (IsCopy): 64
// bits of the hash make two posters' sharing a name out of the question.
func (s *Source) Name(base string, w int) string {
	return base + "-" + hex.EncodeToString(s.Sum[:nameBytes]) + "-" + strconv.Itoa(w) + "." + s.Ext()
}

// nameBytes is how many bytes of Sum a copy's name carries.
const nameBytes = 8

// Header returns s without the file's bytes: what a build keeps between
// reading a poster and making its copies. Everything but Make works on it.
func (s *Source) Header() *Source {
	h := *s
	h.data = nil
	return &h
}

// Make decodes the poster and encodes its copies: out[i] is the copy of
// Sizes()[i], in the poster's format. It returns an error for a file whose
// header was fine but whose image data is not.
func (s *Source) Make() ([][]byte, error) {
	if s.data == nil {
		panic("poster: Make of a Header")
	}
	var img image.Image
	var err error
	if s.Format == PNG {
		img, err = png.Decode(bytes.NewReader(s.data))
	} else {
		img, err = jpeg.Decode(bytes.NewReader(s.data))
	}
	if err != nil {
		return nil, fmt.Errorf("unreadable %s: %w", s.name(), err)
	}
	if b := img.Bounds(); b.Dx() != s.Width || b.Dy() != s.Height {
		return nil, fmt.Errorf("unreadable %s: its header says %d×%d, its pixels are %d×%d", s.name(), s.Width, s.Height, b.Dx(), b.Dy())
	}
	sizes := s.Sizes()
	// The widest copy is made from the poster and the narrower ones from
	// it: as sharp, since each is at most a quarter of its pixels, and far
	// quicker than filtering every pixel of a large poster again.
	widest := sizes[len(sizes)-1]
	from := img
	if widest.Width != s.Width {
		from = scale(img, widest)
	}
	out := make([][]byte, len(sizes))
	for i, size := range sizes {
		m := from
		if i < len(sizes)-1 {
			m = scale(from, size)
		}
		if out[i], err = s.encode(m); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scale resizes src to size with the Catmull-Rom kernel. When shrinking,
// x/image/draw widens a kernel to cover every source pixel under each
// destination pixel, so a reduced poster keeps its lettering sharp and
// shows no moiré; ApproxBiLinear blends only the four nearest pixels, which
// aliases at the 3× to 20× reductions posters need. Catmull-Rom is the
// slower of the two, but a poster is made once and then cached. The RGBA
// copy keeps a PNG's transparency, premultiplied, so that edges against
// transparent pixels do not darken.
func scale(src image.Image, size Size) image.Image {
	dst := image.NewRGBA(image.Rect(0, 0, size.Width, size.Height))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
}

// encode writes m in the poster's format.
func (s *Source) encode(m image.Image) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if s.Format == PNG {
		err = png.Encode(&buf, m)
	} else {
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality})
	}
	if err != nil {
		return nil, fmt.Errorf("encoding %s: %w", s.name(), err)
	}
	return buf.Bytes(), nil
}
