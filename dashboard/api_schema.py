"""The API schema's query parameters, written from the FilterSet that reads them.

drf-spectacular describes a filter by its type alone; what the filter accepts is narrower, and
a client that trusts the schema must never be refused (nor a request the schema forbids be
answered). So each parameter's schema is made here from the filter's own definition: the
choices and vocabularies as enums, dates and whole numbers as the patterns and bounds the
fields check (dashboard/filters.py), and the one rule of dashboard/query.py that a blank value
is the parameter not given (each schema admits "").
"""

import django_filters
from django.db import DatabaseError

from dashboard.filterfields import SlugMultipleChoiceFilter
from dashboard.filters import IncidentFilter
from dashboard.parameters import ISO_DATE

BLANK = "An empty value is the parameter not given; a parameter of one value is given once."


def _blank_or(schema):
    return {"anyOf": [schema, {"type": "string", "enum": [""]}]}


def _slugs(name, filter_):
    """The vocabulary's slugs: from the database, or from the seed vocabularies in code when
    it does not answer (the schema is served without the database, docs/operations.md)."""
    try:
        return sorted(filter_.queryset.values_list("slug", flat=True))
    except DatabaseError:
        from incidents.vocabularies import damage, regions, threats

        # By the parameter's name: the field names differ (threat_type, damage_types).
        vocabulary = {"region": regions, "threat": threats, "damage": damage}[name]
        return sorted(vocabulary.BY_SLUG)


def filter_schema(name, filter_):
    if isinstance(filter_, SlugMultipleChoiceFilter):
        return {"type": "array", "items": {"type": "string", "enum": [*_slugs(name, filter_), ""]}}
    if isinstance(filter_, django_filters.MultipleChoiceFilter):
        values = [str(value) for value, _label in filter_.extra["choices"]]
        return {"type": "array", "items": {"type": "string", "enum": [*sorted(values), ""]}}
    if isinstance(filter_, django_filters.ChoiceFilter):
        values = [str(value) for value, _label in filter_.extra["choices"]]
        return {"type": "string", "enum": [*sorted(values), ""]}
    if isinstance(filter_, django_filters.DateFilter):
        return {"type": "string", "pattern": f"^(?:{ISO_DATE})?$"}
    if isinstance(filter_, django_filters.NumberFilter):
        field = filter_.extra
        return _blank_or(
            {"type": "integer", "minimum": field["min_value"], "maximum": field["max_value"]}
        )
    if isinstance(filter_, django_filters.CharFilter):
        # No NUL: Django's CharField refuses it (the database could not store it).
        return {
            "type": "string",
            "maxLength": filter_.extra["max_length"],
            "pattern": r"^[^\u0000]*$",
        }
    raise TypeError(f"No schema for the filter {name}")


def query_parameters(result, generator, request, public):
    """A drf-spectacular postprocessing hook: every query parameter's schema as read."""
    from dashboard.api import IncidentCursorPagination

    pagination = IncidentCursorPagination
    schemas = {name: filter_schema(name, f) for name, f in IncidentFilter.base_filters.items()}
    schemas[pagination.page_size_query_param] = _blank_or(
        {"type": "integer", "minimum": 1, "maximum": pagination.max_page_size}
    )
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] in schemas:
                    parameter["schema"] = schemas[parameter["name"]]
                    # str(): a filter's help text is a lazy translation (English here).
                    parameter["description"] = " ".join(
                        str(part)  # lazily translated texts among them
                        for part in filter(None, [parameter.get("description", ""), BLANK])
                    )
    return result
