"""The markup of the filter form's choices and of the region map's tiles, split into what no
filter changes, escaped once and kept, and what each request writes between those parts (the
checked or selected state, a facet count, a tile's link, figure and shade).

Why: a request with a filter never seen before (its page not cached) escaped and formatted
every option and tile again, about 270 of them, though only a few values of each depend on the
filter: a tenth of the overview's CPU time. The choices' parts are kept per data version and
language (dashboard/freshness.py: remember), as the vocabularies behind them change only with
the record; a tile's parts are kept by their own values (name, code, place), which a write
cannot make stale. The markup is the same, byte for byte, as built in one pass before
(tests/dashboard/test_markup.py).
"""

from collections.abc import Mapping

from django import forms
from django.utils.formats import get_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from dashboard.freshness import remember
from incidents.figures import number_text

CHECKED, SELECTED = " checked", " selected"
# Tiles are few (89 regions and seas in a handful of languages): more means a bug, not a load.
TILE_PARTS_SIZE = 2048
_tile_parts = {}


class Grouping:
    """Whole numbers as readers read them (incidents.figures.number_text, the templates'
    intcomma: 1,234; 1 234 in Russian and Ukrainian), the current language's separator read
    once: number_format reads it for each number, 6 us where this takes 0.5."""

    def __init__(self):
        self.separator = get_format("THOUSAND_SEPARATOR")
        self.fast = get_format("NUMBER_GROUPING") == 3

    def text(self, number):
        if self.fast and type(number) is int:
            return f"{number:,}".replace(",", self.separator)
        return number_text(number)


# The filter form's choices ------------------------------------------------------------------


def _search_words(value, label):
    """What a reader may type to find a choice: its label, and a region's other names."""
    instance = getattr(value, "instance", None)
    names = [
        label,
        *(getattr(instance, a, "") for a in ("name", "name_ru", "name_uk", "iso_name", "iso_code")),
    ]
    return " ".join(name for name in names if name).lower()


def _options(field):
    """(value, label, search words, key) for each choice of the field, as text; the key is the
    choice's id for a model's choices (facet counts are by id), else the value."""
    return [
        (
            str(value),
            str(label),
            _search_words(value, str(label)),
            getattr(getattr(value, "instance", None), "pk", str(value)),
        )
        for value, label in field.choices
    ]


def _checkbox_parts(field, base_id, name, searchable):
    """(value, key, before the checked state, after it) of each checkbox, and the list's
    opening tag."""
    parts = []
    for n, (value, label, search, key) in enumerate(_options(field)):
        before = format_html(
            '<div class="option"{}><label for="{}_{}"><input type="checkbox" name="{}" '
            'value="{}" id="{}_{}"',
            format_html(' data-search="{}"', search) if searchable else "",
            base_id,
            n,
            name,
            value,
            base_id,
            n,
        )
        parts.append((value, key, before, format_html("> <span>{}</span>", label)))
    return format_html('<div id="{}" class="options">', base_id), parts


def _select_parts(field, base_id, name, multiple):
    """(value, before the selected state, after it) of each option, and the select's opening
    tag."""
    parts = [
        (value, format_html('<option value="{}"', value), format_html(">{}</option>", label))
        for value, label, _search, _key in _options(field)
    ]
    opening = format_html(
        '<select name="{}" id="{}"{}>', name, base_id, " multiple" if multiple else ""
    )
    return opening, parts


def _parts(bound_field, searchable):
    """The field's parts that no filter changes, kept per data version and language."""
    field, widget = bound_field.field, bound_field.field.widget
    base_id, name = bound_field.auto_id, bound_field.html_name
    if isinstance(widget, forms.CheckboxSelectMultiple):
        build = lambda: _checkbox_parts(field, base_id, name, searchable)  # noqa: E731
    else:
        multiple = widget.allow_multiple_selected
        build = lambda: _select_parts(field, base_id, name, multiple)  # noqa: E731
    if isinstance(field, forms.ModelChoiceField):
        # A vocabulary (regions, threats, damage types): it changes with the record.
        # Not the form's class in the key: django-filter builds a new one for every FilterSet.
        what = field.queryset.model
    else:
        # Choices written in the code: their values and labels are the key.
        what = tuple((str(value), str(label)) for value, label in field.choices)
    key = ("choice-parts", type(field), type(widget), what, bound_field.name, base_id, name)
    return remember((*key, searchable), build)


