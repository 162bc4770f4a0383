"""CSV and JSON exports: exactly the filtered rows, safe in spreadsheets, streamed."""

import csv
import datetime as dt
import io
import json

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from dashboard.exports import COLUMN_NAMES
from incidents.cells import from_cell
from incidents.choices import Reporting
from incidents.models import Citation, Incident, Statement
from tests.conftest import table_ids
from tests.factories import CitationFactory, IncidentFactory, SourceFactory, damage, region, threat

pytestmark = pytest.mark.django_db
D = dt.date


def body(response):
    assert response.streaming, "exports must stream"
    return b"".join(response.streaming_content)


def csv_rows(response):
    text = body(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def json_items(response):
    return json.loads(body(response))["incidents"]


@pytest.fixture
def rows():
    governor = SourceFactory(name="Губернатор Калужской области")
    kaluga = IncidentFactory(
        date=D(2026, 3, 1),
        region=region("RU-KLU"),
        intercepted=40,
        killed=0,
        injured=0,
        damage_types=damage("none-reported"),
        cited=False,
        summary="Над Калужской областью уничтожены 40 БПЛА.",
    )
    CitationFactory(incident=kaluga, source=governor, url="https://t.me/governor/1")
    CitationFactory(incident=kaluga, source=SourceFactory(name="MoD"), url="https://t.me/mod/2")
    moscow = IncidentFactory(
        date=D(2026, 3, 2),
        region=region("RU-MOW"),
        intercepted=None,
        damage_types=damage("air-travel-disruption", "fire"),
    )
    belgorod = IncidentFactory(
        date=D(2026, 3, 3),
        region=region("RU-BEL"),
        threat_type=threat("fpv-drone"),
        intercepted=1,
        injured=2,
    )
    IncidentFactory(status=Incident.Status.DRAFT, summary="draft")
    IncidentFactory(status=Incident.Status.RETRACTED, retraction_reason="x", summary="retracted")
    return {"kaluga": kaluga, "moscow": moscow, "belgorod": belgorod}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "region=kaluga-oblast&region=moscow",
        "threat=fpv-drone",
        "casualties=yes",
        "date_from=2026-03-02",
        "q=Калужской",
        "damage=fire",
        "min_intercepted=1",
    ],
)
def test_csv_json_and_table_hold_the_same_rows(client, rows, query):
    table, count = table_ids(client, QueryDict(query))
    expected = sorted(table)
    csv_ids = [
        int(r["id"]) for r in csv_rows(client.get(f"{reverse('dashboard:export-csv')}?{query}"))
    ]
    json_ids = [
        i["id"] for i in json_items(client.get(f"{reverse('dashboard:export-json')}?{query}"))
    ]
    assert csv_ids == json_ids == expected  # sorted by date, then id
    assert len(csv_ids) == count


