"""The bounds every reader of untrusted input shares (incidents/limits.py) are the database's
own: the largest count an integer column holds, ids that fit the id column."""

import pytest
from django.db import connection

from incidents import limits
from incidents.choices import COUNTS
from incidents.limits import MAX_COUNT
from incidents.models import Citation, Incident


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's column ranges")
def test_the_count_limit_is_the_largest_count_the_columns_hold():
    fields = [Incident._meta.get_field(count) for count in COUNTS]
    fields.append(Citation._meta.get_field("claimed_intercepted"))
    for field in fields:
        assert connection.ops.integer_field_range(field.get_internal_type())[1] == MAX_COUNT


def test_the_id_pattern_takes_every_id_up_to_the_limit_and_nothing_else():
    _low, high = connection.ops.integer_field_range(Incident._meta.pk.get_internal_type())
    assert high >= limits.MAX_ID
    assert limits.ID.fullmatch(str(limits.MAX_ID))
    assert not limits.ID.fullmatch(str(limits.MAX_ID + 1))
    for refused in ("", "-1", "1.0", "²", "٣", " 1", "1 ", "abc"):
        assert not limits.ID.fullmatch(refused)
