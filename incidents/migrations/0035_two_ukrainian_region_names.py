"""Two Ukrainian region names 0025 took from pycountry's catalogue were another region's:
Krasnoyarsk Krai was "Краснодарський край" (Krasnodar Krai's), Sakha "Республіка Алтай"."""

from django.db import migrations

CORRECTED = {
    "krasnoyarsk-krai": ("Краснодарський край", "Красноярський край"),
    "sakha-republic-yakutia": ("Республіка Алтай", "Республіка Саха (Якутія)"),
}


def correct(apps, schema_editor):
    Region = apps.get_model("incidents", "Region")
    for slug, (wrong, right) in CORRECTED.items():
        Region.objects.filter(slug=slug, name_uk=wrong).update(name_uk=right)


def uncorrect(apps, schema_editor):
    Region = apps.get_model("incidents", "Region")
    for slug, (wrong, right) in CORRECTED.items():
        Region.objects.filter(slug=slug, name_uk=right).update(name_uk=wrong)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0034_citation_statement_required_again")]

    operations = [migrations.RunPython(correct, uncorrect)]
