"""Editorial integrity through the real admin views, as each role: history, corrections,
retraction, roles, duplicates, verification, no lost edits."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from incidents.models import Correction, Incident
from tests.factories import (
    IncidentFactory,
    SourceFactory,
    change_form,
    change_url,
    incident_form,
    region,
    threat,
)
from tests.html import page_text

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
IMPORT_URL = reverse("admin:incidents_incident_import")


# History ------------------------------------------------------------------------------------


def test_an_edit_creates_a_revision_with_a_diff_and_a_restore_brings_it_back(chief_client, chief):
    incident = IncidentFactory(status=Incident.Status.DRAFT, intercepted=38)
    before = incident.history.count()
    response = chief_client.post(change_url(incident), change_form(incident, intercepted="40"))
    assert response.status_code == 302
    assert incident.history.count() == before + 1
    latest = incident.history.first()
    assert latest.history_user == chief
    assert latest.intercepted == 40 and latest.prev_record.intercepted == 38

    history = chief_client.get(reverse("admin:incidents_incident_history", args=[incident.pk]))
    # The revision's change, as the history page states it: old and new value.
    assert "Reported intercepted: 38 → 40" in page_text(history.content.decode())

    # Restore the older version through the admin's revert form.
    old = incident.history.filter(intercepted=38).first()
    revert_url = reverse(
        "admin:incidents_incident_simple_history", args=[incident.pk, old.history_id]
    )
    revert_form = chief_client.get(revert_url).context["adminform"].form
    assert revert_form["intercepted"].value() == 38
    loaded = revert_form["loaded_version"].value()
    response = chief_client.post(
        revert_url, change_form(incident, intercepted="38", loaded_version=loaded)
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.intercepted == 38
    assert incident.history.count() == before + 2  # the restore is a revision too


def test_citation_changes_are_kept_too(chief_client):
    incident = IncidentFactory(status=Incident.Status.DRAFT)
    citation = incident.citations.get()
    chief_client.post(
        change_url(incident), change_form(incident, **{"citations-0-quote": "New words"})
    )
    citation.refresh_from_db()
    assert citation.quote == "New words"
    assert [h.quote for h in citation.history.all()][:2] == [
        "New words",
        "Air defence destroyed the drones over the region.",
    ]


# Corrections --------------------------------------------------------------------------------


def test_changing_a_published_figure_asks_for_a_correction_note(chief_client):
    incident = IncidentFactory(intercepted=38)
    response = chief_client.post(change_url(incident), change_form(incident, intercepted="40"))
    assert response.status_code == 200
    assert "Add a correction note" in response.content.decode()
    incident.refresh_from_db()
    assert incident.intercepted == 38 and not Correction.objects.exists()


def test_a_correction_appears_on_the_page_the_corrections_list_and_the_feed(client, chief_client):
    incident = IncidentFactory(intercepted=38, region=region("RU-KLU"))
    note = "The governor revised the count from 38 to 40."
    response = chief_client.post(
        change_url(incident), change_form(incident, intercepted="40", correction_note=note)
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.kind == "correction"
    assert "reported intercepted: 38 → 40" in correction.changes
    today = correction.created_at.astimezone().date().isoformat()

    page = client.get(incident.get_absolute_url()).content.decode()
    assert f"Corrected on {today}:</strong> {note}" in page

    listing = client.get(reverse("dashboard:corrections")).content.decode()
    assert note in listing and incident.get_absolute_url() in listing

    feed = ET.fromstring(client.get(reverse("dashboard:feed")).content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert f"Corrected: {incident}" in titles
    assert f"New: {incident}" in titles


def test_small_edits_to_wording_need_no_correction_note(chief_client):
    incident = IncidentFactory(intercepted=38)
    response = chief_client.post(
        change_url(incident), change_form(incident, summary="Clearer wording.")
    )
    assert response.status_code == 302
    assert not Correction.objects.exists()


# Retraction ---------------------------------------------------------------------------------


def test_retracting_shows_a_notice_and_drops_the_incident_everywhere(client, chief_client):
    kept = IncidentFactory(intercepted=5, date=dt.date(2026, 3, 1))
    gone = IncidentFactory(intercepted=700, date=dt.date(2026, 3, 1))
    chief_client.post(
        reverse("admin:incidents_incident_changelist"),
        {
            "action": "retract_selected",
            "_selected_action": [gone.pk],
            "apply": "1",
            "reason": "The statement was about a different night.",
        },
    )
    gone.refresh_from_db()
    assert gone.status == Incident.Status.RETRACTED and gone.retracted_at

    page = client.get(gone.get_absolute_url())
    assert page.status_code == 200
    assert "This incident was retracted" in page.content.decode()
    assert "The statement was about a different night." in page.content.decode()

    overview = client.get(reverse("dashboard:overview"))
    assert overview.context["totals"].intercepted.total == 5
    assert client.get(reverse("dashboard:daily-chart-data")).json()["intercepted"] == [5]
    exported = b"".join(client.get(reverse("dashboard:export-csv")).streaming_content).decode()
    assert [int(r["id"]) for r in csv.DictReader(io.StringIO(exported))] == [kept.pk]
    api_ids = [
        i["id"] for i in client.get(reverse("dashboard:api-incident-list")).json()["results"]
    ]
    assert api_ids == [kept.pk]

    feed = ET.fromstring(client.get(reverse("dashboard:feed")).content)
    assert f"Retracted: {gone}" in [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert "different night" in client.get(reverse("dashboard:corrections")).content.decode()


# Roles --------------------------------------------------------------------------------------


def test_editors_cannot_change_what_is_public(editor_client):
    published = IncidentFactory(intercepted=38)
    response = editor_client.post(change_url(published), change_form(published, intercepted="99"))
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.intercepted == 38
    assert editor_client.get(change_url(published)).status_code == 200  # may still look


def test_editor_cannot_publish_but_a_chief_editor_can(editor_client, client, chief):
    draft = IncidentFactory(status=Incident.Status.DRAFT)
    editor_client.post(change_url(draft), change_form(draft, status="published"))
    draft.refresh_from_db()
    assert draft.status == Incident.Status.DRAFT
    client.force_login(chief, backend="django.contrib.auth.backends.ModelBackend")
    client.post(change_url(draft), change_form(draft, status="published"))
    draft.refresh_from_db()
    assert draft.status == Incident.Status.PUBLISHED


# Duplicates ---------------------------------------------------------------------------------


def test_saving_a_likely_duplicate_shows_the_candidates_and_asks_for_confirmation(editor_client):
    original = IncidentFactory(
        date=dt.date(2026, 3, 1), region=region("RU-KLU"), threat_type=threat("uav")
    )
    source = SourceFactory()
    citation = {
        "source": source.pk,
        "url": "https://t.me/other/9",
        "archive_url": "",
        "quote": "q",
        "published_at_0": "",
        "published_at_1": "",
        "claimed_intercepted": "",
    }
    data = incident_form(citations=[citation])
    response = editor_client.post(reverse("admin:incidents_incident_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "looks like an incident already recorded" in page
    assert change_url(original) in page
    assert Incident.objects.count() == 1

    response = editor_client.post(
        reverse("admin:incidents_incident_add"), {**data, "confirm_not_duplicate": "on"}
    )
    assert response.status_code == 302
    assert Incident.objects.count() == 2

    changelist = editor_client.get(
        reverse("admin:incidents_incident_changelist"), {"duplicates": "yes"}
    )
    assert changelist.context["cl"].result_count == 2


def test_the_same_statement_url_is_a_likely_duplicate(editor_client):
    first = IncidentFactory(date=dt.date(2026, 3, 1), region=region("RU-MOW"))
    url = first.citations.get().url
    IncidentFactory(date=dt.date(2026, 2, 1), region=region("RU-BEL"), cited=False)
    flagged = Incident.objects.likely_duplicates(
        date=dt.date(2026, 1, 1), region=region("RU-TA"), threat_type=threat("uav"), urls=[url]
    )
    assert list(flagged) == [first]


# Verification ---------------------------------------------------------------------------------


def test_verification_level_is_a_badge_a_filter_and_an_export_column(client):
    disputed = IncidentFactory(verification="disputed")
    IncidentFactory()
    assert "badge-disputed" in client.get(disputed.get_absolute_url()).content.decode()
    table = client.get(reverse("dashboard:incident-list"), {"verification": "disputed"})
    assert [i.pk for i in table.context["page"].items] == [disputed.pk]
    rows = b"".join(client.get(reverse("dashboard:export-csv")).streaming_content).decode()
    assert sorted(r["verification"] for r in csv.DictReader(io.StringIO(rows))) == [
        "disputed",
        "official_claim",
    ]


# No lost edits --------------------------------------------------------------------------------


def test_a_save_from_a_stale_form_is_refused_and_shows_the_newer_version(client, chief, editor):
    draft = IncidentFactory(status=Incident.Status.DRAFT, intercepted=10, summary="First words.")
    stale = change_form(draft, intercepted="11", summary="Editor two's change.")  # loaded now

    first = change_form(draft, intercepted="12", summary="Editor one's change.")
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(change_url(draft), first).status_code == 302

    client.force_login(chief, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(change_url(draft), stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "editor saved a newer version of this incident" in page
    assert "reported intercepted: 12" in page and "Editor one&#x27;s change." in page
    draft.refresh_from_db()
    assert (draft.intercepted, draft.summary) == (12, "Editor one's change.")

    # Reloading gives a fresh form that saves.
    response = client.post(change_url(draft), change_form(draft, intercepted="11"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.intercepted == 11


def test_a_citations_own_history_is_viewable_in_the_admin(chief_client):
    incident = IncidentFactory(status=Incident.Status.DRAFT)
    citation = incident.citations.get()
    chief_client.post(
        change_url(incident), change_form(incident, **{"citations-0-quote": "Revised"})
    )
    page = chief_client.get(reverse("admin:incidents_citation_history", args=[citation.pk]))
    assert page.status_code == 200
    words = page_text(page.content.decode())
    assert "Quote: Air defence destroyed the drones over the region. → Revised" in words
