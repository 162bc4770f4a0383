"""Writes that change an incident's public state. Each runs in one transaction."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from incidents.models import Citation, Correction, Incident


@dataclass
class StatusChange:
    changed: list[Incident] = field(default_factory=list)
    refused: list[Incident] = field(default_factory=list)


def _has_citation():
    return Exists(Citation.objects.filter(incident=OuterRef("pk")))


def _locked(incidents):
    """The given incidents, re-selected plainly and locked for the transaction.

    Re-selecting drops whatever the caller annotated (the admin counts citations with GROUP BY,
    which FOR UPDATE does not allow).
    """
    return Incident.objects.filter(pk__in=incidents.values("pk")).select_for_update()


@transaction.atomic
def publish(*, incidents, user) -> StatusChange:
    """Publish drafts (or re-publish retractions) that have at least one citation.

    Incidents without a citation are refused, not published: a public figure always has a source.
    """
    result = StatusChange()
    now = timezone.now()
    candidates = (
        _locked(incidents)
        .exclude(status=Incident.Status.PUBLISHED)
        .annotate(has_citation=_has_citation())
    )
    for incident in candidates:
        if not incident.has_citation:
            result.refused.append(incident)
            continue
        incident.status = Incident.Status.PUBLISHED
        incident.retraction_reason = ""
        incident.published_at = incident.published_at or now
        incident.updated_by = user
        incident.save(
            update_fields=[
                "status",
                "retraction_reason",
                "published_at",
                "updated_by",
                "updated_at",
            ]
        )
        result.changed.append(incident)
    return result


@transaction.atomic
def unpublish(*, incidents, user) -> StatusChange:
    """Take published incidents back to draft (e.g. published too early)."""
    result = StatusChange()
    for incident in _locked(incidents).filter(status=Incident.Status.PUBLISHED):
        incident.status = Incident.Status.DRAFT
        incident.updated_by = user
        incident.save(update_fields=["status", "updated_by", "updated_at"])
        result.changed.append(incident)
    return result


@transaction.atomic
def retract(*, incidents, user, reason: str) -> StatusChange:
    """Withdraw published incidents from the public record; id, URL and a reason stay."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A retraction needs a reason; readers of the incident's page will see it.")
    result = StatusChange()
    now = timezone.now()
    for incident in _locked(incidents).filter(status=Incident.Status.PUBLISHED):
        incident.status = Incident.Status.RETRACTED
        incident.retraction_reason = reason
        incident.retracted_at = now
        incident.updated_by = user
        incident._change_reason = f"Retracted: {reason}"
        incident.save(
            update_fields=[
                "status",
                "retraction_reason",
                "retracted_at",
                "updated_by",
                "updated_at",
            ]
        )
        Correction.objects.create(
            incident=incident,
            kind=Correction.Kind.RETRACTION,
            note=reason,
            created_at=now,
            created_by=user,
        )
        result.changed.append(incident)
    return result


def record_correction(*, incident, user, note: str, changes: str) -> Correction:
    """A public, dated note that a published incident's figures changed, and why."""
    incident._change_reason = f"Corrected: {note}"
    return Correction.objects.create(
        incident=incident,
        kind=Correction.Kind.CORRECTION,
        note=note.strip(),
        changes=changes,
        created_by=user,
    )
