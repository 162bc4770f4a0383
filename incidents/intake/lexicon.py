"""The lexicon: every phrase of the vocabularies and of a language's data, in every form,
indexed by its first word. Built once per language and kept for the process."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from incidents.intake.languages import LANGUAGES
from incidents.intake.morphology import analyzer, decline, invariant, lexeme, norm
from incidents.intake.text import DASHES, TOKEN
from incidents.vocabularies import damage, regions, threats

FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "ADVB", "PRED", "INTJ", "NPRO"}


@dataclass(frozen=True)
class Pattern:
    kind: str
    value: object
    slots: tuple  # one frozenset of forms per token
    singular: frozenset = field(default=frozenset())  # a threat's forms that mean "one"


def words(phrase):
    return [m.group() for m in TOKEN.finditer(phrase) if m.group() not in "«»\"'"]


class Lexicon:
    def __init__(self, language, patterns, gapped, no_casualties):
        self.language = language
        # Phrases whose words stand in order a few words apart: damage, "no casualties".
        self.gapped, self.no_casualties = gapped, no_casualties
        self.index = defaultdict(list)
        for pattern in patterns:
            for form in pattern.slots[0]:
                self.index[form].append(pattern)

    def longest(self, norms, i):
        """The patterns matching longest at position i, and that length (0 if none)."""
        best, length = [], 0
        for pattern in self.index.get(norms[i], ()):
            n = len(pattern.slots)
            if n < length or i + n > len(norms):
                continue
            if all(norms[i + k] in pattern.slots[k] for k in range(1, n)):
                if n > length:
                    best, length = [], n
                best.append(pattern)
        return best, length


def _plural(word, data):
    w = norm(word)
    if w in data.PLURAL_IRREGULAR:
        return data.PLURAL_IRREGULAR[w]
    if w.endswith("s") or not w.isascii():
        return w
    if w.endswith("y") and w[-2:-1] not in "aeiou":
        return w[:-1] + "ies"
    return w + "s"


def _simple_slots(code, phrase, plural_last=False):
    """Slots of a phrase of plain words: Russian words in every form (function words as
    written), English words as written and, for nouns, their plural."""
    ws = words(phrase)
    data = LANGUAGES[code]
    if code == "ru":
        out = []
        for w in ws:
            parse = analyzer().parse(norm(w))[0]
            exact = invariant(w) or len(w) < 3 or parse.tag.POS in FUNCTION_WORDS
            out.append(frozenset({norm(w)}) if exact else lexeme(w))
        return tuple(out)
    out = [frozenset({norm(w)}) for w in ws]
    if plural_last and ws:
        out[-1] = out[-1] | {_plural(ws[-1], data)}
    return tuple(out)


def _region_patterns_ru(data):
    for region in regions.REGIONS:
        for name in (region.name_ru, *regions.ALIASES_RU.get(region.slug, ())):
            main = name.split(" (")[0]
            slots = decline(main)
            yield Pattern("region", region.key, slots.singular)
            if slots.apposition:
                for dash in DASHES:
                    yield Pattern(
                        "region",
                        region.key,
                        (*slots.singular, frozenset({dash}), *slots.apposition),
                    )
            ws = main.split(" — ")[0].split()
            head = slots.head
            if head and head == len(ws) - 1 and norm(ws[head]) in data.REGION_HEADS:
                for j in range(1, head + 1):
                    key = " ".join(norm(w) for w in ws[j:])
                    yield Pattern("region_part", (region.key, key), slots.singular[:j])
                    yield Pattern("region_heads", key, slots.plural[j:])


def _district_patterns_ru():
    """ "Брянский район", "Белгородский муниципальный округ": districts named after their
    region, generated from its name; with the region after them ("Брянским районом Брянской
    области") whatever the district; alone only where no other region has one of that name."""
    for region in regions.REGIONS:
        ws = region.name_ru.split()
        if region.kind not in ("oblast", "krai") or len(ws) != 2:
            continue
        whole = decline(region.name_ru).singular
        for head in regions.DISTRICT_HEADS_RU:
            district = decline(f"{ws[0]} {head}").singular
            yield Pattern("region", region.key, (*district, *whole))
            alone = "ambiguous" if region.slug in regions.DISTRICTS_ELSEWHERE else "region"
            yield Pattern(alone, region.key, district)


def _ambiguous_patterns_ru():
    for name in regions.AMBIGUOUS_RU:
        yield Pattern("ambiguous", name, decline(name).singular)


def _city_patterns_ru():
    for slug, cities in regions.CITIES_RU.items():
        for city in cities:
            yield Pattern("region", regions.BY_SLUG[slug].key, decline(city).singular)


def _city_patterns_en(data):
    for slug, cities in regions.CITIES_EN.items():
        for city in cities:
            ws = [w for w in words(city) if norm(w) not in data.FILLER]
            yield Pattern(
                "region", regions.BY_SLUG[slug].key, tuple(frozenset({norm(w)}) for w in ws)
            )


def _english_names(region, data):
    name = region.name_en.replace("–", "-").split(" (")[0]
    names = {name, *regions.ALIASES_EN.get(region.slug, ())}
    stem = name
    for word in data.REGION_STEM_WORDS:
        stem = stem.replace(word, "").strip()
    for template in data.REGION_PATTERNS.get(region.kind, ()):
        names.add(template.format(stem=stem))
    return names, stem


def _region_patterns_en(data):
    for region in regions.REGIONS:
        names, stem = _english_names(region, data)
        for name in names:
            ws = [w for w in words(name) if norm(w) not in data.FILLER]
            slots = tuple(frozenset({norm(w)}) for w in ws)
            yield Pattern("region", region.key, slots)
            if len(ws) > 1 and norm(ws[-1]) in data.REGION_HEADS and name.startswith(stem):
                key = norm(ws[-1])
                yield Pattern("region_part", (region.key, key), slots[:-1])
                yield Pattern("region_heads", key, (frozenset({_plural(key, data)}),))


def _threat_patterns(code):
    for threat in threats.THREATS:
        for phrase in getattr(threat, code):
            generic = phrase in threats.GENERIC
            if code == "ru":
                slots = decline(phrase)
                yield Pattern(
                    "threat", (threat.slug, generic), slots.any_number, slots.head_singular_direct
                )
            else:
                ws = words(phrase)
                one = frozenset({norm(ws[-1])})
                yield Pattern(
                    "threat", (threat.slug, generic), _simple_slots(code, phrase, True), one
                )


def _number_patterns(code, data):
    for word, value in data.NUMBERS.items():
        forms = lexeme(word) if code == "ru" else frozenset({word})
        yield Pattern("number", value, (forms,))
    tens = [(w, v) for w, v in data.NUMBERS.items() if 20 <= v <= 90 and v % 10 == 0]
    units = [(w, v) for w, v in data.NUMBERS.items() if 1 <= v <= 9]
    for (t, tv), (u, uv) in ((a, b) for a in tens for b in units):
        yield Pattern("number", tv + uv, (frozenset({f"{t}-{u}"}),))


# Each language module's word lists, by the kind the grammar knows them as.
LISTS = {
    "one": "ONE",
    "approx": "APPROX",
    "uncounted": "UNCOUNTED",
    "over": "OVER",
    "area": "AREA",
    "toward": "TOWARD",
    "anaphor": "ANAPHORA",
    "debris": "DEBRIS",
    "and": "AND",
    "including": "INCLUDING",
    "each": "EACH",
    "modifier": "MODIFIERS",
    "intercepted": "INTERCEPTED",
    "attack": "ATTACK",
    "killed": "KILLED",
    "injured": "INJURED",
    "window_from": "WINDOW_FROM",
    "window_to": "WINDOW_TO",
    "moscow_time": "MOSCOW_TIME",
    "hours": "HOURS",
    "weekday": "WEEKDAYS",
    "link": "LINKS",
    "night_of": "NIGHT_OF",
    "night_to": "NIGHT_TO",
    "revision": "REVISION",
    "previous": "PREVIOUS",
    "withheld": "WITHHELD",
}
MAPPINGS = {"relative": "RELATIVE", "month": "MONTHS"}


@cache
def lexicon(code):
    data = LANGUAGES[code]
    patterns = [
        *(_region_patterns_ru(data) if code == "ru" else _region_patterns_en(data)),
        *(_city_patterns_ru() if code == "ru" else _city_patterns_en(data)),
        *((*_district_patterns_ru(), *_ambiguous_patterns_ru()) if code == "ru" else ()),
        *_threat_patterns(code),
        *_number_patterns(code, data),
        *(Pattern("dash", None, (frozenset({d}),)) for d in DASHES),
    ]
    for kind, name in LISTS.items():
        for phrase in getattr(data, name):
            patterns.append(Pattern(kind, phrase, _simple_slots(code, phrase)))
    for kind, name in MAPPINGS.items():
        for phrase, value in getattr(data, name).items():
            patterns.append(Pattern(kind, value, _simple_slots(code, phrase)))
    for phrase in data.PERSONS:
        if code == "ru":
            slots = decline(phrase)
            plural = (*slots.plural[:-1], slots.plural[-1] - slots.singular[-1])
            patterns += [Pattern("person", 1, slots.singular), Pattern("person", None, plural)]
        else:  # English persons are written singular ("people" plural); plurals count many
            one = 1 if phrase != "people" else None
            patterns.append(Pattern("person", one, _simple_slots(code, phrase)))
            plural = _plural(phrase, data)
            if one and " " not in phrase and plural != norm(phrase):
                patterns.append(Pattern("person", None, (frozenset({plural}),)))
    gapped = [
        (item.slug, _simple_slots(code, phrase, plural_last=True))
        for item in damage.DAMAGE
        for phrase in getattr(item, code)
    ]
    no_casualties = [
        (fields, _simple_slots(code, phrase)) for phrase, fields in data.NO_CASUALTIES.items()
    ]
    return Lexicon(code, [p for p in patterns if p.slots], gapped, no_casualties)
