// Package cachefile reads and writes the files in which ssg build keeps
// what lets its next run skip work. A file is a magic line, a header, then
// records; the header and each record are a length (uvarint), bytes and
// their CRC-32C, which tells a damaged record from a good one.
// The header says what the records are valid for (the ssg executable, the
// settings): a reader that expects another header gets ErrStale and starts
// afresh. A cache file is never trusted: a bad length or a cut file is an
// error, not a panic or a huge allocation, and callers check what records
// hold.
package cachefile

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// magic starts every cache file; the digit is the format's version.
const magic = "ssg cache 1\n"

// ErrStale reports a cache file written for something else: another
// format, executable or header.
var ErrStale = errors.New("cache file is stale")

// Writer writes one cache file.
type Writer struct {
	w   *bufio.Writer
	off int64 // where the next record's bytes start
	buf [binary.MaxVarintLen64]byte
	err error
}

// NewWriter starts a cache file with header on w.
func NewWriter(w io.Writer, header []byte) *Writer {
	c := &Writer{w: bufio.NewWriterSize(w, 1<<16)}
	_, c.err = c.w.WriteString(magic)
	c.off = int64(len(magic))
	c.Add(header)
	return c
}

// Add appends a record and returns where it lies in the file, as Next
// would report it.
func (c *Writer) Add(rec []byte) Span {
	if c.err != nil {
		return Span{}
	}
	n := binary.PutUvarint(c.buf[:], uint64(len(rec)+crcLen))
	if _, c.err = c.w.Write(c.buf[:n]); c.err == nil {
		_, c.err = c.w.Write(rec)
	}
	if c.err == nil {
		_, c.err = c.w.Write(binary.LittleEndian.AppendUint32(c.buf[:0], crc32.Checksum(rec, castagnoli)))
	}
	at := Span{Off: c.off + int64(n), Len: len(rec) + crcLen}
	c.off = at.Off + int64(at.Len)
	return at
}

// crcLen is the length of a record's checksum.
const crcLen = 4

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Check returns the record held by raw, a record's bytes with their
// checksum as they lie in the file at the offset and length Next gave
// (for reading one record again with ReadAt), and whether it is intact.
func Check(raw []byte) ([]byte, bool) {
	if len(raw) < crcLen {
		return nil, false
	}
	rec, sum := raw[:len(raw)-crcLen], raw[len(raw)-crcLen:]
	return rec, crc32.Checksum(rec, castagnoli) == binary.LittleEndian.Uint32(sum)
}

// Flush writes out what is buffered and returns the first error met.
func (c *Writer) Flush() error {
	if c.err == nil {
		c.err = c.w.Flush()
	}
	return c.err
}

// Reader reads one cache file's records in order.
type Reader struct {
	r    *bufio.Reader
	off  int64 // of the next unread byte
	size int64
	buf  []byte
}

// NewReader starts reading a cache file of size bytes from r, and returns
// ErrStale when it was not written with header. r must hold no more than
// size bytes (an io.SectionReader): a record longer than what is left is
// an error, so a damaged length cannot ask for more memory than the file.
func NewReader(r io.Reader, size int64, header []byte) (*Reader, error) {
	c := &Reader{r: bufio.NewReaderSize(r, 1<<16), size: size}
	m := make([]byte, len(magic))
	if _, err := io.ReadFull(c.r, m); err != nil || string(m) != magic {
		return nil, ErrStale
	}
	c.off = int64(len(magic))
	h, _, err := c.Next()
	if err != nil {
		if err == io.EOF {
			err = ErrStale
		}
		return nil, err
	}
	if !bytes.Equal(h, header) {
		return nil, ErrStale
	}
	return c, nil
}

