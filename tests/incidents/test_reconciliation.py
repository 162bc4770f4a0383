"""Reconciliation against hand counts, on one night with a ministry total, itemised claims, a
withheld part, two overlapping ministry windows and two sources that disagree (the `night`
fixture, tests/ledger_night.py).

The night of 2 March 2026 (UAVs), as the record holds it:

- ministry statement M1 (20:00-07:00 MSK): 30 in total; 11 over Smolensk, 9 over Tver, 6 over
  Pskov (and 4 over Kaluga, on a draft incident: not public, so not counted);
- ministry statement M2 (06:00-10:00 MSK, overlapping M1): 10 in total; 7 over Bryansk, and the
  Kursk figure withheld;
- ministry statement M0 on 1 March: 3 cruise missiles in total, nothing itemised;
- the Smolensk governor: 11 (on the same incident as the ministry's claim);
- the Tver governor: 12 (on an incident of its own): the ministry said 9.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents import reconciliation
from incidents.coverage import coverage as coverage_of
from incidents.models import Incident, Statement
from tests.factories import (
    CitationFactory,
    IncidentFactory,
    SourceFactory,
    StatementFactory,
    StatementTotalFactory,
    region,
)
from tests.ledger_night import NIGHT

pytestmark = pytest.mark.django_db


def published():
    return Incident.objects.published()


def test_each_statement_total_against_its_itemised_claims(night):
    lines = reconciliation.statement_lines(Statement.objects.all(), incidents=published())
    m1 = lines[night["m1"].pk][0]
    assert (m1.total.total, m1.claimed.total, m1.regions, m1.not_itemised) == (30, 26, 3, 4)
    assert str(m1) == "30 claimed: 26 itemised over 3 regions, 4 not itemised"
    m2 = lines[night["m2"].pk][0]
    assert (m2.claimed.total, m2.claimed.withheld, m2.regions, m2.not_itemised) == (7, 1, 2, 3)
    assert str(m2) == (
        "10 claimed: at least 7 itemised over 2 regions, at most 3 not itemised, 1 figure withheld"
    )
    (m0,) = lines[night["m0"].pk]
    assert m0.threat.slug == "cruise-missile"
    assert str(m0) == "3 claimed: not broken down by region"


def test_the_ministry_against_the_governors_for_the_regions_it_named(night):
    rows = reconciliation.ministry_vs_regions(
        incidents=published(), statements=Statement.objects.all()
    )
    assert [(r.date, r.threat.slug) for r in rows] == [
        (dt.date(2026, 3, 1), "cruise-missile"),
        (NIGHT, "uav"),
    ]
    uav = rows[1]
    # Totals 30 + 10 over two statements; claims 11 + 9 + 6 + 7 and one withheld, 5 regions.
    assert (uav.ministry_total.total, uav.ministry_total.incidents) == (40, 2)
    assert (uav.ministry_itemised.total, uav.ministry_itemised.reported) == (33, 4)
    assert (uav.ministry_itemised.withheld, uav.regions_named) == (1, 5)
    # The governors of Smolensk (11) and Tver (12), in regions the ministry named.
    assert (uav.regional.total, uav.regions_with_regional_claim) == (23, 2)
    # Governors spoke for 2 of the 5 regions: 40 - 23 would be the other three regions'
    # figures, not a disagreement (Tver's is shown region by region).
    assert uav.difference is None
    assert rows[0].regional.number is None and rows[0].difference is None  # no figure, not 0


def test_the_ministry_differs_from_the_governors_only_over_the_same_regions(two_regions):
    def night():
        (row,) = reconciliation.ministry_vs_regions(
            incidents=published(), statements=Statement.objects.all()
        )
        return row

    two_regions("RU-BRY", 12)
    assert (night().regions_named, night().regions_with_regional_claim) == (2, 1)
    assert night().difference is None  # 20 against Bryansk's 12 alone: no difference
    two_regions("RU-KRS", 10)
    assert night().regions_with_regional_claim == 2
    assert night().difference == -2  # 20 by the ministry, 12 + 10 by the governors


def test_every_source_side_by_side_and_where_they_disagree(night):
    every = reconciliation.side_by_side(published())
    assert len(every) == 5  # Smolensk, Tver, Pskov, Bryansk, Kursk (not the draft's Kaluga)
    disputed = reconciliation.side_by_side(published(), only_disagreements=True)
    assert [(n.region.iso_code, n.numbers, n.difference) for n in disputed] == [
        ("RU-TVE", [9, 12], 3)
    ]
    assert sorted((c.source.name, c.number) for c in disputed[0].claims) == [
        ("Governor of Tver Oblast", 12),
        ("Ministry of Defence", 9),
    ]
    smolensk = next(n for n in every if n.region.iso_code == "RU-SMO")
    assert smolensk.numbers == [11] and not smolensk.disagree


def test_overlapping_windows_of_one_source_are_flagged(night):
    pairs = reconciliation.overlaps(Statement.objects.all())
    assert [(a.pk, b.pk) for a, b in pairs] == [(night["m1"].pk, night["m2"].pk)]


def test_coverage_lists_the_days_a_daily_source_posted_nothing(night):
    (mod,) = coverage_of(Statement.objects.all(), start=dt.date(2026, 2, 28), end=NIGHT)
    assert mod.source == night["mod"]
    assert (mod.days, mod.missing) == (3, [dt.date(2026, 2, 28)])


def test_the_reads_take_the_same_queries_whatever_the_rows(night):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            reconciliation.statement_lines(Statement.objects.all(), incidents=published())
            reconciliation.ministry_vs_regions(
                incidents=published(), statements=Statement.objects.all()
            )
            reconciliation.side_by_side(published(), only_disagreements=True)
            reconciliation.overlaps(Statement.objects.all())
            coverage_of(Statement.objects.all(), start=NIGHT, end=NIGHT)
        return len(captured)

    before = queries()
    mod = night["mod"]
    for n in range(5):
        statement = StatementFactory(source=mod, url=f"https://t.me/mod/x{n}", date=NIGHT)
        StatementTotalFactory(statement=statement, intercepted=n)
        CitationFactory(
            incident=IncidentFactory(date=NIGHT, region=region("RU-ORL"), cited=False),
            source=mod,
            url=statement.url,
            claimed_intercepted=n,
        )
    assert queries() == before


def test_a_flat_list_of_regions_itemises_nothing_and_says_so():
    mod = SourceFactory(name="Ministry of Defence", kind="ministry")
    flat = StatementFactory(source=mod, url="https://t.me/mod/flat", date=NIGHT)
    StatementTotalFactory(statement=flat, intercepted=14)
    for iso in ("RU-TUL", "RU-RYA", "RU-LIP"):
        CitationFactory(
            incident=IncidentFactory(date=NIGHT, region=region(iso), intercepted=None, cited=False),
            source=mod,
            url=flat.url,
        )
    (line,) = reconciliation.statement_lines(Statement.objects.all(), incidents=published())[
        flat.pk
    ]
    assert line.claimed.not_reported == 3 and line.claimed.withheld == 0
    assert str(line) == "14 claimed: not broken down: 3 regions named without a figure"
