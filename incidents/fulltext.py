"""The search on PostgreSQL: the parsed query (incidents/search.py) matched against each
incident's search document (incidents/search_sql.py: its texts and names, stemmed, in a GIN
index), and ranked.

A term becomes a tsquery in the `russian` configuration (Snowball Russian for Cyrillic words,
Snowball English for Latin ones), the one its documents are read with:
- words: each word as `websearch_to_tsquery` reads it, or, from four letters, as the start of a
  word ("Kalu", "перехват");
- a quoted phrase: its words one after another (`phraseto_tsquery`), then checked as written by
  the regular expressions of the simpler search (stop words, word order: "над территорией");
- a term that names regions or threat types also matches every name of them (the aliases'
  names in every language), each word stemmed as the documents are ("Калуга" finds "Калуги");
  an incident's document holds its region's and type's names, so these find its own incidents
  too, from the index (no scan of the texts).
Clauses must all hold; the terms of an `or` clause are one tsquery; an excluded term removes
what it would match. The rank is ts_rank of the document against the words the reader typed
(the summary weighs most, the region's and type's own names least; not every alias, which made
ranking a common name cost ~30 µs a row), an integer
(millionths) so a page link can name it (dashboard/pagination.py).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BigIntegerField, F
from django.db.models.functions import Cast

from incidents import planner, search
from incidents.intake.morphology import norm
from incidents.vocabularies import aliases

CONFIG = "russian"  # as incidents/search_sql.py reads the documents
WORD = re.compile(r"\w+")
PREFIX_FROM = 4  # letters: shorter words match whole ("каб" is not "кабель")
MAX_REGIONS_BY_TEXT = 3  # more regions named at once (a partial word) match by region only


def _any(queries):
    combined = None
    for query in queries:
        combined = query if combined is None else combined | query
    return combined


def _all(queries):
    combined = None
    for query in queries:
        combined = query if combined is None else combined & query
    return combined


def _lexeme(word):
    """A word (letters and digits only), stemmed: whole, or from PREFIX_FROM letters its start."""
    suffix = ":*" if len(word) >= PREFIX_FROM else ""
    return SearchQuery(f"'{word}'{suffix}", config=CONFIG, search_type="raw")


def _typed_word(word):
    typed = SearchQuery(word, config=CONFIG, search_type="websearch")
    if WORD.fullmatch(word) and len(word) >= PREFIX_FROM:
        return typed | _lexeme(word)
    return typed


def _names(term):
    """Every name of what the term names, each word stemmed as the documents are (whole
    lexemes, which the index finds and the planner counts, unlike word starts): "Калуга" finds
    "Калуги", "Калужская область" every form of "Калужской"; the generic words of a region's
    name ("область", "region") are left out. The incidents of a region or type carry its names
    in their documents (weight C), so this alone finds them and every text that mentions them."""
    regions = [c for c in term.concepts if c.kind == "region"]
    named = [c for c in term.concepts if c.kind == "threat"]
    if len(regions) <= MAX_REGIONS_BY_TEXT:
        named += regions
    generic = aliases.generic_words()
    names = set()
    for concept in named:
        for name in concept.names:
            words = [w for w in norm(name.partition(" — ")[0]).split() if w not in generic]
            if words:
                names.add(frozenset(words))
    # A name that holds every word of a shorter one adds nothing to an OR ("attack drone" beside
    # "drone"): left out, the tsquery every document is matched against is shorter.
    kept = [name for name in names if not any(other < name for other in names)]
    texts = sorted(" ".join(sorted(name)) for name in kept)
    return [SearchQuery(text, config=CONFIG, search_type="plain") for text in texts]


def _typed(term):
    """The words the reader typed (what the rank weighs)."""
    if term.phrase:
        return SearchQuery(term.text, config=CONFIG, search_type="phrase")
    if term.concepts:
        return SearchQuery(term.text, config=CONFIG, search_type="plain")
    return _all(_typed_word(word) for word in term.words)


def tsquery(term):
    """What the term matches in the documents (see the module's docstring)."""
    if term.phrase:
        return _typed(term)
    return _any([_typed(term), *_names(term)])


def _by_region(term):
    """The regions whose incidents the term matches by region rather than by their names."""
    regions = sorted(c.slug for c in term.concepts if c.kind == "region")
    return regions if len(regions) > MAX_REGIONS_BY_TEXT and not term.phrase else []


def _term_ids(queryset, term):
    """A subquery of the ids of the incidents the term matches: the documents its tsquery
    finds (a phrase's then checked as written); when it names more regions than their names
    are read for (a word part of many names), their incidents by region."""
    from incidents.models import SearchDocument

    documents = SearchDocument.objects.filter(document=tsquery(term)).order_by()
    if term.phrase:
        documents = documents.filter(search.written_in(term))
    ids = documents.values("incident_id")
    if regions := _by_region(term):
        by_region = queryset.model.objects.order_by().filter(region__slug__in=regions)
        ids = ids.union(by_region.values("pk"))
    return ids


def _ids(queryset, terms):
    first, *others = (_term_ids(queryset, term) for term in terms)
    return first.union(*others) if others else first


def apply(queryset, clauses):
    """`queryset` narrowed to what the clauses match, annotated with `search_rank`.

    Clauses the documents alone decide are one tsquery (their clauses joined by AND) on the
    join that the rank reads too: each found incident's document is read once."""
    asked, matched = [], []
    for clause in clauses:
        if clause[0].negated:
            queryset = queryset.exclude(pk__in=_ids(queryset, clause[:1]))
            continue
        asked += [_typed(term) for term in clause]
        if any(term.phrase or _by_region(term) for term in clause):
            queryset = queryset.filter(pk__in=_ids(queryset, clause))
        else:
            matched.append(_any(tsquery(term) for term in clause))
    if matched:
        queryset = queryset.filter(search_document__document=_all(matched))
    if not asked:
        return queryset.annotate(search_rank=Cast(0, BigIntegerField()))
    rank = SearchRank(F("search_document__document"), _any(asked)) * 1_000_000
    return queryset.annotate(search_rank=Cast(rank, BigIntegerField()))


# How a page's searched queries are planned (set for its transaction only, see planned()).
PLANNER_SETTINGS = {
    # Compiling a query costs 50-100 ms on this kind of machine, and the planner chooses it by
    # the expected rows: a common word's ranked page and facet counts were compiled every time.
    "jit": "off",
    # Starting a parallel worker costs 7-17 ms on a busy 2-core machine; a rare word's queries
    # take 0.3-1 ms in the backend alone. The planner cannot tell a rare word (a word typed
    # in full also matches as the start of a word, which it expects in 0.15% of the documents)
    # from a common one: a higher price of a worker keeps the few-row plans in the backend
    # and leaves workers to the plans that read tens of thousands of documents.
    "parallel_setup_cost": "30000",
    # The record is read from memory (a million incidents and their documents are ~1.5 GB):
    # an index lookup costs about what a page read in order does. At the default (4) the
    # planner joined a common word's 24,000 matches to their incidents by reading all
    # 1,000,000 incidents (Калужской: facets 1.2 s -> 0.64 s, page 0.47 s -> 0.32 s).
    "random_page_cost": "1.1",
}


def planned(using):
    """Queries run inside this block on database `using` are planned for a search's page
    (PLANNER_SETTINGS); nothing outside it changes (incidents/planner.py)."""
    return planner.planned(using, PLANNER_SETTINGS)
