"""The search box reads what a reader means: every query form a reader types, on a fixture of
incidents whose texts are written in the forms statements use (table-driven; runs on PostgreSQL
and on SQLite, which promise the same results)."""

import pytest

from incidents.models import Incident
from incidents.search import parse
from tests.factories import CitationFactory, IncidentFactory, StatementFactory, region, threat

pytestmark = pytest.mark.django_db

FIXTURE = {
    # name: (region ISO code, threat slug, summary, quote, damage description)
    "kaluga": (
        "RU-KLU",
        "uav",
        "Air defence destroyed 12 targets overnight.",
        "Над территорией Калужской области перехвачены 12 беспилотных летательных аппаратов.",
        "",
    ),
    "bryansk": (
        "RU-BRY",
        "guided-aerial-bomb",
        "Debris fell on a village.",
        "Противник сбросил управляемые авиабомбы на село.",
        "",
    ),
    "belgorod": (
        "RU-BEL",
        "ballistic-missile",
        "A ballistic missile was shot down.",
        "Сбита баллистическая ракета.",
        "Windows broken in Shebekino.",
    ),
    "moscow": (
        "RU-MOW",
        "uav",
        "Targets shot down approaching the capital.",
        "Отражена атака БПЛА, летевших на столицу.",
        "",
    ),
    "crimea": (
        "UA-43",
        "cruise-missile",
        "Крылатые ракеты сбиты над полуостровом.",
        "Storm Shadow missiles intercepted.",
        "",
    ),
    "kursk": (
        "RU-KRS",
        "unknown",
        "An unidentified object was shot down.",
        "Дрон упал возле Калуги.",
        "",
    ),
    "voronezh": ("RU-VOR", "mlrs-rocket", "Rockets intercepted.", "Intercepted.", ""),
}
KALUGA = ["kaluga", "kursk"]  # Kursk's quote names Kaluga ("возле Калуги")
UAV = ["kaluga", "moscow", "kursk"]  # Kursk's quote names a drone

QUERIES = [
    ("Калужская", KALUGA),
    ("Калужской", KALUGA),
    ("калужской области", KALUGA),
    ("Калужской областью", KALUGA),
    ("Калуга", KALUGA),
    ("Калуге", KALUGA),
    ("Kaluga", KALUGA),
    ("Kaluga region", KALUGA),
    ("Kaluzhskaya", KALUGA),
    ("kaluzhskoy oblasti", KALUGA),
    ("Калузька область", KALUGA),
    ("Kalluga", KALUGA),
    ("Брянская область", ["bryansk"]),
    ("Брянской области", ["bryansk"]),
    ("Брянщини", ["bryansk"]),
    ("Brjansk", ["bryansk"]),
    ("Бєлгородської області", ["belgorod"]),
    ("Белгородом", ["belgorod"]),
    ("Belgorod region", ["belgorod"]),
    ("Shebekino", ["belgorod"]),
    ("Москва", ["moscow"]),
    ("Москвы", ["moscow"]),
    ("Moscow", ["moscow"]),
    ("Крымом", ["crimea"]),
    ("Крим", ["crimea"]),
    ("Simferopol", ["crimea"]),
    ("Воронежской", ["voronezh"]),
    ("беспилотник", UAV),
    ("беспилотников", UAV),
    ("БПЛА", UAV),
    ("дрон", UAV),
    ("drones", UAV),
    ("UAV", UAV),
    ("безпілотник", UAV),
    ("безпілотників", UAV),
    ("БпЛА", UAV),
    ("КАБ", ["bryansk"]),
    ("управляемая авиабомба", ["bryansk"]),
    ("керована авіабомба", ["bryansk"]),
    ("guided bomb", ["bryansk"]),
    ("крылатая ракета", ["crimea"]),
    ("ballistic missile", ["belgorod"]),
    ("HIMARS", ["voronezh"]),
    ('"над территорией"', ["kaluga"]),
    ('"реактивные снаряды"', ["voronezh"]),
    ('"территорией над"', []),
    ("беспилотник -Москва", ["kaluga", "kursk"]),
    ("дрон -Калуга", ["moscow"]),
    ("Калуга or Москва", ["kaluga", "kursk", "moscow"]),
    ("Калуга дрон", KALUGA),
    ("Kalu", KALUGA),
    ("перехвачены", ["kaluga"]),
    ("ПЕРЕХВАЧЕНЫ", ["kaluga"]),
    ("кабель", []),
    ("forty", []),
]


@pytest.fixture
def incidents():
    made = {}
    for name, (code, slug, summary, quote, damage) in FIXTURE.items():
        incident = IncidentFactory(
            region=region(code),
            threat_type=threat(slug),
            summary=summary,
            damage_description=damage,
            cited=False,
        )
        CitationFactory(incident=incident, quote=quote)
        made[name] = incident.pk
    # A statement's own words are searchable though no quote repeats them.
    statement = StatementFactory(text="Над Воронежской областью сбиты реактивные снаряды HIMARS.")
    CitationFactory(
        incident=Incident.objects.get(pk=made["voronezh"]),
        source=statement.source,
        url=statement.url,
        statement=statement,
        quote="Сбиты снаряды.",
    )
    return made


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_a_query_finds_what_the_reader_means(incidents, query, expected):
    found = set(Incident.objects.published().search(query).values_list("pk", flat=True))
    assert found == {incidents[name] for name in expected}


