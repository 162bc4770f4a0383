"""The vocabularies a fresh database starts with."""

import importlib

import pycountry
import pytest
from django.contrib.auth.models import Group
from django.utils.text import slugify

from incidents.models import DamageType, Region, ThreatType

pytestmark = pytest.mark.django_db


SEED = importlib.import_module("incidents.migrations.0002_seed_vocabularies")
MORE_SEAS = importlib.import_module("incidents.migrations.0026_caspian_baltic_anti_radiation")
# pycountry's subdivision type -> Region.kind
KIND_OF_ISO_TYPE = {
    "Republic": "republic",
    "Administrative region": "oblast",
    "Administrative territory": "krai",
    "Autonomous city": "federal_city",
    "Autonomous region": "autonomous_oblast",
    "Autonomous district": "autonomous_okrug",
}


def test_the_seeded_regions_are_the_migrations_frozen_table_row_for_row():
    seeded = list(
        Region.objects.order_by("pk").values_list(
            "iso_code", "name", "name_ru", "iso_name", "kind", "slug"
        )
    )
    frozen = [(*row, slugify(row[1].replace("–", "-"))) for row in SEED.REGIONS]
    # then the seas migration 0026 adds, frozen there
    frozen += [("", name, ru, "", "water_area", slug) for slug, name, ru, _ in MORE_SEAS.SEAS]
    assert seeded == frozen


def test_the_frozen_table_is_what_the_installed_pycountry_lists():
    """Fails when a pycountry upgrade changes ISO 3166-2:RU (or a listed UA code): the seed
    keeps its rows, and a new migration brings the record's regions up to date."""
    frozen = {code: (iso_name, kind) for code, _, _, iso_name, kind in SEED.REGIONS if code}
    listed = {
        s.code: (s.name, KIND_OF_ISO_TYPE[s.type])
        for s in pycountry.subdivisions.get(country_code="RU")
    }
    for code in ("UA-43", "UA-40"):
        listed[code] = (pycountry.subdivisions.get(code=code).name, frozen[code][1])
    assert frozen == listed


def test_every_iso_subdivision_of_russia_is_seeded():
    iso_codes = {s.code for s in pycountry.subdivisions.get(country_code="RU")}
    seeded = set(
        Region.objects.filter(iso_code__startswith="RU-").values_list("iso_code", flat=True)
    )
    assert seeded == iso_codes
    assert len(seeded) == 83


@pytest.mark.parametrize(
    ("code", "name", "name_ru", "iso_name", "kind"),
    [
        ("RU-KLU", "Kaluga Oblast", "Калужская область", "Kaluzhskaya oblast'", "oblast"),
        ("RU-MOW", "Moscow", "Москва", "Moskva", "federal_city"),
        ("RU-VOR", "Voronezh Oblast", "Воронежская область", "Voronezhskaya oblast'", "oblast"),
        ("RU-BEL", "Belgorod Oblast", "Белгородская область", "Belgorodskaya oblast'", "oblast"),
        (
            "RU-TA",
            "Republic of Tatarstan",
            "Республика Татарстан",
            "Tatarstan, Respublika",
            "republic",
        ),
        ("RU-ALT", "Altai Krai", "Алтайский край", "Altayskiy kray", "krai"),
        ("UA-43", "Crimea", "Крым", "Avtonomna Respublika Krym", "republic"),
        ("UA-40", "Sevastopol", "Севастополь", "Sevastopol", "city"),
    ],
)
def test_known_regions_have_names_in_both_languages(code, name, name_ru, iso_name, kind):
    seeded = Region.objects.get(iso_code=code)
    assert (seeded.name, seeded.name_ru, seeded.iso_name, seeded.kind) == (
        name,
        name_ru,
        iso_name,
        kind,
    )


def test_water_areas_are_seeded_without_iso_codes():
    water = Region.objects.filter(kind="water_area")
    assert set(water.values_list("name", "iso_code")) == {
        ("Black Sea", ""),
        ("Sea of Azov", ""),
        ("Caspian Sea", ""),
        ("Baltic Sea", ""),
    }


def test_every_region_has_a_russian_name_in_cyrillic():
    for region in Region.objects.all():
        assert any("а" <= ch.lower() <= "я" for ch in region.name_ru), region


def test_threat_and_damage_vocabularies():
    assert {
        "uav",
        "fpv-drone",
        "cruise-missile",
        "ballistic-missile",
        "guided-aerial-bomb",
        "high-speed-air-target",
        "unknown",
    } <= set(ThreatType.objects.values_list("slug", flat=True))
    assert {
        "none-reported",
        "residential",
        "public-building",
        "infrastructure",
        "energy",
        "fire",
        "vehicles",
        "industrial",
        "air-travel-disruption",
    } <= set(DamageType.objects.values_list("slug", flat=True))


def test_editorial_groups_exist_and_only_chief_editors_publish():
    editors = Group.objects.get(name="Editors")
    chiefs = Group.objects.get(name="Chief editors")
    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    chief_perms = set(chiefs.permissions.values_list("codename", flat=True))
    assert "publish_incident" not in editor_perms
    assert "publish_incident" in chief_perms
    assert {"add_incident", "change_incident", "add_citation", "view_region"} <= editor_perms
    assert editor_perms < chief_perms
