"""A pasted statement, as the editor confirmed its reading: the statement, its totals, one draft
incident per region and threat it claims and each draft's citation, written in one transaction.

Nothing is written before the editor confirms (the intake's form carries the proposal); here
the confirmed proposal is written whole or not at all. The drafts are drafts whoever enters
them: publishing stays a chief editor's act, on the incident list.

Statements make claims; incidents are what they claim. A claim on a (date, region, threat)
the record already holds as an incident (not retracted) is attached to it by default: a
citation with the quote and the figure claimed, so the incident's page shows every source's
figure side by side. Attaching fills only what the incident does not report yet (a figure
"not reported", no damage types); it never overwrites a reported figure. On an incident
readers have seen, a new claim is a public change like any other citation added (see
incidents.changes): a chief editor's, with a dated public note.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from incidents.changes import CitationEdits
from incidents.choices import COUNTS, Reporting, Status
from incidents.models import (
    Citation,
    DamageType,
    Incident,
    Region,
    Statement,
    StatementTotal,
    ThreatType,
)
from incidents.services.core import Refused, announced_once, locked
from incidents.services.incidents import save_citation, save_incident
from incidents.services.reference import save_reference
from incidents.services.statements import TotalEdits, save_statement

# History reasons are written in the editor's language, as their notes are.
REASON = gettext_lazy("Entered through the statement intake")


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
    attach_to: object = None  # an incident already recorded this claim supports; None: new


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


def standing_incidents(date, *, among=None):
    """{(region id, threat id): [incidents, oldest first]} of the incidents recorded on `date`
    (of `among`, a queryset, if given) that are not retracted: what a new claim on that night
    may attach to. One query."""
    found = {}
    if date is None:
        return found
    rows = (
        (Incident.objects.all() if among is None else among)
        .filter(date=date)
        .exclude(status=Status.RETRACTED)
        .select_related("region", "threat_type")
        .order_by("pk")
    )
    for incident in rows:
        found.setdefault((incident.region_id, incident.threat_type_id), []).append(incident)
    return found


def attach_where_recorded(drafts, date, *, among=None):
    """Point each draft at the oldest incident already recorded for its (date, region, threat),
    the intake's default; the others stay new incidents. Returns the drafts."""
    standing = standing_incidents(date, among=among)
    for draft in drafts:
        key = (getattr(draft.region, "pk", None), getattr(draft.threat_type, "pk", None))
        if draft.attach_to is None and standing.get(key):
            draft.attach_to = standing[key][0]
    return drafts


def twin_of(statement):
    """The statement already recorded for this source and URL, if any."""
    if statement.source_id is None:
        return None
    return Statement.objects.filter(source_id=statement.source_id, url=statement.url).first()


def enter_statement(
    *,
    by,
    statement,
    totals=(),
    drafts=(),
    supports=(),
    new_source=None,
    correction_note="",
    reason=REASON,
):
    """Write a confirmed intake: `statement` (unsaved; `new_source`, an unsaved Source, becomes
    its source), its `totals` (unsaved StatementTotals) and, per DraftClaim, a new draft
    incident or (its `attach_to`) a claim on an incident already recorded, each cited by the
    statement with its quote and the figure it claims: (statement, new incidents).
    `supports` are (incident, DraftClaim) pairs: claims on incidents already recorded (a news
    article retelling officials' statements), cited under those incidents' rules.
    `correction_note` is the public note on the attached incidents readers have seen.
    Refused (and nothing written) if this source's statement at this URL is recorded, or a
    claim is attached where it does not belong or without the note its incident needs."""
    reason = str(reason)  # in the active language: the editor's
    with transaction.atomic(), announced_once():
        new = [draft for draft in drafts if draft.attach_to is None]
        statement, incidents = _enter(by, statement, totals, new, new_source, reason)
        for draft in drafts:
            if draft.attach_to is not None:
                _attach(by, statement, draft, note=correction_note, reason=reason)
        for incident, claim in supports:
            citation = _citation(statement, claim)
            citation.incident = incident
            save_citation(by=by, citation=citation, correction_note=correction_note)
        return statement, incidents


def _attach(by, statement, claim, *, note, reason):
    """The claim as a citation on the incident it names, filling what the incident does not
    report yet, under the incident's rules (services.save_incident)."""
    incident = locked([claim.attach_to.pk]).first()
    if incident is None or incident.status == Status.RETRACTED:
        raise Refused(
            gettext(
                "Incident #%(id)s was retracted or deleted meanwhile: record the claim as a new "
                "incident instead."
            )
            % {"id": claim.attach_to.pk},
            field="attach_to",
        )
    claimed = (statement.date, claim.region.pk, claim.threat_type.pk)
    if (incident.date, incident.region_id, incident.threat_type_id) != claimed:
        raise Refused(
            gettext(
                "Incident #%(id)s is “%(incident)s”, not this claim's night, region and threat: "
                "attach the claim to an incident of its own, or record a new one."
            )
            % {"id": incident.pk, "incident": incident},
            field="attach_to",
        )
    if incident.citations.filter(url=statement.url).exists():
        raise Refused(
            gettext("Incident #%(id)s already cites this URL: open it instead.")
            % {"id": incident.pk},
            field="attach_to",
        )
    for count in COUNTS:
        if getattr(incident, f"{count}_status") == Reporting.NOT_REPORTED:
            setattr(incident, count, getattr(claim, count))
            setattr(incident, f"{count}_status", getattr(claim, f"{count}_status"))
    damage = None
    if claim.damage_types and not incident.damage_types.exists():
        damage = claim.damage_types
    save_incident(
        by=by,
        incident=incident,
        damage_types=damage,
        citations=CitationEdits(added=[_citation(statement, claim)]),
        correction_note=note,
        reason=gettext("%(reason)s: a claim of statement #%(id)s")
        % {"reason": reason, "id": statement.pk},
    )
    return incident


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
            gettext("This source's statement at this URL is already recorded: open it instead."),
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
            editor_notes=gettext("Entered through the statement intake (statement #%(id)s).")
            % {"id": statement.pk},
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
