package corpus

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// authorForms is the rating form each author prefers.
var authorForms = []form{formSlash, formStars, formVulgar, formTen, formOutOf, formStars,
	formSlash, formNumber, formHundred, formText, formFive, formComma, formOutOfVulgar, formStarsEmpty,
	formQuarter, formOutOfTen, formTextVulgar, formSlash, formVulgar, formStars}

// headlines are review titles; {film} here is the plain title.
var headlines = []string{"{title}: {adjp}, mostly", "{title} is {adjn}, and I wanted to love it",
	"The {emotion} of {title}", "{title}, reconsidered", "On {title}", "{title} and {thing}",
	"Why {title} stays with you", "{title}: a note on {noun}", "{Adjp} and {adjn}: {title}",
	"{title} ({year})", "Notes on {title}", "{title}: the case for {noun}"}

// ratingOf decides review i's rating: its value in half stars and the form
// it is written in, or rated false. One review in three cycles through
// every form, so that any 3*numForms consecutive reviews show them all.
func ratingOf(m *meta, r *rand.Rand) (h int, f form, rated bool) {
	h = min(max(m.film.quality+r.IntN(5)-2, 0), 8)
	if m.i%3 == 0 {
		f = form(m.i / 3 % int(numForms))
		for _, d := range []int{0, 1, -1, 2, -2} {
			if v := h + d; v >= 0 && v <= 8 && f.fits(v) {
				return v, f, true
			}
		}
		panic("corpus: no rating fits form " + formNames[f])
	}
	if r.IntN(25) == 0 {
		return h, 0, false
	}
	f = authorForms[m.author]
	if !f.fits(h) {
		f = fallback[f]
	}
	if !f.fits(h) {
		f = formSlash
	}
	return h, f, true
}

// writeReview writes the file of review m.
func writeReview(m *meta, seed int64) []byte {
	r := newRand(seed, saltText, m.i)
	f := m.film
	p := &prose{r: r, m: m, f: f, seed: seed, b: &strings.Builder{}, used: map[string]bool{}}
	p.b.Grow(8 << 10)
	fm := &matter{r: r}

	var head strings.Builder
	p.fill(&head, strings.ReplaceAll(pick(r, headlines), "{title}", f.title))
	fm.text("title", head.String())
	fm.text("film", f.title)
	if r.IntN(12) == 0 && m.format != fmtJSON {
		fm.text("year", strconv.Itoa(f.year)) // "2010" reads as 2010
	} else {
		fm.bare("year", strconv.Itoa(f.year))
	}
	var fo form
	p.h, fo, p.rated = ratingOf(m, r)
	if p.rated {
		if w, bare := fo.write(p.h, r); bare {
			fm.bare("rating", w)
		} else {
			fm.text("rating", w)
		}
	}
	fm.date("date", m.date, m.clock)
	fm.text("author", authors[m.author])
	if len(f.directors) == 1 && r.IntN(4) != 0 {
		fm.text("director", f.directors[0])
	} else {
		fm.list("director", f.directors)
	}
	fm.list("cast", f.cast[:2+r.IntN(len(f.cast)-1)])
	fm.list("genres", f.genres)
	fm.list("tags", pickDistinct(r, tags, 1+r.IntN(4)))
	if r.IntN(3) == 0 {
		switch r.IntN(3) {
		case 0:
			fm.bare("runtime", strconv.Itoa(f.runtime))
		case 1:
			fm.text("runtime", strconv.Itoa(f.runtime)+" min")
		default:
			fm.text("runtime", strconv.Itoa(f.runtime/60)+"h"+strconv.Itoa(f.runtime%60)+"m")
		}
	}
	if r.IntN(5) == 0 {
		fm.text("certificate", f.certificate)
	}
	if r.IntN(4) == 0 {
		fm.text("country", f.country)
	}
	if r.IntN(5) == 0 {
		fm.text("imdb", f.imdb)
	}
	switch x := r.IntN(20); {
	case x < 3:
		p.spoils = true
		fm.bare("spoilers", "true")
	case x < 12:
		fm.bare("spoilers", "false")
	}
	if r.IntN(15) == 0 {
		fm.bare("draft", "false")
	}
	if m.slugOverride {
		fm.text("slug", m.slug)
	}
	if r.IntN(8) == 0 {
		var q strings.Builder
		p.fill(&q, pick(r, praises))
		fm.text("pullquote", strings.NewReplacer("*", "", "~", "").Replace(q.String()))
	}
	if r.IntN(10) == 0 {
		fm.text("summary", capitalize(f.premise)+", in "+f.setting+".")
	}
	// Keys ssg does not know, kept for templates.
	if r.IntN(10) == 0 {
		fm.bare("rewatch", "true")
	}
	if r.IntN(12) == 0 {
		fm.text("watched", pick(r, []string{"cinema", "festival", "streaming", "home video"}))
	}

	var b strings.Builder
	b.Grow(8 << 10)
	fm.write(&b, m.format)
	p.body()
	b.WriteString(p.b.String())
	return []byte(b.String())
}
