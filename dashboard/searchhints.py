"""What the table says about a search: a link turning a region the query names into the region
filter, and, when nothing matched, what is near (names close to the words, the same words
without the other filters). Read from the query (no SQL) except the one count a search that
found nothing costs."""

from dataclasses import dataclass

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from incidents import search
from incidents.models import Incident, Region, ThreatType


@dataclass(frozen=True)
class Hint:
    label: str
    query: str  # the query string of the link, without "?"
    count: int | None = None


def _query(request, **changes):
    params = request.GET.copy()
    params.pop("cursor", None)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        elif isinstance(value, list):
            params.setlist(name, value)
        else:
            params[name] = value
    if not params.get("q"):
        params.pop("q", None)
    return params.urlencode()


def local_labels(concepts):
    """{concept: its name in the page's language}: the vocabularies in code name things in
    English, the record's tables in every language (one query per kind, none in English)."""
    concepts = list(concepts)
    if (get_language() or "en") == "en" or not concepts:
        return {concept: concept.label for concept in concepts}
    names = {}
    for kind, model in (("region", Region), ("threat", ThreatType)):
        slugs = [concept.slug for concept in concepts if concept.kind == kind]
        if slugs:
            names[kind] = {row.slug: row.local_name for row in model.objects.filter(slug__in=slugs)}
    return {
        concept: names.get(concept.kind, {}).get(concept.slug, concept.label)
        for concept in concepts
    }


def region_filters(request, text):
    """One Hint per region the query names alone: the same view with that region as a filter
    and the query less its name."""
    found = []
    chosen = request.GET.getlist("region")
    for concept in search.named(text):
        rest = search.without_region(text, concept.slug) if concept.kind == "region" else None
        if rest is None or concept.slug in chosen:
            continue
        found.append((concept, _query(request, q=rest, region=[*chosen, concept.slug])))
    labels = local_labels(concept for concept, _ in found)
    return [Hint(labels[concept], query) for concept, query in found]


def nothing_found(request, filterset, text):
    """Hints for a search that found nothing: close names, and the search alone if other
    filters narrowed it (with its count)."""
    near = search.near(text)
    labels = local_labels(near)
    hints = [Hint(labels[concept], _query(request, q=concept.names[0])) for concept in near]
    others = [name for name in request.GET if name not in ("q", "cursor", "sort")]
    if others:
        alone = Incident.objects.published().search(text).count()
        if alone:
            hints.append(Hint(text, f"{_query_only(text, request)}", alone))
    return hints


def _query_only(text, request):
    params = request.GET.copy()
    for name in list(params):
        if name not in ("q", "sort"):
            params.pop(name)
    return params.urlencode()


def suggestions(text, limit=8):
    """Regions and threat types for what the reader is typing: those the words name (any
    form), then those with a name starting with, then containing, the text. Found without
    SQL; labelled in the active language (a query per kind, none in English)."""
    from incidents.intake.morphology import norm
    from incidents.vocabularies import aliases

    typed = norm(text.strip())
    if len(typed) < 2:
        return []
    ranked = {concept: (0, concept.names[0]) for concept in search.named(text)}
    for concept in aliases.concepts():
        for rank, test in ((1, str.startswith), (2, str.__contains__)):
            name = next((n for n in concept.names if test(norm(n), typed)), None)
            if name and concept not in ranked:
                ranked[concept] = (rank, name)
    chosen = sorted(ranked.items(), key=lambda item: (item[1][0], item[0].label))[:limit]
    labels = local_labels(concept for concept, _ in chosen)
    kinds = {"region": Region._meta.verbose_name, "threat": ThreatType._meta.verbose_name}
    return [
        {
            "kind": concept.kind,
            "kind_label": str(kinds[concept.kind]),
            "slug": concept.slug,
            "label": labels[concept],
            "name": name,
            "filter": f"{concept.kind}={concept.slug}",
        }
        for concept, (_, name) in chosen
    ]


@require_safe
def suggest(request):
    """/search/suggest.json?q=...&lang=...: what the search box's script offers
    (static/js/suggest.js). A language-free address: the labels are in English unless `lang`
    names the page's language (config/languages.py), so each language has its own URL and its
    own cached copy. The same answer for everyone: an hour's cache is the only lag after an
    editor renames a region."""
    text = request.GET.get("q", "")[:200]
    response = JsonResponse({"suggestions": suggestions(text)})
    patch_cache_control(response, public=True, max_age=3600)
    return response
