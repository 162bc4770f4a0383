"""Keyset pages, so the millionth row is as quick to show as the first.

A page is found from the last (or first) row of the page before it, on the sort key and the id,
never by OFFSET; the "last page" is the first page of the reversed order. A cursor is
untrusted input: anything this module did not make is an InvalidCursor (a 400), never a 500.

"Page 3 of 412" costs no query: the number of rows is known (the page shows it), and a link
carries the number of the page it leads to. So that the pages read backwards from the last are
the same pages as forwards from the first, the last page holds what is left after the full
pages (count % size rows), not a full page. A link without a number (made before the pages had
them) still works; its page shows no number.
"""

import base64
import binascii
import datetime as dt
import json
import math
from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.db.models import Count, Q, Window
from django.utils.translation import gettext

PAGE_SIZE = 50


class InvalidCursor(ValueError):
    """A page link that was not made by this site (or was cut short)."""


@dataclass
class KeysetPage:
    items: list
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool
    is_last: bool
    total: int | None = None  # every row's count, when asked for on a first page
    number: int | None = None  # None: unknown (an old link, or no count given)
    pages: int | None = None


def cursor_after(row, number=None):
    """The link to the page that starts right after `row` (which carries its sort_key), page
    `number` if known."""
    return _encode("a", row, number)


def _encode(direction, row, number=None):
    value = row.sort_key
    if isinstance(value, dt.date):
        value = value.isoformat()
    position = [direction, value, row.pk] + ([number] if number else [])
    raw = json.dumps(position, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


MAX_KEY = 2**62
MAX_TEXT = 200


def _no_constants(name):
    raise ValueError(f"{name} is not a position")  # JSON's NaN and Infinity


def _decode(cursor, key):
    """(direction, sort-key value, id, page number or None) of a page link this module made;
    InvalidCursor else."""
    if cursor == "last":
        return "last", None, None, None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        direction, value, pk, *number = json.loads(raw, parse_constant=_no_constants)
        if direction not in ("a", "b") or type(pk) is not int or not 0 < pk <= MAX_KEY:
            raise ValueError
        if number and (len(number) > 1 or type(number[0]) is not int or number[0] < 1):
            raise ValueError
        if key == "date":
            value = dt.date.fromisoformat(value)
        elif key in ("intercepted", "casualties", "relevance"):
            if type(value) is not int or abs(value) > MAX_KEY:
                raise ValueError
        elif not isinstance(value, str) or len(value) > MAX_TEXT or "\x00" in value:
            raise ValueError
        else:
            value.encode("utf-8")  # a lone surrogate cannot reach the database
    except (ValueError, TypeError, UnicodeError, OverflowError, binascii.Error) as error:
        # Shown on the table's page, in its language.
        raise InvalidCursor(
            gettext("This page link is not valid; start again from the first page.")
        ) from error
    return direction, value, pk, number[0] if number else None


def _beyond(value, pk, *, forward_descending):
    """Rows strictly after (value, pk) in an order that is descending (or not)."""
    if forward_descending:
        return Q(sort_key__lte=value) & (Q(sort_key__lt=value) | Q(pk__lt=pk))
    return Q(sort_key__gte=value) & (Q(sort_key__gt=value) | Q(pk__gt=pk))


def paginate(
    queryset, *, key, descending, cursor=None, size=PAGE_SIZE, total=False, count=None
) -> KeysetPage:
    """One page of `queryset` in the order of `key`, after or before the row in `cursor`.

    With `total`, a first page also counts every row in the same query (an order that sorts
    every row anyway, such as a search's rank, then costs no second pass for the count).
    `count` (the number of rows of `queryset`, if known) numbers the pages; so does `total`."""
    direction, value, pk, number = _decode(cursor, key) if cursor else ("a", None, None, 1)
    pages = max(1, math.ceil(count / size)) if count is not None else None
    if direction == "last" and pages is not None:
        number = pages
        size = count - (pages - 1) * size or size  # what the full pages before it leave
    if number is not None and pages is not None:
        number = min(number, pages)  # rows removed since the link was made
    rows = queryset.with_sort_key(key)
    total = total and cursor is None
    if total:
        rows = rows.annotate(rows_in_all=Window(Count("*")))
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
    if total:
        total = items[0].rows_in_all if items else 0
        if pages is None:  # a first page: number 1
            pages = max(1, math.ceil(total / size))
    if at_start:
        number = 1
    elif at_end and pages is not None:
        number = pages
    return KeysetPage(
        items=items,
        next_cursor=None if at_end or not items else _encode("a", items[-1], number and number + 1),
        previous_cursor=(
            None if at_start or not items else _encode("b", items[0], number and number - 1)
        ),
        is_first=at_start,
        is_last=at_end,
        total=total if total is not False else None,
        number=number if pages is not None else None,
        pages=pages,
    )


def numbered_page(paginator, value):
    """Page `value` (the `page` parameter: blank is the first) of a Django Paginator, or
    BadRequest: a page that is not a whole number from 1 is refused, not read as the first
    (an outside sweep found ?page=abc and ?page=-5 answered with a page); a number past the
    last shows the last, as a link to a list that has since grown shorter expects."""
    if value in (None, ""):
        return paginator.page(1)
    if not value.isascii() or not value.isdigit() or len(value) > 9 or int(value) < 1:
        raise BadRequest("A page is a whole number from 1.")  # logged; the 400 page says why
    return paginator.get_page(int(value))
