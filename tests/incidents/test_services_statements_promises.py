"""What the statement and import services promise, read where editors and readers meet it: a
citation finds the statement of its own source and URL (or makes one, dated as its incident);
a statement and an import name who wrote them and why; a refusal says what happened. Written
for the mutants of incidents/services/ the other tests let live (docs/mutation.md)."""

import datetime as dt

import pytest
from django.urls import reverse

from incidents import importer, services
from incidents.choices import Reporting, Status
from incidents.models import Citation, Incident, Statement, StatementTotal
from tests.factories import (
    CitationFactory,
    IncidentFactory,
    SourceFactory,
    StatementFactory,
    damage,
    threat,
)

pytestmark = pytest.mark.django_db

COMMAND = services.Command("a test")
UTC = dt.UTC
EVENING, MORNING = dt.datetime(2026, 2, 28, 17, tzinfo=UTC), dt.datetime(2026, 3, 1, 4, tzinfo=UTC)


def latest(history):
    return history.order_by("history_date", "history_id").last()


def draft_citation(incident, **values):
    """A new citation on `incident`, saved as the citation admin saves it."""
    citation = Citation(incident=incident, quote="Drones over the region.", **values)
    services.save_citation(by=COMMAND, citation=citation)
    return Citation.objects.get(pk=citation.pk)


# A citation's statement --------------------------------------------------------------------------


def test_a_citation_given_only_its_statement_takes_its_source_and_url():
    statement = StatementFactory(url="https://t.me/m/1")
    citation = draft_citation(IncidentFactory(status=Status.DRAFT), statement=statement)
    assert (citation.source_id, citation.url) == (statement.source_id, "https://t.me/m/1")
    assert citation.statement == statement
    assert Statement.objects.count() == 2  # the factory incident's own, and this one


def test_a_citation_given_its_statement_and_url_takes_the_statements_source():
    statement = StatementFactory(url="https://t.me/m/1")
    citation = draft_citation(
        IncidentFactory(status=Status.DRAFT), statement=statement, url=statement.url
    )
    assert (citation.source_id, citation.statement_id) == (statement.source_id, statement.pk)


def test_a_citation_moved_to_another_url_cites_the_statement_at_that_url(editor):
    citation = IncidentFactory(status=Status.DRAFT).citations.get()
    old = citation.statement
    citation.url = "https://t.me/governor/moved"
    services.save_citation(by=editor, citation=citation)
    citation = Citation.objects.get(pk=citation.pk)
    assert citation.url == "https://t.me/governor/moved"
    assert (citation.statement.source_id, citation.statement.url) == (
        old.source_id,
        "https://t.me/governor/moved",
    )


def test_a_citation_never_cites_another_sources_statement_or_another_url():
    ministry, governor = SourceFactory(name="Ministry"), SourceFactory(name="Governor")
    StatementFactory(source=ministry, url="https://t.me/shared/1")
    StatementFactory(source=governor, url="https://t.me/governor/other")
    citation = draft_citation(
        IncidentFactory(status=Status.DRAFT), source=governor, url="https://t.me/shared/1"
    )
    assert (citation.statement.source, citation.statement.url) == (
        governor,
        "https://t.me/shared/1",
    )


def test_a_statement_made_from_a_citation_is_dated_and_linked_as_it():
    incident = IncidentFactory(status=Status.DRAFT, window_start=EVENING, window_end=MORNING)
    published = dt.datetime(2026, 3, 1, 6, tzinfo=UTC)
    citation = draft_citation(
        incident,
        source=SourceFactory(name="Governor"),
        url="https://t.me/governor/9",
        archive_url="https://archive.org/9",
        published_at=published,
    )
    statement = citation.statement
    assert (statement.date, statement.window_start, statement.window_end) == (
        incident.date,
        EVENING,
        MORNING,
    )
    assert (statement.archive_url, statement.published_at) == ("https://archive.org/9", published)
    revision = statement.history.get()
    assert revision.history_change_reason == (
        "Made from a citation: Citations changed (manage.py a test)"
    )


def test_a_citation_without_archive_link_or_time_shows_its_statements():
    published = dt.datetime(2026, 3, 1, 6, tzinfo=UTC)
    statement = StatementFactory(archive_url="https://archive.org/1", published_at=published)
    citation = draft_citation(
        IncidentFactory(status=Status.DRAFT), source=statement.source, url=statement.url
    )
    assert (citation.archive_url, citation.published_at) == ("https://archive.org/1", published)
    own = draft_citation(
        IncidentFactory(status=Status.DRAFT),
        source=statement.source,
        url=statement.url,
        archive_url="https://archive.org/own",
    )
    assert own.archive_url == "https://archive.org/own"


