package corpus

// Word lists. Everything here is invented for this generator: titles,
// people and places are combinations that name no real film or person on
// purpose. The lists that build film titles are kept disjoint (no word in
// two of them) so that different title shapes never spell the same title.

// Film title parts.
var (
	titleAdjectives = []string{"Quiet", "Silent", "Hollow", "Distant", "Crimson", "Pale", "Broken",
		"Restless", "Narrow", "Golden", "Bitter", "Gentle", "Northern", "Hidden", "Last", "Second",
		"Lonely", "Velvet", "Iron", "Paper", "Wild", "Borrowed", "Shallow", "Long", "Empty", "Frozen",
		"Amber", "Scarlet", "Silver", "Forgotten", "Tender", "Savage", "Secret", "Invisible", "Crooked",
		"Little", "Endless", "Weary", "Bright", "Faded", "Sudden", "Patient", "Sunken", "Open", "Electric",
		"Humble", "Southern", "Fragile"}
	titleNouns = []string{"Harbor", "Lantern", "Orchard", "Lighthouse", "Ferry", "Mirror", "Garden",
		"Station", "Bridge", "Signal", "River", "Window", "Border", "Tide", "Season", "Compass",
		"Carousel", "Shore", "Hour", "Archive", "Kingdom", "Horizon", "Frontier", "Parade", "Veil",
		"Cellar", "Chapel", "Harvest", "Weather", "Circus", "Quarry", "Staircase", "Balcony", "Meadow",
		"Current", "Embassy", "Island", "Observatory", "Pavilion", "Orphanage", "Rooftop", "Telegram",
		"Monsoon", "Tunnel", "Vineyard", "Passenger", "Witness", "Stranger", "Messenger", "Cartographer",
		"Projectionist", "Lamplighter", "Tenant", "Understudy", "Ferryman", "Beekeeper", "Surveyor",
		"Widow", "Daughter", "Pilgrim"}
	titleAbstracts = []string{"Salt", "Ash", "Glass", "Silence", "Smoke", "Dust", "Rain", "Thunder",
		"Honey", "Bone", "Snow", "Clay", "Copper", "Ivory", "Fire", "Water", "Stone", "Mercy", "Longing",
		"Sorrow", "Winter", "Summer", "Midnight", "Tomorrow"}
	titlePlurals = []string{"Rivers", "Strangers", "Mirrors", "Horses", "Sparrows", "Daughters", "Years",
		"Kings", "Thieves", "Ghosts", "Summers", "Islands", "Engines", "Bells", "Saints", "Tigers",
		"Orchids", "Wolves", "Echoes", "Angels", "Lovers", "Sailors", "Dancers", "Neighbors", "Doors",
		"Lanterns"}
	titleNames = []string{"Ines", "Marek", "Odile", "Tobias", "Sunniva", "Rafael", "Agnes", "Emeric",
		"Lucia", "Anselm", "Maren", "Idris", "Vera", "Casimir", "Nadia", "Otto", "Hana", "Lior", "Petra",
		"Teodor", "Zofia", "Aurelio", "Bea", "Cyprian", "Dagny", "Eamon", "Frida", "Gideon", "Hollis",
		"Ilse"}
	titlePlaces = []string{"Carrowmere", "Vellsby", "Kessling", "Marrowby", "Dunhallow", "Saltreach",
		"Orvieta", "Tamsgate", "Quillan", "Rosmarin", "Valdeña", "Höllberg", "Aldermoor", "Whitcombe",
		"Greyhaven", "Larkspur", "Mirrowdale", "Penhallow", "Tarrowick", "Wrenfield", "Yarrowby",
		"Ostrevin", "Caldebrook", "Brannagh", "Lisselmoor", "Santa Lucía", "Port Ellery", "Skarholm"}
	titleVerbs   = []string{"Finding", "Leaving", "Chasing", "Remembering", "Waiting for", "Saving", "Burying", "Following", "Forgetting", "Becoming", "Watching", "Teaching", "Calling", "Carrying"}
	titlePreps   = []string{"Before the", "After the", "Under the", "Beyond the", "Across the", "Inside the", "Beneath the", "Toward the"}
	titleCounts  = []string{"Two", "Three", "Four", "Five", "Six", "Seven", "Nine", "Eleven", "Twelve", "Forty"}
	titleJourney = []string{"Summer in", "Winter in", "Night Train to", "Letters from", "Return to", "Goodbye to", "Nights in", "Rain over"}
)

