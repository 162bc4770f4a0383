"""What every write shares: who acts, why a write is refused, who may change what, and how
a revision and an announcement are written."""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.utils.translation import gettext

from incidents.changes import seen_by_readers
from incidents.choices import CorrectionKind
from incidents.models import INCIDENT_HISTORY, Correction, Incident, Statement
from incidents.signals import record_changed

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
    """A write the record's rules do not allow; the message says why, in an editor's words,
    and `field` names the form field it concerns (None: the write as a whole)."""

    code = "refused"
    field = None

    def __init__(self, message, *, changes=(), field=None):
        super().__init__(message)
        self.message = message
        self.changes = list(changes)
        self.field = field or self.field


class NotAllowed(Refused):
    code = "not_allowed"


class Stale(Refused):
    """Someone saved a newer version since the form was loaded."""

    code = "stale"

    def __init__(self, current):
        if current.updated_by:
            message = gettext(
                "%(who)s saved a newer version of this incident while you were editing."
            ) % {"who": current.updated_by.get_username()}
        else:
            message = gettext(
                "Someone saved a newer version of this incident while you were editing."
            )
        super().__init__(message)
        self.current = current


class CorrectionRequired(Refused):
    code = "correction_required"
    field = "correction_note"


@dataclass
class StatusChange:
    changed: list[Incident] = field(default_factory=list)
    refused: list[tuple[Incident, str]] = field(default_factory=list)  # (incident, why)


# Permissions ---------------------------------------------------------------------------------


def may_change(by, record) -> bool:
    """Whether `by` may change `record` (an incident or a statement) as stored: what readers
    have seen is a chief editor's."""
    if isinstance(record, Statement):
        return by.has_perm(PUBLISH if statement_seen(record) else "incidents.change_statement")
    if seen_by_readers(record):
        return by.has_perm(PUBLISH)
    return by.has_perm("incidents.change_incident")


def statement_seen(statement) -> bool:
    """Whether readers have seen `statement`: it supports an incident they have seen."""
    if statement.pk is None:
        return False
    supported = Incident.objects.filter(citations__statement=statement)
    return any(seen_by_readers(i) for i in supported.only("status", "published_at"))


def require(by, perm, what):
    """Refuse unless `by` has `perm`; `what` (lazy: in the editor's language) says what they
    may not do, as an infinitive phrase ("publish incidents")."""
    if not by.has_perm(perm):
        raise NotAllowed(
            gettext("You may not %(what)s: that is a chief editor's call.") % {"what": what}
        )


def require_change(by, incident):
    if not may_change(by, incident):
        raise NotAllowed(
            gettext(
                "“%(incident)s” has been public: what readers have seen is changed by a chief "
                "editor only."
            )
            % {"incident": incident}
        )


# Revisions -----------------------------------------------------------------------------------


def history_user(by):
    return None if isinstance(by, Command) else by


def given_reason(by, reason):
    return f"{reason} ({by})" if isinstance(by, Command) else reason


def save_incident_revision(incident, *, by, reason, damage=None):
    """Save `incident` and its damage types, and write exactly one revision of it.

    `damage` is (stored ids, new ids), or None to keep them. The revision is written after the
    damage types are set, so it records them; Django's m2m signals would otherwise add a
    revision per add and remove.
    """
    creating = incident._state.adding
    incident.updated_by = history_user(by)
    if creating and incident.created_by_id is None:
        incident.created_by = history_user(by)
    incident.skip_history_when_saving = True
    try:
        incident.save()
        if damage is not None:
            set_damage(incident, *damage)
    finally:
        del incident.skip_history_when_saving
    incident._history_user = history_user(by)
    incident._change_reason = given_reason(by, reason)
    INCIDENT_HISTORY.create_historical_record(incident, "+" if creating else "~")


def set_damage(incident, stored, new):
    """The incident's damage types from `stored` ids to `new` ids: only the difference is
    written (the related manager's set() reads the rows and the types first)."""
    through = Incident.damage_types.through
    if stored - new:
        through.objects.filter(incident=incident, damagetype__in=stored - new).delete()
    if new - stored:
        through.objects.bulk_create(
            [through(incident=incident, damagetype_id=pk) for pk in sorted(new - stored)]
        )


def save_citation_revision(citation, *, by, reason):
    citation._history_user = history_user(by)
    citation._change_reason = given_reason(by, reason)
    citation.save()


def delete_citation_revision(citation, *, by, reason):
    citation._history_user = history_user(by)
    citation._change_reason = given_reason(by, reason)
    citation.delete()


# Set while a write made of writes runs (services.enter_statement): it announces once, at its end.
_ANNOUNCEMENT_HELD = ContextVar("announcement_held", default=False)


def announce():
    if not _ANNOUNCEMENT_HELD.get():
        record_changed.send(sender=Incident)


@contextmanager
def announced_once():
    """The writes made inside are one write: announced once, when they all succeeded."""
    outer = _ANNOUNCEMENT_HELD.get()
    token = _ANNOUNCEMENT_HELD.set(True)
    try:
        yield
    finally:
        _ANNOUNCEMENT_HELD.reset(token)
    if not outer:
        announce()


def locked(pks):
    return (
        Incident.objects.filter(pk__in=pks)
        .select_related("region", "threat_type", "updated_by")
        .select_for_update(of=("self",))
        .order_by("pk")  # one lock order for every writer: no deadlock between two saves
    )


def require_note(incident, note, listed):
    if listed and not (note or "").strip():
        raise CorrectionRequired(
            gettext(
                "“%(incident)s” has been public and this changes what readers were told "
                "(%(changes)s). Add a correction note: readers will see it, dated, on the "
                "incident's page."
            )
            % {"incident": incident, "changes": "; ".join(listed)},
            changes=listed,
        )


def record_correction(incident, *, by, note, listed):
    return Correction.objects.create(
        incident=incident,
        kind=CorrectionKind.CORRECTION,
        note=note.strip(),
        changes="; ".join(listed),
        created_by=history_user(by),
    )


# Incidents -----------------------------------------------------------------------------------
