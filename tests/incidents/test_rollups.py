"""The daily rollups stay exact whatever writes happen, and answer what the incidents answer.

PostgreSQL keeps them (triggers); on SQLite there are none to test, and the figures are read
from the incidents.
"""

import datetime as dt

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents import importer, rebuilding, rollups, services
from incidents.choices import Reporting, Status, Verification
from incidents.models import DamageType, Incident, Region, ThreatType
from tests.examples import rolled_back
from tests.factories import SourceFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the rollups are kept on PostgreSQL only"
    ),
]

BY = services.Command("the rollup property test")
# Days on either side of month edges, so that ranges cover whole months and partial ones
# (the monthly rollup answers the whole months of a range, the daily one its partial ends).
DAYS = [
    dt.date(2026, 1, 31),
    dt.date(2026, 2, 1),
    dt.date(2026, 2, 14),
    dt.date(2026, 2, 28),
    dt.date(2026, 3, 1),
    dt.date(2026, 3, 31),
    dt.date(2026, 4, 2),
]
REGIONS = ["RU-BEL", "RU-KRS", "RU-MOW"]
THREATS = ["uav", "cruise-missile"]
counts = st.one_of(
    st.tuples(st.just(Reporting.REPORTED), st.integers(0, 50)),
    st.tuples(st.sampled_from([Reporting.NOT_REPORTED, Reporting.WITHHELD]), st.none()),
)
figures = st.fixed_dictionaries(
    {
        "date": st.sampled_from(DAYS),
        "region": st.sampled_from(REGIONS),
        "threat": st.sampled_from(THREATS),
        "verification": st.sampled_from(Verification.values),
        "intercepted": counts,
        "killed": counts,
        "injured": counts,
        # The damage rollup: an incident counts under each of its damage types.
        "damage": st.lists(st.sampled_from(["fire", "residential", "energy"]), unique=True),
    }
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("create"), figures, st.booleans()),
        st.tuples(st.just("change"), st.integers(0, 30), figures),
        st.tuples(st.just("publish"), st.integers(0, 30)),
        st.tuples(st.just("republish"), st.integers(0, 30)),
        st.tuples(st.just("retract"), st.integers(0, 30)),
        st.tuples(st.just("restore"), st.integers(0, 30)),
        st.tuples(st.just("import"), st.lists(figures, min_size=1, max_size=3)),
        st.tuples(st.just("delete"), st.integers(0, 30)),
    ),
    max_size=12,
)


def _apply(incident, values):
    incident.date = values["date"]
    incident.region = Region.objects.get(iso_code=values["region"])
    incident.threat_type = ThreatType.objects.get(slug=values["threat"])
    incident.verification = values["verification"]
    for count in ("intercepted", "killed", "injured"):
        state, number = values[count]
        setattr(incident, f"{count}_status", state)
        setattr(incident, count, number)


def _damage(values):
    return list(DamageType.objects.filter(slug__in=values["damage"]))


def _pick(n):
    incidents = list(Incident.objects.order_by("pk"))
    return incidents[n % len(incidents)] if incidents else None


def run(step, source):
    kind = step[0]
    if kind == "create":
        incident = Incident(summary="Property test.", status=Status.DRAFT)
        _apply(incident, step[1])
        citation = services.CitationEdits(added=[_citation(source)])
        services.save_incident(
            by=BY, incident=incident, citations=citation, damage_types=_damage(step[1])
        )
        if step[2]:
            services.publish(by=BY, incidents=Incident.objects.filter(pk=incident.pk))
        return
    if kind == "import":
        rows = [_import_row(values, source) for values in step[1]]
        pending = services.stage_import(
            by=_chief(), filename="t.csv", preview=importer.preview(rows)
        )
        services.commit_import(by=_chief(), pending_id=pending.pk, confirm_duplicates=True)
        return
    incident = _pick(step[1])
    if incident is None:
        return
    selected = Incident.objects.filter(pk=incident.pk)
    if kind == "change":
        _apply(incident, step[2])
        services.save_incident(
            by=BY,
            incident=incident,
            correction_note="Property test.",
            damage_types=_damage(step[2]),
        )
    elif kind == "publish":
        services.publish(by=BY, incidents=selected)
    elif kind == "republish":
        services.republish(by=BY, incidents=selected, reason="Property test.")
    elif kind == "retract":
        services.retract(by=BY, incidents=selected, reason="Property test.")
    elif kind == "restore":
        revision = incident.history.order_by("history_date").first()
        services.restore_revision(by=BY, revision=revision, correction_note="Property test.")
    elif kind == "delete" and incident.status == Status.DRAFT:
        services.delete_drafts(by=BY, incidents=selected)


