"""The definitions in incidents/figures.py, each read at its edges (no database): what the
mutation run (docs/mutation.md) found no test holding."""

import datetime as dt
from types import SimpleNamespace

from django.utils import translation

from incidents import figures
from incidents.choices import Reporting
from incidents.figures import RegionTotals, ReportedSum, Totals

NONE_GIVEN = ReportedSum(incidents=2, reported=0, withheld=1, total=0)
SOME = ReportedSum(incidents=3, reported=2, withheld=1, total=7)


def test_a_minimum_includes_the_number_itself_and_never_a_missing_figure():
    assert figures.at_least(3, 3) and figures.at_least(4, 3)
    assert not figures.at_least(2, 3) and not figures.at_least(None, 0)


def test_a_mean_is_of_the_figures_given_to_one_decimal():
    assert figures.mean([1, None, 2]) == 1.5
    assert figures.mean([1, 1, 2]) == 1.3  # 1.333..., not 1.33 nor 1
    assert figures.mean([None, None]) is None
    assert figures.moving_mean([1, 2, None, 4], 2) == [None, 1.5, 2.0, 4.0]
    assert figures.moving_mean([1, 2], 3) == [None, None]  # never a window not yet full


def test_the_dictionaries_of_a_sum_and_of_totals_name_every_figure():
    assert SOME.as_dict() == {
        "sum": 7,
        "incidents_reporting": 2,
        "incidents_not_reported": 0,
        "incidents_withheld": 1,
    }
    assert NONE_GIVEN.as_dict()["sum"] is None
    day = dt.date(2026, 3, 1)
    totals = Totals(5, 2, SOME, NONE_GIVEN, SOME, day, day + dt.timedelta(days=1))
    assert totals.as_dict() == {
        "incidents": 5,
        "regions": 2,
        "first_date": "2026-03-01",
        "last_date": "2026-03-02",
        "intercepted": SOME.as_dict(),
        "killed": NONE_GIVEN.as_dict(),
        "injured": SOME.as_dict(),
    }
    assert Totals(0, 0, NONE_GIVEN, NONE_GIVEN, NONE_GIVEN).as_dict()["first_date"] is None
    region = SimpleNamespace(name="Kursk Oblast", iso_code="RU-KRS", slug="kursk-oblast")
    assert RegionTotals(region, 3, SOME, NONE_GIVEN, SOME, day, None).as_dict() == {
        "region": "Kursk Oblast",
        "region_iso": "RU-KRS",
        "slug": "kursk-oblast",
        "incidents": 3,
        "first_date": "2026-03-01",
        "last_date": None,
        "intercepted": SOME.as_dict(),
        "killed": NONE_GIVEN.as_dict(),
        "injured": SOME.as_dict(),
    }
    dates = RegionTotals(region, 3, SOME, SOME, SOME, None, day).as_dict()
    assert (dates["first_date"], dates["last_date"]) == (None, "2026-03-01")


def _region(name, incidents, intercepted):
    sum_ = ReportedSum(incidents, 0 if intercepted is None else 1, 0, intercepted or 0)
    region = SimpleNamespace(name=name, local_name=name)
    return RegionTotals(region, incidents, sum_, sum_, sum_, None, None)


REGIONS = [
    _region("bravo", 2, 5),
    _region("Alpha", 1, None),  # no figure
    _region("charlie", 3, 5),
    _region("delta", 1, 0),
    _region("Echo", 4, None),
]


def names(totals):
    return [t.region.name for t in totals]


def test_regions_sort_by_name_incidents_or_figure_and_no_figure_comes_last_both_ways():
    assert names(figures.ordered(REGIONS, "name", descending=False)) == [
        "Alpha",
        "bravo",
        "charlie",
        "delta",
        "Echo",
    ]
    assert names(figures.ordered(REGIONS, "name", descending=True)) == [
        "Echo",
        "delta",
        "charlie",
        "bravo",
        "Alpha",
    ]
    assert names(figures.ordered(REGIONS, "incidents", descending=True)) == [
        "Echo",
        "charlie",
        "bravo",
        "Alpha",
        "delta",
    ]
    assert names(figures.ordered(REGIONS, "intercepted", descending=True)) == [
        "bravo",
        "charlie",
        "delta",
        "Alpha",
        "Echo",
    ]
    assert names(figures.ordered(REGIONS, "intercepted", descending=False)) == [
        "delta",
        "bravo",
        "charlie",
        "Alpha",
        "Echo",
    ]


def test_a_sum_of_pairs_counts_the_withheld_and_the_zeros():
    pairs = [(0, Reporting.REPORTED), (None, Reporting.WITHHELD), (None, Reporting.NOT_REPORTED)]
    assert ReportedSum.of(pairs) == ReportedSum(incidents=3, reported=1, withheld=1, total=0)
    assert ReportedSum.of(pairs).number == 0 and str(ReportedSum.of(pairs)) == "0"
    assert str(NONE_GIVEN) == "no figure reported" and NONE_GIVEN.without_figure == 2
    assert ReportedSum(5, 2, 2, 7) == SOME + NONE_GIVEN
    assert figures.figure_text(None, Reporting.WITHHELD) == "withheld by the source"
    assert figures.figure_text(1234, Reporting.REPORTED) == "1,234"
    for language in ("ru", "uk"):  # "9,898" reads as a decimal there
        with translation.override(language):
            assert figures.figure_text(1234, Reporting.REPORTED) == "1\xa0234"
            assert figures.number_text(1234567) == "1\xa0234\xa0567"


def test_region_totals_come_largest_figure_first_zero_above_no_figure_ties_by_incidents():
    def row(pk, incidents, intercepted):
        reported = 0 if intercepted is None else incidents
        return {
            "region": pk,
            "incidents": incidents,
            "first_date": None,
            "last_date": None,
            **{
                f"{count}_{part}": value
                for count in ("intercepted", "killed", "injured")
                for part, value in (
                    ("sum", intercepted or 0),
                    ("reported", reported),
                    ("withheld", 0),
                )
            },
        }

    regions = {pk: SimpleNamespace(name=name) for pk, name in enumerate("abcde")}
    rows = [row(0, 1, None), row(1, 2, 0), row(2, 1, 1), row(3, 5, 1), row(4, 9, None)]
    ordered = figures.region_totals(rows, regions)
    assert names(ordered) == ["d", "c", "b", "e", "a"]
    assert figures.sum_order(NONE_GIVEN) > figures.sum_order(ReportedSum(1, 1, 0, 0))
