// Package output writes a built site to its folder, and only there.
//
// Write takes every File of a build, in memory, and makes the output folder
// hold exactly those files: changed files are written (to a temporary name,
// then renamed), unchanged files keep their bytes and modification time,
// files an earlier build wrote and this one does not are removed. All access
// goes through an os.Root, so no path, symlink or ".." can reach outside the
// folder. A manifest in the folder records what ssg wrote; a folder holding
// files that ssg did not write is refused, never emptied. Write is not safe
// to call concurrently on the same folder.
package output
