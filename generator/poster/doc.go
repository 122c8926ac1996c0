// Package poster publishes film posters: it checks a JPEG or PNG file from
// its header alone (Read), plans the widths it is published at (Sizes), and
// makes those copies (Make): decoded with image/jpeg or image/png, resized
// with golang.org/x/image/draw's Catmull-Rom kernel and encoded again in the
// source's format. A copy's name (Name) carries a hash of the source's bytes
// and of these settings, so a file of that name that an earlier build wrote
// is the copy itself: IsCopy checks that such a file is whole, from its
// first and last bytes, so that a build can take it instead of encoding the
// poster again. The package writes nothing.
//
// Input is untrusted: Read refuses what is not a JPEG or a PNG and an image
// of more than MaxPixels pixels before anything is decoded, so a small file
// claiming to be 50000×50000 is an error, not an out-of-memory. A Source is
// immutable and safe to share; Make and IsCopy may run on many Sources at
// once.
package poster
