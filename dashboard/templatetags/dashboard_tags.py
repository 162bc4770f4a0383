"""Template tags of the public pages: figures as readers read them, sort links, the filter form's
choices, and the rows of the two long tables.

Choices and rows are built with format_html_join (every value escaped by construction) rather
than a template per option or cell: the region list alone has 87 options and the daily table
over a thousand rows, and per-cell templates cost those pages more than their queries.
"""

from django import forms, template
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from dashboard.charts import period_label
from dashboard.filters import DEFAULT_SORT, VIEW_PARAMETERS
from dashboard.freshness import remember
from incidents.choices import Verification

register = template.Library()


@register.filter
def reported(incident, count):
    """A count as readers should read it: the number, or why there is none (never a bare 0)."""
    return incident.figure(count)


@register.simple_tag(takes_context=True)
def sort_link(context, key):
    """The query string that sorts by `key`, flipping direction when already sorted by it."""
    request = context["request"]
    current = request.GET.get("sort") or DEFAULT_SORT
    new = f"-{key}" if current == key else key
    params = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        kept = [value for value in values if value.strip()]
        if kept and name not in ("sort", "cursor"):
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


@register.simple_tag(takes_context=True)
def kept_chart_settings(context):
    """Hidden fields that keep the chart's settings (grain, measure, ...) when the filter form
    is sent: the reader changes the selection, not how it is drawn."""
    query = context["request"].GET
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        (
            (name, value)
            for name in sorted(VIEW_PARAMETERS - {"sort"})
            for value in query.getlist(name)[-1:]
            if value.strip()
        ),
    )


CHECKED, SELECTED, NOTHING = mark_safe(" checked"), mark_safe(" selected"), ""


@register.simple_tag
def choices(bound_field):
    """A select or list of checkboxes for a choice field: Django's widgets' markup (ids,
    labels, checked or selected state), built in one pass."""
    widget = bound_field.field.widget
    chosen = (
        {str(v) for v in (bound_field.value() or [])}
        if widget.allow_multiple_selected
        else {str(bound_field.value() or "")}
    )
    base_id, name = bound_field.auto_id, bound_field.html_name
    if isinstance(widget, forms.CheckboxSelectMultiple):
        items = format_html_join(
            "",
            '<div><label for="{0}_{1}"><input type="checkbox" name="{2}" value="{3}" id="{0}_{1}"'
            "{4}> {5}</label></div>",
            (
                (base_id, n, name, value, CHECKED if value in chosen else NOTHING, label)
                for n, (value, label) in enumerate(_options(bound_field))
            ),
        )
        return format_html('<div id="{}">{}</div>', base_id, items)
    items = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, SELECTED if value in chosen else NOTHING, label)
            for value, label in _options(bound_field)
        ),
    )
    multiple = mark_safe(" multiple") if widget.allow_multiple_selected else NOTHING
    return format_html('<select name="{}" id="{}"{}>{}</select>', name, base_id, multiple, items)


def _options(bound_field):
    """(value, label) for each choice of the field, as text.

    The vocabularies behind the choice fields (regions, threats, damage types) change only with
    the record, so each process keeps their options per data version (dashboard/freshness.py).
    """
    field = bound_field.field
    if not isinstance(field, forms.ModelChoiceField):
        return [(str(value), str(label)) for value, label in field.choices]
    # Not the form's class: django-filter builds a new one for every FilterSet.
    key = ("options", type(field), field.queryset.model, bound_field.name)
    return remember(key, lambda: [(str(value), str(label)) for value, label in field.choices])


@register.simple_tag
def daily_rows(series):
    """The rows of the chart's table, one per period of the range (often over a thousand)."""
    return format_html_join(
        "\n",
        '<tr><th scope=row><time datetime="{}">{}</time></th><td>{}</td><td>{}</td></tr>',
        (
            # A period without incidents is 0; one whose incidents gave no figure says so.
            (start.isoformat(), period_label(start, series.grain), n, intercepted if n else 0)
            for start, n, intercepted in series.rows()
        ),
    )


ROW = (
    '<tr><td data-label="Date"><a href="{}"><time datetime="{}">{}</time></a></td>'
    '<td data-label="Region"><a href="{}">{}</a></td>'
    '<td data-label="Threat">{}{}</td>'
    '<td class="num" data-label="Reported intercepted">{}</td>'
    '<td class="num" data-label="Reported killed / injured">{} / {}</td>'
    '<td data-label="Damage reported">{}</td></tr>'
)
ID_MARK = 918273645
NOT_RECORDED = mark_safe('<span class="muted">not recorded</span>')
EMPTY = mark_safe('<tr><td colspan="6">No published incidents match these filters.</td></tr>')


def _badge(incident):
    if incident.verification == Verification.OFFICIAL_CLAIM:
        return NOTHING
    return format_html(
        ' <span class="badge badge-{}">{}</span>',
        incident.verification,
        incident.get_verification_display().lower(),
    )


@register.simple_tag
def incident_rows(incidents):
    """The table's rows (a page of 50)."""
    # One reverse() each for the page instead of one per row: the pattern is the same for all.
    url_pattern = reverse("dashboard:incident-detail", args=[ID_MARK]).replace(str(ID_MARK), "{}")
    region_pattern = reverse("dashboard:region-detail", args=["mark"]).replace("mark", "{}")
    rows = format_html_join(
        "\n",
        ROW,
        (
            (
                url_pattern.format(incident.pk),
                incident.date.isoformat(),
                f"{incident.date.day} {incident.date:%b %Y}",
                region_pattern.format(incident.region.slug),
                incident.region.name,
                incident.threat_type.name,
                _badge(incident),
                incident.figure("intercepted"),
                incident.figure("killed"),
                incident.figure("injured"),
                ", ".join(incident.damage_names) or NOT_RECORDED,
            )
            for incident in incidents
        ),
    )
    return rows or EMPTY
