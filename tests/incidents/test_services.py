"""The write services, called directly: the rules hold whoever calls them."""

import datetime as dt

import pytest

from incidents import services
from incidents.choices import Status
from incidents.models import Citation, Correction, DamageType, Incident, Source
from incidents.signals import record_changed
from tests.factories import IncidentFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

COMMAND = services.Command("a test")


@pytest.fixture
def announcements():
    heard = []

    def listen(**kwargs):
        heard.append(kwargs)

    record_changed.connect(listen, dispatch_uid="test-listener")
    yield heard
    record_changed.disconnect(dispatch_uid="test-listener")


def test_an_editor_may_change_a_draft_but_not_what_is_public(editor):
    draft = IncidentFactory(status=Status.DRAFT, intercepted=1)
    draft.intercepted = 2
    services.save_incident(by=editor, incident=draft)
    published = IncidentFactory(intercepted=1)
    published.intercepted = 2
    with pytest.raises(services.NotAllowed):
        services.save_incident(by=editor, incident=published, correction_note="Revised.")
    assert Incident.objects.get(pk=published.pk).intercepted == 1


def test_whoever_changes_a_public_figure_must_say_why_and_readers_are_told(chief):
    incident = IncidentFactory(intercepted=38)
    incident.intercepted = 40
    with pytest.raises(services.CorrectionRequired) as refused:
        services.save_incident(by=chief, incident=incident)
    assert refused.value.changes == ["reported intercepted: 38 → 40"]
    assert not Correction.objects.exists()
    services.save_incident(by=chief, incident=incident, correction_note="Revised to 40.")
    correction = Correction.objects.get()
    assert (correction.note, correction.changes) == (
        "Revised to 40.",
        "reported intercepted: 38 → 40",
    )


def test_the_correction_is_judged_from_the_stored_state_not_the_callers(chief):
    """A caller holding an old copy cannot slip a change past the note: the stored row decides."""
    incident = IncidentFactory(intercepted=38)
    stale_copy = Incident.objects.get(pk=incident.pk)
    Incident.objects.filter(pk=incident.pk).update(intercepted=39)
    stale_copy.summary = "Only the wording."  # intercepted still 38 in the copy
    with pytest.raises(services.CorrectionRequired):
        services.save_incident(by=chief, incident=stale_copy)


def test_a_stale_version_is_refused(chief):
    incident = IncidentFactory(status=Status.DRAFT)
    loaded = incident.updated_at - dt.timedelta(seconds=1)
    with pytest.raises(services.Stale):
        services.save_incident(by=chief, incident=incident, loaded_version=loaded)


def test_publishing_needs_a_citation_and_a_chief_editor(editor, chief):
    uncited = IncidentFactory(status=Status.DRAFT, cited=False)
    cited = IncidentFactory(status=Status.DRAFT)
    with pytest.raises(services.NotAllowed):
        services.publish(by=editor, incidents=Incident.objects.all())
    result = services.publish(by=chief, incidents=Incident.objects.all())
    assert result.changed == [cited]
    assert [incident for incident, _ in result.refused] == [uncited]
    cited.refresh_from_db()
    assert cited.status == Status.PUBLISHED and cited.published_at is not None


def test_a_retraction_needs_a_reason_and_leaves_a_public_note(chief):
    incident = IncidentFactory()
    with pytest.raises(services.Refused):
        services.retract(by=chief, incidents=Incident.objects.all(), reason="  ")
    services.retract(by=chief, incidents=Incident.objects.all(), reason="A duplicate.")
    incident.refresh_from_db()
    assert incident.status == Status.RETRACTED and incident.retraction_reason == "A duplicate."
    assert incident.corrections.get().kind == Correction.Kind.RETRACTION


def test_only_drafts_are_deleted(chief):
    IncidentFactory()
    with pytest.raises(services.NotAllowed):
        services.delete_drafts(by=chief, incidents=Incident.objects.all())
    draft = IncidentFactory(status=Status.DRAFT)
    assert services.delete_drafts(by=chief, incidents=Incident.objects.filter(pk=draft.pk))
    assert not Incident.objects.filter(pk=draft.pk).exists()


