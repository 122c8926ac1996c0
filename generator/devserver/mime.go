package devserver

import (
	"bytes"
	"mime"
	"net/http"
	"path"
	"strings"
)

// contentTypes fixes the Content-Type of the files a site usually has, so
// that what the browser sees does not depend on the machine's mime tables.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".xml":         "application/xml; charset=utf-8", // sitemap, RSS and Atom feeds
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".pdf":         "application/pdf",
	".mp4":         "video/mp4",
	".webm":        "video/webm",
}

// contentType returns the Content-Type of an output file: the fixed table
// first, then the system's table, then sniffing the data.
func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); ext != "" && t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// isHTML reports whether a Content-Type is HTML, the only kind that gets the
// reload script.
func isHTML(contentType string) bool {
	return strings.HasPrefix(contentType, "text/html")
}

// embeddable reports whether a change to the file can change how a page that
// names it looks: images, fonts, scripts and media. Feeds, sitemaps and other
// files that pages only link to are left out, or every page (which names
// /index.xml in its head) would reload on every edit.
func embeddable(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".js", ".mjs", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico",
		".woff", ".woff2", ".ttf", ".otf", ".mp4", ".webm":
		return true
	}
	return false
}

// scriptTag is the element injected into served HTML; %s is the served
// file's version, which the client sends back so that the server can tell
// whether the page went stale before the event stream was connected.
const scriptTag = `<script src="/_ssg/reload.js" data-v="%s" defer></script>`

// inject returns a copy of page with tag inserted before the last </body>
// (in any case), or appended when there is none. page is not modified.
func inject(page, tag []byte) []byte {
	i := lastIndexFold(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case; sep is lower case
// and starts with a byte that has no case.
func lastIndexFold(s, sep []byte) int {
	for i := len(s) - len(sep); i >= 0; i-- {
		if s[i] == sep[0] && bytes.EqualFold(s[i:i+len(sep)], sep) {
			return i
		}
	}
	return -1
}