def choices(bound_field, counts=None, searchable=False):
    """A select or list of checkboxes for a choice field (see dashboard_tags.choices)."""
    widget = bound_field.field.widget
    chosen = (
        {str(v) for v in (bound_field.value() or [])}
        if widget.allow_multiple_selected
        else {str(bound_field.value() or "")}
    )
    opening, parts = _parts(bound_field, searchable)
    if isinstance(widget, forms.CheckboxSelectMultiple):
        count = _Counts(counts)
        items = "".join(
            f"{before}{CHECKED if value in chosen else ''}{after}{count(key)}</label></div>"
            for value, key, before, after in parts
        )
        return mark_safe(f"{opening}{items}</div>")
    items = "".join(
        f"{before}{SELECTED if value in chosen else ''}{after}" for value, before, after in parts
    )
    return mark_safe(f"{opening}{items}</select>")


class _Counts:
    """Each choice's facet count as written beside it ("(2,873)"), or nothing without counts (a
    template's missing variable is "")."""

    def __init__(self, counts):
        self.counts = counts if isinstance(counts, Mapping) else None
        self.grouping = Grouping() if self.counts is not None else None

    def __call__(self, key):
        if self.counts is None:
            return ""
        # A choice absent from the counts selects no incident: 0 is its count, not a missing
        # figure.
        text = escape(self.grouping.text(self.counts.get(key, 0)))
        return f' <span class="facet">({text})</span>'


# The filter form's other inputs ---------------------------------------------------------------

# The widgets whose template is Django's input.html alone (date.html, text.html, number.html
# only include it).
PLAIN_INPUTS = (forms.DateInput, forms.TextInput, forms.NumberInput)


def field_input(bound_field):
    """The field's <input> as Django renders it (`{{ form.field }}`): its attributes and value
    from the widget itself (get_context), written as input.html and attrs.html write them,
    without rendering two templates per input (the form's four inputs cost it as much as its
    150 choices). Any other widget is rendered by Django."""
    field, widget = bound_field.field, bound_field.field.widget
    if type(widget) not in PLAIN_INPUTS or field.localize or field.show_hidden_initial:
        return str(bound_field)
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    html = f'<input type="{escape(context["type"])}" name="{escape(context["name"])}"'
    if context["value"] is not None:
        html += f' value="{escape(context["value"])}"'
    for name, value in context["attrs"].items():
        if value is True:
            html += f" {escape(name)}"
        elif value is not False:
            html += f' {escape(name)}="{escape(value)}"'
    return mark_safe(html + ">")


# The region map's tiles ---------------------------------------------------------------------


def _tile_parts_of(tile, size):
    """The markup of a tile around its link, figure and shade: (after the link up to the
    class's end, after that to the figure in the name, then to the figure in the title, then to
    the fill, then to the text's ink, then after its hatching attribute)."""
    key = (tile.slug, tile.name, tile.code, tile.x, tile.y, size)
    parts = _tile_parts.get(key)
    if parts is None:
        if len(_tile_parts) >= TILE_PARTS_SIZE:
            _tile_parts.clear()
        parts = _tile_parts[key] = (
            format_html('" data-region="{}" aria-label="{}, {}: ', tile.slug, tile.name, tile.code),
            format_html('"><title>{}: ', tile.name),
            format_html(
                '</title><rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="',
                tile.x,
                tile.y,
                size,
                size,
            ),
            format_html(
                '" stroke="#8c959f"/><text x="{}" y="{}" text-anchor="middle" font-size="11" '
                'fill="',
                tile.x + 18,
                tile.y + 23,
            ),
            format_html(' aria-hidden="true">{}</text></a>', tile.code),
        )
    return parts


HATCH_FILL = "url(#no-figure-hatch)"
HATCHED_TEXT = ' stroke="#ffffff" stroke-width="3" paint-order="stroke"'


def tiles(region_map):
    """The squares of the region map (dashboard/regionmap.py); see dashboard_tags.region_tiles."""
    size = region_map.tile_size
    lines = []
    for t in region_map.tiles:
        data, title, rect, text, end = _tile_parts_of(t, size)
        hatched = t.hatched
        figure = escape(t.text)
        lines.append(
            f'<a href="{escape(t.href)}" class="tile{" no-figure" if hatched else ""}{data}'
            f"{figure}{title}{figure}{rect}{HATCH_FILL if hatched else escape(t.fill)}{text}"
            f'{escape(t.ink)}"{HATCHED_TEXT if hatched else ""}{end}'
        )
    return mark_safe("\n".join(lines))