def _citation(source):
    from incidents.models import Citation

    return Citation(source=source, url=f"https://t.me/p/{Incident.objects.count()}", quote="x")


def _import_row(values, source):
    row = {
        "date": values["date"].isoformat(),
        "region_iso": values["region"],
        "threat_type": values["threat"],
        "verification": values["verification"],
        "summary": "Imported.",
        "sources": source.name,
        "source_urls": "https://t.me/imported/1",
        "damage_types": ";".join(values["damage"]),
    }
    for count in ("intercepted", "killed", "injured"):
        state, number = values[count]
        row[f"{count}_status"] = state
        row[count] = "" if number is None else str(number)
    return row


def _chief():
    from tests.factories import UserFactory

    return UserFactory(username="property-chief", group="Chief editors")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps)
def test_every_rollup_equals_a_direct_aggregate_after_any_writes(sequence):
    with rolled_back():
        assert not Incident.objects.exists()  # each example starts from the same record
        source = SourceFactory(name="Property test source")
        for step in sequence:
            run(step, source)
            assert rebuilding.differences() == [], step


def test_a_rebuild_gives_back_what_the_triggers_kept():
    source = SourceFactory(name="Property test source")
    for n, day in enumerate(DAYS):
        run(("create", {**_values(day), "intercepted": (Reporting.REPORTED, n)}, True), source)
    kept = _rollup_rows()
    rebuilding.rebuild()
    assert _rollup_rows() == kept and kept
    assert rebuilding.differences() == []


def _values(day):
    return {
        "date": day,
        "region": "RU-BEL",
        "threat": "uav",
        "verification": Verification.OFFICIAL_CLAIM,
        "intercepted": (Reporting.REPORTED, 1),
        "killed": (Reporting.NOT_REPORTED, None),
        "injured": (Reporting.WITHHELD, None),
        "damage": ["fire", "energy"][: day.day % 3],
    }


def _rollup_rows():
    from incidents.models import DailyDamageTotals, DailyDamageTypeTotals
    from incidents.rollup_sql import ROLLUPS

    damage = DailyDamageTotals.objects.filter(incidents__gt=0)
    damage_types = DailyDamageTypeTotals.objects.filter(incidents__gt=0)
    return [
        sorted(rollup.model.objects.values_list(*rollups.COLUMNS, "date")) for rollup in ROLLUPS
    ] + [
        sorted(damage.values_list("date", "region", "damage_type", "incidents")),
        sorted(damage_types.values_list("date", "verification", "damage_type", "incidents")),
    ]


selections = st.fixed_dictionaries(
    {
        "date_from": st.one_of(st.none(), st.sampled_from(DAYS)),
        "date_to": st.one_of(st.none(), st.sampled_from(DAYS)),
        "regions": st.one_of(st.none(), st.lists(st.sampled_from(REGIONS), min_size=1)),
        "threats": st.one_of(st.none(), st.lists(st.sampled_from(THREATS), min_size=1)),
        "verification": st.one_of(
            st.none(), st.lists(st.sampled_from(Verification.values), min_size=1)
        ),
    }
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=st.lists(figures, max_size=15), selection=selections)
def test_a_rollup_selection_answers_what_the_incidents_answer(records, selection):
    with rolled_back():
        _assert_answers_alike(records, selection)


EVERY_DAY = [{**_values(day), "intercepted": (Reporting.REPORTED, n)} for n, day in enumerate(DAYS)]


@pytest.mark.parametrize(
    "date_from, date_to",
    [
        (None, None),  # every month whole
        (DAYS[2], DAYS[6]),  # part of February, March whole, part of April
        (None, DAYS[2]),  # January whole, part of February
        (DAYS[0], None),  # the last day of January, then whole months
        (DAYS[1], DAYS[5]),  # February and March whole, no partial month
        (DAYS[2], DAYS[3]),  # inside one month: the days alone
        (DAYS[3], DAYS[4]),  # across a month's edge, no month whole
    ],
)
def test_whole_months_and_partial_ends_add_up_to_the_days(date_from, date_to):
    selection = {
        "date_from": date_from,
        "date_to": date_to,
        "regions": None,
        "threats": None,
        "verification": None,
    }
    _assert_answers_alike(EVERY_DAY, selection)


