package cachefile

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// records writes a cache file of recs with header.
func records(header string, recs ...string) []byte {
	var b bytes.Buffer
	w := NewWriter(&b, []byte(header))
	for _, r := range recs {
		w.Add([]byte(r))
	}
	if err := w.Flush(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// readAll reads every record of data, written with header, checking that
// each offset points at its record.
func readAll(t *testing.T, data []byte, header string) ([]string, error) {
	r, err := NewReader(bytes.NewReader(data), int64(len(data)), []byte(header))
	if err != nil {
		return nil, err
	}
	var out []string
	for {
		rec, at, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if at.Off < 0 || at.Off+int64(at.Len) > int64(len(data)) {
			t.Fatalf("record %q reported at %+v", rec, at)
		}
		if again, ok := Check(data[at.Off : at.Off+int64(at.Len)]); !ok || !bytes.Equal(again, rec) {
			t.Fatalf("record %q reported at %+v, which holds %q", rec, at, again)
		}
		out = append(out, string(rec))
	}
}

func TestRoundTrip(t *testing.T) {
	recs := []string{"a", "", strings.Repeat("long ", 100000), "\x00\xff"}
	data := records("h1", recs...)
	got, err := readAll(t, data, "h1")
	if err != nil || strings.Join(got, "|") != strings.Join(recs, "|") {
		t.Fatalf("got %d records, %v", len(got), err)
	}
	if _, err := readAll(t, data, "h2"); !errors.Is(err, ErrStale) {
		t.Errorf("another header: %v, want ErrStale", err)
	}
	if _, err := readAll(t, []byte("ssg cache 0\n\x02h1"), "h1"); !errors.Is(err, ErrStale) {
		t.Errorf("another version: %v, want ErrStale", err)
	}
	for i := len(magic) + 4; i < len(data); i += 997 {
		damaged := bytes.Clone(data)
		damaged[i] ^= 0x20
		if _, err := readAll(t, damaged, "h1"); err == nil {
			t.Errorf("a byte flipped at %d went unnoticed", i)
		}
	}
	// A file cut between records reads as fewer records, which a cache
	// can afford; cut anywhere else, it is an error.
	for cut := len(data) - 1; cut > len(data)-20; cut-- {
		got, err := readAll(t, data[:cut], "h1")
		if err == nil && (len(got) >= len(recs) || strings.Join(got, "|") != strings.Join(recs[:len(got)], "|")) ||
			errors.Is(err, ErrStale) {
			t.Errorf("cut at %d of %d: %d records, %v", cut, len(data), len(got), err)
		}
	}
}

func TestDecoder(t *testing.T) {
	var e Encoder
	e.Uint(300)
	e.Int(-5)
	e.String("text")
	e.Bytes([]byte{1, 2})
	e.B = append(e.B, "fixed"...)
	d := NewDecoder(e.B)
	var fixed [5]byte
	u, i, s, b := d.Uint(), d.Int(), d.String(), d.Bytes()
	d.Fixed(fixed[:])
	if err := d.Err(); err != nil || u != 300 || i != -5 || s != "text" || !bytes.Equal(b, []byte{1, 2}) || string(fixed[:]) != "fixed" {
		t.Fatalf("got %v %v %q %v %q, %v", u, i, s, b, fixed, err)
	}
	decodes := func(rec []byte) bool {
		d := NewDecoder(rec)
		d.Uint()
		d.Int()
		_ = d.String()
		d.Bytes()
		d.Fixed(fixed[:])
		return d.Err() == nil
	}
	for n := range len(e.B) {
		if decodes(e.B[:n]) {
			t.Errorf("a record cut at %d decoded", n)
		}
	}
	if decodes(append(e.B[:len(e.B):len(e.B)], 'x')) {
		t.Error("a record with bytes left over decoded")
	}
}

// FuzzReader checks that any bytes read as a cache file give records or
// an error, never a panic, and never a record longer than the file.
func FuzzReader(f *testing.F) {
	f.Add(records("h", "one", "two"))
	f.Add([]byte(magic + "\x01h\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"))
	f.Add([]byte(magic + "\x01h\x05ab"))
	f.Add([]byte(magic + "\x05h\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, _ := readAll(t, data, "h")
		total := 0
		for _, r := range recs {
			total += len(r)
		}
		if total > len(data) {
			t.Fatalf("%d bytes of records from %d bytes", total, len(data))
		}
	})
}
