package main

import (
	"context"
	"io"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestBuildRestoresGCPercent checks that ssg build leaves the collector's
// GOGC as it found it however the build ends: one that fails before its
// pages render never reaches Config.Rendering.
func TestBuildRestoresGCPercent(t *testing.T) {
	t.Setenv("GOGC", "") // as when unset: ssg build sets its own
	good, bad := oneReviewSite(t, "3/4"), oneReviewSite(t, "5/4")
	tests := []struct {
		name string
		src  string
	}{
		{"good", good},
		{"bad content", bad},
		{"not a site", t.TempDir()},
		{"missing site", filepath.Join(good, "nope")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const want = 73 // neither the default nor ssg build's
			before := debug.SetGCPercent(want)
			defer debug.SetGCPercent(before)
			run(context.Background(), []string{"build", "--src", tt.src}, io.Discard, io.Discard)
			if got := debug.SetGCPercent(want); got != want {
				t.Errorf("GOGC after the build: %d, want %d as before", got, want)
			}
		})
	}
}
