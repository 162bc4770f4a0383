"""What readers have seen changes only with a dated public note, whatever the status.

One matrix: every state an incident can stand in (a draft readers never saw, one unpublished
before drafts stayed drafts, published, retracted) under every write path (enumerated from
incidents/services/ and its callers: the incident's form, its revert form, the citation admin,
the list's actions, deletion, the import, the commands, and the services called directly), as
an editor and as a chief editor, with and without a note. Whatever the path:

- without a note, nothing readers were told changes;
- whatever changes what readers saw comes with a new dated public note, made by a chief
  editor, and the incident's public page (or its retraction notice) shows it;
- a draft readers never saw changes freely, and gets no public note.

"What readers were told" is written here, apart from the code under test: the facts the
incident's page and its retraction notice show.
"""

import contextlib
import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from incidents import services
from incidents.choices import Status
from incidents.models import Citation, Correction, Incident
from tests.factories import CitationFactory, IncidentFactory, SourceFactory, change_form, change_url

pytestmark = pytest.mark.django_db

STATES = ("draft", "unpublished", "published", "retracted")
SEEN = {"unpublished", "published", "retracted"}
FIRST_PUBLISHED = dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
COMMAND = services.Command("a test")
CHANGELIST = reverse("admin:incidents_incident_changelist")

# The facts a reader is shown (the summary's and the damage description's wording excepted,
# which change without a note by design).
TOLD = (
    "status",
    "date",
    "region_id",
    "threat_type_id",
    "intercepted",
    "intercepted_status",
    "killed",
    "killed_status",
    "injured",
    "injured_status",
    "verification",
    "published_at",
    "retracted_at",
    "retraction_reason",
)


def told(pk):
    incident = Incident.objects.filter(pk=pk).first()
    if incident is None:
        return None
    return (
        {name: getattr(incident, name) for name in TOLD},
        sorted(incident.damage_types.values_list("pk", flat=True)),
        sorted(incident.citations.values_list("source_id", "url", "quote", "claimed_intercepted")),
    )


def make(state):
    """An incident in `state` whose first revision says 38 and whose stored figure is 40."""
    incident = IncidentFactory(
        intercepted=38,
        status=Status.DRAFT if state in ("draft", "unpublished") else Status.PUBLISHED,
        published_at=None if state == "draft" else FIRST_PUBLISHED,
    )
    Incident.objects.filter(pk=incident.pk).update(intercepted=40)
    if state == "retracted":
        services.retract(
            by=COMMAND, incidents=Incident.objects.filter(pk=incident.pk), reason="Wrong night."
        )
    return Incident.objects.get(pk=incident.pk)


def with_two_citations(path):
    """A path that takes one of two citations away (not the last one, which a published
    incident keeps whatever the note): the second is added before the readers' view is read."""

    def prepare(incident):
        CitationFactory(incident=incident, url=f"https://t.me/second/{incident.pk}")

    path.prepare = prepare
    return path


# The write paths ------------------------------------------------------------------------------
# Each takes (client logged in as the actor, the actor, the incident, the note or "").


def form_figure(client, actor, incident, note):
    client.post(change_url(incident), change_form(incident, intercepted="41", correction_note=note))


def form_citation(client, actor, incident, note):
    data = change_form(incident, correction_note=note, **{"citations-0-quote": "Other words."})
    client.post(change_url(incident), data)


def form_status(client, actor, incident, note):
    status = Status.PUBLISHED if incident.status == Status.DRAFT else Status.DRAFT
    client.post(change_url(incident), change_form(incident, status=status, correction_note=note))


def form_revert(client, actor, incident, note):
    first = incident.history.earliest("history_date")
    url = reverse("admin:incidents_incident_simple_history", args=[incident.pk, first.history_id])
    client.post(url, change_form(incident, intercepted="38", correction_note=note))


def citation_post(citation, **overrides):
    data = {
        "incident": citation.incident_id,
        "source": citation.source_id,
        "url": citation.url,
        "archive_url": "",
        "quote": citation.quote,
        "published_at_0": "",
        "published_at_1": "",
        "claimed_intercepted": "",
    }
    return {**data, **overrides}


def citation_add(client, actor, incident, note):
    new = Citation(incident=incident, source=SourceFactory(), url="https://t.me/new/1", quote="50.")
    client.post(reverse("admin:incidents_citation_add"), citation_post(new, correction_note=note))


def citation_change(client, actor, incident, note):
    citation = incident.citations.get()
    url = reverse("admin:incidents_citation_change", args=[citation.pk])
    client.post(url, citation_post(citation, quote="Words never said.", correction_note=note))


@with_two_citations
def citation_move_out(client, actor, incident, note):
    citation = incident.citations.first()
    other = IncidentFactory(status=Status.DRAFT, cited=False)
    url = reverse("admin:incidents_citation_change", args=[citation.pk])
    client.post(url, citation_post(citation, incident=other.pk, correction_note=note))


def citation_move_in(client, actor, incident, note):
    citation = IncidentFactory(status=Status.DRAFT).citations.get()
    url = reverse("admin:incidents_citation_change", args=[citation.pk])
    client.post(url, citation_post(citation, incident=incident.pk, correction_note=note))


@with_two_citations
def citation_delete(client, actor, incident, note):
    citation = incident.citations.first()
    client.post(reverse("admin:incidents_citation_delete", args=[citation.pk]), {"post": "yes"})


def refused(write):
    with contextlib.suppress(services.Refused):
        write()


def service_save(client, actor, incident, note):
    incident.intercepted = 41
    refused(lambda: services.save_incident(by=actor, incident=incident, correction_note=note))


