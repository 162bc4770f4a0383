"""Every column of a filtered CSV export, cell by cell, against the rule written in Python
(incidents/cells.py): ISO dates, UTC times cut to the second, joined lists, the spreadsheet
apostrophe. PostgreSQL computes the cells with its own SQL (issue 25 replaced TO_CHAR and the
safety test's first step with cheaper forms), SQLite with the Python rule: both must give the
cells the rule gives, whatever the text and the times."""

import csv
import datetime as dt
import io

import pytest
from django.db.models import F

from dashboard import exports
from incidents.cells import LIST_SEPARATOR, PLAIN, STRICT, to_cell
from incidents.models import DamageType, Incident, Region
from incidents.schema import INCIDENTS
from tests.factories import CitationFactory, IncidentFactory, SourceFactory, damage, region, threat

pytestmark = pytest.mark.django_db

BASE = "https://example.org/incidents/"
UTC = dt.UTC
# Text an editor controls, starting with every character the rule looks at, and some it doesn't.
TEXTS = [
    "plain text",
    '=HYPERLINK("http://evil.example","x")',
    "+HYPERLINK(1)",
    "+40 UAVs",
    "-40 UAVs over Kaluga",
    "-2+3+cmd|' /C calc'!A0",
    "-12",
    "-3.5",
    "@SUM(1)",
    "\tindented",
    "\r=1",
    "'quoted",
    "'=already",
    "''",
    'multi\nline, with "quotes"',
    "",
]


def _time(value):
    return "" if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _number(value):
    return "" if value is None else str(value)


def expected_row(incident, strength):
    """The cells of one incident as the Python rule writes them."""
    citations = list(incident.citations.order_by("id").select_related("source"))
    slugs = sorted(incident.damage_types.values_list("slug", flat=True))

    def text(value):
        return to_cell(value, strength) or ""

    return {
        "id": str(incident.pk),
        "url": f"{BASE}{incident.pk}/",
        "date": incident.date.isoformat(),
        "window_start": _time(incident.window_start),
        "window_end": _time(incident.window_end),
        "region": text(incident.region.name),
        "region_ru": text(incident.region.name_ru),
        "region_uk": text(incident.region.name_uk),
        "region_iso": text(incident.region.iso_code),
        "threat_type": text(incident.threat_type.slug),
        "intercepted": _number(incident.intercepted),
        "intercepted_status": incident.intercepted_status,
        "damage_types": text(LIST_SEPARATOR.join(slugs)),
        "damage_description": text(incident.damage_description),
        "killed": _number(incident.killed),
        "killed_status": incident.killed_status,
        "injured": _number(incident.injured),
        "injured_status": incident.injured_status,
        "summary": text(incident.summary),
        "verification": incident.verification,
        "sources": text(LIST_SEPARATOR.join(c.source.name for c in citations)),
        "source_urls": text(LIST_SEPARATOR.join(c.url for c in citations)),
        "published_at": _time(incident.published_at),
        "created_at": _time(incident.created_at),
        "updated_at": _time(incident.updated_at),
    }


@pytest.fixture
def record():
    kaluga = region("RU-KLU")
    Region.objects.filter(pk=kaluga.pk).update(name="=Kaluga()")
    DamageType.objects.filter(slug="fire").update(slug="-fire+1")
    sources = [SourceFactory(name=name or "unnamed") for name in TEXTS[:6]]
    chosen = []
    for n, summary in enumerate(TEXTS):
        # Times with microseconds (cut, never rounded), before 1970 and in this century.
        start = dt.datetime(1969 + 19 * (n % 3), 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
        incident = IncidentFactory(
            date=dt.date(2024, 1, 1) + dt.timedelta(days=37 * n),
            region=Region.objects.get(pk=kaluga.pk),
            threat_type=threat("uav"),
            summary=summary or "-",
            damage_description=TEXTS[-1 - n],
            window_start=start if n % 2 else None,
            window_end=start + dt.timedelta(hours=n) if n % 2 else None,
            intercepted=None if n % 4 == 0 else n,
            damage_types=damage(*["fire", "energy", "residential"][: n % 4]),
            cited=False,
        )
        for k in range(n % 3):
            CitationFactory(
                incident=incident, source=sources[(n + k) % 6], url=TEXTS[(n + k) % 16] + "/u"
            )
        chosen.append(incident.pk)
    # Published at a time with microseconds; and rows the filter leaves out.
    Incident.objects.filter(pk__in=chosen).update(
        published_at=dt.datetime(2026, 3, 1, 4, 30, 0, 500000, tzinfo=UTC),
        updated_at=F("created_at") + dt.timedelta(microseconds=999999),
    )
    IncidentFactory(region=region("RU-BEL"), summary="=elsewhere")
    IncidentFactory(region=kaluga, threat_type=threat("cruise-missile"), summary="=other threat")
    return sorted(Incident.objects.filter(pk__in=chosen), key=lambda i: (i.date, i.pk))


@pytest.mark.parametrize("strength", [PLAIN, STRICT])
def test_every_column_of_a_filtered_export_is_the_python_rule(record, strength):
    selected = Incident.objects.published().filter(
        region__iso_code="RU-KLU", threat_type__slug="uav"
    )
    chunks = exports.csv_chunks(selected, base_url=BASE, bom=strength == STRICT)
    text = b"".join(chunks).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert header == INCIDENTS.column_names
    assert [int(row[0]) for row in rows] == [incident.pk for incident in record]
    for row, incident in zip(rows, record, strict=True):
        expected = expected_row(incident, strength)
        for name, cell in zip(header, row, strict=True):
            assert cell == expected[name], (name, incident.pk)