def test_a_citation_moved_between_incidents_answers_to_both(editor):
    draft = IncidentFactory(status=Status.DRAFT)
    other_draft = IncidentFactory(status=Status.DRAFT, cited=False)
    citation = draft.citations.get()
    citation.incident = other_draft
    services.save_citation(by=editor, citation=citation)  # two drafts: fine for an editor
    assert Citation.objects.get(pk=citation.pk).incident == other_draft
    published = IncidentFactory()
    citation.incident = published
    with pytest.raises(services.NotAllowed):
        services.save_citation(by=editor, citation=citation)


def test_a_command_acts_as_a_chief_editor_and_is_named_in_history(announcements):
    incident = IncidentFactory(intercepted=1)
    incident.intercepted = 2
    announcements.clear()  # the factories' own
    services.save_incident(by=COMMAND, incident=incident, correction_note="Fixed by a script.")
    revision = incident.history.latest("history_date")
    assert revision.history_user is None
    assert revision.history_change_reason.endswith("(manage.py a test)")
    assert len(announcements) == 1  # one write, one announcement


def test_only_a_command_loads_rows_in_bulk(chief, announcements):
    with pytest.raises(services.NotAllowed):
        services.bulk_loaded(by=chief)
    services.bulk_loaded(by=COMMAND)
    assert len(announcements) == 1


def test_reference_lists_need_their_model_permission(editor, announcements):
    source = SourceFactory.build(name="A new ministry")
    services.save_reference(by=editor, obj=source)  # editors add and change sources
    assert Source.objects.filter(name="A new ministry").exists() and len(announcements) == 1
    nobody = UserFactory(username="visitor", is_staff=True)
    with pytest.raises(services.NotAllowed):
        services.save_reference(by=nobody, obj=SourceFactory.build(name="Another"))


def test_a_damage_type_incidents_name_is_not_deleted_from_under_them():
    fire = DamageType.objects.get(slug="fire")
    incident = IncidentFactory(damage_types=[fire])
    with pytest.raises(services.Refused, match="rename it instead"):
        services.delete_reference(by=COMMAND, obj=fire)
    assert list(incident.damage_types.all()) == [fire]
    unused = DamageType.objects.create(slug="debris", name="Debris", position=99)
    services.delete_reference(by=COMMAND, obj=unused)
    assert not DamageType.objects.filter(slug="debris").exists()


def test_restoring_keeps_where_the_incident_stands(chief):
    incident = IncidentFactory(intercepted=38)  # its first revision: 38, published
    first = incident.history.earliest("history_date")
    incident.intercepted = 40
    services.save_incident(by=chief, incident=incident, correction_note="Revised.")
    services.retract(by=chief, incidents=Incident.objects.all(), reason="Wrong night.")
    with pytest.raises(services.CorrectionRequired):  # readers saw 40, in the notes
        services.restore_revision(by=chief, revision=first)
    services.restore_revision(by=chief, revision=first, correction_note="Back to 38.")
    incident.refresh_from_db()
    assert incident.intercepted == 38 and incident.status == Status.RETRACTED


def test_an_import_is_written_only_by_who_previewed_it_and_only_once(chief, announcements):
    from incidents import importer

    SourceFactory(name="Governor")
    preview = importer.preview(
        [
            {
                "date": "2026-03-01",
                "region": "Kaluga Oblast",
                "threat_type": "uav",
                "summary": "Drones.",
                "sources": "Governor",
                "source_urls": "https://t.me/g/1",
            }
        ]
    )
    pending = services.stage_import(by=chief, filename="f.csv", preview=preview)
    other_chief = UserFactory(username="other", group="Chief editors")
    with pytest.raises(services.Refused):
        services.commit_import(by=other_chief, pending_id=pending.pk)
    announcements.clear()
    created, skipped = services.commit_import(by=chief, pending_id=pending.pk)
    assert len(created) == 1 and skipped == 0
    assert len(announcements) == 1  # every write announces itself once
    with pytest.raises(services.Refused):
        services.commit_import(by=chief, pending_id=pending.pk)
