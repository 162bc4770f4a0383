"""The private parts of libraries this project relies on (incidents/internals.py), each tested
for the behaviour the project needs from it: an upgrade that changes one fails here. And no
other module reaches into a library's private names."""

import ast
import csv
import io
import logging
from collections import OrderedDict
from pathlib import Path

import pytest
from django import forms
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.db.models.query import ModelIterable
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.log import log_response

from incidents import internals, services
from incidents.choices import Status
from incidents.models import Citation, Incident
from tests.factories import IncidentFactory, damage

ROOT = Path(__file__).resolve().parents[2]


class Marked(ModelIterable):
    def __iter__(self):
        for row in super().__iter__():
            row.marked = True
            yield row


@pytest.mark.django_db
def test_iterate_with_makes_the_rows_with_the_class_given():
    IncidentFactory()
    rows = list(internals.iterate_with(Incident.objects.all(), Marked))
    assert rows and all(row.marked for row in rows)
    assert [row.damage_names for row in Incident.objects.for_table()] == [[]]


def test_explicit_ordering_is_the_order_by_given_not_the_models_default():
    assert Incident._meta.ordering
    assert internals.explicit_ordering(Incident.objects.all()) == ()
    ordered = Incident.objects.order_by("date", "-id")
    assert internals.explicit_ordering(ordered) == ("date", "-id")


@pytest.mark.django_db
def test_sql_of_runs_what_the_queryset_runs():
    IncidentFactory(intercepted=3)
    IncidentFactory(intercepted=5)
    rows = Incident.objects.order_by("intercepted").values_list("intercepted", "region_id")
    sql, params = internals.sql_of(rows)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchall() == list(rows)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_to_stdout_streams_the_rows_as_csv():
    IncidentFactory(intercepted=3)
    rows = Incident.objects.values_list("id", "intercepted")
    with (
        connection.cursor() as cursor,
        internals.copy_to_stdout(cursor, *internals.sql_of(rows)) as copy,
    ):
        text = b"".join(bytes(chunk) for chunk in copy).decode()
    assert [tuple(map(int, row)) for row in csv.reader(io.StringIO(text))] == list(rows)


def test_a_response_marked_logged_is_not_logged_again(caplog):
    request = RequestFactory().get("/x")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        log_response("Service Unavailable", response=HttpResponse(status=503), request=request)
        assert len(caplog.records) == 1
        marked = internals.mark_logged(HttpResponse(status=503))
        log_response("Service Unavailable", response=marked, request=request)
        assert len(caplog.records) == 1


def test_csrf_token_used_says_whether_the_token_was_read():
    request = RequestFactory().get("/")
    assert not internals.csrf_token_used(request)
    get_token(request)
    assert internals.csrf_token_used(request)


class PlainCitationForm(forms.ModelForm):
    url = forms.URLField(assume_scheme="https")

    class Meta:
        model = Citation
        fields = ["incident", "source", "url", "quote"]


class LookingUpOnce(internals.ValidatesOnlyWhatItShould, PlainCitationForm):
    def excluded_from_model_validation(self):
        return {"incident", "source"}


@pytest.mark.django_db
def test_fields_excluded_from_model_validation_are_not_looked_up_again():
    citation = IncidentFactory().citations.get()
    data = {
        "incident": citation.incident_id,
        "source": citation.source_id,
        "url": "https://t.me/governor/77",
    }
    queries = []
    for form_class in (PlainCitationForm, LookingUpOnce):
        with CaptureQueriesContext(connection) as captured:
            assert form_class(data).is_valid()
        queries.append(len(captured))
    # Each choice field looks its row up once; the model's validation does it again (and checks
    # the (incident, url) constraint) unless told the fields are done.
    assert queries[1] == 2 < queries[0]


@pytest.mark.django_db
def test_an_imports_revisions_list_their_damage_types(chief):
    from incidents import importer
    from tests.factories import SourceFactory

    SourceFactory(name="Governor")
    row = {
        "date": "2026-03-01",
        "region": "Kaluga Oblast",
        "threat_type": "uav",
        "damage_types": "fire;residential",
        "summary": "Drones.",
        "sources": "Governor",
        "source_urls": "https://t.me/g/1",
    }
    pending = services.stage_import(by=chief, filename="f.csv", preview=importer.preview([row]))
    (incident,), _ = services.commit_import(by=chief, pending_id=pending.pk)
    revision = incident.history.get()
    assert revision.status == Status.DRAFT
    assert {row.damagetype for row in revision.damage_types.all()} == set(
        damage("fire", "residential")
    )


def test_the_local_memory_cache_keeps_what_the_bounded_page_cache_relies_on():
    """dashboard.freshness.BoundedMemoryCache bounds Django's local-memory cache in bytes by
    overriding its _set and trimming its ordered dict: both must stay as they are."""
    from dashboard.freshness import BoundedMemoryCache

    plain = LocMemCache("internals-test", {})
    assert isinstance(plain._cache, OrderedDict) and isinstance(plain._expire_info, dict)
    bounded = BoundedMemoryCache("internals-bounded", {"OPTIONS": {"MAX_BYTES": 3000}})
    for n in range(5):
        bounded.set(f"page-{n}", "x" * 1000)
    assert bounded.get("page-4") and not bounded.get("page-0")  # the oldest went first
    assert sum(len(value) for value in bounded._cache.values()) <= 3000


# Nobody else reaches into a library's private names -------------------------------------------

# Documented by Django (_meta, _state) and by django-simple-history (_history_user,
# _change_reason): private-looking, public in fact.
DOCUMENTED = {"_meta", "_state", "_history_user", "_change_reason"}
# Known internals used elsewhere, with the test above that watches them.
WATCHED = {("dashboard/freshness.py", "_set")}  # the bounded page cache
PROJECT = {"incidents", "dashboard", "config", "bench"}


def project_modules():
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT)
        skipped = relative.parts[0] in {"tests", ".venv", "node_modules"}
        if skipped or "migrations" in relative.parts:
            continue
        if relative != Path("incidents/internals.py"):
            yield relative, ast.parse(path.read_text())


def _from_project(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id in PROJECT


def private_uses(relative, tree):
    """Private names of a library, and its internals without an underscore: a queryset's
    Query (x.query.y), the driver cursor under Django's wrapper (cursor.cursor),
    simple-history's m2m_models, Django's CSRF flag."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            name, owner = node.attr, node.value
            own = isinstance(owner, ast.Name) and owner.id in ("self", "cls")
            private = name.startswith("_") and not name.startswith("__") and not own
            if private and name not in DOCUMENTED and (str(relative), name) not in WATCHED:
                yield f"{relative}:{node.lineno} .{name}"
            query = isinstance(owner, ast.Attribute) and owner.attr == "query"
            driver = name == "cursor" and isinstance(owner, ast.Name) and owner.id == "cursor"
            if (query and not _from_project(owner)) or driver or name == "m2m_models":
                yield f"{relative}:{node.lineno} {ast.unparse(node)}"
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] not in PROJECT:
                yield from (
                    f"{relative}:{node.lineno} import {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_")
                )
        elif isinstance(node, ast.Constant) and node.value == "CSRF_COOKIE_NEEDS_UPDATE":
            yield f"{relative}:{node.lineno} {node.value}"


def test_no_other_module_uses_a_librarys_private_names():
    found = [use for relative, tree in project_modules() for use in private_uses(relative, tree)]
    assert found == []
