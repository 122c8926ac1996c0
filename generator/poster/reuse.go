package poster

import (
	"bytes"
	"image/jpeg"
	"image/png"
	"io"
)

// headBytes is how much of a copy IsCopy reads to find its size: the
// encoders write it within the first few hundred bytes.
const headBytes = 4096

// Endings of a whole file: a JPEG's end-of-image marker, and a PNG's IEND
// chunk (empty, with its CRC).
var (
	jpegEnd = []byte("\xff\xd9")
	pngEnd  = []byte("\x00\x00\x00\x00IEND\xaeB`\x82")
)

// IsCopy reports whether f, a file of size bytes, can be the copy of s at
// Sizes()[i]: in s's format, of that width and height by its header, and
// whole, ending as a file of its format ends. It reads only the file's
// first and last bytes, not its pixels: it is meant for a file that a
// build wrote under s.Name, which carries s.Sum, so that only a file cut
// short or replaced by something else needs making again.
func (s *Source) IsCopy(i int, f io.ReaderAt, size int64) bool {
	sizes := s.Sizes()
	if i < 0 || i >= len(sizes) || size <= 0 || size > MaxBytes {
		return false
	}
	head := make([]byte, min(size, headBytes))
	if n, _ := f.ReadAt(head, 0); n < len(head) {
		return false
	}
	end, magic := jpegEnd, jpegMagic
	decode := jpeg.DecodeConfig
	if s.Format == PNG {
		end, magic, decode = pngEnd, pngMagic, png.DecodeConfig
	}
	if !bytes.HasPrefix(head, magic) || size < int64(len(magic)+len(end)) {
		return false
	}
	tail := make([]byte, len(end))
	if n, _ := f.ReadAt(tail, size-int64(len(end))); n < len(tail) || !bytes.Equal(tail, end) {
		return false
	}
	cfg, err := decode(bytes.NewReader(head))
	return err == nil && cfg.Width == sizes[i].Width && cfg.Height == sizes[i].Height
}
