package content

import (
	"strings"
	"testing"
)

func TestTOMLTooDeep(t *testing.T) {
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	tests := []struct {
		name, src string
		line      int // 0: not too deep
	}{
		{"front matter", "title = \"T\"\ndate = 2024-05-01\ncast = [\"A\", \"B\"]\n[film]\nfacts = {runtime = 103, release = 2010-09-15}\n", 0},
		{"arrays as deep as allowed", "x = " + deep("[", "]", 31) + "\n", 0},
		{"arrays one deeper", "\nx = " + deep("[", "]", 32) + "\n", 2},
		{"inline tables as deep as allowed", "x = " + deep("{a=", "}", 31) + "\n", 0},
		{"inline tables one deeper", "x = " + deep("{a=", "}", 32) + "\n", 1},
		{"siblings do not add up", "x = [" + strings.Repeat("[[1]], ", 100) + "]\ny = {" + strings.Repeat("a = {b = 1}, ", 100) + "}\n", 0},
		{"arrays over lines", "x = [\n" + strings.Repeat("[\n", 40) + "]\n", 32},
		{"dotted key as deep as allowed", "x" + strings.Repeat(".a", 31) + " = 1\n", 0},
		{"dotted key one deeper", "x" + strings.Repeat(".a", 32) + " = 1\n", 1},
		{"dotted keys in an inline table", "x = {y = 1, " + strings.Repeat("a.", 31) + "b = 1}\n", 1},
		{"dots in values", "x = [" + strings.Repeat("1.5, ", 40) + "]\nt = 07:32:00.999\ny = {" + strings.Repeat("a = 1.5, ", 40) + "}\n", 0},
		{"dots in quoted keys", "\"" + strings.Repeat("a.", 40) + "\" = 1\n'" + strings.Repeat("a.", 40) + "' = 1\n", 0},
		{"header as deep as allowed", "[x" + strings.Repeat(".a", 31) + "]\n", 0},
		{"header one deeper", "a = 1\n[x" + strings.Repeat(".a", 32) + "]\n", 2},
		{"array of tables header", "[[x" + strings.Repeat(".a", 32) + "]]\n", 1},
		{"quoted header part", "[\"" + strings.Repeat("a.", 40) + "\"]\n", 0},
		{"keys below a header", "[x" + strings.Repeat(".a", 20) + "]\nb = 1\n\nc" + strings.Repeat(".a", 12) + " = 1\n", 4},
		{"a header resets", "[x" + strings.Repeat(".a", 30) + "]\n[y]\nc" + strings.Repeat(".a", 20) + " = 1\n", 0},
		{"brackets in strings", "a = \"" + strings.Repeat("[{", 40) + "\"\nb = '" + strings.Repeat("[{", 40) + "'\n", 0},
		{"brackets in multi-line strings", "a = \"\"\"\n" + strings.Repeat("[{\n", 40) + "\"\"\"\nb = '''\n" + strings.Repeat("[{.", 40) + "'''\n", 0},
		{"brackets in comments", "a = 1 # " + strings.Repeat("[{", 40) + "\n# " + strings.Repeat("[", 40) + "\nb = [ # " + strings.Repeat("[", 40) + "\n1]\n", 0},
		{"escaped quotes", "a = \"\\\"" + strings.Repeat("[", 40) + "\"\nb = \"\"\"\\\"\"\"" + strings.Repeat("[", 40) + "\"\"\"\n", 0},
		{"a literal string has no escapes", "a = 'C:\\'\nb = " + deep("[", "]", 40) + "\n", 2},
		{"quotes closing a multi-line string", "a = \"\"\"x\"\"\"\"\"\nb = '''x'''''\nc = " + deep("[", "]", 40) + "\n", 3},
		{"an empty string", "a = \"\"\nb = ''\nc = " + deep("[", "]", 40) + "\n", 3},
		{"a one-line string ends with its line", "a = \"x\nb = " + deep("[", "]", 40) + "\n", 2},
		{"an unclosed string", "a = \"\"\"" + deep("[", "]", 40), 0},
		{"stray closers", "]]]}}}\nx = " + deep("[", "]", 40), 2},
		{"a header is no array", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n", 0},
		{"crlf", "a = 1\r\nb = [\r\n" + deep("[", "]", 40) + "]\r\n", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TOMLTooDeep([]byte(tt.src)); got != tt.line {
				t.Errorf("TOMLTooDeep = %d, want %d", got, tt.line)
			}
		})
	}
}
