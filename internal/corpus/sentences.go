package corpus

import (
	"strconv"
	"strings"
)

// Sentence templates. A {slot} is filled by prose.fill; a slot whose name
// starts with a capital letter is filled with a capitalized value. {actor}
// picks a cast member and {role} names the character that member plays.

// openers begin a review.
var openers = []string{
	"I went into {film} knowing only {knowing}, which turned out to be the right amount.",
	"There is a moment early in {film} when {actor} stops in a doorway and looks back, and the whole film is in that look.",
	"{Film} is the kind of {genre} that arrives without much noise and stays in the room long after it has gone.",
	"I saw {film} {where}, {company}, and I have been turning it over ever since.",
	"It took me two attempts to finish {film}, and I'm still not sure the second one was a success.",
	"Every few years a {genre} comes along that makes you remember why you bothered with the genre at all.",
	"{Dir} has been circling the same handful of ideas for a while now, and {film} is where they finally land.",
	"The first image of {film} is {thing}, held for so long that the audience I saw it with started to laugh.",
	"Somebody at my local cinema told me {film} was {adjn}, so naturally I went the next day.",
	"On paper, {film} is about {premise}; on screen, it is about something harder to name.",
}

// praises say something good.
var praises = []string{
	"{Dir} shoots {setting} as if it were the only place on earth, and by the end it feels that way.",
	"{Actor} is {adjp} as {role}, finding {emotion} in moments most actors would throw away.",
	"{Noun} is {adjp}, and it never once asks for applause.",
	"There is a shot during {stretch} that I would happily frame and hang in my hallway.",
	"The film earns its {emotion} honestly, one small scene at a time.",
	"What {dirlast} understands is that {emotion} lives in the pauses, not in the speeches.",
	"I walked out {feeling}, which is rarer than it should be.",
	"Every department is working at the top of its game, but {noun} deserves a special mention.",
	"{Composer}'s score is {adjp}, all {instrument} and restraint.",
	"{Dp}'s camera keeps a respectful distance, and the distance becomes the point.",
	"It is {adv} {adjp}, a {genre} that trusts its audience to keep up.",
	"The {adjp} thing about {film} is how little it explains.",
	"By the time {stretch} arrives, the film has quietly rearranged everything you thought you knew about {role}.",
	"{Actor} has one scene in a kitchen that is as good as anything I've seen on a screen in years.",
	"The whole thing moves {simile}, and I mean that as a compliment.",
	"It is *funny*, too, which nobody warned me about.",
	"You could pause almost any frame and find something {adjp} in the corner of it.",
	"**{Noun}** alone would be worth the ticket.",
	"The casting is {adjp} -- even the people with one line seem to have lived a whole life off screen.",
	"I keep thinking about {thing}, and about how little the film needs to say about it.",
	"For once, {noun} does exactly what it should and then gets out of the way.",
	"When {actor} finally raises their voice, during {stretch}, the whole cinema went still.",
	"Few films of {decade} looked this {adjp}, and fewer have aged this well.",
	"The editing finds a rhythm {simile}, and holds it.",
	"{Actor} and {dp}'s camera seem to have agreed on everything before a frame was shot.",
	"It is a film about {emotion} that never once uses the word.",
	"The big set piece in {stretch} is {adv} {adjp}.",
	"I laughed more than I expected and cried roughly when I expected to, which is its own kind of craft.",
	"Nobody makes a {genre} like this any more, and that is our loss.",
	"The final image is so {adjp} that I forgave the film everything that came before it.",
	"{Dir} never hurries, and never wastes a minute either.",
	"Even {thing} gets a small arc of its own.",
	"The sound design does half the storytelling: footsteps, rain, a kettle coming to the boil.",
	"{Role} is one of the most {adjp} characters I've met on screen in a long while.",
}

