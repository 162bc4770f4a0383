"""Data derived from the record, kept exact by the database itself (PostgreSQL triggers,
migrations 0015 and 0016): every write path, whatever it is, updates them in its own
transaction. `manage.py rebuild_rollups` recomputes them from scratch (bulk loads do it
themselves). On SQLite they stay empty and everything is read from the incidents.

- Daily rollups of published incidents: per day and threat type, per day and region, and per
  day, region and threat type, and per month and region and per month, region and threat type
  (each also per verification level, a filter of the pages), with
  the number of incidents and, for every count, the sum of the reported numbers and how many
  incidents reported one or had it withheld.
- Published incidents per day, verification level and damage type, with and without the region
  and threat type, and per month with them (an incident counts under each of its damage types;
  migrations 0037, 0039, 0042): the damage filter's facet.
- Each incident's lists as the exports write them (damage types, sources, statement URLs), so a
  million-row CSV reads them with a join instead of three subqueries a row.
- Each incident's full-text search document (migration 0027, incidents/search_sql.py).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class DailyTotals(models.Model):
    date = models.DateField(help_text="The incidents' date.")
    verification = models.CharField(
        max_length=20, help_text="The incidents' verification level (a filter of the pages)."
    )
    incidents = models.IntegerField(default=0, help_text="Published incidents.")
    intercepted_sum = models.BigIntegerField(
        default=0, help_text="Sum of the intercepted numbers reported."
    )
    intercepted_reported = models.IntegerField(
        default=0, help_text="Incidents that reported an intercepted number."
    )
    intercepted_withheld = models.IntegerField(
        default=0, help_text="Incidents whose source withheld the intercepted number."
    )
    killed_sum = models.BigIntegerField(default=0, help_text="Sum of the killed numbers reported.")
    killed_reported = models.IntegerField(
        default=0, help_text="Incidents that reported a killed number."
    )
    killed_withheld = models.IntegerField(
        default=0, help_text="Incidents whose source withheld the killed number."
    )
    injured_sum = models.BigIntegerField(
        default=0, help_text="Sum of the injured numbers reported."
    )
    injured_reported = models.IntegerField(
        default=0, help_text="Incidents that reported an injured number."
    )
    injured_withheld = models.IntegerField(
        default=0, help_text="Incidents whose source withheld the injured number."
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.date}: {self.incidents} incidents"


def _key(name):
    return models.ForeignKey(
        {
            "region": "incidents.Region",
            "threat_type": "incidents.ThreatType",
            "damage_type": "incidents.DamageType",
        }[name],
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # derived rows: never a reason to keep a vocabulary row alive
        related_name="+",
        help_text="Part of the rollup's key.",
    )


class DailyThreatTotals(DailyTotals):
    threat_type = _key("threat_type")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["date", "threat_type", "verification"], name="rollup_date_threat_key"
            )
        ]


class DailyRegionTotals(DailyTotals):
    region = _key("region")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["date", "region", "verification"], name="rollup_date_region_key"
            )
        ]
        # Covering: a region's count (the table's "N incidents") is read from the index alone.
        indexes = [
            models.Index(
                fields=["region", "date"],
                include=["verification", "incidents"],
                name="rollup_region_date_cover",
            )
        ]


class DailyRegionThreatTotals(DailyTotals):
    region = _key("region")
    threat_type = _key("threat_type")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["date", "region", "threat_type", "verification"],
                name="rollup_date_region_threat_key",
            )
        ]
        # Covering, for a region and threat's count and chart read from the index alone (at a
        # million incidents the count went from 15 ms of heap visits to 0.7 ms).
        indexes = [
            models.Index(
                fields=["region", "threat_type", "date"],
                include=["verification", "incidents", "intercepted_sum", "intercepted_reported"],
                name="rollup_rt_region_threat_cover",
            ),
            models.Index(fields=["threat_type", "date"], name="rollup_rt_threat_date_idx"),
        ]


class MonthlyRegionTotals(DailyTotals):
    """Per month, region and verification level: what a wide date range sums, in 30 x fewer
    rows than the daily table (incidents/rollups.py reads the months a range covers whole here,
    and its partial first and last months from the daily table)."""

    date = models.DateField(help_text="The first day of the incidents' month.")
    region = _key("region")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["date", "region", "verification"], name="rollup_month_region_key"
            )
        ]


class MonthlyRegionThreatTotals(DailyTotals):
    """Per month, region, threat type and verification level: a threat type's or a region's
    counts over whole months (the table filtered by region or threat, its facets) from ~1/30 of
    the daily rows; the partial months at either end from DailyRegionThreatTotals."""

    date = models.DateField(help_text="The first day of the incidents' month.")
    region = _key("region")
    threat_type = _key("threat_type")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["date", "region", "threat_type", "verification"],
                name="rollup_month_region_threat_key",
            )
        ]


class DamageCounts(models.Model):
    """Published incidents per day, verification level and damage type (an incident with two
    damage types counts under each): what the damage filter's facet counts, read instead of
    joining every incident to its damage types. Kept by triggers (incidents/rollup_sql.py,
    DAMAGE_ROLLUPS)."""

    date = models.DateField(help_text="The incidents' date.")
    verification = models.CharField(
        max_length=20, help_text="The incidents' verification level (a filter of the pages)."
    )
    damage_type = _key("damage_type")
    incidents = models.IntegerField(default=0, help_text="Published incidents.")

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.date}: {self.incidents} incidents"


class PlacedDamageCounts(DamageCounts):
    """The damage counts per region and threat type too."""

    region = _key("region")
    threat_type = _key("threat_type")

    class Meta:
        abstract = True

    @staticmethod
    def unique_key(name):
        return models.UniqueConstraint(
            fields=["date", "region", "threat_type", "verification", "damage_type"], name=name
        )


class DailyDamageTotals(PlacedDamageCounts):
    """The damage counts of a day: the facet when a region or threat type is chosen (at
    1,000,000 incidents the join it replaces was most of the table's first view)."""

    class Meta:
        constraints = [PlacedDamageCounts.unique_key("rollup_damage_key")]


class DailyDamageTypeTotals(DamageCounts):
    """The damage counts alone: the facet when no region or threat type is chosen (the
    table's and the overview's first view), from a table ~1/25 the size of DailyDamageTotals."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["date", "verification", "damage_type"], name="rollup_damage_day_key"
            )
        ]


class MonthlyDamageTotals(PlacedDamageCounts):
    """DailyDamageTotals by whole month (`date` is the month's first day): a region's facet over
    months reads ~1/7 of the rows (Selection._damage_counts adds the days of partial months at
    either end from the daily rollup)."""

    class Meta:
        constraints = [PlacedDamageCounts.unique_key("rollup_damage_month_key")]


class ExportLists(models.Model):
    """One incident's lists, joined with ';' in the exports' order.

    NULL, not "", where an incident has none: the exports write a missing value, which COPY's CSV
    tells apart from an empty text.
    """

    incident = models.OneToOneField(
        "incidents.Incident",
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # derived: the triggers delete it with its incident
        primary_key=True,
        related_name="export_lists",
        help_text="The incident these lists belong to.",
    )
    damage_types = models.TextField(  # noqa: DJ001
        null=True, help_text="Slugs of its damage types, alphabetical, joined with ';'."
    )
    sources = models.TextField(  # noqa: DJ001
        null=True, help_text="Names of its cited sources, in citation order, joined with ';'."
    )
    source_urls = models.TextField(  # noqa: DJ001
        null=True, help_text="URLs of its cited statements, in citation order, joined with ';'."
    )

    def __str__(self):
        return f"lists of incident {self.incident_id}"


class SearchDocument(models.Model):
    """One incident's words for the full-text search (PostgreSQL: incidents/search_sql.py says
    what it holds; triggers keep it, a bulk load rebuilds it). Empty on SQLite, whose simpler
    search reads the texts themselves."""

    incident = models.OneToOneField(
        "incidents.Incident",
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # derived: the triggers delete it with its incident
        primary_key=True,
        related_name="search_document",
        help_text="The incident these words belong to.",
    )
    document = SearchVectorField(
        help_text="Its texts' and names' words, stemmed (Russian, English) and as written."
    )

    def __str__(self):
        return f"search document of incident {self.incident_id}"
