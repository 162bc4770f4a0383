"""A monthly rollup per region, kept by the same trigger function as the daily ones (now
generated here, table by table): a wide date range sums its whole months from 30 x fewer rows.
"""

import django.db.models.deletion
from django.db import migrations, models

COUNTS = ("intercepted", "killed", "injured")
COLUMNS = ["incidents"] + [f"{c}_{p}" for c in COUNTS for p in ("sum", "reported", "withheld")]
# (table, key columns, the key's date): what incidents_rollup_apply keeps.
DAILY = [
    ("incidents_dailythreattotals", ["threat_type_id", "verification"], "r.date"),
    ("incidents_dailyregiontotals", ["region_id", "verification"], "r.date"),
    (
        "incidents_dailyregionthreattotals",
        ["region_id", "threat_type_id", "verification"],
        "r.date",
    ),
]
MONTHLY = [
    (
        "incidents_monthlyregiontotals",
        ["region_id", "verification"],
        "date_trunc('month', r.date)::date",
    )
]


def _upsert(table, keys, day):
    values = ["sign"]
    for count in COUNTS:
        values += [
            f"sign * coalesce(r.{count}, 0)",
            f"sign * (r.{count} IS NOT NULL)::int",
            f"sign * (r.{count}_status = 'withheld')::int",
        ]
    key_values = [day, *(f"r.{key}" for key in keys)]
    sets = ",\n    ".join(f"{c} = t.{c} + EXCLUDED.{c}" for c in COLUMNS)
    match = " AND ".join(
        f"{column} = {value}" for column, value in zip(["date", *keys], key_values, strict=True)
    )
    return (
        f"  INSERT INTO {table} AS t (date, {', '.join(keys)}, {', '.join(COLUMNS)})\n"
        f"  VALUES ({', '.join(key_values + values)})\n"
        f"  ON CONFLICT (date, {', '.join(keys)}) DO UPDATE SET\n    {sets};\n"
        f"  DELETE FROM {table} WHERE {match} AND incidents = 0;\n"
    )


def apply_function(tables):
    """incidents_rollup_apply(r, sign): r's contribution, times sign, added to every rollup
    (upserts, so concurrent writes to one day add up), rows left at zero incidents removed."""
    body = "".join(_upsert(*table) for table in tables)
    return (
        "CREATE OR REPLACE FUNCTION incidents_rollup_apply(r incidents_incident, sign integer)\n"
        "RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n"
        "  IF r.status <> 'published' THEN\n    RETURN;\n  END IF;\n"
        f"{body}END\n$$;"
    )


def postgresql_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def fill(apps, schema_editor):
    """Every rollup recomputed from the published incidents, with this migration's own SQL
    (not the current code's, which may know tables that later migrations add)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    aggregates = ["count(*)"]
    for count in COUNTS:
        aggregates += [
            f"coalesce(sum({count}), 0)",
            f"count({count})",
            f"count(*) FILTER (WHERE {count}_status = 'withheld')",
        ]
    for table, keys, day in DAILY + MONTHLY:
        day = day.replace("r.", "")
        positions = ", ".join(str(n) for n in range(1, len(keys) + 2))
        schema_editor.execute(f"TRUNCATE {table}")
        schema_editor.execute(
            f"INSERT INTO {table} (date, {', '.join(keys)}, {', '.join(COLUMNS)}) "
            f"SELECT {day}, {', '.join(keys)}, {', '.join(aggregates)} "
            f"FROM incidents_incident WHERE status = 'published' GROUP BY {positions}"
        )


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
        migrations.RunPython(
            postgresql_only(apply_function(DAILY + MONTHLY)),
            postgresql_only(apply_function(DAILY)),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
