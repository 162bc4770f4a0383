"""What the write services promise, read where editors and readers meet it: the words of a
refusal, who and why each revision and correction names, what a write leaves of other
incidents. Written for the mutants of incidents/services/ the other tests let live
(docs/mutation.md); the services are called directly, as the admin and the commands call them."""

import datetime as dt

import pytest

from incidents import services
from incidents.changes import UNCITED
from incidents.choices import Status
from incidents.models import Citation, Correction, Incident, Statement
from tests.factories import CitationFactory, IncidentFactory, SourceFactory, damage, region, threat

pytestmark = pytest.mark.django_db

COMMAND = services.Command("a test")


def refusal(call, **kwargs):
    """The refusal `call(**kwargs)` raises: its message as the editor reads it."""
    with pytest.raises(services.Refused) as refused:
        call(**kwargs)
    assert str(refused.value) == refused.value.message
    return refused.value


def latest(history):
    return history.order_by("history_date", "history_id").last()


# Refusals, in their words ----------------------------------------------------------------------


def test_a_stale_save_names_who_saved_the_newer_version(chief, editor):
    incident = IncidentFactory(status=Status.DRAFT)
    loaded = Incident.objects.get(pk=incident.pk).updated_at
    incident.summary = "The chief's wording."
    services.save_incident(by=chief, incident=incident)
    mine = Incident.objects.get(pk=incident.pk)
    mine.summary = "My wording."
    refused = refusal(services.save_incident, by=editor, incident=mine, loaded_version=loaded)
    assert refused.message == (
        "chief saved a newer version of this incident while you were editing."
    )
    assert refused.current.summary == "The chief's wording."


def test_a_stale_save_after_an_unnamed_write_says_someone(editor):
    incident = IncidentFactory(status=Status.DRAFT)  # written by no editor
    refused = refusal(
        services.save_incident,
        by=editor,
        incident=incident,
        loaded_version=incident.updated_at - dt.timedelta(seconds=1),
    )
    assert refused.message == (
        "Someone saved a newer version of this incident while you were editing."
    )


def test_only_a_command_loads_rows_in_bulk_and_an_editor_is_told_so(chief):
    refused = refusal(services.bulk_loaded, by=chief)
    assert refused.message == "Only a command on the server loads rows in bulk."


def test_a_citation_on_an_incident_deleted_meanwhile_is_refused(editor):
    draft = IncidentFactory(status=Status.DRAFT)
    citation = Citation(incident=draft, source=SourceFactory(), url="https://t.me/g/404")
    Incident.objects.filter(pk=draft.pk).delete()
    refused = refusal(services.save_citation, by=editor, citation=citation)
    assert refused.message == "That incident does not exist."
    assert not Citation.objects.filter(url="https://t.me/g/404").exists()


def test_the_last_citation_of_a_published_incident_is_not_deleted_and_the_refusal_says_why(chief):
    incident = IncidentFactory()
    citation = incident.citations.get()
    refused = refusal(
        services.delete_citation, by=chief, citation=citation, correction_note="Removed."
    )
    assert refused.message == f"“{incident}”: {UNCITED}"
    assert incident.citations.get() == citation


def test_a_citation_removed_without_a_note_names_the_incident_readers_saw(chief):
    incident = IncidentFactory()
    extra = CitationFactory(incident=incident, url="https://t.me/g/2")
    refused = refusal(services.delete_citation, by=chief, citation=extra)
    assert isinstance(refused, services.CorrectionRequired)
    assert refused.message.startswith(f"“{incident}” has been public and this changes")
    assert incident.citations.count() == 2


# Who and why: revisions and corrections ---------------------------------------------------------


def test_a_citation_deleted_names_the_editor_and_the_reason_in_its_last_revision(chief):
    incident = IncidentFactory()
    extra = CitationFactory(incident=incident, url="https://t.me/g/2")
    pk = extra.pk
    services.delete_citation(by=chief, citation=extra, correction_note="Mis-cited.")
    gone = latest(Citation.history.filter(id=pk))
    assert gone.history_type == "-"
    assert gone.history_user == chief
    assert gone.history_change_reason == "Citations changed; corrected: Mis-cited."
    correction = Correction.objects.get(incident=incident)
    assert correction.created_by == chief
    assert correction.note == "Mis-cited."


def test_a_command_deleting_a_citation_is_named_in_its_last_revision():
    draft = IncidentFactory(status=Status.DRAFT)
    extra = CitationFactory(incident=draft, url="https://t.me/g/2")
    pk = extra.pk
    services.delete_citation(by=COMMAND, citation=extra)
    gone = latest(Citation.history.filter(id=pk))
    assert gone.history_type == "-" and gone.history_user is None
    assert gone.history_change_reason == "Citations changed (manage.py a test)"


def test_a_citation_changed_on_its_own_names_the_editor_and_the_reason(editor):
    citation = IncidentFactory(status=Status.DRAFT).citations.get()
    citation.quote = "Other words."
    services.save_citation(by=editor, citation=citation)
    revision = latest(citation.history)
    assert revision.history_user == editor
    assert revision.history_change_reason == "Citations changed"


def test_a_correction_lists_every_change_separated_and_names_its_editor(chief):
    incident = IncidentFactory(intercepted=38, killed=1)
    incident.intercepted, incident.killed = 40, 2
    services.save_incident(by=chief, incident=incident, correction_note="Revised.")
    correction = Correction.objects.get(incident=incident)
    assert correction.changes == "reported intercepted: 38 → 40; reported killed: 1 → 2"
    assert correction.created_by == chief


