"""parse(): a statement's text -> a Proposal. Sentences are read one by one
(incidents.intake.claims); here their claims become totals and draft incidents, casualties and
damage find the incident they speak of, and time clues give the statement its date and window."""

from dataclasses import replace
from datetime import datetime

from incidents.intake import when
from incidents.intake.claims import Sentence
from incidents.intake.languages import LANGUAGES
from incidents.intake.lexicon import lexicon
from incidents.intake.proposal import (
    FIGURE_NOT_REPORTED,
    FIGURE_WITHHELD,
    REPORTED,
    WITHHELD,
    DraftIncident,
    Figure,
    Proposal,
    Total,
)
from incidents.intake.text import sentences, tokens
from incidents.vocabularies import damage


class ParseError(ValueError):
    """The input itself is wrong (unknown language, a naive time): nothing was read."""


def parse(text, *, language, published_at, source_kind=""):
    """Read one statement. `published_at` must be timezone-aware; `language` one of
    LANGUAGES ("ru", "en"); `source_kind` is recorded by the caller and does not change the
    reading (the same words mean the same from any source)."""
    if language not in LANGUAGES:
        raise ParseError(f"language must be one of {sorted(LANGUAGES)}, not {language!r}")
    if not isinstance(published_at, datetime) or published_at.utcoffset() is None:
        raise ParseError("published_at must be a datetime with a time zone")
    if not isinstance(text, str):
        raise ParseError("text must be a string")
    lex = lexicon(language)
    readings, context, places = [], None, ()
    for start, end in sentences(text):
        sentence = Sentence(lex, text, start, end, tokens(text, start, end), context, places)
        reading = sentence.read()
        context = reading.last_threat or context
        places = tuple(dict.fromkeys(reading.regions)) or places
        readings.append(reading)
    return _propose(readings, published_at)


def _propose(readings, published_at):
    incidents, order, unused, notes = {}, [], [], []
    for r in readings:
        if r.problem:
            unused.append(r.text)
            notes.append(f"{r.text}: {r.problem}")
            continue
        conflict = False
        for claim in r.claims:
            if claim.region is None:
                continue
            key = (claim.region, claim.threat)
            if key not in incidents:
                incidents[key] = {"claim": claim, "damage": [], "killed": None, "injured": None}
                order.append(key)
                continue
            held = incidents[key]["claim"]
            if held.figure.state != REPORTED and claim.figure.state == REPORTED:
                incidents[key]["claim"] = claim
            elif held.figure != claim.figure and claim.figure.state == REPORTED:
                conflict = True
        if conflict:
            unused.append(r.text)
            notes.append(f"{r.text}: gives another figure for a region and threat already read")
    _count_over_the_one_place(readings, incidents, order)
    _attach(readings, incidents, order, unused, notes)
    totals = _totals(readings)
    # "Количество сбитых беспилотников не раскрывается": the source withholds the figure of
    # that threat for the whole statement, so its places' missing figures are withheld too.
    withheld = {t.threat for t in totals if t.figure.state == WITHHELD}
    for key in order:
        held = incidents[key]["claim"]
        if key[1] in withheld and held.figure.state != REPORTED:
            incidents[key]["claim"] = replace(held, figure=FIGURE_WITHHELD)
    if not totals and not incidents:
        unused = [r.text for r in readings]
        return Proposal(None, None, None, (), (), tuple(unused), notes=tuple(notes))
    day, start, end = when.resolve([r.clues for r in readings if not r.problem], published_at)
    for r in readings:
        if not r.used and r.text not in unused:
            unused.append(r.text)
    drafts = tuple(
        DraftIncident(
            region=key[0],
            threat=key[1],
            intercepted=incidents[key]["claim"].figure,
            damage=tuple(_damage(incidents[key]["damage"])),
            killed=incidents[key]["killed"] or FIGURE_NOT_REPORTED,
            injured=incidents[key]["injured"] or FIGURE_NOT_REPORTED,
            quote=incidents[key]["claim"].quote,
        )
        for key in order
    )
    revised = [
        Total(threat, Figure.reported(number), r.text)
        for r in readings
        for threat, number in r.previous
    ]
    return Proposal(
        date=day,
        window_start=start,
        window_end=end,
        totals=tuple(totals),
        incidents=drafts,
        unused=tuple(u for u in readings_order(readings, unused)),
        revision=any(r.revision for r in readings if not r.problem),
        revised_from=tuple(revised),
        notes=tuple(notes),
    )


def readings_order(readings, unused):
    """Unused sentences once each, in the statement's order."""
    wanted = set(unused)
    return [r.text for r in readings if r.text in wanted and not wanted.discard(r.text)]


