from html import escape

from django import forms, template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from dashboard.filters import DEFAULT_SORT
from dashboard.freshness import remember

register = template.Library()


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


@register.simple_tag
def choices(bound_field):
    """A select or list of checkboxes for a choice field, rendered in one pass.

    Same markup as Django's widgets (ids, labels, checked/selected state), without a template per
    option: the region list alone has 87 of them, and the widget templates cost the filter form
    more time than the database spends on the page. Every value and label is escaped once, in
    _options().
    """
    widget = bound_field.field.widget
    chosen = (
        {str(v) for v in (bound_field.value() or [])}
        if widget.allow_multiple_selected
        else {str(bound_field.value() or "")}
    )
    options = _options(bound_field)
    base_id, name = escape(bound_field.auto_id), escape(bound_field.html_name)
    if isinstance(widget, forms.CheckboxSelectMultiple):
        items = "".join(
            f'<div><label for="{base_id}_{n}"><input type="checkbox" name="{name}" value="{value}"'
            f' id="{base_id}_{n}"{" checked" if raw in chosen else ""}> {label}</label></div>'
            for n, (raw, value, label) in enumerate(options)
        )
        return mark_safe(f'<div id="{base_id}">{items}</div>')
    items = "".join(
        f'<option value="{value}"{" selected" if raw in chosen else ""}>{label}</option>'
        for raw, value, label in options
    )
    multiple = " multiple" if widget.allow_multiple_selected else ""
    return mark_safe(f'<select name="{name}" id="{base_id}"{multiple}>{items}</select>')


def _options(bound_field):
    """(value, escaped value, escaped label) for each choice of the field.

    The vocabularies behind the choice fields (regions, threats, damage types) change only with
    the record, so each process keeps their options per data version (dashboard/freshness.py).
    """
    field = bound_field.field
    if not isinstance(field, forms.ModelChoiceField):
        return _escaped(field.choices)
    # Not the form's class: django-filter builds a new one for every FilterSet.
    name = ("options", type(field), field.queryset.model, bound_field.name)
    return remember(name, lambda: _escaped(field.choices))


def _escaped(choices):
    return [(str(value), escape(str(value)), escape(str(label))) for value, label in choices]


@register.simple_tag
def daily_rows(series):
    """The rows of the daily table, one per day of the range (often well over a thousand).

    Built in one pass: a template loop over four years of days costs more than the query.
    """
    return format_html_join(
        "\n",
        "<tr><th scope=row>{}</th><td>{}</td><td>{}</td></tr>",
        (
            # A day without incidents is 0; one whose incidents gave no figure says so.
            (day.isoformat(), incidents, intercepted if incidents else 0)
            for day, incidents, intercepted in series.rows()
        ),
    )


ROW = (
    '<tr><td data-label="Date"><a href="{url}"><time datetime="{iso}">{day}</time></a></td>'
    '<td data-label="Region"><a href="{region_url}">{region}</a></td>'
    '<td data-label="Threat">{threat}{badge}</td>'
    '<td class="num" data-label="Reported intercepted">{intercepted}</td>'
    '<td class="num" data-label="Reported killed / injured">{killed} / {injured}</td>'
    '<td data-label="Damage reported">{damage}</td></tr>'
)
ID_MARK = 918273645
NOT_RECORDED = mark_safe('<span class="muted">not recorded</span>')


def shown_figure(incident, count):
    number = getattr(incident, count)
    return f"{number:,}" if number is not None else escape(incident.figure(count))


@register.simple_tag
def incident_rows(incidents):
    """The table's rows (a page of 50), built in one pass: per-cell template lookups cost the
    page more than its queries. Every text taken from the record is escaped here."""
    region_urls = {}
    # One reverse() for the page instead of one per row: the pattern is the same for every id.
    url_pattern = reverse("dashboard:incident-detail", args=[ID_MARK]).replace(str(ID_MARK), "{}")
    rows = []
    for incident in incidents:
        region = incident.region
        if region.slug not in region_urls:
            region_urls[region.slug] = escape(region.get_absolute_url())
        badge = ""
        if incident.verification != "official_claim":
            level = escape(incident.verification)
            label = escape(incident.get_verification_display().lower())
            badge = f' <span class="badge badge-{level}">{label}</span>'
        damage = escape(", ".join(incident.damage_names))
        rows.append(
            ROW.format(
                url=url_pattern.format(incident.pk),
                iso=incident.date.isoformat(),
                day=f"{incident.date.day} {incident.date:%b %Y}",
                region_url=region_urls[region.slug],
                region=escape(region.name),
                threat=escape(incident.threat_type.name),
                badge=badge,
                intercepted=shown_figure(incident, "intercepted"),
                killed=shown_figure(incident, "killed"),
                injured=shown_figure(incident, "injured"),
                damage=damage or NOT_RECORDED,
            )
        )
    if not rows:
        return mark_safe(
            '<tr><td colspan="6">No published incidents match these filters.</td></tr>'
        )
    return mark_safe("\n".join(rows))
