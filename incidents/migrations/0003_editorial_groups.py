"""The two editorial roles, as groups with exactly the permissions each needs.

Editors enter and correct incidents, citations and sources, and may add regions; they cannot
publish, unpublish or retract. Chief editors can also publish, unpublish and retract, and extend the
threat and damage vocabularies. Nobody deletes a published incident: the admin allows deleting
drafts only, whatever the permission says.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "view_incident",
    "add_incident",
    "change_incident",
    "delete_incident",
    "view_citation",
    "add_citation",
    "change_citation",
    "delete_citation",
    "view_source",
    "add_source",
    "change_source",
    "view_region",
    "add_region",
    "change_region",
    "view_threattype",
    "view_damagetype",
]
CHIEF_EDITOR_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    "publish_incident",
    "add_threattype",
    "change_threattype",
    "add_damagetype",
    "change_damagetype",
]
GROUPS = {"Editors": EDITOR_PERMISSIONS, "Chief editors": CHIEF_EDITOR_PERMISSIONS}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so the groups
    # can refer to them on a fresh database.
    app_config = apps.get_app_config("incidents")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="incidents", codename__in=codenames
        )
        if permissions.count() != len(codenames):
            raise RuntimeError(f"Missing permissions for group {name}")
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0002_seed_vocabularies"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
