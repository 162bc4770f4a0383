"""Keyset pages and honest counts, so the millionth row is as quick to show as the first.

A page is found from the last (or first) row of the page before it, on the sort key and the id,
never by OFFSET; the "last page" is the first page of the reversed order. Counting all matching
rows costs more than the page itself at this size, so counts are exact up to EXACT_COUNT_LIMIT
and otherwise the database planner's estimate, labelled "about".
"""

import base64
import datetime as dt
import json
from dataclasses import dataclass

from django.db import connections
from django.db.models import Q

PAGE_SIZE = 50
EXACT_COUNT_LIMIT = 1_000


class InvalidCursor(ValueError):
    """A page link that was not made by this site (or was cut short)."""


@dataclass
class Count:
    number: int
    exact: bool


@dataclass
class KeysetPage:
    items: list
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool
    is_last: bool


def cursor_after(row):
    """The link to the page that starts right after `row` (which carries its sort_key)."""
    return _encode("a", row)


def _encode(direction, row):
    value = row.sort_key
    if isinstance(value, dt.date):
        value = value.isoformat()
    raw = json.dumps([direction, value, row.pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor, key):
    if cursor == "last":
        return "last", None, None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        direction, value, pk = json.loads(raw)
        if direction not in ("a", "b") or not isinstance(pk, int):
            raise ValueError
        if key == "date":
            value = dt.date.fromisoformat(value)
        elif key in ("intercepted", "casualties"):
            value = int(value)
        elif not isinstance(value, str):
            raise ValueError
        if abs(pk) > 2**62 or (isinstance(value, int) and abs(value) > 2**62):
            raise ValueError
    except (ValueError, TypeError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidCursor(
            "This page link is not valid; start again from the first page."
        ) from error
    return direction, value, pk


def _beyond(value, pk, *, forward_descending):
    """Rows strictly after (value, pk) in an order that is descending (or not)."""
    if forward_descending:
        return Q(sort_key__lte=value) & (Q(sort_key__lt=value) | Q(pk__lt=pk))
    return Q(sort_key__gte=value) & (Q(sort_key__gt=value) | Q(pk__gt=pk))


def paginate(queryset, *, key, descending, cursor=None, size=PAGE_SIZE) -> KeysetPage:
    """One page of `queryset` in the order of `key`, after or before the row in `cursor`."""
    direction, value, pk = _decode(cursor, key) if cursor else ("a", None, None)
    rows = queryset.with_sort_key(key)
    # Reading backwards (a "before" link, or the last page) is reading the reversed order.
    backwards = direction in ("b", "last")
    order_descending = descending != backwards
    if value is not None:
        rows = rows.filter(_beyond(value, pk, forward_descending=order_descending))
    ordered = rows.sorted_by(key, descending=order_descending)
    items = list(ordered[: size + 1])
    more = len(items) > size
    items = items[:size]
    if backwards:
        items.reverse()
    at_start = (not backwards and cursor is None) or (backwards and not more)
    at_end = (backwards and direction == "last") or (not backwards and not more)
    return KeysetPage(
        items=items,
        next_cursor=None if at_end or not items else _encode("a", items[-1]),
        previous_cursor=None if at_start or not items else _encode("b", items[0]),
        is_first=at_start,
        is_last=at_end,
    )


def count(queryset) -> Count:
    """Exact below EXACT_COUNT_LIMIT; above it, PostgreSQL's estimate (SQLite counts)."""
    bounded = queryset.order_by().values("pk")[: EXACT_COUNT_LIMIT + 1].count()
    if bounded <= EXACT_COUNT_LIMIT:
        return Count(bounded, exact=True)
    if connections[queryset.db].vendor != "postgresql":
        return Count(queryset.count(), exact=True)
    plan = json.loads(queryset.order_by().explain(format="json"))
    estimate = int(plan[0]["Plan"]["Plan Rows"])
    return Count(max(estimate, EXACT_COUNT_LIMIT + 1), exact=False)
