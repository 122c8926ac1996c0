package devserver

import (
	"bytes"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The /_ssg/ prefix belongs to the server, whatever the site's Root.
const (
	reloadPath = "/_ssg/reload.js"
	eventsPath = "/_ssg/events"
	ownPrefix  = "/_ssg/"
)

//go:embed client.js
var clientJS []byte

// handler serves the current snapshot from memory. It holds no mutable
// state of its own, so it is safe for concurrent use as long as current is.
type handler struct {
	current   func() *Snapshot
	hub       *hub
	allowHost func(host string) bool
}

// newHandler returns the dev server's HTTP handler. current returns the
// snapshot to serve (nil before the first build: 503); hub serves
// /_ssg/events (nil: 404); allowHost checks the Host header (see
// hostChecker). Only GET and HEAD are answered.
func newHandler(current func() *Snapshot, hub *hub, allowHost func(host string) bool) http.Handler {
	return &handler{current: current, hub: hub, allowHost: allowHost}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if !h.allowHost(r.Host) {
		// Anti DNS rebinding: a page on another name must not read this site.
		http.Error(w, fmt.Sprintf("forbidden: host %q is not this server; use localhost", r.Host), http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p, err := checkPath(r)
	if err != nil {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	switch {
	case p == reloadPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(clientJS))
		return
	case p == eventsPath && h.hub != nil:
		h.hub.ServeHTTP(w, r)
		return
	case strings.HasPrefix(p, ownPrefix):
		http.NotFound(w, r)
		return
	}
	s := h.current()
	if s == nil {
		http.Error(w, "the site is not built yet", http.StatusServiceUnavailable)
		return
	}
	name, kind := resolve(s, p)
	for {
		held := name
		if kind == notFound {
			held = ""
		}
		if !s.holds(held) {
			break
		}
		// Published early by a rebuild still rendering this page, or
		// one it may add: serve what the rebuild ends with (or what
		// the next one shows early, when it was cancelled).
		select {
		case <-s.pending:
		case <-r.Context().Done():
			return
		}
		s = h.current()
		name, kind = resolve(s, p)
	}
	switch kind {
	case found:
		serveFile(w, r, http.StatusOK, name, s.Files[name])
	case addSlash:
		http.Redirect(w, r, withQuery(r.URL.EscapedPath()+"/", r), http.StatusMovedPermanently)
	case toRoot:
		http.Redirect(w, r, withQuery((&url.URL{Path: siteRoot(s) + "/"}).EscapedPath(), r), http.StatusFound)
	default:
		if f := s.Files[notFoundPage]; f != nil {
			serveFile(w, r, http.StatusNotFound, notFoundPage, f)
			return
		}
		http.Error(w, "404 page not found", http.StatusNotFound)
	}
}

func withQuery(loc string, r *http.Request) string {
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	return loc
}

// serveFile writes f, with the reload script injected when it is HTML.
// Status 200 goes through http.ServeContent for ETag, HEAD and Range.
func serveFile(w http.ResponseWriter, r *http.Request, status int, name string, f *File) {
	ctype := contentType(name, f.Data)
	body := f.Data
	if isHTML(ctype) {
		body = inject(f.Data, fmt.Appendf(nil, scriptTag, version(f)))
	}
	w.Header().Set("Content-Type", ctype)
	if status == http.StatusOK {
		// The injected tag depends only on the file, so the hash still
		// identifies the body.
		w.Header().Set("ETag", `"`+version(f)+`"`)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// version names one version of a file: its hash in hex.
func version(f *File) string {
	return hex.EncodeToString(f.Hash[:])
}

// checkPath returns the request's decoded URL path, or an error when the
// raw or decoded path could escape the site or be read two ways: a "." or
// ".." segment, an encoded dot, slash, backslash or NUL, a backslash, a NUL,
// an empty segment ("//etc/passwd"), or a request target that is not a path.
// Browsers never send any of these for a link on a page, so they are
// refused (400) rather than cleaned.
func checkPath(r *http.Request) (string, error) {
	raw := r.RequestURI
	if raw == "" {
		raw = r.URL.EscapedPath()
	}
	if !strings.HasPrefix(raw, "/") {
		return "", errors.New("the request target is not a path")
	}
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		raw = raw[:i]
	}
	for _, p := range []string{raw, r.URL.EscapedPath(), r.URL.Path} {
		if err := badPath(p); err != nil {
			return "", err
		}
	}
	return r.URL.Path, nil
}

func badPath(p string) error {
	if !strings.HasPrefix(p, "/") {
		return errors.New("the path is not absolute")
	}
	if strings.ContainsAny(p, "\\\x00") {
		return errors.New("the path has a backslash or NUL")
	}
	if strings.Contains(p, "//") {
		return errors.New("the path has an empty segment")
	}
	lower := strings.ToLower(p)
	for _, enc := range []string{"%2e", "%2f", "%5c", "%00"} {
		if strings.Contains(lower, enc) {
			return fmt.Errorf("the path has an encoded %q", enc)
		}
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return errors.New("the path has a dot segment")
		}
	}
	return nil
}

// What a URL path resolves to in a snapshot.
const (
	found    = iota // name is the file to serve
	notFound        // the site's 404 page, if any
	addSlash        // a folder named without its slash: redirect; name is its index.html
	toRoot          // "/" of a site under Root: redirect to Root+"/"; name is index.html
)

const notFoundPage = "404.html"

// resolve maps a checked, decoded URL path to an output path of s: strip
// Root, "/x/" is "x/index.html". Only the build's files resolve: a
// dotfile is served when static/ publishes one (.well-known/), as a host
// would serve it. The handler and the hub both use it, so a client's page
// is the file it was served.
func resolve(s *Snapshot, urlPath string) (name string, kind int) {
	root := siteRoot(s)
	rest, ok := strings.CutPrefix(urlPath, root)
	if !ok || rest != "" && rest[0] != '/' {
		if urlPath == "/" && s.Files["index.html"] != nil {
			return "index.html", toRoot
		}
		return "", notFound
	}
	if rest == "" { // "/blog"
		if s.Files["index.html"] != nil {
			return "index.html", addSlash
		}
		return "", notFound
	}
	name = rest[1:]
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if s.Files[name] != nil {
		return name, found
	}
	if index := name + "/index.html"; !strings.HasSuffix(rest, "/") && s.Files[index] != nil {
		return index, addSlash
	}
	return "", notFound
}

// siteRoot is s.Root without a final slash: "" or "/blog".
func siteRoot(s *Snapshot) string {
	return strings.TrimSuffix(s.Root, "/")
}

// hostChecker returns the Host check for a server listening on listenAddr
// ("127.0.0.1:1313", "[::1]:1313", ":1313", "0.0.0.0:1313", "myhost:1313").
// It accepts, with any port or none: localhost and any *.localhost name
// (browsers resolve those to loopback themselves, so they cannot be
// rebound), loopback IP literals (127.0.0.1, [::1]), the listening host
// itself, and any IP literal when the server listens on all addresses. It
// never accepts another DNS name: that is how DNS rebinding reaches a local
// server. The port is not checked because SSH tunnels, containers and
// editors forward ports, and the name alone is what stops rebinding.
func hostChecker(listenAddr string) func(host string) bool {
	lhost, _, err := net.SplitHostPort(listenAddr)
	if err != nil {
		lhost = listenAddr
	}
	lhost = strings.TrimSuffix(strings.ToLower(strings.Trim(lhost, "[]")), ".")
	var anyIP bool
	var lip netip.Addr
	lname := ""
	if ip, err := netip.ParseAddr(lhost); err == nil {
		lip = ip.Unmap()
		anyIP = ip.IsUnspecified()
	} else if lhost == "" {
		anyIP = true
	} else {
		lname = lhost
	}
	return func(host string) bool {
		name, ip, ok := splitHost(host)
		switch {
		case !ok:
			return false
		case ip.IsValid():
			return anyIP || ip.IsLoopback() || ip == lip
		}
		return name == "localhost" || strings.HasSuffix(name, ".localhost") || name == lname
	}
}

// splitHost parses a Host header: a name or IPv4 literal or bracketed IPv6
// literal, then an optional numeric port. name is lower case without a final
// dot; ip is valid when the host is an IP literal.
func splitHost(host string) (name string, ip netip.Addr, ok bool) {
	port := ""
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return "", ip, false
		}
		name, port = host[1:end], host[end+1:]
		if port != "" && port[0] != ':' {
			return "", ip, false
		}
		a, err := netip.ParseAddr(name)
		if err != nil || !a.Is6() {
			return "", ip, false
		}
		ip = a.Unmap()
	} else {
		name = host
		if i := strings.IndexByte(host, ':'); i >= 0 {
			name, port = host[:i], host[i:]
		}
		if a, err := netip.ParseAddr(name); err == nil {
			ip = a
		}
	}
	if port != "" {
		n, err := strconv.ParseUint(port[1:], 10, 16)
		if err != nil || n == 0 || len(port) > 6 {
			return "", ip, false
		}
	}
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	return name, ip, name != ""
}
