"""The filter form's choices and the map's tiles keep the markup no filter changes
(dashboard/markup.py): the pages are the same, byte for byte, as Django's format_html writes
them, and what was kept is never served across a vocabulary change, a language, or a choice
checked in one request and not in the next."""

import datetime as dt
import re

import pytest
from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import override

from dashboard import markup, regionmap
from dashboard.filters import bind
from incidents import services
from incidents.figures import number_text
from incidents.models import Region
from tests.factories import IncidentFactory, region

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 1)


def never_seen(n):
    """A filter no page of the cache was kept for (the bench's never-seen date)."""
    return {"date_to": (DAY + dt.timedelta(days=n)).isoformat()}


def region_options(html):
    """(slug, checked, label) of each checkbox of the region filter."""
    return re.findall(
        r'<input type="checkbox" name="region" value="([^"]+)" id="[^"]+"( checked)?> '
        r"<span>([^<]*)</span>",
        html,
    )


def tile_names(html):
    """slug -> the tile's accessible name."""
    return dict(re.findall(r'data-region="([^"]+)" aria-label="([^"]+)"', html))


def test_a_renamed_or_added_region_is_in_the_next_pages_options_and_map(client, chief):
    IncidentFactory(date=DAY, region=region("RU-KLU"), intercepted=5)
    url = reverse("dashboard:overview")
    html = client.get(url, never_seen(0)).content.decode()
    assert ("kaluga-oblast", "", "Kaluga Oblast") in region_options(html)
    assert tile_names(html)["kaluga-oblast"].startswith("Kaluga Oblast, KLU: ")

    kaluga = region("RU-KLU")
    kaluga.name = "Kaluga Region"
    services.save_reference(by=chief, obj=kaluga)
    added = Region(name="Zz Test Oblast", name_ru="Тестовая", slug="zz-test", kind="oblast")
    services.save_reference(by=chief, obj=added)

    html = client.get(url, never_seen(1)).content.decode()
    options = region_options(html)
    assert ("kaluga-oblast", "", "Kaluga Region") in options
    assert ("zz-test", "", "Zz Test Oblast") in options
    assert "Kaluga Oblast" not in {label for _, _, label in options}
    assert tile_names(html)["kaluga-oblast"].startswith("Kaluga Region, KLU: ")
    assert len(options) == Region.objects.count()


def test_each_language_has_its_own_labels_for_one_data_version(client):
    seen = []
    for n, language in enumerate(("en", "ru", "uk", "en")):
        with override(language):
            url = reverse("dashboard:overview")
        html = client.get(url, never_seen(n)).content.decode()
        options = {slug: label for slug, _, label in region_options(html)}
        seen.append((options["kaluga-oblast"], tile_names(html)["kaluga-oblast"].split(",")[0]))
    names = ["Kaluga Oblast", "Калужская область", "Калузька область", "Kaluga Oblast"]
    assert seen == [(name, name) for name in names]


def test_a_choice_checked_in_one_request_is_not_in_the_next(client):
    url = reverse("dashboard:incident-list")
    first = client.get(url, {"region": "kaluga-oblast", "sort": "region", **never_seen(0)})
    second = client.get(url, {"sort": "-intercepted", **never_seen(1)})
    checked = [
        [slug for slug, state, _ in region_options(page.content.decode()) if state]
        for page in (first, second)
    ]
    assert checked == [["kaluga-oblast"], []]
    sorts = [
        re.search(r'<select name="sort".*?</select>', page.content.decode()).group()
        for page in (first, second)
    ]
    selected = [re.findall(r'<option value="([^"]*)" selected>', sort) for sort in sorts]
    assert selected == [["region"], ["-intercepted"]]


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_numbers_are_grouped_as_intcomma_and_number_text_group_them(language):
    with override(language):
        grouping = markup.Grouping()
        for number in (0, 7, 999, 1000, 12_345, 1_234_567, -4_321, 10**12, 2.5):
            assert grouping.text(number) == intcomma(number) == number_text(number), number


# What the markup was built as before its parts were kept: Django's format_html, every value
# escaped, for each option and tile.


