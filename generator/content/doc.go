// Package content reads reviews: it finds every markdown file under
// content/reviews/ in an fs.FS, splits and decodes its front matter (YAML
// "---", TOML "+++" or JSON "{"), checks every field, parses the rating and
// converts the body to HTML. It also reads the films' data files,
// data/films/<slug>.yaml (FindFilmFiles, ParseFilmFile), with the same
// checks of film facts: ids by their format, cast parts ("X as Y").
//
// Input is untrusted: every problem becomes an Error naming the file and the
// line, and all problems of a load are reported together. A Review is
// immutable once returned and safe to share between goroutines. Find lists
// the review files; Parse is safe for concurrent use, so callers (a
// generator.Session) parse files in parallel and keep them by content hash;
// so is ParseFilmFile. ReadFile and Open read a site's files for every
// package, refusing what is no regular file (a named pipe would make the
// reader wait for ever), and TOMLTooDeep measures TOML before it is
// decoded.
package content