// complaints say something bad.
var complaints = []string{
	"{Noun} is {adjn}, and no amount of atmosphere can hide it.",
	"The trouble starts in {stretch}, when the film decides to explain itself.",
	"{Dirlast} seems to have fallen in love with {thing}, and the film pays for it.",
	"I wanted to like {role} more than the screenplay allows.",
	"There are at least {num} endings, and the film chooses the {adjn} one.",
	"{Actor} does what can be done, but {role} is written as a collection of tics rather than a person.",
	"The pacing is {adjn}; scenes begin late and end later.",
	"It is hard to care about {premise} when the film itself seems so unsure of them.",
	"Somewhere in here is a {adjp} ninety-minute film, buried under {runtime} minutes of {vice}.",
	"{Composer}'s score never stops telling you what to feel.",
	"The dialogue is {adjn}, full of lines nobody has ever said out loud.",
	"The film mistakes {vice} for depth.",
	"It's a ~~masterpiece~~ perfectly decent film that thinks it is a masterpiece.",
	"By {stretch} I had started counting the exits.",
	"{Noun} is so {adjn} that it drags everything else down with it.",
	"I don't mind a slow film, but this one is slow *and* {adjn}, which is a different thing.",
	"The supporting cast is wasted, {actor} most of all.",
	"Every time the film threatens to come alive, {noun} smothers it --- politely, but firmly.",
	"The script keeps announcing its themes, as though we might otherwise miss them.",
	"{Role} changes their mind three times in one scene, and none of the changes is earned.",
	"It looks expensive and feels cheap.",
	"Half the cast seems to be acting in a different {genre}.",
	"The final twenty minutes undo most of the goodwill the first hour built up.",
	"{Dirlast} cuts away from every scene just before it gets interesting.",
	"The flashbacks add nothing that a single line of dialogue couldn't have.",
	"I could hear the person behind me checking their phone, and I didn't blame them.",
	"It wants to be about {emotion}, but it settles for being about {thing}.",
	"For a film this {adjn}, it is remarkably pleased with itself.",
}

// observations are neither praise nor complaint.
var observations = []string{
	"{Film} follows {premise}.",
	"The story is set in {setting}, in {decade}, though the film is vague about the exact year.",
	"{Actor} plays {role}, {roledesc}.",
	"Most of the action takes place over {timespan}.",
	"{Dirlast} made this after {other}, and the two films share {shared}.",
	"The film runs {runtime} minutes, and you feel every one of them, for better or worse.",
	"It's a {genre}, more or less, though it keeps trying on other genres like coats in a shop.",
	"Nothing much happens until {stretch}, and then everything does.",
	"{Role} wants {want}; everyone else wants {want}; the film is the space between them.",
	"Look out for {thing} in the background of {stretch}.",
	"Compare it with {other}, which tried something similar and fell flat.",
	"I saw it {where}, {company}.",
	"The title, as far as I can tell, comes from {source}.",
	"There is a subplot about {thing} that I still don't fully understand.",
	"{Actor}, as {role}, spends most of the film waiting for a phone call.",
	"The film opens in {decade} and ends somewhere much closer to now.",
	"If you have seen {other}, you will recognise {noun}.",
	"It is {adv} quiet: whole scenes pass with nothing but weather on the soundtrack.",
	"A friend I saw it with called it \"{adjp}\", then, after a pause, \"and {adjn}\".",
	"{Dp} shot it on film, and it shows in the blacks.",
	"Watch the hands: {actor} keeps fidgeting with {thing} whenever {role} is lying.",
	"The production notes describe it as \"a {genre} about {emotion}\", which is fair enough.",
	"The cut I saw was {runtime} minutes long; I'm told there's a longer one.",
	"It was made in {year}, and it wears the year lightly.",
	"The opening titles run over {setting}, seen from a great height.",
	"{Dir} wrote the script too, and it shows in both good ways and bad.",
	"There is almost no music until {stretch}.",
	"Much of it is shot in {dp}'s favourite light: late afternoon, just before it goes.",
	"{Actor} is in nearly every scene; {role} is rarely off the screen.",
	"The supporting players include {actor}, who makes a lot of a small part.",
	"The film is {runtime} minutes long and feels shorter, or longer, depending on your patience.",
	"Someone in my row whispered \"{adjp}\" at the end, and I didn't disagree.",
	"It has been compared to {other}, which is flattering to both.",
	"The story turns on {thing}, as these stories often do.",
	"Half the film is in close-up and the other half is in wide shots, with almost nothing between.",
}

