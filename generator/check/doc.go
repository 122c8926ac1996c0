// Package check finds the broken links of a built site, before it is
// deployed.
//
// Site takes every file of a build, in memory (generator.Render's
// output.Files), and the site's base_url. It reads the links of every HTML
// page (href, src, srcset, poster, a refresh's URL, og:image, …), of the
// RSS, Atom and JSON feeds (their entries' HTML too), of the sitemaps and
// of robots.txt. A link that leads into the site (relative, root-relative,
// or absolute under base_url's host) must stay under base_url's path and
// reach one of the files; a folder's URL reaches its index.html. A link
// with a fragment to an HTML page or an SVG file must name an id there (or
// an <a name>). Links to other hosts and other schemes (mailto:, tel:) are
// not followed: nothing is fetched.
//
// Site writes nothing and keeps no state; it is safe for concurrent use.
// It reads the files on every processor.
package check
