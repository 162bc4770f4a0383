"""Roles after history, corrections and imports arrived.

Editors may look at the history of incidents and citations and at corrections; chief editors
may also commit imports (editors may only preview them).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NEW = {
    "Editors": [
        "view_historicalincident",
        "view_historicalcitation",
        "view_correction",
    ],
    "Chief editors": [
        "view_historicalincident",
        "view_historicalcitation",
        "view_correction",
        "import_incidents",
    ],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("incidents")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in NEW.items():
        permissions = Permission.objects.filter(
            content_type__app_label="incidents", codename__in=codenames
        )
        if permissions.count() != len(codenames):
            raise RuntimeError(f"Missing permissions for group {name}")
        Group.objects.get(name=name).permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in NEW.items():
        Group.objects.get(name=name).permissions.remove(
            *Permission.objects.filter(content_type__app_label="incidents", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0005_history_corrections_verification")]

    operations = [migrations.RunPython(grant, revoke)]
