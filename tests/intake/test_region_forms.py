"""Every region of the vocabulary is found in the genitive, instrumental and prepositional, in
the singular and in coordinated lists, by forms generated from its data; and in English by
every name pattern. The test inflects with pymorphy3's own `inflect` (not the lexicon's path),
so a form the lexicon failed to generate shows up as a region not found."""

import subprocess
import sys
from datetime import datetime
from itertools import pairwise

import pytest

from incidents.intake import parse
from incidents.intake.languages import en
from incidents.intake.lexicon import _english_names
from incidents.intake.morphology import analyzer, invariant
from incidents.vocabularies.regions import (
    ALIASES_RU,
    BY_SLUG,
    CITIES_EN,
    CITIES_RU,
    DISTRICT_HEADS_RU,
    DISTRICTS_ELSEWHERE,
    REGIONS,
)

POSTED = datetime.fromisoformat("2026-05-02T07:30:00+03:00")
# Case -> how a statement puts a region in it.
FRAMES = {
    "gent": "Над территорией {} уничтожены 3 беспилотника.",
    "ablt": "Над {} уничтожены 3 беспилотника.",
    "loct": "В {} уничтожены 3 беспилотника.",
}


def inflect(name, case, number="sing"):
    """The name in a case: words up to the first noun agree with it, the rest stay."""
    main, _, apposition = name.partition(" — ")
    words = main.split()
    parses = [analyzer().parse(w.lower()) for w in words]
    head = next(
        (
            i
            for i, options in enumerate(parses)
            if not invariant(words[i])
            and any(p.tag.POS == "NOUN" for p in options)
            and not (i + 1 < len(words) and any(p.tag.POS == "ADJF" for p in options))
        ),
        None,
    )
    if head is None:  # an abbreviation ("ХМАО") has one form
        return name
    noun = next(p for p in parses[head] if p.tag.POS == "NOUN" and p.tag.case == "nomn")
    out = []
    for i, word in enumerate(words):
        if i > head:
            out.append(word)
            continue
        if i == head:
            form = noun.inflect({case, number}) or noun
        else:
            adjective = next(p for p in parses[i] if p.tag.POS == "ADJF" and p.tag.case == "nomn")
            grammemes = {case, "sing", noun.tag.gender} if number == "sing" else {case, "plur"}
            form = adjective.inflect(grammemes)
        out.append(form.word)
    text = " ".join(out)
    if apposition:
        text += " — " + " ".join(
            analyzer().parse(w.lower())[0].inflect({case}).word.capitalize()
            for w in apposition.split()
        )
    return text


def names(region):
    return [region.name_ru.split(" (")[0], *ALIASES_RU.get(region.slug, ())]


def regions_found(text, language="ru"):
    proposal = parse(text, language=language, published_at=POSTED, source_kind="ministry")
    return [(i.region, i.intercepted.number) for i in proposal.incidents]


CASES = [(r, name, case) for r in REGIONS for name in names(r) for case in FRAMES]


@pytest.mark.parametrize(
    ("region", "name", "case"), CASES, ids=[f"{r.key}-{n}-{c}" for r, n, c in CASES]
)
def test_every_region_name_is_found_in_every_case(region, name, case):
    form = inflect(name, case)
    assert regions_found(FRAMES[case].format(form)) == [(region.key, 3)], form


COORDINATED = {
    "gent": "Над территориями {} и {} уничтожены 4 беспилотника.",
    "ablt": "Над {} и {} уничтожены 4 беспилотника.",
    "loct": "В {} и {} уничтожены 4 беспилотника.",
}
# Regions sharing a noun ("Брянская область", "Курская область") are listed with it once.
SHARED = [
    r
    for r in REGIONS
    if len(r.name_ru.split()) == 2
    and r.name_ru.split()[0][0].isupper()
    and r.name_ru.split()[1] in ("область", "край", "округ", "море")
]
PAIRS = [
    (a, b, case)
    for a, b in pairwise(SHARED)
    if a.name_ru.split()[1] == b.name_ru.split()[1]
    for case in COORDINATED
]


@pytest.mark.parametrize(
    ("a", "b", "case"), PAIRS, ids=[f"{a.key}+{b.key}-{c}" for a, b, c in PAIRS]
)
def test_coordinated_regions_share_one_plural_noun(a, b, case):
    first = inflect(a.name_ru, case).split()[0]
    second = inflect(b.name_ru, case, number="plur")
    second = f"{inflect(b.name_ru, case).split()[0]} {second.split()[1]}"
    text = COORDINATED[case].format(first, second)
    assert regions_found(text) == [(a.key, None), (b.key, None)], text


def test_every_kind_of_shared_noun_is_covered():
    assert {r.name_ru.split()[1] for r in SHARED} == {"область", "край", "море"}
    assert len(PAIRS) >= 3 * 40


EN = [(r, name) for r in REGIONS for name in sorted(_english_names(r, en)[0])]


@pytest.mark.parametrize(("region", "name"), EN, ids=[f"{r.key}-{n}" for r, n in EN])
def test_every_english_name_is_found(region, name):
    text = f"Air defences destroyed 3 drones over the {name} overnight."
    assert regions_found(text, "en") == [(region.key, 3)], text


CITIES = [(BY_SLUG[slug], city) for slug, cities in CITIES_EN.items() for city in cities]


@pytest.mark.parametrize(("region", "city"), CITIES, ids=[c for _, c in CITIES])
def test_every_english_city_names_its_region(region, city):
    text = f"Air defences destroyed 3 drones over {city} overnight."
    assert regions_found(text, "en") == [(region.key, 3)], text


def test_the_english_cities_are_the_russian_ones():
    """One list of cities, spelled in two languages (a city added to one is added to both)."""
    assert CITIES_RU.keys() == CITIES_EN.keys()


DISTRICTS = [
    (r, head, case)
    for r in REGIONS
    if r.kind in ("oblast", "krai") and len(r.name_ru.split()) == 2
    for head in DISTRICT_HEADS_RU
    for case in FRAMES
]


@pytest.mark.parametrize(
    ("region", "head", "case"), DISTRICTS, ids=[f"{r.key}-{h}-{c}" for r, h, c in DISTRICTS]
)
def test_every_district_named_after_its_region_names_it(region, head, case):
    """ "Над Брянским районом", "в Белгородском муниципальном округе": the district's name is
    the region's adjective in the masculine (pymorphy3's inflect, not the lexicon's path);
    with its region after it, it names the region always; alone, only where no other region
    has a district of that name."""
    adjective = next(
        p for p in analyzer().parse(region.name_ru.split()[0].lower()) if p.tag.POS == "ADJF"
    ).normal_form.capitalize()
    district = inflect(f"{adjective} {head}", case)
    whole = f"{district} {inflect(region.name_ru, 'gent')}"
    assert regions_found(FRAMES[case].format(whole)) == [(region.key, 3)]
    alone = regions_found(FRAMES[case].format(district))
    assert alone == ([] if region.slug in DISTRICTS_ELSEWHERE else [(region.key, 3)])


def test_districts_elsewhere_are_regions_of_the_vocabulary():
    assert set(BY_SLUG) >= DISTRICTS_ELSEWHERE


def test_the_parser_core_imports_nothing_from_django():
    code = (
        "import sys, datetime\n"
        "from incidents.intake import parse\n"
        "p = parse('Над Курской областью сбит беспилотник.', language='ru',\n"
        "          published_at=datetime.datetime.fromisoformat('2026-05-02T07:30:00+03:00'))\n"
        "assert p.incidents, p\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
