"""Template tags of the public pages: figures as readers read them, sort links, the filter form's
choices, and the rows of the two long tables.

Choices and rows are built with format_html_join (every value escaped by construction) rather
than a template per option or cell: the region list alone has 87 options and the daily table
over a thousand rows, and per-cell templates cost those pages more than their queries. The
choices and the map's tiles go further (dashboard/markup.py): what no filter changes in them is
escaped once and kept.
"""

from django import template
from django.http import QueryDict
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dashboard import markup, selection
from dashboard.charts import day_text, tick_label
from dashboard.parameters import DEFAULT_SORT, RELEVANCE, VIEW_PARAMETERS
from incidents.choices import Verification

register = template.Library()

# A day's gap in the daily table's narrow last column, under the heading "Days with no statement"
# (the charts' legend says it in full: dashboard.stats.NO_STATEMENT).
NO_STATEMENT_SHORT = _("no statement")


@register.filter(expects_localtime=True)
def time_element(value, text_format="j E Y"):
    """`value` as a <time> element: the ISO date for machines, the date in the page's language
    for readers (safe to put inside a translated sentence: blocktranslate keeps it as HTML)."""
    if not value:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        date_filter(value, "Y-m-d"),
        date_filter(value, text_format),
    )


@register.filter
def reported(incident, count):
    """A count as readers should read it: the number, or why there is none (never a bare 0)."""
    return incident.figure(count)


@register.filter
def reported_figure(incident, count):
    """The same, for a headline: the number, or why there is none set as words (site.css)."""
    if getattr(incident, count) is not None:
        return incident.figure(count)
    return format_html('<span class="no-figure">{}</span>', incident.figure(count))


def _current_sort(request, param, default):
    """The sort asked for; a search without one is ranked (dashboard/filters.py), so no
    column is the order."""
    if param == "sort" and not request.GET.get(param) and request.GET.get("q", "").strip():
        return RELEVANCE
    return request.GET.get(param) or default


@register.simple_tag(takes_context=True)
def sort_link(context, key, param="sort", default=DEFAULT_SORT, descending_first=False):
    """The query string that sorts by `key` (in `param`), flipping direction when already
    sorted by it; a new column starts ascending, or descending (numbers) if asked."""
    request = context["request"]
    current = _current_sort(request, param, default)
    if current in (key, f"-{key}"):
        new = key if current.startswith("-") else f"-{key}"
    else:
        new = f"-{key}" if descending_first else key
    params = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        kept = [value for value in values if value.strip()]
        if kept and name not in (param, "cursor"):
            params.setlist(name, kept)
    params[param] = new
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def sort_state(context, key, param="sort", default=DEFAULT_SORT):
    """aria-sort value for a column header."""
    current = _current_sort(context["request"], param, default)
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


NOTHING = ""


@register.simple_tag
def choices(bound_field, counts=None, searchable=False):
    """A select or list of checkboxes for a choice field: Django's widgets' markup (ids,
    labels, checked or selected state), its parts that no filter changes kept per data version
    (dashboard/markup.py).

    `counts` (choice id -> incidents, dashboard/facets.py) adds to each checkbox how many
    incidents it would select;
    `searchable` gives each the words a reader may type to find it (forms.js filters them)."""
    return markup.choices(bound_field, counts, searchable)


@register.simple_tag
def field_input(bound_field):
    """`{{ form.field }}` of a date, text or number field, the same markup written directly
    (dashboard/markup.py)."""
    return markup.field_input(bound_field)


@register.simple_tag
def region_tiles(region_map):
    """The squares of the region map (dashboard/regionmap.py), built in one pass: as a template
    loop, 87 squares of a dozen values each were the overview's largest loop (about half of
    its template's variable lookups), and their coordinates went through number formatting.
    The hatch is the map's own pattern; each tile's parts that its figure and link do not
    change are kept (dashboard/markup.py)."""
    return markup.tiles(region_map)


@register.simple_tag
def daily_rows(rows, grain):
    """The rows of the chart's table (series.rows(), a page of them), one per period."""
    return format_html_join(
        "\n",
        '<tr><th scope=row><time datetime="{}">{}</time></th><td>{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (
            # A period without incidents is 0; one whose incidents gave no figure says so; days
            # with no statement in the record are a gap, said apart from the 0, and a period
            # with no statement at all has no figures to show (a 0 there would be a false zero).
            (
                start.isoformat(),
                tick_label(start, grain),
                NO_RECORD if unrecorded == days and not n else n,
                NO_RECORD if unrecorded == days and not n else (intercepted if n else 0),
                gap_text(unrecorded, days, grain),
            )
            for start, n, intercepted, unrecorded, days in rows
        ),
    )


NO_RECORD = "—"  # a period the record holds no statement for: no figure, not 0


def gap_text(unrecorded, days, grain):
    """A period's days with no statement in the record, in words ("" when there are none)."""
    if not unrecorded:
        return ""
    if grain == "day":
        return NO_STATEMENT_SHORT
    return ngettext("%(n)s of %(days)s day", "%(n)s of %(days)s days", days) % {
        "n": unrecorded,
        "days": days,
    }


# Date and region stay on one line (a card's first line on a phone), each a link.
ROW = (
    '<tr><td class="when"><a href="{}"><time datetime="{}">{}</time></a></td>'
    '<td class="where"><a href="{}">{}</a></td>'
    '<td data-label="{}">{}{}</td>'
    '<td class="num" data-label="{}">{}</td>'
    '<td class="num" data-label="{}">{} / {}</td>'
    '<td data-label="{}">{}</td></tr>'
)
COLUMN_LABELS = {
    "threat": _("Threat"),
    "intercepted": _("Reported intercepted"),
    "casualties": _("Reported killed / injured"),
    "damage": _("Damage reported"),
}
ID_MARK = 918273645


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
    labels = {key: str(label) for key, label in COLUMN_LABELS.items()}
    # No damage type: the codebook's word for what the source did not say.
    not_recorded = format_html('<span class="muted">{}</span>', _("not reported"))
    rows = format_html_join(
        "\n",
        ROW,
        (
            (
                url_pattern.format(incident.pk),
                incident.date.isoformat(),
                day_text(incident.date),
                region_pattern.format(incident.region.slug),
                incident.region.local_name,
                labels["threat"],
                incident.threat_type.local_name,
                _badge(incident),
                labels["intercepted"],
                incident.figure("intercepted"),
                labels["casualties"],
                incident.figure("killed"),
                incident.figure("injured"),
                labels["damage"],
                ", ".join(incident.damage_names) or not_recorded,
            )
            for incident in incidents
        ),
    )
    return rows or format_html(
        '<tr><td colspan="6">{}</td></tr>', _("No published incidents match these filters.")
    )


@register.simple_tag
def active_filters(filterset, hide_region=False):
    """The filter's chips (dashboard/selection.py); none for a filter that could not be read."""
    if not filterset.is_valid():
        return []
    return selection.chips(filterset, exclude={"region"} if hide_region else ())


@register.simple_tag
def cleared_query(filterset):
    return selection.cleared(filterset)
