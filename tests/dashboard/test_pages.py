"""The public pages, as journalists see them."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from incidents.models import DamageType, Incident, ThreatType
from tests.factories import CitationFactory, IncidentFactory, SourceFactory, region

pytestmark = pytest.mark.django_db
D = dt.date


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def published():
    governor = SourceFactory(name="Governor of Kaluga Oblast")
    kaluga = IncidentFactory(
        date=D(2026, 3, 1),
        region=region("RU-KLU"),
        intercepted=40,
        killed=0,
        injured=3,
        summary="Forty UAVs destroyed over Kaluga Oblast.",
        cited=False,
    )
    CitationFactory(
        incident=kaluga,
        source=governor,
        url="https://t.me/governor/101",
        archive_url="https://archive.org/web/101",
        quote="Уничтожены 40 БПЛА",
        claimed_intercepted=40,
    )
    CitationFactory(
        incident=kaluga,
        source=SourceFactory(name="Ministry of Defence", kind="ministry"),
        url="https://t.me/mod/7",
        quote="38 UAVs destroyed over Kaluga",
        claimed_intercepted=38,
    )
    moscow = IncidentFactory(date=D(2026, 3, 3), region=region("RU-MOW"), intercepted=None)
    return {"kaluga": kaluga, "moscow": moscow}


@pytest.fixture
def hidden():
    """Incidents that must never appear in public: a draft and a retraction, with huge figures."""
    return [
        IncidentFactory(
            status=Incident.Status.DRAFT,
            date=D(2026, 3, 2),
            intercepted=900,
            killed=77,
            region=region("RU-TA"),
            summary="SECRET DRAFT",
        ),
        IncidentFactory(
            status=Incident.Status.RETRACTED,
            retraction_reason="Duplicate record.",
            date=D(2026, 3, 2),
            intercepted=800,
            region=region("RU-TA"),
            summary="RETRACTED RECORD",
        ),
    ]


def test_overview_shows_reported_headline_figures(client, published, hidden):
    response = client.get(reverse("dashboard:overview"))
    assert response.status_code == 200
    page = text(response)
    totals = response.context["totals"]
    assert totals.incidents == 2
    assert totals.intercepted.total == 40
    assert totals.intercepted.without_figure == 1
    assert totals.regions == 2
    assert totals.injured.total == 3
    assert 'Reported intercepted</dt><dd><span class="figure">40</span>' in page
    assert "1 of 2 incidents gave no figure" in page
    assert [row.region.name for row in response.context["top_regions"]] == [
        "Kaluga Oblast",
        "Moscow",
    ]
    assert "SECRET DRAFT" not in page and "RETRACTED RECORD" not in page


def test_overview_filter_changes_the_figures(client, published, hidden):
    response = client.get(reverse("dashboard:overview"), {"region": "moscow"})
    assert response.context["totals"].incidents == 1
    # Moscow's one incident gave no intercepted figure: no sum, not a sum of 0.
    intercepted = response.context["totals"].intercepted
    assert (intercepted.incidents, intercepted.reported, intercepted.number) == (1, 0, None)
    assert (
        'Reported intercepted</dt><dd><span class="figure no-figure">no figure reported</span>'
        in text(response)
    )
    assert [i.pk for i in response.context["latest"]] == [published["moscow"].pk]


def test_table_lists_counts_and_links_each_incident(client, published, hidden):
    response = client.get(reverse("dashboard:incident-list"))
    assert response.status_code == 200
    page = text(response)
    assert "<strong>2</strong> published incidents" in page
    assert published["kaluga"].get_absolute_url() in page
    assert "not reported" in page  # Moscow's missing figure is not shown as 0
    assert "SECRET DRAFT" not in page and hidden[0].get_absolute_url() not in page


def test_table_and_form_escape_names_from_the_record(client):
    """Rows and filter options are built as strings (for speed): every name must be escaped."""
    hostile = '<img src=x onerror="alert(1)"> & Co'
    threat = ThreatType.objects.create(name=hostile, slug="hostile", position=99)
    harm = DamageType.objects.create(name=f"{hostile} damage", slug="hostile-damage", position=99)
    IncidentFactory(threat_type=threat, damage_types=[harm], verification="disputed")
    html = client.get(reverse("dashboard:incident-list")).content.decode()
    assert "<img" not in html
    escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co"
    assert f'<td data-label="Threat">{escaped} <span class="badge' in html  # the row
    assert f"{escaped} damage</td>" in html  # its damage types
    assert re.search(
        rf'value="hostile" id="id_threat_\d+"> <span>{re.escape(escaped)}</span>', html
    )  # its filter option


def test_table_url_holds_the_whole_state(client, published):
    url = (
        reverse("dashboard:incident-list")
        + "?region=kaluga-oblast&region=moscow&sort=-intercepted&date_from=2026-03-01"
    )
    first = client.get(url)
    again = client.get(url)
    assert again.content == first.content  # the same view (served from the page cache)
    assert [i.pk for i in first.context["page"].items] == [
        published["kaluga"].pk,
        published["moscow"].pk,
    ]
    # Sorting links keep the filters.
    assert "region=kaluga-oblast&amp;region=moscow" in first.content.decode()


def test_table_pages_follow_links_forward_back_and_to_the_end(client):
    made = [IncidentFactory(date=D(2026, 1, 1) + dt.timedelta(days=i)) for i in range(56)]
    newest_first = [i.pk for i in reversed(made)]
    url = reverse("dashboard:incident-list")

    first = client.get(url)
    page = first.context["page"]
    assert [i.pk for i in page.items] == newest_first[:50]
    assert page.is_first and not page.is_last and page.previous_cursor is None
    assert first.context["count"] == 56
    assert "<strong>56</strong> published incidents" in text(first)

    second = client.get(url, {"cursor": page.next_cursor}).context["page"]
    assert [i.pk for i in second.items] == newest_first[50:]
    assert second.is_last and second.next_cursor is None

    back = client.get(url, {"cursor": second.previous_cursor}).context["page"]
    assert [i.pk for i in back.items] == newest_first[:50] and back.is_first

    # The last page is the second page: the 6 rows the first leaves (so pages read backwards
    # from it are the pages read forwards, and numbered alike).
    last = client.get(url, {"cursor": "last"}).context["page"]
    assert [i.pk for i in last.items] == newest_first[50:]
    assert last.is_last and not last.is_first and (last.number, last.pages) == (2, 2)
    assert last.previous_cursor == second.previous_cursor  # the link back to page 1
    assert back.number == 1


@pytest.mark.parametrize(
    "sort",
    [
        "date",
        "-date",
        "intercepted",
        "-intercepted",
        "casualties",
        "-casualties",
        "region",
        "-region",
        "threat",
        "-threat",
    ],
)
def test_every_sort_pages_through_every_row_once_in_order(client, sort):
    for i in range(23):
        IncidentFactory(
            date=D(2026, 1, 1 + i % 5),
            region=region(["RU-KLU", "RU-MOW", "RU-BEL"][i % 3]),
            intercepted=None if i % 4 == 0 else i % 7,
            killed=i % 3 or None,
        )
    from dashboard import pagination

    everything = list(
        Incident.objects.published().sorted_by(sort.lstrip("-"), descending=sort.startswith("-"))
    )
    seen, cursor = [], None
    for _ in range(10):  # 23 rows, 4 a page: 6 pages
        page = pagination.paginate(
            Incident.objects.published(),
            key=sort.lstrip("-"),
            descending=sort.startswith("-"),
            cursor=cursor,
            size=4,
        )
        seen += page.items
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    else:
        pytest.fail("the pages never end")
    assert [i.pk for i in seen] == [i.pk for i in everything]
    assert len(seen) == 23


def test_incident_page_shows_who_claimed_what(client, published):
    response = client.get(published["kaluga"].get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    for expected in (
        "Governor of Kaluga Oblast",
        "Уничтожены 40 БПЛА",
        "https://t.me/governor/101",
        "https://archive.org/web/101",
        "Claimed intercepted: <strong>40</strong>",
        "Ministry of Defence",
        "Claimed intercepted: <strong>38</strong>",
        "Last changed",
        "Калужская область",
        "RU-KLU",
    ):
        assert expected in page, expected


def test_drafts_are_not_found_and_retractions_show_a_notice(client, hidden):
    draft, retracted = hidden
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = client.get(retracted.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert "This incident was retracted" in page and "Duplicate record." in page
    # Its figure (800 intercepted) is not shown: in the page's text, not its attributes (a
    # timestamp's microseconds may hold the digits).
    assert not re.search(r"\b800\b", re.sub(r"<[^>]*>", " ", page))


def test_region_pages(client, published, hidden):
    response = client.get(reverse("dashboard:region-list"))
    assert response.status_code == 200
    names = [row.region.name for row in response.context["regions"]]
    assert names == ["Kaluga Oblast", "Moscow"]

    response = client.get(region("RU-KLU").get_absolute_url())
    assert response.status_code == 200
    assert response.context["totals"].intercepted.total == 40
    # Its chart and its table read the same rows.
    chart = client.get(response.context["chart"].json_url).json()
    assert chart["intercepted"] == [40]
    table = client.get(response.context["chart"].table_url).context["series"]
    assert table.intercepted == [40]
    assert client.get(region("RU-TA").get_absolute_url()).context["totals"].incidents == 0


def test_a_region_page_stays_on_its_region(client, published):
    response = client.get(region("RU-KLU").get_absolute_url(), {"region": "moscow"})
    assert response.context["totals"].incidents == 1
    assert "region=kaluga-oblast" in response.context["chart"].json_url
    assert "moscow" not in response.context["chart"].json_url


def test_chart_data_json_agrees_with_the_page(client, published, hidden):
    query = {"date_from": "2026-02-28", "date_to": "2026-03-04"}
    data = client.get(reverse("dashboard:daily-chart-data"), query).json()
    page = client.get(reverse("dashboard:overview"), query)
    table = client.get(page.context["chart"].table_url)
    numbers = table.context["series"].as_json()
    assert {key: data[key] for key in numbers} == numbers
    # The page's chart script fetches exactly this view, with the page's filter.
    assert client.get(page.context["chart"].json_url).json() == data
    assert data["periods"] == ["2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"]
    assert data["incidents"] == [0, 1, 0, 1, 0]  # the hidden incidents of 03-02 do not count
    # 03-03's one incident gave no intercepted figure: not a 0, but said so.
    assert data["intercepted"] == [0, 40, 0, None, 0]
    assert data["intercepted_without_figure"] == [0, 0, 0, 1, 0]
    # The table linked from the chart carries the same numbers, for everyone.
    html = table.content.decode()
    day = '<tr><th scope=row><time datetime="2026-03-0{}">{} Mar 2026</time></th>'
    # Both days hold a statement (their incidents cite one): no gap in the last column.
    assert day.format(1, 1) + "<td>1</td><td>40</td><td></td></tr>" in html
    assert day.format(3, 3) + "<td>1</td><td>no figure reported</td><td></td></tr>" in html


def test_pages_load_no_script_inline_and_nothing_from_elsewhere(client, published):
    for name in ("overview", "incident-list", "region-list", "about"):
        html = client.get(reverse(f"dashboard:{name}")).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html), name
        # The only absolute addresses: this page in the other languages (hreflang wants them so).
        html = re.sub(r'<link rel="alternate" hreflang="[\w-]+" href="http://testserver/', "", html)
        assert not re.search(r"""(src|href)=["']https?://""", html), name


def test_about_page_explains_the_figures(client):
    page = text(client.get(reverse("dashboard:about")))
    assert "claim made by the cited source" in page
    assert "overnight window counts on the date it ends" in page


def test_codebook_lists_every_column_of_every_table(client):
    from dashboard.datapackage import TABLES

    page = client.get(reverse("dashboard:codebook"))
    assert page.status_code == 200
    html = page.content.decode()
    for table in TABLES.values():
        for column in table.columns:
            assert f'id="{table.name}-{column.name}"' in html
            assert column.description
    assert "not_reported" in html and "none-reported" in html