// People: directors, cast, crew and the characters they play.
var (
	firstNames = []string{"Alma", "Bruno", "Celia", "Dario", "Edith", "Fabian", "Gisela", "Hugo", "Irene",
		"Jonas", "Katya", "Leopold", "Magda", "Nikolai", "Olga", "Pascal", "Renata", "Stellan", "Tilda",
		"Ulrich", "Valeria", "Wendell", "Ximena", "Yusuf", "Zelda", "Ansel", "Brigitte", "Cosimo",
		"Delphine", "Emil", "Flora", "Gaspard", "Helka", "Ivo", "Johanna", "Kasimir", "Liesel", "Mattias",
		"Noemí", "Orla", "Piet", "Rosa", "Severin", "Thandi", "Umberto", "Vivienne", "Wilhelmina", "Akio",
		"Beatriz", "Chidi", "Dorota", "Esme", "Farid", "Greer", "Halvor", "Isolde", "Joaquín", "Kwame",
		"Lotte", "Mirela", "Nils", "Oona", "Priyanka", "Radu"}
	lastNames = []string{"Abernathy", "Bellweather", "Castellano", "Dunmore", "Eskildsen", "Farrow",
		"Garnier", "Holloway", "Ibarra", "Jessup", "Kavanagh", "Lindgren", "Marchetti", "Novak",
		"Okonkwo", "Pellegrino", "Quaid", "Rasmussen", "Szabó", "Thornbury", "Underhill", "Varga",
		"Whitlock", "Yamada", "Zielinski", "Achebe", "Brandvold", "Corcoran", "Delacroix", "Engström",
		"Fitzwilliam", "Grünewald", "Haverford", "Iwasaki", "Jaramillo", "Kellerman", "Lachance",
		"Mbatha", "Nakashima", "Ortolani", "Pruitt", "Quintero", "Rourke", "Sandoval", "Tavernier",
		"Uhlmann", "Vasquez", "Wexford", "Yilmaz", "Zamora", "Ashgrove", "Birkeland", "Cardenas",
		"Drummond", "Ellwood", "Fairbairn", "Gallardo", "Hartigan", "Ingram", "Jovanović", "Kirby",
		"Lambrecht", "Moreau", "Nygaard"}
	roleNames = []string{"Ansa", "Bertil", "Clem", "Dove", "Edda", "Fenn", "Grete", "Hap", "Iker",
		"Jory", "Kit", "Lale", "Mads", "Nell", "Oriel", "Pim", "Quill", "Ruthie", "Silas", "Tova", "Ulla",
		"Vos", "Wren", "Yael", "Zane", "Arlo", "Birdie", "Cass", "Dieter", "Elin", "Faro", "Gus", "Hedda",
		"Ira", "Juno", "Kaspar", "Leni", "Milo", "Nina", "Osk"}
	// authors are the reviewers of the generated blog.
	authors = []string{"Ada Morrow", "Benedikt Shaw", "Cora Lindqvist", "Dmitri Okafor", "Elsie Ramírez",
		"Felix Achterberg", "Greta Nwosu", "Hollis Tran", "Ines Valdés", "Jasper Kowalczyk", "Kiri Amundsen",
		"Luca Ferreira", "Mina Hoshino", "Noor Haddad", "Oskar Brennan", "Pilar Ashworth", "Quentin Mbeki",
		"Rosalind Ibe", "Sami Järvinen", "Theo Castellan"}
)

