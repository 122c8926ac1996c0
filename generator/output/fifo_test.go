//go:build unix

package output

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestManifestPipeIsRefused checks that a named pipe where the manifest
// goes fails Open with an error naming it, rather than blocking the build
// on its read for ever.
func TestManifestPipeIsRefused(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, Manifest), 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		w, err := Open(dir, []string{"index.html"})
		if err == nil {
			w.Abort()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), Manifest) {
			t.Fatalf("err = %v, want one naming %s", err, Manifest)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Open still reading a named pipe after 5 s")
	}
}