def test_a_number_claimed_is_a_number_reported():
    citation = draft_citation(
        IncidentFactory(status=Status.DRAFT),
        source=SourceFactory(name="Governor"),
        url="https://t.me/governor/9",
        claimed_intercepted=5,
        claimed_intercepted_status=Reporting.NOT_REPORTED,
    )
    assert (citation.claimed_intercepted, citation.claimed_intercepted_status) == (
        5,
        Reporting.REPORTED,
    )


# A statement's revisions and refusals -----------------------------------------------------------


def test_a_statement_names_who_entered_it_and_who_changed_it_last(editor, chief):
    statement = Statement(source=SourceFactory(), url="https://t.me/m/1", date=dt.date(2026, 3, 1))
    services.save_statement(by=editor, statement=statement)
    statement.text = "Other words."
    services.save_statement(by=chief, statement=statement)
    statement = Statement.objects.get(pk=statement.pk)
    assert (statement.created_by, statement.updated_by) == (editor, chief)
    unnamed = StatementFactory()  # entered by no editor (a migration's statements)
    unnamed.text = "Other words."
    services.save_statement(by=chief, statement=unnamed)
    assert Statement.objects.get(pk=unnamed.pk).created_by is None


def test_a_command_changing_a_statement_is_named_in_its_revision():
    statement = StatementFactory()
    statement.text = "Other words."
    services.save_statement(by=COMMAND, statement=statement)
    assert latest(statement.history).history_change_reason == "Changed (manage.py a test)"


def test_a_stale_statement_edit_names_who_saved_the_newer_version(editor, chief):
    statement = StatementFactory(text="Old words.")
    loaded = statement.updated_at
    other = Statement.objects.get(pk=statement.pk)
    other.text = "Newer words."
    services.save_statement(by=chief, statement=other)
    statement.text = "My words."
    with pytest.raises(services.StaleStatement) as refused:
        services.save_statement(by=editor, statement=statement, loaded_version=loaded)
    assert refused.value.message == (
        "chief saved a newer version of this statement while you were editing; your changes "
        "were not saved. Open it again and apply your change."
    )
    assert refused.value.current.text == "Newer words."


def test_a_stale_statement_edit_after_an_unnamed_write_says_someone(editor):
    statement = StatementFactory()
    with pytest.raises(services.StaleStatement) as refused:
        services.save_statement(
            by=editor,
            statement=statement,
            loaded_version=statement.updated_at - dt.timedelta(seconds=1),
        )
    assert refused.value.message.startswith("Someone saved a newer version of this statement")


def seen_statement(**values):
    """A statement supporting a published incident, with one total of 26 UAVs."""
    citation = CitationFactory(incident=IncidentFactory(cited=False))
    StatementTotal.objects.create(
        statement=citation.statement,
        threat_type=threat("uav"),
        intercepted=26,
        intercepted_status=Reporting.REPORTED,
    )
    return Statement.objects.get(pk=citation.statement_id)


def test_a_seen_statements_window_or_totals_changed_are_named_in_the_refusal(chief):
    statement = seen_statement()
    statement.window_start = EVENING
    total = statement.totals.get()
    total.intercepted = 30
    with pytest.raises(services.CorrectionRequired) as refused:
        services.save_statement(
            by=chief, statement=statement, totals=services.TotalEdits(changed=[total])
        )
    assert refused.value.changes == [
        "statement window start changed",
        "statement totals changed",
    ]


def test_a_seen_statements_change_is_followed_by_its_citations_with_their_own_revision(chief):
    statement = seen_statement()
    citation = statement.claims.get()
    statement.url = "https://t.me/corrected/1"
    services.save_statement(by=chief, statement=statement, correction_note="Wrong link.")
    revision = latest(Citation.objects.get(pk=citation.pk).history)
    assert revision.history_user == chief
    assert revision.history_change_reason == (
        "Its statement changed: Changed; corrected: Wrong link."
    )