// Film facts.
var (
	genres = []string{"Drama", "Comedy", "Thriller", "Horror", "Romance", "Science Fiction", "Documentary",
		"Animation", "Western", "Musical", "Crime", "Mystery", "Fantasy", "War", "Adventure", "Family",
		"Noir", "Biography"}
	tags = []string{"slow cinema", "debut", "adaptation", "road movie", "festival", "ensemble",
		"coming of age", "period piece", "black and white", "one location", "heist", "small town", "the sea",
		"winter", "family", "grief", "class", "music", "politics", "animals", "long takes", "sequel",
		"foreign language", "cult", "midnight movie", "double feature", "cinematography", "short",
		"epic", "home video", "revival screening", "first love", "revenge", "childhood", "islands",
		"trains", "letters", "ghosts", "workplace", "weather"}
	countries = []string{"France", "United Kingdom", "Norway", "Argentina", "South Korea", "Italy", "Japan",
		"Mexico", "Canada", "Poland", "Iran", "Senegal", "Ireland", "Germany", "Brazil", "Denmark",
		"United States", "Australia", "India", "Georgia"}
	// genreNouns say what kind of film a genre makes.
	genreNouns = map[string]string{"Drama": "drama", "Comedy": "comedy", "Thriller": "thriller",
		"Horror": "horror film", "Romance": "romance", "Science Fiction": "science-fiction film",
		"Documentary": "documentary", "Animation": "animated film", "Western": "western",
		"Musical": "musical", "Crime": "crime film", "Mystery": "mystery", "Fantasy": "fantasy",
		"War": "war film", "Adventure": "adventure", "Family": "family film", "Noir": "noir",
		"Biography": "biopic"}
	certificates = []string{"U", "PG", "12A", "15", "18", "R", "PG-13"}
	settings     = []string{"a fishing town on a cold northern coast", "a border city that never sleeps",
		"a lighthouse a day's sail from anywhere", "a boarding school in the hills", "a half-built seaside hotel",
		"a mining village in the last year of the mine", "an apartment block with one working lift",
		"a vineyard in a drought summer", "a night train crossing three countries", "a river island with one ferry",
		"a provincial theatre on its final season", "a research station under the ice", "a market town on fair week",
		"a suburb where every lawn is the same", "a floating restaurant in a flooded city", "a monastery that takes paying guests",
		"a travelling circus stuck at a border", "a cinema that shows one film a week", "an orchard the bank wants back",
		"a radio station at the edge of a desert"}
	premises = []string{"a retired ferryman who agrees to carry one last passenger",
		"two estranged sisters who inherit a house neither of them wants",
		"a translator who starts inventing what the speakers say",
		"a night-shift nurse who keeps the letters of patients who never left",
		"a projectionist who notices the same stranger at every screening",
		"a widowed beekeeper and the surveyor sent to measure her land",
		"a teenage cartographer mapping a town that keeps changing",
		"a brass band trying to win one last contest",
		"a detective who cannot remember the case she solved",
		"a family that spends one summer pretending nothing is wrong",
		"a forger hired to repair a painting he once faked",
		"a lighthouse keeper whose replacement never arrives",
		"two old friends driving a borrowed hearse across the country",
		"an understudy who is asked to go on for a star who has vanished",
		"a chef who loses her sense of taste on the eve of an opening",
		"a boy who believes the new tenant upstairs is his father",
		"a radio host who answers a call from her own future",
		"a village that votes to stop the clocks",
		"a pianist hired to play at a wedding that keeps being postponed",
		"a retired boxer coaching the son of the man he beat"}
)

