"""Statements through the one door: a citation finds (or makes) the statement of its source and
URL; a statement readers have seen is a chief editor's, with a public note; a stale edit is
refused; every write leaves a revision with its user and reason. And the admin, thin."""

import datetime as dt

import pytest
from django.urls import reverse

from incidents import services
from incidents.choices import Reporting, Status
from incidents.models import Citation, Correction, Statement, StatementTotal
from tests.factories import (
    CitationFactory,
    IncidentFactory,
    SourceFactory,
    StatementFactory,
    citation_form,
    incident_form,
    threat,
)

pytestmark = pytest.mark.django_db


def test_citations_typed_on_incidents_become_claims_of_one_statement(editor_client):
    ministry = SourceFactory(name="Ministry of Defence", kind="ministry")
    url = "https://t.me/mod_russia/1001"
    for region in ("RU-KLU", "RU-TVE"):
        from incidents.models import Region

        response = editor_client.post(
            reverse("admin:incidents_incident_add"),
            incident_form(
                [citation_form(ministry, url, quote="11 – над Калужской", claimed="11")],
                region=Region.objects.get(iso_code=region).pk,
                status="draft",
                confirm_not_duplicate="on",
            ),
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    statement = Statement.objects.get()
    assert (statement.source, statement.url) == (ministry, url)
    assert statement.claims.count() == 2
    claim = statement.claims.first()
    assert (claim.claimed_intercepted, claim.claimed_intercepted_status) == (11, "reported")
    assert statement.history.get().history_user.username == "editor"
    assert statement.date == claim.incident.date


def test_a_statement_readers_saw_takes_a_chief_and_a_public_note(editor, chief):
    citation = CitationFactory(incident=IncidentFactory(cited=False))  # a published incident
    statement = citation.statement
    statement.url = "https://t.me/corrected/1"
    with pytest.raises(services.NotAllowed):
        services.save_statement(by=editor, statement=statement)
    with pytest.raises(services.CorrectionRequired):
        services.save_statement(by=chief, statement=statement)
    services.save_statement(by=chief, statement=statement, correction_note="Wrong link.")

    citation.refresh_from_db()
    assert citation.url == "https://t.me/corrected/1"  # the claim follows its statement
    correction = Correction.objects.get(incident=citation.incident)
    assert correction.note == "Wrong link." and "statement url changed" in correction.changes
    revision = statement.history.latest("history_date")
    assert revision.history_user == chief and "Wrong link." in revision.history_change_reason


def test_a_draft_statement_is_an_editors_and_its_totals_are_kept_with_history(editor):
    statement = StatementFactory()
    total = StatementTotal(threat_type=threat("uav"), intercepted=26, intercepted_status="reported")
    services.save_statement(
        by=editor, statement=statement, totals=services.TotalEdits(added=[total])
    )
    assert list(statement.totals.values_list("intercepted", "intercepted_status")) == [
        (26, "reported")
    ]
    assert total.history.get().history_user == editor


def test_a_stale_statement_edit_is_refused_and_writes_nothing(editor, chief):
    statement = StatementFactory(text="Old words.")
    loaded = statement.updated_at
    other = Statement.objects.get(pk=statement.pk)
    other.text = "Newer words."
    services.save_statement(by=chief, statement=other)
    statement.text = "My words."
    with pytest.raises(services.StaleStatement):
        services.save_statement(by=editor, statement=statement, loaded_version=loaded)
    assert Statement.objects.get(pk=statement.pk).text == "Newer words."


def test_the_same_source_and_url_twice_is_refused(editor):
    first = StatementFactory()
    twin = Statement(source=first.source, url=first.url, date=dt.date(2026, 3, 1))
    with pytest.raises(services.Refused, match="already recorded"):
        services.save_statement(by=editor, statement=twin)
    assert Statement.objects.count() == 1


def test_a_statement_that_supports_incidents_is_not_deleted(chief):
    citation = CitationFactory(incident=IncidentFactory(status=Status.DRAFT, cited=False))
    with pytest.raises(services.Refused):
        services.delete_statement(by=chief, statement=citation.statement)
    assert Statement.objects.filter(pk=citation.statement_id).exists()


def test_the_admin_adds_a_statement_with_its_totals(editor_client):
    source = SourceFactory(name="Ministry of Defence", kind="ministry")
    data = {
        "source": source.pk,
        "language": "ru",
        "url": "https://t.me/mod_russia/2002",
        "archive_url": "",
        "published_at_0": "2026-03-02",
        "published_at_1": "07:05",
        "text": "Перехвачены и уничтожены 26 украинских беспилотных летательных аппаратов.",
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
        "totals-0-intercepted_status": "not_reported",  # a number typed is a number reported
    }
    response = editor_client.post(reverse("admin:incidents_statement_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    statement = Statement.objects.get()
    assert statement.text.startswith("Перехвачены")
    assert list(statement.totals.values_list("intercepted", "intercepted_status")) == [
        (26, Reporting.REPORTED)
    ]
    # The same source and URL again: refused on the form, nothing written.
    response = editor_client.post(reverse("admin:incidents_statement_add"), data)
    assert response.status_code == 200
    assert Statement.objects.count() == 1 and StatementTotal.objects.count() == 1


def test_the_statement_page_shows_its_claims_in_constant_queries(
    editor_client, django_assert_max_num_queries
):
    statement = StatementFactory()
    for _ in range(3):
        CitationFactory(
            incident=IncidentFactory(cited=False),
            source=statement.source,
            url=statement.url,
            claimed_intercepted=4,
        )
    url = reverse("admin:incidents_statement_change", args=[statement.pk])
    with django_assert_max_num_queries(25):
        response = editor_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("/admin/incidents/incident/") >= 3
    assert "no total given: 12 itemised over 1 region" in html  # three claims of 4, one region
    assert Citation.objects.filter(statement=statement).count() == 3


def test_two_totals_for_one_threat_are_refused_whatever_the_path(editor):
    statement = StatementFactory()
    totals = [
        StatementTotal(threat_type=threat("uav"), intercepted=n, intercepted_status="reported")
        for n in (26, 4)
    ]
    with pytest.raises(services.Refused, match="one total per threat"):
        services.save_statement(
            by=editor, statement=statement, totals=services.TotalEdits(added=totals)
        )
    assert not StatementTotal.objects.exists()


def test_a_revision_of_a_statement_is_brought_back_through_the_services(editor_client, editor):
    statement = StatementFactory(text="First words.")
    services.save_statement(by=editor, statement=statement, reason="Created")
    first = statement.history.latest("history_date")
    statement.text = "Second words."
    services.save_statement(by=editor, statement=statement)
    url = reverse("admin:incidents_statement_simple_history", args=[statement.pk, first.history_id])
    form = editor_client.get(url)
    assert form.status_code == 200
    data = {
        "source": statement.source_id,
        "language": "",
        "url": statement.url,
        "archive_url": "",
        "published_at_0": "",
        "published_at_1": "",
        "text": "First words.",
        "date": "2026-03-01",
        "window_start_0": "",
        "window_start_1": "",
        "window_end_0": "",
        "window_end_1": "",
        "correction_note": "",
        "loaded_version": form.context["adminform"].form["loaded_version"].value(),
        "_change_history": "Revert",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement.refresh_from_db()
    assert statement.text == "First words."
    latest = statement.history.latest("history_date")
    assert latest.history_change_reason == "Restored a revision"
    assert latest.history_user == editor


def test_imported_drafts_cite_the_statement_of_their_source_and_url(chief):
    from incidents import importer

    governor = SourceFactory(name="Governor")
    known = StatementFactory(source=governor, url="https://t.me/g/1")
    rows = [
        {
            "date": "2026-03-01",
            "region": region_name,
            "threat_type": "uav",
            "summary": "Drones.",
            "sources": "Governor",
            "source_urls": url,
        }
        for region_name, url in (
            ("Kaluga Oblast", "https://t.me/g/1"),
            ("Tver Oblast", "https://t.me/g/2"),
            ("Pskov Oblast", "https://t.me/g/2"),
        )
    ]
    pending = services.stage_import(by=chief, filename="f.csv", preview=importer.preview(rows))
    services.commit_import(by=chief, pending_id=pending.pk, confirm_duplicates=True)
    claims = Citation.objects.order_by("incident__region__name")
    assert [(c.incident.region.name, c.statement.url) for c in claims] == [
        ("Kaluga Oblast", "https://t.me/g/1"),
        ("Pskov Oblast", "https://t.me/g/2"),
        ("Tver Oblast", "https://t.me/g/2"),
    ]
    assert claims[0].statement == known  # found, not made again
    made = Statement.objects.get(url="https://t.me/g/2")
    assert made.claims.count() == 2 and made.history.get().history_user == chief
