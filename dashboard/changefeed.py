"""A change feed for mirrors: /api/changes/?since=<time or token> lists what became public,
changed or was retracted since then, so a copy of the record stays in sync without
downloading it again.

Each entry is the current state of one record (a record changed three times since then is
listed once, at its last change); a retraction is a tombstone with its reason. Entries come in
one stable order, (time of the change, kind, id), and every answer ends with `next`, the
position after its last entry: asking again with it lists exactly what came after.

What kinds of record the feed lists (incidents, statements) is one list, SOURCES.

Time order and commits: a write's time is taken when it is made, and it becomes visible when
it commits, maybe later. So the feed lists only changes older than every write transaction
still open (PostgreSQL's pg_stat_activity; a margin for clocks), and a change that commits
after a reader passed its time can never be skipped. The feed reads the primary:
a replica knows nothing of the primary's open transactions.
"""

import base64
import binascii
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, models
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboard.api import ErrorSerializer, IncidentSerializer, StatementSerializer
from dashboard.parameters import DIGITS
from incidents.choices import PUBLIC_STATUSES, Status
from incidents.limits import MAX_ID
from incidents.models import Citation, Incident, Statement

# Writes' clocks (Python's) and PostgreSQL's may differ a little; and a write takes its time
# just before its first statement.
MARGIN = dt.timedelta(seconds=1)
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class InvalidPosition(ValueError):
    """A `since` the feed cannot read (the message says why, for a 400)."""


class UnknownToken(InvalidPosition):
    """A `since` shaped as a token that this feed did not give: it names no position (404)."""


# The API schema's `since` and `limit`: a time with its zone, a token as the feed writes them
# (URL-safe base64, no padding), or blank (from the beginning); a whole number in digits.
TOKEN = r"[A-Za-z0-9_-]+"
SINCE_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date-time"},
        {"type": "string", "pattern": f"^{TOKEN}$"},
        {"type": "string", "enum": [""]},
    ]
}
LIMIT_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        {"type": "string", "enum": [""]},
    ]
}


@dataclass(frozen=True)
class Position:
    """A place in the feed's order: entries strictly after it come next."""

    at: dt.datetime
    kind: str = ""  # "" comes before every kind: a time alone lists everything at that time
    id: int = 0

    def key(self):
        return (self.at, self.kind, self.id)

    def token(self):
        raw = json.dumps([self.at.isoformat(), self.kind, self.id]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def read(cls, since):
        """`since` as given: an ISO 8601 time with its zone, or a token the feed wrote."""
        since = since.strip()
        try:
            at = parse_datetime(since)
        except ValueError:
            at = None
        if at is not None:
            return cls(_utc(at))
        try:
            raw = base64.urlsafe_b64decode(since + "=" * (-len(since) % 4))
            at, kind, pk = json.loads(raw)
            at, pk = dt.datetime.fromisoformat(at), int(pk)
            if not 0 <= pk <= MAX_ID:  # a token is untrusted too: an id the record can hold
                raise ValueError(pk)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, OverflowError) as error:
            raise (UnknownToken if re.fullmatch(TOKEN, since) else InvalidPosition)(
                _("“since” is neither a time (ISO 8601) nor a token this feed gave.")
            ) from error
        return cls(_utc(at), str(kind), pk)  # and its time read as a time given is


def _utc(at):
    """`at` in UTC, or InvalidPosition: a time needs its zone, and an offset ISO 8601 allows
    (up to ±23:59) may be one PostgreSQL refuses; near the first or last year a date can hold
    the conversion itself overflows."""
    if timezone.is_naive(at):
        raise InvalidPosition(_("Give the time with its zone, e.g. 2026-03-01T00:00:00Z."))
    try:
        at = at.astimezone(dt.UTC)
    except OverflowError:
        at = None
    if at is None or not EARLIEST_AT <= at <= LATEST_AT:
        raise InvalidPosition(_("“since” is outside the years a date can hold."))
    return at


