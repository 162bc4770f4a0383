"""Writes to statements: their words, window and totals, and the link from each citation to
the statement it quotes.

A statement is public when it supports an incident readers have seen: then it is changed by a
chief editor only, and a change to what it claims (its source, URL, words, date, window or
totals) takes a dated public note on each such incident, like a change to the incident itself.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_lazy

from incidents.changes import seen_by_readers
from incidents.choices import Reporting
from incidents.models import Citation, Statement
from incidents.services.core import (
    CorrectionRequired,
    Refused,
    announce,
    given_reason,
    history_user,
    locked,
    record_correction,
    require,
    require_change,
)

# What a statement claims, as its page and its incidents' pages show it.
STATEMENT_CLAIMS = ("source", "url", "text", "date", "window_start", "window_end")
# What a citation shows of its statement, copied onto it (filters and export lists read it).
SHOWN_ON_CITATIONS = ("source_id", "url", "archive_url", "published_at")


class StaleStatement(Refused):
    """Someone saved a newer version of the statement since the form was loaded."""

    code = "stale"

    def __init__(self, current):
        who = current.updated_by.get_username() if current.updated_by else None
        message = gettext(
            "%(who)s saved a newer version of this statement while you were editing; your "
            "changes were not saved. Open it again and apply your change."
        ) % {"who": who or gettext("Someone")}
        super().__init__(message)
        self.current = current


@dataclass
class TotalEdits:
    """A statement's totals to add, change and delete, as one write."""

    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    deleted: list = field(default_factory=list)

    @classmethod
    def from_formset(cls, formset):
        formset.save(commit=False)
        return cls(
            added=list(formset.new_objects),
            changed=[total for total, _ in formset.changed_objects],
            deleted=list(formset.deleted_objects),
        )


def supported_incidents(statement):
    """The incidents `statement` supports, locked (the statement's rules are theirs)."""
    return list(locked(Citation.objects.filter(statement=statement).values("incident_id")))


def _save_revision(obj, *, by, reason):
    if isinstance(obj, Statement):
        obj.updated_by = history_user(by)
        if obj._state.adding and obj.created_by_id is None:
            obj.created_by = history_user(by)
    obj._history_user = history_user(by)
    obj._change_reason = given_reason(by, reason)
    obj.save()


def _delete_revision(obj, *, by, reason):
    obj._history_user = history_user(by)
    obj._change_reason = given_reason(by, reason)
    obj.delete()


def _claims(statement, totals):
    values = {
        name: getattr(statement, statement._meta.get_field(name).attname)
        for name in STATEMENT_CLAIMS
    }
    values["totals"] = sorted(
        (total.threat_type_id, total.intercepted, total.intercepted_status) for total in totals
    )
    return values


def _listed(before, after):
    return [
        f"statement {name.replace('_', ' ')} changed"
        for name in (*STATEMENT_CLAIMS, "totals")
        if before[name] != after[name]
    ]


@transaction.atomic
def save_statement(
    *, by, statement, totals=None, loaded_version=None, correction_note="", reason=""
):
    """Create or change a statement and its totals (TotalEdits; None keeps them), as one
    revision each; its citations follow its source, URL, archive link and time."""
    totals = totals or TotalEdits()
    current = None
    if not statement._state.adding:
        current = (
            Statement.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .filter(pk=statement.pk)
            .first()
        )
        if current is None:
            raise Refused(gettext("This statement was deleted meanwhile; nothing was saved."))
        if loaded_version is not None and current.updated_at != loaded_version:
            raise StaleStatement(current)
        require_change(by, current)
    require(
        by, f"incidents.{'add' if current is None else 'change'}_statement", gettext_lazy("do this")
    )
    twin = Statement.objects.filter(source_id=statement.source_id, url=statement.url)
    if current is not None:
        twin = twin.exclude(pk=current.pk)
    if twin.exists():
        raise Refused(
            gettext("This source's statement at this URL is already recorded: open it instead."),
            field="url",
        )

    stored_totals = list(current.totals.all()) if current else []
    gone = {total.pk for total in (*totals.deleted, *totals.changed)}
    after_totals = [t for t in stored_totals if t.pk not in gone]
    after_totals += [*totals.changed, *totals.added]
    threats = [total.threat_type_id for total in after_totals]
    if len(threats) != len(set(threats)):
        raise Refused(gettext("Give one total per threat: a threat is listed twice."))

    incidents = supported_incidents(current) if current else []
    seen = [incident for incident in incidents if seen_by_readers(incident)]
    listed = []
    if seen:
        listed = _listed(_claims(current, stored_totals), _claims(statement, after_totals))
    if listed and not (correction_note or "").strip():
        raise CorrectionRequired(
            gettext(
                "Readers have seen incidents this statement supports, and this changes what it "
                "claims (%(changes)s). Add a correction note: readers will see it, dated, on "
                "those incidents' pages."
            )
            % {"changes": "; ".join(listed)},
            changes=listed,
        )

    if not reason:
        reason = gettext("Created") if current is None else gettext("Changed")
    if listed:
        reason = gettext("%(reason)s; corrected: %(note)s") % {
            "reason": reason,
            "note": correction_note.strip(),
        }
    try:
        with transaction.atomic():
            _save_revision(statement, by=by, reason=reason)
    except IntegrityError:  # a twin saved meanwhile
        raise Refused(
            gettext("This source's statement at this URL was recorded meanwhile: open it instead."),
            field="url",
        ) from None
    for total in totals.deleted:
        _delete_revision(total, by=by, reason=reason)
    for total in (*totals.changed, *totals.added):
        total.statement = statement
        _save_revision(total, by=by, reason=reason)
    if current is not None:
        _follow(statement, current, by=by, reason=reason)
    for incident in seen if listed else ():
        record_correction(incident, by=by, note=correction_note, listed=listed)
    announce()
    return statement