// Review prose.
var (
	adjPositive = []string{"luminous", "patient", "tender", "precise", "generous", "ferocious", "graceful",
		"unhurried", "gorgeous", "sly", "quietly devastating", "alive", "exact", "surprising", "warm",
		"confident", "playful", "haunting", "lucid", "brave", "lovely", "bracing", "humane", "delicate"}
	adjNegative = []string{"overlong", "muddled", "airless", "shapeless", "glib", "laboured", "inert",
		"fussy", "monotonous", "shrill", "timid", "clumsy", "schematic", "tired", "predictable", "hollow",
		"ponderous", "smug", "thin", "sluggish"}
	adverbs = []string{"genuinely", "almost absurdly", "remarkably", "stubbornly", "unexpectedly",
		"consistently", "oddly", "defiantly", "wonderfully", "plainly"}
	craftNouns = []string{"the score", "the editing", "the dialogue", "the ending", "the opening shot",
		"the production design", "the sound mix", "the screenplay", "the costume design", "the long-take style",
		"the camerawork", "the colour palette", "the lighting", "the pacing", "the framing", "the third act",
		"the ensemble", "the casting", "the location work", "the final image"}
	things = []string{"a cracked teacup", "an unopened letter", "a red bicycle", "a wind-up radio",
		"a jar of buttons", "a stopped clock", "a borrowed coat", "a pair of theatre tickets",
		"a photograph with one face scratched out", "a broken umbrella", "a dented trumpet", "a map with no roads",
		"a goldfish in a plastic bag", "a wedding cake nobody eats", "a key to a door that no longer exists",
		"a film canister", "a tin of peaches", "a chalk outline on a playground"}
	stretches = []string{"the first twenty minutes", "the final reel", "the middle hour", "the opening scene",
		"the last ten minutes", "the second act", "the long wedding sequence", "the storm sequence",
		"the dinner scene", "the epilogue", "the first flashback", "the chase across the rooftops"}
	emotions = []string{"dread", "longing", "grief", "giddiness", "tenderness", "shame", "hope", "rage",
		"loneliness", "wonder", "regret", "relief"}
	similes = []string{"like a letter nobody meant to send", "like a stage play with the walls taken away",
		"like a song you half remember", "like a photograph left too long in the sun",
		"like a house where every room is slightly too warm", "like a joke told at a funeral",
		"like weather", "like a train that keeps stopping between stations"}
	feelings = []string{"light-headed", "quietly wrecked", "grinning", "oddly calm", "furious", "starving",
		"wanting to call my mother", "unsure what I had just seen"}
	instruments = []string{"low strings", "muted brass", "a single out-of-tune piano", "hand drums",
		"a wheezing accordion", "a choir heard through a wall", "plucked cello", "synthesizers that sound like rain"}
	vices = []string{"slowness", "gloom", "noise", "quirk", "withholding", "volume", "cruelty", "vagueness"}
	wants = []string{"to leave", "to be forgiven", "the house", "one more summer", "the truth",
		"to be left alone", "a second chance", "the money", "to be believed", "to go home"}
	roleDescs = []string{"a schoolteacher with debts nobody mentions", "a night-shift nurse",
		"a former boxer", "a translator who lies for a living", "a widowed shopkeeper", "a failed opera singer",
		"a ferry captain with a bad knee", "a teenager who steals bicycles", "a priest who has stopped believing",
		"a mapmaker", "a junior diplomat", "a stage magician on the way down"}
	timespans = []string{"a single weekend", "one long winter", "three days in August", "a week of rain",
		"one night", "the length of a harvest", "a summer and a half", "twenty-four hours"}
	shared = []string{"a fondness for long corridors", "the same cinematographer", "a weakness for rain",
		"a suspicion of happy endings", "an obsession with clocks", "half their cast"}
	wheres = []string{"at a half-empty matinee", "on a plane, which is no way to see anything",
		"at a festival screening that started forty minutes late", "on a borrowed projector",
		"at a repertory cinema with broken seats", "on a laptop, I'm sorry to say", "at a packed midnight show"}
	companies = []string{"alone", "with my sister", "with a room full of teenagers", "with two friends who hated it",
		"with my film club", "with a stranger who narrated the plot"}
	twists = []string{"the one writing the letters", "never on the island at all", "dead since the prologue",
		"the narrator's own mother", "working for the bank", "lying about the fire"}
	knowings = []string{"the title", "that it was long", "that a friend had walked out of it",
		"the poster", "that it had been shelved for years", "nothing at all"}
	sources = []string{"a folk song the characters never sing", "a line in the final scene",
		"a chapter heading of the novel it adapts", "a street sign glimpsed in the first shot",
		"a children's rhyme", "the director's grandmother, apparently"}
	headings = []string{"What works", "What doesn't", "The performances", "Sound and image", "The ending",
		"A few reservations", "Why it stays with you", "Context", "Second viewing", "The look of it",
		"About the script", "The verdict, more or less"}
	closersPositive = []string{"See it on the biggest screen you can find.", "Go, and take someone you love.",
		"I'll be thinking about it for a long time.", "Bring someone you can argue with afterwards."}
	closersMixed = []string{"Worth a look, if you're patient.", "A near miss, but an interesting one.",
		"Wait for a rainy Sunday.", "Flawed, and still worth your evening."}
	closersNegative = []string{"Skip it, or wait for it to turn up on a plane.", "I can't recommend it.",
		"Life is short, and this film is not.", "Watch the trailer instead; it's the best part."}
	linkTexts = []string{"saw it differently", "liked it far more than I did", "wrote about it earlier",
		"made the opposite case", "covered the background"}
	numberWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve"}
)
