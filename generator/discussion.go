package generator

import (
	"crypto/sha256"
	"slices"

	"ssg/generator/content"
)

// Readers' comments are files of their own beside their review (see
// content.CommentDir). A Session reads each comment file once while it is
// unchanged, like a review, and threads a review's comments again only
// when the review or one of its comment files changed.

// parsedComment is one comment file as last read.
type parsedComment struct {
	sum     [32]byte
	comment *content.Comment
	err     error
}

// discussion is a review with its comments, as last threaded: kept while
// the review and each of its comment files are as they were.
type discussion struct {
	review   *content.Review
	comments []*parsedComment // in file order
	out      *content.Review  // the review carrying its comments
	err      error
}

// discuss threads the comments of each commented review, reusing the last
// threading of a review whose file and comments are unchanged, and adds
// every comment file's own problem to errs. It returns the discussions by
// review file: reviews without comments cost nothing here.
func (s *Session) discuss(errs *[]error) map[string]*discussion {
	next := make(map[string]*discussion, len(s.commentFiles))
	for f, files := range s.commentFiles {
		d := &discussion{review: s.reviews[f].review, comments: make([]*parsedComment, len(files))}
		for i, cf := range files {
			d.comments[i] = s.comments[cf]
			if err := d.comments[i].err; err != nil {
				*errs = append(*errs, err)
			}
		}
		if old := s.discussions[f]; old != nil && old.review == d.review && slices.Equal(old.comments, d.comments) {
			next[f] = old
			continue
		}
		var comments []*content.Comment
		var unread []string
		for i, p := range d.comments {
			if p.comment != nil {
				comments = append(comments, p.comment)
			} else {
				unread = append(unread, content.CommentID(files[i]))
			}
		}
		d.out, d.err = content.WithComments(d.review, comments, unread)
		next[f] = d
	}
	s.discussions = next
	return next
}

// staleComments lists the comment files to read: new ones and those told
// changed.
func (s *Session) staleComments() []string {
	var todo []string
	for _, files := range s.commentFiles {
		for _, f := range files {
			if s.comments[f] == nil || s.stale[f] {
				todo = append(todo, f)
			}
		}
	}
	return todo
}

// readComment reads the comment file f, keeping its last reading when its
// bytes are the same. It only reads the session, so that files can be
// read in parallel.
func (s *Session) readComment(f string) *parsedComment {
	src, err := content.ReadFile(s.fsys, f)
	if err != nil {
		return &parsedComment{err: &content.Error{File: f, Err: err}}
	}
	sum := sha256.Sum256(src)
	if old := s.comments[f]; old != nil && old.sum == sum {
		return old // saved without a change
	}
	c, err := content.ParseComment(f, src, s.opts.Location)
	return &parsedComment{sum: sum, comment: c, err: err}
}

// pruneComments forgets the comment files content/ no longer lists.
func (s *Session) pruneComments() {
	listed := map[string]bool{}
	for _, files := range s.commentFiles {
		for _, f := range files {
			listed[f] = true
		}
	}
	for f := range s.comments {
		if !listed[f] {
			delete(s.comments, f)
			delete(s.stale, f)
		}
	}
}
