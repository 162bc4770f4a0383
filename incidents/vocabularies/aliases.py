"""What a search may name: every region and threat type with all the names readers type.

Plain data and pure functions (no Django), built from the parser's vocabularies so the search
and the intake read statements alike. A region is named by its English and Russian names, their
aliases, a Ukrainian name (capitals.NAMES_UK), its romanisation (generated from the Russian), its
capital and the cities statements name; a threat type by its Russian and English phrases
(threats.py) and Ukrainian ones (THREATS_UK). Every Russian name is declined by the intake's
morphology (incidents.intake.morphology), never written per form; English names add the
"{name} region" patterns. Words are compared as morphology.norm does: lower case, ё read as е.

`concepts()` lists what can be named; `lookup()` maps every form of a name (one or more words) to
the concepts it names; `stems()` gives the prefixes a text mentions a concept by, for LIKE and
regular-expression matching (the simpler search, and text the full-text search misses).
"""

import difflib
from dataclasses import dataclass, field
from functools import cache
from itertools import product

from incidents.intake.morphology import decline, lexeme, norm
from incidents.vocabularies import capitals, regions, threats

THREATS_UK = {
    "uav": (
        "безпілотник",
        "безпілотний літальний апарат",
        "БпЛА",
        "дрон",
        "ударний дрон",
        "дрон-камікадзе",
    ),
    "fpv-drone": ("FPV-дрон",),
    "cruise-missile": ("крилата ракета",),
    "ballistic-missile": ("балістична ракета",),
    "anti-radiation-missile": ("протирадіолокаційна ракета",),
    "guided-aerial-bomb": ("керована авіабомба", "керована авіаційна бомба", "авіабомба"),
    "mlrs-rocket": ("реактивний снаряд", "РСЗВ"),
    "high-speed-air-target": ("швидкісна повітряна ціль",),
    "uncrewed-surface-vessel": ("безекіпажний катер", "морський дрон"),
    "unknown": ("повітряна ціль",),
}

# Words that name no region on their own ("область", "north", "Black"): kept inside a longer
# name, never indexed alone, and dropped from a query once a region in it was recognised.
GENERIC_RU = ("область", "край", "республика", "автономный", "округ", "город", "море")
GENERIC_OTHER = frozenset(
    (
        *("oblast", "oblast'", "oblasti", "krai", "kray", "region", "republic", "of", "the"),
        *("autonomous", "okrug", "city", "sea", "north", "black", "saint", "st", "st."),
        *("great", "lower", "upper", "respublika", "avtonomnyy"),
        *("северная", "горный", "нижний", "великий", "черное", "федерального", "значения"),
        *("область", "області", "областю", "край", "краю", "республіка", "республіки"),
        *("автономна", "автономний", "автономного", "округ", "округу", "море", "чорне"),
    )
)

_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_LATIN = (
    *("a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p"),
    *("r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"),
)
_TRANSLIT = dict(zip(_RUSSIAN, _LATIN, strict=True))
_UK_ENDINGS = "аяеєиіїоуюьй"
MAX_WORDS = 6  # the longest name a query is read for


def romanise(text):
    """BGN/PCGN-style romanisation of Russian ("Калужской" -> "kaluzhskoy"), as readers who
    know the names only in Latin letters type them; soft and hard signs are left out."""
    return "".join(_TRANSLIT.get(ch, ch) for ch in norm(text))


@dataclass(frozen=True)
class Concept:
    kind: str  # "region" or "threat"
    slug: str
    label: str  # the English name (the interface translates the kind, not the record's names)
    names: tuple = field(default=(), compare=False)  # every name in the nominative, as written


def _region_names(region):
    slug = region.slug
    capital = capitals.CAPITALS.get(slug, ())
    ru = (region.name_ru, *regions.ALIASES_RU.get(slug, ()), *regions.CITIES_RU.get(slug, ()))
    en = (region.name_en, *regions.ALIASES_EN.get(slug, ()), *regions.CITIES_EN.get(slug, ()))
    ru += tuple(name for name in capital[:1] if name not in ru)
    en += tuple(name for name in capital[1:] if name not in en)
    return ru, en, capitals.NAMES_UK.get(slug, ())


@cache
def concepts():
    out = []
    for region in regions.REGIONS:
        ru, en, uk = _region_names(region)
        out.append(Concept("region", region.slug, region.name_en, (*ru, *en, *uk)))
    for threat in threats.THREATS:
        uk = THREATS_UK.get(threat.slug, ())
        out.append(Concept("threat", threat.slug, threat.name_en, (*threat.ru, *threat.en, *uk)))
    return tuple(out)


def _cyrillic(text):
    return any("а" <= ch <= "я" or ch in "ёіїєґ" for ch in text.lower())


def _russian_forms(name):
    """Every form of a Russian name, as word tuples (agreement is not checked: a reader's
    mixed form still names the same thing), and each word's forms by position."""
    try:
        slots = decline(name)
    except ValueError:
        words = tuple(norm(w) for w in name.replace(" — ", " ").split())
        return {words}, [frozenset({w}) for w in words]
    positions = [s | p for s, p in zip(slots.singular, slots.plural, strict=True)]
    phrases = set(product(*positions)) if len(positions) <= 4 else set()
    phrases.add(tuple(norm(w) for w in name.partition(" — ")[0].split()))
    return phrases, positions


