"""Every revision says who made it (an editor, or the command that ran) and why."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from incidents import services
from incidents.models import Citation, Incident
from tests.factories import IncidentFactory, SourceFactory, change_form, change_url

pytestmark = pytest.mark.django_db


def revisions():
    """Every revision of incidents and citations written so far."""
    return [*Incident.history.all(), *Citation.history.all()]


def test_revisions_written_through_the_admin_name_the_editor_and_a_reason(chief_client, chief):
    incident = IncidentFactory(intercepted=38)
    Incident.history.all().delete()
    Citation.history.all().delete()
    chief_client.post(
        change_url(incident),
        change_form(
            incident,
            intercepted="40",
            correction_note="The governor revised the count.",
            **{"citations-0-quote": "Forty drones."},
        ),
    )
    chief_client.post(
        reverse("admin:incidents_incident_changelist"),
        {
            "action": "retract_selected",
            "_selected_action": [incident.pk],
            "apply": "1",
            "reason": "A duplicate of another record.",
        },
    )
    written = revisions()
    assert len(written) == 3  # the change (one revision, not one per m2m signal), its citation,
    # and the retraction
    for revision in written:
        assert revision.history_user == chief
        assert revision.history_change_reason
    reasons = {r.history_change_reason for r in written}
    assert "Changed; corrected: The governor revised the count." in reasons
    assert "Retracted: A duplicate of another record." in reasons


def test_the_one_revision_of_a_change_records_its_damage_types(chief, editor_client):
    from tests.factories import damage

    incident = IncidentFactory(status=Incident.Status.DRAFT)
    data = change_form(incident, damage_types=[d.pk for d in damage("fire", "residential")])
    before = incident.history.count()
    assert editor_client.post(change_url(incident), data).status_code == 302
    assert incident.history.count() == before + 1
    latest = incident.history.latest("history_date")
    assert sorted(row.damagetype.slug for row in latest.damage_types.all()) == [
        "fire",
        "residential",
    ]


def test_commands_name_themselves_in_every_revision_they_write():
    call_command("load_demo", stdout=None)
    written = revisions()
    # Each demo incident created and then published, plus one revision per claim a second
    # source added to it (the governors' on the ministry's nights); each claim cited once.
    attached = Incident.history.filter(history_change_reason__contains="a claim of statement")
    assert attached.count() == 6
    assert Incident.history.count() == 2 * Incident.objects.count() + 6
    assert Citation.history.count() == Citation.objects.count()
    for revision in written:
        assert revision.history_user is None
        assert "(manage.py load_demo)" in revision.history_change_reason


def test_imported_drafts_name_the_chief_editor_and_the_file(chief):
    from incidents import importer

    SourceFactory(name="Governor of Kaluga Oblast")
    rows = [
        {
            "date": "2026-03-01",
            "region": "Kaluga Oblast",
            "threat_type": "uav",
            "intercepted": "40",
            "damage_types": "fire",
            "summary": "Forty drones.",
            "sources": "Governor of Kaluga Oblast",
            "source_urls": "https://t.me/gov/1",
        }
    ]
    preview = importer.preview(rows)
    pending = services.stage_import(by=chief, filename="night.csv", preview=preview)
    [incident], _ = services.commit_import(by=chief, pending_id=pending.pk)
    for revision in revisions():
        assert revision.history_user == chief
        assert revision.history_change_reason == "Imported from night.csv"
    [revision] = incident.history.all()
    assert [row.damagetype.slug for row in revision.damage_types.all()] == ["fire"]