// spoilerLines give the plot away.
var spoilerLines = []string{
	"The twist -- that {role} was {twist} -- is signposted early, but it still lands.",
	"When {role} turns out to be {twist}, the film becomes a different and better thing.",
	"I won't pretend the final scene, with {thing} on the table between them, didn't get to me.",
	"Yes, {role} dies, and yes, the film handles it with more grace than I expected.",
}

// dialogue is said by characters, for block quotes.
var dialogue = []string{
	"You can't keep {thing} forever, {role}.",
	"Nobody leaves this place. They just stop coming back.",
	"I was never lost. I was waiting to be asked.",
	"If the ferry comes, we go. If not, we stay and pretend we meant to.",
	"Tell me the ending first, then I'll decide whether to stay.",
	"Everything in this house belongs to someone who died.",
	"I don't want {want}. I want you to stop asking.",
	"We were happy once. I have a photograph somewhere.",
}

// trivia fill footnotes.
var trivia = []string{
	"{Dp} reportedly shot most of the exteriors in the same {num} weeks.",
	"The version I saw runs {runtime} minutes; an earlier cut is said to be longer.",
	"{Actor} is also in {other}, which makes a strange double bill with this one.",
	"The title comes from {source}.",
	"I checked: {thing} appears in exactly {num} scenes.",
	"{Composer} is said to have written the main theme before a single frame was shot.",
	"It played at a handful of festivals in {year} before anyone picked it up.",
}

// listItems are short lines for bullet lists.
var listItems = []string{
	"**{Noun}.** {Adjp}, and never showy about it.",
	"**{Actor}.** Every scene with {role} in it.",
	"The way {noun} handles {stretch}.",
	"{Thing}, and what becomes of it.",
	"**{Noun}.** {Adjn}, I'm afraid.",
	"{Actor}'s entrance, late in {stretch}.",
	"A single shot of {setting} at dawn.",
	"The running gag about {thing}.",
	"**{Emotion}.** The film's real subject, once you notice it.",
}

// listIntros introduce bullet lists.
var listIntros = []string{"A few things worth watching for:", "What works:", "What doesn't:",
	"Some notes, in no order:", "Things I'd tell a friend before they go:"}

// slot returns a value for a template slot.
func (p *prose) slot(name string) string {
	f, r := p.f, p.r
	switch name {
	case "film":
		return "*" + f.title + "*"
	case "dir":
		return f.directors[0]
	case "dirlast":
		_, last, _ := strings.Cut(f.directors[0], " ")
		return last
	case "actor":
		p.actor = r.IntN(len(f.cast))
		return f.cast[p.actor]
	case "role":
		return f.roles[p.actor]
	case "adjp":
		return pick(r, adjPositive)
	case "adjn":
		return pick(r, adjNegative)
	case "adv":
		return pick(r, adverbs)
	case "noun":
		return pick(r, craftNouns)
	case "thing":
		return pick(r, things)
	case "stretch":
		return pick(r, stretches)
	case "emotion":
		return pick(r, emotions)
	case "simile":
		return pick(r, similes)
	case "feeling":
		return pick(r, feelings)
	case "instrument":
		return pick(r, instruments)
	case "vice":
		return pick(r, vices)
	case "want":
		return pick(r, wants)
	case "roledesc":
		return pick(r, roleDescs)
	case "timespan":
		return pick(r, timespans)
	case "shared":
		return pick(r, shared)
	case "where":
		return pick(r, wheres)
	case "company":
		return pick(r, companies)
	case "twist":
		return pick(r, twists)
	case "knowing":
		return pick(r, knowings)
	case "source":
		return pick(r, sources)
	case "setting":
		return f.setting
	case "premise":
		return f.premise
	case "genre":
		return genreNouns[f.genres[0]]
	case "decade":
		return "the " + strconv.Itoa(f.year/10*10) + "s"
	case "year":
		return strconv.Itoa(f.year)
	case "dp":
		return f.dp
	case "composer":
		return f.composer
	case "other":
		t := titleOf(r.IntN(f.index+50), p.seed)
		if t == f.title {
			t = titleOf(f.index+50, p.seed)
		}
		return "*" + t + "*"
	case "num":
		return numberWords[2+r.IntN(6)]
	case "runtime":
		return strconv.Itoa(f.runtime)
	}
	panic("corpus: unknown slot {" + name + "}")
}
