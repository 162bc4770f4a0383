from django import forms, template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from dashboard.filters import DEFAULT_SORT

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
    more time than the database spends on the page.
    """
    field, widget = bound_field.field, bound_field.field.widget
    chosen = (
        {str(v) for v in (bound_field.value() or [])}
        if widget.allow_multiple_selected
        else {str(bound_field.value() or "")}
    )
    options = [(str(value), label) for value, label in field.choices]
    base_id = bound_field.auto_id
    if isinstance(widget, forms.CheckboxSelectMultiple):
        items = format_html_join(
            "",
            '<div><label for="{0}_{1}"><input type="checkbox" name="{2}" value="{3}" id="{0}_{1}"'
            "{4}> {5}</label></div>",
            (
                (
                    base_id,
                    n,
                    bound_field.html_name,
                    value,
                    " checked" if value in chosen else "",
                    label,
                )
                for n, (value, label) in enumerate(options)
            ),
        )
        return format_html('<div id="{}">{}</div>', base_id, items)
    items = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value in chosen else "", label) for value, label in options),
    )
    multiple = " multiple" if widget.allow_multiple_selected else ""
    return format_html(
        '<select name="{}" id="{}"{}>{}</select>', bound_field.html_name, base_id, multiple, items
    )


@register.simple_tag
def daily_rows(series):
    """The rows of the daily table, one per day of the range (often well over a thousand).

    Built in one pass: a template loop over four years of days costs more than the query.
    """
    return format_html_join(
        "\n",
        "<tr><th scope=row>{}</th><td>{}</td><td>{}</td></tr>",
        (
            (day.isoformat(), incidents, intercepted)
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
NOT_RECORDED = mark_safe('<span class="muted">not recorded</span>')


def shown_figure(incident, count):
    number = getattr(incident, count)
    return f"{number:,}" if number is not None else incident.figure(count)


@register.simple_tag
def incident_rows(incidents):
    """The table's rows (a page of 50), built in one pass: per-cell template lookups cost the
    page more than its queries."""
    region_urls = {}
    rows = []
    for incident in incidents:
        region = incident.region
        if region.slug not in region_urls:
            region_urls[region.slug] = region.get_absolute_url()
        badge = ""
        if incident.verification != "official_claim":
            badge = format_html(
                ' <span class="badge badge-{}">{}</span>',
                incident.verification,
                incident.get_verification_display().lower(),
            )
        damage = ", ".join(d.name for d in incident.damage_types.all())
        rows.append(
            format_html(
                ROW,
                url=incident.get_absolute_url(),
                iso=incident.date.isoformat(),
                day=f"{incident.date.day} {incident.date:%b %Y}",
                region_url=region_urls[region.slug],
                region=region.name,
                threat=incident.threat_type.name,
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
    return mark_safe("\n".join(rows))  # each row was escaped by format_html