def _assert_answers_alike(records, selection):
    from tests.factories import IncidentFactory

    assert not Incident.objects.exists()  # each example starts from the same record
    for values in records:
        incident = IncidentFactory.build(summary="x", status=Status.PUBLISHED)
        _apply(incident, values)
        incident.save()
    incidents = Incident.objects.published()
    if selection["date_from"]:
        incidents = incidents.filter(date__gte=selection["date_from"])
    if selection["date_to"]:
        incidents = incidents.filter(date__lte=selection["date_to"])
    regions = threats = None
    if selection["regions"]:
        regions = list(
            Region.objects.filter(iso_code__in=selection["regions"]).values_list("pk", flat=True)
        )
        incidents = incidents.filter(region__in=regions)
    if selection["threats"]:
        threats = list(
            ThreatType.objects.filter(slug__in=selection["threats"]).values_list("pk", flat=True)
        )
        incidents = incidents.filter(threat_type__in=threats)
    if selection["verification"]:
        incidents = incidents.filter(verification__in=selection["verification"])
    rolled = rollups.Selection(
        date_from=selection["date_from"],
        date_to=selection["date_to"],
        regions=regions,
        threats=threats,
        verification=selection["verification"],
    )
    assert rolled.count() == incidents.count()
    assert rolled.totals() == incidents.totals()
    assert rolled.region_totals() == incidents.region_totals()
    assert list(rolled.daily_counts()) == list(incidents.daily_counts())
    for field in sorted(rollups.Selection.GROUPS):  # the facets' counts
        assert _added_up(rolled.counts_by(field)) == _added_up(incidents.counts_by(field)), field


def _added_up(rows):
    # (id, incidents) rows; a rollup may give an id more than once (whole months and days).
    totals = {}
    for key, n in rows:
        totals[key] = totals.get(key, 0) + n
    return {key: n for key, n in totals.items() if n}


def test_the_rebuild_command_mends_a_rollup_and_check_finds_the_damage():
    import io

    from django.core.management import call_command

    from incidents.models import DailyThreatTotals

    source = SourceFactory(name="Property test source")
    run(("create", _values(DAYS[0]), True), source)
    DailyThreatTotals.objects.update(incidents=99)  # damage done around every door
    with pytest.raises(SystemExit):
        call_command("rebuild_rollups", "--check", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert rebuilding.differences() == []


def test_a_rebuild_leaves_statistics_of_the_rows_it_wrote():
    from incidents.rollup_sql import TABLES

    source = SourceFactory(name="Property test source")
    for day in DAYS[:3]:
        run(("create", _values(day), True), source)
    rebuilding.rebuild()
    tables = [*TABLES, "incidents_exportlists"]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")
            rows = cursor.fetchone()[0]
            # ANALYZE sets reltuples (-1 until a table is first analyzed) to what it counted.
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            assert (table, cursor.fetchone()[0]) == (table, rows)


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        (None, None),  # whole months only
        (dt.date(2026, 2, 14), None),  # the days of February, then March on
        (None, dt.date(2026, 3, 14)),  # February whole, then the days of March
        (dt.date(2026, 2, 14), dt.date(2026, 3, 14)),  # no whole month: the days alone
        (dt.date(2026, 1, 31), dt.date(2026, 4, 2)),  # days, two whole months, days
    ],
)
def test_facets_of_a_region_or_threat_over_months_count_the_days_at_either_end(date_from, date_to):
    """The facets of a selection by region or threat type read whole months from a monthly
    rollup and the partial months' days from a daily one: each incident counted once."""
    from tests.factories import IncidentFactory, damage, region, threat

    kursk, uav = region("RU-KRS"), threat("uav")
    for day, place, kind, harm in [
        (dt.date(2026, 1, 31), "RU-BEL", "uav", "fire"),
        (dt.date(2026, 2, 1), "RU-BEL", "cruise-missile", "energy"),
        (dt.date(2026, 2, 14), "RU-KRS", "uav", "fire"),
        (dt.date(2026, 2, 20), "RU-BEL", "uav", "energy"),
        (dt.date(2026, 3, 1), "RU-KRS", "cruise-missile", "fire"),
        (dt.date(2026, 3, 14), "RU-BEL", "uav", "fire"),
        (dt.date(2026, 3, 20), "RU-BEL", "uav", "energy"),
        (dt.date(2026, 4, 2), "RU-KRS", "uav", "fire"),
    ]:
        IncidentFactory(
            date=day, region=region(place), threat_type=threat(kind), damage_types=damage(harm)
        )
    for regions, threats in (([kursk.pk], None), (None, [uav.pk]), ([kursk.pk], [uav.pk])):
        incidents = Incident.objects.published()
        if date_from:
            incidents = incidents.filter(date__gte=date_from)
        if date_to:
            incidents = incidents.filter(date__lte=date_to)
        if regions:
            incidents = incidents.filter(region__in=regions)
        if threats:
            incidents = incidents.filter(threat_type__in=threats)
        rolled = rollups.Selection(
            date_from=date_from, date_to=date_to, regions=regions, threats=threats
        )
        assert rolled.count() == incidents.count()
        for field in sorted(rollups.Selection.GROUPS):
            expected = _added_up(incidents.counts_by(field))
            assert _added_up(rolled.counts_by(field)) == expected, (field, regions, threats)
