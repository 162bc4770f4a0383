"""A published incident is no longer taken back to draft (its page would vanish without a word):
the publishing permission's name says what it allows now, in databases made before too."""

from django.db import migrations

OLD = "Can publish, unpublish and retract incidents"
NEW = "Can publish, retract and re-publish incidents"


def rename(old, new):
    def run(apps, schema_editor):
        apps.get_model("auth", "Permission").objects.filter(
            codename="publish_incident", content_type__app_label="incidents", name=old
        ).update(name=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0018_monthly_region_rollup"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="incident",
            options={
                "ordering": ["-date", "-id"],
                "permissions": [
                    ("publish_incident", NEW),
                    ("import_incidents", "Can commit imports of incidents"),
                ],
            },
        ),
        migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD)),
    ]
