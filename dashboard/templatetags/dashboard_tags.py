from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import QueryDict

register = template.Library()

DEFAULT_SORT = "-date"  # the model's ordering, newest first


@register.filter
def reported(incident, count):
    """A count as readers should read it: the number, or why there is none (never a bare 0)."""
    return intcomma(incident.figure(count))


@register.simple_tag(takes_context=True)
def sort_link(context, key):
    """The query string that sorts by `key`, flipping direction when already sorted by it."""
    request = context["request"]
    current = request.GET.get("sort") or DEFAULT_SORT
    new = f"-{key}" if current == key else key
    params = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        kept = [value for value in values if value.strip()]
        if kept and name not in ("sort", "page"):
            params.setlist(name, kept)
    params["sort"] = new
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def sort_state(context, key):
    """aria-sort value for a column header."""
    current = context["request"].GET.get("sort") or DEFAULT_SORT
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"
