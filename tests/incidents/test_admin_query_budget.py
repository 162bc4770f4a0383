"""An editor's save costs a bounded number of queries, whatever the record holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import IncidentFactory, change_form, change_url, damage

pytestmark = pytest.mark.django_db


def test_saving_a_published_incident_with_a_correction_costs_at_most_30_queries(chief_client):
    # Others in the record change nothing (same night, region and threat: likely duplicates,
    # which the editor has checked).
    IncidentFactory.create_batch(20)
    incident = IncidentFactory(intercepted=38, damage_types=damage("fire"))
    data = change_form(
        incident,
        intercepted="40",
        damage_types=[d.pk for d in damage("fire", "residential")],
        correction_note="The governor revised the count.",
        confirm_not_duplicate="on",
        **{"citations-0-quote": "Forty drones were destroyed."},
    )
    assert chief_client.get(change_url(incident)).status_code == 200  # the editor opens it
    with CaptureQueriesContext(connection) as captured:
        response = chief_client.post(change_url(incident), data)
    assert response.status_code == 302
    # The test's own transaction turns the admin's into a savepoint: two statements that a
    # real request does not send (the services' own savepoint inside it is counted).
    sent = [q["sql"] for q in captured.captured_queries]
    outer = next(n for n, sql in enumerate(sent) if sql.startswith("SAVEPOINT"))
    name = sent.pop(outer).split()[-1]
    sent.remove(f"RELEASE SAVEPOINT {name}")
    assert len(sent) <= 30, "\n".join(sent)
    incident.refresh_from_db()
    assert incident.intercepted == 40 and incident.corrections.count() == 1
