"""The query string's shared vocabularies: the date range the record covers, what a date and a
whole number look like, the sort orders, the chart settings, and which parameters only say how
to show rows (VIEW_PARAMETERS); apart from the FilterSet (dashboard/filters.py) because the
charts, the selection chips, the facets, the sort links, the change feed and the API read them
without filtering anything, and the filter's fields (dashboard/filterfields.py) check against
them.
"""

import datetime as dt

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The record has no use for dates outside this range; bounding them also bounds the size of a
# zero-filled chart series.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)

# What a date and a whole number are, written once for the filter's fields
# (dashboard/filterfields.py) and the API schema (dashboard/api_schema.py): digits only (no sign,
# no spaces, no "1.0"), and an ISO date from EARLIEST_DATE to LATEST_DATE that exists (days 29
# and 30 but in February, 31 in long months, 29 February in leap years; 2100 is not one). A test
# holds it to the calendar.
DIGITS = r"[0-9]{1,10}"
ISO_DATE = (
    r"(?:(?:20[0-9]{2}|2100)-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
    r"|20(?:[02468][048]|[13579][26])-02-29)"
)

SORT_LABELS = {
    "date": _("Date"),
    "region": _("Region"),
    "threat": _("Threat"),
    "intercepted": _("Reported intercepted"),
    "casualties": _("Reported killed and injured"),
}
RELEVANCE = "relevance"  # a search's order (ranked), newest first without one
SORT_CHOICES = [
    choice
    for key, label in SORT_LABELS.items()
    for choice in (
        (f"-{key}", format_lazy(_("{label}, highest / newest first"), label=label)),
        (key, format_lazy(_("{label}, lowest / oldest first"), label=label)),
    )
] + [(RELEVANCE, _("Best match first (when searching)"))]
DEFAULT_SORT = "-date"

# How a chart shows the selection (dashboard/charts.py reads them): in the query string, so a
# shared link draws the same chart, and validated here like every other parameter.
GRAINS = [("day", _("Day")), ("week", _("Week (Monday to Sunday)")), ("month", _("Month"))]
MEASURES = [("intercepted", _("Reported intercepted")), ("incidents", _("Incidents"))]
SPLITS = [("threat", _("Threat type"))]
AVERAGES = [("on", _("Shown")), ("off", _("Hidden"))]
# Parameters that say how to show the rows and select none of them.
VIEW_PARAMETERS = {"sort", "grain", "measure", "split", "average"}
