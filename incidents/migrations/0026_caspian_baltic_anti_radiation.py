"""The Caspian and Baltic seas (water areas statements name, as the Black Sea and the Sea of
Azov) and the anti-radiation missile ("противорадиолокационные ракеты HARM", a threat type the
ministry counts apart), with their Russian and Ukrainian names.

Frozen here, not read from the vocabularies, so this migration never changes with the code. A
row an editor already added under the same slug or name is left as it is.
"""

from django.db import migrations
from django.db.models import Q

SEAS = (
    # slug, English, Russian, Ukrainian
    ("caspian-sea", "Caspian Sea", "Каспийское море", "Каспійське море"),
    ("baltic-sea", "Baltic Sea", "Балтийское море", "Балтійське море"),
)
THREAT = {
    "slug": "anti-radiation-missile",
    "name": "Anti-radiation missile",
    "name_ru": "Противорадиолокационная ракета",
    "name_uk": "Протирадіолокаційна ракета",
    "description": "A missile that homes on radar emissions (e.g. HARM).",
    "description_ru": "Ракета, наводящаяся на излучение радаров (например, HARM).",
    "description_uk": "Ракета, що наводиться на випромінювання радарів (наприклад, HARM).",
}


def add(apps, schema_editor):
    Region = apps.get_model("incidents", "Region")
    ThreatType = apps.get_model("incidents", "ThreatType")
    for slug, name, name_ru, name_uk in SEAS:
        if Region.objects.filter(Q(slug=slug) | Q(name=name)).exists():
            continue
        Region.objects.create(
            slug=slug,
            name=name,
            name_ru=name_ru,
            name_uk=name_uk,
            iso_name="",
            iso_code="",
            kind="water_area",
        )
    if not ThreatType.objects.filter(Q(slug=THREAT["slug"]) | Q(name=THREAT["name"])).exists():
        # After the missiles, before the bombs: the other threat types move down one.
        after = ThreatType.objects.filter(slug="ballistic-missile").first()
        position = after.position + 1 if after else ThreatType.objects.count()
        for row in ThreatType.objects.filter(position__gte=position).order_by("-position"):
            row.position += 1
            row.save(update_fields=["position"])
        ThreatType.objects.create(position=position, **THREAT)


def remove(apps, schema_editor):
    Region = apps.get_model("incidents", "Region")
    ThreatType = apps.get_model("incidents", "ThreatType")
    Region.objects.filter(slug__in=[s[0] for s in SEAS], incidents__isnull=True).delete()
    ThreatType.objects.filter(slug=THREAT["slug"], incidents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0025_vocabulary_languages")]

    operations = [migrations.RunPython(add, remove)]
