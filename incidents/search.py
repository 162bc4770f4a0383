"""The search box: a query read into terms, each term matched against the record.

Reading (no database): words are compared as the intake compares them (lower case, ё as е).
`"exact phrase"` matches those words as written, in that order; `-word` (or `-"phrase"`) excludes
what it would match; `or` between two terms matches either; other terms must all match
(websearch style). A word or run of words that names a region or threat type in any language or
form (incidents.vocabularies.aliases: "Калужской", "Kaluga region", "Брянщини", "БПЛА",
"безпілотників") becomes one term that matches that region's or type's incidents OR any text
mentioning it by any of its names; once a region is named, generic words ("области", "region")
are dropped. A word that names nothing matches text containing it (and, from four letters, the
regions whose names contain it, so "Kalu" still finds Kaluga Oblast).

Matching on PostgreSQL: the full-text search (incidents/fulltext.py), ranked. On SQLite, the
simpler search: a term's text is matched as a case-insensitive regular expression (Python's
`re`) over the incident's summary and damage description, its citations' quotes and the text of
the statements that claim it, with no rank (every row alike, so the table keeps its order).
"""

import re
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache

from django.db import connections
from django.db.models import BigIntegerField, Value

from incidents.intake.morphology import norm
from incidents.vocabularies import aliases

OR_WORDS = frozenset({"or", "или", "або"})
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
EDGE_PUNCTUATION = ".,;:!?()[]{}«»“”„'"


@dataclass(frozen=True)
class Term:
    words: tuple  # normalised, as typed
    concepts: frozenset = frozenset()
    negated: bool = False
    phrase: bool = False

    @property
    def text(self):
        return " ".join(self.words)


def _tokens(text):
    """(negated, words, quoted) per token; `or` as None."""
    for match in TOKEN.finditer(text):
        minus, quoted, bare = match.groups()
        if bare is not None:
            negated = bare.startswith("-") and len(bare) > 1
            word = norm(bare[1:] if negated else bare).strip(EDGE_PUNCTUATION)
            if not word or word == "-":
                continue
            if word in OR_WORDS and not negated:
                yield None
            else:
                yield negated, (word,), False
        else:
            words = tuple(norm(quoted).split())
            if words:
                yield bool(minus), words, True


def _recognised(run):
    """Terms for a run of plain words: the longest names first, left to right."""
    out, i = [], 0
    while i < len(run):
        for size in range(min(aliases.MAX_WORDS, len(run) - i), 0, -1):
            found = aliases.names_of(tuple(run[i : i + size]))
            if found:
                out.append(Term(tuple(run[i : i + size]), found))
                i += size
                break
        else:
            word = run[i]
            out.append(Term((word,), _regions_containing(word) or aliases.misspelt(word)))
            i += 1
    return out


def _regions_containing(word):
    if len(word) < 4:
        return frozenset()
    return frozenset(
        concept
        for concept in aliases.concepts()
        if concept.kind == "region" and any(word in norm(name) for name in concept.names)
    )


# Each word or phrase is a query of its own in the plan: planning grows much faster than the
# terms (PostgreSQL, 12 phrases 65 ms, 24 0.9 s, 50 41 s). Real searches use a few.
MAX_TERMS = 10


def terms_in(text):
    """How many words and phrases the query `text` searches for."""
    return sum(len(clause) for clause in parse(text))


@lru_cache(maxsize=512)
def parse(text):
    """The query as clauses that must all hold, each a tuple of Terms of which one must match.
    Remembered per process: the table, its count, its hints and every page of one search read
    the same query (reading a typo compares it with every name)."""
    items, run = [], []

    def flush():
        items.extend(_recognised(run))
        run.clear()

    for token in _tokens(text):
        if token is None:
            flush()
            items.append(None)
            continue
        negated, words, quoted = token
        if negated or quoted:
            flush()
            found = aliases.names_of(words) if negated and not quoted else frozenset()
            items.append(Term(words, found, negated=negated, phrase=quoted))
        else:
            run.append(words[0])
    flush()
    named = any(c.kind == "region" for item in items if item for c in item.concepts)
    generic = aliases.generic_words()
    clauses, joining = [], False
    for item in items:
        if item is None:
            joining = bool(clauses)
            continue
        if named and not item.concepts and not item.phrase and item.text in generic:
            continue
        if joining and not item.negated and not clauses[-1][0].negated:
            clauses[-1] = (*clauses[-1], item)
        else:
            clauses.append((item,))
        joining = False
    return tuple(clauses)


# Matching --------------------------------------------------------------------------------------


def _letters(text):
    """A regular expression for literal text, ё and е alike, spaces as any whitespace."""
    escaped = re.escape(text)
    return re.sub(r"\\\s+|\s+", r"\\s+", escaped).replace("е", "[её]")


def _stem_pattern(stem):
    """One name as a pattern: each word's stem in any form, the words one after another."""
    parts = []
    for i, word in enumerate(stem):
        piece = _letters(word)
        if len(word) <= 3 and len(stem) == 1:  # "каб": a whole word, not "кабель"
            piece = rf"(^|\W){piece}(\W|$)"
        elif i < len(stem) - 1:
            piece += r"\w*"
        parts.append(piece)
    return r"\s+".join(parts)


def _indexable(stem):
    """Mentions the regular expressions look for: one word of four letters or more. Short words
    need word boundaries and several words an alternation of forms, which made the expression
    slow over every text (the UAV type's mentions took 6.4 s instead of 0.3 s at 100,000
    incidents); such names still find their region's or type's incidents, and the words the
    reader typed are always read."""
    return len(stem) == 1 and len(stem[0]) >= 4


