package content

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// decoder turns front matter fields into typed values, collecting every
// problem instead of stopping at the first.
type decoder struct {
	file   string
	m      *matter
	loc    *time.Location
	errs   []error
	used   map[string]bool
	opener int // the front matter's first line, for missing keys
}

func (d *decoder) fail(line int, format string, args ...any) {
	d.errs = append(d.errs, Errorf(d.file, line, format, args...))
}

// get marks key as known and returns its field.
func (d *decoder) get(key string) (field, bool) {
	d.used[key] = true
	f, ok := d.m.Fields[key]
	if ok && f.Value == nil {
		return f, false // `key:` with no value is the same as absent
	}
	return f, ok
}

func (d *decoder) required(key string) (field, bool) {
	f, ok := d.get(key)
	if !ok {
		d.fail(d.opener, "missing required field %q", key)
	}
	return f, ok
}

// text converts a scalar to a string: numbers are written as numbers
// (a film called 1917), booleans and lists are type errors.
func text(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case json.Number:
		return v.String(), nil
	}
	return "", fmt.Errorf("want text, got %s", describe(v))
}

// text is the field as text, as written where the format keeps that.
func (f field) text() (string, error) {
	switch f.Value.(type) {
	case int64, float64:
		if f.Text != "" {
			return strings.TrimSpace(f.Text), nil
		}
	}
	return text(f.Value)
}

