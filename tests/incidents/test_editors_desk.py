"""The editors' desk, driven through the real admin views as each role."""

import pytest
from django.urls import reverse

from incidents.choices import Reporting
from incidents.models import Incident
from tests.factories import IncidentFactory, SourceFactory, citation_form, incident_form, region

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:incidents_incident_add")
CHANGELIST_URL = reverse("admin:incidents_incident_changelist")


def error_text(response):
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client):
    for url in (CHANGELIST_URL, ADD_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_editor_adds_an_incident_with_two_citations(editor_client, editor):
    governor, ministry = SourceFactory(name="Governor"), SourceFactory(name="Ministry of Defence")
    response = editor_client.post(
        ADD_URL,
        incident_form(
            citations=[
                citation_form(governor, "https://t.me/governor/1", claimed="40"),
                citation_form(
                    ministry, "https://t.me/mod/2", quote="38 UAVs destroyed", claimed="38"
                ),
            ]
        ),
    )
    assert response.status_code == 302, error_text(response)
    incident = Incident.objects.get()
    assert incident.status == Incident.Status.DRAFT
    assert incident.intercepted == 40
    # Typing a figure marks it as reported; a blank figure stays "not reported", never 0.
    assert incident.intercepted_status == Reporting.REPORTED
    assert incident.injured is None and incident.injured_status == Reporting.NOT_REPORTED
    assert incident.created_by == editor and incident.updated_by == editor
    claims = dict(incident.citations.values_list("source__name", "claimed_intercepted"))
    assert claims == {"Governor": 40, "Ministry of Defence": 38}


def test_change_records_who_changed_it(editor_client, editor, chief):
    incident = IncidentFactory(status=Incident.Status.DRAFT, created_by=chief, updated_by=chief)
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    data = incident_form(
        intercepted="41",
        intercepted_status=Reporting.REPORTED,
        loaded_version=incident.updated_at.isoformat(),
    )
    data.update({"citations-TOTAL_FORMS": "0"})
    response = editor_client.post(url, data)
    assert response.status_code == 302, error_text(response)
    incident.refresh_from_db()
    assert (incident.intercepted, incident.created_by, incident.updated_by) == (41, chief, editor)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": "2999-01-01"}, "The date is in the future"),
        ({"intercepted": "-3"}, "greater than or equal to 0"),
        (
            {
                "window_start_0": "2026-03-01",
                "window_start_1": "07:00:00",
                "window_end_0": "2026-02-28",
                "window_end_1": "20:00:00",
            },
            "The reporting window ends before it starts",
        ),
        (
            {"intercepted": "", "intercepted_status": Reporting.REPORTED},
            "Enter the reported intercepted figure",
        ),
    ],
)
def test_admin_form_explains_bad_input(editor_client, overrides, message):
    response = editor_client.post(ADD_URL, incident_form(**overrides))
    assert response.status_code == 200
    assert message in error_text(response)
    assert not Incident.objects.exists()


def test_publishing_without_a_citation_is_refused_in_the_form(chief_client):
    response = chief_client.post(ADD_URL, incident_form(status=Incident.Status.PUBLISHED))
    assert response.status_code == 200
    assert "A published incident needs at least one citation" in error_text(response)
    assert not Incident.objects.exists()


def test_chief_editor_can_add_and_publish_in_one_step(chief_client):
    source = SourceFactory()
    response = chief_client.post(
        ADD_URL,
        incident_form(
            status=Incident.Status.PUBLISHED, citations=[citation_form(source, "https://t.me/x/1")]
        ),
    )
    assert response.status_code == 302, error_text(response)
    incident = Incident.objects.get()
    assert incident.status == Incident.Status.PUBLISHED
    assert incident.published_at is not None


def run_action(client, action, incidents, follow=True, **extra):
    return client.post(
        CHANGELIST_URL,
        {"action": action, "_selected_action": [i.pk for i in incidents], **extra},
        follow=follow,
    )


