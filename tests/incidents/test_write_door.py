"""Every path that can change what the public sees goes through the services' gate.

Driven through the real admin views, as an editor and as a chief editor: citations added,
changed, moved and deleted on their own; revisions restored from the history. Refused writes
leave the public page and the database as they were.
"""

import pytest
from django.test import Client
from django.urls import reverse

from incidents import services
from incidents.models import Citation, Correction, Incident
from tests.factories import (
    CitationFactory,
    IncidentFactory,
    SourceFactory,
    change_form,
    change_url,
)

pytestmark = pytest.mark.django_db

CITATION_ADD = reverse("admin:incidents_citation_add")


def citation_change_url(citation):
    return reverse("admin:incidents_citation_change", args=[citation.pk])


def citation_delete_url(citation):
    return reverse("admin:incidents_citation_delete", args=[citation.pk])


def citation_post(citation=None, **overrides):
    """The citation admin's form, as a browser posts it."""
    data = {
        "incident": citation.incident_id if citation else "",
        "source": citation.source_id if citation else "",
        "url": citation.url if citation else "",
        "archive_url": "",
        "quote": citation.quote if citation else "",
        "published_at_0": "",
        "published_at_1": "",
        "claimed_intercepted": "",
        "correction_note": "",
    }
    data.update(overrides)
    return data


def public_state(client, incident):
    """What a reader sees of the incident, and what the database holds of its citations."""
    page = client.get(incident.get_absolute_url()).content
    rows = sorted(Citation.objects.filter(incident=incident).values_list("id", "url", "quote"))
    return page, rows, Correction.objects.count()


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def form_errors(response):
    """The errors of the form shown again (status 200), by field ("__all__": the whole form)."""
    assert response.status_code == 200
    form = response.context["adminform"].form
    return {name: [str(error) for error in errors] for name, errors in form.errors.items()}


@pytest.fixture
def published():
    return IncidentFactory(intercepted=40, summary="Forty drones over Kaluga.")


@pytest.fixture
def draft_citation():
    draft = IncidentFactory(status=Incident.Status.DRAFT, intercepted=3)
    return draft.citations.get()


# An editor is refused on every path, and nothing changes -------------------------------------


def test_an_editor_cannot_add_a_citation_to_a_published_incident(client, editor_client, published):
    before = public_state(client, published)
    response = editor_client.post(
        CITATION_ADD,
        citation_post(
            incident=published.pk,
            source=SourceFactory().pk,
            url="https://t.me/other/9",
            quote="Fifty drones, says another official.",
            claimed_intercepted="50",
        ),
    )
    assert "chief editor" in form_errors(response)["__all__"][0]
    assert public_state(client, published) == before


def test_an_editor_cannot_change_a_published_incidents_citation(client, editor_client, published):
    citation = published.citations.get()
    before = public_state(client, published)
    response = editor_client.post(
        citation_change_url(citation), citation_post(citation, quote="Words never said.")
    )
    assert response.status_code == 403
    assert public_state(client, published) == before


def test_an_editor_cannot_move_a_drafts_citation_onto_a_published_incident(
    client, editor_client, published, draft_citation
):
    before = public_state(client, published)
    response = editor_client.post(
        citation_change_url(draft_citation),
        citation_post(draft_citation, incident=published.pk),
    )
    assert "chief editor" in form_errors(response)["__all__"][0]
    assert public_state(client, published) == before
    draft_citation.refresh_from_db()
    assert draft_citation.incident.status == Incident.Status.DRAFT


def test_an_editor_cannot_delete_a_published_incidents_citation(client, editor_client, published):
    CitationFactory(incident=published)  # not even one of two
    citation = published.citations.first()
    before = public_state(client, published)
    response = editor_client.post(citation_delete_url(citation), {"post": "yes"})
    assert response.status_code == 403
    assert public_state(client, published) == before


# A chief editor may, and readers are told -----------------------------------------------------


def test_a_chief_editor_adds_a_citation_to_a_published_incident_with_a_correction_note(
    client, chief_client, published
):
    source = SourceFactory(name="Ministry of Defence")
    data = citation_post(
        incident=published.pk,
        source=source.pk,
        url="https://t.me/mod/10",
        quote="38 drones destroyed over Kaluga Oblast.",
        claimed_intercepted="38",
    )
    refused = chief_client.post(CITATION_ADD, data)
    assert "Add a correction note" in form_errors(refused)["correction_note"][0]
    assert published.citations.count() == 1 and not Correction.objects.exists()

    data["correction_note"] = "The ministry gave a different count."
    assert chief_client.post(CITATION_ADD, data).status_code == 302
    assert published.citations.count() == 2
    correction = Correction.objects.get(incident=published)
    assert "citation added: Ministry of Defence" in correction.changes
    page = client.get(published.get_absolute_url()).content.decode()
    assert "The ministry gave a different count." in page
    assert "38 drones destroyed over Kaluga Oblast." in page


