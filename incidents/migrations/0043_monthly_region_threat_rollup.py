"""A monthly rollup per region and threat type, kept by the same trigger function as the
others: a threat type's or a region's counts over whole months (the table filtered by region or
threat, its facets) from ~1/30 of the daily rows.

The SQL is incidents/rollup_sql.py's frozen here as text (apply_function(), and this rollup's
rebuild_statement()): a migration never imports current code. A test holds the function the
database runs after the last migration equal to what the module generates now
(tests/incidents/test_rollup_sql.py). Going back reinstalls 0018's function.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

from incidents.migrations._postgresql import postgresql_only

# incidents_rollup_apply keeping the daily rollups and the two monthly ones.
APPLY = """CREATE OR REPLACE FUNCTION incidents_rollup_apply(r incidents_incident, sign integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF r.status <> 'published' THEN
    RETURN;
  END IF;
  INSERT INTO incidents_dailythreattotals AS t (date, threat_type_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld)
  VALUES (r.date, r.threat_type_id, r.verification, sign, sign * coalesce(r.intercepted, 0), sign * (r.intercepted IS NOT NULL)::int, sign * (r.intercepted_status = 'withheld')::int, sign * coalesce(r.killed, 0), sign * (r.killed IS NOT NULL)::int, sign * (r.killed_status = 'withheld')::int, sign * coalesce(r.injured, 0), sign * (r.injured IS NOT NULL)::int, sign * (r.injured_status = 'withheld')::int)
  ON CONFLICT (date, threat_type_id, verification) DO UPDATE SET
    incidents = t.incidents + EXCLUDED.incidents,
    intercepted_sum = t.intercepted_sum + EXCLUDED.intercepted_sum,
    intercepted_reported = t.intercepted_reported + EXCLUDED.intercepted_reported,
    intercepted_withheld = t.intercepted_withheld + EXCLUDED.intercepted_withheld,
    killed_sum = t.killed_sum + EXCLUDED.killed_sum,
    killed_reported = t.killed_reported + EXCLUDED.killed_reported,
    killed_withheld = t.killed_withheld + EXCLUDED.killed_withheld,
    injured_sum = t.injured_sum + EXCLUDED.injured_sum,
    injured_reported = t.injured_reported + EXCLUDED.injured_reported,
    injured_withheld = t.injured_withheld + EXCLUDED.injured_withheld;
  DELETE FROM incidents_dailythreattotals WHERE date = r.date AND threat_type_id = r.threat_type_id AND verification = r.verification AND incidents = 0;
  INSERT INTO incidents_dailyregiontotals AS t (date, region_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld)
  VALUES (r.date, r.region_id, r.verification, sign, sign * coalesce(r.intercepted, 0), sign * (r.intercepted IS NOT NULL)::int, sign * (r.intercepted_status = 'withheld')::int, sign * coalesce(r.killed, 0), sign * (r.killed IS NOT NULL)::int, sign * (r.killed_status = 'withheld')::int, sign * coalesce(r.injured, 0), sign * (r.injured IS NOT NULL)::int, sign * (r.injured_status = 'withheld')::int)
  ON CONFLICT (date, region_id, verification) DO UPDATE SET
    incidents = t.incidents + EXCLUDED.incidents,
    intercepted_sum = t.intercepted_sum + EXCLUDED.intercepted_sum,
    intercepted_reported = t.intercepted_reported + EXCLUDED.intercepted_reported,
    intercepted_withheld = t.intercepted_withheld + EXCLUDED.intercepted_withheld,
    killed_sum = t.killed_sum + EXCLUDED.killed_sum,
    killed_reported = t.killed_reported + EXCLUDED.killed_reported,
    killed_withheld = t.killed_withheld + EXCLUDED.killed_withheld,
    injured_sum = t.injured_sum + EXCLUDED.injured_sum,
    injured_reported = t.injured_reported + EXCLUDED.injured_reported,
    injured_withheld = t.injured_withheld + EXCLUDED.injured_withheld;
  DELETE FROM incidents_dailyregiontotals WHERE date = r.date AND region_id = r.region_id AND verification = r.verification AND incidents = 0;
  INSERT INTO incidents_dailyregionthreattotals AS t (date, region_id, threat_type_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld)
  VALUES (r.date, r.region_id, r.threat_type_id, r.verification, sign, sign * coalesce(r.intercepted, 0), sign * (r.intercepted IS NOT NULL)::int, sign * (r.intercepted_status = 'withheld')::int, sign * coalesce(r.killed, 0), sign * (r.killed IS NOT NULL)::int, sign * (r.killed_status = 'withheld')::int, sign * coalesce(r.injured, 0), sign * (r.injured IS NOT NULL)::int, sign * (r.injured_status = 'withheld')::int)
  ON CONFLICT (date, region_id, threat_type_id, verification) DO UPDATE SET
    incidents = t.incidents + EXCLUDED.incidents,
    intercepted_sum = t.intercepted_sum + EXCLUDED.intercepted_sum,
    intercepted_reported = t.intercepted_reported + EXCLUDED.intercepted_reported,
    intercepted_withheld = t.intercepted_withheld + EXCLUDED.intercepted_withheld,
    killed_sum = t.killed_sum + EXCLUDED.killed_sum,
    killed_reported = t.killed_reported + EXCLUDED.killed_reported,
    killed_withheld = t.killed_withheld + EXCLUDED.killed_withheld,
    injured_sum = t.injured_sum + EXCLUDED.injured_sum,
    injured_reported = t.injured_reported + EXCLUDED.injured_reported,
    injured_withheld = t.injured_withheld + EXCLUDED.injured_withheld;
  DELETE FROM incidents_dailyregionthreattotals WHERE date = r.date AND region_id = r.region_id AND threat_type_id = r.threat_type_id AND verification = r.verification AND incidents = 0;
  INSERT INTO incidents_monthlyregiontotals AS t (date, region_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld)
  VALUES (date_trunc('month', r.date)::date, r.region_id, r.verification, sign, sign * coalesce(r.intercepted, 0), sign * (r.intercepted IS NOT NULL)::int, sign * (r.intercepted_status = 'withheld')::int, sign * coalesce(r.killed, 0), sign * (r.killed IS NOT NULL)::int, sign * (r.killed_status = 'withheld')::int, sign * coalesce(r.injured, 0), sign * (r.injured IS NOT NULL)::int, sign * (r.injured_status = 'withheld')::int)
  ON CONFLICT (date, region_id, verification) DO UPDATE SET
    incidents = t.incidents + EXCLUDED.incidents,
    intercepted_sum = t.intercepted_sum + EXCLUDED.intercepted_sum,
    intercepted_reported = t.intercepted_reported + EXCLUDED.intercepted_reported,
    intercepted_withheld = t.intercepted_withheld + EXCLUDED.intercepted_withheld,
    killed_sum = t.killed_sum + EXCLUDED.killed_sum,
    killed_reported = t.killed_reported + EXCLUDED.killed_reported,
    killed_withheld = t.killed_withheld + EXCLUDED.killed_withheld,
    injured_sum = t.injured_sum + EXCLUDED.injured_sum,
    injured_reported = t.injured_reported + EXCLUDED.injured_reported,
    injured_withheld = t.injured_withheld + EXCLUDED.injured_withheld;
  DELETE FROM incidents_monthlyregiontotals WHERE date = date_trunc('month', r.date)::date AND region_id = r.region_id AND verification = r.verification AND incidents = 0;
  INSERT INTO incidents_monthlyregionthreattotals AS t (date, region_id, threat_type_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld)
  VALUES (date_trunc('month', r.date)::date, r.region_id, r.threat_type_id, r.verification, sign, sign * coalesce(r.intercepted, 0), sign * (r.intercepted IS NOT NULL)::int, sign * (r.intercepted_status = 'withheld')::int, sign * coalesce(r.killed, 0), sign * (r.killed IS NOT NULL)::int, sign * (r.killed_status = 'withheld')::int, sign * coalesce(r.injured, 0), sign * (r.injured IS NOT NULL)::int, sign * (r.injured_status = 'withheld')::int)
  ON CONFLICT (date, region_id, threat_type_id, verification) DO UPDATE SET
    incidents = t.incidents + EXCLUDED.incidents,
    intercepted_sum = t.intercepted_sum + EXCLUDED.intercepted_sum,
    intercepted_reported = t.intercepted_reported + EXCLUDED.intercepted_reported,
    intercepted_withheld = t.intercepted_withheld + EXCLUDED.intercepted_withheld,
    killed_sum = t.killed_sum + EXCLUDED.killed_sum,
    killed_reported = t.killed_reported + EXCLUDED.killed_reported,
    killed_withheld = t.killed_withheld + EXCLUDED.killed_withheld,
    injured_sum = t.injured_sum + EXCLUDED.injured_sum,
    injured_reported = t.injured_reported + EXCLUDED.injured_reported,
    injured_withheld = t.injured_withheld + EXCLUDED.injured_withheld;
  DELETE FROM incidents_monthlyregionthreattotals WHERE date = date_trunc('month', r.date)::date AND region_id = r.region_id AND threat_type_id = r.threat_type_id AND verification = r.verification AND incidents = 0;
END
$$;"""

# The function as 0018 installed it.
APPLY_BEFORE = importlib.import_module("incidents.migrations.0018_monthly_region_rollup").APPLY

FILL = "INSERT INTO incidents_monthlyregionthreattotals (date, region_id, threat_type_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld) SELECT date_trunc('month', date)::date, region_id, threat_type_id, verification, count(*), sum(coalesce(intercepted, 0)), sum((intercepted IS NOT NULL)::int), sum((intercepted_status = 'withheld')::int), sum(coalesce(killed, 0)), sum((killed IS NOT NULL)::int), sum((killed_status = 'withheld')::int), sum(coalesce(injured, 0)), sum((injured IS NOT NULL)::int), sum((injured_status = 'withheld')::int) FROM incidents_incident WHERE status = 'published' GROUP BY 1, 2, 3, 4"


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0042_monthly_damage_rollup"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyRegionThreatTotals",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "verification",
                    models.CharField(
                        help_text="The incidents' verification level (a filter of the pages).",
                        max_length=20,
                    ),
                ),
                ("incidents", models.IntegerField(default=0, help_text="Published incidents.")),
                (
                    "intercepted_sum",
                    models.BigIntegerField(
                        default=0, help_text="Sum of the intercepted numbers reported."
                    ),
                ),
                (
                    "intercepted_reported",
                    models.IntegerField(
                        default=0, help_text="Incidents that reported an intercepted number."
                    ),
                ),
                (
                    "intercepted_withheld",
                    models.IntegerField(
                        default=0,
                        help_text="Incidents whose source withheld the intercepted number.",
                    ),
                ),
                (
                    "killed_sum",
                    models.BigIntegerField(
                        default=0, help_text="Sum of the killed numbers reported."
                    ),
                ),
                (
                    "killed_reported",
                    models.IntegerField(
                        default=0, help_text="Incidents that reported a killed number."
                    ),
                ),
                (
                    "killed_withheld",
                    models.IntegerField(
                        default=0, help_text="Incidents whose source withheld the killed number."
                    ),
                ),
                (
                    "injured_sum",
                    models.BigIntegerField(
                        default=0, help_text="Sum of the injured numbers reported."
                    ),
                ),
                (
                    "injured_reported",
                    models.IntegerField(
                        default=0, help_text="Incidents that reported an injured number."
                    ),
                ),
                (
                    "injured_withheld",
                    models.IntegerField(
                        default=0, help_text="Incidents whose source withheld the injured number."
                    ),
                ),
                ("date", models.DateField(help_text="The first day of the incidents' month.")),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="Part of the rollup's key.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.region",
                    ),
                ),
                (
                    "threat_type",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="Part of the rollup's key.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.threattype",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("date", "region", "threat_type", "verification"),
                        name="rollup_month_region_threat_key",
                    )
                ],
            },
        ),
        postgresql_only(APPLY, APPLY_BEFORE),
        postgresql_only(FILL),
    ]
