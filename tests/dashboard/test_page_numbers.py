"""The table's pager says "Page 3 of 6", forwards from the first page and backwards from the last
alike: the same pages, the same numbers, without counting rows per page."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from dashboard import pagination
from incidents.models import Incident
from tests.factories import IncidentFactory, region

pytestmark = pytest.mark.django_db

PAGE_NUMBER = re.compile(r'<span class="page-number"[^>]*>Page (\d+) of (\d+)</span>')


@pytest.fixture
def rows():
    for i in range(23):
        IncidentFactory(
            date=dt.date(2026, 1, 1 + i % 5), region=region(["RU-KLU", "RU-MOW"][i % 2])
        )


def walk(cursor, follow, size=4):
    """[(number, pages, ids)] of the pages from `cursor`, following `follow` links."""
    found = []
    while True:
        page = pagination.paginate(
            Incident.objects.published(),
            key="date",
            descending=True,
            cursor=cursor,
            size=size,
            count=23,
        )
        found.append((page.number, page.pages, [row.pk for row in page.items]))
        cursor = getattr(page, follow)
        if not cursor:
            return found


@pytest.mark.parametrize("size", [4, 5, 23, 50])
def test_backwards_from_the_last_page_are_the_same_pages_as_forwards(rows, size):
    forwards = walk(None, "next_cursor", size)
    backwards = walk("last", "previous_cursor", size)[::-1]
    assert backwards == forwards
    pages = -(-23 // size)
    assert [number for number, _, _ in forwards] == list(range(1, pages + 1))
    assert {total for _, total, _ in forwards} == {pages}
    assert sorted(pk for _, _, ids in forwards for pk in ids) == sorted(
        Incident.objects.values_list("pk", flat=True)
    )


def test_the_table_shows_the_page_number(client, rows):
    url = reverse("dashboard:incident-list")
    for _ in range(30):
        IncidentFactory(date=dt.date(2026, 2, 1))
    html = client.get(url).content.decode()
    assert PAGE_NUMBER.search(html).groups() == ("1", "2")
    response = client.get(url, {"cursor": "last"})
    assert PAGE_NUMBER.search(response.content.decode()).groups() == ("2", "2")
    assert len(response.context["page"].items) == 3  # what the first page leaves, not 50


def test_a_link_made_before_page_numbers_still_works_without_one(client, rows):
    for _ in range(60):
        IncidentFactory(date=dt.date(2026, 2, 1))
    first = Incident.objects.published().with_sort_key("date").sorted_by("date", descending=True)[0]
    response = client.get(
        reverse("dashboard:incident-list"), {"cursor": pagination.cursor_after(first)}
    )
    assert response.status_code == 200
    assert not PAGE_NUMBER.search(response.content.decode())
    assert len(response.context["page"].items) == 50