def service_status_owned(client, actor, incident, note):
    """A caller's copy with other status fields: only the status actions write them."""
    incident.retraction_reason, incident.retracted_at = "Rewritten.", None
    incident.published_at = None if incident.published_at else FIRST_PUBLISHED
    refused(lambda: services.save_incident(by=actor, incident=incident, correction_note=note))


def service_restore(client, actor, incident, note):
    first = incident.history.earliest("history_date")
    refused(lambda: services.restore_revision(by=actor, revision=first, correction_note=note))


@with_two_citations
def service_citation_delete(client, actor, incident, note):
    citation = incident.citations.first()
    refused(lambda: services.delete_citation(by=actor, citation=citation, correction_note=note))


def import_file(client, actor, incident, note):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "date", "region", "threat_type", "intercepted", "summary", "sources"])
    writer.writerow([incident.pk, "2026-03-02", "Belgorod Oblast", "uav", "41", "New.", ""])
    upload = SimpleUploadedFile("f.csv", out.getvalue().encode(), content_type="text/csv")
    response = client.post(reverse("admin:incidents_incident_import"), {"file": upload})
    if response.status_code == 200 and "commit_form" in response.context:
        pending = response.context["commit_form"].initial["pending"]
        client.post(
            reverse("admin:incidents_incident_import"),
            {"pending": pending, "confirm_duplicates": "on"},
        )


def action(name, **extra):
    def run(client, actor, incident, note):
        data = {"action": name, "_selected_action": [incident.pk], **extra}
        if "apply" in extra:
            data["reason"] = note
        client.post(CHANGELIST, data)

    run.__name__ = name
    return run


def delete_view(client, actor, incident, note):
    client.post(reverse("admin:incidents_incident_delete", args=[incident.pk]), {"post": "yes"})


def command(*args):
    def run(client, actor, incident, note):
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())

    run.__name__ = "_".join(args).replace("-", "")
    return run


PATHS = [
    form_figure,
    form_citation,
    form_status,
    form_revert,
    citation_add,
    citation_change,
    citation_move_out,
    citation_move_in,
    citation_delete,
    service_save,
    service_status_owned,
    service_restore,
    service_citation_delete,
    import_file,
    action("publish_selected"),
    action("retract_selected", apply="1"),
    action("republish_selected", apply="1"),
    action("delete_selected", post="yes"),
    delete_view,
    command("rebuild_rollups"),
    command("generate_incidents", "--delete"),
]

# Where a chief editor's write with a note does change what readers saw: each path is a real
# door (the matrix would prove nothing of a path that never writes).
CHANGES = {
    "form_figure": set(STATES),
    "form_citation": set(STATES),
    "form_status": {"draft", "unpublished"},  # a draft published; never published -> draft
    "form_revert": set(STATES),
    "citation_add": set(STATES),
    "citation_change": set(STATES),
    "citation_move_out": set(STATES),
    "citation_move_in": set(STATES),
    "citation_delete": {"draft"},  # the rest on the incident's form, which takes the note
    "service_save": set(STATES),
    "service_restore": set(STATES),
    "service_citation_delete": set(STATES),
    "publish_selected": {"draft"},
    "retract_selected": {"published", "unpublished"},
    "republish_selected": {"retracted", "unpublished"},
    "delete_selected": {"draft"},
    "delete_view": {"draft"},
}


@pytest.mark.parametrize(
    ("role", "note"),
    # An editor without a note is refused whenever one with a note is.
    [("editor", "The governor revised the figures."), ("chief", ""), ("chief", "Revised.")],
    ids=["editor", "chief-no-note", "chief-note"],
)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__)
def test_what_readers_saw_changes_only_with_a_dated_public_note(
    request, client, path, state, role, note
):
    actor = request.getfixturevalue(role)
    client.force_login(actor, backend="django.contrib.auth.backends.ModelBackend")
    incident = make(state)
    if hasattr(path, "prepare"):
        path.prepare(incident)
    pk, before, notes_before = incident.pk, told(incident.pk), set(Correction.objects.all())

    path(client, actor, incident, note)

    after = told(pk)
    new_notes = [c for c in Correction.objects.filter(incident=pk) if c not in notes_before]
    if state not in SEEN:
        assert not new_notes, "a public note on a draft readers never saw"
    elif after != before:
        assert role == "chief", "what readers saw was changed by an editor"
        assert note, "what readers saw changed without a note"
        assert new_notes and all(c.note.strip() and c.created_at for c in new_notes)
        if after[0]["status"] != Status.DRAFT:
            page = client.get(reverse("dashboard:incident-detail", args=[pk]))
            shown = page.content.decode()
            for correction in new_notes:
                assert escape(correction.note) in shown
                assert escape(correction.changes) in shown
    else:
        assert not new_notes, "a public note on a write that changed nothing"
    if role == "chief" and note:
        assert (after != before) == (state in CHANGES.get(path.__name__, ())), (
            "a chief editor with a note did not write"
            if after == before
            else "a write this path should refuse went through"
        )


@pytest.mark.parametrize("state", ["published", "retracted"])
def test_load_demo_again_leaves_what_editors_did_to_a_demo_record(state):
    """The one command that writes incidents enters each demo statement once: an editor's
    correction or retraction of a demo record stays as readers saw it."""
    call_command("load_demo", stdout=io.StringIO())
    demo = Citation.objects.get(url__endswith="/kaluga/2026-11-01T0610").incident
    selected = Incident.objects.filter(pk=demo.pk)
    if state == "retracted":
        services.retract(by=COMMAND, incidents=selected, reason="A test.")
    else:
        demo.intercepted = 41
        services.save_incident(by=COMMAND, incident=demo, correction_note="Revised.")
    before, notes_before = told(demo.pk), Correction.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert told(demo.pk) == before
    assert Correction.objects.count() == notes_before
