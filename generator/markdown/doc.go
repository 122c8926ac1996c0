// Package markdown converts review bodies from Markdown to HTML.
//
// It holds the one goldmark instance of the process, configured for film
// reviews: CommonMark with GFM tables, strikethrough and autolinks,
// footnotes, smart typography (curly quotes, en and em dashes, ellipses),
// heading ids, spoilers (package spoiler: ":::spoiler" blocks and
// ||inline|| spoilers) and pull quotes (a blockquote whose first line
// starts with [!pullquote] gets class="pullquote").
//
// Input is a review body (the Markdown after the front matter) and an id
// prefix, usually the review's slug. Render returns a Document: the body
// as an HTML5 fragment, with what other pages take from the review: its
// word count, the text before <!--more-->, its first paragraph and its
// pull quote, all as plain text without spoilers, and a copy of the HTML
// with spoilers hidden, for feeds. Parsing never fails: any byte sequence
// renders to something. Mistakes a reader would not want published (an
// unclosed spoiler block) are a Document's Problems, by line.
//
// Ids: a heading's id is slug.Make of its text ("## Amélie's café" gets
// id="amelies-cafe"), made unique within the document with "-1", "-2"
// suffixes; a heading with no letters or digits gets "section". Heading ids
// are not prefixed. Footnote ids are prefixed so that several reviews can
// share a page: with the prefix "alien", the first footnote is
// id="alien-fn:1" and the reference to it id="alien-fnref:1" (a second
// reference to the same note is "alien-fnref1:1"). An empty prefix gives
// "fn:1" and "fnref:1". Footnote ids always contain a colon and slugs never
// do, so footnote and heading ids cannot collide.
//
// Raw HTML in a body (inline tags and HTML blocks) is escaped, so it shows
// as text, unless Options.UnsafeHTML is set; links and images with dangerous
// URLs (javascript:, vbscript:, file:, most data:) get an empty href or src
// unless Options.UnsafeHTML is set.
//
// A Markdown is immutable after New and safe for concurrent use: all
// per-document state (heading ids, the footnote prefix, unclosed
// spoilers) lives in the document's parser.Context and ast.Document,
// never on the shared parser.
package markdown
