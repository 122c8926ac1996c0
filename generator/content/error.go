package content

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// ErrNoFrontMatter reports a review that does not start with a front matter block.
var ErrNoFrontMatter = errors.New("no front matter: a review starts with ---, +++ or {")

// ErrUnclosed reports a front matter block that is opened but never closed.
var ErrUnclosed = errors.New("front matter is never closed")

// Error is a problem at a position in a file: the one positioned error type.
type Error struct {
	File string // slash path from the site root, like content/reviews/x.md
	Line int    // 1-based; 0 when the problem has no line
	Err  error
}

// Error formats the problem as "file:line: what is wrong".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error, so errors.Is sees sentinels.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error at file:line with a formatted message.
func Errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}

// Join sorts errs by file, then line, then text, and joins them; it returns
// nil when errs is empty. Errors that are not *Error sort first.
func Join(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	flat := flatten(errs)
	slices.SortStableFunc(flat, func(a, b error) int {
		var ea, eb *Error
		okA, okB := errors.As(a, &ea), errors.As(b, &eb)
		switch {
		case okA && okB:
			if c := cmp.Compare(ea.File, eb.File); c != 0 {
				return c
			}
			if c := cmp.Compare(ea.Line, eb.Line); c != 0 {
				return c
			}
		case okA:
			return 1
		case okB:
			return -1
		}
		return cmp.Compare(a.Error(), b.Error())
	})
	return errors.Join(flat...)
}

// flatten expands joined errors so that every problem sorts on its own.
func flatten(errs []error) []error {
	var out []error
	for _, err := range errs {
		if err == nil {
			continue
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			out = append(out, flatten(j.Unwrap())...)
			continue
		}
		out = append(out, err)
	}
	return out
}
