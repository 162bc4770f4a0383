"""What the public table sorts by: one expression per key, shared by the queries that sort and
the indexes that make each order a walk along an index (see Incident.Meta)."""

from django.db.models import F

from incidents import figures

SORT_KEYS = {
    "date": lambda: F("date"),
    # A count sorts by the figures given; an incident that gave none sorts as missing
    # (figures.MISSING), never as 0.
    "intercepted": lambda: figures.sort_expression("intercepted"),
    "casualties": lambda: figures.sort_expression("killed", "injured"),
    "region": lambda: F("region__name"),
    "threat": lambda: F("threat_type__name"),
    # How well a searched row matches (incidents/search.py annotates it; an integer).
    "relevance": lambda: F("search_rank"),
}
