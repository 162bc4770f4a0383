"""A bulk import, staged between its preview and its commit, then written as drafts."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from incidents.choices import Status
from incidents.internals import historical_m2m_model
from incidents.models import Citation, Incident, PendingImport
from incidents.services.core import Refused, announce, given_reason, history_user, require
from incidents.services.statements import statements_for

IMPORT_MAX_AGE = dt.timedelta(hours=1)
IMPORT = "incidents.import_incidents"


class DuplicatesUnconfirmed(Refused):
    code = "duplicates_unconfirmed"


@transaction.atomic
def stage_import(*, by, filename, preview) -> PendingImport:
    """Keep a previewed file's checked new rows server-side until the editor commits them."""
    require(by, IMPORT, gettext_lazy("import incidents"))
    PendingImport.objects.filter(created_at__lt=timezone.now() - IMPORT_MAX_AGE).delete()
    return PendingImport.objects.create(
        created_by=history_user(by),
        filename=filename[:255],
        rows=[row.payload for row in preview.to_create],
        skipped=len(preview.skipped),
        has_duplicates=bool(preview.duplicates),
    )


@transaction.atomic
def commit_import(*, by, pending_id, confirm_duplicates=False):
    """Write a staged import as drafts by `by`, all or nothing: (incidents, rows skipped)."""
    require(by, IMPORT, gettext_lazy("import incidents"))
    pending = (
        PendingImport.objects.select_for_update()
        .filter(
            pk=pending_id,
            created_by=history_user(by),
            created_at__gte=timezone.now() - IMPORT_MAX_AGE,
        )
        .first()
    )
    if pending is None:
        raise Refused(gettext("The preview expired; upload the file again."))
    if pending.has_duplicates and not confirm_duplicates:
        raise DuplicatesUnconfirmed(
            gettext("Some rows look like incidents already recorded: confirm.")
        )
    created = _create_drafts(
        by, pending.rows, reason=gettext("Imported from %(file)s") % {"file": pending.filename}
    )
    skipped = pending.skipped
    pending.delete()
    announce()
    return created, skipped


def _create_drafts(by, rows, *, reason):
    """New draft incidents with their damage types and citations, and one revision each, in a
    few bulk statements whatever the number of rows."""
    user = history_user(by)
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
    cited = {
        (source, url): incident
        for incident, row in zip(incidents, rows, strict=True)
        for source, url in row["citations"]
    }
    statements = statements_for(cited, by=by, reason=reason)
    citations = Citation.objects.bulk_create(
        Citation(
            incident=incident,
            statement_id=statements[(source, url)],
            source_id=source,
            url=url,
            quote="",
        )
        for incident, row in zip(incidents, rows, strict=True)
        for source, url in row["citations"]
    )
    why = given_reason(by, reason)
    revisions = Incident.history.bulk_history_create(
        incidents, default_user=user, default_change_reason=why
    )
    m2m_history = historical_m2m_model(Incident, "damage_types")
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