# A day's room from the first and last years a date can hold: a database's own time zone
# arithmetic (SQLite's adapter) overflows at the very edge.
EARLIEST_AT = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
LATEST_AT = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)


BEGINNING = Position(dt.datetime(1970, 1, 1, tzinfo=dt.UTC))


@dataclass(frozen=True)
class Source:
    """One kind of record in the feed: its public rows (those readers saw, retracted ones
    included), the field that holds the time of its last change, and its entry."""

    kind: str
    rows: Callable[[], models.QuerySet]
    changed: str
    entry: Callable  # (row, since: Position, request) -> dict without the common keys

    def after(self, position, until, limit):
        """Up to `limit` rows after `position`, changed before `until`, in the feed's order."""
        at = self.changed
        if self.kind > position.kind:
            later = models.Q(**{f"{at}__gte": position.at})
        elif self.kind == position.kind:
            later = models.Q(**{f"{at}__gt": position.at}) | models.Q(
                **{at: position.at, "pk__gt": position.id}
            )
        else:
            later = models.Q(**{f"{at}__gt": position.at})
        rows = self.rows().filter(later, **{f"{at}__lt": until})
        return list(rows.order_by(at, "pk")[:limit])


def incident_entry(incident, since, request):
    url = request.build_absolute_uri(reverse("dashboard:incident-detail", args=[incident.pk]))
    if incident.status == Status.RETRACTED:
        return {
            "action": "retracted",
            "url": url,
            "reason": incident.retraction_reason,
            "retracted_at": incident.retracted_at,
        }
    # First public since then (rows loaded in bulk have no publication time: their creation).
    new = (incident.published_at or incident.created_at) >= since.at
    return {
        "action": "published" if new else "changed",
        "url": url,
        "reason": None,
        "retracted_at": None,
        "incident": IncidentSerializer(incident, context={"request": request}).data,
    }


def statements():
    """Statements readers see or saw (public now, or supporting an incident readers saw), with
    the time of their last change as readers see it: their own, or the last of an incident
    they support (publishing, changing or retracting it changes the statement's public face)."""
    seen = Exists(
        Citation.objects.filter(statement=OuterRef("pk"), incident__status__in=PUBLIC_STATUSES)
    )
    return (
        Statement.objects.filter(seen | Q(pk__in=Statement.objects.public().values("pk")))
        .annotate(
            feed_changed_at=Greatest(
                "updated_at", Coalesce(Max("claims__incident__updated_at"), "updated_at")
            ),
            feed_public=Exists(Statement.objects.public().filter(pk=OuterRef("pk"))),
        )
        .for_api()
    )


def statement_entry(statement, since, request):
    url = request.build_absolute_uri(reverse("dashboard:statement-detail", args=[statement.pk]))
    if not statement.feed_public:
        return {
            "action": "withdrawn",
            "url": url,
            "reason": _("No published incident cites it any longer."),
            "retracted_at": None,
        }
    return {
        "action": "published" if statement.created_at >= since.at else "changed",
        "url": url,
        "reason": None,
        "retracted_at": None,
        "statement": StatementSerializer(statement, context={"request": request}).data,
    }


# Every kind of record the feed lists: one entry each.
SOURCES = [
    Source(
        kind="incident",
        rows=lambda: Incident.objects.filter(status__in=PUBLIC_STATUSES).for_detail(),
        changed="updated_at",
        entry=incident_entry,
    ),
    Source(kind="statement", rows=statements, changed="feed_changed_at", entry=statement_entry),
]


KINDS = [source.kind for source in SOURCES]


def settled(using="default"):
    """The time before which every change has committed: now, or the start of the oldest
    write transaction still open (other than this one), less the margin."""
    until = timezone.now()
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The activity a transaction sees is a snapshot taken at its first look: look anew.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT min(xact_start) FROM pg_stat_activity "
                "WHERE datname = current_database() AND backend_xid IS NOT NULL "
                "AND pid <> pg_backend_pid()"
            )
            oldest = cursor.fetchone()[0]
        if oldest is not None:
            until = min(until, oldest)
    return until - MARGIN


