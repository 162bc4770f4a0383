"""What a valid filter selects, said for readers: each active filter as a chip (a link to the
same view without it).

Everything here reads the FilterSet's cleaned data, never the raw query string, so what a chip
says is what the rows were selected by.
"""

from dataclasses import dataclass

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dashboard.parameters import VIEW_PARAMETERS

# Parameters that name a position in a list of rows: a changed filter starts at the top.
POSITIONS = ("cursor", "page")
# Values that name themselves (a region, a threat type); every other chip says its filter.
SELF_EXPLANATORY = {"region", "threat"}


@dataclass(frozen=True)
class Chip:
    name: str  # the filter's parameter
    label: str
    query: str  # the query string of the same view without this filter ("" or "?...")


def _value_label(field, value):
    if isinstance(value, str) and isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if hasattr(value, "isoformat"):
        return date_format(value, "j M Y")
    return str(value)


def _query(data, *, drop_name, drop_value=None, drop=()):
    """The query string of `data` without `drop_name` (or only its `drop_value`) and the names
    in `drop`, without empty values and page positions."""
    query = data.copy()
    for name in POSITIONS:
        query.pop(name, None)
    for name in list(query):
        values = [v for v in query.getlist(name) if v.strip()]
        if name in drop:
            values = []
        if name == drop_name:
            values = [] if drop_value is None else [v for v in values if v != drop_value]
        if values:
            query.setlist(name, values)
        else:
            del query[name]
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


def chips(filterset, *, exclude=()):
    """The active filters of a valid FilterSet, one chip per chosen value, in the form's order.
    `exclude`: filters the page fixes itself (the region of a region page)."""
    data = filterset.form.cleaned_data
    fields = filterset.form.fields
    found = []
    for name in filterset.filters:
        value = data.get(name)
        if name in VIEW_PARAMETERS or name in exclude or value in (None, "", [], ()):
            continue
        if isinstance(value, str) and not value.strip():
            continue
        items = list(value) if isinstance(value, list | tuple) or hasattr(value, "model") else None
        for item in items if items is not None else [value]:
            raw = getattr(item, "slug", item) if items is not None else None
            shown = _value_label(fields[name], item)
            label = (
                shown
                if name in SELF_EXPLANATORY
                else _("%(filter)s: %(value)s") % {"filter": fields[name].label, "value": shown}
            )
            found.append(Chip(name, label, _query(filterset.data, drop_name=name, drop_value=raw)))
    return found


def cleared(filterset):
    """The query string of the same view with no filter (its sort and chart settings kept)."""
    return _query(filterset.data, drop_name=None, drop=set(filterset.filters) - VIEW_PARAMETERS)