// Next returns the next record, and the offset and length of its bytes
// with their checksum in the file (see Check), or io.EOF after the last.
// The record is valid until the next call.
func (c *Reader) Next() ([]byte, Span, error) {
	n, err := binary.ReadUvarint(counter{c})
	if err == io.EOF {
		return nil, Span{}, io.EOF
	}
	if err != nil {
		return nil, Span{}, fmt.Errorf("cache file: bad record length at byte %d", c.off)
	}
	if c.off > c.size || n > uint64(c.size-c.off) {
		return nil, Span{}, fmt.Errorf("cache file: a record at byte %d runs past the end", c.off)
	}
	if uint64(cap(c.buf)) < n {
		c.buf = make([]byte, n)
	}
	raw := c.buf[:n]
	if _, err := io.ReadFull(c.r, raw); err != nil {
		return nil, Span{}, fmt.Errorf("cache file cut short at byte %d", c.off)
	}
	at := Span{Off: c.off, Len: int(n)}
	c.off += int64(n)
	rec, ok := Check(raw)
	if !ok {
		return nil, Span{}, fmt.Errorf("cache file: the record at byte %d is damaged", at.Off)
	}
	return rec, at, nil
}

// Span is where a record lies in a cache file: its bytes and checksum.
type Span struct {
	Off int64
	Len int
}

// counter reads bytes for ReadUvarint, counting them.
type counter struct{ c *Reader }

func (r counter) ReadByte() (byte, error) {
	b, err := r.c.r.ReadByte()
	if err == nil {
		r.c.off++
	}
	return b, err
}

// Encoder appends fields to a record.
type Encoder struct{ B []byte }

// Uint appends n.
func (e *Encoder) Uint(n uint64) { e.B = binary.AppendUvarint(e.B, n) }

// Int appends n.
func (e *Encoder) Int(n int64) { e.B = binary.AppendVarint(e.B, n) }

// Bytes appends b with its length.
func (e *Encoder) Bytes(b []byte) {
	e.Uint(uint64(len(b)))
	e.B = append(e.B, b...)
}

// String appends s with its length.
func (e *Encoder) String(s string) {
	e.Uint(uint64(len(s)))
	e.B = append(e.B, s...)
}

// Decoder reads a record's fields in the order they were appended. The
// first problem sticks: later reads return zero values, and Err reports
// it.
type Decoder struct {
	b   []byte
	err error
}

// NewDecoder reads the fields of rec.
func NewDecoder(rec []byte) *Decoder { return &Decoder{b: rec} }

var errBad = errors.New("cache file: a record is malformed")

// Uint reads a number appended by Encoder.Uint.
func (d *Decoder) Uint() uint64 { return number(d, binary.Uvarint) }

// Int reads a number appended by Encoder.Int.
func (d *Decoder) Int() int64 { return number(d, binary.Varint) }

// number reads a varint with read, binary.Uvarint or binary.Varint.
func number[T uint64 | int64](d *Decoder, read func([]byte) (T, int)) T {
	if d.err != nil {
		return 0
	}
	n, k := read(d.b)
	if k <= 0 {
		d.err = errBad
		return 0
	}
	d.b = d.b[k:]
	return n
}

// Bytes reads bytes appended by Encoder.Bytes, sharing rec's memory.
func (d *Decoder) Bytes() []byte {
	n := d.Uint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errBad
		return nil
	}
	b := d.b[:n:n]
	d.b = d.b[n:]
	return b
}

// String reads a string appended by Encoder.String.
func (d *Decoder) String() string { return string(d.Bytes()) }

// Fixed reads the next len(out) bytes into out, as written by appending
// them to Encoder.B directly.
func (d *Decoder) Fixed(out []byte) {
	if d.err != nil {
		return
	}
	if len(d.b) < len(out) {
		d.err = errBad
		return
	}
	copy(out, d.b)
	d.b = d.b[len(out):]
}

// Err reports the first problem met, or bytes left over after the last
// field.
func (d *Decoder) Err() error {
	if d.err == nil && len(d.b) > 0 {
		return errBad
	}
	return d.err
}
