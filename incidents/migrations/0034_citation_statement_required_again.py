"""Citation.statement NOT NULL again, as 0029 made it: the synthetic loader now writes each
citation's statement too (0032 had relaxed it for the old loader; 0033 linked what it wrote)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("incidents", "0033_link_citations_again")]

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
                verbose_name="statement",
            ),
        ),
    ]
