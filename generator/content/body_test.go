package content

import (
	"errors"
	"strings"
	"testing"
	"unsafe"

	"ssg/generator/markdown"
)

// TestUnclosedSpoilerLine checks that an unclosed spoiler block is an
// error at the line of its ":::spoiler" in the file, whatever the front
// matter's format and the file's line endings, and that it is reported
// with the front matter's problems.
func TestUnclosedSpoilerLine(t *testing.T) {
	body := "First paragraph.\n\n:::spoiler\nHidden, never closed.\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"yaml", "---\ntitle: T\nfilm: F\ndate: 2024-05-01\n---\n" + body, []string{file + `:8: spoiler block is never closed: end it with a line ":::"`}},
		{"toml", "+++\ntitle = \"T\"\nfilm = \"F\"\ndate = 2024-05-01\n+++\n\n" + body, []string{file + ":9: spoiler block"}},
		{"json", "{\n\"title\": \"T\",\n\"film\": \"F\",\n\"date\": \"2024-05-01\"\n}\n\n" + body, []string{file + ":9: spoiler block"}},
		{"blank lines before the front matter", "\n\n---\ntitle: T\nfilm: F\ndate: 2024-05-01\n---\n" + body, []string{file + ":10: spoiler block"}},
		{"bom and crlf", "\ufeff---\r\ntitle: T\r\nfilm: F\r\ndate: 2024-05-01\r\n---\r\n" + strings.ReplaceAll(body, "\n", "\r\n"), []string{file + ":8: spoiler block"}},
		{"nested", "---\ntitle: T\nfilm: F\ndate: 2024-05-01\n---\n:::spoiler\ntext\n\n> :::spoiler\n> quoted\n:::\n", []string{
			file + ":6: spoiler block", file + ":9: spoiler block"}},
		{"four colons", "---\ntitle: T\nfilm: F\ndate: 2024-05-01\n---\n::::spoiler\n:::\n", []string{file + `:6: spoiler block is never closed: end it with a line "::::"`}},
		{"with front matter problems", "---\ntitle: T\nfilm: F\ndate: soon\n---\n" + body, []string{
			file + `:4: date: "soon" is not a date`, file + ":8: spoiler block"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(file, []byte(tt.src), testOpts)
			if err == nil {
				t.Fatalf("no error; review %+v", r)
			}
			if !errors.Is(err, markdown.ErrUnclosedSpoiler) {
				t.Errorf("error %v is not ErrUnclosedSpoiler", err)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Errorf("%d errors, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for i, w := range tt.want {
				if i < len(lines) && !strings.HasPrefix(lines[i], w) {
					t.Errorf("error %d is %q, want it to start %q", i, lines[i], w)
				}
			}
		})
	}
}

// TestSummaryAndPullquote checks where a review's summary and pull quote
// come from, and that neither has spoilers.
func TestSummaryAndPullquote(t *testing.T) {
	tests := []struct {
		name, matter, body string
		summary            string
		summaryInBody      bool
		pullquote          string
		pullquoteInBody    bool
	}{
		{"first paragraph", "", "The first.\n\nThe second.\n", "The first.", true, "", false},
		{"front matter beats the first paragraph", "summary: Written.\n", "The first.\n", "Written.", false, "", false},
		{"more beats the front matter", "summary: Written.\n", "Up to\nthe fold.\n\n<!--more-->\n\nAfter.\n", "Up to the fold.", true, "", false},
		{"an empty more is not a summary", "summary: Written.\n", "<!--more-->\n\nAfter.\n", "Written.", false, "", false},
		{"no text at all", "", "```\ncode\n```\n", "", false, "", false},
		{"no first paragraph when it may give the plot away", "spoilers: true\n", "The first.\n", "", false, "", false},
		{"but a more when the review has spoilers", "spoilers: true\n", "The first.\n<!--more-->\n", "The first.", true, "", false},
		{"spoilers left out", "", "Kris ||stays||.\n\n:::spoiler\nHidden.\n:::\n\n<!--more-->\n", "Kris ….", true, "", false},
		{"marked pull quote", "", "> [!pullquote]\n> Quoted ||not this||.\n\nLead.\n", "Lead.", true, "Quoted ….", true},
		{"front matter pull quote wins", "pullquote: Written.\n", "> [!pullquote]\n> Quoted.\n", "", false, "Written.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: T\nfilm: F\ndate: 2024-05-01\n" + tt.matter + "---\n" + tt.body
			r, err := Parse(file, []byte(src), testOpts)
			if err != nil {
				t.Fatal(err)
			}
			if r.Summary != tt.summary || r.SummaryInBody != tt.summaryInBody {
				t.Errorf("summary %q (in body: %v), want %q (%v)", r.Summary, r.SummaryInBody, tt.summary, tt.summaryInBody)
			}
			if r.Pullquote != tt.pullquote || r.PullquoteInBody != tt.pullquoteInBody {
				t.Errorf("pull quote %q (in body: %v), want %q (%v)", r.Pullquote, r.PullquoteInBody, tt.pullquote, tt.pullquoteInBody)
			}
		})
	}
}

func TestReadingTime(t *testing.T) {
	tests := []struct {
		words, minutes int
	}{
		{0, 1}, {1, 1}, {229, 1}, {230, 1}, {231, 2}, {460, 2}, {461, 3}, {2300, 10},
	}
	for _, tt := range tests {
		body := strings.Repeat("word ", tt.words)
		src := "---\ntitle: T\nfilm: F\ndate: 2024-05-01\n---\n" + body + "\n"
		r, err := Parse(file, []byte(src), testOpts)
		if err != nil {
			t.Fatal(err)
		}
		if r.Words != tt.words || r.ReadingTime != tt.minutes {
			t.Errorf("%d words: got %d words, %d min; want %d min", tt.words, r.Words, r.ReadingTime, tt.minutes)
		}
	}
}

// TestWordsOfRenderedText checks that markup, link destinations and
// front matter are not words.
func TestWordsOfRenderedText(t *testing.T) {
	src := "---\ntitle: Many words in the title\nfilm: F\ndate: 2024-05-01\n---\n" +
		"## A *heading*\n\nSee [the film](https://example.com/a/long/url \"a title\") -- twice.\n\n- one\n- ||two||\n"
	r, err := Parse(file, []byte(src), testOpts)
	if err != nil {
		t.Fatal(err)
	}
	if r.Words != 8 { // A heading See the film twice one two
		t.Errorf("Words = %d, want 8", r.Words)
	}
}

// TestSpoilerFreeSharesBody checks that a review without spoilers pays
// nothing for its spoiler-free copy: it is Body, not a copy of it.
func TestSpoilerFreeSharesBody(t *testing.T) {
	parse := func(body string) *Review {
		r, err := Parse(file, []byte("---\ntitle: T\nfilm: F\ndate: 2024-05-01\n---\n"+body), testOpts)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := parse("No spoilers, || not one.\n")
	if unsafe.StringData(string(r.SpoilerFree)) != unsafe.StringData(string(r.Body)) {
		t.Error("a review without spoilers has a copy of its body")
	}
	r = parse("The ending: ||she stays||.\n")
	if strings.Contains(string(r.SpoilerFree), "she stays") || !strings.Contains(string(r.SpoilerFree), "[spoiler hidden]") {
		t.Errorf("SpoilerFree = %q", r.SpoilerFree)
	}
	if !strings.Contains(string(r.Body), "she stays") {
		t.Errorf("Body = %q", r.Body)
	}
}