func describe(v any) string {
	switch v := v.(type) {
	case bool:
		return fmt.Sprintf("%t", v)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	case time.Time:
		return "a date"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%v", v)
}

func (d *decoder) str(key string, req bool) string {
	f, ok := d.get(key)
	if req {
		f, ok = d.required(key)
	}
	if !ok {
		return ""
	}
	s, err := f.text()
	if err != nil {
		d.fail(f.Line, "%s: %v", key, err)
		return ""
	}
	if req && s == "" {
		d.fail(f.Line, "%s: must not be empty", key)
	}
	return s
}

// list accepts a list of scalars or a single scalar.
func (d *decoder) list(key string) []string {
	f, ok := d.get(key)
	if !ok {
		return nil
	}
	items, isList := f.Value.([]any)
	if !isList {
		items = []any{f.Value}
	}
	var out []string
	for _, it := range items {
		s, err := text(it)
		if err != nil {
			d.fail(f.Line, "%s: %v", key, err)
			return nil
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (d *decoder) boolean(key string) bool {
	f, ok := d.get(key)
	if !ok {
		return false
	}
	switch v := f.Value.(type) {
	case bool:
		return v
	case string:
		if b, err := strconv.ParseBool(strings.TrimSpace(v)); err == nil {
			return b
		}
	}
	d.fail(f.Line, "%s: want true or false, got %s", key, describe(f.Value))
	return false
}

// integer accepts 2010, "2010" and 2010.0 alike.
func (d *decoder) integer(key string) (int, int, bool) {
	f, ok := d.get(key)
	if !ok {
		return 0, 0, false
	}
	var n int64
	var err error
	switch v := f.Value.(type) {
	case int64:
		n = v
	case float64:
		if v != math.Trunc(v) || math.Abs(v) > 1e15 {
			err = fmt.Errorf("want a whole number, got %v", v)
		}
		n = int64(v)
	case string, json.Number:
		s, _ := text(v)
		n, err = strconv.ParseInt(s, 10, 64)
		if fl, ferr := strconv.ParseFloat(s, 64); err != nil && ferr == nil && fl == math.Trunc(fl) && math.Abs(fl) < 1e15 {
			n, err = int64(fl), nil // "2010.0" is 2010, as the number 2010.0 is
		}
		if err != nil {
			err = fmt.Errorf("want a whole number, got %q", s)
		}
	default:
		err = fmt.Errorf("want a whole number, got %s", describe(v))
	}
	if err != nil {
		d.fail(f.Line, "%s: %v", key, err)
		return 0, f.Line, false
	}
	if n < 0 || n > math.MaxInt32 {
		d.fail(f.Line, "%s: %d is out of range", key, n)
		return 0, f.Line, false
	}
	return int(n), f.Line, true
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseDate reads a date or date-time; one without a zone is in loc.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want 2024-05-01 or 2024-05-01T20:30:00)", s)
}

func (d *decoder) date(key string, req bool) time.Time {
	f, ok := d.get(key)
	if req {
		f, ok = d.required(key)
	}
	if !ok {
		return time.Time{}
	}
	switch v := f.Value.(type) {
	case time.Time:
		if v.Location().String() == "time-local" {
			// A TOML local time (date = 07:32:00), which BurntSushi/toml
			// dates 1 January of the year 0; YAML's is a string, refused
			// by ParseDate.
			clock := v.Format("15:04:05.999999999")
			d.fail(f.Line, "%s: %s is a time of day, not a date (want 2024-05-01 or 2024-05-01T%s)", key, clock, clock)
			return time.Time{}
		}
		if strings.HasSuffix(v.Location().String(), "-local") {
			// TOML local dates carry no zone: read the wall clock in the site's.
			return time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), d.loc)
		}
		return v
	case string:
		t, err := ParseDate(v, d.loc)
		if err != nil {
			d.fail(f.Line, "%s: %v", key, err)
		}
		return t
	}
	d.fail(f.Line, "%s: want a date, got %s", key, describe(f.Value))
	return time.Time{}
}

// runtime accepts minutes (103, "103", "103 min") or a duration ("1h43m").
func (d *decoder) runtime(key string) int {
	f, ok := d.get(key)
	if !ok {
		return 0
	}
	s, err := f.text()
	if err == nil {
		s = strings.ToLower(s)
		for _, unit := range []string{"minutes", "mins", "min"} {
			if t, ok := strings.CutSuffix(s, unit); ok {
				s = strings.TrimSpace(t)
				break
			}
		}
		if n, e := strconv.Atoi(s); e == nil && n > 0 && n < 100000 {
			return n
		}
		if dur, e := time.ParseDuration(strings.ReplaceAll(s, " ", "")); e == nil && dur >= time.Minute && dur < 100000*time.Minute {
			return int(dur.Round(time.Minute) / time.Minute)
		}
		err = fmt.Errorf("%q is not a running time (want minutes like 103 or a duration like 1h43m)", s)
	}
	d.fail(f.Line, "%s: %v", key, err)
	return 0
}

// params returns the fields no typed decoder asked for.
func (d *decoder) params() map[string]any {
	var out map[string]any
	for _, k := range d.m.Keys {
		if d.used[k] {
			continue
		}
		if out == nil {
			out = map[string]any{}
		}
		out[k] = d.m.Fields[k].Value
	}
	return out
}

// aliases reads the old URLs a review answers at too, as clean
// root-relative paths: "/old/url/" or "/old.html". A path that could
// escape the site or name no page is an error.
func (d *decoder) aliases() []string {
	list := d.list("aliases")
	f, _ := d.get("aliases")
	var out []string
	seen := map[string]bool{}
	for _, a := range list {
		p := a
		if !strings.HasSuffix(p, "/") && !strings.HasSuffix(p, ".html") {
			p += "/"
		}
		clean := path.Clean(p)
		if strings.HasSuffix(p, "/") {
			clean += "/"
		}
		if !strings.HasPrefix(a, "/") || clean != p || p == "/" || strings.ContainsAny(p, "?#\\") || strings.ContainsFunc(p, unicode.IsControl) ||
			!fs.ValidPath(strings.Trim(p, "/")) || strings.Contains(p, "/.") {
			d.fail(f.Line, "alias %q: want a path from the site's root, like /old/url/", a)
			continue
		}
		if seen[strings.ToLower(p)] {
			d.fail(f.Line, "alias %q is listed twice", a)
			continue
		}
		seen[strings.ToLower(p)] = true
		out = append(out, p)
	}
	return out
}