def test_publish_action_refuses_incidents_without_a_citation(chief_client, chief):
    cited = IncidentFactory(status=Incident.Status.DRAFT)
    uncited = IncidentFactory(status=Incident.Status.DRAFT, cited=False)
    response = run_action(chief_client, "publish_selected", [cited, uncited])
    messages = [str(m) for m in response.context["messages"]]
    assert "1 incident published." in messages
    assert any("needs at least one citation" in m and str(uncited) in m for m in messages)
    cited.refresh_from_db()
    uncited.refresh_from_db()
    assert cited.status == Incident.Status.PUBLISHED and cited.updated_by == chief
    assert cited.published_at is not None
    assert uncited.status == Incident.Status.DRAFT


def test_retract_and_republish_actions_ask_for_a_public_note(client, chief_client):
    second = IncidentFactory()
    assert "unpublish_selected" not in error_text(chief_client.get(CHANGELIST_URL))

    # Retracting asks for a reason first, and changes nothing until it is given.
    response = run_action(chief_client, "retract_selected", [second], follow=False)
    assert response.status_code == 200
    assert "Retract incidents" in error_text(response)
    second.refresh_from_db()
    assert second.status == Incident.Status.PUBLISHED

    run_action(
        chief_client,
        "retract_selected",
        [second],
        apply="1",
        reason="The governor withdrew the statement.",
    )
    second.refresh_from_db()
    assert second.status == Incident.Status.RETRACTED
    assert second.retraction_reason == "The governor withdrew the statement."

    # Re-publishing asks for its reason the same way, and readers see it, dated.
    response = run_action(chief_client, "republish_selected", [second], follow=False)
    assert response.status_code == 200 and "Re-publish incidents" in error_text(response)
    run_action(
        chief_client,
        "republish_selected",
        [second],
        apply="1",
        reason="The governor confirmed the statement after all.",
    )
    second.refresh_from_db()
    assert second.status == Incident.Status.PUBLISHED and not second.retraction_reason
    page = error_text(client.get(second.get_absolute_url()))
    assert "The governor confirmed the statement after all." in page
    assert "status: retracted → published" in page


def test_editors_cannot_publish(editor_client):
    draft = IncidentFactory(status=Incident.Status.DRAFT)
    response = editor_client.get(CHANGELIST_URL)
    assert "publish_selected" not in error_text(response)
    response = run_action(editor_client, "publish_selected", [draft])
    draft.refresh_from_db()
    assert draft.status == Incident.Status.DRAFT
    # The status field is shown, not editable.
    page = editor_client.get(reverse("admin:incidents_incident_change", args=[draft.pk]))
    assert 'name="status"' not in page.content.decode()


def test_editor_cannot_delete_a_published_incident(editor_client):
    published = IncidentFactory()
    response = editor_client.post(
        reverse("admin:incidents_incident_delete", args=[published.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    response = run_action(editor_client, "delete_selected", [published], post="yes")
    assert response.status_code == 403
    assert Incident.objects.filter(pk=published.pk).exists()


def test_editor_can_delete_a_draft(editor_client):
    draft = IncidentFactory(status=Incident.Status.DRAFT)
    response = editor_client.post(
        reverse("admin:incidents_incident_delete", args=[draft.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Incident.objects.filter(pk=draft.pk).exists()


def test_changelist_search_finds_russian_region_names_and_quotes(editor_client):
    kaluga = IncidentFactory(region=region("RU-KLU"))
    IncidentFactory(region=region("RU-BEL"))
    response = editor_client.get(CHANGELIST_URL, {"q": "Калужская"})
    assert list(response.context["cl"].result_list) == [kaluga]
    response = editor_client.get(CHANGELIST_URL, {"q": "destroyed the drones"})
    assert response.context["cl"].result_count == 2


def test_region_autocomplete_answers_editors(editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "incidents",
            "model_name": "incident",
            "field_name": "region",
            "term": "Kalu",
        },
    )
    assert response.status_code == 200
    assert "Kaluga Oblast" in [r["text"] for r in response.json()["results"]]