def reference_choices(bound_field, counts=None, searchable=False):
    widget = bound_field.field.widget
    chosen = (
        {str(v) for v in (bound_field.value() or [])}
        if widget.allow_multiple_selected
        else {str(bound_field.value() or "")}
    )
    options = markup._options(bound_field.field)
    base_id, name = bound_field.auto_id, bound_field.html_name
    if isinstance(widget, forms.CheckboxSelectMultiple):
        items = format_html_join(
            "",
            '<div class="option"{6}><label for="{0}_{1}"><input type="checkbox" name="{2}" '
            'value="{3}" id="{0}_{1}"{4}> <span>{5}</span>{7}</label></div>',
            (
                (
                    base_id,
                    n,
                    name,
                    value,
                    " checked" if value in chosen else "",
                    label,
                    format_html(' data-search="{}"', search) if searchable else "",
                    format_html(' <span class="facet">({})</span>', intcomma(counts.get(key, 0)))
                    if counts is not None
                    else "",
                )
                for n, (value, label, search, key) in enumerate(options)
            ),
        )
        return format_html('<div id="{}" class="options">{}</div>', base_id, items)
    items = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value in chosen else "", label) for value, label, _, _ in options),
    )
    multiple = " multiple" if widget.allow_multiple_selected else ""
    return format_html('<select name="{}" id="{}"{}>{}</select>', name, base_id, multiple, items)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_choices_are_the_markup_format_html_wrote(language):
    query = QueryDict(
        "region=kaluga-oblast&region=moscow&threat=uav&source_kind=media&casualties=no"
        "&sort=-date&q=%3Cb%3E%22x%22"
    )
    kaluga = region("RU-KLU").pk
    counts = {kaluga: 12_345, region("RU-MOW").pk: 0}
    for round_ in range(2):  # built, then from what was kept
        with override(language):
            form = bind(query).form
            for name in ("region", "threat", "damage", "source_kind", "verification"):
                for searchable in (False, True):
                    for given in (None, counts):
                        assert markup.choices(form[name], given, searchable) == (
                            reference_choices(form[name], given, searchable)
                        ), (name, searchable, given, round_)
            for name in ("casualties", "sort", "grain"):
                assert markup.choices(form[name]) == reference_choices(form[name])


def test_the_tiles_are_the_markup_format_html_wrote():
    IncidentFactory(date=DAY, region=region("RU-KLU"), intercepted=1_234)
    IncidentFactory(date=DAY, region=region("RU-BEL"), intercepted=None)
    filterset = bind(QueryDict())
    assert filterset.is_valid()
    totals = filterset.figures().region_totals()
    for round_ in range(2):
        region_map = regionmap.build(
            totals, measure="intercepted", measure_label="x", query=QueryDict("q=%3Ca%3E&b=1")
        )
        reference = format_html_join(
            "\n",
            '<a href="{}" class="tile{}" data-region="{}" aria-label="{}, {}: {}"><title>{}: {}'
            '</title><rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" '
            'stroke="#8c959f"/><text x="{}" y="{}" text-anchor="middle" font-size="11" '
            'fill="{}"{} aria-hidden="true">{}</text></a>',
            (
                (
                    *(t.href, " no-figure" if t.hatched else "", t.slug, t.name, t.code, t.text),
                    *(t.name, t.text, t.x, t.y, region_map.tile_size, region_map.tile_size),
                    "url(#no-figure-hatch)" if t.hatched else t.fill,
                    *(t.x + 18, t.y + 23, t.ink),
                    mark_safe(' stroke="#ffffff" stroke-width="3" paint-order="stroke"')
                    if t.hatched
                    else "",
                    t.code,
                )
                for t in region_map.tiles
            ),
        )
        assert markup.tiles(region_map) == reference, round_
        assert 'class="tile no-figure" data-region="belgorod-oblast"' in reference


@pytest.mark.parametrize(
    "query",
    [
        "",
        "date_from=2026-03-01&date_to=2026-03-31&q=%22a%22+%3Cb%3E+%26&min_intercepted=0",
        "date_from=31.02.2026&date_to=2026-02-31&q=" + "x" * 201 + "&min_intercepted=-1",
        "min_intercepted=1.0&date_to=%22%3E%3Cscript%3E",
    ],
)
def test_the_inputs_are_the_markup_django_renders(query):
    form = bind(QueryDict(query)).form
    form.is_valid()
    for name in ("date_from", "date_to", "q", "min_intercepted"):
        assert markup.field_input(form[name]) == str(form[name]), name
    # Widgets of other templates are Django's own.
    assert markup.field_input(form["region"]) == str(form["region"])
