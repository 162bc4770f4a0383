"""Every number on a public surface is the number of the rows behind it, and "not reported",
"withheld" and a reported 0 never collapse into one another.

The fixture: three incidents on one night, in three regions, whose counts are (a) not reported,
(b) withheld by the source, (c) reported as 0; and a fourth, on another night in a fourth
region, that reported 12 intercepted (so a total is a sum of reported figures next to the
incidents that gave none).
"""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from incidents.choices import Reporting
from tests.factories import IncidentFactory, region

pytestmark = pytest.mark.django_db

NIGHT, OTHER_NIGHT = dt.date(2026, 3, 1), dt.date(2026, 3, 3)
NOT_REPORTED, WITHHELD, ZERO, TWELVE = "RU-BEL", "RU-KRS", "RU-KLU", "RU-MOW"


def counts(state, number=None):
    return {
        name: value
        for count in ("intercepted", "killed", "injured")
        for name, value in ((count, number), (f"{count}_status", state))
    }


@pytest.fixture
def figures():
    IncidentFactory(date=NIGHT, region=region(NOT_REPORTED), **counts(Reporting.NOT_REPORTED))
    IncidentFactory(date=NIGHT, region=region(WITHHELD), **counts(Reporting.WITHHELD))
    IncidentFactory(date=NIGHT, region=region(ZERO), **counts(Reporting.REPORTED, 0))
    IncidentFactory(date=OTHER_NIGHT, region=region(TWELVE), **counts(Reporting.REPORTED, 12))


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def region_row(page, name):
    """The text of the table row that links to `name` on a page."""
    for row in re.findall(r"<tr>.*?</tr>", page):
        if f">{name}</a>" in row:
            return re.sub(r"<[^>]+>", " ", row)
    raise AssertionError(f"no row for {name}")


def cells(row):
    return [cell.strip() for cell in re.split(r"\s{2,}", row) if cell.strip()]


# Pages -------------------------------------------------------------------------------------------


def test_the_overview_cards_sum_reported_figures_and_say_how_many_gave_none(client, figures):
    page = text(client.get(reverse("dashboard:overview")))
    for label in ("Reported intercepted", "Reported killed", "Reported injured"):
        card = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", page).group(1)
        assert '<span class="figure">12</span>' in card, (label, card)
        assert "2 of 4 incidents gave no figure (1 withheld by the source)" in card, card


def test_a_region_whose_incidents_gave_no_figure_never_shows_zero(client, figures):
    for url in (reverse("dashboard:region-list"), reverse("dashboard:overview")):
        page = text(client.get(url))
        silent = region_row(page, "Belgorod Oblast")
        assert "no figure reported" in silent and " 0 " not in f" {silent} ", (url, silent)
        withheld = region_row(page, "Kursk Oblast")
        assert "no figure reported" in withheld and "1 withheld by the source" in withheld
        assert re.search(r"\b0\b", region_row(page, "Kaluga Oblast")), url  # a reported 0


@pytest.mark.parametrize(("code", "shown"), [(NOT_REPORTED, None), (WITHHELD, None), (ZERO, "0")])
def test_a_region_page_shows_a_reported_zero_and_only_that(client, figures, code, shown):
    page = text(client.get(region(code).get_absolute_url()))
    for label in ("Reported intercepted", "Reported killed", "Reported injured"):
        card = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", page).group(1)
        if shown is None:
            assert "no figure reported" in card and ">0<" not in card, (code, card)
        else:
            assert f'<span class="figure">{shown}</span>' in card, (code, card)