def _follow(statement, before, *, by, reason):
    """The statement's citations show what it now says of itself."""
    changed = [n for n in SHOWN_ON_CITATIONS if getattr(statement, n) != getattr(before, n)]
    if not changed:
        return
    for citation in statement.claims.all():
        for name in changed:
            setattr(citation, name, getattr(statement, name))
        _save_revision(
            citation,
            by=by,
            reason=gettext("Its statement changed: %(reason)s") % {"reason": reason},
        )


@transaction.atomic
def delete_statement(*, by, statement):
    """Delete a statement that supports no incident (its totals go with it)."""
    require(by, "incidents.delete_statement", gettext_lazy("delete statements"))
    stored = Statement.objects.select_for_update().filter(pk=statement.pk).first()
    if stored is None:
        return
    if stored.claims.exists():
        raise Refused(
            gettext(
                "This statement supports incidents: remove its citations on their incidents first."
            )
        )
    for total in stored.totals.all():
        _delete_revision(total, by=by, reason=gettext("Deleted with its statement"))
    _delete_revision(stored, by=by, reason=gettext("Deleted"))
    announce()


def link_statement(citation, incident, *, by, reason):
    """Give `citation` the statement of its source and URL, making the statement if there is
    none yet (dated and windowed as its incident); a citation given only its statement takes
    the statement's source and URL. Also reads a claimed number as a reported figure."""
    statement = citation.statement if citation.statement_id else None
    if statement is not None and not (citation.source_id and citation.url):
        citation.source_id, citation.url = statement.source_id, statement.url
    if statement is None or (statement.source_id, statement.url) != (
        citation.source_id,
        citation.url,
    ):
        statement = Statement.objects.filter(
            source_id=citation.source_id, url=citation.url
        ).first() or _new_statement(citation, incident, by=by, reason=reason)
        citation.statement = statement
    if not citation.archive_url:
        citation.archive_url = statement.archive_url
    if citation.published_at is None:
        citation.published_at = statement.published_at
    if (
        citation.claimed_intercepted is not None
        and citation.claimed_intercepted_status == Reporting.NOT_REPORTED
    ):
        citation.claimed_intercepted_status = Reporting.REPORTED


def _new_statement(citation, incident, *, by, reason):
    statement = Statement(
        source_id=citation.source_id,
        url=citation.url,
        archive_url=citation.archive_url,
        published_at=citation.published_at,
        date=incident.date,
        window_start=incident.window_start,
        window_end=incident.window_end,
    )
    try:
        with transaction.atomic():
            _save_revision(
                statement,
                by=by,
                reason=gettext("Made from a citation: %(reason)s") % {"reason": reason},
            )
    except IntegrityError:  # the same statement, made meanwhile by another write
        return Statement.objects.get(source_id=citation.source_id, url=citation.url)
    return statement


def statements_for(cited, *, by, reason):
    """{(source id, URL): incident} -> {(source id, URL): statement id}, making the statements
    that are not recorded yet in a few bulk statements (the importer's drafts)."""
    urls = {url for _, url in cited}
    found = {
        (source, url): pk
        for source, url, pk in Statement.objects.filter(url__in=urls).values_list(
            "source_id", "url", "id"
        )
        if (source, url) in cited
    }
    user = history_user(by)
    new = [
        Statement(
            source_id=source,
            url=url,
            date=incident.date,
            window_start=incident.window_start,
            window_end=incident.window_end,
            created_by=user,
            updated_by=user,
        )
        for (source, url), incident in cited.items()
        if (source, url) not in found
    ]
    if new:
        Statement.objects.bulk_create(new)
        made = Statement.objects.filter(url__in={s.url for s in new}).values_list(
            "source_id", "url", "id"
        )
        found.update(((s, u), pk) for s, u, pk in made if (s, u) in cited)
        for statement in new:
            statement.pk = found[(statement.source_id, statement.url)]
        Statement.history.bulk_history_create(
            new, default_user=user, default_change_reason=given_reason(by, reason)
        )
    return found
