"""The admin speaks the editor's language (their browser's Accept-Language, as Django's own
admin does): our pages, field labels and help, and the refusals the services give."""

import pytest
from django.urls import reverse
from django.utils import translation

from incidents import services
from incidents.choices import Status
from incidents.models import Incident, Region
from tests.factories import IncidentFactory, change_url
from tests.html import form_values

pytestmark = pytest.mark.django_db

RUSSIAN = {"HTTP_ACCEPT_LANGUAGE": "ru"}


def test_the_incident_form_is_in_russian_for_a_russian_editor(chief_client):
    incident = IncidentFactory()
    page = chief_client.get(change_url(incident), **RUSSIAN).content.decode()
    assert '<html lang="ru"' in page
    assert "Регион (или акватория), над которым сообщалось об угрозе." in page
    assert "Region (or water area) over which the threat was reported." not in page
    english = chief_client.get(change_url(incident), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Region (or water area) over which the threat was reported." in english


def test_a_refused_save_says_why_in_russian(chief_client):
    url = reverse("admin:incidents_incident_add")
    values = form_values(chief_client.get(url, **RUSSIAN).content.decode(), "incident_form")
    region = Region.objects.get(iso_code="RU-KLU")
    values.update(
        date=["2026-03-01"],
        region=[str(region.pk)],
        intercepted=["12"],
        summary=["Без цитаты."],
        status=[Status.PUBLISHED],
    )
    values["threat_type"] = [values["threat_type"][0]] if values.get("threat_type") else ["1"]
    response = chief_client.post(url, values, **RUSSIAN)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["__all__"])
    assert "Опубликованному инциденту нужна хотя бы одна цитата" in errors
    assert not Incident.objects.exists()


def test_a_service_refuses_in_the_active_language(editor):
    draft = IncidentFactory(status=Status.DRAFT)
    with translation.override("uk"), pytest.raises(services.NotAllowed) as refused:
        services.publish(by=editor, incidents=Incident.objects.filter(pk=draft.pk))
    assert "Ви не можете публікувати інциденти" in refused.value.message
