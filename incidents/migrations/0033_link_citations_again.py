"""Citations written without a statement while 0032 allowed it (synthetic rows of the old
loader) are linked as 0028 linked them, before 0034 makes the statement required again."""

from importlib import import_module

from django.db import migrations

LINK = import_module("incidents.migrations.0028_link_citations_left_without_statement")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0032_citation_statement_nullable_for_synthetic_rows")]

    operations = [migrations.RunPython(LINK.forward, migrations.RunPython.noop)]
