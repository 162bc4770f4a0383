"""Bulk writes on PostgreSQL: a table's indexes set aside while its rows are written, and built
again after, inside the same transaction.

Keeping a btree up to date row by row costs more than building it once over the whole table:
at 1,000,000 incidents the daily damage rollup's 549,000 rows took 5.0 s with their indexes
and 2.2 s without (each index then built in 0.2-0.4 s). Both steps happen in one transaction,
so no one else ever sees a table without its indexes (its readers wait for the commit, as
they already do behind a TRUNCATE or a load's locks), and a unique constraint is still
checked: built again over rows that break it, it fails, and the whole write rolls back.
"""

from contextlib import contextmanager

from django.db import connections

# Every index of `tables` but their primary keys (foreign keys point at them), with the unique
# constraint it backs, if any. (A unique constraint a foreign key points at would make the DROP
# fail, loudly: none of the tables written in bulk has one.)
INDEXES_SQL = """
SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),
       c.conname, pg_get_constraintdef(c.oid)
  FROM pg_index i
  LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
 WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
 ORDER BY 1, 2
"""


@contextmanager
def indexes_set_aside(tables, using="default"):
    """Drop the indexes of `tables` (quoted names; see INDEXES_SQL for which), run the body,
    then build them again, in the transaction the caller holds."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("indexes_set_aside() needs a transaction: readers must not see it.")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(INDEXES_SQL, [list(tables)])
        found = cursor.fetchall()
        again = []
        for table, index, index_sql, constraint, constraint_sql in found:
            if constraint:  # the constraint owns its index: drop and add it, not the index
                name = quote(constraint)
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
                again.append(f"ALTER TABLE {table} ADD CONSTRAINT {name} {constraint_sql}")
            else:  # regclass text: already quoted where it needs to be
                cursor.execute(f"DROP INDEX {index}")
                again.append(index_sql)
    yield
    # PostgreSQL builds no index on a table with deferred checks pending (Django's foreign keys
    # are checked at the commit): run them now, as the commit would.
    connection.check_constraints()
    with connection.cursor() as cursor:
        # Each index is built in one sort of the whole table: in memory, if it fits.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for statement in again:
            cursor.execute(statement)