def _damage(slugs):
    """In the vocabulary's order; "none reported" only when nothing else is."""
    found = set(slugs)
    if len(found) > 1:
        found.discard("none-reported")
    return [item.slug for item in damage.DAMAGE if item.slug in found]


def _attach(readings, incidents, order, unused, notes):
    """Casualties and damage go to the incidents of the regions the sentence names, or else of
    the regions the last sentence naming regions named. "No one was hurt" with no region speaks
    for the whole statement; damage or a casualty count that could belong to several regions
    belongs to none (the sentence is listed unused)."""
    context = []
    for r in readings:
        if r.problem:
            continue
        named = [code for code in r.regions if any(k[0] == code for k in order)]
        targets = named or [code for code in context if any(k[0] == code for k in order)]
        if r.regions:
            context = r.regions
        positive = r.damage or any(f.number for f in r.casualties.values())
        if not (r.damage or r.casualties):
            continue
        if not targets and not positive and order:
            targets = list(dict.fromkeys(k[0] for k in order))
        if not targets or (positive and len(set(targets)) > 1):
            unused.append(r.text)
            notes.append(f"{r.text}: casualties or damage that no single region can be given")
            continue
        for key in order:
            if key[0] in targets:
                incidents[key]["damage"] += r.damage
                for name, figure in r.casualties.items():
                    incidents[key][name] = figure


def _count_over_the_one_place(readings, incidents, order):
    """A statement that names one region only and counts a threat in a sentence naming no place
    ("Отражена атака БПЛА на Тульскую область. Уничтожено 6 БПЛА.") counts it over that region,
    when that region's figure is otherwise not given and the count is the only one. The region
    may be named with no threat at all ("Отражена атака на Тульскую область.")."""
    # Named in a sentence of its own ("Белгородская область.", "... подверглась атаке."), not
    # in passing in one about casualties or damage ("В Белгородской области пострадавших нет"
    # after a national total is no claim over Belgorod).
    named = {
        code
        for r in readings
        if not r.problem and not r.casualties and not r.damage
        for code in r.regions
    }
    places = {key[0] for key in order} or named
    if len(places) != 1:
        return
    (place,) = places
    counts = {}
    for r in readings:
        if r.problem or r.regions:
            continue
        for claim in r.claims:
            if claim.kind == "header" and claim.region is None:
                counts.setdefault(claim.threat, []).append(claim)
    # With no incident yet, every threat counted is over the one place, and an attack with no
    # figure too ("Белгородский район. В результате атаки FPV-дрона ... ранен мужчина.").
    placeless = not order
    for threat, claims in counts.items():
        key = (place, threat)
        figured = claims[0].figure.state == REPORTED or placeless
        if len(claims) != 1 or not figured:
            continue
        if key not in incidents and not placeless:
            continue  # the region's incidents are of other threats
        if key in incidents and incidents[key]["claim"].figure.state == REPORTED:
            continue
        if key not in incidents:
            incidents[key] = {"damage": [], "killed": None, "injured": None}
            order.append(key)
            for r in readings:  # the sentence that named the place gave the claim its place
                r.placed = r.placed or place in r.regions
        incidents[key]["claim"] = replace(claims[0], region=place, kind="region")


def _totals(readings):
    """The statement's figure per threat: its stated totals (summed if it states several
    different ones); else the one region's figure if it gives only one; else named but not
    reported (a withheld figure stays withheld)."""
    headers, regional, threats = {}, {}, []
    for r in readings:
        if r.problem:
            continue
        for claim in r.claims:
            threats.append(claim.threat)
            if claim.kind == "header":
                headers.setdefault(claim.threat, []).append(claim)
            elif claim.kind in ("region", "item"):
                regional.setdefault(claim.threat, []).append(claim)
    out = []
    for threat in dict.fromkeys(threats):
        stated = [c for c in headers.get(threat, ()) if c.figure.state == REPORTED]
        withheld = [c for c in headers.get(threat, ()) if c.figure.state == WITHHELD]
        places = regional.get(threat, [])
        if stated:
            # A headline and its body state one figure twice ("Сбиты 45 беспилотников. ПВО
            # уничтожила 45 ..."): an equal figure is the same one, different ones add up.
            figure = Figure.reported(sum({c.figure.number for c in stated}))
            out.append(Total(threat, figure, stated[0].quote))
        elif withheld:
            out.append(Total(threat, FIGURE_WITHHELD, withheld[0].quote))
        elif len({c.region for c in places}) == 1:
            claim = next((c for c in places if c.figure.state == REPORTED), places[0])
            out.append(Total(threat, claim.figure, claim.quote))
        else:
            out.append(Total(threat, FIGURE_NOT_REPORTED, ""))
    return out
