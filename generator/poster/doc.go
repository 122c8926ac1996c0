// Package poster publishes film posters: it checks a JPEG or PNG file from
// its header alone (Read), plans the widths it is published at (Sizes), and
// makes those copies (Make): decoded with image/jpeg or image/png, resized
// with golang.org/x/image/draw's Catmull-Rom kernel and encoded again in the
// source's format. A Cache keeps made copies in a folder on disk, by a hash
// of the source's bytes and of these settings, so that no build encodes a
// poster an earlier build made.
//
// Input is untrusted: Read refuses what is not a JPEG or a PNG and an image
// of more than MaxPixels pixels before anything is decoded, so a small file
// claiming to be 50000×50000 is an error, not an out-of-memory. A Source is
// immutable and safe to share; Make may run on many Sources at once. A
// Cache is safe for concurrent use, by goroutines and by processes.
package poster
