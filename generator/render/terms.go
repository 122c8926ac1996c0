package render

import (
	"strconv"

	"ssg/generator/site"
)

// termTitles frame a term's name as its page's title: "Films directed by
// " + name + "". Read only.
var termTitles = map[string][2]string{
	"directors": {"Films directed by ", ""},
	"cast":      {"Films with ", ""},
	"genres":    {"", " films"},
	"years":     {"Films from ", ""},
	"decades":   {"Films from the ", ""},
	"authors":   {"Reviews by ", ""},
	"tags":      {"Reviews tagged “", "”"},
}

// termPages adds the browse pages: each taxonomy's index of terms, and each
// term's reviews, both paginated.
func termPages(s *site.Site, info *Info, skip func(url string) bool, add func(layout string, p *Page)) {
	for _, x := range s.Taxonomies {
		// Pages get summaries, without the lists they do not show, so that
		// an edit re-renders only the pages that show what changed: a
		// term's pages do not depend on how many terms there are, nor an
		// index on the reviews of its terms.
		index := *x
		index.Terms = nil
		head := &site.Taxonomy{Name: x.Name, Title: x.Title, Singular: x.Singular, Plural: x.Plural, URL: x.URL}
		views := make([]site.Term, len(x.Terms))
		terms := make([]*site.Term, len(x.Terms))
		for i, t := range x.Terms {
			views[i] = termView(t)
			terms[i] = &views[i]
		}
		desc := "The reviews on " + info.Title + " by " + x.Singular + ": " + howMany(x.Count, x.Singular, x.Plural) + "."
		paginate(terms, s.PerPage, x.URL, func(items []*site.Term, pager *Pager, url string) {
			if skip(url) {
				return
			}
			if pager != nil {
				pager.PrevText, pager.NextText = "Previous", "Next"
			}
			add("terms.html", &Page{Kind: "terms", Title: x.Title, URL: url, Taxonomy: &index, Terms: items, Pager: pager,
				Description: desc})
		})
		frame, ok := termTitles[x.Name]
		if !ok {
			frame = [2]string{x.Title + ": ", ""}
		}
		for i, t := range x.Terms {
			var title, desc string // made for the term's first page listed
			made := false
			paginate(t.Reviews, s.PerPage, t.URL, func(items []*site.Review, pager *Pager, url string) {
				if skip(url) {
					return
				}
				if !made {
					title = frame[0] + t.Name + frame[1]
					desc, made = termDescription(title, t), true
				}
				add("term.html", &Page{Kind: "term", Title: title, URL: url, Taxonomy: head, Term: terms[i], Reviews: items,
					Pager: pager, Description: desc})
			})
		}
	}
}

// termView is what a term's pages, and the index pages listing it, show
// of it: all but its reviews.
func termView(t *site.Term) site.Term {
	v := *t
	v.Reviews = nil
	return v
}

// termDescription is the meta description of the pages of term t, whose
// title is title.
func termDescription(title string, t *site.Term) string {
	reviews, average := " reviews", "."
	if t.Count == 1 {
		reviews = " review"
	}
	if t.Stars != nil {
		average = ", average " + t.Stars.Label + "."
	}
	return title + ": " + strconv.Itoa(t.Count) + reviews + average
}

// howMany counts n things: "1 director", "12 directors".
func howMany(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return strconv.Itoa(n) + " " + plural
}
