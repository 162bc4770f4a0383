"""A pasted statement, as the editor confirmed its reading: the statement, its totals, one draft
incident per region and threat it claims and each draft's citation, written in one transaction.

Nothing is written before the editor confirms (the intake's form carries the proposal); here
the confirmed proposal is written whole or not at all. The drafts are drafts whoever enters
them: publishing stays a chief editor's act, on the incident list.
"""

from dataclasses import dataclass, field

from django.db import transaction

from incidents.changes import CitationEdits
from incidents.choices import Reporting, Status
from incidents.models import (
    Citation,
    DamageType,
    Incident,
    Region,
    Statement,
    StatementTotal,
    ThreatType,
)
from incidents.services.core import Refused, announced_once
from incidents.services.incidents import save_citation, save_incident
from incidents.services.reference import save_reference
from incidents.services.statements import TotalEdits, save_statement

REASON = "Entered through the statement intake"


@dataclass
class DraftClaim:
    """One region and threat the statement claims, as the editor confirmed it."""

    region: object
    threat_type: object
    intercepted: int | None = None
    intercepted_status: str = Reporting.NOT_REPORTED
    killed: int | None = None
    killed_status: str = Reporting.NOT_REPORTED
    injured: int | None = None
    injured_status: str = Reporting.NOT_REPORTED
    damage_types: list = field(default_factory=list)
    quote: str = ""
    summary: str = ""  # the draft's public summary; its quote when empty


def proposed_records(proposal):
    """A parser's Proposal as the record's rows: (unsaved StatementTotals, DraftClaims). A
    region or threat the record does not hold is None (the editor picks one)."""
    regions = {}
    for region in Region.objects.all():
        regions[region.slug] = regions[region.iso_code or region.slug] = region
    threats = {t.slug: t for t in ThreatType.objects.all()}
    damage = {d.slug: d for d in DamageType.objects.all()}

    def figure(name, value):
        return {name: value.number, f"{name}_status": value.state}

    totals = [
        StatementTotal(threat_type=threats.get(t.threat), **figure("intercepted", t.figure))
        for t in proposal.totals
    ]
    drafts = [
        DraftClaim(
            region=regions.get(d.region),
            threat_type=threats.get(d.threat),
            **figure("intercepted", d.intercepted),
            **figure("killed", d.killed),
            **figure("injured", d.injured),
            damage_types=[damage[s] for s in d.damage if s in damage],
            quote=d.quote,
        )
        for d in proposal.incidents
    ]
    return totals, drafts


def twin_of(statement):
    """The statement already recorded for this source and URL, if any."""
    if statement.source_id is None:
        return None
    return Statement.objects.filter(source_id=statement.source_id, url=statement.url).first()


def enter_statement(
    *, by, statement, totals=(), drafts=(), supports=(), new_source=None, reason=REASON
):
    """Write a confirmed intake: `statement` (unsaved; `new_source`, an unsaved Source, becomes
    its source), its `totals` (unsaved StatementTotals) and one draft incident per DraftClaim,
    each cited by the statement with its quote and the figure it claims: (statement, incidents).
    `supports` are (incident, DraftClaim) pairs: claims on incidents already recorded (a news
    article retelling officials' statements), cited under those incidents' rules.
    Refused (and nothing written) if this source's statement at this URL is recorded."""
    with transaction.atomic(), announced_once():
        statement, incidents = _enter(by, statement, totals, drafts, new_source, reason)
        for incident, claim in supports:
            citation = _citation(statement, claim)
            citation.incident = incident
            save_citation(by=by, citation=citation)
        return statement, incidents


def _citation(statement, claim):
    return Citation(
        statement=statement,
        source=statement.source,
        url=statement.url,
        archive_url=statement.archive_url,
        published_at=statement.published_at,
        quote=claim.quote,
        claimed_intercepted=claim.intercepted,
        claimed_intercepted_status=claim.intercepted_status,
    )


def _enter(by, statement, totals, drafts, new_source, reason):
    if new_source is not None:
        save_reference(by=by, obj=new_source)
        statement.source = new_source
    twin = twin_of(statement)
    if twin is not None:
        raise Refused(
            "This source's statement at this URL is already recorded: open it instead.",
            field="url",
        )
    save_statement(by=by, statement=statement, totals=TotalEdits(added=list(totals)), reason=reason)
    incidents = []
    for draft in drafts:
        incident = Incident(
            status=Status.DRAFT,
            date=statement.date,
            window_start=statement.window_start,
            window_end=statement.window_end,
            region=draft.region,
            threat_type=draft.threat_type,
            intercepted=draft.intercepted,
            intercepted_status=draft.intercepted_status,
            killed=draft.killed,
            killed_status=draft.killed_status,
            injured=draft.injured,
            injured_status=draft.injured_status,
            # A draft's public summary starts as its quote; the editor who publishes it writes
            # the summary readers will see.
            summary=draft.summary or draft.quote or str(statement.source),
            editor_notes=f"Entered through the statement intake (statement #{statement.pk}).",
        )
        citation = _citation(statement, draft)
        save_incident(
            by=by,
            incident=incident,
            damage_types=draft.damage_types,
            citations=CitationEdits(added=[citation]),
            reason=reason,
        )
        incidents.append(incident)
    return statement, incidents