def test_the_chart_and_its_table_say_no_figure_where_a_days_incidents_gave_none(client, figures):
    quiet = IncidentFactory(date=dt.date(2026, 3, 2), **counts(Reporting.NOT_REPORTED))
    data = client.get(reverse("dashboard:daily-chart-data")).json()
    assert data["periods"] == ["2026-03-01", "2026-03-02", "2026-03-03"]
    assert data["incidents"] == [3, 1, 1]
    assert data["intercepted"] == [0, None, 12]  # 03-01: one reported 0; 03-02: none gave one
    assert data["intercepted_without_figure"] == [2, 1, 0]
    page = text(client.get(reverse("dashboard:daily-table")))
    assert "2 Mar 2026</time></th><td>1</td><td>no figure reported</td>" in page
    assert "1 Mar 2026</time></th><td>3</td><td>0</td>" in page
    quiet.delete()


# Files and the API -------------------------------------------------------------------------------


def test_the_region_totals_csv_leaves_no_figure_empty_and_counts_who_gave_none(client, figures):
    body = client.get(reverse("dashboard:export-region-totals")).content.decode()
    rows = {row["region_iso"]: row for row in csv.DictReader(io.StringIO(body))}
    assert rows[NOT_REPORTED]["intercepted_sum"] == ""
    assert rows[NOT_REPORTED]["intercepted_not_reported"] == "1"
    assert rows[WITHHELD]["killed_sum"] == "" and rows[WITHHELD]["killed_withheld"] == "1"
    assert rows[ZERO]["injured_sum"] == "0" and rows[ZERO]["injured_reporting"] == "1"
    assert rows[TWELVE]["intercepted_sum"] == "12"


def test_the_api_totals_say_null_not_zero(client, figures):
    data = client.get(reverse("dashboard:api-totals")).json()
    assert data["incidents"] == 4
    assert data["intercepted"] == {
        "sum": 12,
        "incidents_reporting": 2,
        "incidents_not_reported": 1,
        "incidents_withheld": 1,
    }
    by_iso = {row["region_iso"]: row for row in data["by_region"]}
    assert by_iso[NOT_REPORTED]["killed"]["sum"] is None
    assert by_iso[WITHHELD]["injured"]["sum"] is None
    assert by_iso[ZERO]["intercepted"]["sum"] == 0
    only_silent = client.get(reverse("dashboard:api-totals"), {"region": "belgorod-oblast"})
    assert only_silent.json()["intercepted"]["sum"] is None


# Counts ------------------------------------------------------------------------------------------


@pytest.fixture
def many():
    """1,200 published incidents: more than the 1,000 above which counts used to be guesses."""
    from incidents.models import Incident

    regions = [region(code) for code in ("RU-BEL", "RU-KRS", "RU-MOW", "RU-KLU")]
    rows = [
        Incident(
            date=dt.date(2026, 1, 1) + dt.timedelta(days=n % 90),
            region=regions[n % 4],
            threat_type_id=1 + n % 3,
            intercepted=n % 7 or None,
            intercepted_status=Reporting.REPORTED if n % 7 else Reporting.NOT_REPORTED,
            summary=f"Statement {n} over {'Belgorod' if n % 5 == 0 else 'the region'}.",
            status="published",
        )
        for n in range(1200)
    ]
    Incident.objects.bulk_create(rows)


@pytest.mark.parametrize(
    "query",
    [
        {"q": "Belgorod"},
        {"region": ["belgorod-oblast", "moscow"]},
        {"date_from": "2026-02-01", "threat": "uav"},
        {"min_intercepted": "3", "sort": "-intercepted"},
    ],
)
def test_the_tables_count_is_the_csvs_row_count_and_the_overviews(client, many, query):
    table = client.get(reverse("dashboard:incident-list"), query)
    count = table.context["count"]
    body = b"".join(client.get(reverse("dashboard:export-csv"), query).streaming_content)
    exported = len(body.decode().splitlines()) - 1
    overview = client.get(reverse("dashboard:overview"), query).context["totals"].incidents
    assert count == exported == overview
    assert count > 0
    assert f"<strong>{count:,}</strong>" in table.content.decode()
    assert "about" not in text(table).split('class="result-count"')[1][:200]
