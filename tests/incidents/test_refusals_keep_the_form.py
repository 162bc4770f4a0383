"""A refused write never loses the editor's work: the form comes back (200) with the refusal
as an error on the field it concerns (or on the whole form), and every value as typed.

Every admin form whose save calls a service that can refuse, driven through the real admin:
the page is read as a browser would read it, values are typed into it, it is posted, and the
page that comes back is read again. The forms: the incident's add, change and revert forms
(save_incident, restore_revision), the citation's add, change and revert forms (save_citation),
and the import's commit form (commit_import). The retract and re-publish actions' reason form
is refused only for an empty reason, which the form itself answers; deletions and the other
actions take nothing typed (a refusal there is a message on the page).
"""

import pytest
from django.urls import reverse

from incidents import services
from incidents.choices import Reporting, Status
from incidents.models import Citation, Correction, Incident
from tests.factories import IncidentFactory, SourceFactory, change_url
from tests.html import form_values

pytestmark = pytest.mark.django_db


def typed_by_the_editor(values):
    # The page's own token, and the past corrections' (read-only) management form.
    return {
        k: v for k, v in values.items() if k != "csrfmiddlewaretoken" and "corrections-" not in k
    }


def open_form(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200
    return form_values(response.content.decode(), form_id)


def post_refused(client, url, form_id, values, shown_as=None):
    """Post `values`; the form must come back with everything as posted (or as `shown_as`).
    Returns its errors."""
    response = client.post(url, values)
    assert response.status_code == 200, response.get("Location")
    shown = form_values(response.content.decode(), form_id)
    kept = typed_by_the_editor(shown_as or values)
    assert {k: shown.get(k) for k in kept} == kept
    form = response.context["adminform"].form
    return {name: " ".join(errors) for name, errors in form.errors.items()}


def typed(values, **changes):
    return {**values, **{name: [value] for name, value in changes.items()}}


def test_a_refused_change_keeps_the_incident_form_and_the_number_typed_reads_as_reported(
    chief_client,
):
    incident = IncidentFactory(intercepted=None)  # published, intercepted: not reported
    url = change_url(incident)
    values = open_form(chief_client, url, "incident_form")
    assert values["intercepted_status"] == [Reporting.NOT_REPORTED]
    values = typed(
        values,
        intercepted="41",  # typed beside "not reported": a number means it was reported
        summary="Typed by the editor.",
        **{"citations-0-quote": "Typed quote."},
    )
    shown_as = typed(values, intercepted_status=Reporting.REPORTED)
    errors = post_refused(chief_client, url, "incident_form", values, shown_as)
    assert "Add a correction note" in errors["correction_note"]
    assert Incident.objects.get(pk=incident.pk).intercepted is None


def test_a_stale_save_keeps_the_incident_form_and_names_the_newer_version(chief_client, chief):
    incident = IncidentFactory(status=Status.DRAFT, summary="Before.")
    url = change_url(incident)
    values = typed(open_form(chief_client, url, "incident_form"), summary="Mine.")
    meanwhile = Incident.objects.get(pk=incident.pk)
    meanwhile.summary = "Someone else's."
    services.save_incident(by=chief, incident=meanwhile)
    errors = post_refused(chief_client, url, "incident_form", values)
    assert "saved a newer version" in errors["__all__"]
    assert Incident.objects.get(pk=incident.pk).summary == "Someone else's."


def test_a_refused_new_incident_keeps_the_add_form(chief_client):
    url = reverse("admin:incidents_incident_add")
    values = open_form(chief_client, url, "incident_form")
    region = Incident._meta.get_field("region").related_model.objects.get(iso_code="RU-KLU")
    values = typed(
        values,
        date="2026-03-01",
        region=str(region.pk),
        intercepted="12",
        summary="Published without a citation.",
        status=Status.PUBLISHED,
    )
    values["threat_type"] = [values["threat_type"][0]] if values.get("threat_type") else ["1"]
    shown_as = typed(values, intercepted_status=Reporting.REPORTED)
    errors = post_refused(chief_client, url, "incident_form", values, shown_as)
    assert "needs at least one citation" in errors["__all__"]
    assert not Incident.objects.exists()


def test_a_refused_restore_keeps_the_revert_form(chief_client, chief):
    incident = IncidentFactory(intercepted=38)
    incident.intercepted = 40
    services.save_incident(by=chief, incident=incident, correction_note="Revised.")
    first = incident.history.earliest("history_date")
    url = reverse("admin:incidents_incident_simple_history", args=[incident.pk, first.history_id])
    form_id = "historicalincident_form"
    values = typed(open_form(chief_client, url, form_id), summary="Typed on restore.")
    assert values["intercepted"] == ["38"]
    errors = post_refused(chief_client, url, form_id, values)
    assert "Add a correction note" in errors["correction_note"]
    assert Incident.objects.get(pk=incident.pk).intercepted == 40


@pytest.mark.parametrize("role", ["editor", "chief"])
def test_a_refused_citation_keeps_the_citation_add_form(request, client, role):
    client.force_login(request.getfixturevalue(role))
    published = IncidentFactory()
    url = reverse("admin:incidents_citation_add")
    values = typed(
        open_form(client, url, "citation_form"),
        incident=str(published.pk),
        source=str(SourceFactory(name="Ministry").pk),
        url="https://t.me/mod/77",
        quote="Typed quote.",
        claimed_intercepted="7",
    )
    errors = post_refused(client, url, "citation_form", values)
    if role == "chief":
        assert "Add a correction note" in errors["correction_note"]
    else:
        assert "chief editor" in errors["__all__"]
    assert published.citations.count() == 1


def test_a_refused_citation_change_keeps_the_citation_form(chief_client):
    citation = IncidentFactory().citations.get()
    url = reverse("admin:incidents_citation_change", args=[citation.pk])
    values = typed(open_form(chief_client, url, "citation_form"), quote="Typed quote.")
    errors = post_refused(chief_client, url, "citation_form", values)
    assert "Add a correction note" in errors["correction_note"]
    assert Citation.objects.get(pk=citation.pk).quote != "Typed quote."


def test_a_refused_citation_restore_keeps_the_revert_form(chief_client, chief):
    citation = IncidentFactory().citations.get()
    citation.quote = "Later words."
    services.save_citation(by=chief, citation=citation, correction_note="Requoted.")
    first = citation.history.earliest("history_date")
    url = reverse("admin:incidents_citation_simple_history", args=[citation.pk, first.history_id])
    form_id = "historicalcitation_form"
    values = typed(open_form(chief_client, url, form_id), archive_url="https://a.org/1")
    errors = post_refused(chief_client, url, form_id, values)
    assert "Add a correction note" in errors["correction_note"]
    assert Citation.objects.get(pk=citation.pk).quote == "Later words."
    assert Correction.objects.count() == 1
