"""A file no honest editor would upload gets a clear error, in bounded time and memory, and
nothing is written."""

import csv
import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.importer import MAX_ROWS
from incidents.models import Incident, PendingImport
from tests.factories import SHEET_HEAD, SourceFactory, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:incidents_incident_import")
HEADER = [
    "id",
    "date",
    "window_start",
    "region",
    "threat_type",
    "summary",
    "sources",
    "source_urls",
]
# Well under what a request may hold, far under the ~850 MB a zip bomb once took.
MEMORY_BOUND = 80 * 2**20


def row(**values):
    good = {
        "id": "",
        "date": "2026-03-01",
        "window_start": "",
        "region": "Kaluga Oblast",
        "threat_type": "uav",
        "summary": "Forty drones.",
        "sources": "Governor of Kaluga Oblast",
        "source_urls": "https://t.me/gov/1",
    }
    return [{**good, **values}[name] for name in HEADER]


def csv_upload(*rows):
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return SimpleUploadedFile("rows.csv", out.getvalue().encode())


def post_measured(client, upload):
    """The import preview's response and the peak memory it took (Python allocations)."""
    tracemalloc.start()
    try:
        response = client.post(IMPORT_URL, {"file": upload})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return response, peak


@pytest.fixture(autouse=True)
def governor(db):
    return SourceFactory(name="Governor of Kaluga Oblast")


def assert_nothing_written():
    assert not Incident.objects.exists()
    assert not PendingImport.objects.exists()


def empty_rows_sheet(count):
    rows = b"".join(b'<row r="%d"/>' % n for n in range(2, count + 2))
    first = b'<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c></row>'
    return SHEET_HEAD + first + rows + b"</sheetData></worksheet>"


def test_a_sheet_of_millions_of_empty_rows_stops_at_the_row_limit(chief_client):
    data = xlsx_bytes(sheet_xml=empty_rows_sheet(2_000_000))
    assert len(data) < 6 * 2**20  # a small upload...
    response, peak = post_measured(chief_client, SimpleUploadedFile("bomb.xlsx", data))
    assert response.status_code == 200
    assert f"more than {MAX_ROWS:,} rows" in response.content.decode()
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MB"
    assert_nothing_written()


def test_a_sheet_that_unpacks_beyond_the_limit_is_refused_before_it_is_read(chief_client):
    cell = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * (60 * 2**20) + b"</t></is></c></row>"
    )
    data = xlsx_bytes(sheet_xml=SHEET_HEAD + cell + b"</sheetData></worksheet>")
    assert len(data) < 2**20
    response, peak = post_measured(chief_client, SimpleUploadedFile("bomb.xlsx", data))
    assert "The spreadsheet unpacks to more than" in response.content.decode()
    assert peak < MEMORY_BOUND
    assert_nothing_written()


def test_one_cell_fifty_million_rows_down_stops_at_the_row_limit(chief_client):
    far = b'<row r="50000000"><c r="A50000000" t="inlineStr"><is><t>x</t></is></c></row>'
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c></row>'
    data = xlsx_bytes(sheet_xml=SHEET_HEAD + header + far + b"</sheetData></worksheet>")
    response, peak = post_measured(chief_client, SimpleUploadedFile("far.xlsx", data))
    assert f"more than {MAX_ROWS:,} rows" in response.content.decode()
    assert peak < MEMORY_BOUND
    assert_nothing_written()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"date": "0001-01-01"}, "The date is before 1900"),
        ({"window_start": "0001-01-01T00:00:00+03:00"}, "between 1900 and tomorrow"),
        ({"window_start": "9999-12-31T23:59:59-05:00"}, "between 1900 and tomorrow"),
        ({"id": "²"}, "is not a whole number (digits 0-9)"),
        ({"id": "١٢"}, "is not a whole number (digits 0-9)"),
        ({"region": '=HYPERLINK("http://evil.example","x")'}, "unknown region"),
        ({"source_urls": "https://t.me/" + "x" * 2000}, "malformed statement URL"),
    ],
)
def test_a_hostile_value_is_a_row_error_and_nothing_is_written(chief_client, values, message):
    response = chief_client.post(IMPORT_URL, {"file": csv_upload(row(**values))})
    assert response.status_code == 200
    [result] = response.context["preview"].rows
    assert any(message in error for error in result.errors), result.errors
    assert "commit_form" not in response.context
    assert_nothing_written()


def test_two_rows_with_the_same_id_are_refused(chief_client):
    response = chief_client.post(
        IMPORT_URL, {"file": csv_upload(row(id="777"), row(id="777", date="2026-03-02"))}
    )
    first, second = response.context["preview"].rows
    assert not first.errors
    assert second.errors == ["id 777 appears twice (row 2)"]
    assert_nothing_written()


def test_the_file_never_travels_to_the_browser_and_back(chief_client):
    response = chief_client.post(IMPORT_URL, {"file": csv_upload(row())})
    page = response.content.decode()
    pending = PendingImport.objects.get()
    assert f'name="pending" value="{pending.pk}"' in page
    assert "Forty drones." not in page.split("<form")[-1]  # the commit form holds an id only


def test_imported_citations_without_a_quote_save_and_the_page_says_none_was_recorded(
    chief_client, client, chief
):
    from incidents import services

    response = chief_client.post(IMPORT_URL, {"file": csv_upload(row())})
    pending = response.context["commit_form"].initial["pending"]
    assert chief_client.post(IMPORT_URL, {"pending": pending}).status_code == 302
    incident = Incident.objects.get()
    assert incident.citations.get().quote == ""
    services.publish(by=chief, incidents=Incident.objects.all())  # a quote is not required
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "No quote recorded" in page
