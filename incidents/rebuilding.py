"""Rebuilding what triggers keep beside the record (PostgreSQL only): the rollups, the export
lists and the search documents, from the record in one pass each, after a bulk load went around
the triggers (services.bulk_loaded) or on request (manage.py rebuild_rollups); and checking the
rollups against a direct aggregate of the incidents (differences(), the command's --check).
The SQL is incidents/rollup_sql.py's and incidents/search_sql.py's."""

from concurrent.futures import ThreadPoolExecutor

from django.db import connections, models, transaction
from django.db.models.functions import TruncMonth

from incidents import figures, search_sql
from incidents.bulk import indexes_set_aside
from incidents.cells import LIST_SEPARATOR
from incidents.choices import COUNTS
from incidents.models import (
    DailyDamageTotals,
    DailyDamageTypeTotals,
    Incident,
    MonthlyDamageTotals,
)
from incidents.rollup_sql import COLUMNS, ROLLUPS, TABLES, rebuild_statements
from incidents.rollups import available


def rebuild(using="default"):
    """Recompute every rollup, the export lists and the search documents from the record
    (PostgreSQL only): inside the caller's transaction if there is one; else the search
    documents on a second connection while this one rebuilds the rest, each in a transaction
    of its own. Each is a pass over every incident on one core (PostgreSQL runs no INSERT ...
    SELECT in parallel), and the two halves take about as long: at 1,000,000 incidents on two
    cores the rebuild took 34 s one after the other, 20 s side by side."""
    if not available(using):
        return
    if connections[using].in_atomic_block:
        rebuild_rollups(using)
        rebuild_export_lists(using)
        rebuild_search_documents(using)
        return
    with ThreadPoolExecutor(max_workers=1) as beside:
        searched = beside.submit(_on_a_connection_of_its_own, rebuild_search_documents, using)
        with transaction.atomic(using=using):
            rebuild_rollups(using)
            rebuild_export_lists(using)
        searched.result()  # its error, if it had one, is the caller's


def _on_a_connection_of_its_own(function, using):
    """Run `function(using)` in this thread, on the connection Django opens for it, closed after."""
    try:
        function(using)
    finally:
        connections[using].close()


def rebuild_rollups(using="default"):
    if not available(using):
        return
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)}")
        with indexes_set_aside(TABLES, using):
            for statement in rebuild_statements():
                cursor.execute(statement)
        # Statistics of the new rows: until autovacuum comes by (minutes, or never where it is
        # off) the planner takes a region's 54,000 damage rows for 600, and sorts them on disk.
        cursor.execute(f"ANALYZE {', '.join(TABLES)}")


EXPORT_LISTS_SQL = f"""
INSERT INTO incidents_exportlists (incident_id, damage_types, sources, source_urls)
SELECT i.id, d.list, c.names, c.urls
  FROM incidents_incident i
  LEFT JOIN (
    SELECT t.incident_id, string_agg(dt.slug, '{LIST_SEPARATOR}' ORDER BY dt.slug) AS list
      FROM incidents_incident_damage_types t
      JOIN incidents_damagetype dt ON dt.id = t.damagetype_id
     GROUP BY t.incident_id) d ON d.incident_id = i.id
  LEFT JOIN (
    SELECT ci.incident_id,
           string_agg(s.name, '{LIST_SEPARATOR}' ORDER BY ci.id) AS names,
           string_agg(ci.url, '{LIST_SEPARATOR}' ORDER BY ci.id) AS urls
      FROM incidents_citation ci JOIN incidents_source s ON s.id = ci.source_id
     GROUP BY ci.incident_id) c ON c.incident_id = i.id
 WHERE d.list IS NOT NULL OR c.names IS NOT NULL
"""


def rebuild_export_lists(using="default"):
    """Recompute every incident's export lists (PostgreSQL only), in one pass."""
    if not available(using):
        return
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("TRUNCATE incidents_exportlists")
        cursor.execute(EXPORT_LISTS_SQL)
        cursor.execute("ANALYZE incidents_exportlists")  # as the rollups (rebuild_rollups)


def rebuild_search_documents(using="default"):
    """Recompute every incident's search document (PostgreSQL only), in one pass, its index
    built after the rows."""
    if not available(using):
        return
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        # Sorts and hashes of a million texts in memory; the index built in one sort.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        # Joins of a million rows by hash or merge: at 1,000,000 incidents the planner joined
        # each distinct quote to its citations through the quote's trigram index (an equality
        # its common trigrams cannot narrow) and the rebuild did not end in 15 minutes.
        cursor.execute("SET LOCAL enable_nestloop = off")
        # Nor merge joins: with no statistics of the CTEs, the planner merged the million
        # incidents with their (region, threat type) names on the threat type alone and
        # filtered 88,000,000 pairs (8 s of 24); hashed, the same join takes 0.3 s.
        cursor.execute("SET LOCAL enable_mergejoin = off")
        for statement in search_sql.REBUILD:
            cursor.execute(statement)


def differences(using="default"):
    """Rows where a rollup and a direct aggregate of the incidents disagree (empty: exact)."""
    found = []
    for rollup in ROLLUPS:
        model = rollup.model
        keys_fields = ["date", *(key.removesuffix("_id") for key in rollup.keys)]
        incidents = Incident.objects.using(using).published().order_by()
        if rollup.monthly:
            # "date" is the first day of the month: the incidents' dates truncated alike.
            month = TruncMonth("date", output_field=models.DateField())
            incidents = incidents.annotate(date_=month)
            keys_fields_direct = ["date_", *keys_fields[1:]]
        else:
            keys_fields_direct = keys_fields
        stored = {
            tuple(row[: len(keys_fields)]): row[len(keys_fields) :]
            for row in model.objects.using(using).values_list(*keys_fields, *COLUMNS)
        }
        direct_aggregates = {"incidents": models.Count("*")}
        for count in COUNTS:
            for name, expression in figures.aggregates(count).items():
                direct_aggregates[name] = expression
        direct = {
            tuple(row[: len(keys_fields)]): row[len(keys_fields) :]
            for row in incidents.values(*keys_fields_direct)
            .annotate(**direct_aggregates)
            .values_list(*keys_fields_direct, *COLUMNS)
        }
        if stored != direct:
            found.append((model.__name__, stored, direct))
    links = Incident.damage_types.through.objects.using(using)
    published = links.filter(incident__in=Incident.objects.using(using).published())
    # A monthly row's date is the first day of the month: the incidents' dates truncated alike.
    published = published.annotate(
        month_=TruncMonth("incident__date", output_field=models.DateField())
    )
    place = ["incident__region", "incident__threat_type", "incident__verification"]
    damage_rollups = (
        (
            DailyDamageTotals,
            ["date", "region", "threat_type", "verification"],
            ["incident__date", *place],
        ),
        (DailyDamageTypeTotals, ["date", "verification"], ["incident__date", place[-1]]),
        (
            MonthlyDamageTotals,
            ["date", "region", "threat_type", "verification"],
            ["month_", *place],
        ),
    )
    for model, keys, keys_direct in damage_rollups:
        stored = {
            row[:-1]: row[-1]
            for row in model.objects.using(using)
            .filter(incidents__gt=0)  # a count back at zero may stay as a row
            .values_list(*keys, "damage_type", "incidents")
        }
        direct = {
            row[:-1]: row[-1]
            for row in published.values_list(*keys_direct, "damagetype")
            .annotate(n=models.Count("*"))
            .order_by()
        }
        if stored != direct:
            found.append((model.__name__, stored, direct))
    return found
