"""Daily rollups of published incidents: per day and threat type, per day and region, and per day,
region and threat type, each with the number of incidents and, for every count, the sum of the
reported numbers and how many incidents reported one or had it withheld.

They are derived data, kept exact by the database itself (PostgreSQL triggers on the incident
table, migration 0015): every write path, whatever it is, updates them in its own transaction.
`manage.py rebuild_rollups` recomputes them from scratch (bulk loads do it themselves). On SQLite
they stay empty and the figures are read from the incidents (incidents/rollups.py decides).
"""

from django.db import models


class DailyTotals(models.Model):
    date = models.DateField(help_text="The incidents' date.")
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
        {"region": "incidents.Region", "threat_type": "incidents.ThreatType"}[name],
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # derived rows: never a reason to keep a vocabulary row alive
        related_name="+",
        help_text="Part of the rollup's key.",
    )


class DailyThreatTotals(DailyTotals):
    threat_type = _key("threat_type")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["date", "threat_type"], name="rollup_date_threat_key")
        ]


class DailyRegionTotals(DailyTotals):
    region = _key("region")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["date", "region"], name="rollup_date_region_key")
        ]
        indexes = [models.Index(fields=["region", "date"], name="rollup_region_date_idx")]


class DailyRegionThreatTotals(DailyTotals):
    region = _key("region")
    threat_type = _key("threat_type")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["date", "region", "threat_type"], name="rollup_date_region_threat_key"
            )
        ]
        indexes = [
            models.Index(fields=["region", "date"], name="rollup_rt_region_date_idx"),
            models.Index(fields=["threat_type", "date"], name="rollup_rt_threat_date_idx"),
        ]


ROLLUPS = (DailyThreatTotals, DailyRegionTotals, DailyRegionThreatTotals)
