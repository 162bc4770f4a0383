"""The search on PostgreSQL: the parsed query (incidents/search.py) matched against each
incident's search document (incidents/search_sql.py: its texts and names, stemmed, in a GIN
index), and ranked.

A term becomes a tsquery in the `russian` configuration (Snowball Russian for Cyrillic words,
Snowball English for Latin ones), the one its documents are read with:
- words: each word as `websearch_to_tsquery` reads it, or, from four letters, as the start of a
  word ("Kalu", "перехват");
- a quoted phrase: its words one after another (`phraseto_tsquery`), then checked as written by
  the regular expressions of the simpler search (stop words, word order: "над территорией");
- a term that names regions or threat types also matches every name of them, by the stems the
  aliases give (incidents.vocabularies.aliases.stems: "калужск" for every form of "Калужская"),
  and the incidents of those regions or types (an indexed column, not a text scan).
Clauses must all hold; the terms of an `or` clause are one tsquery; an excluded term removes
what it would match. The rank is ts_rank of the document against every term the reader asked
for (the summary weighs most, the region's and type's own names least), an integer
(millionths) so a page link can name it (dashboard/pagination.py).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BigIntegerField, F, Q
from django.db.models.functions import Cast

from incidents import search
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
    """Every name of what the term names, as the stems of its words (each word's start)."""
    regions = [c for c in term.concepts if c.kind == "region"]
    named = [c for c in term.concepts if c.kind == "threat"]
    if len(regions) <= MAX_REGIONS_BY_TEXT:
        named += regions
    queries = []
    for concept in sorted(named, key=lambda c: c.slug):
        for stem in sorted(aliases.stems(concept)):
            if stem and all(WORD.fullmatch(word) for word in stem):
                queries.append(_all(_lexeme(word) for word in stem))
    return queries


def tsquery(term):
    """What the term matches in the documents (see the module's docstring)."""
    if term.phrase:
        return SearchQuery(term.text, config=CONFIG, search_type="phrase")
    typed = _all(_typed_word(word) for word in term.words)
    return _any([typed, *_names(term)])


def _term_ids(queryset, term):
    """A subquery of the ids of the incidents the term matches: the documents its tsquery
    finds (a phrase's then checked as written), and the incidents of the regions and types
    it names."""
    from incidents.models import SearchDocument

    documents = SearchDocument.objects.filter(document=tsquery(term)).order_by()
    if term.phrase:
        documents = documents.filter(incident__in=search.matching_ids(queryset, term))
    ids = documents.values("incident_id")
    regions = sorted(c.slug for c in term.concepts if c.kind == "region")
    threats = sorted(c.slug for c in term.concepts if c.kind == "threat")
    if (regions or threats) and not term.phrase:
        named = Q(region__slug__in=regions) | Q(threat_type__slug__in=threats)
        ids = ids.union(queryset.model.objects.order_by().filter(named).values("pk"))
    return ids


def _ids(queryset, terms):
    first, *others = (_term_ids(queryset, term) for term in terms)
    return first.union(*others) if others else first


def apply(queryset, clauses):
    """`queryset` narrowed to what the clauses match, annotated with `search_rank`."""
    asked = []
    for clause in clauses:
        if clause[0].negated:
            queryset = queryset.exclude(pk__in=_ids(queryset, clause[:1]))
        else:
            queryset = queryset.filter(pk__in=_ids(queryset, clause))
            asked += [tsquery(term) for term in clause]
    if not asked:
        return queryset.annotate(search_rank=Cast(0, BigIntegerField()))
    rank = SearchRank(F("search_document__document"), _any(asked)) * 1_000_000
    return queryset.annotate(search_rank=Cast(rank, BigIntegerField()))