def test_a_chief_editor_moves_a_citation_and_both_incidents_rules_apply(
    chief_client, published, draft_citation
):
    data = citation_post(
        draft_citation, incident=published.pk, correction_note="A second statement, moved."
    )
    assert chief_client.post(citation_change_url(draft_citation), data).status_code == 302
    draft_citation.refresh_from_db()
    assert draft_citation.incident == published
    assert Correction.objects.filter(incident=published).count() == 1


def test_the_last_citation_of_a_published_incident_cannot_be_deleted_by_anyone(
    client, chief_client, published
):
    citation = published.citations.get()
    before = public_state(client, published)
    # Not on its own (a public incident's citations are removed on its form, with a note) ...
    assert chief_client.post(citation_delete_url(citation), {"post": "yes"}).status_code == 403
    # ... nor on the incident's form, even with a note.
    data = change_form(published, correction_note="Removed.", **{"citations-0-DELETE": "on"})
    response = chief_client.post(change_url(published), data)
    assert "needs at least one citation" in form_errors(response)["__all__"][0]
    assert public_state(client, published) == before


def test_a_chief_editor_removes_one_of_two_citations_from_the_incident_with_a_note(
    client, chief_client, published
):
    data = change_form(published)  # its first citation, as loaded
    extra = CitationFactory(incident=published, url="https://t.me/wrong/1", quote="Mis-cited.")
    data.update(
        {
            "citations-TOTAL_FORMS": "2",
            "citations-INITIAL_FORMS": "2",
            "citations-1-id": extra.pk,
            "citations-1-incident": published.pk,
            "citations-1-source": extra.source_id,
            "citations-1-url": extra.url,
            "citations-1-archive_url": "",
            "citations-1-quote": extra.quote,
            "citations-1-published_at_0": "",
            "citations-1-published_at_1": "",
            "citations-1-claimed_intercepted": "",
            "citations-1-DELETE": "on",
        }
    )
    refused = chief_client.post(change_url(published), data)
    assert refused.status_code == 200 and "Add a correction note" in refused.content.decode()
    assert published.citations.count() == 2

    data["correction_note"] = "A statement about another region was cited by mistake."
    assert chief_client.post(change_url(published), data).status_code == 302
    assert list(published.citations.values_list("url", flat=True)) != [extra.url]
    assert published.citations.count() == 1
    assert "citation removed" in Correction.objects.get(incident=published).changes
    assert "Mis-cited." not in client.get(published.get_absolute_url()).content.decode()


# Restoring a revision --------------------------------------------------------------------------


def revert_url(incident, revision):
    return reverse(
        "admin:incidents_incident_simple_history", args=[incident.pk, revision.history_id]
    )


@pytest.mark.django_db(transaction=True)
def test_restoring_a_revision_outside_a_test_transaction_works_for_a_chief_editor(seeded, chief):
    """The history view runs outside any transaction of Django's admin: it used to answer 500
    (SELECT ... FOR UPDATE outside a transaction), which a test wrapped in one never saw."""
    client = Client()
    client.force_login(chief, backend="django.contrib.auth.backends.ModelBackend")
    incident = IncidentFactory(intercepted=38)
    client.post(
        change_url(incident),
        change_form(incident, intercepted="40", correction_note="Revised to 40."),
    )
    old = incident.history.filter(intercepted=38).earliest("history_date")
    form = client.get(revert_url(incident, old)).context["adminform"].form
    data = change_form(incident, intercepted="38", loaded_version=form["loaded_version"].value())
    data["correction_note"] = "Back to the governor's first count."
    del data["citations-TOTAL_FORMS"]  # the revert form has no inline citations
    response = client.post(revert_url(incident, old), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    incident.refresh_from_db()
    assert incident.intercepted == 38 and incident.status == Incident.Status.PUBLISHED
    latest = incident.history.latest("history_date")
    assert latest.history_user == chief
    assert latest.history_change_reason.startswith("Restored the revision of")
    assert "Back to the governor's first count." in latest.history_change_reason
    correction = Correction.objects.filter(incident=incident).latest("created_at")
    assert "reported intercepted: 40 → 38" in correction.changes


def test_an_editor_cannot_restore_a_revision_of_a_published_incident(client, editor_client, chief):
    incident = IncidentFactory(status=Incident.Status.DRAFT, intercepted=38)  # revision: 38
    incident.intercepted = 40
    services.save_incident(by=chief, incident=incident)
    services.publish(by=chief, incidents=Incident.objects.filter(pk=incident.pk))
    old = incident.history.filter(intercepted=38).earliest("history_date")
    before = public_state(client, incident)
    data = change_form(incident, intercepted="38", status="draft")
    assert editor_client.post(revert_url(incident, old), data).status_code == 403
    stored = Incident.objects.get(pk=incident.pk)
    assert (stored.intercepted, stored.status) == (40, Incident.Status.PUBLISHED)
    assert public_state(client, incident) == before


def test_a_revision_id_that_is_not_a_number_is_a_404_not_a_500(chief_client, published):
    for version in ("abc", "²", "9" * 30):
        url = f"/admin/incidents/incident/{published.pk}/history/{version}/"
        assert chief_client.get(url).status_code == 404
