package devserver

import (
	"strings"
	"testing"
)

// TestSpoilerBrowser opens a review with spoilers in headless Chromium
// and checks, with the theme's stylesheet and no script of the page's
// own, that an inline spoiler cannot be read until it is focused, that
// it says "Spoiler" to a screen reader, and that a spoiler block is
// closed. Skipped without chromium, unless SSG_REQUIRE_BROWSER=1.
func TestSpoilerBrowser(t *testing.T) {
	ctx, browser := startBrowser(t)
	l := start(t, map[string]string{
		"content/reviews/alien.md": "---\ntitle: Alien\nfilm: Alien\ndate: 2024-05-01\n---\n" +
			"The cat? ||Jones *lives*.||\n\n:::spoiler The ending\nRipley sleeps.\n:::\n",
	}, Options{})
	page, err := browser.NewPage(ctx, strings.TrimSuffix(l.url, "/")+"/reviews/alien/")
	if err != nil {
		t.Fatal(err)
	}
	eval := func(expr string) any {
		t.Helper()
		return evalJSON(ctx, t, page, expr)
	}
	if err := page.WaitFor(ctx, `document.querySelector("span.spoiler") !== null && document.styleSheets.length > 0`); err != nil {
		t.Fatal(err)
	}
	// The words and the emphasis inside are both drawn in the colour of
	// nothing until the span has focus.
	colors := `[getComputedStyle(document.querySelector("span.spoiler")).color,
		getComputedStyle(document.querySelector("span.spoiler em")).color]`
	for _, c := range eval(colors).([]any) {
		if c != "rgba(0, 0, 0, 0)" {
			t.Errorf("an unfocused spoiler is drawn in %v, want transparent", c)
		}
	}
	if got := eval(`document.querySelector("span.spoiler").tabIndex`); got != 0.0 {
		t.Errorf("tabIndex %v: the spoiler cannot be focused from the keyboard", got)
	}
	eval(`document.querySelector("span.spoiler").focus(), document.activeElement.className`)
	for _, c := range eval(colors).([]any) {
		if c == "rgba(0, 0, 0, 0)" {
			t.Errorf("a focused spoiler is still transparent")
		}
	}
	if got := eval(`document.querySelector("span.spoiler").textContent`); got != "Spoiler: Jones lives." {
		t.Errorf("a screen reader reads %q", got)
	}
	if got := eval(`getComputedStyle(document.querySelector("span.spoiler .visually-hidden")).position`); got != "absolute" {
		t.Errorf("the spoiler's label is not visually hidden: position %v", got)
	}
	if got := eval(`[document.querySelector("details.spoiler").open, document.querySelector("details.spoiler summary").textContent]`); got.([]any)[0] != false || got.([]any)[1] != "Spoiler: The ending" {
		t.Errorf("spoiler block: [open, summary] = %v", got)
	}
}
