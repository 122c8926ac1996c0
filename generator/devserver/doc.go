// Package devserver is ssg serve: the live preview.
//
// Serve builds a site into memory with a generator.Session, serves it over
// HTTP on a loopback address and watches the site folder with fsnotify
// (content/, data/, templates/ and static/ recursively, folders that appear or
// move included, ssg.toml, and the files elsewhere in the site that the last
// build read or looked for: a poster a film's data file names, a file a
// symlink leads to). Changes that arrive together (an editor's
// atomic save, a checkout touching hundreds of files) end in one rebuild
// once the files are still for a moment; a change during a build cancels
// it and starts again with both. A good build is swapped in whole; a
// failed one keeps the last good site served and shows its errors in
// every open page.
//
// Open pages hold a server-sent event stream (see hub): a page whose
// output changed reloads, a page whose only change is its stylesheet link
// swaps the stylesheet in place, other pages stay as they are. The script
// that does this is injected into HTML as it is served, never written to
// the output folder.
//
// The server answers only GET and HEAD, only to Host names that cannot be
// rebound to another address (localhost, loopback and the listening
// address), and serves nothing but the build's files, held in memory: no
// parent paths in any encoding; a dotfile only when static/ publishes one
// (.well-known/), never the output folder's manifest, cache or staging.
//
// Concurrency: one goroutine owns the session and the rebuild loop;
// request handlers read the current Snapshot through an atomic pointer.
package devserver
