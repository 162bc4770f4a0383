"""Every sum, average, filter and sort over a (number, state) count agrees with figures.py,
whatever the states: random records (Hypothesis), each example in a transaction of its own, on
PostgreSQL (where the sums come from the rollups) and on SQLite (from the incidents).

The readers, found by reading every use of intercepted, killed and injured and their states:
- sums: the totals and per-region totals (FilterSet.figures(): rollups or incidents), the chart's
  periods and threat types (stats.series(), through the chart's JSON);
- averages: the chart's moving average (the JSON's intercepted_average);
- filters: casualties=yes/no, min_intercepted;
- sorts: the table by intercepted and by casualties, both ways (its pages, as readers follow
  them), the regions by reported intercepted, the chart's threat types.
Each is compared with the Python definition in figures.py applied to the records themselves.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import freshness
from dashboard.filters import IncidentFilter
from incidents import figures
from incidents.choices import COUNTS, Reporting, Status
from incidents.models import Incident
from tests.conftest import table_ids
from tests.examples import rolled_back
from tests.factories import IncidentFactory, region, threat

pytestmark = pytest.mark.django_db

DAYS = [dt.date(2026, 3, 1) + dt.timedelta(days=n) for n in range(9)]
REGIONS = ["RU-BEL", "RU-KRS", "RU-MOW"]
THREATS = ["uav", "cruise-missile"]
count = st.one_of(
    st.tuples(st.just(Reporting.REPORTED), st.integers(0, 3)),  # small: ties and zeros
    st.tuples(st.sampled_from([Reporting.NOT_REPORTED, Reporting.WITHHELD]), st.none()),
)
record = st.fixed_dictionaries(
    {
        "date": st.sampled_from(DAYS),
        "region": st.sampled_from(REGIONS),
        "threat": st.sampled_from(THREATS),
        "public": st.booleans() | st.just(True),  # mostly published; drafts must count nowhere
        **dict.fromkeys(COUNTS, count),
    }
)


def make(records):
    made = []
    for values in records:
        numbers = {}
        for name in COUNTS:
            state, number = values[name]
            numbers.update({name: number, f"{name}_status": state})
        incident = IncidentFactory(
            date=values["date"],
            region=region(values["region"]),
            threat_type=threat(values["threat"]),
            status=Status.PUBLISHED if values["public"] else Status.DRAFT,
            cited=False,
            **numbers,
        )
        if values["public"]:
            made.append(incident)
    return made


def sum_of(incidents, name):
    return figures.ReportedSum.of(
        (getattr(i, name), getattr(i, f"{name}_status")) for i in incidents
    )


def filterset(query=""):
    selection = IncidentFilter(QueryDict(query), queryset=Incident.objects.published())
    assert selection.is_valid(), selection.errors
    return selection


def check_sums(public):
    # The whole record, one region (both from the rollups on PostgreSQL), and a filter the
    # rollups lack (from the incidents everywhere).
    for query, selected in [
        ("", public),
        ("region=belgorod-oblast", [i for i in public if i.region.iso_code == "RU-BEL"]),
        ("q=Air", public),
    ]:
        totals = filterset(query).figures().totals()
        for name in COUNTS:
            assert getattr(totals, name) == sum_of(selected, name), (query, name)
    by_region = {t.region.iso_code: t for t in filterset().figures().region_totals()}
    assert set(by_region) == {i.region.iso_code for i in public}
    for code, totals in by_region.items():
        mine = [i for i in public if i.region.iso_code == code]
        for name in COUNTS:
            assert getattr(totals, name) == sum_of(mine, name)
    order = list(by_region.values())
    keys = [(figures.sum_order(t.intercepted), -t.incidents, t.region.name) for t in order]
    assert keys == sorted(keys)


def check_chart(client, public):
    response = client.get(
        reverse("dashboard:daily-chart-data"),
        {"date_from": DAYS[0], "date_to": DAYS[-1], "grain": "day"},
    )
    data = response.json()
    expected = [sum_of([i for i in public if i.date == day], "intercepted") for day in DAYS]
    figures_per_day = [period.period_figure for period in expected]
    assert data["intercepted"] == figures_per_day
    assert data["intercepted_without_figure"] == [p.without_figure for p in expected]
    # A day with no public incident holds no statement here (none is entered apart): a gap in
    # the record, which the average leaves out like a day with no figure.
    recorded = [
        figure if any(i.date == day for i in public) else None
        for figure, day in zip(figures_per_day, DAYS, strict=True)
    ]
    assert data["intercepted_average"] == figures.moving_mean(recorded, 7)
    for series in data["by_threat"]:
        mine = [i for i in public if i.threat_type.slug == series["slug"]]
        per_day = [sum_of([i for i in mine if i.date == day], "intercepted") for day in DAYS]
        assert series["intercepted"] == [period.period_figure for period in per_day]
    slugs = [series["slug"] for series in data["by_threat"]]
    overall = {
        s: sum_of([i for i in public if i.threat_type.slug == s], "intercepted") for s in slugs
    }
    keys = [figures.sum_order(overall[s]) for s in slugs]
    assert keys == sorted(keys)


def check_filters(public, minimum):
    def selected(query):
        return {i.pk for i in filterset(query).qs}

    for value, wanted in (("yes", True), ("no", False)):
        expected = {i.pk for i in public if figures.casualties(i.killed, i.injured) is wanted}
        assert selected(f"casualties={value}") == expected, value
    expected = {i.pk for i in public if figures.at_least(i.intercepted, minimum)}
    assert selected(f"min_intercepted={minimum}") == expected


def check_sorts(client, public):
    values = {
        "intercepted": lambda i: figures.sort_value(i.intercepted),
        "casualties": lambda i: figures.sort_value(i.killed, i.injured),
    }
    for key, value in values.items():
        ascending = [i.pk for i in sorted(public, key=lambda i: (value(i), i.pk))]
        assert table_ids(client, {"sort": key})[0] == ascending, key
        assert table_ids(client, {"sort": f"-{key}"})[0] == ascending[::-1], key


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=st.lists(record, max_size=10), minimum=st.integers(0, 4))
def test_every_sum_average_filter_and_sort_agrees_with_figures_py(client, records, minimum):
    with rolled_back():
        assert not Incident.objects.exists()  # each example starts from the same record
        cache.clear()  # and no page of another example's record
        freshness.reset()
        public = make(records)
        check_sums(public)
        check_chart(client, public)
        check_filters(public, minimum)
        check_sorts(client, public)


@pytest.mark.parametrize(("key", "missing"), [("intercepted", {"intercepted": None})])
def test_a_missing_figure_is_a_sort_key_below_every_number(key, missing):
    # What the table's page links compare against (dashboard/pagination.py): typed as the count
    # fields (positive), "below 0" would be read as "never".
    without = IncidentFactory(**missing)
    IncidentFactory(intercepted=0)
    keyed = Incident.objects.published().with_sort_key(key)
    assert [i.pk for i in keyed.filter(sort_key__lt=0)] == [without.pk]