def test_csv_has_the_documented_columns_and_values(client, rows):
    response = client.get(reverse("dashboard:export-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert not response.has_header("Content-Length")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="incidents_all-regions_until-{today}.csv"'
    )
    assert "/about/data/" in response["Link"]
    exported = csv_rows(response)
    assert list(exported[0]) == COLUMN_NAMES
    kaluga, moscow, belgorod = exported
    assert kaluga["url"] == f"http://testserver/en/incidents/{rows['kaluga'].pk}/"
    assert kaluga["date"] == "2026-03-01"
    assert kaluga["region"] == "Kaluga Oblast" and kaluga["region_iso"] == "RU-KLU"
    assert kaluga["intercepted"] == "40" and kaluga["intercepted_status"] == "reported"
    assert kaluga["killed"] == "0" and kaluga["killed_status"] == "reported"
    assert kaluga["sources"] == "Губернатор Калужской области;MoD"
    assert kaluga["source_urls"] == "https://t.me/governor/1;https://t.me/mod/2"
    assert kaluga["summary"] == "Над Калужской областью уничтожены 40 БПЛА."
    # "Not reported" stays empty, never 0.
    assert moscow["intercepted"] == "" and moscow["intercepted_status"] == Reporting.NOT_REPORTED
    assert moscow["damage_types"] == "air-travel-disruption;fire"
    assert belgorod["threat_type"] == "fpv-drone" and belgorod["injured"] == "2"
    created = dt.datetime.strptime(kaluga["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(created.replace(tzinfo=dt.UTC) - rows["kaluga"].created_at) < dt.timedelta(seconds=1)


def test_json_has_the_same_cells_with_real_nulls(client, rows):
    response = client.get(reverse("dashboard:export-json"), {"region": "moscow"})
    assert response["Content-Type"] == "application/json"
    document = json.loads(body(response))
    assert document["columns"] == COLUMN_NAMES
    assert document["meta"]["filter"] == "region=moscow"
    assert "codebook" in document["meta"]
    [moscow] = document["incidents"]
    assert moscow["intercepted"] is None and moscow["intercepted_status"] == "not_reported"
    csv_moscow = csv_rows(client.get(reverse("dashboard:export-csv"), {"region": "moscow"}))[0]
    assert {k: ("" if v is None else str(v)) for k, v in moscow.items()} == csv_moscow


EVIL = '=HYPERLINK("http://evil.example","click")'
DDE = "-2+3+cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("summary", "plain", "excel"),
    [
        (EVIL, "'" + EVIL, "'" + EVIL),
        (DDE, "'" + DDE, "'" + DDE),
        ("+1", "+1", "'+1"),  # a spreadsheet shows 1: nothing runs, the plain file keeps it
        ("-1+1", "'-1+1", "'-1+1"),
        ("@SUM(1)", "'@SUM(1)", "'@SUM(1)"),
        ("\t=1+1", "'\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1", "'\r=1+1"),
        ("-12", "-12", "-12"),  # a plain negative number is data, not a formula
        ("-3.5", "-3.5", "-3.5"),
        ("+3.5", "+3.5", "'+3.5"),
        ("-", "-", "'-"),
        (
            "-40 UAVs over Kaluga Oblast",
            "-40 UAVs over Kaluga Oblast",
            "'-40 UAVs over Kaluga Oblast",
        ),
        ("'=1", "''=1", "''=1"),  # its own apostrophe survives the way back through import
        ("a = b", "a = b", "a = b"),
        ("Обычный текст", "Обычный текст", "Обычный текст"),
    ],
)
def test_formula_injection_is_neutralised_in_both_csv_variants(client, summary, plain, excel):
    incident = IncidentFactory(
        summary=summary, damage_description=summary, intercepted=5, cited=False
    )
    CitationFactory(
        incident=incident, source=SourceFactory(name=summary or "x"), url="https://t.me/x/1"
    )
    for url, expected in (("dashboard:export-csv", plain), ("dashboard:export-csv-excel", excel)):
        [row] = csv_rows(client.get(reverse(url)))
        assert row["summary"] == expected, url
        assert row["damage_description"] == expected
        assert row["sources"] == expected
        assert row["intercepted"] == "5"
        assert from_cell(row["summary"]) == summary  # the importer reads it back unchanged
    # JSON is not for spreadsheets: it keeps the text exactly.
    [item] = json_items(client.get(reverse("dashboard:export-json")))
    assert item["summary"] == summary


def test_excel_variant_starts_with_a_bom_and_the_plain_one_does_not(client, rows):
    plain = body(client.get(reverse("dashboard:export-csv")))
    excel = body(client.get(reverse("dashboard:export-csv-excel")))
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel.startswith(b"\xef\xbb\xbf")
    assert excel[3:] == plain
    # Cyrillic round-trips through the BOM variant as Excel reads it (utf-8-sig).
    text = excel.decode("utf-8-sig")
    assert "Губернатор Калужской области" in text
    assert next(iter(csv.DictReader(io.StringIO(text))))["sources"].startswith("Губернатор")


@pytest.mark.parametrize(
    "awkward", ['He said "40, not 38";\nthen left', "two\r\nlines", "carriage\rreturn", ""]
)
def test_rfc4180_quoting_round_trips_awkward_text(client, awkward):
    IncidentFactory(summary=awkward)
    raw = body(client.get(reverse("dashboard:export-csv")))
    assert raw.count(b"\n") - awkward.count("\n") == 2  # header and one row, each ending in LF
    [row] = list(csv.DictReader(io.StringIO(raw.decode(), newline="")))
    assert row["summary"] == awkward


def bulk_incidents(count):
    """Many published incidents with citations and damage types, fast."""
    kaluga, uav = region("RU-KLU"), threat("uav")
    source = SourceFactory()
    incidents = Incident.objects.bulk_create(
        Incident(
            date=D(2025, 1, 1) + dt.timedelta(days=i % 400),
            region=kaluga,
            threat_type=uav,
            intercepted=i % 50,
            intercepted_status=Reporting.REPORTED,
            summary=f"Statement number {i} about drones over the region.",
            status=Incident.Status.PUBLISHED,
        )
        for i in range(count)
    )
    statements = Statement.objects.bulk_create(
        Statement(source=source, url=f"https://t.me/s/{incident.pk}", date=incident.date)
        for incident in incidents
    )
    Citation.objects.bulk_create(
        Citation(incident=incident, statement=made, source=source, url=made.url, quote="q")
        for incident, made in zip(incidents, statements, strict=True)
    )
    fire = damage("fire")[0]
    through = Incident.damage_types.through
    through.objects.bulk_create(through(incident=i, damagetype=fire) for i in incidents)


def test_a_few_thousand_rows_stream_in_chunks_with_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    bulk_incidents(3000)
    # The data version (is there a snapshot of it?), the export's planner settings (inside the
    # test's transaction, also set back after: incidents/planner.py), then the rows.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("dashboard:export-csv"))
        chunks = list(response.streaming_content)
    assert len(chunks) > 5, "the file must arrive in several chunks, not one body"
    assert max(len(c) for c in chunks) < 200_000
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))
    assert len(rows) == 3000
    assert len({r["id"] for r in rows}) == 3000
    assert {r["damage_types"] for r in rows} == {"fire"}

    # The same, and the version again with the rows, in one view of the record (for its meta).
    with django_assert_max_num_queries(5):
        response = client.get(reverse("dashboard:export-json"))
        chunks = list(response.streaming_content)
    assert len(chunks) > 5
    assert len(json.loads(b"".join(chunks))["incidents"]) == 3000


@pytest.mark.parametrize("name", ["export-csv", "export-csv-excel", "export-json"])
@pytest.mark.parametrize(
    "query", ["date_from=2026-02-30", "region=atlantis", "min_intercepted=1e99", "q=%00"]
)
def test_invalid_filters_answer_400_with_a_readable_message(client, name, query):
    IncidentFactory()
    response = client.get(f"{reverse(f'dashboard:{name}')}?{query}")
    assert response.status_code == 400
    assert not response.streaming
    message = response.content.decode()
    assert any(field in message for field in ("date_from", "region", "min_intercepted", "q"))
    assert "Kaluga" not in message  # no partial file
