package content

import (
	"cmp"
	"crypto/sha256"
	"slices"
	"strings"
)

// Thread arranges the comments of one review into threads. It returns
// copies of the comments that start a thread, oldest first, each with its
// replies below it, oldest first (equal dates go by ID). Every reply_to
// must name a comment of the same review, or one of unread, the IDs of
// its comment files that could not be read, whose replies are left out;
// a reply_to that names no comment, and every cycle of replies, is an
// error naming the file and line of the reply_to.
func Thread(comments []*Comment, unread []string) ([]*Comment, error) {
	byID := make(map[string]*Comment, len(comments))
	for _, c := range comments {
		cp := *c
		cp.Replies = nil
		byID[c.ID] = &cp
	}
	var errs []error
	for _, c := range comments {
		if c.ReplyTo != "" && byID[c.ReplyTo] == nil && !slices.Contains(unread, c.ReplyTo) {
			errs = append(errs, Errorf(c.File, c.replyLine, "reply_to: no comment %q beside this one (want the file %s%s)",
				c.ReplyTo, c.ReplyTo, commentExt))
		}
	}
	// Follow each comment's reply_to chain up to a comment that starts a
	// thread. Chains that loop are cycles: each is reported once, at the
	// member whose file sorts first.
	const (
		unknown = iota
		visiting
		rooted // the chain ends at a comment that starts a thread
		lost   // the chain ends at a missing comment, or runs into a cycle
	)
	state := make(map[*Comment]int, len(comments))
	for _, c := range comments {
		var chain []*Comment
		x := byID[c.ID]
		end := rooted
		for {
			if s := state[x]; s == visiting {
				at := slices.Index(chain, x)
				errs = append(errs, cycle(chain[at:]))
				end = lost
				break
			} else if s != unknown {
				end = s
				break
			}
			state[x] = visiting
			chain = append(chain, x)
			if x.ReplyTo == "" {
				break
			}
			if x = byID[x.ReplyTo]; x == nil {
				end = lost
				break
			}
		}
		for _, y := range chain {
			state[y] = end
		}
	}
	if len(errs) > 0 {
		return nil, Join(errs)
	}
	var roots []*Comment
	for _, c := range comments {
		cp := byID[c.ID]
		switch parent := byID[c.ReplyTo]; {
		case c.ReplyTo == "":
			roots = append(roots, cp)
		case parent != nil:
			parent.Replies = append(parent.Replies, cp)
		}
	}
	order := func(list []*Comment) {
		slices.SortFunc(list, func(a, b *Comment) int {
			return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.ID, b.ID))
		})
	}
	order(roots)
	for _, c := range byID {
		order(c.Replies)
	}
	return roots, nil
}

// cycle reports a loop of replies, given in reply_to order: at the member
// whose file sorts first, listing the loop from it.
func cycle(loop []*Comment) error {
	first := 0
	for i, c := range loop {
		if c.File < loop[first].File {
			first = i
		}
	}
	loop = append(slices.Clone(loop[first:]), loop[:first]...)
	ids := make([]string, 0, len(loop)+1)
	for _, c := range loop {
		ids = append(ids, c.ID)
	}
	ids = append(ids, loop[0].ID)
	return Errorf(loop[0].File, loop[0].replyLine, "reply_to: the replies go round in a circle: %s", strings.Join(ids, " → "))
}

// WithComments returns a copy of r carrying its comments, threaded (see
// Thread): Comments and CommentCount set, and Hash covering the comment
// files too, so that caches and page keys see a comment's edit. comments
// are the review's comments in file order; unread the IDs of its comment
// files that could not be read. r may be nil, for a review that could not
// be read: only the comments' problems are returned then.
func WithComments(r *Review, comments []*Comment, unread []string) (*Review, error) {
	threads, err := Thread(comments, unread)
	if err != nil || r == nil {
		return nil, err
	}
	h := sha256.New()
	h.Write(r.Hash[:])
	for _, c := range comments {
		h.Write([]byte(c.File + "\x00"))
		h.Write(c.sum[:])
	}
	out := *r
	out.Comments, out.CommentCount = threads, len(comments)
	h.Sum(out.Hash[:0])
	return &out, nil
}
