"""A citation is always a claim of a statement: Citation.statement is NOT NULL (0028 linked the
citations left without one)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("incidents", "0028_link_citations_left_without_statement")]

    operations = [
        migrations.AlterField(
            model_name="citation",
            name="statement",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The statement that makes this claim (the one of this source and URL); set "
                    "by the record, never typed."
                ),
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="incidents.statement",
            ),
        ),
    ]
