"""Writes to incidents and their citations: create, change, restore, delete, publish, retract,
re-publish; citations added, changed, moved and deleted on their own."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

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
from incidents.services.statements import link_statement


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
            raise Refused(gettext("This incident was deleted meanwhile; nothing was saved."))
        if loaded_version is not None and current.updated_at != loaded_version:
            raise Stale(current)
        require_change(by, current)
        for name in changes.STATUS_OWNED:
            setattr(incident, name, getattr(current, name))
    elif incident.status != Status.PUBLISHED:
        incident.published_at = None
    before_status = current.status if current else Status.DRAFT
    if incident.status not in changes.FORM_STATUSES[before_status]:
        raise Refused(
            gettext(
                "Retract or re-publish an incident with the actions on the incident list: "
                "readers are told why. A published incident is retracted, never taken back to "
                "draft."
            ),
            field="status",
        )
    if incident.status != before_status:
        require(by, PUBLISH, gettext_lazy("publish an incident"))
    require(
        by, f"incidents.{'add' if current is None else 'change'}_incident", gettext_lazy("do this")
    )

    before = changes.Snapshot.of(current) if current else changes.Snapshot.empty()
    after = before.proposed(incident, damage_types=damage_types, citations=citations)
    if changes.uncited(after.status, after.citations):
        raise Refused(gettext(changes.UNCITED))
    listed = changes.to_tell(before, after)
    require_note(incident, correction_note, listed)

    if incident.status == Status.PUBLISHED:
        incident.published_at = incident.published_at or timezone.now()
    if not reason:
        reason = gettext("Created") if current is None else gettext("Changed")
    if listed:
        reason = gettext("%(reason)s; corrected: %(note)s") % {
            "reason": reason,
            "note": correction_note.strip(),
        }
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
        link_statement(citation, incident, by=by, reason=reason)
        save_citation_revision(citation, by=by, reason=reason)
    if edits.deleted or edits.changed or edits.added:
        # Its citations are part of the incident as readers and mirrors see it (the change
        # feed lists it by this time); no revision of its own fields.
        Incident.objects.filter(pk=incident.pk).update(updated_at=timezone.now())


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
        raise Refused(gettext("This incident no longer exists."))
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
        reason=gettext("Restored the revision of %(when)s") % {"when": when},
    )


@transaction.atomic
def delete_drafts(*, by, incidents):
    """Delete drafts readers never saw (with their citations); the rest is retracted."""
    require(by, "incidents.delete_incident", gettext_lazy("delete incidents"))
    deleted = []
    for incident in locked(incidents.values("pk")):
        if not changes.deletable(incident):
            raise NotAllowed(
                gettext("“%(incident)s” has been public: retract it instead of deleting it.")
                % {"incident": incident}
            )
        for citation in incident.citations.all():
            delete_citation_revision(
                citation, by=by, reason=gettext("Deleted with its draft incident")
            )
        incident._history_user = history_user(by)
        incident._change_reason = given_reason(by, gettext("Deleted draft"))
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
            raise Refused(gettext("This citation was deleted meanwhile; nothing was saved."))
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
        raise Refused(gettext("That incident does not exist."))
    require_change(by, incident)
    before = changes.Snapshot.of(incident)
    after = before.proposed(incident, citations=edits)
    if changes.uncited(after.status, after.citations):
        raise Refused(f"“{incident}”: {gettext(changes.UNCITED)}")
    listed = changes.to_tell(before, after)
    require_note(incident, note, listed)
    reason = gettext("Citations changed")
    if listed:
        reason = gettext("%(reason)s; corrected: %(note)s") % {
            "reason": reason,
            "note": note.strip(),
        }
    _apply_citation_edits(incident, edits, by=by, reason=reason)
    if listed:
        # Readers get the editor's note as written (as save_incident gives it), not the
        # revision's reason around it ("Citations changed; corrected: ...", in English).
        record_correction(incident, by=by, note=note, listed=listed)


# Publication ---------------------------------------------------------------------------------


def _set_status(incident, *, by, reason, **values):
    for name, value in values.items():
        setattr(incident, name, value)
    save_incident_revision(incident, by=by, reason=reason)


@transaction.atomic
def publish(*, by, incidents) -> StatusChange:
    """Publish drafts readers have not seen that have at least one citation.

    Incidents without a citation are refused, not published: a public figure always has a
    source. What readers saw before comes back with `republish`, which takes a public note.
    """
    require(by, PUBLISH, gettext_lazy("publish incidents"))
    result, now = StatusChange(), timezone.now()
    for incident in locked(incidents.values("pk")).filter(status=Status.DRAFT):
        if changes.seen_by_readers(incident):
            result.refused.append((incident, REPUBLISH_INSTEAD))
        elif changes.uncited(Status.PUBLISHED, incident.citations.exists()):
            result.refused.append((incident, gettext(changes.UNCITED)))
        else:
            _set_status(
                incident,
                by=by,
                reason=gettext("Published"),
                status=Status.PUBLISHED,
                published_at=now,
            )
            result.changed.append(incident)
    if result.changed:
        announce()
    return result


REPUBLISH_INSTEAD = gettext_lazy(
    "readers have seen it before: re-publish it, with a note saying why."
)


@transaction.atomic
def republish(*, by, incidents, reason: str) -> StatusChange:
    """Bring back to the public record incidents readers saw before (retracted, or unpublished
    before drafts stayed drafts), with a dated public note saying why."""
    require(by, PUBLISH, gettext_lazy("re-publish incidents"))
    reason = reason.strip()
    if not reason:
        raise Refused(
            gettext("Re-publishing needs a reason; readers of the incident's page will see it."),
            field="reason",
        )
    result = StatusChange()
    for incident in locked(incidents.values("pk")).exclude(status=Status.PUBLISHED):
        if not changes.seen_by_readers(incident):
            continue  # a draft readers never saw is published, not re-published
        if changes.uncited(Status.PUBLISHED, incident.citations.exists()):
            result.refused.append((incident, gettext(changes.UNCITED)))
            continue
        listed = [changes.status_change(incident.status, Status.PUBLISHED)]
        _set_status(
            incident,
            by=by,
            reason=gettext("Re-published: %(reason)s") % {"reason": reason},
            status=Status.PUBLISHED,
            retraction_reason="",
            retracted_at=None,
        )
        record_correction(incident, by=by, note=reason, listed=listed)
        result.changed.append(incident)
    if result.changed:
        announce()
    return result


@transaction.atomic
def retract(*, by, incidents, reason: str) -> StatusChange:
    """Withdraw what readers saw from the public record; id, URL and a reason stay."""
    require(by, PUBLISH, gettext_lazy("retract incidents"))
    reason = reason.strip()
    if not reason:
        raise Refused(
            gettext("A retraction needs a reason; readers of the incident's page will see it."),
            field="reason",
        )
    result, now = StatusChange(), timezone.now()
    for incident in locked(incidents.values("pk")).exclude(status=Status.RETRACTED):
        if not changes.seen_by_readers(incident):
            continue  # a draft readers never saw is deleted, not retracted
        _set_status(
            incident,
            by=by,
            reason=gettext("Retracted: %(reason)s") % {"reason": reason},
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
