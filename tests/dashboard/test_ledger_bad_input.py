"""Bad input to the statements' pages and admin: a clear 400/404 or a form error, never a 500,
and nothing written."""

import pytest
from django.urls import reverse

from incidents.models import Statement, StatementTotal
from tests.factories import SourceFactory, threat

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/en/statements/99999999999999999999999/", 404),
        ("/en/statements/0/", 404),
        ("/en/nights/2026-02-30/", 400),
        ("/en/nights/---/", 400),
        ("/en/nights/9999-12-31/", 400),  # past the dates every filter accepts
        ("/en/nights/0001-01-01/", 400),  # no day before it to link to (it was a 500)
        ("/en/nights/2100-12-31/", 404),  # a future date
        ("/en/claims/?date_from=yesterday", 400),
        ("/en/claims/?region=nowhere", 400),
        ("/claims.csv?threat=%00", 400),
        ("/api/coverage/?date_from=1900-01-01&date_to=2026-01-01", 400),
        ("/api/coverage/?date_to=2026-13-01", 400),
        ("/api/statements/abc/", 404),
        ("/api/statements/?cursor=zzz", 404),  # a cursor this API did not make: no page
    ],
)
def test_a_bad_address_is_refused_with_its_reason(client, path, status):
    assert client.get(path).status_code == status


def statement_form(ministry, **overrides):
    data = {
        "source": ministry.pk,
        "language": "ru",
        "url": "https://t.me/mod_russia/3003",
        "archive_url": "",
        "published_at_0": "2026-03-02",
        "published_at_1": "07:05",
        "text": "Перехвачены и уничтожены 26 БПЛА.",
        "date": "2026-03-02",
        "window_start_0": "",
        "window_start_1": "",
        "window_end_0": "",
        "window_end_1": "",
        "correction_note": "",
        "loaded_version": "",
        "totals-TOTAL_FORMS": "1",
        "totals-INITIAL_FORMS": "0",
        "totals-MIN_NUM_FORMS": "0",
        "totals-MAX_NUM_FORMS": "1000",
        "totals-0-threat_type": threat("uav").pk,
        "totals-0-intercepted": "26",
        "totals-0-intercepted_status": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "overrides",
    [
        {
            "window_start_0": "2026-03-02",
            "window_start_1": "07:00",
            "window_end_0": "2026-03-01",
            "window_end_1": "20:00",
        },
        {"totals-0-intercepted": "-3"},
        {"totals-0-intercepted": "99999999999999999999"},
        {"totals-0-intercepted_status": "maybe"},
        {"totals-0-threat_type": "abc"},
        {"url": "javascript:alert(1)"},
        {"date": "2026-02-30"},
        {"date": "0001-01-01"},
        {"source": "99999999999999999999"},
        {
            "totals-TOTAL_FORMS": "2",
            "totals-1-threat_type": "",  # filled below: the same threat twice
            "totals-1-intercepted": "4",
        },
    ],
)
def test_bad_statement_input_is_a_form_error_and_writes_nothing(editor_client, overrides):
    data = statement_form(SourceFactory(name="Ministry", kind="ministry"), **overrides)
    if "totals-1-threat_type" in data:
        data["totals-1-threat_type"] = data["totals-0-threat_type"]
    response = editor_client.post(reverse("admin:incidents_statement_add"), data)
    assert response.status_code == 200
    assert "errornote" in response.content.decode() or "errorlist" in response.content.decode()
    assert Statement.objects.count() == 0 and StatementTotal.objects.count() == 0
