package devserver

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSearchBrowser opens the search page of a served site in headless
// Chromium with a query in its address and checks what a reader sees:
// the results of the query, results that follow what is typed, the query
// kept in the address, and the arrow keys moving from the box to the
// results. Skipped without chromium, unless SSG_REQUIRE_BROWSER=1.
func TestSearchBrowser(t *testing.T) {
	ctx, browser := startBrowser(t)
	files := map[string]string{
		"content/reviews/tarkovsky.md": "---\ntitle: An ocean of grief\nfilm: Solaris\nyear: 1972\nrating: 4/4\n" +
			"date: 2024-05-01\nauthor: Ann\ndirector: Andrei Tarkovsky\ncast: [Donatas Banionis]\n---\nBody.\n",
		"content/reviews/soderbergh.md": "---\ntitle: Clooney in orbit\nfilm: Solaris\nyear: 2002\nrating: 2.5/4\n" +
			"date: 2024-06-01\nauthor: Bo\ndirector: Steven Soderbergh\ncast: [George Clooney]\n---\nBody.\n",
		"content/reviews/amelie.md": "---\ntitle: A postcard of Paris\nfilm: Amélie\nyear: 2001\n" +
			"date: 2024-07-01\nauthor: Ann\ndirector: Jean-Pierre Jeunet\ncast: [Audrey Tautou]\n---\nBody.\n",
		"content/reviews/evil.md": "---\ntitle: Solaris, said the script\nfilm: '</script><script>window.pwned=1</script>'\n" +
			"date: 2024-04-01\n---\nBody.\n",
	}
	l := start(t, files, Options{})
	base := strings.TrimSuffix(l.url, "/")
	page, err := browser.NewPage(ctx, base+"/search/?q=solaris")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			t.Logf("console: %q", page.Console())
		}
	}()
	eval := func(expr string) any {
		t.Helper()
		return evalJSON(ctx, t, page, expr)
	}
	results := `Array.from(document.querySelectorAll("#search-results li")).map(li => li.innerText.replace(/\s+/g, " ").trim())`
	titles := `Array.from(document.querySelectorAll("#search-results .search-result-title a")).map(a => a.textContent).join(" | ")`

	t.Run("the query in the address shows its results", func(t *testing.T) {
		if err := page.WaitFor(ctx, `document.querySelectorAll("#search-results li").length === 3`); err != nil {
			t.Fatal(err)
		}
		if v := eval(`document.getElementById("search-input").value`); v != "solaris" {
			t.Errorf("the box holds %q", v)
		}
		// Film matches first, newest first; then the title match.
		if got, want := eval(titles), "Clooney in orbit | An ocean of grief | Solaris, said the script"; got != want {
			t.Errorf("results %q, want %q", got, want)
		}
		got := eval(results).([]any)
		for i, want := range []string{"Solaris (2002) Clooney in orbit ★★½ · Bo · 1 June 2024",
			"Solaris (1972) An ocean of grief ★★★★ · Ann · 1 May 2024"} {
			if got[i] != want {
				t.Errorf("result %d reads %q, want %q", i, got[i], want)
			}
		}
		if s := eval(`document.getElementById("search-status").textContent`).(string); !strings.HasPrefix(s, "3 reviews match") {
			t.Errorf("status %q", s)
		}
		if v := eval(`document.querySelector("#search-results a").getAttribute("href")`); v != "/films/solaris-2002/" {
			t.Errorf("first link %v", v)
		}
		if v := eval(`document.querySelector(".search-result-title a").getAttribute("href")`); v != "/reviews/soderbergh/" {
			t.Errorf("first review link %v", v)
		}
		if v := eval(`document.querySelector("#search-results .search-stars").getAttribute("aria-label")`); v != "2.5 out of 4 stars" {
			t.Errorf("stars label %v", v)
		}
		if v := eval(`String(window.pwned)`); v != "undefined" {
			t.Errorf("a film's title ran as script: window.pwned = %v", v)
		}
		if v := eval(`document.querySelectorAll("#search-results li")[2].querySelector(".card-film").textContent`); v != "</script><script>window.pwned=1</script>" {
			t.Errorf("the hostile film's title shows as %q", v)
		}
	})

	t.Run("typing changes the results and the address", func(t *testing.T) {
		type_ := func(q string) {
			t.Helper()
			eval(`(() => { const i = document.getElementById("search-input"); i.value = ` + jsString(q) + `; i.dispatchEvent(new Event("input", {bubbles: true})); })()`)
		}
		type_("tark")
		if err := page.WaitFor(ctx, titles+` === "An ocean of grief"`); err != nil {
			t.Fatal(err)
		}
		if v := eval(`location.search`); v != "?q=tark" {
			t.Errorf("address has %v", v)
		}
		type_("AMÉ")
		if err := page.WaitFor(ctx, titles+` === "A postcard of Paris"`); err != nil {
			t.Fatal(err)
		}
		type_("ann paris")
		if err := page.WaitFor(ctx, titles+` === "A postcard of Paris"`); err != nil {
			t.Fatal(err)
		}
		type_("nothing like this")
		if err := page.WaitFor(ctx, `document.querySelectorAll("#search-results li").length === 0 && document.getElementById("search-status").textContent.startsWith("No review matches")`); err != nil {
			t.Fatal(err)
		}
		type_("")
		if err := page.WaitFor(ctx, `document.querySelectorAll("#search-results li").length === 0 && location.search === ""`); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("arrow keys reach the results", func(t *testing.T) {
		eval(`(() => { const i = document.getElementById("search-input"); i.value = "solaris"; i.dispatchEvent(new Event("input")); })()`)
		if err := page.WaitFor(ctx, `document.querySelectorAll("#search-results li").length === 3`); err != nil {
			t.Fatal(err)
		}
		key := func(target, key string) {
			eval(target + `.dispatchEvent(new KeyboardEvent("keydown", {key: "` + key + `", bubbles: true}))`)
		}
		eval(`document.getElementById("search-input").focus()`)
		key(`document.getElementById("search-input")`, "ArrowDown")
		key(`document.activeElement`, "ArrowDown")
		if v := eval(`document.activeElement.textContent`); v != "An ocean of grief" {
			t.Errorf("two steps down focus %q", v)
		}
		key(`document.activeElement`, "Escape")
		if v := eval(`document.activeElement.id`); v != "search-input" {
			t.Errorf("Escape focuses %q", v)
		}
	})
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