def test_at_least_thirty_queries_are_tried():
    assert len(QUERIES) >= 30


def test_a_query_is_read_into_terms():
    clauses = parse('Калужской области "над территорией" -Москва БПЛА or дрон')
    assert [[(t.text, t.negated, t.phrase) for t in clause] for clause in clauses] == [
        [("калужской области", False, False)],
        [("над территорией", False, True)],
        [("москва", True, False)],
        [("бпла", False, False), ("дрон", False, False)],
    ]
    assert {c.slug for c in clauses[0][0].concepts} == {"kaluga-oblast"}


@pytest.mark.parametrize("query", ["Калужской", "БПЛА -Москва", '"над территорией"', "Brjansk"])
def test_the_table_the_csv_and_the_overview_find_the_same(client, incidents, query):
    import csv
    import io

    from django.http import QueryDict
    from django.urls import reverse

    from tests.conftest import table_ids

    params = QueryDict(mutable=True)
    params["q"] = query
    table, count = table_ids(client, params)
    response = client.get(reverse("dashboard:export-csv"), {"q": query})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    csv_ids = {int(row["id"]) for row in csv.DictReader(io.StringIO(text))}
    overview = client.get(reverse("dashboard:overview"), {"q": query}, follow=True)
    expected = set(Incident.objects.published().search(query).values_list("pk", flat=True))
    assert expected  # each query finds something
    assert set(table) == csv_ids == expected
    assert count == overview.context["totals"].incidents == len(expected)
    newest = Incident.objects.filter(pk__in=expected).order_by("-date", "-id")
    assert [i.pk for i in overview.context["latest"]] == [i.pk for i in newest[:10]]


@pytest.mark.parametrize("query", ["Калужской", "БПЛА -Москва", "дрон"])
def test_the_newest_of_a_few_found_first_are_the_newest(incidents, query):
    found = Incident.objects.published().search(query)
    walked = [i.pk for i in found.newest(2)]
    assert len(walked) == 2
    assert [i.pk for i in found.newest(2, among=len(walked))] == walked


def table(client, **params):
    from django.urls import reverse

    response = client.get(reverse("dashboard:incident-list"), params, follow=True)
    assert response.status_code == 200
    return response.content.decode().replace("&amp;", "&")


def test_a_search_naming_a_region_offers_it_as_the_filter(client, incidents):
    html = table(client, q="Калужской дрон")
    assert 'id="search-regions"' in html
    assert "?q=дрон&region=kaluga-oblast" in html.replace("%D0%B4%D1%80%D0%BE%D0%BD", "дрон")
    assert 'id="search-regions"' not in table(client, q="дрон")


def test_a_search_that_finds_nothing_says_so_and_suggests_what_is_near(client, incidents):
    html = table(client, q="Kalugx")
    assert 'id="search-nothing"' in html and "Kaluga Oblast" in html
    html = table(client, q="Калужской", threat="ballistic-missile")
    assert "without the other filters: 2 incidents" in html
    assert 'id="search-nothing"' not in table(client, q="Калужской")


@pytest.mark.parametrize(
    ("language", "name"), [("ru", "Калужская область"), ("uk", "Калузька область")]
)
def test_search_hints_name_regions_in_the_pages_language(client, incidents, language, name):
    response = client.get(f"/{language}/incidents/", {"q": "Калужской дрон"})
    assert f"{name}" in response.content.decode().split('id="search-regions"')[1]
    response = client.get(f"/{language}/incidents/", {"q": "Kalugx"})
    nothing = response.content.decode().split('id="search-nothing"')[1]
    assert name in nothing and "Kaluga Oblast" not in nothing


def test_a_searched_table_costs_the_same_queries_whatever_the_data(client, incidents):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost():
        with CaptureQueriesContext(connection) as queries:
            table(client, q="Калужской -Москва", sort="date")
        return len(queries)

    before = cost()
    for _ in range(5):
        IncidentFactory(region=region("RU-KLU"), summary="Калуга: сбит беспилотник.")
    assert cost() == before


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Калужской", "kaluga-oblast"),
        ("Kalu", "kaluga-oblast"),
        ("безпілот", "uav"),
        ("КАБ", "guided-aerial-bomb"),
    ],
)
def test_the_search_box_suggests_regions_and_threat_types(
    client, django_assert_num_queries, typed, first
):
    from django.urls import reverse

    with django_assert_num_queries(0):
        response = client.get(reverse("dashboard:search-suggest"), {"q": typed})
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert suggestions[0]["slug"] == first
    assert suggestions[0]["filter"].endswith("=" + first)


def test_suggestions_take_any_input_without_failing(client):
    from django.urls import reverse

    for typed in ("", "a", "\x00", "x" * 5000, '"-or'):
        response = client.get(reverse("dashboard:search-suggest"), {"q": typed})
        assert response.status_code == 200
