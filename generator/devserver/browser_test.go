package devserver

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"ssg/internal/chromium"
)

// TestBrowser opens pages of a served site in headless Chromium and checks
// what an author sees: an edited page reloads, another page does not, a
// stylesheet change swaps the stylesheet without a reload, a broken review
// shows the overlay with its file and line, and the fix reloads the page
// without it. It needs Debian's chromium; without it the test is skipped,
// unless SSG_REQUIRE_BROWSER=1 (as in CI) makes that a failure.
func TestBrowser(t *testing.T) {
	ctx, browser := startBrowser(t)
	l := start(t, demo, Options{})
	base := strings.TrimSuffix(l.url, "/")

	edited, err := browser.NewPage(ctx, base+"/reviews/solaris/")
	if err != nil {
		t.Fatal(err)
	}
	other, err := browser.NewPage(ctx, base+"/reviews/alien/")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			t.Logf("edited page console: %q", edited.Console())
			t.Logf("other page console: %q", other.Console())
		}
	}()
	// A page whose stream connects after a rebuild is told to reload by
	// the version it sends, so no wait for the streams is needed.
	eval := func(p *chromium.Page, expr string) string {
		t.Helper()
		v, err := p.Eval(ctx, expr)
		if err != nil {
			t.Fatal(err)
		}
		var s any
		if err := json.Unmarshal(v, &s); err != nil {
			t.Fatal(err)
		}
		if str, ok := s.(string); ok {
			return str
		}
		return string(v)
	}
	// A marker in each page's window survives everything but a reload.
	eval(edited, "window.marker = 'set'")
	eval(other, "window.marker = 'set'")

	t.Run("an edit reloads the page", func(t *testing.T) {
		loads := edited.Loads()
		l.write("content/reviews/solaris.md", reviewText("Solaris", 1972, "4/4", "Seen again in the browser."))
		if err := edited.WaitLoad(ctx, loads+1); err != nil {
			t.Fatal(err)
		}
		if err := edited.WaitFor(ctx, `document.body.innerText.includes("Seen again in the browser.")`); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("a stylesheet change swaps it without a reload", func(t *testing.T) {
		eval(edited, "window.marker = 'set'")
		loads, otherLoads := edited.Loads(), other.Loads()
		before := eval(edited, `document.querySelector('link[rel=stylesheet]').href`)
		l.write("static/style.css", "body { background: rgb(1, 2, 3) }\n")
		for _, p := range []*chromium.Page{edited, other} {
			if err := p.WaitFor(ctx, `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`); err != nil {
				t.Fatal(err)
			}
		}
		if after := eval(edited, `document.querySelector('link[rel=stylesheet]').href`); after == before {
			t.Errorf("stylesheet link still %s", after)
		}
		// The other page handled the stylesheet event after the edit's, so
		// had the edit wrongly reloaded it, that would show by now.
		if edited.Loads() != loads || other.Loads() != otherLoads {
			t.Errorf("pages reloaded for a stylesheet change: %d→%d, %d→%d", loads, edited.Loads(), otherLoads, other.Loads())
		}
		if m := eval(other, "window.marker"); m != "set" {
			t.Errorf("the page that did not change lost its state (marker %q): it reloaded", m)
		}
		if m := eval(edited, "window.marker"); m != "set" {
			t.Errorf("a stylesheet change reloaded the page (marker %q)", m)
		}
	})

	t.Run("a broken review shows the overlay, its fix reloads", func(t *testing.T) {
		l.write("content/reviews/solaris.md", "---\ntitle: Solaris\nfilm: [unclosed\n---\nbody\n")
		overlay := `(document.getElementById("ssg-error-overlay")?.shadowRoot?.textContent ?? "")`
		for _, p := range []*chromium.Page{edited, other} {
			if err := p.WaitFor(ctx, overlay+`.includes("content/reviews/solaris.md:3")`); err != nil {
				t.Fatal(err)
			}
		}
		if text := eval(edited, `document.body.innerText`); !strings.Contains(text, "Seen again in the browser.") {
			t.Error("the last good page is gone while the overlay shows")
		}
		loads := edited.Loads()
		l.write("content/reviews/solaris.md", reviewText("Solaris", 1972, "4/4", "Fixed in the browser."))
		if err := edited.WaitLoad(ctx, loads+1); err != nil {
			t.Fatal(err)
		}
		if err := edited.WaitFor(ctx, `document.body.innerText.includes("Fixed in the browser.") && !document.getElementById("ssg-error-overlay")`); err != nil {
			t.Fatal(err)
		}
	})
}

// startBrowser starts headless Chromium for a test, closed when it ends,
// with a context of a minute. Without chromium the test is skipped, unless
// SSG_REQUIRE_BROWSER=1 (as in CI) makes that a failure.
func startBrowser(t *testing.T) (context.Context, *chromium.Browser) {
	t.Helper()
	path, err := chromium.Find()
	if err != nil {
		if os.Getenv("SSG_REQUIRE_BROWSER") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	browser, err := chromium.Start(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { browser.Close() })
	return ctx, browser
}

// evalJSON evaluates expr in page and decodes its JSON value, failing the
// test on any error.
func evalJSON(ctx context.Context, t *testing.T, page *chromium.Page, expr string) any {
	t.Helper()
	v, err := page.Eval(ctx, expr)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(v, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
