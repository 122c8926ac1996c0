package content

import (
	"slices"
	"strings"
	"testing"
)

func TestExternalIDs(t *testing.T) {
	tests := []struct {
		name, in, want string // want "" for an error
		check          func(string) (string, error)
	}{
		{"imdb 7 digits", "tt1334260", "tt1334260", imdbID},
		{"imdb 8 digits", "tt10872600", "tt10872600", imdbID},
		{"imdb upper case", "TT1334260", "tt1334260", imdbID},
		{"imdb page address", "https://www.imdb.com/title/tt1334260/", "tt1334260", imdbID},
		{"imdb page with query", "https://m.imdb.com/title/tt1334260/?ref_=fn_al_tt_1", "tt1334260", imdbID},
		{"imdb 6 digits", "tt133426", "", imdbID},
		{"imdb 9 digits", "tt133426000", "", imdbID},
		{"imdb without tt", "1334260", "", imdbID},
		{"imdb of a person", "nm0602240", "", imdbID},
		{"imdb with space", "tt 1334260", "", imdbID},
		{"imdb other site", "https://example.com/title/tt1334260/", "", imdbID},
		{"tmdb number", "37903", "37903", tmdbID},
		{"tmdb movie path", "movie/37903", "37903", tmdbID},
		{"tmdb page address", "https://www.themoviedb.org/movie/37903-never-let-me-go", "37903", tmdbID},
		{"tmdb leading zeros", "movie/0037903", "37903", tmdbID},
		{"tmdb zero", "0", "", tmdbID},
		{"tmdb tv show", "tv/1399", "", tmdbID},
		{"tmdb word", "never-let-me-go", "", tmdbID},
		{"tmdb negative", "-5", "", tmdbID},
		{"tmdb too long", "12345678901", "", tmdbID},
		{"letterboxd slug", "never-let-me-go", "never-let-me-go", letterboxdSlug},
		{"letterboxd with year", "solaris-1972", "solaris-1972", letterboxdSlug},
		{"letterboxd digits", "8-half", "8-half", letterboxdSlug},
		{"letterboxd capitals", "Never-Let-Me-Go", "never-let-me-go", letterboxdSlug},
		{"letterboxd page address", "https://letterboxd.com/film/never-let-me-go/", "never-let-me-go", letterboxdSlug},
		{"letterboxd spaces", "never let me go", "", letterboxdSlug},
		{"letterboxd accents", "amélie", "", letterboxdSlug},
		{"letterboxd double dash", "never--let", "", letterboxdSlug},
		{"letterboxd trailing dash", "never-", "", letterboxdSlug},
		{"letterboxd path", "film/never-let-me-go", "", letterboxdSlug},
		{"letterboxd user page", "https://letterboxd.com/melissa/", "", letterboxdSlug},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.check(tt.in)
			switch {
			case tt.want == "" && err == nil:
				t.Errorf("%q: got %q, want an error", tt.in, got)
			case tt.want != "" && err != nil:
				t.Errorf("%q: %v, want %q", tt.in, err, tt.want)
			case got != tt.want:
				t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
			case err != nil && !strings.Contains(err.Error(), "like"):
				t.Errorf("%q: error %q shows no example", tt.in, err)
			}
		})
	}
}

func TestSplitRole(t *testing.T) {
	tests := []struct {
		in, name, role string
		bad            bool
	}{
		{in: "Carey Mulligan", name: "Carey Mulligan"},
		{in: "Carey Mulligan as Kathy", name: "Carey Mulligan", role: "Kathy"},
		{in: "  Carey Mulligan   as   Kathy H.  ", name: "Carey Mulligan", role: "Kathy H."},
		{in: "Ellen Page as Ariadne as a child", name: "Ellen Page", role: "Ariadne as a child"},
		{in: "Thomas Haas", name: "Thomas Haas"},
		{in: "Asa Butterfield", name: "Asa Butterfield"},
		{in: "Jasmine Alias", name: "Jasmine Alias"},
		{in: "Mathieu Kassovitz as Nino Quincampoix", name: "Mathieu Kassovitz", role: "Nino Quincampoix"},
		{in: "Carey Mulligan as", bad: true},
		{in: "as Kathy", bad: true},
		{in: " as Kathy", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			name, role, err := splitRole(tt.in)
			if tt.bad {
				if err == nil {
					t.Errorf("got %q as %q, want an error", name, role)
				}
				return
			}
			if err != nil || name != tt.name || role != tt.role {
				t.Errorf("got %q, %q, %v; want %q, %q", name, role, err, tt.name, tt.role)
			}
		})
	}
}

// TestReviewFacts checks ids and cast parts in a review's front matter, and
// that a bad id is an error at its line.
func TestReviewFacts(t *testing.T) {
	head := "---\ntitle: T\nfilm: Never Let Me Go\ndate: 2024-05-01\n"
	t.Run("good", func(t *testing.T) {
		src := head + "cast: [Carey Mulligan as Kathy, Andrew Garfield, Keira Knightley as Ruth]\n" +
			"imdb: tt1334260\ntmdb: movie/37903\nletterboxd: never-let-me-go\nwatch_also: [\"The Island (2005)\"]\n---\nBody.\n"
		r, err := Parse(file, []byte(src), testOpts)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.Cast, []string{"Carey Mulligan", "Andrew Garfield", "Keira Knightley"}) ||
			!slices.Equal(r.Roles, []string{"Kathy", "", "Ruth"}) {
			t.Errorf("cast %q roles %q", r.Cast, r.Roles)
		}
		if r.IMDb != "tt1334260" || r.TMDB != "37903" || r.Letterboxd != "never-let-me-go" {
			t.Errorf("ids %q %q %q", r.IMDb, r.TMDB, r.Letterboxd)
		}
		if r.Lines["cast"] != 5 || r.Lines["tmdb"] != 7 || r.Lines["watch_also"] != 9 || r.Lines["runtime"] != 0 {
			t.Errorf("lines %v", r.Lines)
		}
	})
	t.Run("no parts", func(t *testing.T) {
		r, err := Parse(file, []byte(head+"cast: [Carey Mulligan]\n---\n"), testOpts)
		if err != nil || r.Roles != nil {
			t.Errorf("roles %q, %v; want none", r.Roles, err)
		}
	})
	bad := []struct{ name, src, want string }{
		{"imdb", "imdb: 1334260\n", `x.md:5: imdb: "1334260" is not an IMDb title id`},
		{"tmdb", "tmdb: tv/1399\n", `x.md:5: tmdb: "tv/1399" is not a TMDB film id`},
		{"letterboxd", "letterboxd: Never Let Me Go\n", `x.md:5: letterboxd: "Never Let Me Go" is not a Letterboxd film slug`},
		{"role", "cast:\n  - Carey Mulligan as\n", `x.md:5: cast: "Carey Mulligan as" names no part after "as"`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(file, []byte(head+tt.src+"---\n"), testOpts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	t.Run("toml and json lines", func(t *testing.T) {
		for _, src := range []string{
			"+++\ntitle = \"T\"\nfilm = \"F\"\ndate = 2024-05-01\nimdb = \"tt12\"\n+++\n",
			"{\n\"title\": \"T\",\n\"film\": \"F\",\n\"date\": \"2024-05-01\",\n\"imdb\": \"tt12\"\n}\n\n",
		} {
			_, err := Parse(file, []byte(src), testOpts)
			if err == nil || !strings.Contains(err.Error(), `x.md:5: imdb: "tt12"`) {
				t.Errorf("error %v, want one at line 5", err)
			}
		}
	})
}
