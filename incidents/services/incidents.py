"""Writes to incidents and their citations: create, change, restore, delete, publish,
unpublish, retract; citations added, changed, moved and deleted on their own."""

from django.db import transaction
from django.utils import timezone

from incidents import changes
from incidents.changes import CitationEdits
from incidents.choices import CorrectionKind, Status
from incidents.models import Citation, Correction, Incident
from incidents.services.core import (
    PUBLISH,
    NotAllowed,
    Refused,
    Stale,
    StatusChange,
    announce,
    delete_citation_revision,
    given_reason,
    history_user,
    locked,
    record_correction,
    require,
    require_change,
    require_note,
    save_citation_revision,
    save_incident_revision,
)


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
        current = locked([incident.pk]).first()
        if current is None:
            raise Refused("This incident was deleted meanwhile; nothing was saved.")
        if loaded_version is not None and current.updated_at != loaded_version:
            raise Stale(current)
        require_change(by, current)
    before_status = current.status if current else Status.DRAFT
    if incident.status != before_status:
        if Status.RETRACTED in (incident.status, before_status):
            raise Refused("Retract (or re-publish) with the actions on the incident list.")
        require(by, PUBLISH, "publish or unpublish an incident")
    require(by, f"incidents.{'add' if current is None else 'change'}_incident", "do this")

    before = changes.Snapshot.of(current) if current else changes.Snapshot.empty()
    after = before.proposed(incident, damage_types=damage_types, citations=citations)
    if incident.status == Status.PUBLISHED and not after.citations:
        raise Refused(
            "A published incident needs at least one citation: add the statement it is based "
            "on, or save it as a draft."
        )
    listed = changes.public_changes(before, after) if before_status == Status.PUBLISHED else []

    require_note(incident, correction_note, listed)

    if incident.status == Status.PUBLISHED:
        incident.published_at = incident.published_at or timezone.now()
        incident.retraction_reason, incident.retracted_at = "", None
    if not reason:
        reason = "Created" if current is None else "Changed"
    if listed:
        reason = f"{reason}; corrected: {correction_note.strip()}"
    damage = (before.damage, after.damage) if damage_types is not None else None
    save_incident_revision(incident, by=by, reason=reason, damage=damage)
    _apply_citation_edits(incident, citations, by=by, reason=reason)
    if listed:
        record_correction(incident, by=by, note=correction_note, listed=listed)
    announce()
    return incident


def _apply_citation_edits(incident, edits, *, by, reason):
    for citation in edits.deleted:
        delete_citation_revision(citation, by=by, reason=reason)
    for citation in (*edits.changed, *edits.added):
        citation.incident = incident
        save_citation_revision(citation, by=by, reason=reason)


@transaction.atomic
def restore_revision(
    *, by, revision, incident=None, damage_types=None, loaded_version=None, correction_note=""
):
    """Bring an incident's content back to an earlier revision.

    `incident` and `damage_types` are the revision's values as an editor adjusted them in the
    revert form (by default, the revision's own). Only content comes back (figures, text, damage
    types); where the incident stands (published, retracted) and who made it stay as they are.
    """
    current = locked([revision.id]).first()
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
    require(by, "incidents.delete_incident", "delete incidents")
    deleted = []
    for incident in locked(incidents.values("pk")):
        if incident.status != Status.DRAFT:
            raise NotAllowed(f"“{incident}” has been public: retract it instead of deleting it.")
        for citation in incident.citations.all():
            delete_citation_revision(citation, by=by, reason="Deleted with its draft incident")
        incident._history_user = history_user(by)
        incident._change_reason = given_reason(by, "Deleted draft")
        incident.delete()
        deleted.append(incident)
    if deleted:
        announce()
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
    announce()
    return citation


@transaction.atomic
def delete_citation(*, by, citation, correction_note=""):
    _edit_citations(by, citation.incident_id, CitationEdits(deleted=[citation]), correction_note)
    announce()


def _edit_citations(by, incident_id, edits, note):
    """One incident's citations changed by `edits`, under that incident's rules."""
    incident = locked([incident_id]).first()
    if incident is None:
        raise Refused("That incident does not exist.")
    require_change(by, incident)
    before = changes.Snapshot.of(incident)
    after = before.proposed(incident, citations=edits)
    if incident.status == Status.PUBLISHED and not after.citations:
        raise Refused(
            f"“{incident}” is published and needs at least one citation: add another before "
            "removing this one, or unpublish it first."
        )
    listed = changes.public_changes(before, after) if incident.status == Status.PUBLISHED else []
    require_note(incident, note, listed)
    reason = f"Citations changed; corrected: {note.strip()}" if listed else "Citations changed"
    _apply_citation_edits(incident, edits, by=by, reason=reason)
    if listed:
        record_correction(incident, by=by, note=note, listed=listed)


# Publication ---------------------------------------------------------------------------------


def _set_status(incident, *, by, reason, **values):
    for name, value in values.items():
        setattr(incident, name, value)
    save_incident_revision(incident, by=by, reason=reason)


@transaction.atomic
def publish(*, by, incidents) -> StatusChange:
    """Publish drafts (or re-publish retractions) that have at least one citation.

    Incidents without a citation are refused, not published: a public figure always has a source.
    """
    require(by, PUBLISH, "publish incidents")
    result, now = StatusChange(), timezone.now()
    for incident in locked(incidents.values("pk")).exclude(status=Status.PUBLISHED):
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
        announce()
    return result


@transaction.atomic
def unpublish(*, by, incidents) -> StatusChange:
    """Take published incidents back to draft (e.g. published too early)."""
    require(by, PUBLISH, "unpublish incidents")
    result = StatusChange()
    for incident in locked(incidents.values("pk")).filter(status=Status.PUBLISHED):
        _set_status(incident, by=by, reason="Unpublished (back to draft)", status=Status.DRAFT)
        result.changed.append(incident)
    if result.changed:
        announce()
    return result


@transaction.atomic
def retract(*, by, incidents, reason: str) -> StatusChange:
    """Withdraw published incidents from the public record; id, URL and a reason stay."""
    require(by, PUBLISH, "retract incidents")
    reason = reason.strip()
    if not reason:
        raise Refused("A retraction needs a reason; readers of the incident's page will see it.")
    result, now = StatusChange(), timezone.now()
    for incident in locked(incidents.values("pk")).filter(status=Status.PUBLISHED):
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
            created_by=history_user(by),
        )
        result.changed.append(incident)
    if result.changed:
        announce()
    return result


# Reference lists, bulk loads -----------------------------------------------------------------
