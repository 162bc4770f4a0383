"""Spreadsheet safety: one rule, the same in Python, in PostgreSQL's SQL and in SQLite's, in every
CSV; and an exported cell imports back unchanged."""

import csv
import io

import pytest
from django.db.models import TextField, Value
from django.db.models.functions import Cast
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.cells import PLAIN, STRICT, SpreadsheetSafe, from_cell, needs_quote, to_cell
from incidents.models import Region

pytestmark = pytest.mark.django_db

# Text that starts like a formula more often than chance would have it.
cells = st.one_of(
    st.text(max_size=12),
    st.builds(
        lambda head, tail: head + tail,
        st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "-1", "+2"]),
        st.text(max_size=10),
    ),
).filter(lambda text: "\x00" not in text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=cells, strength=st.sampled_from([PLAIN, STRICT]))
def test_the_database_neutralises_exactly_as_the_python_rule(text, strength):
    cell = (
        Region.objects.annotate(
            cell=SpreadsheetSafe(Cast(Value(text), TextField()), strength=strength)
        )
        .values_list("cell", flat=True)
        .first()
    )
    assert cell == to_cell(text, strength)


@given(text=cells, strength=st.sampled_from([PLAIN, STRICT]))
def test_an_exported_cell_imports_back_unchanged(text, strength):
    if text != text.strip() and text[:1] not in "=+-@\t\r":
        return  # the importer trims spaces around ordinary text, on purpose
    assert from_cell(to_cell(text, strength)) == text


@given(text=cells)
def test_what_the_plain_file_marks_the_excel_file_marks_too(text):
    if needs_quote(text, PLAIN):
        assert needs_quote(text, STRICT)


def test_no_cell_of_any_csv_starts_like_a_formula(client):
    """Every text an editor controls, hostile everywhere at once: regions, sources, incidents,
    citations (URLs stored raw, as a careless import or shell might)."""
    from tests.factories import CitationFactory, IncidentFactory, SourceFactory

    region = Region.objects.get(iso_code="RU-KLU")
    Region.objects.filter(pk=region.pk).update(
        name='=HYPERLINK("http://evil.example","x")',
        name_ru="+cmd|' /C calc'!A0",
        iso_name="@SUM(1)",
    )
    evil = SourceFactory(name="-2+3+cmd|' /C calc'!A0")
    incident = IncidentFactory(
        region=Region.objects.get(pk=region.pk),
        summary="=1+1",
        damage_description="\t=1",
        cited=False,
    )
    CitationFactory(incident=incident, source=evil, url="=evil()", quote="@x(", archive_url="+y(")
    for url in (
        "/incidents.csv",
        "/incidents-excel.csv",
        "/data/incidents.csv",
        "/data/citations.csv",
        "/data/regions.csv",
    ):
        text = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) > 1, url
        for row in rows[1:]:
            for cell in row:
                assert not (cell[:1] in ("=", "@", "\t", "\r") or cell[:2] in ("+c", "-2")), (
                    url,
                    cell,
                )