def changes(since, limit, request):
    """(entries, next position, more?) after `since` (a Position)."""
    until = settled()
    found = []
    for source in SOURCES:
        rows = source.after(since, until, limit + 1)
        found += [(getattr(row, source.changed), source, row) for row in rows]
    found.sort(key=lambda item: (item[0], item[1].kind, item[2].pk))
    more = len(found) > limit
    entries, position = [], since
    for at, source, row in found[:limit]:
        position = Position(at, source.kind, row.pk)
        entries.append(
            {
                "kind": source.kind,
                "id": row.pk,
                "changed_at": at,
                "position": position.token(),
                **dict.fromkeys(KINDS),  # each kind's state: null but for this entry's kind
                **source.entry(row, since, request),
            }
        )
    return entries, position, more


# The API view --------------------------------------------------------------------------------


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField([source.kind for source in SOURCES], help_text="What changed.")
    id = serializers.IntegerField(help_text="Its id (stable: never changed or reused).")
    action = serializers.ChoiceField(
        ["published", "changed", "retracted", "withdrawn"],
        help_text=(
            "published: public for the first time since `since`; changed: public before, "
            "changed since; retracted: an incident's tombstone (the id and URL stay); "
            "withdrawn: a statement no published incident cites any longer."
        ),
    )
    changed_at = serializers.DateTimeField(help_text="When it last changed.")
    position = serializers.CharField(help_text="Resume after this entry: ?since=<position>.")
    url = serializers.URLField(help_text="Its public page.")
    reason = serializers.CharField(allow_null=True, help_text="Why it was retracted or withdrawn.")
    retracted_at = serializers.DateTimeField(allow_null=True)
    incident = IncidentSerializer(
        allow_null=True, help_text="Its current state (null if retracted)."
    )


class ChangesSerializer(serializers.Serializer):
    changes = ChangeSerializer(many=True)
    next = serializers.CharField(help_text="Ask again with ?since=<next> for what came after.")
    more = serializers.BooleanField(help_text="Whether more changes wait after `next` now.")


class ChangesView(APIView):
    reads_primary = True  # config/replicas.py: the open transactions are the primary's

    @extend_schema(
        summary="What became public, changed or was retracted since a time or a token",
        description=(
            "For mirrors: each record's current state, once, at its last change, in a stable "
            "order (time, kind, id); retractions are tombstones with their reason. Start with "
            "a time (or nothing, for everything) and go on with `next`."
        ),
        parameters=[
            OpenApiParameter(
                "since",
                SINCE_SCHEMA,
                description="An ISO 8601 time with its zone, or a `next` token.",
            ),
            OpenApiParameter(
                "limit",
                LIMIT_SCHEMA,
                description=f"At most this many entries ({DEFAULT_LIMIT}, <= {MAX_LIMIT}).",
            ),
        ],
        responses={
            200: ChangesSerializer,
            400: OpenApiResponse(ErrorSerializer, description="A `since` or `limit` not readable."),
            404: OpenApiResponse(ErrorSerializer, description="A token this feed did not give."),
        },
    )
    def get(self, request):
        since = request.query_params.get("since", "")
        try:
            position = Position.read(since) if since.strip() else BEGINNING
        except UnknownToken as error:
            raise NotFound(str(error)) from error
        except InvalidPosition as error:
            raise ParseError(str(error)) from error
        limit = request.query_params.get("limit", "") or str(DEFAULT_LIMIT)
        # Digits only: str.isdigit() also passes "²", which int() refuses.
        if not re.fullmatch(DIGITS, limit) or not 1 <= int(limit) <= MAX_LIMIT:
            raise ParseError(_("“limit” must be a whole number from 1 to %d.") % MAX_LIMIT)
        entries, after, more = changes(position, int(limit), request)
        return Response({"changes": entries, "next": after.token(), "more": more})
