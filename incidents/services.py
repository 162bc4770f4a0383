"""Every write to the record, through one door.

Incidents, their citations and corrections, imports and the reference lists (regions, sources,
threat and damage types) change only here; the admin, the history view, the importer and the
management commands call these functions and hold no rule of their own. Every write:

1. runs in one transaction, with the incidents it changes locked (SELECT ... FOR UPDATE);
2. checks that the actor may make it: what readers have seen (published or retracted) is changed
   by chief editors only, whatever the path;
3. judges from the *stored* state, not from a form's idea of it, whether readers must be told,
   and then requires and records a dated public correction;
4. writes one revision, with its user and reason set before the save;
5. announces the change once, in the same transaction (`incidents.signals.record_changed`).

The actor `by` is an editor (a User) or a `Command` run by an operator on the server.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from incidents import changes
from incidents.changes import CitationEdits
from incidents.choices import PUBLIC_STATUSES, CorrectionKind, Status
from incidents.models import INCIDENT_HISTORY, Citation, Correction, Incident, PendingImport
from incidents.signals import record_changed

__all__ = ["CitationEdits", "Command"]

PUBLISH = "incidents.publish_incident"


@dataclass(frozen=True)
class Command:
    """A management command run on the server: trusted as a chief editor, named in history."""

    name: str

    def has_perm(self, perm):
        return True

    def __str__(self):
        return f"manage.py {self.name}"


class Refused(Exception):
    """A write the record's rules do not allow; the message says why, in an editor's words."""

    code = "refused"

    def __init__(self, message, *, changes=()):
        super().__init__(message)
        self.message = message
        self.changes = list(changes)


class NotAllowed(Refused):
    code = "not_allowed"


class Stale(Refused):
    """Someone saved a newer version since the form was loaded."""

    code = "stale"

    def __init__(self, current):
        who = current.updated_by.get_username() if current.updated_by else "someone"
        super().__init__(f"{who} saved a newer version of this incident while you were editing.")
        self.current = current


class CorrectionRequired(Refused):
    code = "correction_required"


@dataclass
class StatusChange:
    changed: list[Incident] = field(default_factory=list)
    refused: list[Incident] = field(default_factory=list)


# Permissions ---------------------------------------------------------------------------------


def may_change(by, status) -> bool:
    """Whether `by` may change an incident that stands at `status` (the stored one)."""
    if status in PUBLIC_STATUSES:
        return by.has_perm(PUBLISH)
    return by.has_perm("incidents.change_incident")


def _require(by, perm, what):
    if not by.has_perm(perm):
        raise NotAllowed(f"You may not {what}: that is a chief editor's call.")


def _require_change(by, incident):
    if not may_change(by, incident.status):
        raise NotAllowed(
            f"“{incident}” is {incident.get_status_display().lower()}: what readers have seen "
            "is changed by a chief editor only."
        )


# Revisions -----------------------------------------------------------------------------------


def _history_user(by):
    return None if isinstance(by, Command) else by


def _reason(by, reason):
    return f"{reason} ({by})" if isinstance(by, Command) else reason


def _save_incident_revision(incident, *, by, reason, damage=None):
    """Save `incident` and its damage types, and write exactly one revision of it.

    `damage` is (stored ids, new ids), or None to keep them. The revision is written after the
    damage types are set, so it records them; Django's m2m signals would otherwise add a
    revision per add and remove.
    """
    creating = incident._state.adding
    incident.updated_by = _history_user(by)
    if creating and incident.created_by_id is None:
        incident.created_by = _history_user(by)
    incident.skip_history_when_saving = True
    try:
        incident.save()
        if damage is not None:
            _set_damage(incident, *damage)
    finally:
        del incident.skip_history_when_saving
    incident._history_user = _history_user(by)
    incident._change_reason = _reason(by, reason)
    INCIDENT_HISTORY.create_historical_record(incident, "+" if creating else "~")


def _set_damage(incident, stored, new):
    """The incident's damage types from `stored` ids to `new` ids: only the difference is
    written (the related manager's set() reads the rows and the types first)."""
    through = Incident.damage_types.through
    if stored - new:
        through.objects.filter(incident=incident, damagetype__in=stored - new).delete()
    if new - stored:
        through.objects.bulk_create(
            [through(incident=incident, damagetype_id=pk) for pk in sorted(new - stored)]
        )


def _save_citation_revision(citation, *, by, reason):
    citation._history_user = _history_user(by)
    citation._change_reason = _reason(by, reason)
    citation.save()


def _delete_citation_revision(citation, *, by, reason):
    citation._history_user = _history_user(by)
    citation._change_reason = _reason(by, reason)
    citation.delete()


def _announce():
    record_changed.send(sender=Incident)


def _locked(pks):
    return (
        Incident.objects.filter(pk__in=pks)
        .select_related("region", "threat_type", "updated_by")
        .select_for_update(of=("self",))
        .order_by("pk")  # one lock order for every writer: no deadlock between two saves
    )


def _require_note(incident, note, listed):
    if listed and not (note or "").strip():
        raise CorrectionRequired(
            f"“{incident}” is public and this changes what readers were told ("
            + "; ".join(listed)
            + "). Add a correction note: readers will see it, dated, on the incident's page.",
            changes=listed,
        )


def _record_correction(incident, *, by, note, listed):
    return Correction.objects.create(
        incident=incident,
        kind=CorrectionKind.CORRECTION,
        note=note.strip(),
        changes="; ".join(listed),
        created_by=_history_user(by),
    )


# Incidents -----------------------------------------------------------------------------------


@transaction.atomic
def save_incident(
    *,
    by,
    incident,
    damage_types=None,
    citations=None,
    loaded_version=None,
    correction_note="",
    reason="",
):
    """Create or change an incident, its damage types and its citations, as one revision.

    `incident` carries the new values; `damage_types` (ids or objects; None keeps them) and
    `citations` (CitationEdits; None keeps them) the new relations. `loaded_version` is the
    `updated_at` the editor's form was loaded with: a newer stored one refuses the save.
    """
    citations = citations or CitationEdits()
    current = None
    if not incident._state.adding:
        current = _locked([incident.pk]).first()
        if current is None:
            raise Refused("This incident was deleted meanwhile; nothing was saved.")
        if loaded_version is not None and current.updated_at != loaded_version:
            raise Stale(current)
        _require_change(by, current)
    before_status = current.status if current else Status.DRAFT
    if incident.status != before_status:
        if Status.RETRACTED in (incident.status, before_status):
            raise Refused("Retract (or re-publish) with the actions on the incident list.")
        _require(by, PUBLISH, "publish or unpublish an incident")
    _require(by, f"incidents.{'add' if current is None else 'change'}_incident", "do this")

    before = changes.Snapshot.of(current) if current else changes.Snapshot.empty()
    after = before.proposed(incident, damage_types=damage_types, citations=citations)
    if incident.status == Status.PUBLISHED and not after.citations:
        raise Refused(
            "A published incident needs at least one citation: add the statement it is based "
            "on, or save it as a draft."
        )
    listed = changes.public_changes(before, after) if before_status == Status.PUBLISHED else []

    _require_note(incident, correction_note, listed)

    if incident.status == Status.PUBLISHED:
        incident.published_at = incident.published_at or timezone.now()
        incident.retraction_reason, incident.retracted_at = "", None
    if not reason:
        reason = "Created" if current is None else "Changed"
    if listed:
        reason = f"{reason}; corrected: {correction_note.strip()}"
    damage = (before.damage, after.damage) if damage_types is not None else None
    _save_incident_revision(incident, by=by, reason=reason, damage=damage)
    _apply_citation_edits(incident, citations, by=by, reason=reason)
    if listed:
        _record_correction(incident, by=by, note=correction_note, listed=listed)
    _announce()
    return incident


def _apply_citation_edits(incident, edits, *, by, reason):
    for citation in edits.deleted:
        _delete_citation_revision(citation, by=by, reason=reason)
    for citation in (*edits.changed, *edits.added):
        citation.incident = incident
        _save_citation_revision(citation, by=by, reason=reason)


@transaction.atomic
def restore_revision(
    *, by, revision, incident=None, damage_types=None, loaded_version=None, correction_note=""
):
    """Bring an incident's content back to an earlier revision.

    `incident` and `damage_types` are the revision's values as an editor adjusted them in the
    revert form (by default, the revision's own). Only content comes back (figures, text, damage
    types); where the incident stands (published, retracted) and who made it stay as they are.
    """
    current = _locked([revision.id]).first()
    if current is None:
        raise Refused("This incident no longer exists.")
    values = incident if incident is not None else revision.instance
    for name in changes.CONTENT_FIELDS:
        attname = Incident._meta.get_field(name).attname
        setattr(current, attname, getattr(values, attname))
    if damage_types is None:
        damage_types = [row.damagetype_id for row in revision.damage_types.all()]
    when = timezone.localtime(revision.history_date).strftime("%Y-%m-%d %H:%M")
    return save_incident(
        by=by,
        incident=current,
        damage_types=damage_types,
        loaded_version=loaded_version,
        correction_note=correction_note,
        reason=f"Restored the revision of {when}",
    )


@transaction.atomic
def delete_drafts(*, by, incidents):
    """Delete draft incidents (with their citations); anything readers saw is retracted."""
    _require(by, "incidents.delete_incident", "delete incidents")
    deleted = []
    for incident in _locked(incidents.values("pk")):
        if incident.status != Status.DRAFT:
            raise NotAllowed(f"“{incident}” has been public: retract it instead of deleting it.")
        for citation in incident.citations.all():
            _delete_citation_revision(citation, by=by, reason="Deleted with its draft incident")
        incident._history_user = _history_user(by)
        incident._change_reason = _reason(by, "Deleted draft")
        incident.delete()
        deleted.append(incident)
    if deleted:
        _announce()
    return deleted


# Citations on their own (the citation admin) -----------------------------------------------


@transaction.atomic
def save_citation(*, by, citation, correction_note=""):
    """Add or change one citation; a changed `incident` moves it (both incidents are checked)."""
    old_incident = None
    if not citation._state.adding:
        stored = Citation.objects.select_for_update().filter(pk=citation.pk).first()
        if stored is None:
            raise Refused("This citation was deleted meanwhile; nothing was saved.")
        old_incident = stored.incident_id
    if old_incident is not None and old_incident != citation.incident_id:
        _edit_citations(by, old_incident, CitationEdits(deleted=[stored]), correction_note)
        _edit_citations(by, citation.incident_id, CitationEdits(added=[citation]), correction_note)
    elif old_incident is None:
        _edit_citations(by, citation.incident_id, CitationEdits(added=[citation]), correction_note)
    else:
        _edit_citations(
            by, citation.incident_id, CitationEdits(changed=[citation]), correction_note
        )
    _announce()
    return citation


@transaction.atomic
def delete_citation(*, by, citation, correction_note=""):
    _edit_citations(by, citation.incident_id, CitationEdits(deleted=[citation]), correction_note)
    _announce()


def _edit_citations(by, incident_id, edits, note):
    """One incident's citations changed by `edits`, under that incident's rules."""
    incident = _locked([incident_id]).first()
    if incident is None:
        raise Refused("That incident does not exist.")
    _require_change(by, incident)
    before = changes.Snapshot.of(incident)
    after = before.proposed(incident, citations=edits)
    if incident.status == Status.PUBLISHED and not after.citations:
        raise Refused(
            f"“{incident}” is published and needs at least one citation: add another before "
            "removing this one, or unpublish it first."
        )
    listed = changes.public_changes(before, after) if incident.status == Status.PUBLISHED else []
    _require_note(incident, note, listed)
    reason = f"Citations changed; corrected: {note.strip()}" if listed else "Citations changed"
    _apply_citation_edits(incident, edits, by=by, reason=reason)
    if listed:
        _record_correction(incident, by=by, note=note, listed=listed)


# Publication ---------------------------------------------------------------------------------


def _set_status(incident, *, by, reason, **values):
    for name, value in values.items():
        setattr(incident, name, value)
    _save_incident_revision(incident, by=by, reason=reason)


@transaction.atomic
def publish(*, by, incidents) -> StatusChange:
    """Publish drafts (or re-publish retractions) that have at least one citation.

    Incidents without a citation are refused, not published: a public figure always has a source.
    """
    _require(by, PUBLISH, "publish incidents")
    result, now = StatusChange(), timezone.now()
    for incident in _locked(incidents.values("pk")).exclude(status=Status.PUBLISHED):
        if not incident.citations.exists():
            result.refused.append(incident)
            continue
        _set_status(
            incident,
            by=by,
            reason="Published",
            status=Status.PUBLISHED,
            retraction_reason="",
            retracted_at=None,
            published_at=incident.published_at or now,
        )
        result.changed.append(incident)
    if result.changed:
        _announce()
    return result


@transaction.atomic
def unpublish(*, by, incidents) -> StatusChange:
    """Take published incidents back to draft (e.g. published too early)."""
    _require(by, PUBLISH, "unpublish incidents")
    result = StatusChange()
    for incident in _locked(incidents.values("pk")).filter(status=Status.PUBLISHED):
        _set_status(incident, by=by, reason="Unpublished (back to draft)", status=Status.DRAFT)
        result.changed.append(incident)
    if result.changed:
        _announce()
    return result


@transaction.atomic
def retract(*, by, incidents, reason: str) -> StatusChange:
    """Withdraw published incidents from the public record; id, URL and a reason stay."""
    _require(by, PUBLISH, "retract incidents")
    reason = reason.strip()
    if not reason:
        raise Refused("A retraction needs a reason; readers of the incident's page will see it.")
    result, now = StatusChange(), timezone.now()
    for incident in _locked(incidents.values("pk")).filter(status=Status.PUBLISHED):
        _set_status(
            incident,
            by=by,
            reason=f"Retracted: {reason}",
            status=Status.RETRACTED,
            retraction_reason=reason,
            retracted_at=now,
        )
        Correction.objects.create(
            incident=incident,
            kind=CorrectionKind.RETRACTION,
            note=reason,
            created_at=now,
            created_by=_history_user(by),
        )
        result.changed.append(incident)
    if result.changed:
        _announce()
    return result


# Reference lists, bulk loads -----------------------------------------------------------------


@transaction.atomic
def save_reference(*, by, obj):
    """Save a region, source, threat or damage type (their names appear on every page)."""
    opts = obj._meta
    action = "add" if obj._state.adding else "change"
    _require(by, f"{opts.app_label}.{action}_{opts.model_name}", f"{action} a {opts.verbose_name}")
    obj.save()
    _announce()
    return obj


@transaction.atomic
def delete_reference(*, by, obj):
    opts = obj._meta
    _require(by, f"{opts.app_label}.delete_{opts.model_name}", f"delete a {opts.verbose_name}")
    obj.delete()
    _announce()


def bulk_loaded(*, by):
    """Say that rows were loaded around the ORM (COPY, a restored backup)."""
    if not isinstance(by, Command):
        raise NotAllowed("Only a command on the server loads rows in bulk.")
    with transaction.atomic():
        _announce()


# Imports ---------------------------------------------------------------------------------------

IMPORT_MAX_AGE = dt.timedelta(hours=1)
IMPORT = "incidents.import_incidents"


class DuplicatesUnconfirmed(Refused):
    code = "duplicates_unconfirmed"


@transaction.atomic
def stage_import(*, by, filename, preview) -> PendingImport:
    """Keep a previewed file's checked new rows server-side until the editor commits them."""
    _require(by, IMPORT, "import incidents")
    PendingImport.objects.filter(created_at__lt=timezone.now() - IMPORT_MAX_AGE).delete()
    return PendingImport.objects.create(
        created_by=_history_user(by),
        filename=filename[:255],
        rows=[row.payload for row in preview.to_create],
        skipped=len(preview.skipped),
        has_duplicates=bool(preview.duplicates),
    )


@transaction.atomic
def commit_import(*, by, pending_id, confirm_duplicates=False):
    """Write a staged import as drafts by `by`, all or nothing: (incidents, rows skipped)."""
    _require(by, IMPORT, "import incidents")
    pending = (
        PendingImport.objects.select_for_update()
        .filter(
            pk=pending_id,
            created_by=_history_user(by),
            created_at__gte=timezone.now() - IMPORT_MAX_AGE,
        )
        .first()
    )
    if pending is None:
        raise Refused("The preview expired; upload the file again.")
    if pending.has_duplicates and not confirm_duplicates:
        raise DuplicatesUnconfirmed("Some rows look like incidents already recorded: confirm.")
    created = _create_drafts(by, pending.rows, reason=f"Imported from {pending.filename}")
    skipped = pending.skipped
    pending.delete()
    return created, skipped


def _create_drafts(by, rows, *, reason):
    """New draft incidents with their damage types and citations, and one revision each, in a
    few bulk statements whatever the number of rows."""
    user = _history_user(by)
    incidents = []
    for row in rows:
        values = dict(row["incident"])
        values["date"] = dt.date.fromisoformat(values["date"])
        for name in ("window_start", "window_end"):
            values[name] = dt.datetime.fromisoformat(values[name]) if values[name] else None
        incidents.append(Incident(**values, status=Status.DRAFT, created_by=user, updated_by=user))
    Incident.objects.bulk_create(incidents)
    through = Incident.damage_types.through
    damage_rows = through.objects.bulk_create(
        through(incident_id=incident.pk, damagetype_id=damage)
        for incident, row in zip(incidents, rows, strict=True)
        for damage in row["damage_types"]
    )
    citations = Citation.objects.bulk_create(
        Citation(incident=incident, source_id=source, url=url, quote="")
        for incident, row in zip(incidents, rows, strict=True)
        for source, url in row["citations"]
    )
    why = _reason(by, reason)
    revisions = Incident.history.bulk_history_create(
        incidents, default_user=user, default_change_reason=why
    )
    m2m_history = INCIDENT_HISTORY.m2m_models[Incident._meta.get_field("damage_types")]
    revision_of = {revision.id: revision for revision in revisions}
    m2m_history.objects.bulk_create(
        m2m_history(
            history=revision_of[row.incident_id],
            id=row.id,
            incident_id=row.incident_id,
            damagetype_id=row.damagetype_id,
        )
        for row in damage_rows
    )
    Citation.history.bulk_history_create(citations, default_user=user, default_change_reason=why)
    return incidents
