"""English: the words of news agencies' retellings; the same names as ru.py means.

English words are matched as written, plus plurals of nouns (PLURAL_IRREGULAR, else +s).
"""

NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "both": 2,
}
ONE = ("a", "an", "single")
APPROX = (
    "more than",
    "over",
    "about",
    "around",
    "at least",
    "nearly",
    "almost",
    "some",
    "roughly",
    "up to",
    "approximately",
)
UNCOUNTED = ("several", "dozens", "a dozen", "a number", "many", "multiple", "scores")
OVER = ("over", "in", "above", "across", "near")
TOWARD = (
    "towards",
    "toward",
    "heading for",
    "heading to",
    "en route to",
    "flying to",
    "on its way to",
    "headed for",
    "headed to",
)
ANAPHORA = ("region", "oblast", "province")
AREA = ("territory of", "skies over", "skies of", "airspace over", "airspace of", "waters of")
AND = ("and", ",", ";", "as well as", ")")
INCLUDING = (":", "(", "including", "of which", "of them", "of these", "among them", "with")
# The part of a count the rest of the sentence speaks of ("37 ..., 22 of which were shot down").
PART_OF = ("of which", "of them", "of these")
# "15 of them over ...": these follow the figure they open a list with.
INCLUDING_AFTER_FIGURE = ("of them", "of which", "of these")
EACH = ("each",)
FILLER = ("the",)
# A count after these is the debris of a drone, not a figure of interceptions.
DEBRIS = ("debris from", "debris of", "fragments of", "wreckage of")
LINKS = ("system",)
MODIFIERS = ("ukrainian", "enemy", "hostile", "more", "other")
INTERCEPTED = (
    "intercept",
    "intercepted",
    "destroy",
    "destroyed",
    "shoot down",
    "shot down",
    "downed",
    "neutralised",
    "neutralized",
    "repelled",
    "repel",
    "destruction",
    "shooting down",
    "brought down",
    "taken down",
    "eliminated",
)
ATTACK = (
    "attack",
    "attacked",
    "struck",
    "strike",
    "hit",
    "targeted",
    "used",
    "fell",
    "crashed",
    "launched",
)
# English region names by kind: the kind's words in the English name, and how newsrooms add
# them to the name's stem ("Kursk Oblast" -> "Kursk region", "the Kursk oblast").
REGION_STEM_WORDS = (
    "Oblast",
    "Krai",
    "Autonomous Okrug",
    "Autonomous Oblast",
    "Republic of",
    "Republic",
)
REGION_PATTERNS = {
    "oblast": ("{stem} region", "{stem} oblast", "{stem} province"),
    "krai": ("{stem} region", "{stem} krai", "{stem} territory"),
    "autonomous_okrug": ("{stem} region", "{stem} autonomous okrug", "{stem} autonomous district"),
    "autonomous_oblast": ("{stem} region", "{stem} autonomous oblast", "{stem} autonomous region"),
    "republic": ("{stem}", "{stem} republic", "republic of {stem}"),
}
REGION_HEADS = ("region", "oblast", "province", "krai", "republic")
SUBREGION_HEADS = ()
# An English stem alone ("Kursk") counts only as a city the data lists (regions.CITIES_EN).
LONE_ADJECTIVES = False
# Capitalised words before a region noun that are no place name ("a Russian region").
NOT_PLACES = ("russian", "ukrainian", "border", "western", "southern", "northern", "eastern")
PLURAL_IRREGULAR = {
    "territory": "territories",
    "aircraft": "aircraft",
    "himars": "himars",
    "atacms": "atacms",
    "fpv": "fpv",
    "man": "men",
    "woman": "women",
    "child": "children",
    "person": "people",
}

NO_CASUALTIES = {
    "no casualty": ("killed", "injured"),
    "no casualties": ("killed", "injured"),
    "without casualties": ("killed", "injured"),
    "not resulting in casualties": ("killed", "injured"),
    "no victims": ("killed", "injured"),
    "no one was hurt": ("killed", "injured"),
    "nobody was hurt": ("killed", "injured"),
    "no injuries": ("injured",),
    "no one was injured": ("injured",),
    "nobody was injured": ("injured",),
    "no injured": ("injured",),
    "no deaths": ("killed",),
    "no fatalities": ("killed",),
    "no one was killed": ("killed",),
    "nobody was killed": ("killed",),
}
KILLED = ("killed", "dead", "died", "death", "fatality", "fatalities", "killing")
INJURED = ("injured", "wounded", "hurt", "injury", "injuries", "injuring", "wounding")
PERSONS = (
    "people",
    "other",  # "killed one man and wounded two others"
    "person",
    "man",
    "woman",
    "child",
    "resident",
    "civilian",
    "driver",
    "teenager",
    "boy",
    "girl",
    "pensioner",
    "worker",
    "serviceman",
)

RELATIVE = {
    "last night": 0,
    "overnight": 0,
    "this morning": 0,
    "tonight": 0,
    "during the night": 0,
    "early hours": 0,
    "in the night": 0,
    "past 24 hours": 0,
    "past day": 0,
    "today": 0,
    "yesterday": -1,
    "yesterday evening": -1,
    "on the previous day": -1,
}
WINDOW_FROM = ("from", "between")
WINDOW_TO = ("to", "until", "till", "and")
MOSCOW_TIME = ("moscow time", "msk")
HOURS = ("hours",)
# "from 11 p.m. on Saturday": a day of the week beside a window's time
WEEKDAYS = tuple(
    f"{on}{day}"
    for on in ("on ", "")
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)
NIGHT_OF = ("on the night of", "overnight into", "night of")
NIGHT_TO = ("to", "into")
MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}

REVISION = (
    "corrected",
    "revised",
    "updated figures",
    "clarified",
    "correction",
    "as reported earlier",
    "as earlier reported",
    "previously reported",
    "earlier reported",
)
PREVIOUS = ("not", "rather than", "instead of")
WITHHELD = (
    "did not disclose",
    "declined to say",
    "not disclosed",
    "undisclosed",
    "did not say how many",
)
UNKNOWN_AFTER = ("over",)
