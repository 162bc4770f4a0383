"""A day with no statement in the record is a gap, not a day with nothing claimed: the chart's
JSON, its table, its CSV and its pictures say so apart from the 0."""

import csv
import datetime as dt
import io

import pytest

from incidents.models import Incident
from tests.factories import IncidentFactory, StatementFactory, StatementTotalFactory, region

pytestmark = pytest.mark.django_db
D = dt.date
# Monday 2 to Friday 6 March 2026: one ISO week.
RANGE = "date_from=2026-03-02&date_to=2026-03-06"


@pytest.fixture
def record():
    IncidentFactory(date=D(2026, 3, 2), intercepted=10)
    IncidentFactory(date=D(2026, 3, 5), intercepted=None, region=region("RU-BEL"))
    IncidentFactory(date=D(2026, 3, 6), intercepted=7, region=region("RU-BEL"))
    # A draft's statement is not public: its day stays a gap.
    IncidentFactory(date=D(2026, 3, 4), intercepted=100, status=Incident.Status.DRAFT)


def chart(client, query):
    response = client.get(f"/charts/daily.json?{query}")
    assert response.status_code == 200
    return response.json()


def test_days_with_no_statement_are_counted_apart_from_the_zeros(client, record):
    data = chart(client, f"grain=day&{RANGE}")
    assert data["incidents"] == [1, 0, 0, 1, 1]
    assert data["days"] == [1, 1, 1, 1, 1]
    assert data["days_without_statement"] == [0, 1, 1, 0, 0]
    assert "%(n)s" in data["text"]["days_without_statement"]

    week = chart(client, f"grain=week&{RANGE}")
    assert week["days"] == [5] and week["days_without_statement"] == [2]


def test_a_total_with_no_claim_fills_its_day_once_entered(client, record):
    assert chart(client, f"grain=day&{RANGE}")["days_without_statement"] == [0, 1, 1, 0, 0]
    # The ministry's total for 3 March, itemising no region: the day is in the record now.
    StatementTotalFactory(statement=StatementFactory(date=D(2026, 3, 3)), intercepted=26)
    assert chart(client, f"grain=day&{RANGE}")["days_without_statement"] == [0, 0, 1, 0, 0]


def test_a_filter_never_turns_a_recorded_day_into_a_gap(client, record):
    # Belgorod had no incident on 2 March, but the record holds a statement that day.
    data = chart(client, f"grain=day&{RANGE}&region=belgorod-oblast")
    assert data["incidents"] == [0, 0, 0, 1, 1]
    assert data["days_without_statement"] == [0, 1, 1, 0, 0]


def test_the_table_and_the_csv_say_which_days_have_no_statement(client, record):
    page = client.get(f"/en/charts/daily/?grain=day&{RANGE}").content.decode()
    rows = page.split('<tbody class="daily-rows">')[1].split("</tbody>")[0].split("<tr>")[1:]
    # Newest first: 6, 5, 4, 3, 2 March; the last column, "Days with no statement", says so.
    assert '<th scope="col">Days with no statement</th>' in page
    gaps = ["<td>no statement</td>" in row for row in rows]
    assert gaps == [False, False, True, True, False]
    # A day with no statement has no figures, not 0 incidents and 0 intercepted.
    cells = [row.split("</th>")[1].split("<td>")[1:3] for row in rows]
    figures = [[cell.split("</td>")[0] for cell in pair] for pair in cells]
    assert figures == [["1", "7"], ["1", "no figure reported"], ["—", "—"], ["—", "—"], ["1", "10"]]

    weekly = client.get(f"/en/charts/daily/?grain=week&{RANGE}").content.decode()
    assert "2 of 5 days" in weekly

    response = client.get(f"/charts/daily.csv?grain=day&{RANGE}")
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["days_without_statement"] for row in table] == ["0", "1", "1", "0", "0"]


def test_the_pictures_mark_the_gaps_in_their_legend(client, record):
    svg = client.get(f"/charts/chart.svg?grain=day&{RANGE}").content.decode()
    assert "no statement in the record" in svg
    # A range with a statement on every day has no such mark.
    full = client.get("/charts/chart.svg?grain=day&date_from=2026-03-05&date_to=2026-03-06")
    assert "no statement in the record" not in full.content.decode()


def test_the_russian_table_says_it_in_russian(client, record):
    page = client.get(f"/ru/charts/daily/?grain=week&{RANGE}").content.decode()
    assert "2 из 5 дней" in page


def test_the_averages_leave_a_gap_out_rather_than_count_it_as_zero(client):
    for day in (2, 3, 4, 6, 7, 8):  # 5 March: no statement in the record
        IncidentFactory(date=D(2026, 3, day), intercepted=10)
    data = chart(client, "grain=day&date_from=2026-03-02&date_to=2026-03-08")
    assert data["days_without_statement"] == [0, 0, 0, 1, 0, 0, 0]
    assert data["intercepted"][3] == 0 and data["incidents"][3] == 0
    assert data["intercepted_average"][-1] == 10.0  # not 60 / 7
    assert data["incidents_average"][-1] == 1.0  # not 6 / 7


def test_a_published_incident_records_its_day_whatever_its_citations(client):
    # Incidents imported before statements were records carry no statement of their own.
    IncidentFactory(date=D(2026, 3, 2), intercepted=10, cited=False)
    IncidentFactory(date=D(2026, 3, 4), intercepted=10, cited=False)
    data = chart(client, "grain=day&date_from=2026-03-02&date_to=2026-03-04")
    assert data["days_without_statement"] == [0, 1, 0]
