package devserver

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzRequestPath sends arbitrary request targets to the handler and checks
// that it never panics and serves only the snapshot: whatever it answers
// 200 with is a file of the site (or the server's own script).
//
//	go test ./generator/devserver -run '^$' -fuzz FuzzRequestPath -fuzztime 30s
func FuzzRequestPath(f *testing.F) {
	for _, seed := range []string{"/", "/reviews/x/", "/reviews/x", "/../.ssg-manifest", "/%2e%2e/.git/config",
		"/.git/config", "/blog/", "//etc/passwd", "/a\\b", "/%252e%252e/", "/style.css?v=1", "/.ssg-manifest/"} {
		f.Add(seed, "")
		f.Add(seed, "/blog")
	}
	f.Fuzz(func(t *testing.T, target, root string) {
		if root != "" && root != "/blog" {
			return
		}
		u, err := url.ParseRequestURI(target)
		if err != nil {
			return
		}
		files := siteFiles()
		h := newHandler(func() *Snapshot { return snapshot(root, files) }, newHub(), hostChecker("127.0.0.1:1313"))
		r := &http.Request{Method: "GET", URL: u, RequestURI: target, Host: testHost, Header: http.Header{}, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			return
		}
		body := w.Body.Bytes()
		if strings.HasPrefix(u.Path, "/_ssg/") {
			return
		}
		for _, file := range files {
			if bytes.HasPrefix(body, file.Data[:min(len(file.Data), 20)]) {
				return
			}
		}
		t.Fatalf("GET %q: 200 with a body that is no file of the site: %q", target, body)
	})
}
