"""A claimed figure is a (number, state) pair like every figure of the record; the states
were filled in by 0021 before these checks hold them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("incidents", "0021_citations_to_statements")]

    operations = [
        migrations.AddConstraint(
            model_name="citation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("claimed_intercepted_status__in", ["reported", "not_reported", "withheld"])
                ),
                name="citation_claimed_intercepted_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="citation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("claimed_intercepted__isnull", False),
                        ("claimed_intercepted_status", "reported"),
                    ),
                    models.Q(
                        models.Q(("claimed_intercepted_status", "reported"), _negated=True),
                        ("claimed_intercepted__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="citation_claimed_intercepted_matches_status",
            ),
        ),
    ]