def _english_forms(name):
    words = tuple(norm(w) for w in name.split())
    phrases = {words, (*words[:-1], _plural(words[-1]))} if words else set()
    if words and words[-1] in ("oblast", "krai", "okrug"):
        stem = words[:-1]
        phrases |= {(*stem, "region"), ("the", *stem, "region"), (*stem, "oblast'"), stem}
    return phrases, [frozenset({w}) for w in words]


def _plural(word):
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def _distinctive(kind, positions):
    """Single words that name a region alone ("калужской", "kaluga"); threat phrases are read
    whole ("летательный" alone names nothing)."""
    if kind != "region":
        return []
    return [slot for slot in positions if not (slot & generic_words())]


@cache
def generic_words():
    forms = set(GENERIC_OTHER)
    for word in GENERIC_RU:
        forms |= lexeme(word)
    return frozenset(forms)


@cache
def lookup():
    """{words tuple: frozenset of Concepts} for every form of every name."""
    index = {}

    def add(words, concept):
        if words and len(words) <= MAX_WORDS:
            index.setdefault(words, set()).add(concept)

    for concept in concepts():
        for name in concept.names:
            is_russian = _cyrillic(name) and name not in capitals.NAMES_UK.get(concept.slug, ())
            if is_russian:
                phrases, positions = _russian_forms(name)
            else:
                phrases, positions = _english_forms(name)
            for words in phrases:
                add(words, concept)
                if is_russian:
                    add(tuple(romanise(w) for w in words), concept)
            for slot in _distinctive(concept.kind, positions):
                for word in slot:
                    add((word,), concept)
                    if is_russian:
                        add((romanise(word),), concept)
        if concept.kind == "region":
            add(tuple(romanise(concept.names[0]).replace("'", "").split()), concept)
    return {words: frozenset(found) for words, found in index.items()}


def _stem(word, forms):
    """The longest prefix all forms share (at least four letters), else the word itself."""
    prefix = forms[0] if forms else word
    for form in forms[1:]:
        while not form.startswith(prefix):
            prefix = prefix[:-1]
    return prefix if len(prefix) >= 4 else word


def _word_stem(word):
    if (_cyrillic(word) and any(ch in "іїєґ'" for ch in word.lower())) or not lexeme(word):
        trimmed = norm(word).rstrip(_UK_ENDINGS)
        return trimmed if len(trimmed) >= 4 else norm(word)
    if not _cyrillic(word):
        return norm(word)
    word = norm(word)
    # Superlatives ("наибеспилотнейший") share no prefix with the word: left out.
    return _stem(word, sorted(f for f in lexeme(word) if f[:3] == word[:3]))


@cache
def stems(concept):
    """How a text mentions the concept, as tuples of word prefixes (normalised) that follow each
    other, each word in any form: a region by the stem of its distinctive word ("Калужская
    область" -> ("калужск",), "Калуга" -> ("калуг",)), other names by every word's stem
    ("беспилотный летательный аппарат" -> ("беспилотн", "летательн", "аппарат"))."""
    out = set()
    for name in concept.names:
        words = name.partition(" — ")[0].split()
        distinctive = [w for w in words if norm(w) not in generic_words()]
        if concept.kind == "region" and len(distinctive) == 1:
            words = distinctive
        out.add(tuple(_word_stem(word) for word in words))
    return frozenset(out)


@cache
def ukrainian_stems():
    """{stem: concepts} of one-word Ukrainian names, which no dictionary declines here: a query
    word that starts with the stem and ends in a short ending names the concept."""
    index = {}
    for concept in concepts():
        names = capitals.NAMES_UK.get(concept.slug, ()) if concept.kind == "region" else ()
        names += THREATS_UK.get(concept.slug, ()) if concept.kind == "threat" else ()
        for name in names:
            words = [w for w in name.split() if norm(w) not in generic_words()]
            if len(words) == 1 and len(name.split()) <= 2:
                stem = norm(words[0]).rstrip(_UK_ENDINGS)
                if len(stem) >= 4:
                    index.setdefault(stem, set()).add(concept)
    return {stem: frozenset(found) for stem, found in index.items()}


def names_of(words):
    """The concepts a tuple of normalised words names, or an empty set."""
    found = lookup().get(words)
    if found:
        return found
    if len(words) == 1:
        word = words[0]
        for cut in range(1, 4):
            if len(word) - cut >= 4 and word[:-cut] in ukrainian_stems():
                return ukrainian_stems()[word[:-cut]]
        return ukrainian_stems().get(word, frozenset())
    return frozenset()


@cache
def _spellings():
    """One-word names in Latin letters (English and romanised), for reading typos."""
    return tuple(
        sorted(
            words[0]
            for words, found in lookup().items()
            if len(words) == 1
            and len(words[0]) >= 5
            and words[0].isascii()
            and any(c.kind == "region" for c in found)
        )
    )


@cache
def _spellings_by_letter():
    index = {}
    for name in _spellings():
        index.setdefault(name[0], []).append(name)
    return index


def misspelt(word):
    """The regions a Latin word names when read as a typo of a name ("Brjansk" -> Bryansk
    Oblast); close means difflib's ratio of at least 0.85, so other words are left alone. Only
    names with the same first letter are compared (a reader rarely mistypes the first letter,
    and comparing with every name cost ~50 ms a word)."""
    if len(word) < 5 or not word.isascii():
        return frozenset()
    names = _spellings_by_letter().get(word[0], ())
    close = difflib.get_close_matches(word, names, n=3, cutoff=0.85)
    return frozenset(c for name in close for c in lookup()[(name,)] if c.kind == "region")
