"""Citation.statement nullable again: the benchmark's synthetic loader (bench/synthetic, by COPY
on PostgreSQL and bulk_create elsewhere) writes citations without statements, which 0029 refused.
Every citation written through the services still gets its statement; 0028's links stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("incidents", "0031_field_names_in_the_editors_language")]

    operations = [
        migrations.AlterField(
            model_name="citation",
            name="statement",
            field=models.ForeignKey(
                blank=True,
                null=True,
                help_text=(
                    "The statement that makes this claim (the one of this source and URL); set "
                    "by the record, never typed."
                ),
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="incidents.statement",
                verbose_name="statement",
            ),
        ),
    ]
