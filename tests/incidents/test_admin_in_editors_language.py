"""The admin speaks the editor's language (their browser's Accept-Language, as Django's own
admin does): our pages, field labels and help, and the refusals the services give."""

import re

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


BAD_ROWS = (
    "date,region,threat_type,intercepted,summary,sources,source_urls\r\n"
    "2026-02-30,Atlantis,ufo,-4,x,,\r\n"
    "2026-03-01,RU-KLU,uav,lots,x,Nobody,https://t.me/a;https://t.me/b\r\n"
)


def without_columns(texts):
    """The texts less the file's column names (code, the same in every language)."""
    from incidents.importer import TEMPLATE_COLUMNS

    columns = "|".join(sorted(TEMPLATE_COLUMNS, key=len, reverse=True))
    names = re.compile(rf"\b(?:{columns})\b")
    return [names.sub("", text) for text in texts]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["неверная дата '2026-02-30'", "неизвестный регион 'Atlantis'", "нет источника"]),
        ("uk", ["неправильна дата '2026-02-30'", "невідомий регіон 'Atlantis'", "немає джерела"]),
    ],
)
def test_an_imports_row_errors_are_in_the_editors_language(chief_client, language, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.dashboard.test_pages_in_each_language import english_in

    url = reverse("admin:incidents_incident_import")
    upload = SimpleUploadedFile("rows.csv", BAD_ROWS.encode(), content_type="text/csv")
    response = chief_client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE=language)
    errors = [error for row in response.context["preview"].rows for error in row.errors]
    assert len(errors) >= 7, errors  # date, region, threat, count, source; count, source/URLs
    for text in expected:
        assert any(error.startswith(text) for error in errors), (text, errors)
    assert not english_in(without_columns(errors)), errors
    # The file as a whole refused: also in the editor's words.
    wrong = SimpleUploadedFile("rows.txt", b"date\r\n", content_type="text/plain")
    response = chief_client.post(url, {"file": wrong}, HTTP_ACCEPT_LANGUAGE=language)
    refused = response.context["upload_form"].errors["file"]
    assert refused and not english_in(without_columns(refused)), refused


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "Дата в будущем"), ("uk", "Дата в майбутньому"), ("en", "The date is in the future")],
)
def test_the_models_own_rules_answer_in_the_editors_language(language, expected):
    import datetime as dt

    from django.core.exceptions import ValidationError

    incident = IncidentFactory.build(date=dt.date.today() + dt.timedelta(days=30))
    with translation.override(language), pytest.raises(ValidationError) as refused:
        incident.clean()
    assert refused.value.message_dict["date"][0].startswith(expected)


def test_a_statement_that_supports_incidents_is_kept_in_ukrainian(chief):
    from tests.factories import CitationFactory

    statement = CitationFactory().statement
    with translation.override("uk"), pytest.raises(services.Refused) as refused:
        services.delete_statement(by=chief, statement=statement)
    assert refused.value.message.startswith("На цю заяву спираються інциденти")


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_the_editors_pages_have_no_english_left(chief_client, language):
    """The incident's and the statement's lists, forms and histories, the intake and the
    import, checked as the public pages are (English msgids, in any case: the admin writes a
    field's name with a capital; the vocabularies' English names). The English-name columns of
    the vocabularies' own pages are left out: they are the English names, by design."""
    from incidents.models import Correction
    from tests.dashboard.test_pages_in_each_language import untranslated
    from tests.factories import CitationFactory

    incident = CitationFactory().incident
    Correction.objects.create(incident=incident, kind="correction", note="Пересчитано.")
    statement = incident.citations.get().statement
    pages = [
        reverse("admin:index"),
        reverse("admin:incidents_incident_changelist") + "?q=x",
        change_url(incident),
        reverse("admin:incidents_incident_history", args=[incident.pk]),
        reverse("admin:incidents_statement_changelist"),
        reverse("admin:incidents_statement_change", args=[statement.pk]),
        reverse("admin:incidents_statement_history", args=[statement.pk]),
        reverse("admin:incidents_statement_intake"),
        reverse("admin:incidents_incident_import"),
    ]
    left = {}
    for url in pages:
        response = chief_client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert f'<html lang="{language}"' in page, url
        left[url] = untranslated(page, any_case=True)
    assert not any(left.values()), {url: found for url, found in left.items() if found}


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_a_correction_lists_its_changes_in_the_editors_language(chief, language):
    """A correction's changes are stored in the language of the editor who writes its note:
    labels, values, damage types and citations, none left in English."""
    from incidents.models import Correction
    from tests.dashboard.test_pages_in_each_language import english_in
    from tests.factories import CitationFactory, damage

    incident = CitationFactory(incident=IncidentFactory(intercepted=38)).incident
    stored = Incident.objects.get(pk=incident.pk)
    stored.intercepted = 40
    removed = stored.citations.order_by("pk").last()
    with translation.override(language):
        services.save_incident(
            by=chief,
            incident=stored,
            damage_types=damage("fire"),
            citations=services.CitationEdits(deleted=[removed]),
            correction_note="Пересчитано.",
        )
    listed = Correction.objects.get().changes
    assert "38 → 40" in listed and removed.url in listed
    assert not english_in([listed.replace(removed.url, "")]), listed


def test_a_citations_correction_gives_readers_the_editors_note_as_written(chief):
    """A correction made on a citation of its own (the citation admin) says the editor's note,
    not the revision's English reason around it ("Citations changed; corrected: ...")."""
    from incidents.models import Correction
    from tests.factories import CitationFactory

    citation = CitationFactory(incident=IncidentFactory(), claimed_intercepted=10)
    citation.claimed_intercepted = 12
    with translation.override("ru"):
        services.save_citation(by=chief, citation=citation, correction_note="Губернатор уточнил.")
    correction = Correction.objects.get()
    assert correction.note == "Губернатор уточнил."
    assert correction.changes.startswith("цитата источника")


def test_the_history_says_why_in_the_editors_language(chief):
    """A revision's reason is written in the language of the editor who made it (the history
    page showed "Published", "Retracted: ..." to a Ukrainian editor)."""
    from incidents.services import retract

    draft = IncidentFactory(status=Status.DRAFT)
    with translation.override("uk"):
        services.publish(by=chief, incidents=Incident.objects.filter(pk=draft.pk))
        retract(by=chief, incidents=Incident.objects.filter(pk=draft.pk), reason="Дубль.")
    reasons = list(draft.history.order_by("history_id").values_list("history_change_reason"))
    assert reasons[-2:] == [("Опубліковано",), ("Відкликано: Дубль.",)]
