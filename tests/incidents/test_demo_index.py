"""Whether demo statements are loaded (every page's banner asks) is answered from an index of
those statements alone, not a scan of every statement's URL."""

import pytest
from django.db import connection
from django.db.models import Q

from incidents.demo_statements import DEMO_URL
from incidents.internals import sql_of
from incidents.models import Statement

pytestmark = pytest.mark.django_db


def test_the_demo_index_holds_exactly_the_rows_demo_selects():
    index = next(i for i in Statement._meta.indexes if i.name == "statement_demo_idx")
    assert index.condition == Q(url__startswith=DEMO_URL)
    assert sql_of(Statement.objects.filter(index.condition)) == sql_of(Statement.objects.demo())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_the_banners_question_can_be_answered_from_the_demo_index():
    sql, params = sql_of(Statement.objects.demo().values("pk")[:1])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "statement_demo_idx" in plan, plan
