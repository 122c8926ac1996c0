package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
)

// ErrNotFile reports a path that names what ssg does not read as a file:
// a folder, a named pipe, a socket or a device.
var ErrNotFile = errors.New("not a file")

// Open opens the file name of fsys, refusing anything but a regular file,
// a symbolic link's target included, with an error wrapping ErrNotFile
// that says what it is. It looks before it opens: opening a named pipe
// waits for a writer that may never come, and reading a device may never
// end. The file read is the one looked at unless it is replaced in
// between, by a program racing the build.
func Open(fsys fs.FS, name string) (fs.File, error) {
	f, _, err := open(fsys, name)
	return f, err
}

// ReadFile reads the file name of fsys as fs.ReadFile does, but only a
// regular file (see Open).
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	f, info, err := open(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b bytes.Buffer
	if size := info.Size(); size > 0 && int64(int(size)) == size {
		b.Grow(int(size) + bytes.MinRead) // room to see the end without growing
	}
	_, err = b.ReadFrom(f)
	return b.Bytes(), err
}

// RegularFS is an fs.FS that may know, from listing a folder, that a file
// in it is a regular file: Open then opens it without looking first, a
// look that walks its path again (a folder at a time, through os.Root).
type RegularFS interface {
	fs.FS
	Regular(name string) bool
}

func open(fsys fs.FS, name string) (fs.File, fs.FileInfo, error) {
	if r, ok := fsys.(RegularFS); !ok || !r.Regular(name) {
		info, err := fs.Stat(fsys, name)
		if err != nil {
			return nil, nil, err
		}
		if err := regular(info); err != nil {
			return nil, nil, err
		}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil {
		err = regular(info)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// regular returns nil for a regular file's info, else an error wrapping
// ErrNotFile that says what it is: "a named pipe, not a file".
func regular(info fs.FileInfo) error {
	switch k := Kind(info.Mode()); {
	case info.Mode().IsRegular():
		return nil
	case k == "":
		return ErrNotFile
	default:
		return fmt.Errorf("%s, %w", k, ErrNotFile)
	}
}

// Kind names what a file system entry of mode m is, for messages: "a
// file", "a folder", "a named pipe", "a socket", "a device", or "" for
// anything else.
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a file"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return ""
}