def pattern(term):
    """The term's regular expression: its words as typed, or any name of what it names."""
    alternatives = [
        _stem_pattern(term.words) if term.concepts else r"\s+".join(_letters(w) for w in term.words)
    ]
    if not term.phrase:
        for concept in sorted(term.concepts, key=lambda c: c.slug):
            if concept.kind == "threat" or len(term.concepts) <= 3:
                alternatives += sorted(
                    {_stem_pattern(s) for s in aliases.stems(concept) if _indexable(s)}
                )
    return "(" + "|".join(dict.fromkeys(alternatives)) + ")"


def written_in(term):
    """A condition on search documents (PostgreSQL): the term as written in their incident's
    summary, damage description, a citation's quote or the text of a statement claiming it.
    For the candidates the full-text search found (a phrase's), checked row by row with no
    trigram index to keep; matching_ids finds the matches among every row."""
    from django.db.models import Exists, OuterRef, Q

    from incidents.models import Citation

    regex = pattern(term)
    citations = Citation.objects.filter(incident=OuterRef("incident")).order_by()
    return (
        Q(incident__summary__iregex=regex)
        | Q(incident__damage_description__iregex=regex)
        | Exists(citations.filter(quote__iregex=regex))
        | Exists(citations.filter(statement__text__iregex=regex))
    )


def matching_ids(queryset, term):
    """A subquery of the ids of `queryset`'s model's published incidents the term matches,
    among every row (SQLite's search): a UNION of branches, one per table, rather than one OR
    across joined tables."""
    from incidents.models import Citation, Region, Statement, ThreatType

    published = queryset.model.objects.published().order_by()
    regex = pattern(term)
    branches = [
        published.filter(damage_description__iregex=regex).values("pk"),
        Citation.objects.filter(quote__iregex=regex).order_by().values("incident_id"),
    ]
    # The statements are read first (a few thousand rows, their own index): joined inside the
    # UNION, the planner expects thousands of matches and scans every incident (~60 ms).
    said_by = list(Statement.objects.filter(text__iregex=regex).values_list("pk", flat=True))
    if said_by:
        cited = Citation.objects.filter(statement__in=said_by).order_by()
        branches.append(cited.values("incident_id"))
    if not term.phrase:
        slugs = {c.slug for c in term.concepts if c.kind == "region"}
        if slugs:
            regions = Region.objects.filter(slug__in=sorted(slugs)).values("pk")
            branches.append(published.filter(region__in=regions).values("pk"))
        slugs = {c.slug for c in term.concepts if c.kind == "threat"}
        if slugs:
            types = ThreatType.objects.filter(slug__in=sorted(slugs)).values("pk")
            branches.append(published.filter(threat_type__in=types).values("pk"))
    return published.filter(summary__iregex=regex).values("pk").union(*branches)


def apply(queryset, text):
    """`queryset` narrowed to what the query matches, annotated with `search_rank` (how well
    each row matches, higher first): on PostgreSQL the full-text search (incidents/fulltext.py),
    on SQLite the regular expressions below, every row ranked alike."""
    from django.db import connections

    clauses = parse(text)
    if connections[queryset.db].vendor == "postgresql":
        from incidents import fulltext

        return fulltext.apply(queryset, clauses)
    for clause in clauses:
        if clause[0].negated:
            queryset = queryset.exclude(pk__in=matching_ids(queryset, clause[0]))
            continue
        ids = matching_ids(queryset, clause[0])
        if len(clause) > 1:
            ids = ids.union(*(matching_ids(queryset, term) for term in clause[1:]))
        queryset = queryset.filter(pk__in=ids)
    return queryset.annotate(search_rank=Value(0, output_field=BigIntegerField()))


def planned(using, text):
    """A block whose queries are planned for searching `text` (incidents/fulltext.py
    planned(), on PostgreSQL); nothing to do without a search or on SQLite."""
    if not text.strip() or connections[using].vendor != "postgresql":
        return nullcontext()
    from incidents import fulltext

    return fulltext.planned(using)


def named(text):
    """The regions and threat types the query names (for suggestions and the region link)."""
    return sorted(
        {c for clause in parse(text) for term in clause if not term.negated for c in term.concepts},
        key=lambda c: (c.kind, c.label),
    )


def _said(term):
    text = f'"{term.text}"' if term.phrase else term.text
    return f"-{text}" if term.negated else text


def said(clauses):
    """The clauses written back as a query ("калужской -москва")."""
    return " ".join(" or ".join(_said(term) for term in clause) for clause in clauses)


def without_region(text, slug):
    """The query less the terms that name only this region (for "make it the region filter"),
    or None when the region is named inside an `or` or excluded."""
    clauses = parse(text)
    alone = [
        clause
        for clause in clauses
        if len(clause) == 1
        and not clause[0].negated
        and not clause[0].phrase
        and {c.slug for c in clause[0].concepts} == {slug}
    ]
    if not alone:
        return None
    return said([clause for clause in clauses if clause not in alone])


def near(text, limit=3):
    """Regions and threat types whose names are close to the query's words (for a search that
    found nothing): difflib over every name, looser than the typo reading."""
    import difflib

    names = {}
    for concept in aliases.concepts():
        for name in concept.names:
            names.setdefault(norm(name), concept)
    words = [norm(w) for w in text.split() if len(w) >= 3]
    close = []
    for word in [norm(text), *words]:
        close += difflib.get_close_matches(word, list(names), n=limit, cutoff=0.7)
    found = [names[name] for name in close]
    return list(dict.fromkeys(found))[:limit]