@pytest.mark.parametrize(
    ("act", "reason"),
    [
        (lambda by, rows: services.publish(by=by, incidents=rows), "Published"),
        (
            lambda by, rows: services.retract(by=by, incidents=rows, reason="Wrong night."),
            "Retracted: Wrong night.",
        ),
    ],
    ids=["publish", "retract"],
)
def test_a_status_change_is_one_revision_naming_its_chief_and_why(chief, act, reason):
    incident = IncidentFactory(status=Status.DRAFT if reason == "Published" else Status.PUBLISHED)
    act(chief, Incident.objects.filter(pk=incident.pk))
    revision = latest(incident.history)
    assert (revision.history_user, revision.history_change_reason) == (chief, reason)


def test_republishing_names_its_chief_and_reason_in_the_revision(chief):
    incident = IncidentFactory()
    rows = Incident.objects.filter(pk=incident.pk)
    services.retract(by=chief, incidents=rows, reason="Wrong night.")
    services.republish(by=chief, incidents=rows, reason="Right night after all.")
    revision = latest(incident.history)
    assert revision.history_user == chief
    assert revision.history_change_reason == "Re-published: Right night after all."


# What a write leaves of other incidents ----------------------------------------------------------


def test_damage_types_removed_from_one_incident_stay_on_the_others(editor):
    [fire], [homes] = damage("fire"), damage("residential")
    one = IncidentFactory(status=Status.DRAFT, damage_types=[fire])
    other = IncidentFactory(status=Status.DRAFT, damage_types=[fire])
    services.save_incident(by=editor, incident=one, damage_types=[homes.pk])
    assert list(one.damage_types.all()) == [homes]
    assert list(other.damage_types.all()) == [fire]
    services.save_incident(by=editor, incident=other, damage_types=[fire.pk, homes.pk])
    services.save_incident(by=editor, incident=other, damage_types=[homes.pk])
    assert list(other.damage_types.all()) == [homes]  # the one kept stays


def test_an_editor_publishing_is_told_it_is_a_chief_editors_call(editor):
    IncidentFactory(status=Status.DRAFT)
    refused = refusal(services.publish, by=editor, incidents=Incident.objects.all())
    assert refused.message == "You may not publish incidents: that is a chief editor's call."


def test_a_public_change_without_a_note_lists_every_change_in_the_refusal(chief):
    incident = IncidentFactory(intercepted=38, killed=1)
    incident.intercepted, incident.killed = 40, 2
    refused = refusal(services.save_incident, by=chief, incident=incident)
    assert refused.message == (
        f"“{incident}” has been public and this changes what readers were told "
        "(reported intercepted: 38 → 40; reported killed: 1 → 2). Add a correction note: "
        "readers will see it, dated, on the incident's page."
    )


def test_a_new_incident_names_who_entered_it_and_each_save_is_one_revision(editor, chief):
    incident = Incident(
        date=dt.date(2026, 3, 1),
        region=region(),
        threat_type=threat(),
        summary="Drones.",
        status=Status.DRAFT,
    )
    services.save_incident(by=editor, incident=incident)
    incident.summary = "Drones, in other words."
    services.save_incident(by=chief, incident=incident)
    incident = Incident.objects.get(pk=incident.pk)
    assert (incident.created_by, incident.updated_by) == (editor, chief)
    assert list(
        incident.history.order_by("history_date").values_list("history_type", "history_user")
    ) == [("+", editor.pk), ("~", chief.pk)]


def test_an_incident_entered_by_nobody_is_not_credited_to_its_next_editor(editor):
    incident = IncidentFactory(status=Status.DRAFT)  # as a migration or a bulk load made it
    incident.summary = "Other words."
    services.save_incident(by=editor, incident=incident)
    assert Incident.objects.get(pk=incident.pk).created_by is None


def test_a_command_changing_a_citation_is_named_in_its_revision():
    citation = IncidentFactory(status=Status.DRAFT).citations.get()
    citation.quote = "Other words."
    services.save_citation(by=COMMAND, citation=citation)
    revision = latest(citation.history)
    assert (revision.history_user, revision.history_change_reason) == (
        None,
        "Citations changed (manage.py a test)",
    )


@pytest.mark.parametrize("edit", ["changed", "deleted", "added"])
def test_a_citation_edited_on_its_own_makes_its_incident_newer(editor, edit):
    """Its citations are part of the incident: a form loaded before is stale, and mirrors
    list the incident as changed."""
    incident = IncidentFactory(status=Status.DRAFT)
    CitationFactory(incident=incident, url="https://t.me/g/2")
    loaded = Incident.objects.get(pk=incident.pk).updated_at
    citation = incident.citations.order_by("pk").first()
    if edit == "changed":
        citation.quote = "Other words."
        services.save_citation(by=editor, citation=citation)
    elif edit == "deleted":
        services.delete_citation(by=editor, citation=citation)
    else:
        new = Citation(incident=incident, source=SourceFactory(), url="https://t.me/g/3")
        services.save_citation(by=editor, citation=new)
    assert Incident.objects.get(pk=incident.pk).updated_at > loaded
    incident.summary = "My words."
    with pytest.raises(services.Stale):
        services.save_incident(by=editor, incident=incident, loaded_version=loaded)


def test_a_statement_not_yet_saved_is_not_seen_and_an_editors_to_change(editor):
    statement = Statement(source=SourceFactory(), url="https://t.me/m/1", date=dt.date(2026, 3, 1))
    assert services.statement_seen(statement) is False
    assert services.may_change(editor, statement) is True
