"""Bulk import through the real admin views: preview, errors, roles, commit, round trip."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from incidents.choices import Reporting
from incidents.models import Incident
from tests.factories import (
    IncidentFactory,
    SourceFactory,
    region,
    threat,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
IMPORT_URL = reverse("admin:incidents_incident_import")


# Import ---------------------------------------------------------------------------------------

HEADER = [
    "date",
    "region",
    "threat_type",
    "intercepted",
    "damage_types",
    "summary",
    "sources",
    "source_urls",
]


def csv_file(rows, name="statements.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


@pytest.fixture
def governor():
    return SourceFactory(name="Governor of Kaluga Oblast")


GOOD = [
    "2026-03-01",
    "Kaluga Oblast",
    "uav",
    "40",
    "none-reported",
    "40 UAVs destroyed.",
    "Governor of Kaluga Oblast",
    "https://t.me/gov/1",
]


def test_a_file_with_one_bad_row_imports_nothing_and_reports_that_row(chief_client, governor):
    bad = ["2026-02-30", "Atlantis", "uav", "-4", "", "x", "", ""]
    response = chief_client.post(IMPORT_URL, {"file": csv_file([GOOD, bad])})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Row 3: malformed date &#x27;2026-02-30&#x27;" in page
    assert "Row 3: unknown region &#x27;Atlantis&#x27;" in page
    assert "Row 3: negative count" in page
    assert "Row 3: missing source" in page
    assert "Row 2:" not in page
    assert "as drafts" not in page.split("</table>")[-1]  # no import button
    assert not Incident.objects.exists()


def test_a_valid_file_previews_then_imports_drafts_attributed_to_the_editor(
    chief_client, chief, governor
):
    response = chief_client.post(
        IMPORT_URL,
        {
            "file": csv_file(
                [
                    GOOD,
                    [
                        "2026-03-02",
                        "RU-MOW",
                        "UAV",
                        "",
                        "",
                        "Drones over Moscow.",
                        "Governor of Kaluga Oblast",
                        "https://t.me/gov/2",
                    ],
                ]
            )
        },
    )
    assert response.status_code == 200
    assert not Incident.objects.exists()  # a preview writes nothing
    preview = response.context["preview"]
    assert [row.outcome for row in preview.rows] == ["new draft", "new draft"]
    pending = response.context["commit_form"].initial["pending"]

    response = chief_client.post(IMPORT_URL, {"pending": pending})
    assert response.status_code == 302
    imported = Incident.objects.order_by("date")
    assert imported.count() == 2
    assert {i.status for i in imported} == {Incident.Status.DRAFT}
    assert {i.created_by for i in imported} == {chief}
    kaluga = imported[0]
    assert kaluga.intercepted == 40 and kaluga.intercepted_status == Reporting.REPORTED
    assert imported[1].intercepted_status == Reporting.NOT_REPORTED
    assert kaluga.citations.get().url == "https://t.me/gov/1"
    created = kaluga.history.earliest("history_date")
    assert created.history_type == "+"
    assert created.history_change_reason == "Imported from statements.csv"
    assert created.history_user == chief


def test_editors_may_preview_but_only_chief_editors_commit(editor_client, chief, governor):
    response = editor_client.post(IMPORT_URL, {"file": csv_file([GOOD])})
    assert "Only a chief editor can import it" in response.content.decode()
    assert "commit_form" not in response.context  # nothing kept for an editor to commit
    chief_client = Client()  # not the `client` fixture: that one is the editor's
    chief_client.force_login(chief, backend="django.contrib.auth.backends.ModelBackend")
    staged = chief_client.post(IMPORT_URL, {"file": csv_file([GOOD])})
    pending = staged.context["commit_form"].initial["pending"]
    assert editor_client.post(IMPORT_URL, {"pending": pending}).status_code == 403
    assert not Incident.objects.exists()


def test_an_export_imported_back_creates_no_duplicates(client, chief_client):
    IncidentFactory(summary='=HYPERLINK("x")')
    IncidentFactory(region=region("RU-MOW"))
    exported = b"".join(client.get(reverse("dashboard:export-csv")).streaming_content)
    upload = SimpleUploadedFile("incidents.csv", exported, content_type="text/csv")
    response = chief_client.post(IMPORT_URL, {"file": upload})
    preview = response.context["preview"]
    assert not preview.errors, [r.errors for r in preview.rows]
    assert [row.outcome for row in preview.rows] == ["already in the record: skipped"] * 2
    assert Incident.objects.count() == 2


def test_import_flags_likely_duplicates_and_needs_confirmation(chief_client, governor):
    IncidentFactory(date=dt.date(2026, 3, 1), region=region("RU-KLU"), threat_type=threat("uav"))
    response = chief_client.post(IMPORT_URL, {"file": csv_file([GOOD])})
    assert response.context["preview"].rows[0].outcome == "new draft, likely duplicate"
    pending = response.context["commit_form"].initial["pending"]
    response = chief_client.post(IMPORT_URL, {"pending": pending})
    assert response.status_code == 200 and Incident.objects.count() == 1
    response = chief_client.post(IMPORT_URL, {"pending": pending, "confirm_duplicates": "on"})
    assert response.status_code == 302 and Incident.objects.count() == 2


def test_xlsx_files_import_too(chief_client, governor):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(
        [
            dt.datetime(2026, 3, 1),
            "Калужская область",
            "uav",
            40,
            "",
            "From a spreadsheet.",
            "Governor of Kaluga Oblast",
            "https://t.me/gov/3",
        ]
    )
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("statements.xlsx", data.getvalue())
    response = chief_client.post(IMPORT_URL, {"file": upload})
    [row] = response.context["preview"].rows
    assert row.outcome == "new draft", row.errors
    chief_client.post(IMPORT_URL, {"pending": response.context["commit_form"].initial["pending"]})
    assert Incident.objects.get().region.iso_code == "RU-KLU"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.txt", b"hello", "Upload a .csv or .xlsx file"),
        ("x.csv", b"\xff\xfe\x00bad", "not UTF-8"),
        ("x.csv", b"a,b\n1,2\n", "Missing columns"),
        ("x.xlsx", b"not a spreadsheet", "cannot be read"),
        ("x.csv", ",".join(HEADER).encode() + b"\n", "no rows"),
    ],
)
def test_unreadable_files_get_a_clear_error(chief_client, name, content, message):
    response = chief_client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Incident.objects.exists()


def test_a_forged_pending_import_imports_nothing(chief_client, governor):
    response = chief_client.post(IMPORT_URL, {"pending": "forged"}, follow=True)
    assert "The preview expired" in response.content.decode()
    assert not Incident.objects.exists()


def test_the_import_page_offers_a_template_whose_example_row_imports(chief_client):
    from incidents import importer

    page = chief_client.get(IMPORT_URL).content.decode()
    url = reverse("admin:incidents_incident_import_template")
    assert f'href="{url}"' in page
    response = chief_client.get(url)
    assert response["Content-Disposition"] == (
        'attachment; filename="incidents-import-template.csv"'
    )
    rows = importer.read_table(response.content, "template.csv")
    assert list(rows[0]) == importer.TEMPLATE_COLUMNS and len(rows) == 1
    SourceFactory(name=rows[0]["sources"])
    preview = importer.preview(rows)
    assert [row.outcome for row in preview.rows] == ["new draft"], preview.rows[0].errors
