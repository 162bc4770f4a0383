"""Facet counts: beside each choice of the region, threat and damage filters, how many incidents
it would select under the rest of the reader's filter ("Belgorod Oblast (2,873)").

One grouped query per facet, whatever the number of incidents or choices, read from the daily
rollups where the rest of the filter allows (IncidentFilter.facet_counts(); facets that count
the reader's own selection from the incidents, as under a search, share one), and kept in the
shared cache for the data version: every page of one filter (the table's pages and sorts, the
overview, the map) shows the same counts and computes them once.
"""

from dashboard.freshness import shared
from dashboard.parameters import VIEW_PARAMETERS

FACETS = ("region", "threat", "damage")


def counts(filterset, names=FACETS):
    """{filter name: {choice id: incidents}} for the facets `names` of a valid FilterSet."""
    selection = [
        [name, values] for name, values in filterset.data.lists() if name not in VIEW_PARAMETERS
    ]

    def compute():
        return filterset.facet_counts(names)

    return shared("facets", [names, selection], compute)