def test_a_deleted_statement_and_its_totals_name_who_deleted_them(chief):
    statement = StatementFactory()
    total = StatementTotal.objects.create(
        statement=statement, threat_type=threat("uav"), intercepted=3, intercepted_status="reported"
    )
    pk, total_pk = statement.pk, total.pk
    services.delete_statement(by=chief, statement=statement)
    gone = latest(Statement.history.filter(id=pk))
    assert (gone.history_type, gone.history_user, gone.history_change_reason) == (
        "-",
        chief,
        "Deleted",
    )
    total_gone = latest(StatementTotal.history.filter(id=total_pk))
    assert (total_gone.history_user, total_gone.history_change_reason) == (
        chief,
        "Deleted with its statement",
    )


def test_a_command_deleting_a_statement_is_named_in_its_last_revision():
    statement = StatementFactory()
    pk = statement.pk
    services.delete_statement(by=COMMAND, statement=statement)
    gone = latest(Statement.history.filter(id=pk))
    assert (gone.history_user, gone.history_change_reason) == (None, "Deleted (manage.py a test)")


# Imports ----------------------------------------------------------------------------------------


def imported(by, **row):
    SourceFactory(name="Governor")
    values = {
        "date": "2026-03-01",
        "window_start": "2026-02-28T17:00:00Z",
        "window_end": "2026-03-01T04:00:00Z",
        "region": "Kaluga Oblast",
        "threat_type": "uav",
        "summary": "Drones.",
        "damage_types": "fire",
        "sources": "Governor",
        "source_urls": "https://t.me/g/1",
        **row,
    }
    pending = services.stage_import(by=by, filename="f.csv", preview=importer.preview([values]))
    [incident], _ = services.commit_import(by=by, pending_id=pending.pk)
    return Incident.objects.get(pk=incident.pk)


def test_an_imported_draft_keeps_its_window_damage_and_citation_and_names_its_chief(chief):
    incident = imported(chief)
    assert (incident.status, incident.window_start, incident.window_end) == (
        Status.DRAFT,
        EVENING,
        MORNING,
    )
    assert (incident.created_by, incident.updated_by) == (chief, chief)
    assert list(incident.damage_types.all()) == damage("fire")
    citation = incident.citations.get()
    assert (citation.url, citation.quote) == ("https://t.me/g/1", "")
    cited = citation.history.get()
    assert (cited.history_user, cited.history_change_reason) == (chief, "Imported from f.csv")
    revision = incident.history.get()
    assert (revision.history_user, revision.history_change_reason) == (
        chief,
        "Imported from f.csv",
    )
    assert list(revision.damage_types.values_list("incident_id", "damagetype__slug")) == [
        (incident.pk, "fire")
    ]
    statement = citation.statement
    assert (statement.window_start, statement.window_end) == (EVENING, MORNING)
    assert (statement.created_by, statement.updated_by) == (chief, chief)
    assert statement.history.get().history_change_reason == "Imported from f.csv"


def test_an_import_without_a_window_leaves_it_open(chief):
    incident = imported(chief, window_start="", window_end="")
    assert (incident.window_start, incident.window_end) == (None, None)


@pytest.mark.parametrize("edit", ["changed", "deleted"])
def test_a_total_changed_or_deleted_on_the_statement_form_is_written(editor_client, edit):
    statement = StatementFactory(text="26 UAVs.")
    total = StatementTotal.objects.create(
        statement=statement, threat_type=threat(), intercepted=26, intercepted_status="reported"
    )
    url = reverse("admin:incidents_statement_change", args=[statement.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {
        "source": statement.source_id,
        "language": "",
        "url": statement.url,
        "archive_url": "",
        "published_at_0": "",
        "published_at_1": "",
        "text": "26 UAVs.",
        "date": "2026-03-01",
        "window_start_0": "",
        "window_start_1": "",
        "window_end_0": "",
        "window_end_1": "",
        "correction_note": "",
        "loaded_version": form["loaded_version"].value(),
        "totals-TOTAL_FORMS": "1",
        "totals-INITIAL_FORMS": "1",
        "totals-MIN_NUM_FORMS": "0",
        "totals-MAX_NUM_FORMS": "1000",
        "totals-0-id": total.pk,
        "totals-0-statement": statement.pk,
        "totals-0-threat_type": threat().pk,
        "totals-0-intercepted": "30" if edit == "changed" else "26",
        "totals-0-intercepted_status": "reported",
        **({"totals-0-DELETE": "on"} if edit == "deleted" else {}),
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    expected = [30] if edit == "changed" else []
    assert list(statement.totals.values_list("intercepted", flat=True)) == expected
