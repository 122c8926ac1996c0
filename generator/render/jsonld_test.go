package render

import (
	"bytes"
	"encoding/json"
	"testing"
)

// asMaps is v with each ldThing made a map, as encoding/json takes it.
func asMaps(v any) any {
	switch v := v.(type) {
	case ldThing:
		if v == nil {
			return map[string]any(nil)
		}
		m := map[string]any{}
		for _, member := range v {
			m[member.name] = asMaps(member.value)
		}
		return m
	case []ldThing:
		if v == nil {
			return []any(nil)
		}
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = asMaps(x)
		}
		return out
	}
	return v
}

// TestLDMatchesEncodingJSON checks the hand-written JSON-LD against
// json.Marshal of the same values as maps, byte for byte: every page's of
// a generated site, and values with what JSON must escape.
func TestLDMatchesEncodingJSON(t *testing.T) {
	check := func(t *testing.T, v ldThing) {
		t.Helper()
		want, err := json.Marshal(asMaps(v))
		if err != nil {
			t.Fatal(err)
		}
		if got := appendLD(nil, v); !bytes.Equal(got, want) {
			t.Errorf("appendLD:\n got %s\nwant %s", got, want)
		}
	}
	check(t, ldThing{{"b", 1}, {"a", "x"}, {"@c", []string{"<\u2028>", "\b\f\x00"}}, {"d", []ldThing{{{"z", -3}}, nil}},
		{"e", ldThing(nil)}, {"f", []string(nil)}, {"g", []ldThing(nil)}, {"A", "é\xff&"}})

	s := corpusSite(t, 300)
	info := &Info{Title: "Films & <Co>", BaseURL: "https://example.com", Scale: "4", PerPage: 20}
	n := 0
	for _, j := range pages(s, info, nil) {
		if j.encode != nil {
			continue
		}
		ld := string(j.page.JSONLD())
		if ld == "" {
			continue
		}
		n++
		var back any
		if err := json.Unmarshal([]byte(ld), &back); err != nil {
			t.Fatalf("%s: invalid JSON-LD %s: %v", j.page.URL, ld, err)
		}
		if want, _ := json.Marshal(back); ld != string(want) {
			// json.Marshal of what it decodes sorts every object's
			// members and escapes as encoding/json does.
			t.Errorf("%s:\n got %s\nwant %s", j.page.URL, ld, want)
		}
	}
	if n < 300 {
		t.Errorf("only %d pages have JSON-LD", n)
	}
}
