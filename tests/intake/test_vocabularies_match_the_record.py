"""The parser's vocabularies and the migrated database name the same regions, threat types and
damage types (codes, slugs, names, kinds): a region seeded but unknown to the parser, or a slug
the parser proposes that the record lacks, fails here."""

import pytest

from incidents.models import DamageType, Region, ThreatType
from incidents.vocabularies import damage, regions, threats

pytestmark = pytest.mark.django_db


def test_every_seeded_region_is_in_the_vocabulary_and_nothing_else():
    seeded = set(Region.objects.values_list("iso_code", "slug", "name", "name_ru", "kind"))
    known = {(r.code, r.slug, r.name_en, r.name_ru, r.kind) for r in regions.REGIONS}
    assert seeded == known


def test_every_seeded_threat_type_is_known_and_nothing_else():
    seeded = set(ThreatType.objects.values_list("slug", flat=True))
    assert seeded == {t.slug for t in threats.THREATS}


def test_every_seeded_damage_type_is_known_and_nothing_else():
    seeded = set(DamageType.objects.values_list("slug", flat=True))
    assert seeded == {d.slug for d in damage.DAMAGE}


def test_aliases_name_regions_of_the_vocabulary():
    for table in (regions.ALIASES_RU, regions.ALIASES_EN):
        assert set(table) <= set(regions.BY_SLUG)
