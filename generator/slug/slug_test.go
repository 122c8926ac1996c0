package slug

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMake(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Never Let Me Go", "never-let-me-go"},
		{"accent", "Amélie", "amelie"},
		{"colon", "Léon: The Professional", "leon-the-professional"},
		{"cyrillic soft sign", "Крылья", "krylia"},
		{"japanese", "千と千尋の神隠し", "qian-to-qian-xun-no-shen-yin-shi"},
		{"hangul", "올드보이", "oldeuboi"},
		{"greek", "Ὀδύσσεια", "odusseia"},
		{"german sharp s", "Straße", "strasse"},
		{"ligature", "Æon Flux", "aeon-flux"},
		{"combining accent", "Cle\u0301o from 5 to 7", "cleo-from-5-to-7"},
		{"ascii apostrophe", "Schindler's List", "schindlers-list"},
		{"curly apostrophe", "Schindler’s List", "schindlers-list"},
		{"apostrophes around word", "Rock ’n’ Roll", "rock-n-roll"},
		{"curly quotes", "“Quoted”", "quoted"},
		{"ampersand spaced", "Tom & Jerry", "tom-and-jerry"},
		{"ampersand joined", "AT&T", "at-and-t"},
		{"ampersand alone", "&", "and"},
		{"ampersand leading", "& Co", "and-co"},
		{"vulgar fraction", "8½", "8-1-2"},
		{"roman numeral", "Rocky Ⅱ", "rocky-ii"},
		{"middle dot", "WALL·E", "wall-e"},
		{"em dash", "Café—Society", "cafe-society"},
		{"soft hyphen", "Ne\u00adon", "neon"},
		{"digits", "2001: A Space Odyssey", "2001-a-space-odyssey"},
		{"digit inside word", "Se7en", "se7en"},
		{"slash", "Fahrenheit 9/11", "fahrenheit-9-11"},
		{"runs of dashes and spaces", "  --Hello--  World-- ", "hello-world"},
		{"underscore", "snake_case_title", "snake-case-title"},
		{"already a slug", "never-let-me-go", "never-let-me-go"},
		{"empty", "", ""},
		{"punctuation only", "!!! ... ???", ""},
		{"stars only give the half", "★★★½", "1-2"},
		{"apostrophe only", "'’", ""},
		{"invalid utf-8", "\xff\xfe", ""},
		{"invalid utf-8 inside", "a\xffb", "a-b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Make(tt.in); got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func FuzzSlug(f *testing.F) {
	for _, s := range []string{
		"", "Amélie", "Léon: The Professional", "Крылья", "千と千尋の神隠し",
		"Schindler's List", "Tom & Jerry", "8½", "--", "a\xffb", "★★★½",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if got != "" && !slugRE.MatchString(got) {
			t.Fatalf("Make(%q) = %q: not a slug", s, got)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Make(%q) = %q: invalid UTF-8", s, got)
		}
		if len(got) > MaxLen {
			t.Fatalf("Make(%q) is %d bytes long, over %d", s, len(got), MaxLen)
		}
		if again := Make(got); again != got {
			t.Fatalf("Make(Make(%q)) = %q, want %q", s, again, got)
		}
	})
}

func TestMakeCutsLongSlugs(t *testing.T) {
	word := strings.Repeat("a", 299)
	words := strings.Repeat("word ", 60) // 60 words of 4 letters: 299 bytes as a slug
	for _, tc := range []struct{ name, in, want string }{
		{"one long word", word, strings.Repeat("a", MaxLen)},
		{"at a dash", words, strings.TrimSuffix(strings.Repeat("word-", 40), "-")},
		{"a dash right after the cut", strings.Repeat("a", MaxLen) + " b", strings.Repeat("a", MaxLen)},
		{"transliterated past it", strings.Repeat("東", 80), Make(strings.Repeat("東", 40))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Make(tc.in); got != tc.want {
				t.Errorf("Make(%.20q…) = %q (%d bytes), want %q", tc.in, got, len(got), tc.want)
			}
		})
	}
}

func BenchmarkMake(b *testing.B) {
	for b.Loop() {
		Make("Léon: The Professional")
	}
}
