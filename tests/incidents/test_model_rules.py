"""The model's rules: each CHECK constraint the database enforces also fails validation first,
in words an editor understands (full_clean skips the CHECKs' own queries, see
incidents.models.ChecksMirroredInPython)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from incidents.models import Citation, Incident, Statement, StatementTotal
from tests.factories import (
    CitationFactory,
    IncidentFactory,
    StatementFactory,
    StatementTotalFactory,
)

pytestmark = pytest.mark.django_db

# One breach per CHECK constraint of each model, keyed by the constraint's name.
INCIDENT_BREACHES = {
    "incident_status_valid": {"status": "bogus"},
    "incident_window_ordered": {
        "window_start": dt.datetime(2026, 3, 1, 7, tzinfo=dt.UTC),
        "window_end": dt.datetime(2026, 2, 28, 20, tzinfo=dt.UTC),
    },
    "incident_retraction_has_reason": {"status": "retracted", "retraction_reason": ""},
    "incident_verification_valid": {"verification": "rumour"},
    **{
        f"incident_{count}_{rule}": breach
        for count in Incident.COUNTS
        for rule, breach in (
            ("non_negative", {count: -1, f"{count}_status": "reported"}),
            ("status_valid", {f"{count}_status": "maybe", count: None}),
            ("matches_status", {count: 5, f"{count}_status": "not_reported"}),
        )
    },
}
CITATION_BREACHES = {
    "citation_claimed_intercepted_non_negative": {
        "claimed_intercepted": -1,
        "claimed_intercepted_status": "reported",
    },
    "citation_claimed_intercepted_status_valid": {"claimed_intercepted_status": "maybe"},
    "citation_claimed_intercepted_matches_status": {
        "claimed_intercepted": 5,
        "claimed_intercepted_status": "not_reported",
    },
}

STATEMENT_BREACHES = {
    "statement_window_ordered": {
        "window_start": dt.datetime(2026, 3, 1, 7, tzinfo=dt.UTC),
        "window_end": dt.datetime(2026, 2, 28, 20, tzinfo=dt.UTC),
    },
}
TOTAL_BREACHES = {
    f"statement_total_intercepted_{rule}": breach
    for rule, breach in (
        ("non_negative", {"intercepted": -1, "intercepted_status": "reported"}),
        ("status_valid", {"intercepted_status": "maybe", "intercepted": None}),
        ("matches_status", {"intercepted": 5, "intercepted_status": "withheld"}),
    )
}


def checks(model):
    return {c.name for c in model._meta.constraints if isinstance(c, models.CheckConstraint)}


def test_every_check_constraint_has_a_breach_listed_here():
    assert set(INCIDENT_BREACHES) == checks(Incident)
    assert set(CITATION_BREACHES) == checks(Citation)
    assert set(STATEMENT_BREACHES) == checks(Statement)
    assert set(TOTAL_BREACHES) == checks(StatementTotal)


@pytest.mark.parametrize(
    ("factory", "name", "breach"),
    [
        *((IncidentFactory, n, b) for n, b in INCIDENT_BREACHES.items()),
        *((CitationFactory, n, b) for n, b in CITATION_BREACHES.items()),
        *((StatementFactory, n, b) for n, b in STATEMENT_BREACHES.items()),
        *((StatementTotalFactory, n, b) for n, b in TOTAL_BREACHES.items()),
    ],
)
def test_each_check_fails_validation_with_a_message_and_the_database_too(factory, name, breach):
    obj = factory()
    for field, value in breach.items():
        setattr(obj, field, value)
    with pytest.raises(ValidationError):
        obj.full_clean()
    # (SQLite, and PostgreSQL where its name sorts first, name the positive-integer column
    # check that fires first instead.)
    with (
        pytest.raises(IntegrityError, match=f"{name}|CHECK constraint failed|_intercepted_check"),
        transaction.atomic(),
    ):
        obj.save()
