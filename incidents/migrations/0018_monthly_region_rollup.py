"""A monthly rollup per region, kept by the same trigger function as the daily ones: a wide
date range sums its whole months from 30 x fewer rows.

The SQL is frozen here as text: a migration never imports current code, which may know tables
later migrations add. incidents/rollup_sql.py is the one definition that generates it; a test
holds the function the database runs after the last migration equal to what it generates now.
"""

import django.db.models.deletion
from django.db import migrations, models

from incidents.migrations._postgresql import postgresql_only

# incidents_rollup_apply keeping the daily rollups and the monthly one.
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
END
$$;"""

# What 0015 installed: the daily rollups only.
APPLY_BEFORE = """CREATE OR REPLACE FUNCTION incidents_rollup_apply(r incidents_incident, sign integer)
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
END
$$;"""

# Every rollup recomputed from the published incidents.
FILL = [
    "TRUNCATE incidents_dailythreattotals",
    "INSERT INTO incidents_dailythreattotals (date, threat_type_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld) SELECT date, threat_type_id, verification, count(*), coalesce(sum(intercepted), 0), count(intercepted), count(*) FILTER (WHERE intercepted_status = 'withheld'), coalesce(sum(killed), 0), count(killed), count(*) FILTER (WHERE killed_status = 'withheld'), coalesce(sum(injured), 0), count(injured), count(*) FILTER (WHERE injured_status = 'withheld') FROM incidents_incident WHERE status = 'published' GROUP BY 1, 2, 3",
    "TRUNCATE incidents_dailyregiontotals",
    "INSERT INTO incidents_dailyregiontotals (date, region_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld) SELECT date, region_id, verification, count(*), coalesce(sum(intercepted), 0), count(intercepted), count(*) FILTER (WHERE intercepted_status = 'withheld'), coalesce(sum(killed), 0), count(killed), count(*) FILTER (WHERE killed_status = 'withheld'), coalesce(sum(injured), 0), count(injured), count(*) FILTER (WHERE injured_status = 'withheld') FROM incidents_incident WHERE status = 'published' GROUP BY 1, 2, 3",
    "TRUNCATE incidents_dailyregionthreattotals",
    "INSERT INTO incidents_dailyregionthreattotals (date, region_id, threat_type_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld) SELECT date, region_id, threat_type_id, verification, count(*), coalesce(sum(intercepted), 0), count(intercepted), count(*) FILTER (WHERE intercepted_status = 'withheld'), coalesce(sum(killed), 0), count(killed), count(*) FILTER (WHERE killed_status = 'withheld'), coalesce(sum(injured), 0), count(injured), count(*) FILTER (WHERE injured_status = 'withheld') FROM incidents_incident WHERE status = 'published' GROUP BY 1, 2, 3, 4",
    "TRUNCATE incidents_monthlyregiontotals",
    "INSERT INTO incidents_monthlyregiontotals (date, region_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld) SELECT date_trunc('month', date)::date, region_id, verification, count(*), coalesce(sum(intercepted), 0), count(intercepted), count(*) FILTER (WHERE intercepted_status = 'withheld'), coalesce(sum(killed), 0), count(killed), count(*) FILTER (WHERE killed_status = 'withheld'), coalesce(sum(injured), 0), count(injured), count(*) FILTER (WHERE injured_status = 'withheld') FROM incidents_incident WHERE status = 'published' GROUP BY 1, 2, 3",
]


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0017_rollup_covering_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyRegionTotals",
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
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("date", "region", "verification"), name="rollup_month_region_key"
                    )
                ],
            },
        ),
        postgresql_only(APPLY, APPLY_BEFORE),
        postgresql_only(FILL),
    ]
