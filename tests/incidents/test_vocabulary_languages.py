"""The vocabularies in three languages (migration 0025): regions' Ukrainian names from the ISO
3166-2 translations, threat and damage types in Russian and Ukrainian; pages show the reader's
language, a search finds a region by any of its names, and the files carry all three."""

import csv
import gettext
import io

import pycountry
import pytest
from django.utils import translation

from incidents.models import DamageType, Region, ThreatType
from tests.factories import IncidentFactory, damage, region, threat

pytestmark = pytest.mark.django_db


# The catalogue's two names that are another region's (migrations 0025 and 0035 correct them):
# slug -> (the catalogue's, ours).
CATALOGUE_ERRORS = {
    "krasnoyarsk-krai": ("Краснодарський край", "Красноярський край"),
    "sakha-republic-yakutia": ("Республіка Алтай", "Республіка Саха (Якутія)"),
}


def test_every_region_has_a_ukrainian_name_from_iso_3166_2_where_it_has_one():
    catalogue = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["uk"])
    regions = Region.objects.all()
    assert regions.count() >= 87
    for row in regions:
        assert row.name_uk, row.slug
        if row.iso_code:
            listed = catalogue.gettext(pycountry.subdivisions.get(code=row.iso_code).name)
            if row.slug in CATALOGUE_ERRORS:
                # Fails once pycountry corrects it: then take the catalogue's name again.
                assert (listed, row.name_uk) == CATALOGUE_ERRORS[row.slug], row.slug
            else:
                assert row.name_uk == listed, row.slug
    assert Region.objects.get(slug="black-sea").name_uk == "Чорне море"


def test_every_threat_and_damage_type_has_russian_and_ukrainian_names():
    for model in (ThreatType, DamageType):
        for row in model.objects.all():
            assert row.name_ru and row.name_uk, row.slug
            assert bool(row.description_ru) == bool(row.description) == bool(row.description_uk)


@pytest.mark.parametrize(
    ("language", "name"),
    [("en", "Bryansk Oblast"), ("ru", "Брянская область"), ("uk", "Брянська область")],
)
def test_a_vocabulary_names_itself_in_the_readers_language(language, name):
    with translation.override(language):
        assert str(region("RU-BRY")) == name
        assert threat("uav").local_name == {"en": "UAV", "ru": "БПЛА", "uk": "БпЛА"}[language]


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("ru", ["Брянская область", "БПЛА", "Пожар"]),
        ("uk", ["Брянська область", "БпЛА", "Пожежа"]),
    ],
)
def test_pages_show_the_vocabularies_in_their_language(client, language, names):
    incident = IncidentFactory(region=region("RU-BRY"), threat_type=threat("uav"))
    incident.damage_types.set(damage("fire"))
    for address in (f"/{language}/incidents/", incident.get_absolute_url()):
        page = client.get(address.replace("/en/", f"/{language}/")).content.decode()
        for name in names:
            assert name in page, (address, name)


@pytest.mark.parametrize("query", ["Брянск", "Брянськ", "Bryansk"])
def test_a_search_by_a_regions_name_in_any_language_finds_it(client, query):
    bryansk = IncidentFactory(region=region("RU-BRY"))
    IncidentFactory(region=region("RU-KLU"))
    for language in ("en", "ru", "uk"):
        response = client.get(f"/{language}/incidents/", {"q": query})
        assert [row.pk for row in response.context["page"].items] == [bryansk.pk]


def test_the_region_picker_finds_a_region_by_its_ukrainian_name(client):
    page = client.get("/en/incidents/").content.decode()
    assert "брянська область" in page.casefold()


def body(response):
    return b"".join(response).decode()


def test_the_files_carry_region_names_in_all_three_languages(client):
    IncidentFactory(region=region("RU-BRY"), intercepted=3)
    rows = list(csv.DictReader(io.StringIO(body(client.get("/incidents.csv")))))
    assert (rows[0]["region"], rows[0]["region_ru"], rows[0]["region_uk"]) == (
        "Bryansk Oblast",
        "Брянская область",
        "Брянська область",
    )
    totals = list(csv.DictReader(io.StringIO(body(client.get("/regions.csv")))))
    assert (totals[0]["region_ru"], totals[0]["region_uk"]) == (
        "Брянская область",
        "Брянська область",
    )
    regions = body(client.get("/data/regions.csv"))
    assert "Брянська область" in regions
    package = client.get("/data/datapackage.json").json()
    assert package["languages"] == ["en", "ru", "uk"]
    assert package["x-language-variants"]["incidents"]["region_uk"] == "uk"
